/**
 * Issue 14: "Achievement detection adds ≤ 5 % to the operations contributors benchmark's p99."
 *
 * The contributors benchmark (operations.ts) with 10 % of the players holding nothing, so their
 * contributions are refused in every batch — the case where the contribution path does achievement
 * bookkeeping (the refused actions that cost perfect_run, GAME §5; a successful contribution does
 * none) — run alternately with ACHIEVEMENT_DETECTION=off and on, RUNS times each; prints each
 * run's p99, the medians and on ÷ off.
 *
 * `npx tsx tests/bench/achievement-overhead.ts [clients=1000] [--seconds 10] [--runs 3]`
 * (`npm run bench -- achievement-overhead`). The load generators share the machine's cores.
 */
import { pathToFileURL } from 'node:url';
import { contributorsBench } from './operations';
import { machine, median, percentile } from './machine';

export interface AchievementOverheadFigures { clients: number; offP99: number[]; onP99: number[]; ratio: number }

export async function runAchievementOverheadBench(clients = 1000, seconds = 10, runs = 3): Promise<AchievementOverheadFigures> {
  console.log(`machine: ${machine()}`);
  const offP99: number[] = [];
  const onP99: number[] = [];
  for (let r = 0; r < runs; r++) {
    for (const mode of ['off', 'on'] as const) {
      const c = await contributorsBench(clients, seconds, 2, { refusedShare: 0.1, serverEnv: { ACHIEVEMENT_DETECTION: mode } });
      const p99 = percentile(c.latencies, 99);
      (mode === 'on' ? onP99 : offP99).push(p99);
      console.log(`run ${r + 1}, detection ${mode}: ${c.latencies.length} sampled contributions, p50 ${median(c.latencies).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`);
    }
  }
  const ratio = median(onP99) / median(offP99);
  console.log(`achievement detection: p99 median ${median(onP99).toFixed(1)} ms on vs ${median(offP99).toFixed(1)} ms off = ${ratio.toFixed(3)}× `
    + `(goal ≤ 1.05×: ${ratio <= 1.05 ? 'met' : 'MISSED'}); ${clients} clients, 10 % refused`);
  return { clients, offP99, onP99, ratio };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const flag = (name: string) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : undefined; };
  const clients = Number(args.find((a) => /^\d+$/.test(a)) ?? 1000);
  runAchievementOverheadBench(clients, flag('--seconds') ?? 10, flag('--runs') ?? 3)
    .then(() => process.exit(0))
    .catch((err: unknown) => { console.error(err); process.exit(1); });
}
