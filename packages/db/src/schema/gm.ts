import { sql } from 'drizzle-orm';
import {
  bigint, bigserial, check, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';

/** Where a flag stands in the GM queue. */
export const FLAG_STATUSES = ['open', 'dismissed', 'actioned'] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];

/**
 * Fair-play flags for GMs (GAME §9), one table for every detector and every process (created by
 * the market in migration 0004, extended in 0022). `dedupe_key` (kind, subject, UTC day) makes a
 * detector re-run — a restart, a second process — raise nothing twice. A GM's decision sets
 * `status` and `resolution`; what was done is in the audit log (`target` = `flag:<id>`).
 */
export const fairPlayFlags = pgTable(
  'fair_play_flags',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    kind: text('kind').notNull(),
    /** The accounts involved (player ids). */
    playerIds: text('player_ids').array().notNull(),
    detail: text('detail').notNull(),
    count: integer('count').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** The numbers that triggered the flag. */
    evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull().default({}),
    dedupeKey: text('dedupe_key'),
    status: text('status', { enum: FLAG_STATUSES }).notNull().default('open'),
    /** The last decision: dismiss, warn, mute, ban, reverse. */
    resolution: text('resolution'),
    resolvedBy: uuid('resolved_by'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    index('fair_play_flags_created_idx').on(t.createdAt),
    uniqueIndex('fair_play_flags_dedupe_unique').on(t.dedupeKey).where(sql`${t.dedupeKey} IS NOT NULL`),
    index('fair_play_flags_status_idx').on(t.status, t.id),
    index('fair_play_flags_players_idx').using('gin', t.playerIds),
    check('fair_play_flags_status_check', sql`${t.status} in ('open', 'dismissed', 'actioned')`),
  ],
);

/**
 * A player's activity over the last 28 UTC days as two bit masks anchored at `anchor` (bit i =
 * the day `anchor − i`): days with a login, days with a squad action. Written by triggers where the
 * activity is recorded (migration 0022), read by the daily community-health pass.
 */
export const playerActivity = pgTable(
  'player_activity',
  {
    playerId: uuid('player_id').primaryKey(),
    anchor: date('anchor', { mode: 'string' }).notNull(),
    loginDays: integer('login_days').notNull().default(0),
    squadDays: integer('squad_days').notNull().default(0),
  },
  (t) => [index('player_activity_anchor_idx').on(t.anchor)],
);

/** Reputation gained per (UTC day, player) in each dimension — rises only; a trigger on `players` writes it. */
export const reputationGains = pgTable(
  'reputation_gains',
  {
    day: date('day', { mode: 'string' }).notNull(),
    playerId: uuid('player_id').notNull(),
    technicalMastery: integer('technical_mastery').notNull().default(0),
    truthScore: integer('truth_score').notNull().default(0),
    impactRating: integer('impact_rating').notNull().default(0),
    teachingHonor: integer('teaching_honor').notNull().default(0),
    artisticVision: integer('artistic_vision').notNull().default(0),
  },
  (t) => [primaryKey({ name: 'reputation_gains_pk', columns: [t.day, t.playerId] })],
);

/** One community-health snapshot per UTC day (GAME §9): the score, every input and the counts behind them. */
export const communityHealth = pgTable('community_health', {
  day: date('day', { mode: 'string' }).primaryKey(),
  computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  score: doublePrecision('score').notNull(),
  growth: doublePrecision('growth').notNull(),
  retention: doublePrecision('retention').notNull(),
  engagement: doublePrecision('engagement').notNull(),
  toxicity: doublePrecision('toxicity').notNull(),
  collaboration: doublePrecision('collaboration').notNull(),
  diversity: doublePrecision('diversity').notNull(),
  squadParticipation: doublePrecision('squad_participation').notNull(),
  counts: jsonb('counts').$type<Record<string, unknown>>().notNull(),
  alerts: text('alerts').array().notNull().default(sql`'{}'::text[]`),
});

/** Each player's XP at the impossible-progress job's last run. */
export const xpMarks = pgTable('xp_marks', {
  playerId: uuid('player_id').primaryKey(),
  xp: bigint('xp', { mode: 'number' }).notNull(),
});

/** When a GM job last ran (the impossible-progress window starts there). */
export const gmWatermarks = pgTable('gm_watermarks', {
  name: text('name').primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull(),
});
