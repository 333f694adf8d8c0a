import type { ChildProcess } from 'node:child_process';
import { forkFleets, nextMessage } from './fleet-process';
import { freshPostgresDatabase } from '../utils/pg';
import { startServerProcess, type ServerProcess } from '../utils/process';
import { startBalancer, type Balancer } from '../utils/balancer';
import { REDIS_URL, sleep, tempDir, uniquePrefix } from '../utils/env';
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
  /** Region crossings sent per second (deploys to another region) across all generators. */
  crossingsPerSecond: number;
  /** Server processes (several: Postgres + Redis, clients matchmake through a TCP balancer). */
  processes: number;
  /** Hand-overs measured: deploy sent → first frame of the new region's room. */
  handovers: number;
  handoverP50Ms: number;
  handoverP99Ms: number;
  /** Clients sending 10 inputs/s (the others are connected and idle). */
  movers: number;
  /** Seconds measured. */
  seconds: number;
  /** Per server process, from its /metrics: heap used and RSS (MB) after the warm-up and at the end. */
  memory: Array<{ heapStartMB: number; heapEndMB: number; rssStartMB: number; rssEndMB: number }>;
}

/** Heap used and resident set (MB) of one server process, from its Prometheus metrics. */
async function memoryOf(url: string): Promise<{ heapMB: number; rssMB: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (name: string) => Number(text.split('\n').find((l) => l.startsWith(`${name} `))?.split(' ')[1] ?? NaN) / 2 ** 20;
  return { heapMB: value('nodejs_heap_size_used_bytes'), rssMB: value('process_resident_memory_bytes') };
}

/** The region rooms' sent-bytes counter from one server's Prometheus metrics. */
async function sentBytes(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('datavism_patch_bytes_total{room="region"}'));
  return line ? Number(line.split(' ').pop()) : 0;
}

async function sumOver<T>(items: T[], f: (x: T) => Promise<number>): Promise<number> {
  return (await Promise.all(items.map(f))).reduce((a, b) => a + b, 0);
}

/**
 * N real SDK clients join the world room, spread over the regions and over `workers`
 * load-generator processes (see world-fleet.ts), and each moves at 10 inputs/s. With
 * `observers` < N only that many clients decode the state and give latency samples.
 */
export async function runWorldLoad(
  clients: number, seconds = 15, serverEnv: Record<string, string> = {}, observers = clients, workers = 1, crossingsPerSecond = 0,
  processes = 1, movers = clients,
): Promise<WorldLoadResult> {
  const db = await freshPostgresDatabase('load');
  const base = 28000 + Math.floor(Math.random() * 1000);
  const servers: ServerProcess[] = [];
  let balancer: Balancer | null = null;
  const shared: Record<string, string> = processes > 1
    ? { REDIS_URL: `${REDIS_URL.replace(/\/\d*$/, '')}/8`, REDIS_PREFIX: uniquePrefix('load') }
    : {};
  for (let i = 0; i < processes; i++) {
    const port = base + i * 1000;
    servers.push(await startServerProcess(port, {
      DATABASE_URL: db.url, JWT_SECRET: SECRET, DATA_DIR: tempDir(), JOBS: 'off', LOG_LEVEL: 'error',
      PUBLIC_ADDRESS: `127.0.0.1:${port}`, ...shared, ...serverEnv,
    }));
  }
  if (processes > 1) balancer = await startBalancer(servers.map((s) => s.port));
  const server = { url: balancer?.url ?? servers[0]!.url };
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
    const players: FleetPlayer[] = await db.query(`SELECT p.id, p.name, t.q, t.r, t.region_id AS "regionId" FROM players p
      JOIN territories t ON t.id = p.deployed_territory_id WHERE p.name LIKE 'load_%' ORDER BY p.name`);
    const territories = crossingsPerSecond > 0
      ? await db.query(`SELECT id, region_id AS "regionId" FROM territories ORDER BY md5(id) LIMIT 2000`)
      : [];
    // Round-robin slices keep each slice's observers (global index < observers) first.
    const slices: FleetSlice[] = Array.from({ length: workers }, () => ({
      url: server.url, secret: SECRET, players: [], observers: 0, movers: 0, crossingsPerSecond: crossingsPerSecond / workers, territories,
    }));
    players.forEach((p, i) => {
      const slice = slices[i % workers];
      slice.players.push(p);
      if (i < observers) slice.observers++;
      if (i < movers) slice.movers!++;
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
    const memory0 = await Promise.all(servers.map((sv) => memoryOf(sv.url)));
    const sent0 = await sumOver(servers, (s) => sentBytes(s.url));
    const cpu0 = servers.reduce((n, s) => n + processCpuSeconds(s.child.pid!), 0);
    const t0 = Date.now();
    await sleep(seconds * 1000);
    const reports = await Promise.all(fleets.map((f) => {
      const reply = nextMessage<{ report: FleetReport }>(f, 'report');
      f.send({ type: 'stop' });
      return reply.then((m) => m.report);
    }));
    const elapsed = (Date.now() - t0) / 1000;
    const memory1 = await Promise.all(servers.map((sv) => memoryOf(sv.url)));
    const sentPerTick = (await sumOver(servers, (s) => sentBytes(s.url)) - sent0) / (elapsed * 20); // 20 Hz patches
    const serverCpuPercent = ((servers.reduce((n, s) => n + processCpuSeconds(s.child.pid!), 0) - cpu0) / elapsed) * 100;
    await Promise.all(fleets.map((f) => {
      const reply = nextMessage(f, 'left').catch(() => {});
      f.send({ type: 'leave' });
      return reply;
    }));
    const latencies = reports.flatMap((r) => r.latencies);
    const handovers = reports.flatMap((r) => r.handoverMs);
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
      crossingsPerSecond,
      processes,
      handovers: handovers.length,
      handoverP50Ms: percentile(handovers, 50),
      handoverP99Ms: percentile(handovers, 99),
      movers: Math.min(movers, clients),
      seconds: Math.round(elapsed),
      memory: memory0.map((m, i) => ({ heapStartMB: m.heapMB, heapEndMB: memory1[i]!.heapMB, rssStartMB: m.rssMB, rssEndMB: memory1[i]!.rssMB })),
    };
  } catch (err) {
    // What the servers said (warnings and errors) explains most failed runs.
    for (const sv of servers) console.error(`--- server ${sv.port} (last 3,000 characters):\n${sv.output().slice(-3000)}`);
    throw err;
  } finally {
    for (const f of fleets) if (f.exitCode === null) f.kill('SIGKILL');
    await balancer?.close();
    for (const s of servers) await s.kill();
    await db.drop();
  }
}

/** Several sizes; the largest with p99 ≤ 150 ms and no disconnects is the figure. */
export async function runWorldLoadBench(
  sizes = [250, 500, 750, 1000, 1250], seconds = 15, serverEnv: Record<string, string> = {}, observers?: number, workers = 2, crossingsPerSecond = 0,
  processes = 1, movers?: number,
) {
  const results: WorldLoadResult[] = [];
  for (const n of sizes) {
    const r = await runWorldLoad(n, seconds, serverEnv, Math.min(observers ?? n, movers ?? n), workers, crossingsPerSecond, processes, movers ?? n);
    results.push(r);
    console.log(
      `world load N=${r.clients} (${r.movers} moving, ${r.observers} decoding, ${r.processes} server processes, ${r.workers} generator processes, ${r.crossingsPerSecond} crossings/s): joined ${r.joined} in ${r.joinSeconds.toFixed(1)} s, ${r.samples} echoes, ` +
      `p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms, disconnects ${r.disconnects}, ` +
      `server CPU ${r.serverCpuPercent.toFixed(0)} %, load generator CPU ${r.loadGenCpuPercent.toFixed(0)} %, ` +
      `${(r.bytesPerClientPerSecond / 1024).toFixed(1)} KiB/client/s, ${(r.serverBytesPerTick / 1024).toFixed(1)} KiB sent per tick` +
      (r.handovers ? `, ${r.handovers} hand-overs p50 ${r.handoverP50Ms.toFixed(1)} ms p99 ${r.handoverP99Ms.toFixed(1)} ms` : '') +
      `; ${r.seconds} s measured; heap MB per process ${r.memory.map((m) => `${m.heapStartMB.toFixed(0)}→${m.heapEndMB.toFixed(0)}`).join(', ')}` +
      `, RSS MB ${r.memory.map((m) => `${m.rssStartMB.toFixed(0)}→${m.rssEndMB.toFixed(0)}`).join(', ')}`,
    );
  }
  const ok = results.filter((r) => r.p99Ms <= 150 && r.disconnects === 0 && r.joined === r.clients);
  const best = ok.length ? Math.max(...ok.map((r) => r.clients)) : 0;
  console.log(`largest N with p99 ≤ 150 ms and no disconnects: ${best} (machine: ${machine()})`);
  return { results, best };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // `npx tsx tests/bench/world-load.ts [N ...] [--territories 10000 --regions 40] [--observers K] [--workers W] [--crossings C] [--processes P]
  //   [--movers M] [--seconds S]` — M of the N clients move (default all), S seconds measured (default 15)`
  const args = process.argv.slice(2);
  const flag = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
  const env: Record<string, string> = {};
  if (flag('--territories')) env.WORLD_TERRITORIES = flag('--territories')!;
  if (flag('--regions')) env.WORLD_REGIONS = flag('--regions')!;
  const sizes = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')).map(Number).filter(Boolean);
  const observers = flag('--observers') ? Number(flag('--observers')) : undefined;
  const workers = flag('--workers') ? Number(flag('--workers')) : 2;
  const crossings = flag('--crossings') ? Number(flag('--crossings')) : 0;
  const processes = flag('--processes') ? Number(flag('--processes')) : 1;
  const movers = flag('--movers') ? Number(flag('--movers')) : undefined;
  const seconds = flag('--seconds') ? Number(flag('--seconds')) : 15;
  await runWorldLoadBench(sizes.length ? sizes : undefined, seconds, env, observers, workers, crossings, processes, movers);
  process.exit(0);
}
