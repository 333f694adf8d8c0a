/**
 * Reputation decay benchmark (GAME §1.2: "a run for N players must be one set-based pass").
 *
 *   npx tsx tests/bench/decay.ts            (from the repo root; DATABASE_URL or local Postgres)
 *
 * On a fresh Postgres database: inserts 1,000,000 players with varied reputation and
 * activity dates in one INSERT … SELECT generate_series, times `applyReputationDecay`
 * (median of 3 passes on 3 consecutive days), then times the naive alternative — SELECT
 * each player, compute with the rules in TS, UPDATE it — on 10,000 players, and prints
 * both with the extrapolated per-player ratio. The database is dropped afterwards.
 */
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { applyReputationDecay, openDatabase } from '@datavism/db';
import { applyDecay, dailyDecay, dayNumber, decayFloor, influence, utcDay } from '@datavism/rules';
import { freshPostgresDatabase } from '../utils/pg';
import { machine, machineWithPostgresLine, median } from './machine';

export interface DecayBenchFigures {
  players: number;
  insertSeconds: number;
  /** Each set-based pass: seconds and players changed. */
  passes: { seconds: number; rows: number }[];
  medianPassSeconds: number;
  loopPlayers: number;
  loopSeconds: number;
  /** Microseconds per player of the set-based pass and of the loop. */
  passMicrosPerPlayer: number;
  loopMicrosPerPlayer: number;
  /** How many times slower the loop is per player (its time for 1M players, extrapolated). */
  ratio: number;
  loopExtrapolatedSeconds: number;
  /** os.cpus()[0].model and the core count, plus the rest of `machine()`. */
  machine: { cpu: string; cores: number; line: string; postgres: string; loadAverage: number[] };
}

const DAY_MS = 86_400_000;

type Query = (sql: string, params?: unknown[]) => Promise<any[]>;

/** Fills `players` with `n` deterministic, varied players as of `now`. */
async function insertPlayers(query: Query, n: number, now: Date): Promise<void> {
  await query(`
    INSERT INTO players (name, name_key, password_hash, created_at,
      technical_mastery, truth_score, impact_rating, teaching_honor, artistic_vision,
      first_blood, mass_awakening, is_squad_leader,
      last_login_day, last_contribution_at, last_major_action_at,
      contributions, days_active, verified, founder)
    SELECT 'bench' || i, 'bench' || i, 'x',
      $1::date - (30 + i % 400)::int,
      (i * 7919) % 10001, (i * 104729) % 10001, (i * 1299709) % 10001,
      (i * 15485863) % 10001, (i * 32452843) % 10001,
      i % 17 = 0, i % 101 = 0, i % 53 = 0,
      CASE WHEN i % 10 = 0 THEN NULL ELSE $1::date - (i % 45)::int END,
      $1::date - (i % 60)::int,
      CASE WHEN i % 7 = 0 THEN NULL ELSE $1::date - (i % 90)::int END,
      (i % 25)::int, (i % 500)::int, i % 50 <> 0, i % 1000 = 0
    FROM generate_series(1::bigint, $2::bigint) AS i`, [utcDay(now), n]);
  await query('ANALYZE players');
}

/** The naive worker: one SELECT and one UPDATE per player, the rules computed in TS. */
async function rowByRowDecay(query: Query, ids: string[], now: Date): Promise<void> {
  const today = dayNumber(utcDay(now));
  const dayOf = (d: Date) => Math.floor(d.getTime() / DAY_MS);
  for (const id of ids) {
    const [row] = await query('SELECT * FROM players WHERE id = $1', [id]);
    if (!row) continue;
    const rep = {
      technicalMastery: row.technical_mastery,
      truthScore: row.truth_score,
      impactRating: row.impact_rating,
      teachingHonor: row.teaching_honor,
      artisticVision: row.artistic_vision,
    };
    const multipliers = { firstBlood: row.first_blood, massAwakening: row.mass_awakening, squadLeader: row.is_squad_leader };
    // node-postgres returns `date` columns as local-midnight Dates; read them back as UTC days.
    const lastLoginDay: string | null = row.last_login_day
      ? utcDay(new Date(row.last_login_day.getTime() - row.last_login_day.getTimezoneOffset() * 60_000))
      : null;
    const decay = dailyDecay({
      daysSinceLogin: today - (lastLoginDay ? dayNumber(lastLoginDay) : dayOf(row.created_at)),
      daysSinceContribution: today - dayOf(row.last_contribution_at ?? row.created_at),
      daysSinceMajorAction: today - dayOf(row.last_major_action_at ?? row.created_at),
    });
    const floor = decayFloor({
      verified: row.verified,
      contributions: row.contributions,
      daysActive: row.days_active,
      founder: row.founder,
      foundingResistant: row.founding_resistant || influence(rep, multipliers) >= 10000,
    });
    const next = applyDecay(rep, { decay, floor, multipliers });
    await query(
      `UPDATE players SET technical_mastery = $2, truth_score = $3, impact_rating = $4,
         teaching_honor = $5, artistic_vision = $6 WHERE id = $1`,
      [id, next.technicalMastery, next.truthScore, next.impactRating, next.teachingHonor, next.artisticVision],
    );
  }
}

/** Runs the benchmark on a throw-away Postgres database and returns the figures. */
export async function runDecayBench(options: { players?: number; loopPlayers?: number } = {}): Promise<DecayBenchFigures> {
  const n = options.players ?? 1_000_000;
  const loopN = options.loopPlayers ?? 10_000;
  const fresh = await freshPostgresDatabase('decay');
  const database = await openDatabase({ databaseUrl: fresh.url, poolSize: 2 });
  try {
    const start = new Date();
    let t = performance.now();
    await insertPlayers(fresh.query, n, start);
    const insertSeconds = (performance.now() - t) / 1000;

    const passes: { seconds: number; rows: number }[] = [];
    for (let day = 1; day <= 3; day++) {
      t = performance.now();
      const { rows } = await applyReputationDecay(database.db, new Date(start.getTime() + day * DAY_MS));
      passes.push({ seconds: (performance.now() - t) / 1000, rows });
    }
    const medianPassSeconds = median(passes.map((x) => x.seconds));

    const ids: string[] = (await fresh.query('SELECT id FROM players ORDER BY name_key LIMIT $1', [loopN])).map(
      (r: { id: string }) => r.id,
    );
    t = performance.now();
    await rowByRowDecay(fresh.query, ids, new Date(start.getTime() + 4 * DAY_MS));
    const loopSeconds = (performance.now() - t) / 1000;

    const [version] = await fresh.query('SHOW server_version');
    const passMicrosPerPlayer = (medianPassSeconds * 1e6) / n;
    const loopMicrosPerPlayer = (loopSeconds * 1e6) / ids.length;
    return {
      players: n,
      insertSeconds,
      passes,
      medianPassSeconds,
      loopPlayers: ids.length,
      loopSeconds,
      passMicrosPerPlayer,
      loopMicrosPerPlayer,
      ratio: loopMicrosPerPlayer / passMicrosPerPlayer,
      loopExtrapolatedSeconds: (loopMicrosPerPlayer * n) / 1e6,
      machine: {
        cpu: os.cpus()[0]?.model ?? 'unknown',
        cores: os.cpus().length,
        line: machine(),
        postgres: version?.server_version ?? 'unknown',
        // Other processes share the cores; the 1-minute load average says how much.
        loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10),
      },
    };
  } finally {
    await database.close();
    await fresh.drop();
  }
}

function print(f: DecayBenchFigures): void {
  const s = (x: number) => `${x.toFixed(2)} s`;
  console.log(machineWithPostgresLine(f.machine));
  console.log(`insert ${f.players.toLocaleString('en')} players: ${s(f.insertSeconds)}`);
  for (const [i, p] of f.passes.entries()) {
    console.log(`set-based pass day ${i + 1}: ${s(p.seconds)} (${p.rows.toLocaleString('en')} players changed)`);
  }
  console.log(`set-based pass, median of 3: ${s(f.medianPassSeconds)} for ${f.players.toLocaleString('en')} players `
    + `(${f.passMicrosPerPlayer.toFixed(2)} µs/player) — goal ≤ 5 s: ${f.medianPassSeconds <= 5 ? 'met' : 'MISSED'}`);
  console.log(`row-by-row loop: ${s(f.loopSeconds)} for ${f.loopPlayers.toLocaleString('en')} players `
    + `(${f.loopMicrosPerPlayer.toFixed(1)} µs/player, ≈ ${s(f.loopExtrapolatedSeconds)} for ${f.players.toLocaleString('en')})`);
  console.log(`per-player ratio: the loop is ${f.ratio.toFixed(0)}× slower`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runDecayBench()
    .then(print)
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
