import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Room } from '@colyseus/sdk';
import { hexDistance, hexToPixel } from '@datavism/rules';
import type { HandoverMessage } from '@datavism/shared-schema';
import { getPlayer } from '@datavism/db';
import { startGame, type RunningGame } from '../utils/game';
import { api, registerPlayer } from '../utils/http';
import { sleep, waitFor } from '../utils/env';
import type { RegionLink } from '../../apps/client/src/net/regionLink';
import { enterWorld } from '../utils/worldEntry';

let run: RunningGame;

interface World {
  id: string;
  link: RegionLink;
  map: Room<any, any>;
  /** The region room the player is in now. */
  room(): Room<any, any>;
  errors: any[];
  deployed: any[];
  handovers: HandoverMessage[];
  entry: { regionId: number; territoryId: string; profile: any };
  leave(): Promise<void>;
}

/** Enter the world as the browser client does: POST /api/world/enter, a map room, the region room. */
async function joinWorld(p: { token: string; player: { id: string } }): Promise<World> {
  const { client, link, entry, errors, deployed, handovers } = await enterWorld(run.url, p.token);
  const map = await client.joinOrCreate('map');
  await waitFor(() => map.state.territories?.size > 0, 5000, 'the map');
  return {
    id: p.player.id, link, map, errors, deployed, handovers, entry,
    room: () => link.room!,
    async leave() {
      await link.leave();
      await map.leave();
    },
  };
}

beforeAll(async () => {
  run = await startGame({ db: 'postgres' });
});
afterAll(async () => {
  await run?.close();
});

describe('the world (map and region rooms), end to end with real SDK clients', () => {
  it('two players see each other move; the server clamps steps', async () => {
    const a = await registerPlayer(run.url);
    const b = await registerPlayer(run.url);
    const A = await joinWorld(a);
    const B = await joinWorld(b);
    const aId = a.player.id;
    const seenByB = await waitFor(() => B.room().state.avatars?.get(aId), 5000, 'B sees A');
    expect(seenByB.name).toBe(a.name);
    const start = { x: seenByB.x, y: seenByB.y };

    // A asks to jump 100 units: the server moves it at most 0.25 per input.
    A.link.send('move', { x: start.x + 100, y: start.y, seq: 1 });
    await waitFor(() => B.room().state.avatars.get(aId)?.seq === 1, 5000, 'B sees A move');
    const moved = B.room().state.avatars.get(aId);
    expect(moved.x - start.x).toBeCloseTo(0.25, 5);
    expect(moved.y).toBeCloseTo(start.y, 5);

    // Many inputs: the avatar stays within 0.75 of its territory centre.
    for (let seq = 2; seq < 12; seq++) {
      A.link.send('move', { x: start.x + 100, y: start.y, seq });
      await sleep(105);
    }
    await waitFor(() => B.room().state.avatars.get(aId)?.seq === 11, 5000, 'last input echoed');
    const territory = B.map.state.territories.get(B.room().state.avatars.get(aId).territoryId);
    const c = hexToPixel(territory, 1);
    expect(Math.hypot(B.room().state.avatars.get(aId).x - c.x, B.room().state.avatars.get(aId).y - c.y)).toBeCloseTo(0.75, 4);
    await A.leave();
    await B.leave();
  });

  it('bad messages get typed errors and change nothing; the room lives on', async () => {
    const a = await registerPlayer(run.url);
    const A = await joinWorld(a);
    const me = await waitFor(() => A.room().state.avatars?.get(a.player.id), 5000, 'own avatar');
    const before = { x: me.x, y: me.y, seq: me.seq };

    A.room().send('move', { x: 'far', y: 0, seq: 1 });
    A.room().send('move', { x: 1, y: 2 });
    A.room().send('move', { x: Number.MAX_VALUE, y: 0, seq: 1 });
    A.room().send('deploy', { territoryId: 'no-such-territory' });
    A.room().send('launch_missiles', { now: true });
    await waitFor(() => A.errors.length >= 3, 5000, 'errors');
    await sleep(300);
    const codes = A.errors.map((e) => e.code);
    expect(codes).toContain('BAD_REQUEST');
    expect(A.errors.find((e) => e.type === 'move')).toMatchObject({ code: 'BAD_REQUEST' });
    expect(A.errors.some((e) => e.code === 'UNKNOWN_TERRITORY' || e.type === 'launch_missiles')).toBe(true);
    const after = A.room().state.avatars.get(a.player.id);
    expect({ x: after.x, y: after.y, seq: after.seq }).toEqual(before);

    // Still connected and served: a valid move is applied.
    A.room().send('move', { x: before.x + 0.1, y: before.y, seq: 5 });
    await waitFor(() => A.room().state.avatars.get(a.player.id)?.seq === 5, 5000, 'valid move after bad ones');
    expect(A.room().connection.isOpen).toBe(true);
    await A.leave();
  });

  it('rejects joins without a valid token', async () => {
    const client = new Client(run.url);
    await expect(client.joinOrCreate('map')).rejects.toThrow();
    await expect(client.joinOrCreate('region', { regionId: 1 })).rejects.toThrow();
    client.auth.token = 'not-a-token';
    await expect(client.joinOrCreate('map')).rejects.toThrow();
    expect((await api(run.url, 'POST', '/api/world/enter', {}, 'not-a-token')).status).toBe(401);
  });

  it('a deploy costs travel time per hex; into another region it hands the player over, and avatars are only sent to their own region', async () => {
    const a = await registerPlayer(run.url);
    const b = await registerPlayer(run.url);
    const A = await joinWorld(a);
    const B = await joinWorld(b);
    await waitFor(() => B.room().state.avatars?.get(a.player.id), 5000, 'B sees A');
    const mine = A.room().state.avatars.get(a.player.id);
    const here = A.map.state.territories.get(mine.territoryId);
    let target: any = null;
    A.map.state.territories.forEach((t: any) => {
      if (!target && t.regionId !== here.regionId && hexDistance(t, here) <= 6) target = t;
    });
    expect(target).toBeTruthy();
    const sentAt = Date.now();
    A.link.deploy(target.id, target.regionId);
    const handover = await waitFor(() => A.handovers[0], 5000, 'handover');
    expect(handover).toMatchObject({ regionId: target.regionId, territoryId: target.id });
    expect(handover.travelMs).toBe(hexDistance(here, target) * 2 * 1000);
    expect(handover.arrivesAt).toBeGreaterThanOrEqual(sentAt + handover.travelMs - 50);
    // The stored deployment is the arrival: until then A is not present there (claims, siege strength).
    const stored = await getPlayer(run.game.services.database.db, a.player.id);
    expect(stored).toMatchObject({ deployedTerritoryId: target.id });
    expect(stored!.deployedAt!.getTime()).toBe(handover.arrivesAt);
    // A is in the new region's room; B, in the old region, no longer receives A's avatar.
    await waitFor(() => A.link.regionId === target.regionId && A.room().state.avatars?.get(a.player.id), 5000, 'A in its new region');
    await waitFor(() => !B.room().state.avatars.get(a.player.id), 5000, 'A gone from B');
    expect(A.room().state.avatars.get(a.player.id)).toMatchObject({ regionId: target.regionId, territoryId: target.id, arrivesAt: handover.arrivesAt });
    // Moving while travelling is refused.
    A.link.send('move', { x: 0, y: 0, seq: 1 });
    await waitFor(() => A.errors.find((e) => e.code === 'IN_TRANSIT'), 5000, 'IN_TRANSIT');
    // Within the region a deploy is answered `deployed` (no hand-over).
    expect(A.deployed).toEqual([]);
    await A.leave();
    await B.leave();
  });

  it('a new player starts deployed on the spawn territory (a real deployment, not only an avatar)', async () => {
    const a = await registerPlayer(run.url);
    const A = await joinWorld(a);
    const me = await waitFor(() => A.room().state.avatars?.get(a.player.id), 5000, 'own avatar');
    expect(A.entry.territoryId).toBe(me.territoryId);
    expect(A.entry.profile.deployedTerritoryId).toBe(me.territoryId);
    const row = await getPlayer(run.game.services.database.db, a.player.id);
    expect(row?.deployedTerritoryId).toBe(me.territoryId);
    await A.leave();
  });

  it('a dropped client reconnects to its seat', async () => {
    const a = await registerPlayer(run.url);
    const A = await joinWorld(a);
    const me = await waitFor(() => A.room().state.avatars?.get(a.player.id), 5000, 'own avatar');
    const room = A.room();
    let dropped = false;
    let reconnected = false;
    room.onDrop(() => (dropped = true));
    room.onReconnect(() => (reconnected = true));
    room.reconnection.minUptime = 0;
    // Cut the socket without a consented leave, as a network failure would.
    (room.connection as any).transport.ws.terminate();
    await waitFor(() => dropped, 5000, 'drop noticed');
    await waitFor(() => reconnected, 15_000, 'reconnected to the same seat');
    expect(A.room()).toBe(room);
    A.link.send('move', { x: me.x + 0.1, y: me.y, seq: 3 });
    await waitFor(() => A.room().state.avatars.get(a.player.id)?.seq === 3, 5000, 'move after reconnect');
    await A.leave();
  });
});
