import { sql, type SQL } from 'drizzle-orm';
import { compareStandings, leaderboardDef, type LeaderboardSubject } from '@datavism/rules';
import type { Db, Tx } from './client';
import { isUuid, queryRows, toNumber } from './sql';

/*
 * Leaderboard scores and standings (GAME §5.1). Scores are written by `leaderboard_add()`
 * (migration 0020), called by triggers on what the game already records — reputation rises,
 * operation contributions, challenge solves, verified intel, treasury contribution scores,
 * territory holders — and by the siege resolution through {@link recordSiegeWinTx}.
 *
 * Reads stay fast on a board of a million entries: the top and the neighbours of a subject are
 * index range scans on (board, period, −score, reached_at, subject_id); a rank is 1 + the number
 * of higher scores, taken from `leaderboard_rank_counts` (buckets of score >> 8·level, at most 255
 * per level) plus the difference of the few rows whose score moved since the fold loop last
 * counted them (`pending`). Both are read in one statement, so one snapshot.
 */

/** One subject on a board. `rank` is 1 + the number of higher scores (ties share it). */
export interface Standing {
  subjectId: string;
  name: string;
  score: number;
  reachedAt: Date;
  rank: number;
}

/** A subject's standing with its neighbours. */
export interface AroundStanding {
  me: Standing & { tiedWith: number };
  /** Up to n subjects just above, nearest last (board order). */
  above: Standing[];
  /** Up to n subjects just below, nearest first. */
  below: Standing[];
  /** Subjects on the board (score above 0). */
  entries: number;
}

/** Which table names a board's subjects. */
function namesJoin(subject: LeaderboardSubject): SQL {
  return subject === 'player'
    ? sql`LEFT JOIN players n ON n.id = s.subject_id`
    : sql`LEFT JOIN squads n ON n.id = s.subject_id`;
}

function subjectOf(board: number): LeaderboardSubject {
  const def = leaderboardDef(board);
  if (!def) throw new RangeError(`no leaderboard ${board}`);
  return def.subject;
}

type Row = { subject_id: string; name: string | null; score: unknown; reached_at: unknown };
const standing = (r: Row, rank: number): Standing => ({
  subjectId: r.subject_id, name: r.name ?? '', score: toNumber(r.score), reachedAt: new Date(r.reached_at as string), rank,
});

/**
 * The first `limit` subjects of a board in a period (0 = all-time, else a season IYYYIW), in board
 * order, with competition ranks (every higher score is in the list before an entry, so its rank
 * is the place of the first entry with its score).
 */
export async function leaderboardTop(db: Db, board: number, period: number, limit = 100): Promise<Standing[]> {
  const rows = await queryRows<Row>(db, sql`
    SELECT s.subject_id::text, n.name, s.score, s.reached_at
    FROM (SELECT subject_id, score, reached_at FROM leaderboard_scores
          WHERE board = ${board} AND period = ${period} AND (-score) < 0
          ORDER BY (-score), reached_at, subject_id LIMIT ${limit}) s
    ${namesJoin(subjectOf(board))}
    ORDER BY (-s.score), s.reached_at, s.subject_id`);
  let rank = 0;
  return rows.map((r, i) => {
    if (i === 0 || toNumber(rows[i - 1]!.score) !== toNumber(r.score)) rank = i + 1;
    return standing(r, rank);
  });
}

/**
 * For each threshold, how many subjects score more (exact: the rank counts corrected by the rows
 * whose score moved since their fold — `leaderboard_counts_above()`, migration 0032).
 */
export async function countScoresAbove(db: Db, board: number, period: number, thresholds: readonly number[]): Promise<number[]> {
  if (thresholds.length === 0) return [];
  const list = `{${thresholds.map((x) => Math.trunc(x)).join(',')}}`;
  const rows = await queryRows<{ s: unknown; above: unknown }>(db, sql`
    SELECT s, above FROM leaderboard_counts_above(${board}::smallint, ${period}::int, ${list}::bigint[])`);
  const by = new Map(rows.map((r) => [toNumber(r.s), toNumber(r.above)]));
  return thresholds.map((t) => by.get(Math.trunc(t)) ?? 0);
}

/**
 * A subject's standing on a board in a period with up to `n` neighbours on each side, or null
 * when it has no score there. One call of `leaderboard_around()` (migration 0032: its plan is
 * made once per connection): the subject's row, two index range scans from its key, and the ranks
 * of the distinct scores seen (plus score − 1 for the tie count, and 0 for the board's size).
 */
export async function leaderboardAround(db: Db, board: number, period: number, subjectId: string, n = 5): Promise<AroundStanding | null> {
  if (!isUuid(subjectId)) return null;
  const rows = await queryRows<Row & { side: number; s: unknown; above: unknown }>(db, sql`
    SELECT s.subject_id::text, n.name, s.score, s.reached_at, s.side, s.s, s.above
    FROM leaderboard_around(${board}::smallint, ${period}::int, ${subjectId}::uuid, ${n}::int) s ${namesJoin(subjectOf(board))}`);
  const above = new Map<number, number>();
  for (const r of rows) if (r.side === 2) above.set(toNumber(r.s), toNumber(r.above));
  const win = rows.filter((r) => r.side !== 2);
  const mine = win.find((r) => r.side === 0);
  if (!mine) return null;
  const rankOf = (r: Row) => (above.get(toNumber(r.score)) ?? 0) + 1;
  const side = (k: number) => win.filter((r) => r.side === k).map((r) => standing(r, rankOf(r))).sort(compareStandings);
  const myScore = toNumber(mine.score);
  return {
    me: { ...standing(mine, rankOf(mine)), tiedWith: (above.get(myScore - 1) ?? 0) - (above.get(myScore) ?? 0) - 1 },
    above: side(-1),
    below: side(1),
    entries: above.get(0) ?? 0,
  };
}

/** Subjects on a board in a period (score above 0). */
export async function leaderboardEntries(db: Db, board: number, period: number): Promise<number> {
  const [n] = await countScoresAbove(db, board, period, [0]);
  return n ?? 0;
}

/**
 * Folds up to `limit` pending score rows into the rank counts and marks them folded. Rows a
 * writer holds are skipped (SKIP LOCKED: the fold never waits on game transactions, so it cannot
 * deadlock with them) and stay pending for the next run. Only one fold runs at a time (advisory
 * lock; a second one returns -1 at once). Returns the rows folded.
 */
export async function foldLeaderboardRanks(db: Db, limit = 20_000): Promise<number> {
  return db.transaction(async (tx) => {
    const [lock] = await queryRows<{ ok: boolean }>(tx as unknown as Db, sql`SELECT pg_try_advisory_xact_lock(${LEADERBOARD_LOCK}, 0) AS ok`);
    if (!lock?.ok) return -1;
    const [row] = await queryRows<{ n: unknown }>(tx as unknown as Db, sql`
      WITH changed AS MATERIALIZED (
        SELECT ctid AS row_id, board, period, score, folded FROM leaderboard_scores
        WHERE pending ORDER BY board, period, subject_id LIMIT ${limit} FOR UPDATE SKIP LOCKED
      ), deltas AS (
        SELECT x.board, x.period, l.level::smallint AS level, x.v >> (8 * l.level) AS bucket, sum(x.d)::bigint AS n
        FROM (SELECT board, period, score AS v, 1 AS d FROM changed WHERE score > 0
              UNION ALL SELECT board, period, folded, -1 FROM changed WHERE folded > 0) x
        CROSS JOIN generate_series(0, 7) AS l(level)
        GROUP BY 1, 2, 3, 4 HAVING sum(x.d) <> 0
      ), counted AS (
        INSERT INTO leaderboard_rank_counts AS h (board, period, level, bucket, n)
        SELECT board, period, level, bucket, n FROM deltas ORDER BY board, period, level, bucket
        ON CONFLICT (board, period, level, bucket) DO UPDATE SET n = h.n + excluded.n
      ), marked AS (
        -- By row address (a TID scan): the rows are locked, so their addresses hold until commit,
        -- and a join would hash the whole table whenever the batch looks large to the planner.
        UPDATE leaderboard_scores s SET folded = s.score, pending = false
        WHERE s.ctid = ANY (ARRAY(SELECT row_id FROM changed))
        RETURNING 1
      )
      SELECT count(*) AS n FROM marked`);
    return toNumber(row?.n);
  });
}

/** The advisory-lock namespace of the leaderboards ("LBRD"): (namespace, board) for writers and the close, (namespace, 0) for the fold. */
export const LEADERBOARD_LOCK = 1279414852;

/**
 * Records a won siege (GAME §3.3) on `sieges_won` for the committed members of the winning side
 * and on `squad_sieges_won` for their squad, in the resolution's transaction. A side with nobody
 * committed (or the AC) records nothing.
 */
export async function recordSiegeWinTx(tx: Tx, winner: { squadId: string | null; playerIds: readonly string[] }): Promise<void> {
  const players = [...new Set(winner.playerIds)].filter(isUuid);
  if (!winner.squadId || !isUuid(winner.squadId) || players.length === 0) return;
  await tx.execute(sql`SELECT leaderboard_add(2::smallint, ${`{${players.join(',')}}`}::uuid[], ${`{${players.map(() => 1).join(',')}}`}::bigint[])`);
  await tx.execute(sql`SELECT leaderboard_add(7::smallint, ARRAY[${winner.squadId}::uuid], ARRAY[1::bigint])`);
}

/** Board codes, their keys, who they rank and the season each scores into now. */
export async function leaderboardBoards(db: Db): Promise<{ board: number; key: string; subject: LeaderboardSubject; openWeek: number }[]> {
  const rows = await queryRows<{ board: unknown; key: string; subject: LeaderboardSubject; open_week: unknown }>(
    db, sql`SELECT board, key, subject, open_week FROM leaderboard_boards ORDER BY board`);
  return rows.map((r) => ({ board: toNumber(r.board), key: r.key, subject: r.subject, openWeek: toNumber(r.open_week) }));
}
