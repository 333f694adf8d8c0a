// HTTP contracts of the bounty board and the sinks of GAME §4.5.
import { z } from 'zod';
import { ResourceAmount } from '../messages/amounts';

/** Bounty kinds (GAME §4.5): liberate a territory, verify an intel claim in a category, solve a challenge. */
export const BountyKindSchema = z.enum(['liberate_territory', 'verify_intel', 'solve_challenge']);
/** Resources a bounty may pay: the tradeable ones. */
export const BountyResourceSchema = z.enum(['resistance_credits', 'cpu_cycles', 'data_credits', 'liberation_keys']);

/** POST /api/bounties — post a bounty; the reward is escrowed at once. */
export const PostBountyBody = z.object({
  title: z.string().trim().min(3).max(120),
  kind: BountyKindSchema,
  /** A territory id (`t-3_-2`), an intel category slug or a challenge id, by kind. */
  target: z.string().min(2).max(64),
  resource: BountyResourceSchema,
  amount: ResourceAmount,
  /** How long it runs, in game hours (1 … 720). */
  hours: z.number().int().min(1).max(720),
  /** A retry with the same key returns the first bounty and escrows nothing more. */
  requestKey: z.string().min(1).max(64).optional(),
}).strict();
export type PostBountyBody = z.infer<typeof PostBountyBody>;

/** POST /api/bounties/:id/claim — stakes one truth_token; the server checks the fulfilment. */
export const ClaimBountyBody = z.object({}).strict();
export type ClaimBountyBody = z.infer<typeof ClaimBountyBody>;

/** A bounty on the board. */
export interface BountyDto {
  id: string;
  title: string;
  kind: z.infer<typeof BountyKindSchema>;
  target: string;
  /** A readable name of the target (territory name, category, challenge title). */
  targetLabel: string;
  resource: z.infer<typeof BountyResourceSchema>;
  amount: string;
  posterId: string;
  posterName: string;
  status: 'open' | 'paid' | 'refunded';
  createdAt: number;
  deadline: number;
  settledAt: number | null;
  claimantName: string | null;
  mine: boolean;
}

/** GET /api/bounties */
export interface BountyListResponse {
  open: BountyDto[];
  /** The viewer's own bounties and the ones they were paid, newest first. */
  mine: BountyDto[];
}

/** POST /api/bounties/:id/claim when the claim is accepted. */
export interface BountyClaimResponse {
  bounty: BountyDto;
  /** The reward paid to the claimant. */
  paid: { resource: string; amount: string };
}

/** POST /api/challenges/:id/hint */
export interface ChallengeHintResponse {
  challengeId: string;
  text: string;
  suspects: string[] | null;
  /** data_credits burned by this call (0 when the player had bought this hint before). */
  cost: string;
}
