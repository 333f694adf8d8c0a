/**
 * Community-health benchmark (GAME §9: "computed daily … one set-based pass").
 *
 *   npx tsx tests/bench/health.ts            (from the repo root; DATABASE_URL or local Postgres)
 *   npm run bench -- health
 *
 * On a fresh Postgres database: 1,000,000 players (2 % created this week), their activity masks
 * (60 % active in the last two weeks, anchored in the last 4 days, varied days), 20,000 squads holding 40 % of the players,
 * 1,000,000 chat messages over nine days (3 % masked, 0.5 % removed by a moderator after a report)
 * and reputation gains of 20 % of the players on each of the last 14 days — all with
 * generate_series. Then the daily job's work (`computeCommunityHealth`: the one-pass count, the
 * rules' score, the snapshot upsert, the prune) runs 5 times; the median is the figure (goal ≤ 10 s).
 */
import { pathToFileURL } from 'node:url';
import { computeCommunityHealth, openDatabase } from '@datavism/db';
import { utcDay } from '@datavism/rules';
import { freshPostgresDatabase } from '../utils/pg';
import { machineWithPostgres, machineWithPostgresLine, median, secondsGoalLine } from './machine';

export interface HealthBenchFigures {
  players: number;
  seedSeconds: number;
  runs: number[];
  medianSeconds: number;
  goalSeconds: number;
  snapshot: Record<string, unknown>;
  machine: { line: string; postgres: string; loadAverage: number[] };
}

type Query = (sql: string, params?: unknown[]) => Promise<any[]>;

async function seed(query: Query, n: number, day: string): Promise<void> {
  // Players (no login day: activity is seeded straight into the table the login trigger writes).
  await query(`
    INSERT INTO players (name, name_key, password_hash, created_at, technical_mastery, truth_score)
    SELECT 'hb' || i, 'hb' || i, 'x',
      CASE WHEN i % 50 = 0 THEN ($1::date - (i % 7)::int)::timestamp AT TIME ZONE 'UTC' + interval '3 hours'
           ELSE ($1::date - (8 + i % 400)::int)::timestamp AT TIME ZONE 'UTC' END,
      (i * 7919) % 5000, (i * 104729) % 5000
    FROM generate_series(1::bigint, $2::bigint) AS i`, [day, n]);
  // Activity: 60 % of the players have an anchor within the last 14 days and a mask of 28 days.
  await query(`
    INSERT INTO player_activity (player_id, anchor, login_days, squad_days)
    SELECT id, $1::date - (h % 4)::int, ((h * 2654435761) % 268435456)::int, CASE WHEN h % 3 = 0 THEN ((h * 40503) % 16384)::int ELSE 0 END
    FROM (SELECT id, abs(hashtext(id::text))::bigint AS h FROM players) p WHERE h % 10 < 6`, [day]);
  await query(`
    INSERT INTO squads (name, name_key, type) SELECT 'hs' || i, 'hs' || i, 'analysis' FROM generate_series(1, 20000) AS i`);
  await query(`
    INSERT INTO squad_members (squad_id, player_id, role)
    SELECT s.id, p.id, 'member' FROM (SELECT id, row_number() OVER () AS rn FROM players) p
    JOIN (SELECT id, row_number() OVER () - 1 AS k FROM squads) s ON s.k = p.rn % 20000
    WHERE p.rn % 5 < 2`);
  // Chat: a million messages over nine days, on the global channel.
  await query(`
    INSERT INTO social_messages (channel, author_id, body, masked, created_at)
    SELECT 'global', p.id, CASE WHEN i % 200 = 0 THEN '' ELSE 'hello' END, i % 33 = 0,
      ($1::date + 1)::timestamp AT TIME ZONE 'UTC' - (i % 777600) * interval '1 second'
    FROM generate_series(1, 1000000) AS i JOIN (SELECT id, row_number() OVER () AS rn FROM players) p ON p.rn = 1 + (i * 7) % $2`, [day, n]);
  await query(`UPDATE social_messages SET removed_at = created_at, removed_kind = 'moderator' WHERE body = ''`);
  await query(`
    INSERT INTO social_reports (message_id, reporter_id, reason, status)
    SELECT m.id, m.author_id, 'abuse', 'removed' FROM social_messages m WHERE m.removed_kind = 'moderator'`);
  // Reputation gains: 20 % of the players on each of the last 14 days.
  await query(`
    INSERT INTO reputation_gains (day, player_id, technical_mastery, truth_score, impact_rating, teaching_honor, artistic_vision)
    SELECT $1::date - d, p.id, (p.h % 50), (p.h % 30), (p.h % 40), (p.h % 10), (p.h % 5)
    FROM generate_series(0, 13) AS d
    JOIN (SELECT id, abs(hashtext(id::text))::bigint AS h FROM players) p ON (p.h + d) % 5 = 0`, [day]);
  await query('VACUUM ANALYZE');
}

export async function runHealthBench(options: { players?: number; runs?: number } = {}): Promise<HealthBenchFigures> {
  const n = options.players ?? 1_000_000;
  const fresh = await freshPostgresDatabase('health');
  const database = await openDatabase({ databaseUrl: fresh.url, poolSize: 2 });
  try {
    const day = utcDay(new Date());
    let t = performance.now();
    await seed(fresh.query, n, day);
    const seedSeconds = (performance.now() - t) / 1000;
    const runs: number[] = [];
    let snapshot: Record<string, unknown> = {};
    for (let i = 0; i < (options.runs ?? 5); i++) {
      t = performance.now();
      const s = await computeCommunityHealth(database.db, day);
      runs.push((performance.now() - t) / 1000);
      snapshot = { ...s, computedAt: undefined };
    }
    return {
      players: n, seedSeconds, runs, medianSeconds: median(runs), goalSeconds: 10, snapshot,
      machine: await machineWithPostgres((sql) => fresh.query(sql)),
    };
  } finally {
    await database.close();
    await fresh.drop();
  }
}

function print(f: HealthBenchFigures): void {
  console.log(machineWithPostgresLine(f.machine));
  console.log(`seed ${f.players.toLocaleString('en')} players with activity, squads, 1M messages, gains: ${f.seedSeconds.toFixed(1)} s`);
  console.log(`daily health job runs: ${f.runs.map((r) => `${r.toFixed(2)} s`).join(', ')}`);
  console.log(secondsGoalLine(f.medianSeconds, f.goalSeconds));
  console.log(`snapshot: ${JSON.stringify(f.snapshot)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runHealthBench()
    .then(print)
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
