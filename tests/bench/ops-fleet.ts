import { Client, type Room } from '@colyseus/sdk';

/**
 * Contributors of the operations benchmark, run in a child process so that several processes
 * share the load of 1,000 SDK clients (as the world-load benchmark does). Each client joins the
 * operation room and contributes twice a second, spread evenly over 500 ms; latency =
 * `contribute` sent → the first state patch after its `contributed` ack. Sends in the warm-up
 * are not sampled.
 */
export interface OpsFleetJob { url: string; operationId: string; tokens: string[]; offset: number; total: number; warmUpMs: number; seconds: number }
/** `sentAt[i]`: when the contribution of `latencies[i]` was sent (epoch ms). */
export interface OpsFleetReport { latencies: number[]; sentAt: number[]; sent: number; cpuSeconds: number }

export async function runContributors(job: OpsFleetJob, joined: () => Promise<void> = async () => {}): Promise<OpsFleetReport> {
  const rooms: Room<any, any>[] = [];
  const latencies: number[] = [];
  const sentAtEpoch: number[] = [];
  let measureFrom = Infinity;
  const sentAt = new Map<string, number>();
  for (const token of job.tokens) {
    const c = new Client(job.url);
    c.auth.token = token;
    const room = await c.joinOrCreate('operation', { operationId: job.operationId });
    let waiting: number[] = [];
    room.onMessage('contributed', (m: { key: string }) => {
      const t = sentAt.get(m.key);
      sentAt.delete(m.key);
      if (t !== undefined) waiting.push(t);
    });
    room.onStateChange(() => {
      const at = performance.now();
      for (const t of waiting) {
        if (t < measureFrom) continue;
        latencies.push(at - t);
        sentAtEpoch.push(performance.timeOrigin + t);
      }
      waiting = [];
    });
    room.onMessage('error', () => {});
    room.onMessage('handler', () => {});
    rooms.push(room);
  }
  await joined(); // every fleet has joined: start together
  const started = performance.now();
  measureFrom = started + job.warmUpMs;
  const cpu0 = process.cpuUsage();
  let sent = 0;
  const runMs = job.warmUpMs + job.seconds * 1000;
  // Client k of `total` (across every fleet) starts at k/total of the 500 ms period.
  const timers = rooms.map((room, i) => setTimeout(() => {
    const tick = () => {
      if (performance.now() - started > runMs) return;
      const key = `k${job.offset + i}_${sent++}`;
      sentAt.set(key, performance.now());
      room.send('contribute', { resource: 'cpu_cycles', amount: 1, key });
      timers[i] = setTimeout(tick, 500);
    };
    tick();
  }, ((job.offset + i) * 500) / job.total));
  await new Promise((r) => setTimeout(r, runMs + 3000));
  timers.forEach(clearTimeout);
  const cpu = process.cpuUsage(cpu0);
  await Promise.all(rooms.map((r) => r.leave().catch(() => {})));
  return { latencies, sentAt: sentAtEpoch, sent, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/** Child-process entry: the parent sends one job, gets `joined`, sends `go`, then gets the report. */
if (process.env.OPS_FLEET === '1' && process.send) {
  const go = new Promise<void>((resolve) => process.on('message', (m: { type?: string }) => { if (m?.type === 'go') resolve(); }));
  process.once('message', (job: OpsFleetJob) => {
    runContributors(job, () => { process.send!({ type: 'joined' }); return go; })
      .then((report) => process.send!({ type: 'report', report }, () => process.exit(0)))
      .catch((err) => {
        console.error(err);
        process.exit(1);
      });
  });
}
