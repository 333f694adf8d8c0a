import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@colyseus/sdk';
import { Redis } from 'ioredis';
import { freshPostgresDatabase } from '../utils/pg';
import { startServerProcess, type ServerProcess } from '../utils/process';
import { api, registerPlayer } from '../utils/http';
import { RegionLink } from '../../apps/client/src/net/regionLink';
import { openDatabase, setParameter } from '@datavism/db';
import { REDIS_URL, sleep, tempDir, uniquePrefix, waitFor } from '../utils/env';

// Two real server processes on one Postgres and one Redis (its own db index and key prefix).
const REDIS_DB = 7;
let db: Awaited<ReturnType<typeof freshPostgresDatabase>>;
let one: ServerProcess;
let two: ServerProcess;
const prefix = uniquePrefix('scale');
let redisUrl = '';

beforeAll(async () => {
  db = await freshPostgresDatabase('scale');
  redisUrl = `${REDIS_URL.replace(/\/\d*$/, '')}/${REDIS_DB}`;
  const redis = new Redis(redisUrl);
  await redis.flushdb();
  redis.disconnect();
  const common = {
    DATABASE_URL: db.url, REDIS_URL: redisUrl, REDIS_PREFIX: prefix, JWT_SECRET: 's'.repeat(40),
    TIME_SCALE: '3600', // a game hour per real second: the hourly regrowth job runs every second
  };
  const [portA, portB] = [24000 + Math.floor(Math.random() * 2000), 26000 + Math.floor(Math.random() * 2000)];
  // Start one after the other: both migrate, the advisory lock makes the second wait.
  one = await startServerProcess(portA, { ...common, PUBLIC_ADDRESS: `127.0.0.1:${portA}`, DATA_DIR: tempDir(), ADMIN_NAME: 'scale_admin', ADMIN_PASSWORD: 'admin-password-1' });
  two = await startServerProcess(portB, { ...common, PUBLIC_ADDRESS: `127.0.0.1:${portB}`, DATA_DIR: tempDir() });
});

afterAll(async () => {
  await one?.kill();
  await two?.kill();
  await db?.drop();
});

describe('two server processes share one world', () => {
  it('both report Postgres, Redis presence and BullMQ', async () => {
    for (const p of [one, two]) {
      const health = await api(p.url, 'GET', '/health');
      expect(health.body).toMatchObject({ status: 'ok', database: 'postgres', presence: 'redis', jobs: 'bullmq' });
    }
  });

  it('a client through one process sees what a client through the other changes', async () => {
    const a = await registerPlayer(one.url);
    const b = await registerPlayer(two.url); // same database: B registered through process two
    // Both enter the world through their own process; both start in the spawn region.
    const entryA = await api(one.url, 'POST', '/api/world/enter', {}, a.token);
    const entryB = await api(two.url, 'POST', '/api/world/enter', {}, b.token);
    expect(entryB.body.regionId).toBe(entryA.body.regionId);
    const ca = new Client(one.url);
    ca.auth.token = a.token;
    const roomA = await ca.joinOrCreate('region', { regionId: entryA.body.regionId });
    const cb = new Client(two.url);
    cb.auth.token = b.token;
    const roomB = await cb.joinOrCreate('region', { regionId: entryB.body.regionId }); // matchmaking through process two
    expect(roomB.roomId).toBe(roomA.roomId);
    const mapA = await ca.joinOrCreate('map');
    const mapB = await cb.joinOrCreate('map');

    const bOnA = await waitFor(() => roomA.state.avatars?.get(b.player.id), 10_000, 'A sees B');
    roomB.send('move', { x: bOnA.x + 0.2, y: bOnA.y, seq: 1 });
    await waitFor(() => roomA.state.avatars.get(b.player.id)?.seq === 1, 10_000, 'A sees B move');

    // A GM changes a territory through process two's HTTP API; the room (wherever it lives) shows it.
    const login = await api(two.url, 'POST', '/api/auth/login', { name: 'scale_admin', password: 'admin-password-1' });
    expect(login.status).toBe(200);
    let target = '';
    await waitFor(() => mapA.state.territories?.size > 0, 10_000, 'the map');
    mapA.state.territories.forEach((t: any, id: string) => {
      if (!target && t.status === 'occupied') target = id;
    });
    const changed = await api(two.url, 'POST', `/api/gm/territories/${target}`, { status: 'neutral' }, login.body.token);
    expect(changed.status).toBe(200);
    await waitFor(() => mapA.state.territories.get(target)?.status === 'neutral', 10_000, 'territory change seen');
    await waitFor(() => mapB.state.territories?.get(target)?.status === 'neutral', 10_000, 'territory change seen by B');

    // A player may not use the GM route.
    const denied = await api(two.url, 'POST', `/api/gm/territories/${target}`, { status: 'occupied' }, b.token);
    expect(denied.status).toBe(403);
    for (const r of [roomA, roomB, mapA, mapB]) await r.leave();
  });

  it('hand-overs between region rooms on different processes: no disconnect, inputs follow', async () => {
    // Instant travel (a parameter change as governance makes it: stored, then announced on presence).
    const game = await openDatabase({ databaseUrl: db.url, dataDir: tempDir() });
    await setParameter(game.db, { name: 'travel_seconds_per_hex', value: 0, changedBy: 'scale-test', reason: 'instant hand-overs' });
    await game.close();
    const pub = new Redis(redisUrl);
    await pub.publish(`${prefix}:parameters`, JSON.stringify('travel_seconds_per_hex'));
    pub.disconnect();
    await sleep(300);
    const a = await registerPlayer(one.url);
    const entry = await api(one.url, 'POST', '/api/world/enter', {}, a.token);
    const client = new Client(one.url);
    client.auth.token = a.token;
    const link = new RegionLink(client);
    await link.enter(entry.body.regionId);
    const portOf = (room: any) => Number(new URL(room.connection.url).port);
    const ports = [portOf(link.room)];
    // Regions far from each other: rooms are created on the process with the fewest rooms, so
    // successive new regions alternate between the two processes.
    const regions = await db.query(`SELECT DISTINCT ON (region_id) region_id, id FROM territories WHERE region_id <> $1 ORDER BY region_id, id LIMIT 4`, [entry.body.regionId]);
    let seq = 0;
    for (const r of regions) {
      const before = link.handovers;
      link.deploy(r.id, r.region_id);
      link.send('move', { x: 0, y: 0, seq: ++seq }); // sent while switching: replayed to the new room
      await waitFor(() => link.handovers === before + 1, 15_000, `hand-over to region ${r.region_id}`);
      await waitFor(() => link.room!.state.avatars?.get(a.player.id)?.territoryId === r.id, 10_000, 'avatar in the new region');
      ports.push(portOf(link.room));
    }
    expect(new Set(ports).size).toBe(2); // some hand-overs crossed processes
    expect(link.rejoins).toBe(0);
    await link.leave();
  });

  it('a periodic job runs once per slot across both processes', async () => {
    await sleep(3500);
    const runs = await db.query(`SELECT scheduled_for, count(*)::int AS n FROM job_runs WHERE name = 'garrison-regrowth' GROUP BY 1`);
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs.every((r: any) => r.n === 1)).toBe(true);
  });
});
