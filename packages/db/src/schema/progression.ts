import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { players } from './players';

/**
 * The achievement codex (GAME §5): one row per achievement, seeded by migration 0019 from the
 * rules' `ACHIEVEMENTS` (a test keeps them equal). `xp` is what `grant_achievements()` pays;
 * `holders` / `holders_bps` are recomputed daily by the badge-share job (the live holders are
 * `holders` plus the badge's {@link achievementHolderGrants}).
 */
export const achievements = pgTable(
  'achievements',
  {
    id: text('id').primaryKey(),
    xp: integer('xp').notNull(),
    badge: text('badge').notNull(),
    rarity: text('rarity').notNull(),
    secret: boolean('secret').notNull().default(false),
    holders: integer('holders').notNull().default(0),
    /** Share of players holding the badge, basis points; null until the first daily run. */
    holdersBps: integer('holders_bps'),
    shareComputedAt: timestamp('share_computed_at', { withTimezone: true }),
    /** The players the daily job counted at `share_computed_at` (the live share adds those created since). */
    playersCounted: integer('players_counted'),
  },
  (t) => [
    check('achievements_rarity_check', sql`${t.rarity} in ('common', 'uncommon', 'rare', 'epic', 'legendary', 'mythic')`),
  ],
);

/**
 * How many players each `grant_achievements()` call granted a badge to, appended in the granting
 * transaction (migration 0030) — no lock on the codex row — and folded into `achievements.holders`
 * by the daily badge-share job. Makes the codex's share exact between runs.
 */
export const achievementHolderGrants = pgTable('achievement_holder_grants', {
  achievementId: text('achievement_id').notNull(),
  holders: integer('holders').notNull(),
});

/**
 * An achievement a player earned: the primary key (player, achievement) makes every grant happen
 * once, whoever races for it. Written only by the SQL function `grant_achievements()`, which
 * pays the XP in the same statement. No per-row foreign keys (the function checks both sides). `announced_at` is the announcer's outbox marker
 * (`announce_lease` its claim).
 */
export const playerAchievements = pgTable(
  'player_achievements',
  {
    playerId: uuid('player_id').notNull(),
    achievementId: text('achievement_id').notNull(),
    earnedAt: timestamp('earned_at', { withTimezone: true }).notNull().defaultNow(),
    announcedAt: timestamp('announced_at', { withTimezone: true }),
    announceLease: timestamp('announce_lease', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: 'player_achievements_pk', columns: [t.playerId, t.achievementId] }),
    index('player_achievements_unannounced_idx').on(t.earnedAt).where(sql`${t.announcedAt} IS NULL`),
  ],
);

/**
 * Counters behind the specializations, mass_awakening and community_pillar (GAME §1, §5),
 * created on a player's first progress.
 */
export const playerProgress = pgTable('player_progress', {
  playerId: uuid('player_id').primaryKey().references(() => players.id, { onDelete: 'cascade' }),
  /** Successful operations the player led (top contributor at resolution). */
  investigationsLed: integer('investigations_led').notNull().default(0),
  /** Mentees graduated. */
  studentsMentored: integer('students_mentored').notNull().default(0),
  /** Content proposals of theirs that passed. */
  contentPassed: integer('content_passed').notNull().default(0),
  /** Reputation received from endorsements. */
  endorsementPoints: integer('endorsement_points').notNull().default(0),
});

/** Who led each resolved operation, and whether it succeeded. */
export const operationLeaders = pgTable('operation_leaders', {
  operationId: uuid('operation_id').primaryKey(),
  playerId: uuid('player_id').notNull(),
  success: boolean('success').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Distinct players rewarded by operations a leader led (mass_awakening, GAME §1). At most 1000
 * rows per leader are ever kept: that is all the condition needs.
 */
export const ledRewards = pgTable(
  'led_rewards',
  {
    leaderId: uuid('leader_id').notNull(),
    playerId: text('player_id').notNull(),
  },
  (t) => [primaryKey({ name: 'led_rewards_pk', columns: [t.leaderId, t.playerId] })],
);

/** A refused action of a player in an operation (perfect_run needs none). */
export const operationFailedActions = pgTable(
  'operation_failed_actions',
  {
    operationId: uuid('operation_id').notNull(),
    playerId: text('player_id').notNull(),
    failures: integer('failures').notNull().default(1),
  },
  (t) => [primaryKey({ name: 'operation_failed_actions_pk', columns: [t.operationId, t.playerId] })],
);

/** Handlers under whom a player completed a secret mission (a hidden objective) — ghost_protocol. */
export const secretMissions = pgTable(
  'secret_missions',
  {
    playerId: uuid('player_id').notNull().references(() => players.id, { onDelete: 'cascade' }),
    handler: text('handler').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'secret_missions_pk', columns: [t.playerId, t.handler] })],
);

/** The player who founded each squad (squad_founder, GAME §5); leadership may pass on, this does not. */
export const squadFounders = pgTable('squad_founders', {
  squadId: uuid('squad_id').primaryKey(),
  playerId: uuid('player_id').notNull(),
});

/** A squad's evidence in halves (Deep_Analysis counts ×1.5 exactly); `squads.evidence_gathered` = floor(halves / 2). */
export const squadEvidence = pgTable('squad_evidence', {
  squadId: uuid('squad_id').primaryKey(),
  halves: integer('halves').notNull().default(0),
});

/**
 * An endorsement (GAME §1): once per game day per endorser (unique), +points to one dimension of
 * the target. The (endorser, target, created_at) index answers the 7-day pair check.
 */
export const endorsements = pgTable(
  'endorsements',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    endorserId: uuid('endorser_id').notNull().references(() => players.id, { onDelete: 'cascade' }),
    targetId: uuid('target_id').notNull().references(() => players.id, { onDelete: 'cascade' }),
    dimension: text('dimension').notNull(),
    points: integer('points').notNull(),
    gameDay: integer('game_day').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('endorsements_once_per_day').on(t.endorserId, t.gameDay),
    index('endorsements_pair_idx').on(t.endorserId, t.targetId, t.createdAt),
    index('endorsements_target_idx').on(t.targetId, t.createdAt),
    check('endorsements_not_self', sql`${t.endorserId} <> ${t.targetId}`),
    check('endorsements_dimension_check', sql`${t.dimension} in ('technicalMastery', 'truthScore', 'impactRating', 'teachingHonor', 'artisticVision')`),
  ],
);

/** Mentor rewards already paid, per pairing and kind ('graduation' | 'rating'): each once. */
export const mentorRewards = pgTable(
  'mentor_rewards',
  {
    pairingId: text('pairing_id').notNull(),
    kind: text('kind').notNull(),
    mentorId: uuid('mentor_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'mentor_rewards_pk', columns: [t.pairingId, t.kind] }),
    check('mentor_rewards_kind_check', sql`${t.kind} in ('graduation', 'rating')`),
  ],
);
