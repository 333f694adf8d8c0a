import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Room } from '@colyseus/sdk';
import { Redis } from 'ioredis';
import { freshPostgresDatabase } from '../utils/pg';
import { startServerProcess, type ServerProcess } from '../utils/process';
import { api } from '../utils/http';
import { startBalancer, type Balancer } from '../utils/balancer';
import { REDIS_URL, tempDir, uniquePrefix, waitFor } from '../utils/env';
import { openDatabase, type Database } from '@datavism/db';
import { makeSquad, q } from './territory-fixtures';
import { stayJoined } from '../../apps/client/src/net/stayJoined';
import { RegionLink } from '../../apps/client/src/net/regionLink';

// Owner failover: three processes on one Postgres and one Redis; the processes that own the war room
// and the walker's region room are SIGKILLed; the room is recreated on the other, rebuilt from the database, and its clients
// rejoin by themselves. Region rooms of the dead process are recreated by their clients too.
const REDIS_DB = 6;
const SECRET = 'f'.repeat(40);
let db: Awaited<ReturnType<typeof freshPostgresDatabase>>;
let game: Database;
let lb: Balancer;
const procs: ServerProcess[] = [];

/** The process a joined room lives on (its socket's port). */
function portOf(room: Room<any, any>): number {
  return Number(new URL((room as any).connection.url).port);
}

beforeAll(async () => {
  db = await freshPostgresDatabase('failover');
  const redisUrl = `${REDIS_URL.replace(/\/\d*$/, '')}/${REDIS_DB}`;
  const redis = new Redis(redisUrl);
  await redis.flushdb();
  redis.disconnect();
  const common = { DATABASE_URL: db.url, REDIS_URL: redisUrl, REDIS_PREFIX: uniquePrefix('failover'), JWT_SECRET: SECRET };
  const base = 21000 + Math.floor(Math.random() * 3000);
  for (const port of [base, base + 3001, base + 6002]) {
    procs.push(await startServerProcess(port, { ...common, PUBLIC_ADDRESS: `127.0.0.1:${port}`, DATA_DIR: tempDir() }));
  }
  game = await openDatabase({ databaseUrl: db.url, dataDir: tempDir() });
  lb = await startBalancer(procs.map((p) => p.port)); // clients matchmake through it, as behind nginx
});

afterAll(async () => {
  await lb?.close();
  for (const p of procs) await p.kill('SIGKILL');
  await game?.close();
  await db?.drop();
});

describe('owner failover', () => {
  it('SIGKILL of the processes of the war room and of a region room: both are recreated on a live process, rebuilt from the database, clients rejoin by themselves', async () => {
    const dbh = game.db;
    const squad = await makeSquad(dbh, SECRET, { type: 'analysis', size: 5 });
    const [target] = await q(dbh, "SELECT id FROM territories WHERE status = 'occupied' ORDER BY id LIMIT 1");
    const leader = new Client(lb.url);
    leader.auth.token = squad.members[0]!.token;
    // Supervisors create the one-per-world rooms; the leader joins the war room.
    const stay = await stayJoined(leader, 'war', {}, { backoffMs: () => 250, onRetry: (err, n) => { if (n % 4 === 0) console.log('war rejoin failed', n, String((err as Error)?.message)); } });
    const declared = new Promise<any>((resolve) => stay.room!.onMessage('siege_declared', resolve));
    stay.room!.onMessage('*', () => {});
    stay.room!.send('declare_siege', { territoryId: target.id });
    const siege = await declared;
    await waitFor(() => stay.room!.state.sieges?.get(siege.siegeId), 5000, 'siege in the war room');

    // A player in the world too: its region room may live on either process.
    const walker = squad.members[1]!;
    const entry = await api(lb.url, 'POST', '/api/world/enter', {}, walker.token);
    const wc = new Client(lb.url);
    wc.auth.token = walker.token;
    const link = new RegionLink(wc);
    await link.enter(entry.body.regionId);
    await waitFor(() => link.room!.state.avatars?.get(walker.id), 5000, 'walker in its region');

    const owner = procs.find((p) => p.port === portOf(stay.room!))!;
    const regionOwner = procs.find((p) => p.port === portOf(link.room!))!;
    const killed = new Set([owner, regionOwner]);
    const oldRoomId = stay.room!.roomId;
    const killedAt = Date.now();
    await Promise.all([...killed].map((p) => p.kill('SIGKILL')));
    const live = procs.filter((p) => !killed.has(p)).map((p) => p.port);

    await waitFor(() => stay.rejoins === 1 && stay.room, 30_000, 'war client rejoined');
    const failoverMs = Date.now() - killedAt;
    expect(stay.room!.roomId).not.toBe(oldRoomId);
    expect(live).toContain(portOf(stay.room!));
    // Rebuilt from the database: the siege declared before the kill is there.
    const rebuilt = await waitFor(() => stay.room!.state.sieges?.get(siege.siegeId), 10_000, 'siege rebuilt');
    expect(rebuilt.territoryId).toBe(target.id);
    // The walker's region room died too: it rejoined a recreated one, its avatar where the database says.
    await waitFor(() => link.rejoins === 1 && link.room, 30_000, 'walker rejoined its region');
    expect(live).toContain(portOf(link.room!));
    const [row] = await q(dbh, 'SELECT deployed_territory_id AS t FROM players WHERE id = $1', [walker.id]);
    const avatar = await waitFor(() => link.room!.state.avatars?.get(walker.id), 10_000, 'walker avatar after failover');
    expect(avatar.territoryId).toBe(row.t);
    console.log(`failover: SIGKILL of ${killed.size} process(es) → war client in the recreated room after ${failoverMs} ms`);
    await stay.leave();
    await link.leave();
  });
});
