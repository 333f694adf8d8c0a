// Fixtures of the territory-warfare end-to-end tests: players and squads straight into the
// database (fast and deterministic), tokens signed with the game's secret, war-room clients.
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { waitFor } from '../utils/env';
import { Client, type Room } from '@colyseus/sdk';
import { createPlayer, deployPlayer, type Db } from '@datavism/db';
import { signToken } from '@datavism/game-server';

/** Raw SQL on the game's own database (node-postgres pool or PGlite: both answer `query(text, params)`). */
export async function q<T = any>(db: Db, text: string, params: unknown[] = []): Promise<T[]> {
  const client = (db as unknown as { $client: { query(t: string, p: unknown[]): Promise<{ rows: T[] }> } }).$client;
  return (await client.query(text, params)).rows;
}

export interface Member {
  id: string;
  name: string;
  token: string;
}

export interface TestSquad {
  id: string;
  name: string;
  members: Member[];
}

/** A squad of `size` fresh players (first is leader) at the level `missionsCompleted` gives. */
export async function makeSquad(
  db: Db,
  jwtSecret: string,
  opts: { type: string; size: number; missionsCompleted?: number; impactRating?: number },
): Promise<TestSquad> {
  const tag = randomBytes(4).toString('hex');
  const name = `${opts.type}-${tag}`;
  const members: Member[] = [];
  for (let i = 0; i < opts.size; i++) {
    const player = await createPlayer(db, { name: `${tag}m${i}`, passwordHash: 'x' });
    if (opts.impactRating) await q(db, 'UPDATE players SET impact_rating = $1 WHERE id = $2', [opts.impactRating, player.id]);
    members.push({ id: player.id, name: player.name, token: signToken(jwtSecret, { sub: player.id, name: player.name }) });
  }
  const points = 100 * (opts.missionsCompleted ?? 0) + 200 * opts.size;
  const level = points < 1000 ? 1 : points < 5000 ? 2 : points < 15000 ? 3 : 4;
  const [row] = await q<{ id: string }>(db,
    `INSERT INTO squads (name, name_key, type, level, missions_completed, leader_id)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text`,
    [name, name.toLowerCase(), opts.type, level, opts.missionsCompleted ?? 0, members[0]!.id]);
  const id = row!.id;
  for (const [i, m] of members.entries()) {
    await q(db, 'INSERT INTO squad_members (squad_id, player_id, role) VALUES ($1, $2, $3)', [id, m.id, i === 0 ? 'leader' : 'member']);
  }
  return { id, name, members };
}

/** Deploy members to a territory (arrived at once: the write is the arrival). */
export async function deploy(db: Db, members: Member[], territoryId: string): Promise<void> {
  for (const m of members) await deployPlayer(db, m.id, territoryId, new Date());
}

export interface WarClient {
  room: Room<any, any>;
  errors: any[];
  notices: any[];
  declared: any[];
  claimed: any[];
  /** Every (phase, at) this client saw per siege, polled from decoded state. */
  close(): Promise<void>;
}

export async function joinWar(url: string, token: string): Promise<WarClient> {
  const client = new Client(url);
  client.auth.token = token;
  const room = await client.joinOrCreate('war');
  const c: WarClient = {
    room, errors: [], notices: [], declared: [], claimed: [],
    close: async () => { await room.leave(); },
  };
  room.onMessage('error', (e) => c.errors.push(e));
  room.onMessage('notice', (n) => c.notices.push(n));
  room.onMessage('siege_declared', (d) => c.declared.push(d));
  room.onMessage('claimed', (d) => c.claimed.push(d));
  return c;
}

/** A territory of `status` no test has touched yet (ordered by id, skipping `used`). */
export async function pickTerritory(db: Db, status: string, used: Set<string>): Promise<string> {
  const rows = await q<{ id: string }>(db, 'SELECT id FROM territories WHERE status = $1 ORDER BY id', [status]);
  const t = rows.find((r) => !used.has(r.id));
  if (!t) throw new Error(`no ${status} territory left`);
  used.add(t.id);
  return t.id;
}

/**
 * Gives `holders` a neutral territory no test has used and has a fresh attacking squad declare a
 * siege on it through the war room (the defenders' urgent notification follows); returns it.
 */
export async function besiegeHeld(url: string, db: Db, secret: string, holders: { id: string }, used: Set<string>): Promise<string> {
  const t = await pickTerritory(db, 'neutral', used);
  await q(db, `UPDATE territories SET status = 'liberated', holder_squad_id = $1 WHERE id = $2`, [holders.id, t]);
  const attackers = await makeSquad(db, secret, { type: 'analysis', size: 5 });
  const leader = await joinWar(url, attackers.members[0]!.token);
  try {
    leader.room.send('declare_siege', { territoryId: t });
    await waitFor(() => leader.declared[0] ?? leader.errors[0], 5000, 'siege declared');
    expect(leader.errors).toEqual([]);
  } finally {
    await leader.close();
  }
  return t;
}
