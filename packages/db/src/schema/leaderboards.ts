import { sql } from 'drizzle-orm';
import {
  bigint, boolean, check, index, integer, pgTable, primaryKey, smallint, text, timestamp, unique, uuid,
} from 'drizzle-orm/pg-core';

/*
 * Leaderboards (GAME §5.1), migration 0020_leaderboards. The SQL functions and triggers that write
 * scores live in that migration: `leaderboard_add()` and one trigger per recorded source.
 */

/** The boards (codes of the rules' LEADERBOARDS) and the weekly season each one scores into now. */
export const leaderboardBoards = pgTable(
  'leaderboard_boards',
  {
    board: smallint('board').primaryKey(),
    key: text('key').notNull(),
    subject: text('subject', { enum: ['player', 'squad'] }).notNull(),
    /** The season (IYYYIW) new points go to; the weekly close moves it on. */
    openWeek: integer('open_week').notNull(),
  },
  (t) => [
    unique('leaderboard_boards_key_unique').on(t.key),
    check('leaderboard_boards_subject_check', sql`${t.subject} in ('player', 'squad')`),
  ],
);

/**
 * One subject's score on one board in one period (0 = all-time, else a season IYYYIW). A closed
 * season's rows are its archive: nothing writes them after the close froze them.
 */
export const leaderboardScores = pgTable(
  'leaderboard_scores',
  {
    board: smallint('board').notNull(),
    period: integer('period').notNull(),
    subjectId: uuid('subject_id').notNull(),
    score: bigint('score', { mode: 'number' }).notNull(),
    /** When the subject reached this score: the first tiebreak. */
    reachedAt: timestamp('reached_at', { withTimezone: true }).notNull(),
    /** The score `leaderboard_rank_counts` holds for this row. */
    folded: bigint('folded', { mode: 'number' }).notNull().default(0),
    /** The score moved since it was folded. */
    pending: boolean('pending').notNull().default(true),
  },
  (t) => [
    primaryKey({ name: 'leaderboard_scores_pk', columns: [t.board, t.period, t.subjectId] }),
    index('leaderboard_scores_order_idx').on(t.board, t.period, sql`(-${t.score})`, t.reachedAt, t.subjectId),
    index('leaderboard_scores_pending_idx').on(t.board, t.period).where(sql`${t.pending}`),
  ],
);

/** Counts of folded scores per bucket: level l, bucket = score >> (8·l). */
export const leaderboardRankCounts = pgTable(
  'leaderboard_rank_counts',
  {
    board: smallint('board').notNull(),
    period: integer('period').notNull(),
    level: smallint('level').notNull(),
    bucket: bigint('bucket', { mode: 'number' }).notNull(),
    n: bigint('n', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ name: 'leaderboard_rank_counts_pk', columns: [t.board, t.period, t.level, t.bucket] })],
);

/** Season statuses: frozen (writers moved on), then paid. */
export const LEADERBOARD_SEASON_STATUSES = ['closing', 'closed'] as const;

/** A weekly season of one board; (board, week) is the close's idempotency key. */
export const leaderboardSeasons = pgTable(
  'leaderboard_seasons',
  {
    board: smallint('board').notNull(),
    week: integer('week').notNull(),
    status: text('status', { enum: LEADERBOARD_SEASON_STATUSES }).notNull(),
    frozenAt: timestamp('frozen_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** Subjects with a score above 0 at the close, and the sum of their scores. */
    entries: integer('entries'),
    totalScore: bigint('total_score', { mode: 'number' }),
  },
  (t) => [
    primaryKey({ name: 'leaderboard_seasons_pk', columns: [t.board, t.week] }),
    index('leaderboard_seasons_week_idx').on(t.week),
    check('leaderboard_seasons_status_check', sql`${t.status} in ('closing', 'closed')`),
  ],
);

/** A rewarded place of a closed season; place 1 carries the board's weekly title. */
export const leaderboardAwards = pgTable(
  'leaderboard_awards',
  {
    board: smallint('board').notNull(),
    week: integer('week').notNull(),
    place: smallint('place').notNull(),
    subjectId: uuid('subject_id').notNull(),
    score: bigint('score', { mode: 'number' }).notNull(),
    reachedAt: timestamp('reached_at', { withTimezone: true }).notNull(),
    reward: bigint('reward', { mode: 'number' }).notNull(),
    title: text('title'),
  },
  (t) => [
    primaryKey({ name: 'leaderboard_awards_pk', columns: [t.board, t.week, t.place] }),
    index('leaderboard_awards_subject_idx').on(t.subjectId),
  ],
);
