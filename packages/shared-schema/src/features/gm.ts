// Wire contracts of the game-master console (GAME §9, §10): fair-play flags and the actions on
// them, community health, world-map control, roles, parameters, the audit log. Owned by the gm feature.
import { z } from 'zod';
import type { HealthInputs } from '@datavism/rules';

const PlayerId = z.string().uuid();
const Reason = z.string().trim().min(1).max(500);
const IsoTime = z.iso.datetime({ offset: true });

/** Flag statuses in the GM queue. */
export const FLAG_STATUS_VALUES = ['open', 'dismissed', 'actioned'] as const;

/** `GET /api/gm/flags` filters. */
export const FlagsQuery = z.object({
  status: z.enum(FLAG_STATUS_VALUES).optional(),
  kind: z.string().min(1).max(40).optional(),
  playerId: PlayerId.optional(),
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/**
 * `POST /api/gm/flags/:id/actions` — a GM's decision on a flag (GAME §9): dismiss, warn (a handler
 * message), mute, ban, or reverse a reward (a compensating ledger transfer). The player must be one
 * of the flag's accounts.
 */
export const FlagActionBody = z.discriminatedUnion('action', [
  z.object({ action: z.literal('dismiss'), reason: Reason.optional() }).strict(),
  z.object({ action: z.literal('warn'), playerId: PlayerId, message: z.string().trim().min(1).max(1000) }).strict(),
  z.object({
    action: z.literal('mute'), playerId: PlayerId, minutes: z.number().int().min(1).max(525_600),
    channel: z.string().min(1).max(128).nullable().default(null), reason: Reason,
  }).strict(),
  z.object({ action: z.literal('ban'), playerId: PlayerId, minutes: z.number().int().min(1).max(5_256_000).nullable(), reason: Reason }).strict(),
  z.object({ action: z.literal('reverse'), transferId: z.string().regex(/^\d{1,19}$/, 'a transfer id'), reason: Reason }).strict(),
]);
export type FlagActionBody = z.infer<typeof FlagActionBody>;

/** A fair-play flag in the GM queue. */
export interface FlagDto {
  id: number;
  kind: string;
  playerIds: string[];
  players: Array<{ id: string; name: string }>;
  detail: string;
  count: number;
  /** The numbers that triggered it. */
  evidence: Record<string, unknown>;
  status: (typeof FLAG_STATUS_VALUES)[number];
  resolution: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  createdAt: string;
}

/** `POST /api/gm/fairplay/run` — run detectors now (all when none is named). */
export const FairplayRunBody = z.object({
  detectors: z.array(z.enum(['progress', 'wash', 'collusion', 'ledger'])).min(1).optional(),
}).strict();

/** One day of community health (GAME §9): the score, each input (the rules' `HealthInputs`), the counts behind them, the alerts. */
export interface HealthDayDto extends HealthInputs {
  day: string;
  computedAt: string;
  score: number;
  counts: Record<string, unknown>;
  alerts: string[];
}

export const HealthQuery = z.object({ days: z.coerce.number().int().min(1).max(366).default(90) });

/** `POST /api/gm/territories/:id` — world-map control: status, holder (a squad id, or null) and/or garrison. */
export const TerritoryControlBody = z.object({
  status: z.enum(['occupied', 'neutral', 'liberated']).optional(),
  holderSquadId: z.string().uuid().nullable().optional(),
  garrison: z.number().int().min(0).max(1_000_000).optional(),
}).strict().refine((b) => b.status !== undefined || b.holderSquadId !== undefined || b.garrison !== undefined, 'change the status, the holder or the garrison');

/** A territory in the GM's picker and map-control table. */
export interface GmTerritoryDto {
  id: string;
  name: string;
  regionId: number;
  regionName: string;
  status: string;
  holderSquadId: string | null;
  holderName: string | null;
  garrison: number;
  garrisonMax: number;
}

/** `POST /api/admin/players/:name/role`. */
export const RoleChangeBody = z.object({ role: z.enum(['player', 'moderator', 'gm', 'admin']) }).strict();

/** `POST /api/gm/parameters/:name` — a GM sets a registry parameter within its bounds (audited). */
export const ParameterChangeBody = z.object({ value: z.number().finite(), reason: Reason }).strict();

/** `GET /api/gm/audit` filters: who, what (an action or a prefix like `flag.`), about whom or what, when. */
export const GmAuditQuery = z.object({
  actor: PlayerId.optional(),
  action: z.string().min(1).max(64).optional(),
  target: z.string().min(1).max(200).optional(),
  targetPlayer: PlayerId.optional(),
  since: IsoTime.optional(),
  until: IsoTime.optional(),
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** `GET /api/gm/jobs` filters. */
export const JobsQuery = z.object({
  name: z.string().min(1).max(80).optional(),
  status: z.enum(['running', 'done', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** `GET /api/gm/players?q=` and `GET /api/gm/squads?q=` — pickers by name. */
export const NameSearchQuery = z.object({ q: z.string().trim().min(1).max(40) });
