// Restricted territories (GAME §4.5, docs/territory.md) through the real room protocol: the map
// says which territories are restricted; a deploy into one burns one liberation_key (in its own
// region and through a hand-over into another), charged once; without a key the deploy is refused
// with LIBERATION_KEY_REQUIRED and the player stays where they were.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Room } from '@colyseus/sdk';
import { getPlayer, ledgerInvariant, loadWorld, mint, withTransaction } from '@datavism/db';
import { generateWorld, hexDistance } from '@datavism/rules';
import { startGame, type RunningGame } from '../utils/game';
import { api, registerPlayer } from '../utils/http';
import { waitFor } from '../utils/env';
import type { RegionLink } from '../../apps/client/src/net/regionLink';
import { enterWorld } from '../utils/worldEntry';
import { makeSquad } from './territory-fixtures';

let run: RunningGame;

interface Player {
  id: string;
  token: string;
  link: RegionLink;
  map: Room<any, any>;
  errors: any[];
  deployed: any[];
  handovers: any[];
}

async function enter(keys: bigint): Promise<Player> {
  const p = await registerPlayer(run.url);
  if (keys > 0n) {
    // A key as play would give one (a 7-day streak, a secret mission): minted through the ledger.
    await withTransaction(run.game.services.database.db, (tx) => mint(tx, { kind: 'player', id: p.player.id }, 'liberation_keys', keys, 'test_grant'));
  }
  const { client, link, errors, deployed, handovers } = await enterWorld(run.url, p.token);
  const map = await client.joinOrCreate('map');
  return { id: p.player.id, token: p.token, link, map, errors, deployed, handovers };
}

const keysOf = async (p: Player) => (await api(run.url, 'GET', '/api/me', undefined, p.token)).body.balances.liberation_keys;
const deployedOn = async (p: Player) => (await getPlayer(run.game.services.database.db, p.id))?.deployedTerritoryId;
async function leave(p: Player): Promise<void> {
  await p.link.leave();
  await p.map.leave();
}

beforeAll(async () => {
  run = await startGame({ db: 'postgres' });
  await run.game.services.parameters.set({ name: 'travel_seconds_per_hex', value: 0, changedBy: 'test', reason: 'deploys without travel' });
});
afterAll(async () => {
  await run?.close();
});

describe('restricted territories (GAME §4.5)', () => {
  // The default world (seed 1): two of its 37 occupied datacenters and network hubs are restricted.
  const generated = generateWorld({ seed: 1 });
  const restricted = generated.territories.filter((t) => t.restricted);

  it('the map state marks the restricted territories, with their ×2 garrison and ×3 yield', async () => {
    expect(restricted.map((t) => t.id)).toEqual(['t-7_-4', 't--6_-1']);
    const a = await enter(0n);
    const world = (await loadWorld(run.game.services.database.db))!;
    await waitFor(() => a.map.state.territories?.size === world.territories.length, 10_000, 'the whole map');
    const marked: string[] = [];
    a.map.state.territories.forEach((t: any) => { if (t.restricted) marked.push(t.id); });
    expect(marked.sort()).toEqual(['t--6_-1', 't-7_-4']);
    const dc = a.map.state.territories.get('t--6_-1');
    expect({ terrain: dc.terrain, status: dc.status, garrison: dc.garrison, yieldPerHour: dc.yieldPerHour })
      .toEqual({ terrain: 'datacenter', status: 'occupied', garrison: 580, yieldPerHour: 180 });
    await leave(a);
  });

  it('with a key: a deploy into a restricted territory of the region burns it (balance −1), the player is deployed there, once', async () => {
    const a = await enter(2n);
    expect(await keysOf(a)).toBe('2');
    const spawn = await deployedOn(a);
    const target = restricted.find((t) => t.regionId === a.link.regionId)!; // t--6_-1, in the spawn's region
    expect(target.id).toBe('t--6_-1');
    a.link.deploy(target.id, target.regionId);
    const d = await waitFor(() => a.deployed[0], 10_000, 'deployed');
    expect(d).toMatchObject({ territoryId: target.id, keysSpent: 1 });
    expect(await deployedOn(a)).toBe(target.id);
    expect(await keysOf(a)).toBe('1');
    // Arrived once the patch shows the avatar on the target with no travel left (the 'deployed'
    // message can come before the patch that moves the avatar, whose old arrivesAt is also 0).
    await waitFor(() => {
      const avatar = a.link.room!.state.avatars?.get(a.id);
      return avatar?.territoryId === target.id && avatar.arrivesAt === 0;
    }, 10_000, 'arrived');
    // Deploying again where the player already is: refused, nothing charged.
    a.link.deploy(target.id, target.regionId);
    await waitFor(() => a.errors.find((e) => e.code === 'ALREADY_DEPLOYED'), 10_000, 'ALREADY_DEPLOYED');
    expect(await keysOf(a)).toBe('1');
    // Back to an ordinary territory: free.
    a.link.deploy(spawn!, target.regionId);
    await waitFor(() => a.deployed[1], 10_000, 'deployed back');
    expect(a.deployed[1]).toMatchObject({ territoryId: spawn, keysSpent: 0 });
    expect(await keysOf(a)).toBe('1');
    await leave(a);
  });

  it('a siege on a restricted territory meets its ×2 garrison: the declare screen shows AC 580 × 1.3 = 754', async () => {
    const db = run.game.services.database.db;
    const squad = await makeSquad(db, run.game.services.config.jwtSecret, { type: 'analysis', size: 4 });
    const preview = await api(run.url, 'GET', '/api/territories/t--6_-1/siege-preview', undefined, squad.members[0]!.token);
    expect(preview.status).toBe(200);
    expect(preview.body.defender).toEqual({ kind: 'ac', garrison: 580, strength: 754 });
    expect(preview.body.attackerWins).toBe(false);
  });

  it('with a key: a deploy into a restricted territory of another region is charged once across the hand-over', async () => {
    const c = await enter(1n);
    const target = restricted.find((t) => t.regionId !== c.link.regionId)!; // t-7_-4
    expect(target.id).toBe('t-7_-4');
    c.link.deploy(target.id, target.regionId);
    await waitFor(() => c.link.handovers === 1, 15_000, 'handed over');
    expect(c.handovers[0]).toMatchObject({ territoryId: target.id, regionId: target.regionId, keysSpent: 1 });
    const avatar = await waitFor(() => c.link.room!.state.avatars?.get(c.id), 10_000, 'own avatar in the new region');
    expect(avatar.territoryId).toBe(target.id);
    expect(await deployedOn(c)).toBe(target.id);
    expect(await keysOf(c)).toBe('0');
    expect(c.errors).toEqual([]);
    await leave(c);
  });

  it('without a key: LIBERATION_KEY_REQUIRED, still where they were, nothing charged; ordinary territories stay free', async () => {
    const b = await enter(0n);
    const home = await deployedOn(b);
    const target = restricted.find((t) => t.regionId === b.link.regionId)!;
    b.link.deploy(target.id, target.regionId);
    const refused = await waitFor(() => b.errors.find((e) => e.type === 'deploy'), 10_000, 'deploy refused');
    expect(refused).toMatchObject({ code: 'LIBERATION_KEY_REQUIRED', message: 'A restricted territory costs 1 liberation key to enter' });
    expect(await deployedOn(b)).toBe(home);
    expect(b.link.room!.state.avatars.get(b.id).territoryId).toBe(home);
    expect(await keysOf(b)).toBe('0');
    // Into another region's restricted territory: refused before any hand-over.
    const far = restricted.find((t) => t.regionId !== b.link.regionId)!;
    b.link.deploy(far.id, far.regionId);
    await waitFor(() => b.errors.filter((e) => e.code === 'LIBERATION_KEY_REQUIRED').length === 2, 10_000, 'second refusal');
    expect(b.link.handovers).toBe(0);
    expect(await deployedOn(b)).toBe(home);
    // An ordinary neighbour costs nothing.
    const world = (await loadWorld(run.game.services.database.db))!;
    const here = world.territories.find((t) => t.id === home)!;
    const next = world.territories.find((t) => t.regionId === here.regionId && !t.restricted && hexDistance(t, here) === 1)!;
    b.link.deploy(next.id, next.regionId);
    await waitFor(() => b.deployed[0], 10_000, 'deployed next door');
    expect(b.deployed[0]).toMatchObject({ territoryId: next.id, keysSpent: 0 });
    expect((await ledgerInvariant(run.game.services.database.db)).every((l) => l.holds)).toBe(true);
    await leave(b);
  });
});
