// HTTP contracts of collective intelligence and skill challenges (GAME §6.3, §6.4).
import { z } from 'zod';
import { amountNumber } from '../messages/amounts';

const Category = z.string().regex(/^[a-z0-9_]{2,32}$/, '2–32 of a-z, 0-9, _');
const Evidence = z.string().max(2000);

/** POST /api/intel — submit a fragment (creates the claim, or confirms an existing claim key). */
export const SubmitIntelBody = z.object({
  category: Category,
  claim: z.string().min(3).max(280),
  evidence: Evidence.default(''),
  /** File it inside this investigation operation: costs `investigation_action_cpu_cycles` (GAME §4.5). */
  operationId: z.string().uuid().optional(),
}).strict();
export type SubmitIntelBody = z.infer<typeof SubmitIntelBody>;

/** POST /api/intel/:id/confirm */
export const ConfirmIntelBody = z.object({ evidence: Evidence.default(''), operationId: z.string().uuid().optional() }).strict();
export type ConfirmIntelBody = z.infer<typeof ConfirmIntelBody>;

/** POST /api/challenges — a custom challenge (influence ≥ 100, reward ≤ influence). */
export const CreateChallengeBody = z.object({
  title: z.string().min(3).max(120),
  description: z.string().min(1).max(4000),
  answer: z.string().min(1).max(200),
  rewardPoints: amountNumber({ max: 100_000 }),
  /** ISO timestamps; `startsAt` defaults to now. */
  startsAt: z.string().datetime({ offset: true }).optional(),
  endsAt: z.string().datetime({ offset: true }),
}).strict();
export type CreateChallengeBody = z.infer<typeof CreateChallengeBody>;

/** POST /api/challenges/:id/solve */
export const SolveChallengeBody = z.object({ answer: z.string().min(1).max(200) }).strict();
export type SolveChallengeBody = z.infer<typeof SolveChallengeBody>;

/** A claim on the intel board. */
export interface IntelClaimDto {
  id: string;
  category: string;
  claimKey: string;
  claimText: string;
  submitterName: string;
  confirmations: number;
  createdAt: number;
  verifiedAt: number | null;
  operationId: string | null;
  confirmedByMe: boolean;
}

/** What each contributor of a verified pattern received. */
export interface VerifiedPatternDto {
  claimId: string;
  category: string;
  claimText: string;
  contributors: number;
  truthScore: number;
  truthTokens: string;
  dataCredits: string;
}

/** Answer of POST /api/intel and /api/intel/:id/confirm. */
export interface IntelActionResponse {
  claim: IntelClaimDto;
  created: boolean;
  verified: VerifiedPatternDto | null;
}

/** One record of a generated puzzle's table. */
export interface ChallengeRecordDto {
  id: string;
  serial: number;
  account: string;
  amount: number;
  checksum: number;
}

/** A challenge as players see it (never its answer). */
export interface ChallengeDto {
  id: string;
  kind: 'generated' | 'custom';
  title: string;
  description: string;
  difficulty: number;
  rewardPoints: number;
  data: { a: number; b: number; modulus: number; columns: string[]; records: ChallengeRecordDto[] } | null;
  startsAt: number;
  endsAt: number;
  solvedByMe: boolean;
  solves: number;
}

/** Answer of POST /api/challenges/:id/solve. */
export interface SolveChallengeResponse {
  challengeId: string;
  technicalMastery: number;
  xp: number;
  cpuCycles: string;
  firstChallenge: boolean;
}

/** The `notice` the world room relays when a pattern verifies. */
export interface IntelVerifiedNotice {
  kind: 'intel_verified';
  message: string;
  from: string;
  at: number;
  claimId: string;
  category: string;
  operationId: string | null;
}
