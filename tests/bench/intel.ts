/**
 * Intel and challenge benchmarks (GAME §6.3, §6.4):
 *
 *   npx tsx tests/bench/intel.ts            (from the repo root; DATABASE_URL or local Postgres)
 *
 * 1. Generator: puzzles generated and brute-force checked per second, per difficulty.
 * 2. Verification on Postgres: C claims, each confirmed by 3 squadless players at once
 *    (20 in flight = the pool size, so latency is service time, not queueing): throughput and p50 / p99 latency of a
 *    confirmation (including the verifying one that mints the rewards), patterns verified,
 *    truth_tokens paid (must be 3 per claim), ledger invariant.
 * 3. Solves: N players solving one generated challenge, 20 in flight: throughput, p50 / p99 latency.
 */
import { pathToFileURL } from 'node:url';
import {
  balanceOf, confirmIntel, createPlayer, createTestDatabase, ensureDailyChallenge, ledgerInvariant, solveChallenge, submitIntel, type Player,
} from '@datavism/db';
import { generateChallenge, tamperedRecordIds } from '@datavism/rules';
import { machine, median, percentile } from './machine';

export interface IntelBenchFigures {
  generatorPerSecond: Record<number, number>;
  claims: number;
  confirmations: number;
  confirmPerSecond: number;
  solvePerSecond: number;
  confirmP50Ms: number;
  confirmP99Ms: number;
  verified: number;
  truthTokensPaid: string;
  solves: number;
  solveP50Ms: number;
  solveP99Ms: number;
  invariantHolds: boolean;
  machine: string;
}

function generatorBench(): Record<number, number> {
  const out: Record<number, number> = {};
  for (let d = 1; d <= 5; d++) {
    const n = 5000;
    const t0 = performance.now();
    for (let seed = 0; seed < n; seed++) {
      const ch = generateChallenge(seed, d);
      if (tamperedRecordIds(ch.data).length !== 1) throw new Error('not exactly one answer');
    }
    out[d] = Math.round(n / ((performance.now() - t0) / 1000));
  }
  return out;
}

/** Runs `tasks` with at most `width` in flight (the pool size: latency without queueing). */
async function pooled(tasks: (() => Promise<unknown>)[], width: number): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < tasks.length) await tasks[next++]!();
  }));
}

async function timed<T>(fn: () => Promise<T>, into: number[]): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    into.push(performance.now() - t0);
  }
}

export async function runIntelBench(claims = 200, solvers = 300): Promise<IntelBenchFigures> {
  const generatorPerSecond = generatorBench();
  const test = await createTestDatabase('postgres', { poolSize: 20 });
  const db = test.database.db;
  try {
    const players: Player[] = [];
    for (let i = 0; i < Math.max(claims * 3, solvers); i++) players.push(await createPlayer(db, { name: `ib_${i}_${Date.now() % 100000}`, passwordHash: 'x' }));
    const base = { evidence: 'bench', required: 3, dataCreditsMultiplier: 1 };
    const ids: string[] = [];
    for (let c = 0; c < claims; c++) {
      const { claim } = await submitIntel(db, { ...base, playerId: players[c * 3]!.id, category: 'bench', claimText: `bench claim number ${c}` });
      ids.push(claim.id);
    }
    const lat: number[] = [];
    let verified = 0;
    const t0 = performance.now();
    await pooled(ids.flatMap((claimId, c) => [1, 2].map((k) => () => timed(async () => {
      const r = await confirmIntel(db, { ...base, playerId: players[c * 3 + k]!.id, claimId });
      if (r.verified) verified++;
    }, lat))), 20);
    const confirmSeconds = (performance.now() - t0) / 1000;
    let paid = 0n;
    for (const p of players.slice(0, claims * 3)) paid += await balanceOf(db, { kind: 'player', id: p.id }, 'truth_tokens');

    const g = generateChallenge(1234, 3);
    const now = new Date();
    const ch = await ensureDailyChallenge(db, { dailyKey: 'bench:3', generated: g, startsAt: new Date(now.getTime() - 1000), endsAt: new Date(now.getTime() + 3_600_000) });
    const solveLat: number[] = [];
    const t1 = performance.now();
    await pooled(players.slice(0, solvers).map((p) => () => timed(() => solveChallenge(db, { challengeId: ch.id, playerId: p.id, answer: g.answer, now, xpMultiplier: 1 }), solveLat)), 20);
    const solveSeconds = (performance.now() - t1) / 1000;
    const invariantHolds = (await ledgerInvariant(db)).every((l) => l.holds);
    return {
      generatorPerSecond, claims, confirmations: lat.length, confirmPerSecond: Math.round(lat.length / confirmSeconds), solvePerSecond: Math.round(solveLat.length / solveSeconds), confirmP50Ms: median(lat), confirmP99Ms: percentile(lat, 99), verified,
      truthTokensPaid: paid.toString(), solves: solveLat.length, solveP50Ms: median(solveLat), solveP99Ms: percentile(solveLat, 99),
      invariantHolds, machine: machine(),
    };
  } finally {
    await test.drop();
  }
}

function print(f: IntelBenchFigures): void {
  console.log(`machine: ${f.machine}`);
  console.log(`generator (generate + brute-force check), puzzles/s by difficulty: ${Object.entries(f.generatorPerSecond).map(([d, n]) => `${d}: ${n}`).join(', ')}`);
  console.log(`confirmations: ${f.confirmations} over ${f.claims} claims, 20 in flight → ${f.confirmPerSecond}/s, p50 ${f.confirmP50Ms.toFixed(1)} ms, p99 ${f.confirmP99Ms.toFixed(1)} ms; verified ${f.verified}; truth_tokens paid ${f.truthTokensPaid}`);
  console.log(`solves: ${f.solves} of one challenge, 20 in flight → ${f.solvePerSecond}/s, p50 ${f.solveP50Ms.toFixed(1)} ms, p99 ${f.solveP99Ms.toFixed(1)} ms`);
  console.log(`ledger invariant ${f.invariantHolds ? 'holds' : 'BROKEN'}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runIntelBench()
    .then(print)
    .then(() => process.exit(0))
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
