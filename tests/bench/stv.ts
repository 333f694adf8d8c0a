/**
 * STV count benchmark at the size of EVE Online's CSM vote. A script, not a test:
 *
 *   npx tsx tests/bench/stv.ts            (from the repo root)
 *
 * Input: a seeded election (seed 2025) of 50 000 ballots, 55 candidates, 10 seats. Popularity
 * is skewed (Zipf-like weights, exponent 1.1); 30 % of voters follow one of 6 bloc slates
 * (cut at a random length, sometimes with a personal first choice), the rest rank 1–10
 * candidates drawn by popularity without replacement. Each run counts the whole election with
 * `countStv` (Scottish rules); figures are over 15 runs after 2 warm-up counts. Goal: ≤ 250 ms
 * median.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createRng, type Rng } from '../../packages/rules/src/random';
import { countStv, type StvElection } from '../../packages/rules/src/stv/index';
import { median } from './machine';

const BALLOTS = 50_000;
const CANDIDATES = 55;
const SEATS = 10;
const RUNS = 15;
const WARM_UP = 2;
const GOAL_MS = 250;

/** What {@link runStvBench} measured. */
export interface StvBenchResult {
  medianMs: number;
  minMs: number;
  runs: number;
  ballots: number;
  candidates: number;
  seats: number;
}

/** Draws `length` distinct candidates (0-based), each pick proportional to its weight. */
function drawRanking(rng: Rng, weights: readonly number[], length: number, first?: number): number[] {
  const taken = new Uint8Array(weights.length);
  const out: number[] = [];
  if (first !== undefined) {
    out.push(first);
    taken[first] = 1;
  }
  while (out.length < length) {
    let total = 0;
    for (let c = 0; c < weights.length; c++) if (!taken[c]) total += weights[c];
    let x = rng.next() * total;
    let pick = -1;
    for (let c = 0; c < weights.length; c++) {
      if (taken[c]) continue;
      pick = c;
      x -= weights[c];
      if (x < 0) break;
    }
    taken[pick] = 1;
    out.push(pick);
  }
  return out;
}

/** Ranking length 1–10, shorter ballots more common (as in CSM votes). */
function rankingLength(rng: Rng): number {
  const r = rng.next();
  return 1 + Math.floor(10 * r * r);
}

/** The benchmark election (deterministic for a given seed). */
export function generateCsmElection(seed = 2025): StvElection {
  const rng = createRng(seed);
  const weights = Array.from({ length: CANDIDATES }, (_, i) => 1 / (i + 1) ** 1.1);
  const slates = Array.from({ length: 6 }, () => drawRanking(rng, weights, 10));
  const ballots: StvElection['ballots'] = [];
  for (let b = 0; b < BALLOTS; b++) {
    const length = rankingLength(rng);
    let ranking: number[];
    if (rng.next() < 0.3) {
      const slate = rng.pick(slates);
      // A bloc voter: the slate in order, sometimes after a personal favourite.
      if (rng.next() < 0.2) {
        const own = drawRanking(rng, weights, 1)[0];
        ranking = [own, ...slate.filter((c) => c !== own)].slice(0, length);
      } else {
        ranking = slate.slice(0, length);
      }
    } else {
      ranking = drawRanking(rng, weights, length);
    }
    ballots.push({ count: 1, ranking: ranking.map((c) => c + 1) });
  }
  return {
    title: 'CSM-size benchmark',
    seats: SEATS,
    candidates: Array.from({ length: CANDIDATES }, (_, i) => `Candidate ${String(i + 1).padStart(2, '0')}`),
    ballots,
    withdrawn: [],
  };
}

/** Counts the benchmark election {@link RUNS} times and returns the timings. */
export async function runStvBench(): Promise<StvBenchResult> {
  const election = generateCsmElection();
  for (let i = 0; i < WARM_UP; i++) countStv(election, { method: 'scottish', seed: 1 });
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const result = countStv(election, { method: 'scottish', seed: 1 });
    times.push(performance.now() - t0);
    if (result.elected.length !== SEATS) throw new Error(`benchmark count elected ${result.elected.length} of ${SEATS}`);
    // Let timers and I/O of a calling bench runner breathe between counts.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return {
    medianMs: median(times),
    minMs: Math.min(...times),
    runs: RUNS,
    ballots: BALLOTS,
    candidates: CANDIDATES,
    seats: SEATS,
  };
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  const election = generateCsmElection();
  const sample = countStv(election, { method: 'scottish', seed: 1 });
  const groups = new Set(election.ballots.map((b) => b.ranking.join(','))).size;
  const r = await runStvBench();
  console.log(`STV count (Scottish rules): ${r.ballots} ballots (${groups} distinct rankings), ${r.candidates} candidates, ${r.seats} seats`);
  console.log(`stages: ${sample.stages.length}, quota ${sample.quota}`);
  console.log(`countStv: median ${r.medianMs.toFixed(1)} ms, min ${r.minMs.toFixed(1)} ms over ${r.runs} runs (goal ≤ ${GOAL_MS} ms median: ${r.medianMs <= GOAL_MS ? 'met' : 'MISSED'})`);
  console.log(`machine: ${cpus[0]?.model ?? 'unknown'}, ${cpus.length} cores, node ${process.version}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
