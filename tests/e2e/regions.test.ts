import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Room } from '@colyseus/sdk';
import { getPlayer, loadWorld } from '@datavism/db';
import { startGame, type RunningGame } from '../utils/game';
import { api, registerPlayer } from '../utils/http';
import { waitFor } from '../utils/env';
import { RegionLink } from '../../apps/client/src/net/regionLink';

let run: RunningGame;

interface Player {
  id: string;
  client: Client;
  link: RegionLink;
  map: Room<any, any>;
  errors: any[];
}

async function enter(): Promise<Player> {
  const p = await registerPlayer(run.url);
  const entry = await api(run.url, 'POST', '/api/world/enter', {}, p.token);
  expect(entry.status).toBe(200);
  const client = new Client(run.url);
  client.auth.token = p.token;
  const errors: any[] = [];
  const link = new RegionLink(client, {
    onRegion: (room) => room.onMessage('error', (e) => {
      errors.push(e);
      if (e.type === 'deploy') link.deployRefused();
    }),
  });
  await link.enter(entry.body.regionId);
  const map = await client.joinOrCreate('map');
  return { id: p.player.id, client, link, map, errors };
}

const avatarsOf = (p: Player) => [...(p.link.room!.state.avatars?.keys() ?? [])].sort();

beforeAll(async () => {
  run = await startGame({ db: 'postgres' });
  await run.game.services.parameters.set({ name: 'travel_seconds_per_hex', value: 0, changedBy: 'test', reason: 'crossings without travel' });
});
afterAll(async () => {
  await run?.close();
});

describe('the world as region rooms and map rooms', () => {
  it('a new player enters at the spawn (a real deployment), sees the whole map and its region’s avatars', async () => {
    const a = await enter();
    const world = (await loadWorld(run.game.services.database.db))!;
    await waitFor(() => a.map.state.territories?.size === world.territories.length, 5000, 'the whole map');
    const me = await waitFor(() => a.link.room!.state.avatars?.get(a.id), 5000, 'own avatar');
    expect((await getPlayer(run.game.services.database.db, a.id))?.deployedTerritoryId).toBe(me.territoryId);
    expect(world.territories.find((t) => t.id === me.territoryId)?.regionId).toBe(a.link.regionId);
    await a.link.leave();
    await a.map.leave();
  });

  it('a deploy into another region hands the player over: seat first, then the switch; both regions see it at once', async () => {
    const a = await enter();
    const b = await enter();
    await waitFor(() => avatarsOf(a).includes(b.id), 5000, 'a sees b in the spawn region');
    const world = (await loadWorld(run.game.services.database.db))!;
    const other = world.territories.find((t) => t.regionId !== a.link.regionId)!;
    const fromRegion = a.link.regionId!;
    const fromRoom = a.link.room!;
    a.link.deploy(other.id, other.regionId);
    // Inputs sent during the switch go to the new room.
    a.link.send('move', { x: 0, y: 0, seq: 7 });
    await waitFor(() => a.link.handovers === 1, 10_000, 'handed over');
    expect(a.link.regionId).toBe(other.regionId);
    expect(a.link.room).not.toBe(fromRoom);
    const moved = await waitFor(() => a.link.room!.state.avatars?.get(a.id), 5000, 'own avatar in the new region');
    expect(moved.territoryId).toBe(other.id);
    await waitFor(() => !avatarsOf(b).includes(a.id), 5000, 'gone from the old region');
    expect(b.link.regionId).toBe(fromRegion);
    await waitFor(() => a.link.room!.state.avatars.get(a.id)?.seq === 7, 5000, 'the queued input was applied in the new region');
    expect((await getPlayer(run.game.services.database.db, a.id))?.deployedTerritoryId).toBe(other.id);
    // Back again: b sees a return.
    const home = world.territories.find((t) => t.regionId === fromRegion)!;
    a.link.deploy(home.id, home.regionId);
    await waitFor(() => a.link.handovers === 2, 10_000, 'handed back');
    await waitFor(() => avatarsOf(b).includes(a.id), 5000, 'b sees a back');
    expect(a.errors).toEqual([]);
    for (const p of [a, b]) {
      await p.link.leave();
      await p.map.leave();
    }
  });

  it('a region room refuses a player deployed elsewhere (WRONG_REGION) and an unknown region', async () => {
    const a = await enter();
    const wrong = a.link.regionId === 1 ? 2 : 1;
    const c = new Client(run.url);
    c.auth.token = (a.client.auth as any).token;
    await expect(c.joinOrCreate('region', { regionId: wrong })).rejects.toThrow(/WRONG_REGION/);
    await expect(c.joinOrCreate('region', { regionId: 999 })).rejects.toThrow(/UNKNOWN_REGION|region/);
    await a.link.leave();
    await a.map.leave();
  });
});
