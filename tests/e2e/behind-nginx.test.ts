import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@colyseus/sdk';
import { Redis } from 'ioredis';
import { freshPostgresDatabase } from '../utils/pg';
import { startServerProcess, type ServerProcess } from '../utils/process';
import { freePort, startNginx, type Nginx } from '../utils/nginx';
import { api, registerPlayer } from '../utils/http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REDIS_URL, repoRoot, tempDir, uniquePrefix, waitFor } from '../utils/env';
import { RegionLink } from '../../apps/client/src/net/regionLink';

// The deployment of docker compose --profile scale, without Docker: three game processes on one
// Postgres and one Redis behind the repository's own nginx config (ops/nginx/datavism.conf).
// Every request and every room WebSocket goes through nginx; rooms are reached at
// PUBLIC_ADDRESS = <nginx>/game-N, which nginx routes to process N.
const REDIS_DB = 10;
let db: Awaited<ReturnType<typeof freshPostgresDatabase>>;
const procs: ServerProcess[] = [];
let nginx: Nginx;

beforeAll(async () => {
  db = await freshPostgresDatabase('nginx');
  const redisUrl = `${REDIS_URL.replace(/\/\d*$/, '')}/${REDIS_DB}`;
  const r = new Redis(redisUrl);
  await r.flushdb();
  r.disconnect();
  const front = await freePort();
  const prefix = uniquePrefix('nginx');
  for (let i = 1; i <= 3; i++) {
    const port = await freePort();
    procs.push(await startServerProcess(port, {
      DATABASE_URL: db.url, REDIS_URL: redisUrl, REDIS_PREFIX: prefix, JWT_SECRET: 'n'.repeat(40), DATA_DIR: tempDir(),
      PUBLIC_ADDRESS: `127.0.0.1:${front}/game-${i}`,
    }));
  }
  nginx = await startNginx(procs.map((p) => p.port), front);
}, 180_000);

afterAll(async () => {
  await nginx?.stop();
  for (const p of procs) await p.kill();
  await db?.drop();
});

describe('three game processes behind nginx (ops/nginx/datavism.conf)', () => {
  it('players register, enter and play through nginx; a hand-over crosses processes behind it', async () => {
    const a = await registerPlayer(nginx.url);
    const b = await registerPlayer(nginx.url);
    const links = [];
    for (const p of [a, b]) {
      const entry = await api(nginx.url, 'POST', '/api/world/enter', {}, p.token);
      expect(entry.status).toBe(200);
      const client = new Client(nginx.url);
      client.auth.token = p.token;
      const link = new RegionLink(client);
      await link.enter(entry.body.regionId);
      links.push(link);
    }
    const [A, B] = links;
    // The rooms' sockets go through nginx, to the process that holds each room.
    const via = (link: RegionLink) => new URL((link.room as any).connection.url);
    expect(Number(via(A!).port)).toBe(nginx.port);
    expect(via(A!).pathname).toMatch(/^\/game-[123]\//);
    await waitFor(() => B!.room!.state.avatars?.get(a.player.id), 10_000, 'B sees A');
    // A travels through three other regions: their rooms are placed over the processes.
    const processes = new Set([via(A!).pathname.split('/')[1]]);
    // Each hop goes to the nearest territory of a region not visited yet (a short walk: 2 s per hex).
    const visited = [A!.regionId];
    for (let hop = 0; hop < 3; hop++) {
      const [here] = await db.query(`SELECT t.q, t.r FROM players p JOIN territories t ON t.id = p.deployed_territory_id WHERE p.id = $1`, [a.player.id]);
      const [next] = await db.query(
        `SELECT id, region_id FROM territories WHERE NOT (region_id = ANY($3::int[]))
          ORDER BY (abs(q - $1) + abs(r - $2) + abs(q + r - $1 - $2)) / 2, id LIMIT 1`, [here.q, here.r, visited]);
      visited.push(next.region_id);
      const before = A!.handovers;
      A!.deploy(next.id, next.region_id);
      await waitFor(() => A!.handovers === before + 1, 20_000, `hand-over to region ${next.region_id}`);
      await waitFor(() => A!.room!.state.avatars?.get(a.player.id)?.arrivesAt === 0, 60_000, 'arrived');
      processes.add(via(A!).pathname.split('/')[1]);
    }
    expect(processes.size).toBeGreaterThanOrEqual(2);
    await waitFor(() => !B!.room!.state.avatars?.get(a.player.id), 5000, 'A left B’s region');
    for (const l of links) await l.leave();
  }, 180_000);

  it('every query of the Grafana dashboard (ops/grafana/datavism-dashboard.json) names a metric each process exposes; nginx hides /metrics', async () => {
    const dashboard = JSON.parse(readFileSync(path.join(repoRoot, 'ops/grafana/datavism-dashboard.json'), 'utf8'));
    const exprs: string[] = dashboard.panels.flatMap((p: any) => p.targets.map((t: any) => t.expr));
    const names = new Set(exprs.flatMap((e) => e.match(/\b(?:datavism|nodejs|process)_[a-z0-9_]+/g) ?? []));
    expect(names.size).toBeGreaterThanOrEqual(12);
    for (const p of procs) {
      const text = await (await fetch(`http://127.0.0.1:${p.port}/metrics`)).text();
      const exposed = new Set([...text.matchAll(/^# TYPE (\S+) (\S+)/gm)].flatMap(([, name, type]) =>
        type === 'histogram' ? [name!, `${name}_bucket`, `${name}_sum`, `${name}_count`] : [name!]));
      expect([...names].filter((n) => !exposed.has(n))).toEqual([]);
    }
    expect((await fetch(`${nginx.url}/metrics`)).status).toBe(404);
  });
});
