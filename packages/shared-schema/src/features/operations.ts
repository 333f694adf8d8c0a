// State and message contracts of the operations feature (GAME §6).
import { schema, t, type SchemaType } from '@colyseus/schema';
import { z } from 'zod';
import { amountNumber } from '../messages/amounts';

/** One objective as clients see it; an unrevealed hidden one is `[CLASSIFIED]` with no content. */
export const OperationObjective = schema({
  id: t.uint32(),
  tier: t.string(),
  classified: t.boolean(),
  kind: t.string(),
  title: t.string(),
  description: t.string(),
  target: t.float64(),
  progress: t.float64(),
  resource: t.string(),
  category: t.string(),
}, 'OperationObjective');
export type OperationObjective = SchemaType<typeof OperationObjective>;

export const OperationContributor = schema({
  playerId: t.string(),
  name: t.string(),
  points: t.float64(),
}, 'OperationContributor');
export type OperationContributor = SchemaType<typeof OperationContributor>;

export const HandlerMessage = schema({
  id: t.uint32(),
  body: t.string(),
  at: t.float64(),
}, 'HandlerMessage');
export type HandlerMessage = SchemaType<typeof HandlerMessage>;

/** The `operation` room's state (one room per live operation). */
export const OperationState = schema({
  id: t.string(),
  type: t.string(),
  name: t.string(),
  briefing: t.string(),
  handler: t.string(),
  phase: t.string(),
  outcome: t.string(),
  /** Epoch ms; `endsAt` 0 = no deadline (liberation war). */
  startsAt: t.float64(),
  activeAt: t.float64(),
  endsAt: t.float64(),
  /** Weighted completion 0..1. */
  progress: t.float64(),
  requiredPlayers: t.uint32(),
  participants: t.uint32(),
  squads: t.uint32(),
  targetTerritories: t.array('string'),
  objectives: t.array(OperationObjective),
  topContributors: t.array(OperationContributor),
  messages: t.array(HandlerMessage),
}, 'OperationState');
export type OperationState = SchemaType<typeof OperationState>;

const RESOURCE = z.enum(['cpu_cycles', 'data_credits', 'truth_tokens', 'liberation_keys', 'influence_points', 'resistance_credits']);
const TYPE = z.enum(['flashpoint', 'rapid', 'investigation', 'campaign', 'global', 'liberation_war']);

/** `contribute`: give `amount` of a resource to the operation's contribute objective. */
export const ContributeMessage = z.object({
  resource: RESOURCE,
  amount: amountNumber({ max: 1_000_000_000 }),
  /** A client that may retry sends a stable key. */
  key: z.string().min(1).max(64).optional(),
}).strict();
export type ContributeMessage = z.infer<typeof ContributeMessage>;

/** `join`: become a participant (optionally for one's squad). */
export const JoinOperationMessage = z.object({}).strict();

/** Message names of the operation room, client → server. */
export const OPERATION_MESSAGES = ['join', 'contribute'] as const;

/** One objective of a template / new operation. */
export const ObjectiveSpec = z.object({
  tier: z.enum(['primary', 'secondary', 'hidden']),
  kind: z.enum(['liberate', 'contribute', 'verify_intel', 'solve_challenges']),
  title: z.string().min(1).max(120),
  description: z.string().max(1000).default(''),
  target: amountNumber({ max: 1_000_000_000 }),
  weight: z.number().int().min(1).max(100).default(1),
  resource: RESOURCE.optional(),
  category: z.string().min(1).max(64).optional(),
  /** Hidden objectives: revealed when operation progress reaches this (0..1). */
  revealAt: z.number().min(0).max(1).optional(),
}).strict().refine((o) => o.kind !== 'contribute' || o.resource !== undefined, { message: 'a contribute objective needs a resource', path: ['resource'] });
export type ObjectiveSpec = z.infer<typeof ObjectiveSpec>;

/** An operation template (calendar, triggers, GM library); also the body of a from-scratch create. */
export const OperationTemplate = z.object({
  type: TYPE,
  name: z.string().min(1).max(120),
  briefing: z.string().max(4000).default(''),
  handler: z.string().min(1).max(60).default('Handler'),
  objectives: z.array(ObjectiveSpec).min(1).max(20).refine((os) => os.some((o) => o.tier === 'primary'), { message: 'needs a primary objective' }),
  requiredPlayers: z.number().int().min(1).max(1_000_000).default(1),
  xpPool: amountNumber({ min: 0, max: 100_000_000 }).default(0),
  pool: z.object({ resource: RESOURCE, amount: amountNumber({ max: 1_000_000_000_000 }) }).strict().optional(),
  payToSquads: z.boolean().default(false),
  /** Briefing phase length in game minutes before the active phase. */
  briefingMinutes: z.number().min(0).max(10_080).default(0),
  /** Active phase length in game hours; default by type (GAME §6.1). */
  durationHours: z.number().positive().max(24 * 366).optional(),
}).strict();
export type OperationTemplate = z.infer<typeof OperationTemplate>;

/**
 * A start time: epoch ms or an ISO string (never null or a boolean, which `z.coerce.date()`
 * would read as 1970), between 2000 and 2200 (Postgres timestamps hold far more; the bound keeps
 * a typo from storing a date nobody meant).
 */
const StartTime = z.union([z.number().int(), z.string().min(1).max(40)])
  .transform((v) => new Date(v))
  .refine((d) => !Number.isNaN(d.getTime()), { message: 'not a date' })
  .refine((d) => d.getTime() >= Date.UTC(2000, 0, 1) && d.getTime() < Date.UTC(2200, 0, 1), { message: 'must be between 2000 and 2200' });

/** POST /api/gm/operations: from a template (with overrides) or from scratch. */
export const CreateOperationRequest = z.object({
  template: z.string().min(1).max(64).optional(),
  operation: OperationTemplate.optional(),
  /** Overrides on a template. */
  name: z.string().min(1).max(120).optional(),
  targetTerritories: z.array(z.string().min(1).max(64)).max(100).default([]),
  /** Epoch ms or ISO; absent = now. */
  startsAt: StartTime.optional(),
  /** Start at once (skip `scheduled`). @default true when startsAt is absent */
  squadId: z.string().max(64).optional(),
}).strict().refine((r) => (r.template === undefined) !== (r.operation === undefined), { message: 'give either template or operation' });
export type CreateOperationRequest = z.infer<typeof CreateOperationRequest>;

export const ScheduleOperationRequest = z.object({ startsAt: StartTime }).strict();
export const ExtendOperationRequest = z.object({ hours: z.number().positive().max(24 * 366) }).strict();
export const HandlerMessageRequest = z.object({ body: z.string().min(1).max(2000) }).strict();
export const BroadcastRequest = z.object({ message: z.string().min(1).max(500) }).strict();

/** Webhook triggers (GAME §6.2). */
export const TRIGGER_KINDS = ['data_breach', 'election', 'climate_disaster', 'market_crash', 'whistleblower'] as const;
export const TriggerRequest = z.object({
  id: z.string().min(1).max(128),
  kind: z.enum(TRIGGER_KINDS),
  /** Optional headline shown as the operation's name suffix. */
  title: z.string().max(120).optional(),
}).strict();
export type TriggerRequest = z.infer<typeof TriggerRequest>;

/** A squad mission (squad-scoped operation) launched by a member of influence ≥ 1000. */
export const SquadMissionRequest = z.object({
  squadId: z.string().min(1).max(64),
  template: z.string().min(1).max(64).optional(),
  operation: OperationTemplate.optional(),
}).strict().refine((r) => (r.template === undefined) !== (r.operation === undefined), { message: 'give either template or operation' });

/** The live list / HTTP view of an operation (hidden objectives redacted). */
export interface OperationSummary {
  id: string;
  type: string;
  name: string;
  handler: string;
  briefing: string;
  phase: string;
  outcome: string | null;
  startsAt: string;
  activeAt: string;
  endsAt: string | null;
  progress: number;
  participants: number;
  squads: number;
  requiredPlayers: number;
  targetTerritories: string[];
  squadId: string | null;
  objectives: { id: number; tier: string; classified: boolean; kind: string; title: string; description: string; target: number; progress: number; resource: string; category: string }[];
}

/**
 * The `notice` the map room relays to everyone when a world operation (not a squad mission)
 * launches: clients refresh their live list and map beacons at once instead of on their next poll.
 */
export interface OperationLaunchedNotice {
  kind: 'operation_launched';
  message: string;
  from: string;
  at: number;
  operationId: string;
}
