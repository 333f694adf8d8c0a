// State and message contracts of the squads feature (GAME §2), owned by that feature.
import { schema, t, type SchemaType } from '@colyseus/schema';
import { z } from 'zod';
import { SQUAD_RECRUITMENT, SQUAD_TYPES, type SquadSummary } from '@datavism/rules';
import { ResourceAmount } from '../messages/amounts';

/** One member as the squad room shows them. */
export const SquadMemberState = schema({
  id: t.string(),
  name: t.string(),
  /** leader | officer | member */
  role: t.string(),
  online: t.boolean(),
  /** Epoch ms (seniority). */
  joinedAt: t.float64(),
  contributionScore: t.float64(),
}, 'SquadMemberState');
export type SquadMemberState = SchemaType<typeof SquadMemberState>;

/** An open (or recently closed) squad decision with its live tally. */
export const SquadDecisionState = schema({
  id: t.string(),
  /** spend | declare_siege | kick | change_recruitment | distribute_profits */
  kind: t.string(),
  proposerId: t.string(),
  /** The kind's fields as JSON (amounts as decimal strings). */
  payload: t.string(),
  /** open | passed | failed | execution_failed */
  status: t.string(),
  createdAt: t.float64(),
  closesAt: t.float64(),
  yes: t.uint16(),
  no: t.uint16(),
  /** Each voter's vote: player id → "yes" | "no". */
  votes: t.map('string'),
  result: t.string(),
}, 'SquadDecisionState');
export type SquadDecisionState = SchemaType<typeof SquadDecisionState>;

/** A chat line (render `body` as text, never as HTML); a removed one keeps its place with `removed`. */
export const SquadChatLineState = schema({
  id: t.float64(),
  playerId: t.string(),
  name: t.string(),
  body: t.string(),
  createdAt: t.float64(),
  removed: t.boolean(),
}, 'SquadChatLineState');
export type SquadChatLineState = SchemaType<typeof SquadChatLineState>;

/** A pending application (officers act on it). */
export const SquadApplicationState = schema({
  id: t.string(),
  playerId: t.string(),
  name: t.string(),
  message: t.string(),
  createdAt: t.float64(),
}, 'SquadApplicationState');
export type SquadApplicationState = SchemaType<typeof SquadApplicationState>;

/** The squad room's state: one room per squad, members only. */
export const SquadState = schema({
  id: t.string(),
  name: t.string(),
  type: t.string(),
  motto: t.string(),
  recruitment: t.string(),
  minInfluence: t.uint32(),
  minRank: t.string(),
  level: t.uint8(),
  levelName: t.string(),
  points: t.uint32(),
  maxMembers: t.uint16(),
  active: t.boolean(),
  perks: t.array('string'),
  leaderId: t.string(),
  members: t.map(SquadMemberState),
  /** Treasury balances: resource → amount (decimal string of a bigint). */
  treasury: t.map('string'),
  decisions: t.map(SquadDecisionState),
  applications: t.map(SquadApplicationState),
  /** The latest chat lines, oldest first (older ones over HTTP). */
  chat: t.array(SquadChatLineState),
}, 'SquadState');
export type SquadState = SchemaType<typeof SquadState>;

/** How many chat lines the room state keeps. */
export const SQUAD_CHAT_STATE_LINES = 50;
/** Longest chat message, in characters. */
export const SQUAD_CHAT_MAX_CHARS = 500;

const ResourceName = z.enum([
  'cpu_cycles', 'data_credits', 'truth_tokens', 'liberation_keys', 'influence_points', 'resistance_credits',
]);
const RankName = z.enum(['Recruit', 'Initiate', 'Operative', 'Warrior', 'Commander', 'Architect', 'Legend']);
export const SquadTypeName = z.enum(SQUAD_TYPES);
export const RecruitmentName = z.enum(SQUAD_RECRUITMENT);

/** `POST /api/squads`. */
export const CreateSquadBody = z.object({
  name: z.string().trim().min(3).max(32).regex(/^[\p{L}\p{N} _'-]+$/u, 'letters, digits, spaces, _ \' -'),
  type: SquadTypeName,
  motto: z.string().trim().max(140).default(''),
  recruitment: RecruitmentName.default('open'),
  minInfluence: z.number().int().min(0).max(100000).default(0),
  minRank: RankName.nullable().default(null),
  activityPace: z.number().min(0).max(1).default(0.5),
  timezoneOffsetHours: z.number().min(-12).max(14).default(0),
  playStyle: z.string().trim().min(1).max(32).default('balanced'),
}).strict();
export type CreateSquadBody = z.infer<typeof CreateSquadBody>;

/** `POST /api/squads/:id/apply`. */
export const ApplySquadBody = z.object({ message: z.string().max(500).default('') }).strict();

/** `POST /api/squads/find`: the player's preferences (GAME §2 squad finder). */
export const FindSquadBody = z.object({
  activityPace: z.number().min(0).max(1),
  preferredClass: z.enum(['tactical', 'strategic', 'mass', 'elite']),
  timezoneOffsetHours: z.number().min(-12).max(14),
  playStyle: z.string().trim().min(1).max(32),
}).strict();
export type FindSquadBody = z.infer<typeof FindSquadBody>;

/** `chat`: post to squad chat (the social service's `squad:<id>` channel: 1..500 characters after stripping). */
export const SquadChatMessage = z.object({ body: z.string().max(4000) }).strict();

/** `propose`: a squad decision. */
export const SquadProposeMessage = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('spend'), resource: ResourceName, amount: ResourceAmount, toPlayerId: z.string().uuid() }).strict(),
  z.object({ kind: z.literal('declare_siege'), territoryId: z.string().min(1).max(64) }).strict(),
  z.object({ kind: z.literal('kick'), playerId: z.string().uuid() }).strict(),
  z.object({
    kind: z.literal('change_recruitment'),
    recruitment: RecruitmentName,
    minInfluence: z.number().int().min(0).max(100000).optional(),
    minRank: RankName.nullable().optional(),
  }).strict(),
  z.object({ kind: z.literal('distribute_profits'), resource: ResourceName, amount: ResourceAmount }).strict(),
]);
export type SquadProposeMessage = z.infer<typeof SquadProposeMessage>;

/** `vote`: yes/no on an open decision; voting again changes the vote. */
export const SquadVoteMessage = z.object({ decisionId: z.string().uuid(), yes: z.boolean() }).strict();

/** `contribute`: pay into the treasury; `requestKey` makes a retry safe. */
export const SquadContributeMessage = z.object({
  resource: ResourceName,
  amount: ResourceAmount,
  requestKey: z.string().min(1).max(64).optional(),
}).strict();

/** `withdraw`: Resource_Sharing withdrawal (level ≥ 3, 10 % per day). */
export const SquadWithdrawMessage = z.object({ resource: ResourceName, amount: ResourceAmount }).strict();

/** `promote` / `demote` / `kick` (leader only). */
export const SquadMemberTargetMessage = z.object({ playerId: z.string().uuid() }).strict();

/** `decide_application` (officers and leader). */
export const SquadDecideApplicationMessage = z.object({ applicationId: z.string().uuid(), accept: z.boolean() }).strict();

/** `set_recruitment` (leader directly). */
export const SquadSetRecruitmentMessage = z.object({
  recruitment: RecruitmentName,
  minInfluence: z.number().int().min(0).max(100000).optional(),
  minRank: RankName.nullable().optional(),
}).strict();

/** `leave`. */
export const SquadLeaveMessage = z.object({}).strict();

/** Message names of the squad room, client → server. */
export const SQUAD_MESSAGES = [
  'chat', 'propose', 'vote', 'contribute', 'withdraw', 'promote', 'demote', 'kick', 'decide_application',
  'set_recruitment', 'leave',
] as const;

/** A squad in HTTP listings and finder results. */
export interface SquadSummaryDto extends SquadSummary {
  /** Finder only: the match score in 0..1. */
  score?: number;
}

/** A chat line over HTTP (a line of the social service's `squad:<id>` channel). */
export interface SquadChatLineDto {
  id: number;
  playerId: string;
  name: string;
  body: string;
  createdAt: string;
  /** Removed by its author or a moderator: `body` is empty. */
  removed?: boolean;
}
