import { sql } from 'drizzle-orm';
import { ALL_TIME_PERIOD, leaderboardDef, leaderboardWeek, weekHasEnded, type LeaderboardSubject } from '@datavism/rules';
import type { Db, Tx } from './client';
import { accountId, creditCte, transferCtes, withTransaction } from './ledger';
import { LEADERBOARD_LOCK, leaderboardBoards } from './leaderboards';
import { isUuid, queryRows, toNumber } from './sql';

/*
 * The weekly close (GAME §5.1, §6.5) in two transactions per board and week:
 *
 * 1. freeze — under the board's advisory lock taken exclusively (it waits for every writer that
 *    may still add to the week, and holds new ones back until it commits): open_week moves to the
 *    current season and the season row is written `closing`. From then on nothing writes the
 *    closed week's rows: they are the season's archive, complete by construction. This
 *    transaction touches only leaderboard rows, so it cannot deadlock with a game transaction.
 * 2. settle — under the season row's lock, once (`closing` → `closed`): the top 10 in board order
 *    are paid from the mint (set-based transfers, key `leaderboard:<board>:<week>:<place>`), the
 *    winner's title is granted, the awards and the season's size are written, all together.
 *
 * A crash between the two leaves a `closing` season that the next run settles; a second process
 * or a second run finds open_week already moved, or the season already `closed`, and does nothing.
 */

/** A rewarded place of a closed season. */
export interface LeaderboardAward {
  place: number;
  subjectId: string;
  name: string;
  score: number;
  reachedAt: Date;
  reward: number;
  /** The board's weekly title, on place 1. */
  title: string | null;
}

/** A season of one board. */
export interface LeaderboardSeason {
  board: number;
  key: string;
  week: number;
  status: 'closing' | 'closed';
  frozenAt: Date;
  closedAt: Date | null;
  entries: number | null;
  totalScore: number | null;
  awards: LeaderboardAward[];
}

/**
 * Step 1: moves `board` from `week` to `nextWeek` and writes the season `closing`. False when the
 * board is not on `week` any more (already frozen by another run or process).
 */
export function freezeLeaderboardWeek(db: Db, board: number, week: number, nextWeek: number, now: Date): Promise<boolean> {
  return withTransaction(db, async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${LEADERBOARD_LOCK}, ${board})`);
    const moved = await queryRows(tx, sql`UPDATE leaderboard_boards SET open_week = ${nextWeek}
      WHERE board = ${board} AND open_week = ${week} RETURNING board`);
    if (moved.length === 0) return false;
    await tx.execute(sql`INSERT INTO leaderboard_seasons (board, week, status, frozen_at)
      VALUES (${board}, ${week}, 'closing', ${now}) ON CONFLICT (board, week) DO NOTHING`);
    if (leaderboardDef(board)?.key === 'squad_territories_held') {
      // The week's rows are the current holdings: the next week starts from them.
      await tx.execute(sql`INSERT INTO leaderboard_scores (board, period, subject_id, score, reached_at)
        SELECT board, ${nextWeek}, subject_id, score, reached_at FROM leaderboard_scores
        WHERE board = ${board} AND period = ${week} AND score > 0
        ORDER BY subject_id
        ON CONFLICT (board, period, subject_id) DO UPDATE SET score = excluded.score, reached_at = excluded.reached_at, pending = true`);
    }
    return true;
  });
}

/**
 * Step 2: pays and archives a `closing` season once. `rewards[i]` is the reward of place i + 1
 * (resistance_credits, from the registry). Returns null when the season is not `closing`.
 */
export function settleLeaderboardSeason(db: Db, board: number, week: number, input: { rewards: readonly number[]; now: Date }): Promise<LeaderboardSeason | null> {
  const def = leaderboardDef(board);
  if (!def) throw new RangeError(`no leaderboard ${board}`);
  return withTransaction(db, async (tx) => {
    const [season] = await queryRows<{ status: string }>(tx, sql`SELECT status FROM leaderboard_seasons
      WHERE board = ${board} AND week = ${week} FOR UPDATE`);
    if (season?.status !== 'closing') return null;
    const [size] = await queryRows<{ n: unknown; total: unknown }>(tx, sql`SELECT count(*) AS n, coalesce(sum(score), 0) AS total
      FROM leaderboard_scores WHERE board = ${board} AND period = ${week} AND score > 0`);
    const top = await queryRows<{ subject_id: string; score: unknown; reached_at: unknown }>(tx, sql`
      SELECT subject_id::text, score, reached_at FROM leaderboard_scores
      WHERE board = ${board} AND period = ${week} AND (-score) < 0
      ORDER BY (-score), reached_at, subject_id LIMIT ${input.rewards.length}`);
    const awards = top.map((r, i) => ({
      place: i + 1, subjectId: r.subject_id, score: toNumber(r.score), reachedAt: new Date(r.reached_at as string),
      reward: Math.max(0, Math.trunc(input.rewards[i] ?? 0)), title: i === 0 ? def.title : null,
    }));
    await payAwardsTx(tx, def.subject, board, week, awards);
    if (awards.length > 0) {
      await tx.execute(sql`INSERT INTO leaderboard_awards (board, week, place, subject_id, score, reached_at, reward, title)
        SELECT ${board}, ${week}, x.place, x.subject_id, x.score, x.reached_at, x.reward, x.title
        FROM jsonb_to_recordset(${JSON.stringify(awards.map((a) => ({ ...a, subject_id: a.subjectId, reached_at: a.reachedAt })))}::jsonb)
          AS x(place smallint, subject_id uuid, score bigint, reached_at timestamptz, reward bigint, title text)`);
    }
    if (def.subject === 'player' && awards[0]) {
      await tx.execute(sql`UPDATE players SET titles = array_append(titles, ${def.title})
        WHERE id = ${awards[0].subjectId}::uuid AND NOT (${def.title} = ANY(titles))`);
    }
    if (def.key === 'squad_territories_held') {
      // All-time territories held: each week's holdings at its close (territory-weeks).
      await tx.execute(sql`INSERT INTO leaderboard_scores AS s (board, period, subject_id, score, reached_at)
        SELECT board, ${ALL_TIME_PERIOD}, subject_id, score, ${input.now} FROM leaderboard_scores
        WHERE board = ${board} AND period = ${week} AND score > 0 ORDER BY subject_id
        ON CONFLICT (board, period, subject_id) DO UPDATE SET score = s.score + excluded.score, reached_at = excluded.reached_at, pending = true`);
    }
    await tx.execute(sql`UPDATE leaderboard_seasons SET status = 'closed', closed_at = ${input.now},
      entries = ${toNumber(size?.n)}, total_score = ${toNumber(size?.total)} WHERE board = ${board} AND week = ${week}`);
    return (await seasonsWhere(tx, sql`s.board = ${board} AND s.week = ${week}`, 1))[0] ?? null;
  });
}

/** Mints each award's reward into the subject's account (a squad's treasury) in one statement. */
async function payAwardsTx(tx: Tx, subject: LeaderboardSubject, board: number, week: number, awards: readonly { place: number; subjectId: string; reward: number }[]): Promise<void> {
  const paid = awards.filter((a) => a.reward > 0);
  if (paid.length === 0) return;
  const mintId = await accountId(tx, { kind: 'mint' });
  const rows: { account: number; place: number; amount: number }[] = [];
  for (const a of paid) rows.push({ account: await accountId(tx, { kind: subject, id: a.subjectId }), place: a.place, amount: a.reward });
  await tx.execute(sql`WITH due AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(account bigint, place int, amount bigint)
    ), ${transferCtes('paid', sql`
      SELECT ${mintId}::bigint, account, 'resistance_credits', amount, 'leaderboard_reward',
             'leaderboard:' || ${board}::text || ':' || ${week}::text || ':' || place
      FROM due ORDER BY account`, { idempotent: true })},
    ${creditCte('credit', sql`SELECT to_account_id, resource, sum(amount)::bigint FROM paid GROUP BY to_account_id, resource ORDER BY to_account_id`)}
    SELECT count(*) FROM paid`);
}

/**
 * Closes every board whose open week has ended at `now` (Liberation Sunday has begun) and settles
 * every frozen season: the Sunday job. Safe to run any number of times, from any number of
 * processes. Returns the seasons this run settled.
 */
export async function closeEndedLeaderboardWeeks(db: Db, input: { now: Date; rewards: readonly number[] }): Promise<LeaderboardSeason[]> {
  const current = leaderboardWeek(input.now).id;
  for (const b of await leaderboardBoards(db)) {
    if (weekHasEnded(b.openWeek, input.now)) await freezeLeaderboardWeek(db, b.board, b.openWeek, current, input.now);
  }
  const frozen = await queryRows<{ board: unknown; week: unknown }>(db, sql`SELECT board, week FROM leaderboard_seasons
    WHERE status = 'closing' ORDER BY week, board`);
  const settled: LeaderboardSeason[] = [];
  for (const f of frozen) {
    const s = await settleLeaderboardSeason(db, toNumber(f.board), toNumber(f.week), input);
    if (s) settled.push(s);
  }
  return settled;
}

type SeasonRow = {
  board: unknown; week: unknown; status: 'closing' | 'closed'; frozen_at: unknown; closed_at: unknown; entries: unknown; total_score: unknown;
  awards: { place: number; subject_id: string; name: string | null; score: unknown; reached_at: string; reward: unknown; title: string | null }[] | string | null;
};

async function seasonsWhere(db: Db, where: ReturnType<typeof sql>, limit: number): Promise<LeaderboardSeason[]> {
  const rows = await queryRows<SeasonRow>(db, sql`
    SELECT s.board, s.week, s.status, s.frozen_at, s.closed_at, s.entries, s.total_score,
      (SELECT coalesce(jsonb_agg(jsonb_build_object('place', a.place, 'subject_id', a.subject_id, 'name', coalesce(p.name, q.name),
          'score', a.score, 'reached_at', a.reached_at, 'reward', a.reward, 'title', a.title) ORDER BY a.place), '[]'::jsonb)
       FROM leaderboard_awards a LEFT JOIN players p ON p.id = a.subject_id LEFT JOIN squads q ON q.id = a.subject_id
       WHERE a.board = s.board AND a.week = s.week) AS awards
    FROM leaderboard_seasons s WHERE ${where}
    ORDER BY s.week DESC, s.board LIMIT ${limit}`);
  return rows.map((r) => {
    const awards = typeof r.awards === 'string' ? JSON.parse(r.awards) : (r.awards ?? []);
    return {
      board: toNumber(r.board), key: leaderboardDef(toNumber(r.board))?.key ?? '', week: toNumber(r.week), status: r.status,
      frozenAt: new Date(r.frozen_at as string), closedAt: r.closed_at ? new Date(r.closed_at as string) : null,
      entries: r.entries === null ? null : toNumber(r.entries), totalScore: r.total_score === null ? null : toNumber(r.total_score),
      awards: (awards as Exclude<SeasonRow['awards'], string | null>).map((a) => ({
        place: a.place, subjectId: a.subject_id, name: a.name ?? '', score: toNumber(a.score), reachedAt: new Date(a.reached_at),
        reward: toNumber(a.reward), title: a.title,
      })),
    };
  });
}

/** Archived seasons, newest first: of one board or all, before a week (paging), at most `limit`. */
export function listLeaderboardSeasons(db: Db, options: { board?: number; beforeWeek?: number; limit: number }): Promise<LeaderboardSeason[]> {
  const parts = [sql`true`];
  if (options.board !== undefined) parts.push(sql`s.board = ${options.board}`);
  if (options.beforeWeek !== undefined) parts.push(sql`s.week < ${options.beforeWeek}`);
  return seasonsWhere(db, sql.join(parts, sql` AND `), options.limit);
}

/** One season, or null. */
export async function getLeaderboardSeason(db: Db, board: number, week: number): Promise<LeaderboardSeason | null> {
  return (await seasonsWhere(db, sql`s.board = ${board} AND s.week = ${week}`, 1))[0] ?? null;
}

/** Weekly titles a player or squad won, newest first. */
export async function leaderboardTitles(db: Db, subjectId: string): Promise<{ board: number; key: string; week: number; title: string }[]> {
  if (!isUuid(subjectId)) return [];
  const rows = await queryRows<{ board: unknown; week: unknown; title: string }>(db, sql`SELECT board, week, title FROM leaderboard_awards
    WHERE subject_id = ${subjectId}::uuid AND title IS NOT NULL ORDER BY week DESC, board`);
  return rows.map((r) => ({ board: toNumber(r.board), key: leaderboardDef(toNumber(r.board))?.key ?? '', week: toNumber(r.week), title: r.title }));
}
