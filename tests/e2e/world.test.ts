import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Room } from '@colyseus/sdk';
import { hexDistance, hexToPixel } from '@datavism/rules';
import { getPlayer } from '@datavism/db';
import { startGame, type RunningGame } from '../utils/game';
import { registerPlayer } from '../utils/http';
import { sleep, waitFor } from '../utils/env';

let run: RunningGame;

async function joinWorld(token: string): Promise<{ client: Client; room: Room<any, any>; errors: any[]; messages: Map<string, any[]> }> {
  const client = new Client(run.url);
  client.auth.token = token;
  const room = await client.joinOrCreate('world');
  const errors: any[] = [];
  const messages = new Map<string, any[]>();
  room.onMessage('error', (e) => errors.push(e));
  for (const type of ['profile', 'deployed']) room.onMessage(type, (m) => messages.set(type, [...(messages.get(type) ?? []), m]));
  return { client, room, errors, messages };
}

beforeAll(async () => {
  run = await startGame({ db: 'postgres' });
});
afterAll(async () => {
  await run?.close();
});

describe('world room, end to end with real SDK clients', () => {
  it('two players see each other move; the server clamps steps', async () => {
    const a = await registerPlayer(run.url);
    const b = await registerPlayer(run.url);
    const A = await joinWorld(a.token);
    const B = await joinWorld(b.token);
    const aId = a.player.id;
    const seenByB = await waitFor(() => B.room.state.avatars?.get(aId), 5000, 'B sees A');
    expect(seenByB.name).toBe(a.name);
    const start = { x: seenByB.x, y: seenByB.y };

    // A asks to jump 100 units: the server moves it at most 0.25 per input.
    A.room.send('move', { x: start.x + 100, y: start.y, seq: 1 });
    await waitFor(() => B.room.state.avatars.get(aId)?.seq === 1, 5000, 'B sees A move');
    const moved = B.room.state.avatars.get(aId);
    expect(moved.x - start.x).toBeCloseTo(0.25, 5);
    expect(moved.y).toBeCloseTo(start.y, 5);

    // Many inputs: the avatar stays within 0.75 of its territory centre.
    for (let seq = 2; seq < 12; seq++) {
      A.room.send('move', { x: start.x + 100, y: start.y, seq });
      await sleep(105);
    }
    await waitFor(() => B.room.state.avatars.get(aId)?.seq === 11, 5000, 'last input echoed');
    const territory = B.room.state.territories.get(B.room.state.avatars.get(aId).territoryId);
    const c = hexToPixel(territory, 1);
    expect(Math.hypot(B.room.state.avatars.get(aId).x - c.x, B.room.state.avatars.get(aId).y - c.y)).toBeCloseTo(0.75, 4);
    await A.room.leave();
    await B.room.leave();
  });

  it('bad messages get typed errors and change nothing; the room lives on', async () => {
    const a = await registerPlayer(run.url);
    const A = await joinWorld(a.token);
    const me = await waitFor(() => A.room.state.avatars?.get(a.player.id), 5000, 'own avatar');
    const before = { x: me.x, y: me.y, seq: me.seq };

    A.room.send('move', { x: 'far', y: 0, seq: 1 });
    A.room.send('move', { x: 1, y: 2 });
    A.room.send('move', { x: Number.MAX_VALUE, y: 0, seq: 1 });
    A.room.send('deploy', { territoryId: 'no-such-territory' });
    A.room.send('launch_missiles', { now: true });
    await waitFor(() => A.errors.length >= 3, 5000, 'errors');
    await sleep(300);
    const codes = A.errors.map((e) => e.code);
    expect(codes).toContain('BAD_REQUEST');
    expect(A.errors.find((e) => e.type === 'move')).toMatchObject({ code: 'BAD_REQUEST' });
    expect(A.errors.some((e) => e.code === 'UNKNOWN_TERRITORY' || e.type === 'launch_missiles')).toBe(true);
    const after = A.room.state.avatars.get(a.player.id);
    expect({ x: after.x, y: after.y, seq: after.seq }).toEqual(before);

    // Still connected and served: a valid move is applied.
    A.room.send('move', { x: before.x + 0.1, y: before.y, seq: 5 });
    await waitFor(() => A.room.state.avatars.get(a.player.id)?.seq === 5, 5000, 'valid move after bad ones');
    expect(A.room.connection.isOpen).toBe(true);
    await A.room.leave();
  });

  it('rejects joins without a valid token', async () => {
    const client = new Client(run.url);
    await expect(client.joinOrCreate('world')).rejects.toThrow();
    client.auth.token = 'not-a-token';
    await expect(client.joinOrCreate('world')).rejects.toThrow();
  });

  it('deploy costs travel time per hex, and avatars are only sent to their own region', async () => {
    const a = await registerPlayer(run.url);
    const b = await registerPlayer(run.url);
    const A = await joinWorld(a.token);
    const B = await joinWorld(b.token);
    await waitFor(() => B.room.state.avatars?.get(a.player.id), 5000, 'B sees A');
    const mine = A.room.state.avatars.get(a.player.id);
    const here = A.room.state.territories.get(mine.territoryId);
    let target: any = null;
    A.room.state.territories.forEach((t: any) => {
      if (!target && t.regionId !== here.regionId && hexDistance(t, here) <= 6) target = t;
    });
    expect(target).toBeTruthy();
    const sentAt = Date.now();
    A.room.send('deploy', { territoryId: target.id });
    const deployed = await waitFor(() => A.messages.get('deployed')?.[0], 5000, 'deployed');
    expect(deployed.travelMs).toBe(hexDistance(here, target) * 2 * 1000);
    expect(deployed.arrivesAt).toBeGreaterThanOrEqual(sentAt + deployed.travelMs - 50);
    // The stored deployment is the arrival: until then A is not present there (claims, siege strength).
    const stored = await getPlayer(run.game.services.database.db, a.player.id);
    expect(stored).toMatchObject({ deployedTerritoryId: target.id });
    expect(stored!.deployedAt!.getTime()).toBe(deployed.arrivesAt);
    // B, in the old region, no longer receives A's avatar; A still sees itself.
    await waitFor(() => !B.room.state.avatars.get(a.player.id), 5000, 'A gone from B view');
    expect(A.room.state.avatars.get(a.player.id).regionId).toBe(target.regionId);
    // Moving while travelling is refused.
    A.room.send('move', { x: 0, y: 0, seq: 1 });
    await waitFor(() => A.errors.find((e) => e.code === 'IN_TRANSIT'), 5000, 'IN_TRANSIT');
    await A.room.leave();
    await B.room.leave();
  });

  it('crossing into another region: the mover drops the old region\'s avatars and shares the new region\'s view', async () => {
    const [a, b, c, d] = await Promise.all([0, 1, 2, 3].map(() => registerPlayer(run.url)));
    const A = await joinWorld(a.token);
    const B = await joinWorld(b.token);
    const C = await joinWorld(c.token);
    await waitFor(() => A.room.state.avatars?.get(b.player.id) && A.room.state.avatars.get(c.player.id), 5000, 'A sees B and C');
    const here = A.room.state.territories.get(A.room.state.avatars.get(a.player.id).territoryId);
    const targets: any[] = [];
    A.room.state.territories.forEach((t: any) => {
      if (t.regionId !== here.regionId && hexDistance(t, here) <= 8 && (targets.length === 0 || t.regionId === targets[0].regionId)) targets.push(t);
    });
    expect(targets.length).toBeGreaterThanOrEqual(2);
    // C goes first; then A follows into the same region, to another territory.
    C.room.send('deploy', { territoryId: targets[0].id });
    await waitFor(() => !A.room.state.avatars.get(c.player.id), 5000, 'C gone from A and B');
    A.room.send('deploy', { territoryId: targets[1].id });
    await waitFor(() => A.room.state.avatars.get(c.player.id) && !A.room.state.avatars.get(b.player.id), 5000, 'A sees C, not B');
    await waitFor(() => C.room.state.avatars.get(a.player.id), 5000, 'C sees A');
    await waitFor(() => !B.room.state.avatars.get(a.player.id), 5000, 'B no longer sees A');
    expect([...A.room.state.avatars.keys()].sort()).toEqual([a.player.id, c.player.id].sort());
    expect([...B.room.state.avatars.keys()]).toEqual([b.player.id]);
    // After the hand-over, A is on the region's shared view: a newcomer there reaches A.
    await sleep(300);
    const D = await joinWorld(d.token);
    await waitFor(() => D.room.state.avatars?.get(d.player.id), 5000, 'D joined');
    D.room.send('deploy', { territoryId: targets[0].id });
    await waitFor(() => A.room.state.avatars.get(d.player.id) && C.room.state.avatars.get(d.player.id), 5000, 'A and C see D arrive');
    expect(B.room.state.avatars.get(d.player.id)).toBeUndefined();
    await D.room.leave();
    await waitFor(() => !A.room.state.avatars.get(d.player.id), 5000, 'D gone from A after leaving');
    for (const r of [A, B, C]) await r.room.leave();
  });

  it('a dropped client reconnects to its seat', async () => {
    const a = await registerPlayer(run.url);
    const A = await joinWorld(a.token);
    const me = await waitFor(() => A.room.state.avatars?.get(a.player.id), 5000, 'own avatar');
    let dropped = false;
    let reconnected = false;
    A.room.onDrop(() => (dropped = true));
    A.room.onReconnect(() => (reconnected = true));
    A.room.reconnection.minUptime = 0;
    // Cut the socket without a consented leave, as a network failure would.
    (A.room.connection as any).transport.ws.terminate();
    await waitFor(() => dropped, 5000, 'drop noticed');
    await waitFor(() => reconnected, 15_000, 'reconnected to the same seat');
    A.room.send('move', { x: me.x + 0.1, y: me.y, seq: 3 });
    await waitFor(() => A.room.state.avatars.get(a.player.id)?.seq === 3, 5000, 'move after reconnect');
    await A.room.leave();
  });
});
