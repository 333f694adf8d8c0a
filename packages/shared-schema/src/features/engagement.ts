// Wire contracts of engagement (GAME §8.4, docs/engagement.md): the daily bundle a player gets in
// one call, and the GM's view of churn scores and the interventions they led to. The bundle is a
// zod schema so the client can check what it reads (`DailyBundleDto.parse`).
import { z } from 'zod';
import { INTERVENTION_KINDS } from '@datavism/rules';

const IsoTime = z.string();
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day: YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a calendar day');

/** An intel claim in the brief: a pattern verified lately, or a claim the player could confirm. */
export const IntelBriefItemDto = z.object({
  id: z.string(),
  category: z.string(),
  claimText: z.string(),
  confirmations: z.number(),
  /** ISO time, for a verified pattern. */
  verifiedAt: IsoTime.nullable(),
  /** The investigation launched for it. */
  operationId: z.string().nullable(),
});
export type IntelBriefItemDto = z.infer<typeof IntelBriefItemDto>;

/** A reward line (tutorial missions). */
const RewardLine = z.object({ resource: z.string(), amount: z.number() });

/** The one thing the player should do next: the tutorial's next mission, else an operation. */
export const PersonalMissionDto = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('tutorial'),
    step: z.string(),
    title: z.string(),
    brief: z.string(),
    where: z.string(),
    /** `map` or a dock panel id. */
    panel: z.string(),
    rewards: z.array(RewardLine),
    /** Missions done whose reward waits to be collected (codex / mission card). */
    collectable: z.array(z.string()),
  }),
  z.object({
    kind: z.literal('operation'),
    operationId: z.string(),
    name: z.string(),
    /** The player takes part already (else: join it). */
    joined: z.boolean(),
  }),
  z.object({ kind: z.literal('none') }),
]);
export type PersonalMissionDto = z.infer<typeof PersonalMissionDto>;

const SquadRef = z.object({ id: z.string(), name: z.string() });

/** The squad's objective: what it is doing now, or that it has nothing on; for the squadless, a squad to join. */
export const SquadObjectiveDto = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('event'),
    squad: SquadRef,
    /** Its squad mission or an operation its members are in (operation), a siege it attacks (siege) or defends (defence). */
    event: z.object({ kind: z.enum(['operation', 'siege', 'defence']), id: z.string(), name: z.string(), endsAt: IsoTime.nullable() }),
  }),
  z.object({ kind: z.literal('idle'), squad: SquadRef }),
  z.object({
    kind: z.literal('join_squad'),
    /** A recruiting squad with room, closest to the player's influence; null when none recruits. */
    suggestion: z.object({ id: z.string(), name: z.string(), memberCount: z.number(), maxMembers: z.number() }).nullable(),
  }),
]);
export type SquadObjectiveDto = z.infer<typeof SquadObjectiveDto>;

/** The active operation with the most contributors in the last 24 hours. */
export const TrendingOperationDto = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  endsAt: IsoTime.nullable(),
  contributors: z.number(),
  participants: z.number(),
  joined: z.boolean(),
});

/** Today's generated challenge at the difficulty of the player's level. */
export const DailyChallengeDto = z.object({
  id: z.string(),
  title: z.string(),
  difficulty: z.number().nullable(),
  endsAt: IsoTime,
  solvedByMe: z.boolean(),
});

/** Today's login bonus (GAME §1.3): claimed or not, the streak s, what it pays. */
export const LoginBonusDto = z.object({
  claimedToday: z.boolean(),
  streak: z.number(),
  /** 100·(1 + 0.1·s) */
  credits: z.number(),
  /** 50·(1 + 0.05·s), rounded down */
  xp: z.number(),
  /** 10·min(s, 7) */
  cpuCycles: z.number(),
  liberationKeys: z.number(),
  truthTokens: z.number(),
  title: z.string().nullable(),
});

/** An intervention the churn job sent the player (the last 7 days'). */
export const InterventionDto = z.object({
  day: z.string(),
  kind: z.enum(INTERVENTION_KINDS as [string, ...string[]]),
  payload: z.record(z.string(), z.unknown()),
});
export type InterventionDto = z.infer<typeof InterventionDto>;

/** `GET /api/engagement/daily` — the daily bundle, in one call. */
export const DailyBundleDto = z.object({
  /** The UTC day it is for. */
  day: z.string(),
  intelBrief: z.object({ verified: z.array(IntelBriefItemDto), open: z.array(IntelBriefItemDto) }),
  personalMission: PersonalMissionDto,
  squadObjective: SquadObjectiveDto,
  trendingOperation: TrendingOperationDto.nullable(),
  challenge: DailyChallengeDto.nullable(),
  loginBonus: LoginBonusDto,
  interventions: z.array(InterventionDto),
});
export type DailyBundleDto = z.infer<typeof DailyBundleDto>;

/** `GET /api/gm/engagement` — recent days, the players at risk of one day (or one player's days and live score). */
export const EngagementGmQuery = z.object({
  /** The scored day to list (default: the latest). */
  day: Day.optional(),
  tier: z.enum(['high', 'elevated']).optional(),
  /** One player: their scored days, and their risk computed now. */
  player: z.string().uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** How many days of summaries. */
  days: z.coerce.number().int().min(1).max(35).default(14),
}).strict();
export type EngagementGmQuery = z.infer<typeof EngagementGmQuery>;

/** A scored day's summary. */
export interface ChurnRunDto {
  day: string;
  computedAt: string;
  scored: number;
  active: number;
  averageSessions: number;
  elevated: number;
  high: number;
  /** Scored players per risk (keys in hundredths). */
  histogram: Record<string, number>;
  /** Scored players per term that applied. */
  terms: Record<string, number>;
  /** Interventions written per kind. */
  interventions: Record<string, number>;
}

/** A scored player: risk, tier, the inputs and which terms applied, the interventions sent. */
export interface ScoredPlayerDto {
  day: string;
  playerId: string;
  name: string;
  risk: number;
  tier: 'high' | 'elevated' | 'low';
  inputs: { sessions: number; averageSessions: number | null; squadInteractions: number; daysSinceLevelUp: number; failedChallenges: number };
  terms: { sessions: boolean | null; squadInteractions: boolean; noLevelUp: boolean; failedChallenges: boolean };
  interventions: Array<{ kind: string; payload: Record<string, unknown> }>;
}

/** `GET /api/gm/engagement` */
export interface EngagementGmDto {
  runs: ChurnRunDto[];
  /** The day listed (null before any run). */
  day: string | null;
  players: ScoredPlayerDto[];
  /** With `player`: their risk for the week ending today, computed now (null outside the scored population). */
  now: ScoredPlayerDto | null;
}

/** `POST /api/gm/engagement/run` — the churn pass for today (body `{}`). */
export const EngagementRunBody = z.object({}).strict();

/** What a run did: the day's summary (null when the day was scored already: nothing new was written). */
export interface EngagementRunDto {
  day: string;
  run: ChurnRunDto | null;
  /** Notifications written now (0 for players told already). */
  notified: { high: number; elevated: number };
}
