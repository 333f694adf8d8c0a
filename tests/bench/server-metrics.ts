/**
 * Reads a Prometheus histogram from a game server's `GET /metrics`, so a benchmark can report
 * the server's own share of a latency (the room's commit, received → answered) next to what its
 * load-generating clients measure on the same 2-core machine.
 */
export interface HistogramSnapshot {
  /** Cumulative counts by upper bound (seconds), ascending; the last bound is +Inf. */
  buckets: Array<{ le: number; count: number }>;
  sum: number;
  count: number;
}

export async function readHistogram(serverUrl: string, name: string, room: string): Promise<HistogramSnapshot> {
  const text = await (await fetch(`${serverUrl}/metrics`)).text();
  const buckets: HistogramSnapshot['buckets'] = [];
  let sum = 0;
  let count = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name) || !line.includes(`room="${room}"`)) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (line.startsWith(`${name}_bucket`)) {
      const le = /le="([^"]+)"/.exec(line)![1];
      buckets.push({ le: le === '+Inf' ? Infinity : Number(le), count: value });
    } else if (line.startsWith(`${name}_sum`)) sum = value;
    else if (line.startsWith(`${name}_count`)) count = value;
  }
  buckets.sort((a, b) => a.le - b.le);
  return { buckets, sum, count };
}

/** What was observed between two snapshots of the same histogram. */
export function histogramDelta(after: HistogramSnapshot, before: HistogramSnapshot): HistogramSnapshot {
  const at = (le: number) => before.buckets.find((b) => b.le === le)?.count ?? 0;
  return {
    buckets: after.buckets.map((b) => ({ le: b.le, count: b.count - at(b.le) })),
    sum: after.sum - before.sum,
    count: after.count - before.count,
  };
}

/** The bucket bound (ms) at or below which a fraction `q` of the observations fall ("p99 ≤ X ms"). */
export function quantileBoundMs(h: HistogramSnapshot, q: number): number {
  const want = q * h.count;
  const hit = h.buckets.find((b) => b.count >= want);
  return (hit?.le ?? Infinity) * 1000;
}

/** One line: count, mean and the p50 / p99 bucket bounds. */
export function describeHistogram(h: HistogramSnapshot): string {
  if (h.count === 0) return 'none observed';
  const bound = (q: number) => {
    const ms = quantileBoundMs(h, q);
    return Number.isFinite(ms) ? `≤ ${ms} ms` : '> the last bucket';
  };
  return `${h.count} observed, mean ${((h.sum / h.count) * 1000).toFixed(1)} ms, p50 ${bound(0.5)}, p99 ${bound(0.99)}`;
}
