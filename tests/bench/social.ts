/**
 * The social layer under load (GAME §8.1, §8.2; issue 13's benchmarks):
 *
 * 1. Global channel fan-out: N real SDK clients in the social rooms of P server processes
 *    (Postgres + Redis, matchmaking through a TCP balancer; a social room holds 500 clients, so the
 *    rooms spread over the processes), `rate` lines per second posted to `global` by clients
 *    in turn (each line persisted, then published once over Redis to every room): p99 over lines of
 *    post → delivered to the last of the N clients. Baseline in the same run: a plain `ws`
 *    server broadcasting the same lines to N plain `ws` clients (no persistence, no rooms).
 * 2. The emergency broadcast (`POST /api/gm/emergency`) to the N online clients: p99 to the last.
 *    A squad-wide urgent notification: sieges declared through the war room on territories of a
 *    100-member squad whose members are among the N (GAME §8.2 `territory_besieged`): p99 over
 *    sieges of declare → the notification at the last of the 100.
 * 3. History: one page of 50 from a channel of 1,000,000 messages (random cursors and the
 *    newest page), p50/p99 — the data access the route runs, on Postgres.
 *
 * `npx tsx tests/bench/social.ts [N] [--processes P] [--rate R] [--seconds S] [--history 1000000]`
 * (`npm run bench -- social`). The load generators (2 processes) share the machine's cores.
 */
import type { ChildProcess } from 'node:child_process';
import { WebSocketServer } from 'ws';
import { channelHistory, openDatabase } from '@datavism/db';
import { forkFleets, nextMessage } from './fleet-process';
import { machine, percentile, processCpuSeconds } from './machine';
import type { SocialFleetReport, SocialSlice } from './social-fleet';
import { freshPostgresDatabase } from '../utils/pg';
import { startServerProcess, type ServerProcess } from '../utils/process';
import { startBalancer, type Balancer } from '../utils/balancer';
import { REDIS_URL, sleep, tempDir, uniquePrefix } from '../utils/env';
import jwt from 'jsonwebtoken';
import { Client } from '@colyseus/sdk';

const SECRET = 'bench-secret-'.padEnd(40, 'x');
const WORKERS = 2;

interface LineFigures { lines: number; complete: number; p50Ms: number; p99Ms: number; maxMs: number }

function merge(reports: SocialFleetReport[], clients: number, prefix: string): LineFigures {
  const all = new Map<string, [number, number]>();
  for (const r of reports) {
    for (const [tag, [lag, count]] of Object.entries(r.lines)) {
      if (!tag.startsWith(prefix)) continue;
      const cur = all.get(tag);
      if (cur) { cur[0] = Math.max(cur[0], lag); cur[1] += count; } else all.set(tag, [lag, count]);
    }
  }
  const complete = [...all.values()].filter(([, n]) => n === clients);
  const lags = complete.map(([lag]) => lag);
  return { lines: all.size, complete: complete.length, p50Ms: percentile(lags, 50), p99Ms: percentile(lags, 99), maxMs: Math.max(0, ...lags) };
}

async function ask<T>(fleets: ChildProcess[], type: string, reply: string, extra: (w: number) => object = () => ({})): Promise<T[]> {
  return Promise.all(fleets.map((f, w) => {
    const r = nextMessage<T>(f, reply);
    f.send({ type, ...extra(w) });
    return r;
  }));
}

export async function runSocialBench(clients = 2000, processes = 2, rate = 20, seconds = 20, historySize = 1_000_000) {
  console.log(`machine: ${machine()}`);
  const db = await freshPostgresDatabase('social');
  const servers: ServerProcess[] = [];
  let balancer: Balancer | null = null;
  const fleets: ChildProcess[] = [];
  const base = 29000 + Math.floor(Math.random() * 500);
  const shared = { REDIS_URL: `${REDIS_URL.replace(/\/\d*$/, '')}/8`, REDIS_PREFIX: uniquePrefix('social') };
  try {
    for (let i = 0; i < processes; i++) {
      const port = base + i * 100;
      servers.push(await startServerProcess(port, {
        DATABASE_URL: db.url, JWT_SECRET: SECRET, DATA_DIR: tempDir(), JOBS: 'off', LOG_LEVEL: 'error', PUBLIC_ADDRESS: `127.0.0.1:${port}`, ...shared,
      }));
    }
    balancer = await startBalancer(servers.map((s) => s.port));
    await db.query(`INSERT INTO players (name, name_key, password_hash) SELECT 'chat_' || g, 'chat_' || g, 'x' FROM generate_series(1, $1::int) g`, [clients + 1]);
    const players: Array<{ id: string; name: string }> = await db.query(`SELECT id, name FROM players WHERE name LIKE 'chat_%' ORDER BY name`);
    const gm = players.pop()!;
    await db.query(`UPDATE players SET role = 'gm' WHERE id = $1`, [gm.id]);
    const gmToken = jwt.sign({ name: gm.name }, SECRET, { subject: gm.id, algorithm: 'HS256', expiresIn: '1h' });

    fleets.push(...forkFleets(new URL('./social-fleet.ts', import.meta.url), 'SOCIAL_FLEET', WORKERS));
    const slices: SocialSlice[] = Array.from({ length: WORKERS }, () => ({ url: balancer!.url, secret: SECRET, players: [] }));
    players.forEach((p, i) => slices[i % WORKERS]!.players.push(p));
    const t0 = Date.now();
    const joined = (await ask<{ joined: number }>(fleets, 'join', 'joined', (w) => ({ slice: slices[w] })))
      .reduce((n, j) => n + j.joined, 0);
    console.log(`joined ${joined} of ${clients} SDK clients in ${((Date.now() - t0) / 1000).toFixed(1)} s over ${processes} server processes`);
    await sleep(2000);

    // 1. Global fan-out.
    await ask(fleets, 'measure', 'measuring');
    const cpu0 = servers.reduce((n, s) => n + processCpuSeconds(s.child.pid!), 0);
    const tPost = Date.now();
    // Each player may post 5 lines per 10 s (GAME §8.1): 40 posters per fleet keep 10 lines/s each well inside it.
    await ask(fleets, 'post', 'posted', () => ({ perSecond: rate / WORKERS, seconds, posters: 40 }));
    await sleep(2000); // the last lines arrive
    const elapsed = (Date.now() - tPost) / 1000;
    const serverCpu = ((servers.reduce((n, s) => n + processCpuSeconds(s.child.pid!), 0) - cpu0) / elapsed) * 100;
    const reports = (await ask<{ report: SocialFleetReport }>(fleets, 'report', 'report')).map((r) => r.report);
    const fan = merge(reports, joined, '');
    const delivered = reports.reduce((n, r) => n + r.received, 0);
    const genCpu = (reports.reduce((n, r) => n + r.cpuSeconds, 0) / elapsed) * 100;
    console.log(
      `global fan-out: ${fan.lines} lines at ${rate}/s to ${joined} clients — delivered to every client: ${fan.complete}; ` +
      `post → last client p50 ${fan.p50Ms} ms, p99 ${fan.p99Ms} ms (max ${fan.maxMs}); ${Math.round(delivered / elapsed / processes)} deliveries/s per process; ` +
      `server CPU ${serverCpu.toFixed(0)} % (all ${processes} processes, of one core), load generators ${genCpu.toFixed(0)} %`,
    );

    // 2. The emergency broadcast to everyone online.
    await ask(fleets, 'measure', 'measuring');
    for (let k = 0; k < 10; k++) {
      const res = await fetch(`${balancer.url}/api/gm/emergency`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${gmToken}` },
        body: JSON.stringify({ body: `bench em-${k} ${Date.now()}` }),
      });
      if (!res.ok) throw new Error(`emergency ${res.status}: ${await res.text()}`);
      await sleep(500);
    }
    await sleep(2000);
    const em = merge((await ask<{ report: SocialFleetReport }>(fleets, 'report', 'report')).map((r) => r.report), joined, 'em-');
    console.log(`emergency broadcast: ${em.lines} broadcasts to ${joined} clients, reached every client: ${em.complete}; to the last client p50 ${em.p50Ms} ms, p99 ${em.p99Ms} ms`);

    // 2b. Squad-wide urgent notifications: 10 attacking strike teams (no holdings: any target) each
    // declare one siege on a territory of a 100-member liberation squad made of connected players.
    const squadSize = Math.min(100, joined);
    const sieges = 10;
    await db.query(`INSERT INTO players (name, name_key, password_hash) SELECT 'atk_' || g, 'atk_' || g, 'x' FROM generate_series(1, $1::int) g`, [sieges * 5]);
    const atk: Array<{ id: string; name: string }> = await db.query(`SELECT id, name FROM players WHERE name LIKE 'atk_%' ORDER BY name`);
    const squadOf = async (type: string, name: string, members: Array<{ id: string }>) => {
      const [row] = await db.query(`INSERT INTO squads (name, name_key, type, level, leader_id) VALUES ($1, lower($1), $2, 1, $3) RETURNING id::text`, [name, type, members[0]!.id]);
      await db.query(`INSERT INTO squad_members (squad_id, player_id, role) SELECT $1, m, CASE WHEN ord = 1 THEN 'leader' ELSE 'member' END
        FROM unnest($2::uuid[]) WITH ORDINALITY AS u(m, ord)`, [row.id, members.map((m) => m.id)]);
      return row.id as string;
    };
    const defender = await squadOf('liberation', 'Bench Defenders', players.slice(0, squadSize));
    const targets: Array<{ id: string; name: string }> = await db.query(
      `WITH picked AS (SELECT DISTINCT ON (name) id, name FROM territories WHERE status = 'occupied' ORDER BY name, id LIMIT $1)
       UPDATE territories t SET status = 'liberated', holder_squad_id = $2, garrison = 10 FROM picked WHERE t.id = picked.id RETURNING t.id, t.name`,
      [sieges, defender]);
    const sentAt = new Map<string, number>();
    await ask(fleets, 'measure', 'measuring');
    for (const [k, target] of targets.entries()) {
      const members = atk.slice(k * 5, k * 5 + 5);
      await squadOf('strike_team', `Bench Strike ${k}`, members);
      const client = new Client(balancer.url);
      client.auth.token = jwt.sign({ name: members[0]!.name }, SECRET, { subject: members[0]!.id, algorithm: 'HS256', expiresIn: '1h' });
      const war = await client.joinOrCreate('war');
      const declared = new Promise((resolve, reject) => {
        war.onMessage('siege_declared', resolve);
        war.onMessage('error', (e) => reject(new Error(`declare_siege: ${JSON.stringify(e)}`)));
        war.onMessage('*', () => {});
      });
      sentAt.set(`${target.name} is under siege`, Date.now());
      war.send('declare_siege', { territoryId: target.id });
      await declared;
      await sleep(500);
      await war.leave();
    }
    await sleep(2000);
    const notified = new Map<string, [number, number]>();
    for (const { report } of await ask<{ report: SocialFleetReport }>(fleets, 'report', 'report')) {
      for (const [title, [at, n]] of Object.entries(report.notified)) {
        const cur = notified.get(title);
        if (cur) { cur[0] = Math.max(cur[0], at); cur[1] += n; } else notified.set(title, [at, n]);
      }
    }
    const squadLags = [...sentAt].flatMap(([title, t]) => {
      const got = notified.get(title);
      return got && got[1] === squadSize ? [got[0] - t] : [];
    });
    console.log(`squad urgent notification: ${sentAt.size} sieges on a ${squadSize}-member squad, reached every member: ${squadLags.length}; declare → last member p50 ${percentile(squadLags, 50)} ms, p99 ${percentile(squadLags, 99)} ms`);
    await ask(fleets, 'leave', 'left');
    fleets.length = 0;

    // Baseline: a plain ws broadcast of the same lines to as many plain ws clients.
    const wss = new WebSocketServer({ port: base + 99, host: '127.0.0.1' });
    const baseFleets = forkFleets(new URL('./social-fleet.ts', import.meta.url), 'SOCIAL_FLEET', WORKERS);
    fleets.push(...baseFleets);
    const wsSlices: SocialSlice[] = slices.map((s) => ({ ...s, wsUrl: `ws://127.0.0.1:${base + 99}` }));
    await ask(baseFleets, 'join', 'joined', (w) => ({ slice: wsSlices[w] }));
    await ask(baseFleets, 'measure', 'measuring');
    const cpuB0 = process.cpuUsage();
    for (let n = 0; n < rate * seconds; n++) {
      const line = `bench ws-${n} ${Date.now()}`;
      for (const c of wss.clients) c.send(line);
      await sleep(1000 / rate);
    }
    await sleep(2000);
    const cpuB = process.cpuUsage(cpuB0);
    const bl = merge((await ask<{ report: SocialFleetReport }>(baseFleets, 'report', 'report')).map((r) => r.report), joined, 'ws-');
    console.log(
      `baseline (plain ws broadcast, one process, no persistence): ${bl.lines} lines, to the last client p50 ${bl.p50Ms} ms, p99 ${bl.p99Ms} ms; ` +
      `server CPU ${(((cpuB.user + cpuB.system) / 1e6 / (seconds + 2)) * 100).toFixed(0)} % — ` +
      `social p99 ÷ ws p99 = ${(fan.p99Ms / Math.max(1, bl.p99Ms)).toFixed(2)}×`,
    );
    await ask(baseFleets, 'leave', 'left');
    fleets.length = 0;
    wss.close();

    // 3. History of a channel of `historySize` messages.
    const authors = players.slice(0, 100).map((p) => p.id);
    await db.query(`INSERT INTO social_messages (channel, author_id, body, created_at)
      SELECT 'global', ($2::uuid[])[1 + g % 100], 'line ' || g, now() - make_interval(secs => $1::int - g)
      FROM generate_series(1, $1::int) g`, [historySize, authors]);
    await db.query('ANALYZE social_messages');
    const database = await openDatabase({ databaseUrl: db.url });
    try {
      const [{ max }] = await db.query(`SELECT max(id)::bigint AS max FROM social_messages`);
      const reader = players[150]!.id;
      const times: number[] = [];
      for (let i = 0; i < 500; i++) {
        const before = i % 10 === 0 ? undefined : 1 + Math.floor(Math.random() * Number(max));
        const t = performance.now();
        const page = await channelHistory(database.db, { channel: 'global', readerId: reader, before, limit: 50 });
        times.push(performance.now() - t);
        if (page.messages.length === 0 && (before ?? 100) > 60) throw new Error('empty page');
      }
      console.log(`history: a page of 50 from ${historySize.toLocaleString('en')} messages, 500 pages (1 in 10 the newest): p50 ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms`);
    } finally {
      await database.close();
    }
  } catch (err) {
    for (const sv of servers) console.error(`--- server ${sv.port}:\n${sv.output().slice(-3000)}`);
    throw err;
  } finally {
    for (const f of fleets) if (f.exitCode === null) f.kill('SIGKILL');
    await balancer?.close();
    for (const s of servers) await s.kill();
    await db.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const flag = (name: string) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : undefined; };
  const n = Number(args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'))) || 2000;
  await runSocialBench(n, flag('--processes') ?? 2, flag('--rate') ?? 20, flag('--seconds') ?? 20, flag('--history') ?? 1_000_000);
  process.exit(0);
}
