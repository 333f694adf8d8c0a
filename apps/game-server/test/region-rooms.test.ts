import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { boot, type ColyseusTestServer } from '@colyseus/testing';
import { createPlayer, createTestDatabase, deployPlayer, loadWorld } from '@datavism/db';
import { createGameServer, type GameServer } from '../src/app';
import { loadConfig } from '../src/config';
import { signToken } from '../src/auth/tokens';
import { Client } from '@colyseus/sdk';
import type { MapRoom } from '../src/world/MapRoom';
import type { RegionRoom } from '../src/world/RegionRoom';
import { plainState, StateOracle } from '../../../tests/utils/stateOracle';
import { RegionLink } from '../../../apps/client/src/net/regionLink';

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
  await game.services.parameters.set({ name: 'travel_seconds_per_hex', value: 0, changedBy: 'test', reason: 'crossings without travel' });
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

describe('map and region rooms (@colyseus/testing)', () => {
  it('a map room loads every persisted territory and region', async () => {
    const room: any = await colyseus.createRoom<MapRoom>('map');
    const world = (await loadWorld(game.services.database.db))!;
    expect(room.state.territories.size).toBe(world.territories.length);
    expect(room.state.regions.size).toBe(12);
    const sample = world.territories[0];
    expect(room.state.territories.get(sample.id)).toMatchObject({ q: sample.q, r: sample.r, status: sample.status, garrison: sample.garrison });
  });

  it('a region room holds the avatars of its region only; two hand-overs in one patch are exact (state oracle)', async () => {
    const one: any = await colyseus.createRoom<RegionRoom>('region', { regionId: 1 });
    const two: any = await colyseus.createRoom<RegionRoom>('region', { regionId: 2 });
    const a = await playerIn(1, 'room_a');
    const b = await playerIn(1, 'room_b');
    const c = await playerIn(2, 'room_c');
    const oracles = new Map([[one.roomId, new StateOracle(one, () => plainState(one.state))], [two.roomId, new StateOracle(two, () => plainState(two.state))]]);
    const links = [];
    for (const p of [a, b, c]) {
      const client = new Client((colyseus.sdk as any).settings);
      client.auth.token = p.token;
      const link = new RegionLink(client, { onRegion: (room) => oracles.get(room.roomId)?.watch(room) });
      await link.enter(p.territory.regionId);
      links.push(link);
    }
    await new Promise((r) => setTimeout(r, 400));
    const ids = (l: RegionLink) => [...l.room!.state.avatars.keys()].sort();
    expect(ids(links[0]!)).toEqual([a.player.id, b.player.id].sort());
    expect(ids(links[2]!)).toEqual([c.player.id]);
    // b crosses into region 2 and c into region 1 at the same moment.
    links[1]!.deploy(c.territory.id, 2);
    links[2]!.deploy(a.territory.id, 1);
    await new Promise((r) => setTimeout(r, 600));
    expect(ids(links[0]!)).toEqual([a.player.id, c.player.id].sort());
    expect(ids(links[1]!)).toEqual([b.player.id]);
    expect(ids(links[2]!)).toEqual([a.player.id, c.player.id].sort());
    expect(links[1]!.room!.roomId).toBe(two.roomId);
    expect([...one.state.avatars.keys()].sort()).toEqual([a.player.id, c.player.id].sort());
    expect([...two.state.avatars.keys()]).toEqual([b.player.id]);
    for (const o of oracles.values()) {
      o.assertConsistent();
      o.detach();
    }
    expect([...oracles.values()].reduce((n, o) => n + o.compared, 0)).toBeGreaterThan(6);
    for (const l of links) await l.leave();
  });

  it('refuses a message of unknown type with a typed error, and the client stays', async () => {
    const room: any = await colyseus.createRoom<RegionRoom>('region', { regionId: 3 });
    const a = await playerIn(3, 'room_d');
    colyseus.sdk.auth.token = a.token;
    const client = await colyseus.connectTo(room, { regionId: 3 });
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
