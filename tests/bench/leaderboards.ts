/**
 * Leaderboards benchmark (GAME §5.1): one board of 1,000,000 players on Postgres.
 *
 *   npx tsx tests/bench/leaderboards.ts [--players N] [--runs R] [--queries Q]
 *
 * On a fresh database: seeds N entries of `operation_points` for the open week with
 * generate_series (varied scores, ties, reach times) in the state the fold loop keeps them —
 * scores folded into the rank counts — and then moves 2,000 of them (pending, as between two
 * folds). After 20 untimed reads of each kind (the pool's connections plan around-me's function),
 * each of R runs times Q top-100 reads and Q around-me reads (a random player's rank, tie count
 * and 5 neighbours each side, one call) through the db package, and one weekly close
 * (freeze + settle: archive and top-10 rewards through the ledger) of a fresh copy of the week.
 * Baseline in the same run: the same answers computed the naive way from the raw events (2 per
 * player): GROUP BY + ORDER BY for the top 100, a window-function rank over all totals for
 * around-me, and a close that archives by copying every ranked row. Prints medians of the runs,
 * the ratios, the machine and the load average (other engineers' tests share the 2 cores).
 */
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import {
  closeEndedLeaderboardWeeks, foldLeaderboardRanks, leaderboardAround, leaderboardBoards, leaderboardTop, ledgerInvariant, openDatabase,
  type Db,
} from '@datavism/db';
import { LEADERBOARDS, leaderboardRewards, leaderboardWeek, leaderboardWeekById, nextLeaderboardWeek } from '@datavism/rules';
import { freshPostgresDatabase } from '../utils/pg';
import { machine, median, percentile } from './machine';

const BOARD = LEADERBOARDS.find((b) => b.key === 'operation_points')!.code;

export interface LeaderboardBenchRun {
  /** With 2,000 scores moved since the last fold. */
  topP99Ms: number;
  aroundP99Ms: number;
  topP50Ms: number;
  aroundP50Ms: number;
  /** Right after the fold (nothing pending). */
  foldedTopP99Ms: number;
  foldedAroundP99Ms: number;
  foldSeconds: number;
  closeSeconds: number;
  naiveTopP99Ms: number;
  naiveAroundP99Ms: number;
  naiveCloseSeconds: number;
}

export interface LeaderboardBenchFigures {
  players: number;
  rawEvents: number;
  seedSeconds: number;
  rankCountsSeconds: number;
  pendingRows: number;
  runs: LeaderboardBenchRun[];
  median: LeaderboardBenchRun;
  ratios: { top: number; around: number; close: number };
  goals: { topMet: boolean; aroundMet: boolean; closeMet: boolean };
  machine: { line: string; postgres: string; loadAverageBefore: number[]; loadAverageAfter: number[] };
}

type Query = (text: string, params?: unknown[]) => Promise<any[]>;

const round = (x: number) => Math.round(x * 1000) / 1000;
const load = () => os.loadavg().map((x) => Math.round(x * 10) / 10);

/** N entries of one week: score 1 + floor(100000·u³) (few high scores, many ties low down), reach times over the week. */
async function seedWeek(q: Query, week: number, n: number, startsAt: Date): Promise<void> {
  await q(`INSERT INTO leaderboard_scores (board, period, subject_id, score, reached_at, folded, pending)
    SELECT $1, $2, md5(i::text)::uuid, s, $4::timestamptz + ((i * 7919) % 604800) * interval '1 second', s, false
    FROM (SELECT i, 1 + floor(100000 * power(((i * 2654435761) % 1000003) / 1000003.0, 3))::bigint AS s
          FROM generate_series(1::bigint, $3::bigint) AS i) x`, [BOARD, week, n, startsAt.toISOString()]);
}

/** The rank counts the fold loop holds for a week: its folded scores, per level and bucket. */
async function countWeek(q: Query, week: number): Promise<void> {
  await q(`INSERT INTO leaderboard_rank_counts (board, period, level, bucket, n)
    SELECT $1, $2, l, folded >> (8 * l), count(*) FROM leaderboard_scores CROSS JOIN generate_series(0, 7) AS l
    WHERE board = $1 AND period = $2 AND folded > 0 GROUP BY l, folded >> (8 * l)`, [BOARD, week]);
}

/** Moves 2,000 scores of a week, as between two folds (pending until the next). */
async function moveScores(q: Query, week: number, n: number, pending: number): Promise<void> {
  await q(`UPDATE leaderboard_scores SET score = score + 1 + (hashtext(subject_id::text) & 255), pending = true, reached_at = now()
           WHERE board = $1 AND period = $2 AND subject_id IN (SELECT md5(i::text)::uuid FROM generate_series(1, $3::bigint, $4::bigint) AS i)`,
  [BOARD, week, n, Math.max(1, Math.floor(n / pending))]);
  // As autovacuum would have by now: without statistics the planner may scan the rank counts.
  await q('ANALYZE leaderboard_scores');
  await q('ANALYZE leaderboard_rank_counts');
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** Runs the benchmark on a throw-away Postgres database and returns the figures. */
export async function runLeaderboardsBench(options: { players?: number; runs?: number; queries?: number } = {}): Promise<LeaderboardBenchFigures> {
  const n = options.players ?? 1_000_000;
  const runs = options.runs ?? 3;
  const queries = options.queries ?? 300;
  const loadAverageBefore = load();
  const fresh = await freshPostgresDatabase('leaderboards_bench');
  const database = await openDatabase({ databaseUrl: fresh.url, poolSize: 2 });
  const db: Db = database.db;
  const q = fresh.query;
  try {
    let week = leaderboardWeekById((await leaderboardBoards(db)).find((b) => b.board === BOARD)!.openWeek)!;
    const t = performance.now();
    await seedWeek(q, week.id, n, week.startsAt);
    // The raw events the naive baseline ranks: two per player this week.
    await q(`CREATE TABLE bench_events (player_id uuid NOT NULL, points bigint NOT NULL, at timestamptz NOT NULL)`);
    await q(`INSERT INTO bench_events SELECT subject_id, score / 2, reached_at FROM leaderboard_scores WHERE board = $1 AND period = $2
             UNION ALL SELECT subject_id, score - score / 2, reached_at FROM leaderboard_scores WHERE board = $1 AND period = $2`, [BOARD, week.id]);
    await q('CREATE INDEX bench_events_at_idx ON bench_events (at)');
    await q('ANALYZE bench_events');
    const seedSeconds = (performance.now() - t) / 1000;
    const rankCountsSeconds = (await timed(() => countWeek(q, week.id))) / 1000;
    const PENDING = 2_000;
    await moveScores(q, week.id, n, PENDING);
    const ids: string[] = (await q(`SELECT md5(i::text)::uuid::text AS id FROM generate_series(1, $1::bigint) AS i
      ORDER BY (i * 48271) % 2147483647 LIMIT $2`, [n, queries])).map((r: { id: string }) => r.id);

    // Warm-up, not timed: a long-running server's pooled connections have planned their
    // statements (around-me is a plpgsql function, migration 0032: its first call on each
    // connection plans it, and would otherwise be most of a 300-query p99).
    for (let i = 0; i < 20; i++) {
      await leaderboardTop(db, BOARD, week.id, 100);
      await leaderboardAround(db, BOARD, week.id, ids[(i * 13) % ids.length]!, 5);
    }
    const results: LeaderboardBenchRun[] = [];
    for (let run = 0; run < runs; run++) {
      const reads = async (offset: number) => {
        const top: number[] = [];
        const around: number[] = [];
        for (let i = 0; i < queries; i++) {
          top.push(await timed(() => leaderboardTop(db, BOARD, week.id, 100)));
          around.push(await timed(() => leaderboardAround(db, BOARD, week.id, ids[(i + offset) % ids.length]!, 5)));
        }
        return { top, around };
      };
      const { top, around } = await reads(run * 7);
      // The fold loop's work for those moves, then the same reads with nothing pending.
      const foldMs = await timed(async () => { while ((await foldLeaderboardRanks(db)) > 0); });
      const folded = await reads(run * 7 + 3);
      // Naive: a handful of each (seconds apiece), from the raw events.
      const naiveTop: number[] = [];
      const naiveAround: number[] = [];
      for (let i = 0; i < 3; i++) {
        naiveTop.push(await timed(() => q(`SELECT player_id, sum(points) AS score, max(at) AS reached FROM bench_events
          WHERE at >= $1 AND at < $2 GROUP BY player_id ORDER BY score DESC, reached, player_id LIMIT 100`, [week.startsAt, week.closesAt])));
        naiveAround.push(await timed(() => q(`WITH totals AS (
            SELECT player_id, sum(points) AS score, max(at) AS reached FROM bench_events WHERE at >= $1 AND at < $2 GROUP BY player_id
          ), ranked AS (
            SELECT player_id, score, rank() OVER (ORDER BY score DESC) AS rank,
                   row_number() OVER (ORDER BY score DESC, reached, player_id) AS pos FROM totals
          )
          SELECT r.* FROM ranked r WHERE r.pos BETWEEN (SELECT pos FROM ranked WHERE player_id = $3::uuid) - 5
            AND (SELECT pos FROM ranked WHERE player_id = $3::uuid) + 5 ORDER BY r.pos`, [week.startsAt, week.closesAt, ids[i]])));
      }
      // The close of this week (1M entries): freeze + settle, timed as the job runs it.
      const closeMs = await timed(() => closeEndedLeaderboardWeeks(db, { now: week.closesAt, rewards: leaderboardRewards() }));
      // Naive close: rank every total from the raw events and archive them all by copy, then pay the top 10.
      const naiveCloseMs = await timed(async () => {
        await q(`CREATE TABLE IF NOT EXISTS bench_archive (week int, player_id uuid, score bigint, rank bigint, pos bigint)`);
        await q(`INSERT INTO bench_archive SELECT $3, player_id, score, rank() OVER (ORDER BY score DESC), row_number() OVER (ORDER BY score DESC, reached, player_id)
          FROM (SELECT player_id, sum(points) AS score, max(at) AS reached FROM bench_events WHERE at >= $1 AND at < $2 GROUP BY player_id) t`,
        [week.startsAt, week.closesAt, week.id]);
        await q(`SELECT player_id FROM bench_archive WHERE week = $1 AND pos <= 10 ORDER BY pos`, [week.id]);
      });
      results.push({
        topP99Ms: round(percentile(top, 99)), aroundP99Ms: round(percentile(around, 99)),
        topP50Ms: round(percentile(top, 50)), aroundP50Ms: round(percentile(around, 50)),
        foldedTopP99Ms: round(percentile(folded.top, 99)), foldedAroundP99Ms: round(percentile(folded.around, 99)), foldSeconds: round(foldMs / 1000),
        closeSeconds: round(closeMs / 1000),
        naiveTopP99Ms: round(percentile(naiveTop, 99)), naiveAroundP99Ms: round(percentile(naiveAround, 99)),
        naiveCloseSeconds: round(naiveCloseMs / 1000),
      });
      if (run < runs - 1) {
        // The next run reads and closes the next week: the same entries copied there (the closed one stays archived).
        const next = nextLeaderboardWeek(week);
        await q(`INSERT INTO leaderboard_scores (board, period, subject_id, score, reached_at, folded, pending)
          SELECT board, $2, subject_id, score, reached_at + interval '7 days', folded, pending FROM leaderboard_scores WHERE board = $1 AND period = $3`,
        [BOARD, next.id, week.id]);
        await countWeek(q, next.id);
        await q(`UPDATE bench_events SET at = at + interval '7 days'`);
        await q('ANALYZE bench_events');
        await moveScores(q, next.id, n, PENDING);
        week = next;
      }
    }
    for (const line of await ledgerInvariant(db)) if (!line.holds) throw new Error(`ledger invariant broken: ${JSON.stringify(line)}`);

    const med = (k: keyof LeaderboardBenchRun) => round(median(results.map((r) => r[k])));
    const m: LeaderboardBenchRun = {
      topP99Ms: med('topP99Ms'), aroundP99Ms: med('aroundP99Ms'), topP50Ms: med('topP50Ms'), aroundP50Ms: med('aroundP50Ms'),
      foldedTopP99Ms: med('foldedTopP99Ms'), foldedAroundP99Ms: med('foldedAroundP99Ms'), foldSeconds: med('foldSeconds'),
      closeSeconds: med('closeSeconds'), naiveTopP99Ms: med('naiveTopP99Ms'), naiveAroundP99Ms: med('naiveAroundP99Ms'), naiveCloseSeconds: med('naiveCloseSeconds'),
    };
    const [version] = await q('SHOW server_version');
    return {
      players: n,
      rawEvents: 2 * n,
      seedSeconds: round(seedSeconds),
      rankCountsSeconds: round(rankCountsSeconds),
      pendingRows: PENDING,
      runs: results,
      median: m,
      ratios: { top: round(m.naiveTopP99Ms / m.topP99Ms), around: round(m.naiveAroundP99Ms / m.aroundP99Ms), close: round(m.naiveCloseSeconds / m.closeSeconds) },
      goals: { topMet: m.topP99Ms <= 5, aroundMet: m.aroundP99Ms <= 5, closeMet: m.closeSeconds <= 5 },
      machine: { line: machine(), postgres: version?.server_version ?? 'unknown', loadAverageBefore, loadAverageAfter: load() },
    };
  } finally {
    await database.close();
    await fresh.drop();
  }
}

function print(f: LeaderboardBenchFigures): void {
  console.log(`machine: ${f.machine.line}; Postgres ${f.machine.postgres}; load average before ${f.machine.loadAverageBefore.join(' / ')}, after ${f.machine.loadAverageAfter.join(' / ')}`);
  console.log(`seed ${f.players.toLocaleString('en')} entries + ${f.rawEvents.toLocaleString('en')} raw events: ${f.seedSeconds} s; rank counts built in ${f.rankCountsSeconds} s`);
  for (const [i, r] of f.runs.entries()) {
    console.log(`run ${i + 1}: ${f.pendingRows.toLocaleString('en')} pending — top-100 p50 ${r.topP50Ms} / p99 ${r.topP99Ms} ms, around-me p50 ${r.aroundP50Ms} / p99 ${r.aroundP99Ms} ms;`
      + ` fold ${r.foldSeconds} s; folded — top-100 p99 ${r.foldedTopP99Ms} ms, around-me p99 ${r.foldedAroundP99Ms} ms; close ${r.closeSeconds} s`
      + ` | naive: top-100 ${r.naiveTopP99Ms} ms, around-me ${r.naiveAroundP99Ms} ms, close ${r.naiveCloseSeconds} s`);
  }
  const m = f.median;
  console.log(`median of ${f.runs.length}: top-100 p99 ${m.topP99Ms} ms (folded ${m.foldedTopP99Ms}; goal ≤ 5: ${f.goals.topMet ? 'met' : 'MISSED'}), `
    + `around-me p99 ${m.aroundP99Ms} ms (folded ${m.foldedAroundP99Ms}; goal ≤ 5: ${f.goals.aroundMet ? 'met' : 'MISSED'}), close ${m.closeSeconds} s (goal ≤ 5: ${f.goals.closeMet ? 'met' : 'MISSED'})`);
  console.log(`naive baseline: top-100 ${m.naiveTopP99Ms} ms (${f.ratios.top}×), around-me ${m.naiveAroundP99Ms} ms (${f.ratios.around}×), close ${m.naiveCloseSeconds} s (${f.ratios.close}×)`);
}

function arg(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runLeaderboardsBench({ players: arg('players'), runs: arg('runs'), queries: arg('queries') })
    .then(print)
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
