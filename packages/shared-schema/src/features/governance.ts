// State and message contracts of the governance feature (GAME §7, §10).
import { schema, t, type SchemaType } from '@colyseus/schema';
import { z } from 'zod';

/** An open (or just closed) proposal with its live weighted tally, as every council client sees it. */
export const CouncilProposal = schema({
  id: t.string(),
  kind: t.string(),
  title: t.string(),
  description: t.string(),
  authorName: t.string(),
  /** Registry parameter a balance/economic proposal changes ("" otherwise) and its new value. */
  parameterName: t.string(),
  parameterValue: t.float64(),
  /** open | passed | rejected */
  status: t.string(),
  createdAt: t.float64(),
  closesAt: t.float64(),
  yesWeight: t.float64(),
  noWeight: t.float64(),
  voters: t.uint32(),
  quorumBps: t.uint16(),
  thresholdBps: t.uint16(),
}, 'CouncilProposal');
export type CouncilProposal = SchemaType<typeof CouncilProposal>;

/** An election as the chamber lists it (candidates and results over HTTP). */
export const CouncilElection = schema({
  id: t.string(),
  council: t.string(),
  seats: t.uint8(),
  /** nomination | campaign | voting | counted */
  phase: t.string(),
  nominationEndsAt: t.float64(),
  campaignEndsAt: t.float64(),
  votingEndsAt: t.float64(),
  candidates: t.uint16(),
}, 'CouncilElection');
export type CouncilElection = SchemaType<typeof CouncilElection>;

/** The council chamber room's state. */
export const CouncilState = schema({
  proposals: t.map(CouncilProposal),
  elections: t.map(CouncilElection),
  /** Σ vote weight of every player (quorum denominator), refreshed periodically. */
  eligibleWeight: t.float64(),
}, 'CouncilState');
export type CouncilState = SchemaType<typeof CouncilState>;

/** Proposal kinds on the wire. */
export const ProposalKindSchema = z.enum(['feature', 'balance', 'content', 'economic', 'emergency']);

/** `propose`: submit a proposal (deposit taken at once). */
export const ProposeMessage = z.object({
  kind: ProposalKindSchema,
  title: z.string().trim().min(3).max(120),
  description: z.string().max(2000).default(''),
  parameterName: z.string().min(1).max(64).optional(),
  parameterValue: z.number().finite().optional(),
  /** Retry key: the same key never creates (or charges) twice. */
  requestKey: z.string().min(1).max(64).optional(),
}).strict();
export type ProposeMessage = z.infer<typeof ProposeMessage>;

/** `vote`: cast or change a vote until the close. */
export const ProposalVoteMessage = z.object({
  proposalId: z.string().uuid(),
  support: z.boolean(),
}).strict();
export type ProposalVoteMessage = z.infer<typeof ProposalVoteMessage>;

/** Message names of the council room, client → server. */
export const COUNCIL_MESSAGES = ['propose', 'vote'] as const;

/** `me` (server → one client): the viewer's own weight and votes. */
export interface CouncilMe {
  weight: number;
  influence: number;
  daysActive: number;
  contributionScore: number;
  councils: string[];
  /** proposal id → support */
  votes: Record<string, boolean>;
}

/** HTTP: stand in an election. */
export const ElectionStandBody = z.object({ statement: z.string().max(500).default('') }).strict();
/** HTTP: a ranked ballot of candidate player ids, first preference first. */
export const ElectionBallotBody = z.object({ ranking: z.array(z.string().min(1).max(64)).min(1).max(200) }).strict();
/** HTTP (GM): open an election; phase lengths in game days default to 7/7/3. */
export const GmOpenElectionBody = z.object({
  council: z.enum(['player', 'technical', 'creative', 'strategic']),
  nominationDays: z.number().positive().max(60).optional(),
  campaignDays: z.number().positive().max(60).optional(),
  votingDays: z.number().positive().max(60).optional(),
}).strict();
