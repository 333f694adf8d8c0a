// Territory warfare benchmarks:
//  1. resolving a siege with 200 committed players per side (one transaction), and the live
//     strength query the war room runs every 500 ms;
//  2. a 10,000-territory world (40 regions): full-state bytes and time for a client to join.
// Run: npx tsx bench/territory-siege.ts   (inside tests/)
import { Client } from '@colyseus/sdk';
import { Encoder } from '@colyseus/schema';
import { Region, Territory, WorldMapState } from '@datavism/shared-schema';
import jwt from 'jsonwebtoken';
import { createTestDatabase, resolveSiegeNow, saveWorld, siegeStrengths, type Db } from '@datavism/db';
import { generateWorld } from '@datavism/rules';
import { freshPostgresDatabase } from '../utils/pg';
import { startServerProcess } from '../utils/process';
import { tempDir } from '../utils/env';
import { machine, median } from './machine';

const SECRET = 'bench-secret-'.padEnd(40, 'x');

async function q<T = any>(db: Db, text: string, params: unknown[] = []): Promise<T[]> {
  return (await (db as unknown as { $client: { query(t: string, p: unknown[]): Promise<{ rows: T[] }> } }).$client.query(text, params)).rows;
}

/** A squad of `n` players, all deployed on `territoryId`. */
async function squadOn(db: Db, tag: string, type: string, n: number, territoryId: string): Promise<string> {
  await q(db, `INSERT INTO players (name, name_key, password_hash, technical_mastery, deployed_territory_id, deployed_at)
      SELECT $1 || g, $1 || g, 'x', (g * 37) % 10001, $3, now() - interval '1 minute' FROM generate_series(1, $2::int) g`, [tag, n, territoryId]);
  const [s] = await q(db, `INSERT INTO squads (name, name_key, type, level, missions_completed)
      VALUES ($1, $1, $2, 5, 1000) RETURNING id::text`, [tag, type]);
  await q(db, `INSERT INTO squad_members (squad_id, player_id, role)
      SELECT $1, id, CASE WHEN name = $2 || '1' THEN 'leader' ELSE 'member' END FROM players WHERE name LIKE $2 || '%'`, [s.id, tag]);
  return s.id;
}

export async function runSiegeResolutionBench(perSide = 200, rounds = 5) {
  const test = await createTestDatabase('postgres');
  const db = test.database.db;
  try {
    await saveWorld(db, generateWorld({ seed: 3, regions: 4, territories: 200 }));
    const resolveMs: number[] = [];
    const strengthMs: number[] = [];
    const territories = await q<{ id: string }>(db, `SELECT id FROM territories ORDER BY id LIMIT $1`, [rounds]);
    for (const [i, t] of territories.entries()) {
      const defender = await squadOn(db, `d${i}_`, 'liberation', perSide, t.id);
      const attacker = await squadOn(db, `a${i}_`, 'brigade', perSide, t.id);
      await q(db, `UPDATE territories SET status = 'contested', holder_squad_id = $1 WHERE id = $2`, [defender, t.id]);
      const [siege] = await q(db, `INSERT INTO sieges (territory_id, attacker_squad_id, defender_squad_id, declared_by, declared_at,
          muster_ends_at, battle_ends_at, status, prior_status)
          VALUES ($1, $2, $3, gen_random_uuid(), now(), now(), now(), 'battle', 'liberated') RETURNING id::text`, [t.id, attacker, defender]);
      let t0 = performance.now();
      const live = await siegeStrengths(db, { territoryId: t.id, attackerSquadId: attacker, defenderSquadId: defender }, new Date(), { combatBase: 10 });
      strengthMs.push(performance.now() - t0);
      if (live.attackerIds.length !== perSide || live.defenderIds.length !== perSide) throw new Error('wrong committed counts');
      t0 = performance.now();
      await resolveSiegeNow(db, siege.id, { now: new Date(), combatBase: 10 });
      resolveMs.push(performance.now() - t0);
    }
    return { perSide, rounds, resolveMedianMs: median(resolveMs), liveStrengthMedianMs: median(strengthMs) };
  } finally {
    await test.drop();
  }
}

/** Bytes of a map room's full state (what a joining client receives), encoded as the server does. */
function fullStateBytes(territories: number, regions: number): number {
  const world = generateWorld({ seed: 1, regions, territories });
  const state = new WorldMapState();
  for (const r of world.regions) state.regions.set(String(r.id), Object.assign(new Region(), { id: r.id, name: r.name }));
  for (const t of world.territories) {
    state.territories.set(t.id, Object.assign(new Territory(), {
      id: t.id, q: t.q, r: t.r, regionId: t.regionId, name: t.name, terrain: t.terrain, status: t.status,
      holder: t.holderSquadId ?? '', garrison: t.garrison, garrisonMax: t.garrisonMax, yieldResource: t.yieldResource, yieldPerHour: t.yieldPerHour,
    }));
  }
  Encoder.BUFFER_SIZE = 4 * 1024 * 1024;
  return new Encoder(state).encodeAll().byteLength;
}

export async function runBigWorldJoinBench(territories = 10_000, regions = 40, joins = 5) {
  const pg = await freshPostgresDatabase('bigworld');
  const port = 29000 + Math.floor(Math.random() * 900);
  const server = await startServerProcess(port, {
    DATABASE_URL: pg.url, JWT_SECRET: SECRET, DATA_DIR: tempDir(), JOBS: 'off', LOG_LEVEL: 'error',
    WORLD_TERRITORIES: String(territories), WORLD_REGIONS: String(regions),
  });
  try {
    await pg.query(`INSERT INTO players (name, name_key, password_hash) SELECT 'big_' || g, 'big_' || g, 'x' FROM generate_series(1, $1::int) g`, [joins]);
    const players = await pg.query(`SELECT id, name FROM players WHERE name LIKE 'big_%' ORDER BY name`);
    const joinMs: number[] = [];
    for (const p of players) {
      const client = new Client(server.url);
      client.auth.token = jwt.sign({ name: p.name }, SECRET, { subject: p.id, algorithm: 'HS256', expiresIn: '1h' });
      const t0 = performance.now();
      const room = await client.joinOrCreate('map');
      room.onMessage('profile', () => {});
      await new Promise<void>((resolve) => {
        const check = () => (room.state.territories?.size >= territories ? resolve() : setTimeout(check, 5));
        check();
      });
      joinMs.push(performance.now() - t0);
      await room.leave();
    }
    return { territories, regions, joins, joinMedianMs: median(joinMs), fullStateBytes: fullStateBytes(territories, regions) };
  } finally {
    await server.kill();
    await pg.drop();
  }
}

export async function runTerritorySiegeBench() {
  const siege = await runSiegeResolutionBench();
  const world = await runBigWorldJoinBench();
  return { siege, world };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(machine());
  const figures = await runTerritorySiegeBench();
  console.log(JSON.stringify(figures, null, 2));
  process.exit(0);
}
