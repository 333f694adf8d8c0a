import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { boot, type ColyseusTestServer } from '@colyseus/testing';
import { createPlayer, createTestDatabase, deployPlayer, loadWorld } from '@datavism/db';
import { createGameServer, type GameServer } from '../src/app';
import { loadConfig } from '../src/config';
import { signToken } from '../src/auth/tokens';
import type { WorldRoom } from '../src/rooms/WorldRoom';

const SECRET = 'r'.repeat(40);
let colyseus: ColyseusTestServer;
let game: GameServer;
let drop: () => Promise<void>;

beforeAll(async () => {
  const test = await createTestDatabase('pglite');
  drop = test.drop;
  const config = loadConfig({ DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'dv-room-')), LOG_LEVEL: 'silent', JWT_SECRET: SECRET, JOBS: 'off' });
  game = await createGameServer(config, { database: test.database });
  colyseus = await boot(game.server);
});
afterAll(async () => {
  await colyseus?.shutdown();
  await drop?.();
});

async function playerIn(regionId: number, name: string) {
  const db = game.services.database.db;
  const world = (await loadWorld(db))!;
  const territory = world.territories.find((t) => t.regionId === regionId)!;
  const player = await createPlayer(db, { name, passwordHash: 'x' });
  await deployPlayer(db, player.id, territory.id, new Date());
  return { player, territory, token: signToken(SECRET, { sub: player.id, name }) };
}

describe('world room (@colyseus/testing)', () => {
  it('loads every persisted territory into the synced state', async () => {
    const room: any = await colyseus.createRoom<WorldRoom>('world');
    const world = (await loadWorld(game.services.database.db))!;
    expect(room.state.territories.size).toBe(world.territories.length);
    expect(room.state.regions.size).toBe(12);
    const sample = world.territories[0];
    expect(room.state.territories.get(sample.id)).toMatchObject({ q: sample.q, r: sample.r, status: sample.status, garrison: sample.garrison });
  });

  it('interest management: a client decodes only the avatars of its own region', async () => {
    const room: any = await colyseus.createRoom<WorldRoom>('world');
    const a = await playerIn(1, 'room_a');
    const b = await playerIn(1, 'room_b');
    const c = await playerIn(2, 'room_c');
    const clients = [];
    for (const p of [a, b, c]) {
      colyseus.sdk.auth.token = p.token;
      clients.push(await colyseus.connectTo(room));
    }
    await new Promise((r) => setTimeout(r, 400));
    const ids = (cl: any) => [...cl.state.avatars.keys()].sort();
    expect(room.state.avatars.size).toBe(3);
    expect(ids(clients[0])).toEqual([a.player.id, b.player.id].sort());
    expect(ids(clients[1])).toEqual([a.player.id, b.player.id].sort());
    expect(ids(clients[2])).toEqual([c.player.id]);
    expect(clients[2].state.avatars.get(c.player.id).territoryId).toBe(c.territory.id);
    for (const cl of clients) await cl.leave();
  });

  it('refuses a message of unknown type with a typed error, and the client stays', async () => {
    const room: any = await colyseus.createRoom<WorldRoom>('world');
    const a = await playerIn(3, 'room_d');
    colyseus.sdk.auth.token = a.token;
    const client = await colyseus.connectTo(room);
    const errors: any[] = [];
    client.onMessage('error', (e: any) => errors.push(e));
    client.send('self_destruct', { now: true });
    client.send('deploy', { territoryId: 42 });
    await new Promise((r) => setTimeout(r, 300));
    expect(errors[0]).toMatchObject({ code: 'BAD_REQUEST', type: 'self_destruct' });
    expect(room.clients.length).toBe(1);
    await client.leave();
  });
});
