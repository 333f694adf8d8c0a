import type { ChildProcess } from 'node:child_process';
import { forkFleets, nextMessage } from './fleet-process';
import { freshPostgresDatabase } from '../utils/pg';
import { startServerProcess } from '../utils/process';
import { sleep, tempDir } from '../utils/env';
import { machine, percentile, processCpuSeconds } from './machine';
import type { FleetPlayer, FleetReport, FleetSlice } from './world-fleet';

const SECRET = 'bench-secret-'.padEnd(40, 'x');

export interface WorldLoadResult {
  clients: number;
  /** Clients that decode the state (the others only move and count bytes). */
  observers: number;
  /** Load-generator processes the clients were spread over. */
  workers: number;
  joined: number;
  joinSeconds: number;
  samples: number;
  p50Ms: number;
  p99Ms: number;
  disconnects: number;
  serverCpuPercent: number;
  loadGenCpuPercent: number;
  bytesPerClientPerSecond: number;
  /** Bytes the server sent to all clients per 50 ms patch tick (from its /metrics). */
  serverBytesPerTick: number;
}

/** The world room's sent-bytes counter from the server's Prometheus metrics. */
async function sentBytes(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('datavism_patch_bytes_total{room="world"}'));
  return line ? Number(line.split(' ').pop()) : 0;
}

/**
 * N real SDK clients join the world room, spread over the regions and over `workers`
 * load-generator processes (see world-fleet.ts), and each moves at 10 inputs/s. With
 * `observers` < N only that many clients decode the state and give latency samples.
 */
export async function runWorldLoad(
  clients: number, seconds = 15, serverEnv: Record<string, string> = {}, observers = clients, workers = 1,
): Promise<WorldLoadResult> {
  const db = await freshPostgresDatabase('load');
  const port = 28000 + Math.floor(Math.random() * 1000);
  const server = await startServerProcess(port, {
    DATABASE_URL: db.url, JWT_SECRET: SECRET, DATA_DIR: tempDir(), JOBS: 'off', LOG_LEVEL: 'error', ...serverEnv,
  });
  const fleets: ChildProcess[] = [];
  try {
    // Players straight into the database (scrypt registration of 1,000 players would dominate the run),
    // each deployed to a territory of region i mod (number of regions).
    await db.query(`
      WITH t AS (SELECT id, row_number() OVER (PARTITION BY region_id ORDER BY id) AS k, region_id FROM territories),
           regions AS (SELECT DISTINCT region_id FROM territories),
           nreg AS (SELECT count(*) AS n FROM regions)
      INSERT INTO players (name, name_key, password_hash, deployed_territory_id)
      SELECT 'load_' || g, 'load_' || g, 'x',
             (SELECT id FROM t WHERE t.k = 1 AND t.region_id = (SELECT region_id FROM regions ORDER BY region_id OFFSET (g % (SELECT n FROM nreg)) LIMIT 1))
      FROM generate_series(1, $1::int) g`, [clients]);
    const players: FleetPlayer[] = await db.query(`SELECT p.id, p.name, t.q, t.r FROM players p
      JOIN territories t ON t.id = p.deployed_territory_id WHERE p.name LIKE 'load_%' ORDER BY p.name`);
    // Round-robin slices keep each slice's observers (global index < observers) first.
    const slices: FleetSlice[] = Array.from({ length: workers }, () => ({ url: server.url, secret: SECRET, players: [], observers: 0 }));
    players.forEach((p, i) => {
      const slice = slices[i % workers];
      slice.players.push(p);
      if (i < observers) slice.observers++;
    });
    fleets.push(...forkFleets(new URL('./world-fleet.ts', import.meta.url), 'WORLD_FLEET', workers));
    const joinStart = Date.now();
    const joined = await Promise.all(fleets.map((f, w) => {
      const reply = nextMessage<{ joined: number }>(f, 'joined');
      f.send({ type: 'join', slice: slices[w] });
      return reply;
    }));
    const joinSeconds = (Date.now() - joinStart) / 1000;
    await sleep(3000); // warm up
    for (const f of fleets) f.send({ type: 'measure' });
    const sent0 = await sentBytes(server.url);
    const cpu0 = processCpuSeconds(server.child.pid!);
    const t0 = Date.now();
    await sleep(seconds * 1000);
    const reports = await Promise.all(fleets.map((f) => {
      const reply = nextMessage<{ report: FleetReport }>(f, 'report');
      f.send({ type: 'stop' });
      return reply.then((m) => m.report);
    }));
    const elapsed = (Date.now() - t0) / 1000;
    const sentPerTick = (await sentBytes(server.url) - sent0) / (elapsed * 20); // 20 Hz patches
    const serverCpuPercent = ((processCpuSeconds(server.child.pid!) - cpu0) / elapsed) * 100;
    await Promise.all(fleets.map((f) => {
      const reply = nextMessage(f, 'left').catch(() => {});
      f.send({ type: 'leave' });
      return reply;
    }));
    const latencies = reports.flatMap((r) => r.latencies);
    const total = joined.reduce((n, j) => n + j.joined, 0);
    return {
      clients,
      observers: Math.min(observers, clients),
      workers,
      joined: total,
      joinSeconds,
      samples: latencies.length,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      disconnects: reports.reduce((n, r) => n + r.disconnects, 0),
      serverCpuPercent,
      loadGenCpuPercent: (reports.reduce((n, r) => n + r.cpuSeconds, 0) / elapsed) * 100,
      bytesPerClientPerSecond: reports.reduce((n, r) => n + r.bytes, 0) / total / elapsed,
      serverBytesPerTick: sentPerTick,
    };
  } finally {
    for (const f of fleets) if (f.exitCode === null) f.kill('SIGKILL');
    await server.kill();
    await db.drop();
  }
}

/** Several sizes; the largest with p99 ≤ 150 ms and no disconnects is the figure. */
export async function runWorldLoadBench(
  sizes = [250, 500, 750, 1000, 1250], seconds = 15, serverEnv: Record<string, string> = {}, observers?: number, workers = 2,
) {
  const results: WorldLoadResult[] = [];
  for (const n of sizes) {
    const r = await runWorldLoad(n, seconds, serverEnv, observers ?? n, workers);
    results.push(r);
    console.log(
      `world load N=${r.clients} (${r.observers} decoding, ${r.workers} generator processes): joined ${r.joined} in ${r.joinSeconds.toFixed(1)} s, ${r.samples} echoes, ` +
      `p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms, disconnects ${r.disconnects}, ` +
      `server CPU ${r.serverCpuPercent.toFixed(0)} %, load generator CPU ${r.loadGenCpuPercent.toFixed(0)} %, ` +
      `${(r.bytesPerClientPerSecond / 1024).toFixed(1)} KiB/client/s, ${(r.serverBytesPerTick / 1024).toFixed(1)} KiB sent per tick`,
    );
  }
  const ok = results.filter((r) => r.p99Ms <= 150 && r.disconnects === 0 && r.joined === r.clients);
  const best = ok.length ? Math.max(...ok.map((r) => r.clients)) : 0;
  console.log(`largest N with p99 ≤ 150 ms and no disconnects: ${best} (machine: ${machine()})`);
  return { results, best };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // `npx tsx tests/bench/world-load.ts [N ...] [--territories 10000 --regions 40] [--observers K] [--workers W]`
  const args = process.argv.slice(2);
  const flag = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
  const env: Record<string, string> = {};
  if (flag('--territories')) env.WORLD_TERRITORIES = flag('--territories')!;
  if (flag('--regions')) env.WORLD_REGIONS = flag('--regions')!;
  const sizes = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')).map(Number).filter(Boolean);
  const observers = flag('--observers') ? Number(flag('--observers')) : undefined;
  const workers = flag('--workers') ? Number(flag('--workers')) : 2;
  await runWorldLoadBench(sizes.length ? sizes : undefined, 15, env, observers, workers);
  process.exit(0);
}
