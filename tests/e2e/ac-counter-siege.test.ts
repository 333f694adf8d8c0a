import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { Client, type Room } from '@colyseus/sdk';
import { setParameter, type Db } from '@datavism/db';
import { hexDistance } from '@datavism/rules';
import { startGame, type RunningGame } from '../utils/game';
import { restartableGame } from '../utils/restartable';
import { REDIS_URL, uniquePrefix, waitFor } from '../utils/env';
import { deploy, joinWar, makeSquad, q, type WarClient } from './territory-fixtures';

// GAME §3.5 end to end: the AC's strike is the real periodic job (a game hour is 10 s at
// TIME_SCALE 360, the AC strikes every game hour once `ac_counter_siege_interval_hours` is 1),
// its counter-sieges run the §3.3 phases (muster 300 s / 360 ≈ 0.8 s, battle 1800 s / 360 = 5 s)
// and resolve with the exact strengths, across a process crash too.
const TIME_SCALE = 360;
const NEIGHBOURS = `(o.q - t.q, o.r - t.r) IN ((1, 0), (-1, 0), (0, 1), (0, -1), (1, -1), (-1, 1))`;

/**
 * A territory of `region` bordering occupied ground, made `squadId`'s just now (so the AC spares
 * it for the 24 game-hour grace period until the test says otherwise), every occupied neighbour at
 * a garrison of `garrison` — at its maximum, so the hourly regrowth leaves it there. At least 3
 * hexes from every territory in `apart`, so two targets never share a neighbour.
 */
async function acTarget(db: Db, region: number, squadId: string, garrison: number, apart: { q: number; r: number }[] = []) {
  const rows = await q<{ id: string; name: string; q: number; r: number }>(db, `SELECT t.id, t.name, t.q, t.r FROM territories t
      WHERE t.region_id = $1 AND t.status <> 'liberated'
        AND EXISTS (SELECT 1 FROM territories o WHERE o.status = 'occupied' AND ${NEIGHBOURS}) ORDER BY t.id`, [region]);
  const t = rows.find((r) => apart.every((a) => hexDistance(a, r) >= 3));
  if (!t) throw new Error(`no counter-siege target in region ${region}`);
  await q(db, `UPDATE territories SET status = 'liberated', holder_squad_id = $2, garrison = 0, liberated_at = now(),
      last_deployed_at = now() WHERE id = $1`, [t.id, squadId]);
  await q(db, `UPDATE territories o SET garrison = $2, garrison_max = $2 FROM territories t
      WHERE t.id = $1 AND o.status = 'occupied' AND ${NEIGHBOURS}`, [t.id, garrison]);
  return t;
}

/** The AC may strike these now: taken long before the grace period. */
async function makeEligible(db: Db, ids: string[]): Promise<void> {
  await q(db, `UPDATE territories SET liberated_at = now() - interval '30 days' WHERE id = ANY($1)`, [ids]);
}

async function counterSiegeOn(db: Db, territoryId: string) {
  const [row] = await q(db, `SELECT id::text, status, attacker_squad_id, defender_squad_id::text, declared_by, ac_strength,
      ac_slot, prior_status, result, attacker_strength, defender_strength, attackers_committed, defenders_committed,
      resolved_at, battle_ends_at, muster_ends_at, declared_at
    FROM sieges WHERE territory_id = $1 AND attacker_squad_id IS NULL ORDER BY declared_at DESC LIMIT 1`, [territoryId]);
  return row ?? null;
}

async function resolved(db: Db, siegeId: string, timeoutMs = 20_000) {
  return waitFor(async () => {
    const [row] = await q(db, `SELECT status, result, attacker_strength, defender_strength, attackers_committed, defenders_committed,
        resolved_at, battle_ends_at FROM sieges WHERE id = $1`, [siegeId]);
    return row?.status === 'resolved' ? row : null;
  }, timeoutMs, `counter-siege ${siegeId} resolved`);
}

async function notificationsOf(db: Db, playerIds: string[]) {
  return q<{ player_id: string; kind: string; tier: string; title: string; delivered: boolean }>(db,
    `SELECT r.player_id::text AS player_id, n.kind, n.tier, n.title, r.delivered_at IS NOT NULL AS delivered
     FROM notification_recipients r JOIN notifications n ON n.id = r.notification_id
     WHERE r.player_id = ANY($1::uuid[]) AND n.kind = 'territory_besieged' ORDER BY r.player_id`, [playerIds]);
}

/** The synced siege's fields as a plain object (schema instances keep them behind accessors). */
const SIEGE_KEYS = ['counter', 'attackerSquadId', 'attackerName', 'defenderSquadId', 'attackerStrength', 'defenderStrength',
  'garrison', 'attackersCommitted', 'defendersCommitted', 'result'] as const;
const plain = (s: any) => Object.fromEntries(SIEGE_KEYS.map((k) => [k, s[k]]));

const territory = async (db: Db, id: string) =>
  (await q(db, 'SELECT status, holder_squad_id, garrison FROM territories WHERE id = $1', [id]))[0];

describe('the AC strikes back: one strike, both outcomes, with real SDK clients', () => {
  let run: RunningGame;
  let db: Db;
  let secret: string;
  const rooms: { leave(): Promise<unknown> }[] = [];
  const parameter = (name: string, value: number) =>
    run.game.services.parameters.set({ name, value, changedBy: 'ac-test', reason: 'fast strikes' });

  beforeAll(async () => {
    run = await startGame({ db: 'postgres', env: { TIME_SCALE: String(TIME_SCALE) } });
    db = run.game.services.database.db;
    secret = run.game.services.config.jwtSecret;
    await parameter('travel_seconds_per_hex', 0);
    await parameter('siege_muster_seconds', 300);
    await parameter('siege_battle_seconds', 1800);
    await parameter('ac_counter_siege_interval_hours', 1);
  });
  afterAll(async () => {
    for (const r of rooms) await r.leave().catch(() => {});
    await run?.close();
  });

  it('counter-siege: declared on both regions’ targets; held off 30 vs 39, lost 40 vs 39 — the territory falls back to the AC', async () => {
    const defenders = await makeSquad(db, secret, { type: 'analysis', size: 4 });
    const losers = await makeSquad(db, secret, { type: 'analysis', size: 3 });
    const held = await acTarget(db, 1, defenders.id, 30);
    const lost = await acTarget(db, 7, losers.id, 40, [held]);
    // Three of the defenders (combat rating 10 each at influence 0) stand on their territory; the
    // fourth is away but hears of it. All three of the other squad stand on theirs.
    await deploy(db, defenders.members.slice(0, 3), held.id);
    await deploy(db, losers.members, lost.id);

    const away: WarClient = await joinWar(run.url, defenders.members[3]!.token);
    rooms.push(away.room);
    const watcher = await joinWar(run.url, losers.members[0]!.token);
    rooms.push(watcher.room);
    const mapClient = new Client(run.url);
    mapClient.auth.token = losers.members[1]!.token;
    const map: Room<any> = await mapClient.joinOrCreate('map');
    rooms.push(map);

    await makeEligible(db, [held.id, lost.id]);
    const [a, b] = await waitFor(async () => {
      const rows = [await counterSiegeOn(db, held.id), await counterSiegeOn(db, lost.id)];
      return rows.every(Boolean) ? rows : null;
    }, 25_000, 'the AC’s strike');
    // One strike is enough for this test: the AC goes back to every 168 game hours.
    await parameter('ac_counter_siege_interval_hours', 168);

    // One strike (one slot), the AC as attacker with the strongest adjacent garrison, §3.3's phases.
    expect(a.ac_slot).toEqual(b.ac_slot);
    expect(a).toMatchObject({ attacker_squad_id: null, declared_by: null, defender_squad_id: defenders.id, ac_strength: 30, prior_status: 'liberated' });
    expect(b).toMatchObject({ attacker_squad_id: null, declared_by: null, defender_squad_id: losers.id, ac_strength: 40 });
    expect(new Date(a.muster_ends_at).getTime() - new Date(a.declared_at).getTime()).toBe(Math.round(300_000 / TIME_SCALE));
    expect(new Date(a.battle_ends_at).getTime() - new Date(a.muster_ends_at).getTime()).toBe(1800_000 / TIME_SCALE);
    const jobs = await q(db, `SELECT name FROM scheduled_jobs WHERE key LIKE $1 ORDER BY name`, [`siege:${a.id}:%`]);
    expect(jobs.map((j) => j.name)).toEqual(['counter-siege-declared', 'siege-battle', 'siege-resolve']);

    // In the war room's state for everyone, with the live strengths: 3 × 10 × 1.3 = 39 against 30.
    const live = await waitFor(() => {
      const s = watcher.room.state.sieges?.get(a.id);
      return s && s.defendersCommitted === 3 ? s : null;
    }, 10_000, 'the counter-siege in the war room');
    expect(plain(live)).toMatchObject({
      counter: true, attackerSquadId: '', attackerName: 'Algorithmic Control', defenderSquadId: defenders.id,
      attackerStrength: 30, defenderStrength: 39, garrison: 30, attackersCommitted: 0, result: '',
    });
    const other = await waitFor(() => {
      const s = watcher.room.state.sieges?.get(b.id);
      return s && s.defendersCommitted === 3 ? s : null;
    }, 10_000, 'the other counter-siege in the war room');
    expect(plain(other)).toMatchObject({ counter: true, attackerStrength: 40, defenderStrength: 39, garrison: 40 });
    // On the map for everyone: contested.
    await waitFor(() => map.state.territories?.get(held.id)?.status === 'contested' && map.state.territories?.get(lost.id)?.status === 'contested',
      10_000, 'contested on the map');

    // The defenders are told: a war-room notice to the one online, and every member's urgent notification.
    const notice = await waitFor(() => away.notices.find((n) => n.siegeId === a.id && n.kind === 'under_attack'), 10_000, 'notice');
    expect(notice.text).toMatch(/^The AC strikes back: .+ \(garrison 30\): deploy there before/);
    const told = await waitFor(async () => {
      const rows = await notificationsOf(db, defenders.members.map((m) => m.id));
      return rows.length === 4 ? rows : null;
    }, 10_000, 'defenders notified');
    expect(told.every((r) => r.kind === 'territory_besieged' && r.tier === 'urgent' && r.delivered && r.title === `The AC strikes back at ${held.name}`)).toBe(true);
    expect(await notificationsOf(db, losers.members.map((m) => m.id))).toHaveLength(3);

    // Held off: the defenders keep it, each committed one +50 impactRating, the squad +1 defended.
    const heldOff = await resolved(db, a.id);
    expect(heldOff).toMatchObject({ result: 'defender', attacker_strength: 30, defender_strength: 39, attackers_committed: 0, defenders_committed: 3 });
    expect(new Date(heldOff.resolved_at).getTime()).toBeGreaterThanOrEqual(new Date(heldOff.battle_ends_at).getTime());
    expect(await territory(db, held.id)).toEqual({ status: 'liberated', holder_squad_id: defenders.id, garrison: 0 });
    const reps = await q(db, 'SELECT id::text, impact_rating FROM players WHERE id = ANY($1::uuid[])', [defenders.members.map((m) => m.id)]);
    for (const r of reps) expect(r.impact_rating).toBe(defenders.members.slice(0, 3).some((m) => m.id === r.id) ? 50 : 0);
    expect((await q(db, 'SELECT territories_defended FROM squads WHERE id = $1', [defenders.id]))[0].territories_defended).toBe(1);

    // Lost: 40 against 39, the AC is strictly stronger; the territory is occupied with that garrison.
    const fell = await resolved(db, b.id);
    expect(fell).toMatchObject({ result: 'attacker', attacker_strength: 40, defender_strength: 39, defenders_committed: 3 });
    expect(await territory(db, lost.id)).toEqual({ status: 'occupied', holder_squad_id: null, garrison: 40 });
    const lostReps = await q(db, 'SELECT impact_rating FROM players WHERE id = ANY($1::uuid[])', [losers.members.map((m) => m.id)]);
    expect(lostReps.map((r) => r.impact_rating)).toEqual([0, 0, 0]);
    expect((await q(db, 'SELECT territories_defended FROM squads WHERE id = $1', [losers.id]))[0].territories_defended).toBe(0);

    // The results reach the war room's state and the map.
    await waitFor(() => watcher.room.state.sieges.get(a.id)?.result === 'defender' && watcher.room.state.sieges.get(b.id)?.result === 'attacker',
      10_000, 'results in the war room');
    await waitFor(() => map.state.territories.get(held.id)?.status === 'liberated' && map.state.territories.get(lost.id)?.status === 'occupied'
      && map.state.territories.get(lost.id)?.garrison === 40, 10_000, 'results on the map');
    await waitFor(() => away.notices.find((n) => n.siegeId === a.id && n.kind === 'siege_result'), 10_000, 'result notice');
    // One strike declared exactly these two: one per region, nothing twice.
    expect((await q(db, 'SELECT count(*)::int AS n FROM sieges WHERE attacker_squad_id IS NULL'))[0].n).toBe(2);
  });
});

const prefix = uniquePrefix('acstrike');
afterAll(async () => {
  // Only this file's keys: other files share the Redis.
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

const runners: { runner: string; env: Record<string, string> }[] = [
  { runner: 'in-process', env: {} },
  { runner: 'BullMQ', env: { REDIS_URL, REDIS_PREFIX: `${prefix}-bull` } },
];

describe.each(runners)('the AC strikes back across a crash ($runner runner)', ({ env }) => {
  const game = restartableGame('ac_strike', { JWT_SECRET: 'a'.repeat(40), TIME_SCALE: String(TIME_SCALE), ...env });

  it('counter-siege: a server killed right after the strike commits announces and resolves it once restarted (40 vs 39: the AC retakes it)', async () => {
    const g = await game();
    const db = g.database.db;
    // A first life generates the world.
    await g.start();
    await g.server.kill();
    for (const [name, value] of [['travel_seconds_per_hex', 0], ['siege_muster_seconds', 300], ['siege_battle_seconds', 1800],
      ['ac_counter_siege_interval_hours', 1]] as const) {
      await setParameter(db, { name, value, changedBy: 'ac-test', reason: 'fast strikes' });
    }
    const squad = await makeSquad(db, 'a'.repeat(40), { type: 'analysis', size: 3 });
    const target = await acTarget(db, 2, squad.id, 40);
    await deploy(db, squad.members, target.id);

    // The strike kills the process right after its commit, before anyone is told or anything runs.
    const server = await g.start({ FAULT_INJECT: 'after-commit:ac-counter-siege' });
    await makeEligible(db, [target.id]);
    await waitFor(() => server.child.signalCode, 30_000, 'the server to die after the strike');
    expect(server.child.signalCode).toBe('SIGKILL');
    const siege = (await counterSiegeOn(db, target.id))!;
    expect(siege).toMatchObject({ status: 'muster', ac_strength: 40, defender_squad_id: squad.id });
    expect(await territory(db, target.id)).toMatchObject({ status: 'contested', holder_squad_id: squad.id });
    const jobs = await q(db, `SELECT name, done_at FROM scheduled_jobs WHERE key LIKE $1 ORDER BY name`, [`siege:${siege.id}:%`]);
    expect(jobs).toEqual([
      { name: 'counter-siege-declared', done_at: null }, { name: 'siege-battle', done_at: null }, { name: 'siege-resolve', done_at: null },
    ]);
    expect(await notificationsOf(db, squad.members.map((m) => m.id))).toEqual([]);
    // No second strike in the next life: this test wants exactly the one.
    await setParameter(db, { name: 'ac_counter_siege_interval_hours', value: 168, changedBy: 'ac-test', reason: 'one strike' });

    await g.start(); // the fault disarmed
    const told = await waitFor(async () => {
      const rows = await notificationsOf(db, squad.members.map((m) => m.id));
      return rows.length === 3 ? rows : null;
    }, 30_000, 'the defenders notified after the restart');
    expect(told.every((r) => r.kind === 'territory_besieged' && r.tier === 'urgent')).toBe(true);
    // 40 against 3 × 10 × 1.3 = 39: the AC is strictly stronger.
    const done = await resolved(db, siege.id, 30_000);
    expect(done).toMatchObject({ result: 'attacker', attacker_strength: 40, defender_strength: 39, defenders_committed: 3 });
    expect(new Date(done.resolved_at).getTime()).toBeGreaterThanOrEqual(new Date(done.battle_ends_at).getTime());
    expect(await territory(db, target.id)).toEqual({ status: 'occupied', holder_squad_id: null, garrison: 40 });
    // The resolution commits before its job run is marked finished: wait for the three runs to be done.
    const runs = await waitFor(async () => {
      const rows = await q(db, `SELECT name, status FROM job_runs WHERE name LIKE '%#siege:' || $1 || ':%' ORDER BY name`, [siege.id]);
      return rows.length === 3 && rows.every((r) => r.status !== 'running') ? rows : null;
    }, 10_000, 'the counter-siege’s job runs finished');
    expect(runs).toEqual([
      { name: `counter-siege-declared#siege:${siege.id}:declared`, status: 'done' },
      { name: `siege-battle#siege:${siege.id}:battle`, status: 'done' },
      { name: `siege-resolve#siege:${siege.id}:resolve`, status: 'done' },
    ]);
    // The slot's run was not repeated into a second counter-siege.
    expect((await q(db, 'SELECT count(*)::int AS n FROM sieges WHERE attacker_squad_id IS NULL'))[0].n).toBe(1);
  });
});
