import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, doublePrecision, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/*
 * Engagement (GAME §8.4), migration 0027. The migration also adds `players.last_level_up_at` (set
 * by the trigger `players_xp_level_up` whenever XP crosses a level) and makes the squad-action
 * trigger of migration 0022 count each action into `engagement_activity`.
 */

/** Per player and UTC day: sessions (world entries), squad interactions, wrong challenge answers. Kept 15 days. */
export const engagementActivity = pgTable(
  'engagement_activity',
  {
    day: date('day', { mode: 'string' }).notNull(),
    playerId: uuid('player_id').notNull(),
    sessions: integer('sessions').notNull().default(0),
    squadInteractions: integer('squad_interactions').notNull().default(0),
    failedChallenges: integer('failed_challenges').notNull().default(0),
  },
  (t) => [primaryKey({ name: 'engagement_activity_pk', columns: [t.day, t.playerId] })],
);

/** One row per day the churn pass scored: its summary, and the mark that makes a second pass write nothing. */
export const churnRuns = pgTable('churn_runs', {
  day: date('day', { mode: 'string' }).primaryKey(),
  computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
  scored: integer('scored').notNull(),
  active: integer('active').notNull(),
  averageSessions: doublePrecision('average_sessions').notNull(),
  elevated: integer('elevated').notNull(),
  high: integer('high').notNull(),
  /** Scored players per risk in hundredths. */
  histogram: jsonb('histogram').$type<Record<string, number>>().notNull(),
  /** Scored players per term that applied. */
  terms: jsonb('terms').$type<Record<string, number>>().notNull(),
  /** Interventions written per kind. */
  interventions: jsonb('interventions').$type<Record<string, number>>().notNull(),
});

/**
 * Who got what: one row per player and day the churn pass sent interventions to — the risk
 * (> 0.4), the inputs of the score and what each intervention offered, in typed columns (migration
 * 0031; the read path builds `{kind: payload}` from them). Kept 35 days; read by (day, player)
 * probes, so the primary key is the only index.
 */
export const churnScores = pgTable(
  'churn_scores',
  {
    day: date('day', { mode: 'string' }).notNull(),
    playerId: uuid('player_id').notNull(),
    /** Hundredths: 50 is 0.5. */
    risk: smallint('risk').notNull(),
    sessions: integer('sessions').notNull(),
    squadInteractions: integer('squad_interactions').notNull(),
    /** The last level-up, or the account's creation when it never levelled up. */
    levelledAt: timestamp('levelled_at', { withTimezone: true }).notNull(),
    failedChallenges: integer('failed_challenges').notNull(),
    /** `{kind: payload}` of rows written before migration 0031; NULL since (the typed columns below hold it). */
    interventions: jsonb('interventions').$type<Record<string, Record<string, unknown>>>(),
    // High tier: the handler message, the easier challenge offered.
    handlerMessageId: bigint('handler_message_id', { mode: 'number' }),
    handlerBody: text('handler_body'),
    challengeDifficulty: smallint('challenge_difficulty'),
    challengeId: text('challenge_id'),
    challengeTitle: text('challenge_title'),
    // Elevated tier: the progress highlight (level and next level follow from the XP).
    xp: integer('xp'),
    loginStreak: integer('login_streak'),
    daysActive: integer('days_active'),
    contributions: integer('contributions'),
    // Both tiers: the squad (NULL: squadless) and its event; elevated: its needs; high: the trending operation offered instead of an event.
    squadId: uuid('squad_id'),
    squadName: text('squad_name'),
    squadMembers: integer('squad_members'),
    membersNeeded: integer('members_needed'),
    openDecisions: integer('open_decisions'),
    eventKind: text('event_kind'),
    eventId: text('event_id'),
    eventName: text('event_name'),
    trendingId: text('trending_id'),
    trendingName: text('trending_name'),
    // Elevated tier: the mentor offer (a reminder when already mentored) and the mentors registered.
    mentored: boolean('mentored'),
    mentors: integer('mentors'),
  },
  (t) => [
    primaryKey({ name: 'churn_scores_pk', columns: [t.day, t.playerId] }),
    check('churn_scores_risk_check', sql`${t.risk} BETWEEN 0 AND 100`),
  ],
);
