import { Client, SchemaSerializer, registerSerializer, type Room } from '@colyseus/sdk';
import { hexToPixel } from '@datavism/rules';
import jwt from 'jsonwebtoken';
import { freshPostgresDatabase } from '../utils/pg';
import { startServerProcess } from '../utils/process';
import { sleep, tempDir } from '../utils/env';
import { machine, percentile, processCpuSeconds } from './machine';

const SECRET = 'bench-secret-'.padEnd(40, 'x');

/**
 * Observers decode every patch (and measure input→echo); movers only send inputs and count the
 * bytes they receive, so the load generator's core is not spent decoding N copies of the state.
 * The SDK creates a room's serializer when it joins: joins made while `decodeJoins` is false
 * get a serializer that skips decoding.
 */
let decodeJoins = true;
class BenchSerializer extends SchemaSerializer<any> {
  private readonly light = !decodeJoins;
  override setState(bytes: Uint8Array, it?: any): void {
    if (!this.light) super.setState(bytes, it);
  }
  override patch(bytes: Uint8Array, it?: any): any {
    return this.light ? [] : super.patch(bytes, it);
  }
}
registerSerializer('schema', BenchSerializer);

export interface WorldLoadResult {
  clients: number;
  /** Clients that decode the state (the others only move and count bytes). */
  observers: number;
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
 * N real SDK clients join the world room, spread over the regions, and each moves at
 * 10 inputs/s; input→echo latency is the time from sending `move` with seq s until the
 * client's decoded state shows its own avatar at seq s. With `observers` < N only that many
 * clients decode the state (and give the latency samples); the rest are movers.
 */
export async function runWorldLoad(
  clients: number, seconds = 15, serverEnv: Record<string, string> = {}, observers = clients,
): Promise<WorldLoadResult> {
  const db = await freshPostgresDatabase('load');
  const port = 28000 + Math.floor(Math.random() * 1000);
  const server = await startServerProcess(port, {
    DATABASE_URL: db.url, JWT_SECRET: SECRET, DATA_DIR: tempDir(), JOBS: 'off', LOG_LEVEL: 'error', ...serverEnv,
  });
  try {
    // Players straight into the database (scrypt registration of 1,000 players would dominate the run),
    // each deployed to a territory of region i mod 12.
    await db.query(`
      WITH t AS (SELECT id, row_number() OVER (PARTITION BY region_id ORDER BY id) AS k, region_id FROM territories),
           regions AS (SELECT DISTINCT region_id FROM territories),
           nreg AS (SELECT count(*) AS n FROM regions)
      INSERT INTO players (name, name_key, password_hash, deployed_territory_id)
      SELECT 'load_' || g, 'load_' || g, 'x',
             (SELECT id FROM t WHERE t.k = 1 AND t.region_id = (SELECT region_id FROM regions ORDER BY region_id OFFSET (g % (SELECT n FROM nreg)) LIMIT 1))
      FROM generate_series(1, $1::int) g`, [clients]);
    const players = await db.query(`SELECT p.id, p.name, t.q, t.r FROM players p JOIN territories t ON t.id = p.deployed_territory_id
      WHERE p.name LIKE 'load_%' ORDER BY p.name`);
    const rooms: Room<any, any>[] = [];
    let disconnects = 0;
    let bytes = 0;
    const latencies: number[] = [];
    let measuring = false;
    let finished = false;
    const joinStart = Date.now();
    for (let i = 0, end = 0; i < players.length; i = end) {
      decodeJoins = i < observers;
      end = Math.min(i + 25, players.length, i < observers ? observers : Infinity);
      await Promise.all(players.slice(i, end).map(async (p: any) => {
        const client = new Client(server.url);
        client.auth.token = jwt.sign({ name: p.name }, SECRET, { subject: p.id, algorithm: 'HS256', expiresIn: '1h' });
        const room = await client.joinOrCreate('world');
        room.reconnection.enabled = false;
        room.onMessage('profile', () => {});
        room.onLeave(() => { if (!finished) disconnects++; });
        (room.connection as any).transport.ws.on('message', (data: ArrayBuffer | Buffer) => { if (measuring) bytes += data.byteLength; });
        const sentAt = new Map<number, number>();
        let lastSeq = 0;
        room.onStateChange(() => {
          const me = room.state.avatars?.get(p.id);
          if (!me || me.seq <= lastSeq) return;
          lastSeq = me.seq;
          const t = sentAt.get(me.seq);
          if (t !== undefined && measuring) latencies.push(performance.now() - t);
          for (const s of sentAt.keys()) if (s <= me.seq) sentAt.delete(s);
        });
        (room as any).__bench = { id: p.id, sentAt, seq: 0, center: hexToPixel(p, 1) };
        rooms.push(room);
      }));
    }
    const joinSeconds = (Date.now() - joinStart) / 1000;
    // Each client sends 10 inputs/s: a random walk inside its territory.
    const timers = rooms.map((room, i) => {
      const b = (room as any).__bench;
      let angle = i;
      return setTimeout(() => {
        (b.timer = setInterval(() => {
          if (!room.connection.isOpen) return;
          const me = room.state.avatars?.get(b.id) ?? b.center; // movers walk around their territory's centre
          angle += 0.7;
          b.seq++;
          b.sentAt.set(b.seq, performance.now());
          room.send('move', { x: me.x + Math.cos(angle) * 0.2, y: me.y + Math.sin(angle) * 0.2, seq: b.seq });
        }, 100));
      }, (i * 100) / rooms.length);
    });
    await sleep(3000); // warm up
    measuring = true;
    const sent0 = await sentBytes(server.url);
    const cpu0 = processCpuSeconds(server.child.pid!);
    const gen0 = process.cpuUsage();
    const t0 = Date.now();
    await sleep(seconds * 1000);
    measuring = false;
    const elapsed = (Date.now() - t0) / 1000;
    const sentPerTick = (await sentBytes(server.url) - sent0) / (elapsed * 20); // 20 Hz patches
    const serverCpuPercent = ((processCpuSeconds(server.child.pid!) - cpu0) / elapsed) * 100;
    const gen = process.cpuUsage(gen0);
    finished = true;
    timers.forEach(clearTimeout);
    for (const room of rooms) clearInterval((room as any).__bench.timer);
    await Promise.all(rooms.map((r) => r.leave().catch(() => {})));
    return {
      clients,
      observers: Math.min(observers, clients),
      joined: rooms.length,
      joinSeconds,
      samples: latencies.length,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      disconnects,
      serverCpuPercent,
      loadGenCpuPercent: ((gen.user + gen.system) / 1e6 / elapsed) * 100,
      bytesPerClientPerSecond: bytes / rooms.length / elapsed,
      serverBytesPerTick: sentPerTick,
    };
  } finally {
    await server.kill();
    await db.drop();
  }
}

/** Several sizes; the largest with p99 ≤ 150 ms and no disconnects is the figure. */
export async function runWorldLoadBench(
  sizes = [250, 500, 750, 1000, 1250], seconds = 15, serverEnv: Record<string, string> = {}, observers?: number,
) {
  const results: WorldLoadResult[] = [];
  for (const n of sizes) {
    const r = await runWorldLoad(n, seconds, serverEnv, observers ?? n);
    results.push(r);
    console.log(
      `world load N=${r.clients} (${r.observers} decoding): joined ${r.joined} in ${r.joinSeconds.toFixed(1)} s, ${r.samples} echoes, ` +
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
  // `npx tsx tests/bench/world-load.ts [N ...] [--territories 10000 --regions 40] [--observers K]`
  const args = process.argv.slice(2);
  const flag = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
  const env: Record<string, string> = {};
  if (flag('--territories')) env.WORLD_TERRITORIES = flag('--territories')!;
  if (flag('--regions')) env.WORLD_REGIONS = flag('--regions')!;
  const sizes = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')).map(Number).filter(Boolean);
  const observers = flag('--observers') ? Number(flag('--observers')) : undefined;
  await runWorldLoadBench(sizes.length ? sizes : undefined, 15, env, observers);
  process.exit(0);
}
