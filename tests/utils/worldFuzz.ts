import { Client, type Room } from '@colyseus/sdk';
import { matchMaker } from '@colyseus/core';
import { createRng, type Rng } from '@datavism/rules';
import { getPlayer } from '@datavism/db';
import type { RunningGame } from './game';
import { api } from './http';
import { sleep, waitFor } from './env';
import { directPlayer } from './market';
import { plainState, StateOracle } from './stateOracle';
import { RegionLink } from '../../apps/client/src/net/regionLink';

export interface FuzzOptions {
  seed: number;
  players: number;
  rounds: number;
  /** Longest pause between two rounds (ms): short pauses put several rounds in one patch. */
  maxPauseMs?: number;
}

interface Seat {
  token: string;
  playerId: string;
  link: RegionLink | null;
  busy: boolean;
}

export interface FuzzResult {
  /** One oracle per region room the clients were in. */
  oracles: StateOracle[];
  actions: Record<string, number>;
  /** Places where the world's avatars disagree with who is connected where (see `worldExactness`). */
  inexact: string[];
  /** Avatars left in region rooms once every player left. */
  ghosts: number;
}

/**
 * Drive N real SDK clients through the world (region rooms, RegionLink as the browser client
 * uses it) with a seeded random mix of deploys across region borders (hand-overs), moves, dropped
 * sockets (automatic reconnection), leaves and re-entries and second sign-ins, with random pauses
 * so some actions land in one patch and others span several. A state oracle per region room
 * checks every frame each client decodes against the room's state; at the end every connected
 * player must have exactly one avatar, in the room of the region the database says.
 */
export async function runWorldFuzz(run: RunningGame, opts: FuzzOptions): Promise<FuzzResult> {
  const rng = createRng(opts.seed);
  const db = run.game.services.database.db;
  const seats: Seat[] = [];
  for (let i = 0; i < opts.players; i++) {
    const p = await directPlayer(db, run.game.services.config.jwtSecret, 'fz');
    seats.push({ token: p.token, playerId: p.id, link: null, busy: false });
  }
  const oracles = new Map<string, StateOracle>();
  const watch = (room: Room<any, any>) => {
    let oracle = oracles.get(room.roomId);
    if (!oracle) {
      const server: any = matchMaker.getLocalRoomById(room.roomId);
      oracle = new StateOracle(server, () => plainState(server.state));
      oracles.set(room.roomId, oracle);
    }
    oracle.watch(room);
  };
  for (const seat of seats) await enter(run, seat, watch);

  const places = [...(await worldPlaces(run))];
  const actions: Record<string, number> = {};
  const count = (a: string) => (actions[a] = (actions[a] ?? 0) + 1);
  const inflight: Promise<unknown>[] = [];

  for (let round = 0; round < opts.rounds; round++) {
    for (const seat of seats) {
      const link = seat.link;
      if (seat.busy || !link?.room) continue;
      const roll = rng.next();
      if (roll < 0.45) {
        count('deploy');
        const t = pickTerritory(rng, places, link.regionId!);
        link.deploy(t.id, t.regionId);
      } else if (roll < 0.7) {
        count('move');
        const me = link.room.state.avatars?.get(seat.playerId);
        if (me) link.send('move', { x: me.x + (rng.next() - 0.5), y: me.y + (rng.next() - 0.5), seq: me.seq + 1 });
      } else if (roll < 0.76) {
        count('drop');
        inflight.push(dropAndReconnect(seat));
      } else if (roll < 0.8) {
        count('re-entry');
        inflight.push(leaveAndEnter(run, seat, watch, rng.int(0, 60)));
      } else if (roll < 0.82) {
        count('second sign-in');
        inflight.push(signInElsewhere(run, seat, watch));
      }
    }
    await sleep(rng.int(0, opts.maxPauseMs ?? 80));
  }
  await Promise.all(inflight);
  // Quiet: every seat in a region room, no deploy travelling across, every frame decoded.
  await waitFor(() => seats.every((s) => s.link?.room && !s.busy), 30_000, 'every seat back in the world');
  await sleep(500);
  await waitFor(() => [...oracles.values()].every((o) => o.pending() === 0), 10_000, 'clients caught up with the server');
  const inexact = await worldExactness(run, seats);
  for (const seat of seats) await seat.link?.leave();
  await sleep(300);
  let ghosts = 0;
  for (const roomId of oracles.keys()) {
    const server: any = matchMaker.getLocalRoomById(roomId);
    ghosts += server?.state.avatars.size ?? 0;
  }
  for (const o of oracles.values()) o.detach();
  return { oracles: [...oracles.values()], actions, inexact, ghosts };
}

/**
 * The world's exactness across rooms: each connected player's avatar is in exactly one region
 * room, the one its client is in, of the region its stored deployment is in.
 */
async function worldExactness(run: RunningGame, seats: Seat[]): Promise<string[]> {
  const problems: string[] = [];
  const rooms = (await matchMaker.query({ name: 'region' })).map((c) => matchMaker.getLocalRoomById(c.roomId) as any).filter(Boolean);
  const geo = await worldPlaces(run);
  const regionOf = new Map(geo.map((p) => [p.id, p.regionId]));
  for (const seat of seats) {
    const holders = rooms.filter((r) => r.state.avatars.has(seat.playerId));
    const row = await getPlayer(run.game.services.database.db, seat.playerId);
    const region = regionOf.get(row!.deployedTerritoryId!);
    if (holders.length !== 1) problems.push(`${seat.playerId}: avatar in ${holders.length} region rooms`);
    else if (holders[0].state.regionId !== region) problems.push(`${seat.playerId}: avatar in region ${holders[0].state.regionId}, deployed in ${region}`);
    else if (holders[0].roomId !== seat.link?.room?.roomId) problems.push(`${seat.playerId}: client in ${seat.link?.room?.roomId}, avatar in ${holders[0].roomId}`);
  }
  return problems;
}

async function worldPlaces(run: RunningGame): Promise<Array<{ id: string; regionId: number }>> {
  const { loadWorld } = await import('@datavism/db');
  const world = await loadWorld(run.game.services.database.db);
  return world!.territories.map((t) => ({ id: t.id, regionId: t.regionId }));
}

/** Mostly a territory in another region (a hand-over), sometimes one in the same region. */
function pickTerritory(rng: Rng, places: Array<{ id: string; regionId: number }>, regionId: number) {
  const sameRegion = rng.next() < 0.2;
  const candidates = places.filter((t) => (t.regionId === regionId) === sameRegion);
  return rng.pick(candidates.length > 0 ? candidates : places);
}

async function enter(run: RunningGame, seat: Seat, watch: (room: Room<any, any>) => void): Promise<void> {
  const entry = await api(run.url, 'POST', '/api/world/enter', {}, seat.token);
  if (entry.status !== 200) throw new Error(`enter: ${entry.status} ${JSON.stringify(entry.body)}`);
  const client = new Client(run.url);
  client.auth.token = seat.token;
  const link = new RegionLink(client, {
    onRegion: (room) => {
      room.reconnection.minUptime = 0;
      room.onMessage('*', () => {});
      room.onMessage('error', (e: { type?: string }) => {
        if (e.type === 'deploy') link.deployRefused();
      });
      watch(room);
    },
  });
  await link.enter(entry.body.regionId);
  seat.link = link;
}

async function dropAndReconnect(seat: Seat): Promise<void> {
  const room = seat.link!.room!;
  seat.busy = true;
  let reconnected = false;
  room.onReconnect(() => (reconnected = true));
  (room.connection as any).transport.ws.terminate();
  await waitFor(() => reconnected || seat.link!.room !== room, 20_000, 'reconnected');
  seat.busy = false;
}

async function leaveAndEnter(run: RunningGame, seat: Seat, watch: (room: Room<any, any>) => void, pauseMs: number): Promise<void> {
  seat.busy = true;
  const link = seat.link!;
  seat.link = null;
  await link.leave();
  await sleep(pauseMs);
  await enter(run, seat, watch);
  seat.busy = false;
}

/** The same player enters from a second client: the first one's seat is closed (code 4000). */
async function signInElsewhere(run: RunningGame, seat: Seat, watch: (room: Room<any, any>) => void): Promise<void> {
  seat.busy = true;
  const old = seat.link!;
  seat.link = null;
  await enter(run, seat, watch);
  await old.leave().catch(() => {});
  seat.busy = false;
}
