/**
 * Issue 14: "Achievement detection adds ≤ 5 % to the operations contributors benchmark's p99."
 *
 * The contributors benchmark (operations.ts) with 10 % of the players holding nothing, so their
 * contributions are refused in every batch — the case where the contribution path does achievement
 * bookkeeping (the refused actions that cost perfect_run, GAME §5; a successful contribution does
 * none). The server runs with ACHIEVEMENT_DETECTION=alternate: detection on in even 2-second
 * slices of the clock, off in odd ones, so both halves of ONE run share the same load, the same
 * warm-up and the same garbage collector, instead of two runs minutes apart on a shared machine
 * (three separate on/off runs spread 150–267 ms on their own). A contribution counts for the slice
 * it was sent in, except the first and last {@link EDGE_MS} of each slice (its batch may commit in
 * the neighbouring slice). Each run prints both halves' p50/p99; the figure is the median of the
 * runs' on ÷ off p99 ratios, with the p99 of every run's samples pooled beside it.
 *
 * `npx tsx tests/bench/achievement-overhead.ts [clients=1000] [--seconds 30] [--runs 3]`
 * (`npm run bench -- achievement-overhead`). The load generators share the machine's cores.
 */
import { pathToFileURL } from 'node:url';
import { DETECTION_SLICE_MS } from '@datavism/game-server';
import { contributorsBench } from './operations';
import { machine, median, percentile } from './machine';

/** Samples this close to a slice boundary are not counted for either half. */
const EDGE_MS = 300;

export interface AchievementOverheadFigures {
  clients: number;
  runs: { onP99: number; offP99: number; onP50: number; offP50: number; onSamples: number; offSamples: number; ratio: number }[];
  ratio: number;
  pooled: { onP99: number; offP99: number; ratio: number };
}

/** Splits one run's samples into the detection-on and detection-off slices they were sent in. */
export function splitBySlice(latencies: readonly number[], sentAt: readonly number[]): { on: number[]; off: number[] } {
  const on: number[] = [];
  const off: number[] = [];
  latencies.forEach((l, i) => {
    const t = sentAt[i]!;
    const into = t % DETECTION_SLICE_MS;
    if (into < EDGE_MS || into > DETECTION_SLICE_MS - EDGE_MS) return;
    (Math.floor(t / DETECTION_SLICE_MS) % 2 === 0 ? on : off).push(l);
  });
  return { on, off };
}

export async function runAchievementOverheadBench(clients = 1000, seconds = 30, runs = 3): Promise<AchievementOverheadFigures> {
  console.log(`machine: ${machine()}`);
  const perRun: AchievementOverheadFigures['runs'] = [];
  const allOn: number[] = [];
  const allOff: number[] = [];
  for (let r = 0; r < runs; r++) {
    const c = await contributorsBench(clients, seconds, 2, { refusedShare: 0.1, serverEnv: { ACHIEVEMENT_DETECTION: 'alternate' } });
    const { on, off } = splitBySlice(c.latencies, c.sentAt);
    allOn.push(...on);
    allOff.push(...off);
    const row = {
      onP99: percentile(on, 99), offP99: percentile(off, 99), onP50: median(on), offP50: median(off),
      onSamples: on.length, offSamples: off.length, ratio: percentile(on, 99) / percentile(off, 99),
    };
    perRun.push(row);
    console.log(`run ${r + 1}: detection on ${row.onSamples} contributions p50 ${row.onP50.toFixed(1)} / p99 ${row.onP99.toFixed(1)} ms; `
      + `off ${row.offSamples} p50 ${row.offP50.toFixed(1)} / p99 ${row.offP99.toFixed(1)} ms; on ÷ off ${row.ratio.toFixed(3)}×`);
  }
  const ratio = median(perRun.map((x) => x.ratio));
  const pooled = { onP99: percentile(allOn, 99), offP99: percentile(allOff, 99), ratio: percentile(allOn, 99) / percentile(allOff, 99) };
  console.log(`achievement detection: median of the runs' p99 ratios ${ratio.toFixed(3)}× (goal ≤ 1.05×: ${ratio <= 1.05 ? 'met' : 'MISSED'}); `
    + `pooled p99 ${pooled.onP99.toFixed(1)} ms on vs ${pooled.offP99.toFixed(1)} ms off = ${pooled.ratio.toFixed(3)}×; ${clients} clients, 10 % refused, `
    + `detection alternating every ${DETECTION_SLICE_MS / 1000} s within each run`);
  return { clients, runs: perRun, ratio, pooled };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const flag = (name: string) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : undefined; };
  const clients = Number(args.find((a) => /^\d+$/.test(a)) ?? 1000);
  runAchievementOverheadBench(clients, flag('--seconds') ?? 30, flag('--runs') ?? 3)
    .then(() => process.exit(0))
    .catch((err: unknown) => { console.error(err); process.exit(1); });
}
