/**
 * Churn-risk benchmark (GAME §8.4: "churn risk (daily worker)"; issue 14: 1,000,000 players in one
 * set-based pass ≤ 10 s).
 *
 *   npx tsx tests/bench/churn.ts [players]     (from the repo root; DATABASE_URL or local Postgres)
 *   npm run bench -- churn
 *
 * On a fresh Postgres database, all with generate_series (the players' triggers are off while
 * seeding, as a restore would have them): 1,000,000 players (last daily login spread over 32 days,
 * so 7 in 8 are in the scored population; a last level-up within 40 days for 6 in 7), the
 * per-day counters of the last 15 days (8 in 10 players have sessions, on about 3 days of each week,
 * squad members some squad interactions, 1 in 23 players a run of wrong answers), 20,000 squads
 * holding 40 % of the players with 2,000 open decisions and 500 squad missions, 300 mentors. Then
 * the pass (`runChurnPass`: scores, a row per player at risk with the interventions' payloads, the handler's
 * messages, the summary, the prune) runs 3 times on the same day, its output deleted in between;
 * the median is the figure (goal ≤ 10 s). Notifications (one set-based `notify` per tier) are not
 * in the pass and not timed.
 */
import { pathToFileURL } from 'node:url';
import { openDatabase, runChurnPass, type ChurnRun } from '@datavism/db';
import { HANDLER_CHECKIN_MESSAGE, utcDay } from '@datavism/rules';
import { freshPostgresDatabase } from '../utils/pg';
import { machineWithPostgres, machineWithPostgresLine, median, secondsGoalLine } from './machine';

export interface ChurnBenchFigures {
  players: number;
  activityRows: number;
  seedSeconds: number;
  runs: number[];
  medianSeconds: number;
  goalSeconds: number;
  summary: Omit<ChurnRun, 'computedAt'> | null;
  /** The day after, scored after the cold day: cooldowns in place. */
  warmRuns: number[];
  warmMedianSeconds: number;
  warmInterventions: Record<string, number>;
  machine: { line: string; postgres: string; loadAverage: number[] };
}

type Query = (sql: string, params?: unknown[]) => Promise<any[]>;

export async function seedChurnBench(query: Query, n: number, day: string): Promise<number> {
  await query('ALTER TABLE players DISABLE TRIGGER USER');
  await query(`
    INSERT INTO players (name, name_key, password_hash, created_at, xp, login_streak, days_active, contributions, last_login_day, last_level_up_at)
    SELECT 'cb' || i, 'cb' || i, 'x',
      ($1::date - (30 + i % 400)::int)::timestamp AT TIME ZONE 'UTC',
      (i * 7919) % 20000, 1 + i % 12, 10 + i % 300, i % 50,
      $1::date - (i % 32)::int,
      CASE WHEN i % 7 = 0 THEN NULL ELSE ($1::date - ((i * 13) % 40)::int)::timestamp AT TIME ZONE 'UTC' + interval '5 hours' END
    FROM generate_series(1::bigint, $2::bigint) AS i`, [day, n]);
  await query('ALTER TABLE players ENABLE TRIGGER USER');
  await query(`
    INSERT INTO squads (name, name_key, type) SELECT 'cs' || i, 'cs' || i, (ARRAY['analysis', 'research', 'brigade', 'shadow'])[1 + i % 4]
    FROM generate_series(1, 20000) AS i`);
  await query(`
    INSERT INTO squad_members (squad_id, player_id, role)
    SELECT s.id, p.id, 'member' FROM (SELECT id, row_number() OVER () AS rn FROM players) p
    JOIN (SELECT id, row_number() OVER () - 1 AS k FROM squads) s ON s.k = p.rn % 20000
    WHERE p.rn % 5 < 2`);
  // Counters of the last 15 days: 8 in 10 players have sessions, on a day with probability ~0.45.
  await query(`
    INSERT INTO engagement_activity (day, player_id, sessions, squad_interactions, failed_challenges)
    SELECT $1::date - d, p.id, 1 + (p.h + d) % 3,
      CASE WHEN p.member THEN (p.h + d) % 3 ELSE 0 END,
      CASE WHEN p.h % 23 = 0 THEN 2 + d % 3 ELSE 0 END
    FROM generate_series(0, 14) AS d
    JOIN (SELECT pl.id, abs(hashtext(pl.id::text))::bigint AS h, m.player_id IS NOT NULL AS member
          FROM players pl LEFT JOIN squad_members m ON m.player_id = pl.id) p
      ON p.h % 10 < 8 AND (p.h / 10 + d * 7919) % 20 < 9`, [day]);
  // Open squad decisions (one in ten squads) and squad missions (one in forty), mentors.
  await query(`
    INSERT INTO squad_decisions (squad_id, proposer_id, kind, closes_at)
    SELECT s.id, m.player_id, 'kick', now() + interval '1 day'
    FROM (SELECT id, row_number() OVER () AS rn FROM squads) s
    JOIN LATERAL (SELECT player_id FROM squad_members m WHERE m.squad_id = s.id LIMIT 1) m ON true
    WHERE s.rn % 10 = 0`);
  await query(`
    INSERT INTO operations (type, name, phase, squad_id, starts_at, active_at)
    SELECT 'rapid', 'Mission ' || s.rn, 'active', s.id::text, now(), now()
    FROM (SELECT id, row_number() OVER () AS rn FROM squads) s WHERE s.rn % 40 = 0`);
  await query(`
    INSERT INTO mentor_profiles (player_id, time_zone, languages, style, registered_at, updated_at)
    SELECT id, 0, ARRAY['en'], 'structured', now(), now() FROM players ORDER BY id LIMIT 300`);
  const [{ n: rows }] = await query('SELECT count(*)::int AS n FROM engagement_activity');
  await query('VACUUM ANALYZE');
  return rows;
}

export async function runChurnBench(options: { players?: number; runs?: number } = {}): Promise<ChurnBenchFigures> {
  const n = options.players ?? 1_000_000;
  const fresh = await freshPostgresDatabase('churn');
  const database = await openDatabase({ databaseUrl: fresh.url, poolSize: 2 });
  try {
    const day = utcDay(new Date());
    let t = performance.now();
    const activityRows = await seedChurnBench(fresh.query, n, day);
    const seedSeconds = (performance.now() - t) / 1000;
    const challenges = Object.fromEntries([1, 2, 3, 4, 5].map((d) => [d, { id: `00000000-0000-0000-0000-00000000000${d}`, title: `Ledger ${d}` }]));
    const pass = async (scoredDay: string) => {
      // Each run scores its day from scratch: that day's output is removed first (not timed).
      await fresh.query('DELETE FROM churn_runs WHERE day = $1', [scoredDay]);
      await fresh.query('DELETE FROM churn_scores WHERE day = $1', [scoredDay]);
      await fresh.query("DELETE FROM social_messages WHERE author_id IS NULL AND channel LIKE 'handler:%'");
      await fresh.query('VACUUM ANALYZE churn_scores, social_messages');
      const started = performance.now();
      const run = await runChurnPass(database.db, {
        day: scoredDay, now: new Date(), challenges, trending: { id: '00000000-0000-0000-0000-0000000000aa', name: 'Global Strike Day' },
        handlerMessage: HANDLER_CHECKIN_MESSAGE,
      });
      return { seconds: (performance.now() - started) / 1000, run };
    };
    // Cold: the first day ever scored — every player at risk gets their tier's interventions.
    const runs: number[] = [];
    let summary: ChurnBenchFigures['summary'] = null;
    for (let i = 0; i < (options.runs ?? 3); i++) {
      const { seconds, run } = await pass(day);
      runs.push(seconds);
      if (run) {
        const { computedAt: _at, ...rest } = run;
        summary = rest;
      }
    }
    // Warm: the next day, after the cold day — the players who got their tier's within 7 days get nothing new.
    const next = utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000));
    const warmRuns: number[] = [];
    let warmInterventions: Record<string, number> = {};
    for (let i = 0; i < (options.runs ?? 3); i++) {
      const { seconds, run } = await pass(next);
      warmRuns.push(seconds);
      warmInterventions = run?.interventions ?? {};
    }
    return {
      players: n, activityRows, seedSeconds, runs, medianSeconds: median(runs), goalSeconds: 10, summary,
      warmRuns, warmMedianSeconds: median(warmRuns), warmInterventions,
      machine: await machineWithPostgres((sql) => fresh.query(sql)),
    };
  } finally {
    await database.close();
    await fresh.drop();
  }
}

function print(f: ChurnBenchFigures): void {
  console.log(machineWithPostgresLine(f.machine));
  console.log(`seed ${f.players.toLocaleString('en')} players, ${f.activityRows.toLocaleString('en')} day counters, squads, decisions, missions, mentors: ${f.seedSeconds.toFixed(1)} s`);
  console.log(`churn pass runs: ${f.runs.map((r) => `${r.toFixed(2)} s`).join(', ')}`);
  console.log(secondsGoalLine(f.medianSeconds, f.goalSeconds));
  console.log(`the next day (cooldowns in place): ${f.warmRuns.map((r) => `${r.toFixed(2)} s`).join(', ')}; median ${f.warmMedianSeconds.toFixed(2)} s; interventions ${JSON.stringify(f.warmInterventions)}`);
  console.log(`summary: ${JSON.stringify(f.summary)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const players = process.argv[2] ? Number(process.argv[2]) : undefined;
  runChurnBench({ players })
    .then(print)
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
