/**
 * The automated-input detector's cost in the rooms' hot path (GAME §9): what
 * `InputTimingMonitor.record` (the call a region room makes per movement input) costs at the
 * world-load benchmark's rate — 1,000 clients × 10 inputs/s — with human-like timings,
 * assessed every 64 inputs as the server does. Baseline in the same run: the same loop over the
 * same inputs without the monitor (a `Map` lookup of the client, as the room does anyway).
 * `npx tsx tests/bench/input-timing.ts [CLIENTS] [SECONDS_OF_INPUT]`.
 */
import { InputTimingMonitor } from '@datavism/rules';
import { machine } from './machine';

function inputs(clients: number, seconds: number, seed = 7): { sessions: string[]; at: Float64Array; who: Uint32Array } {
  let x = seed;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  const per = seconds * 10;
  const n = clients * per;
  const at = new Float64Array(n);
  const who = new Uint32Array(n);
  const next = Array.from({ length: clients }, () => rnd() * 100);
  // Inputs interleaved as they would arrive, round by round; a person's intervals: 40–200 ms, and
  // one in twenty a pause of 0.5–2 s (so no window looks automated and every window is assessed).
  for (let k = 0, i = 0; k < per; k++) {
    for (let c = 0; c < clients; c++, i++) {
      next[c]! += rnd() < 0.05 ? 500 + rnd() * 1500 : 40 + rnd() * 160;
      at[i] = next[c]!;
      who[i] = c;
    }
  }
  return { sessions: Array.from({ length: clients }, (_, c) => `s${c}`), at, who };
}

export async function runInputTimingBench(clients = 1000, seconds = 60) {
  const { sessions, at, who } = inputs(clients, seconds);
  const players = sessions.map((s) => `p-${s}`);
  const runs: Array<{ withMs: number; withoutMs: number; flags: number }> = [];
  for (let r = 0; r < 5; r++) {
    const seen = new Map<string, number>();
    let t = performance.now();
    for (let i = 0; i < at.length; i++) {
      const s = sessions[who[i]!]!;
      seen.set(s, (seen.get(s) ?? 0) + 1);
    }
    const withoutMs = performance.now() - t;
    const monitor = new InputTimingMonitor();
    const seen2 = new Map<string, number>();
    let flags = 0;
    t = performance.now();
    for (let i = 0; i < at.length; i++) {
      const c = who[i]!;
      const s = sessions[c]!;
      seen2.set(s, (seen2.get(s) ?? 0) + 1);
      if (monitor.record(s, players[c]!, at[i]!)) flags++;
    }
    runs.push({ withMs: performance.now() - t, withoutMs, flags });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const extraMs = median(runs.map((r) => r.withMs - r.withoutMs));
  const perInputUs = (extraMs * 1000) / at.length;
  const corePercent = (extraMs / (seconds * 1000)) * 100;
  console.log(
    `input timing: ${clients} clients × 10 inputs/s × ${seconds} s = ${at.length} inputs; monitor adds ${extraMs.toFixed(1)} ms ` +
    `(median of 5: ${perInputUs.toFixed(3)} µs per input) = ${corePercent.toFixed(3)} % of one core at that rate; ` +
    `with/without ${median(runs.map((r) => r.withMs)).toFixed(1)} / ${median(runs.map((r) => r.withoutMs)).toFixed(1)} ms; ` +
    `human-like inputs flagged: ${runs[0]!.flags} (machine: ${machine()})`,
  );
  return { clients, seconds, inputs: at.length, extraMs, perInputUs, corePercent, flags: runs[0]!.flags };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [clients, seconds] = process.argv.slice(2).map(Number);
  await runInputTimingBench(clients || 1000, seconds || 60);
}
