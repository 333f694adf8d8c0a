import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGame, type RunningGame } from '../utils/game';
import { runWorldFuzz } from '../utils/worldFuzz';

/**
 * Randomised concurrency test of the world's real-time state: N real SDK clients (through
 * RegionLink, as the browser client) deploy across region borders (hand-overs between region
 * rooms), move, drop and reconnect, leave and re-enter, sign in twice, in random interleavings
 * within and across patches. After every patch each client's decoded state must equal its region
 * room's state (a state oracle per room), with zero decode errors; at the end each player's avatar
 * is in exactly one region room — its client's, of the region its stored deployment is in.
 * Seeded and reproducible: WORLD_FUZZ_SEED, WORLD_FUZZ_PLAYERS, WORLD_FUZZ_ROUNDS make it bigger.
 */
const SEED = Number(process.env.WORLD_FUZZ_SEED ?? 12);
const PLAYERS = Number(process.env.WORLD_FUZZ_PLAYERS ?? 10);
const ROUNDS = Number(process.env.WORLD_FUZZ_ROUNDS ?? 60);

describe.each(['pglite', 'postgres'] as const)('world state consistency across region rooms (%s)', (db) => {
  let run: RunningGame;
  beforeAll(async () => {
    run = await startGame({ db, env: { WORLD_TERRITORIES: '120', PATCH_RATE_MS: '50' } });
    await run.game.services.parameters.set({ name: 'travel_seconds_per_hex', value: 0, changedBy: 'test', reason: 'crossings without travel time' });
  });
  afterAll(async () => {
    await run?.close();
  });

  it(`${PLAYERS} clients, ${ROUNDS} rounds of random hand-overs, moves, drops and re-entries (seed ${SEED}): every client decodes exactly its room after every patch, every avatar is where it belongs`, async () => {
    const { oracles, actions, inexact, ghosts } = await runWorldFuzz(run, { seed: SEED + (db === 'postgres' ? 1 : 0), players: PLAYERS, rounds: ROUNDS });
    const compared = oracles.reduce((n, o) => n + o.compared, 0);
    if (process.env.WORLD_FUZZ_VERBOSE) console.log({ actions, rooms: oracles.length, compared });
    expect(actions.deploy).toBeGreaterThan(ROUNDS);
    expect(oracles.length).toBeGreaterThan(3); // hand-overs spread the players over many region rooms
    expect(compared).toBeGreaterThan(PLAYERS * 5);
    for (const o of oracles) o.assertConsistent();
    expect(inexact, inexact.join("\n")).toEqual([]);
    expect(ghosts).toBe(0);
  });
});
