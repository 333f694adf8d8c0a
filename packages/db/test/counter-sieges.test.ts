import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { generateWorld } from '@datavism/rules';
import {
  createPlayer, createTestDatabase, declareCounterSieges, deployPlayer, resolveSiegeNow, saveWorld,
  type Db, type SiegeView, type TestDatabase,
} from '../src/index';
import { queryRows } from '../src/sql';

// GAME §3.5 in the database: the AC's strike declares counter-sieges (once per slot), and the
// siege resolution applies the counter-siege's outcome with the exact strengths.

const HOUR = 3_600_000;
const strike = (slot: Date, over: Partial<Parameters<typeof declareCounterSieges>[1]> = {}) => ({
  slot, now: slot, musterSeconds: 30, battleSeconds: 60, cooldownSeconds: 600, graceMs: 24 * HOUR, seed: 1,
  deadlines: (s: SiegeView) => [{ key: `siege:${s.id}:resolve`, name: 'siege-resolve', runAt: s.battleEndsAt, payload: { siegeId: s.id } }],
  ...over,
});

describe.each(['pglite', 'postgres'] as const)('AC counter-sieges on %s', (kind) => {
  let test: TestDatabase;
  let db: Db;
  let n = 0;

  async function squadOf(size: number, type = 'analysis'): Promise<{ id: string; members: string[] }> {
    const tag = `${kind}-${++n}`;
    const members: string[] = [];
    for (let i = 0; i < size; i++) members.push((await createPlayer(db, { name: `cs-${tag}-${i}`, passwordHash: 'x' })).id);
    const [squad] = await queryRows<{ id: string }>(db, sql`INSERT INTO squads (name, name_key, type, leader_id)
        VALUES (${`Holders ${tag}`}, ${`holders ${tag}`}, ${type}, ${members[0]}::uuid) RETURNING id::text`);
    for (const [i, m] of members.entries()) {
      await db.execute(sql`INSERT INTO squad_members (squad_id, player_id, role) VALUES (${squad!.id}::uuid, ${m}::uuid, ${i === 0 ? 'leader' : 'member'})`);
    }
    return { id: squad!.id, members };
  }

  /**
   * A territory of `region` bordering occupied ground, made the squad's (taken two days before
   * `now`), every occupied neighbour at `garrison`; nothing else on the map is liberated.
   */
  async function holding(region: number, squadId: string, garrison: number, now: Date): Promise<string> {
    const rows = await queryRows<{ id: string }>(db, sql`SELECT t.id FROM territories t WHERE t.region_id = ${region}
        AND t.status <> 'liberated' AND EXISTS (SELECT 1 FROM territories o WHERE o.status = 'occupied'
          AND (o.q - t.q, o.r - t.r) IN ((1, 0), (-1, 0), (0, 1), (0, -1), (1, -1), (-1, 1)))
        ORDER BY t.id`);
    const id = rows[0]!.id;
    await db.execute(sql`UPDATE territories SET status = 'liberated', holder_squad_id = ${squadId}, garrison = 0,
        liberated_at = ${new Date(now.getTime() - 48 * HOUR)} WHERE id = ${id}`);
    await db.execute(sql`UPDATE territories o SET garrison = ${garrison} FROM territories t WHERE t.id = ${id}
        AND o.status = 'occupied' AND (o.q - t.q, o.r - t.r) IN ((1, 0), (-1, 0), (0, 1), (0, -1), (1, -1), (-1, 1))`);
    return id;
  }

  const territory = async (id: string) => (await queryRows<{ status: string; holder_squad_id: string | null; garrison: number }>(
    db, sql`SELECT status, holder_squad_id, garrison FROM territories WHERE id = ${id}`))[0];

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    db = test.database.db;
    await saveWorld(db, generateWorld({ seed: 7, regions: 3, territories: 90 }));
  }, 180_000);
  afterAll(async () => {
    await test?.drop();
  });

  it('counter-siege: one per region, never a second of one squad, never one liberated within 24 h; once per slot', async () => {
    const slot = new Date(Date.UTC(2026, 11, 4, 6));
    const a = await squadOf(1);
    const b = await squadOf(1);
    const aFirst = await holding(1, a.id, 30, slot);
    const aSecond = await holding(2, a.id, 30, slot);
    const fresh = await holding(3, b.id, 30, slot);
    // b took its territory 20 h ago: within the 24 h grace period for the next three strikes.
    await db.execute(sql`UPDATE territories SET liberated_at = ${new Date(slot.getTime() - 20 * HOUR)} WHERE id = ${fresh}`);

    const first = await declareCounterSieges(db, strike(slot));
    expect(first.declared).toBe(true);
    expect(first.sieges).toHaveLength(1); // a's second territory is spared while the first is besieged; b's is fresh
    const [siege] = first.sieges;
    expect(siege).toMatchObject({
      territoryId: aFirst, attackerSquadId: null, attackerName: 'Algorithmic Control', defenderSquadId: a.id,
      status: 'muster', priorStatus: 'liberated', acStrength: 30, ghost: false,
    });
    expect(siege!.musterEndsAt.getTime() - slot.getTime()).toBe(30_000);
    expect(siege!.battleEndsAt.getTime() - siege!.musterEndsAt.getTime()).toBe(60_000);
    expect((await territory(aFirst))!.status).toBe('contested');
    expect((await territory(aSecond))!.status).toBe('liberated');
    const jobs = await queryRows(db, sql`SELECT key, name FROM scheduled_jobs WHERE key = ${`siege:${siege!.id}:resolve`}`);
    expect(jobs).toEqual([{ key: `siege:${siege!.id}:resolve`, name: 'siege-resolve' }]);

    // The same slot again (a run taken over after a crash): nothing new, the slot's counter-siege back.
    const again = await declareCounterSieges(db, strike(slot, { now: new Date(slot.getTime() + 1000) }));
    expect(again).toMatchObject({ declared: false, sieges: [{ id: siege!.id }] });
    // A later strike while a's counter-siege runs: still none of a's; b's is still within 24 h (1 h later).
    const later = await declareCounterSieges(db, strike(new Date(slot.getTime() + HOUR)));
    expect(later).toEqual({ declared: true, sieges: [] });

    await resolveSiegeNow(db, siege!.id, { now: siege!.battleEndsAt, combatBase: 10 });
    // Nobody defended (30 vs 0): the AC holds a's first territory again; a's other one is fair game now.
    expect(await territory(aFirst)).toEqual({ status: 'occupied', holder_squad_id: null, garrison: 30 });
    const next = await declareCounterSieges(db, strike(new Date(slot.getTime() + 2 * HOUR)));
    expect(next.sieges.map((s) => s.territoryId)).toEqual([aSecond]);
    await resolveSiegeNow(db, next.sieges[0]!.id, { now: next.sieges[0]!.battleEndsAt, combatBase: 10 });
    await db.execute(sql`UPDATE territories SET status = 'neutral', holder_squad_id = NULL WHERE status = 'liberated'`);
  });

  it('counter-siege held off: 3 × 10 × 1.3 = 39 against a garrison of 30; defenders +50 impactRating, territories_defended +1', async () => {
    const slot = new Date(Date.UTC(2026, 11, 5, 0));
    const s = await squadOf(4);
    const target = await holding(1, s.id, 30, slot);
    for (const m of s.members.slice(0, 3)) await deployPlayer(db, m, target, new Date(slot.getTime() - 1000));
    const { sieges: [siege] } = await declareCounterSieges(db, strike(slot));
    expect(siege).toMatchObject({ territoryId: target, acStrength: 30 });
    const { applied, siege: done } = await resolveSiegeNow(db, siege!.id, { now: siege!.battleEndsAt, combatBase: 10, counterSiegeDefenceImpact: 50 });
    expect(applied).toBe(true);
    expect(done).toMatchObject({
      status: 'resolved', result: 'defender', attackerStrength: 30, defenderStrength: 39, attackersCommitted: 0, defendersCommitted: 3,
    });
    expect(await territory(target)).toEqual({ status: 'liberated', holder_squad_id: s.id, garrison: 0 });
    const reps = await queryRows<{ id: string; impact_rating: number }>(db, sql`SELECT id::text, impact_rating FROM players
        WHERE id IN (${sql.join(s.members.map((m) => sql`${m}::uuid`), sql`, `)})`);
    for (const r of reps) expect(Number(r.impact_rating)).toBe(s.members.slice(0, 3).includes(r.id) ? 50 : 0);
    const [squad] = await queryRows<{ territories_defended: number }>(db, sql`SELECT territories_defended FROM squads WHERE id = ${s.id}::uuid`);
    expect(Number(squad!.territories_defended)).toBe(1);
    await db.execute(sql`UPDATE territories SET status = 'neutral', holder_squad_id = NULL WHERE status = 'liberated'`);
  });

  it('counter-siege lost: the AC’s 40 beats 3 × 10 × 1.3 = 39; the territory is occupied with a garrison of 40', async () => {
    const slot = new Date(Date.UTC(2026, 11, 6, 0));
    const s = await squadOf(3);
    const target = await holding(2, s.id, 40, slot);
    for (const m of s.members) await deployPlayer(db, m, target, new Date(slot.getTime() - 1000));
    const { sieges: [siege] } = await declareCounterSieges(db, strike(slot));
    const { siege: done } = await resolveSiegeNow(db, siege!.id, { now: siege!.battleEndsAt, combatBase: 10 });
    expect(done).toMatchObject({ result: 'attacker', attackerStrength: 40, defenderStrength: 39, defendersCommitted: 3 });
    expect(await territory(target)).toEqual({ status: 'occupied', holder_squad_id: null, garrison: 40 });
    const reps = await queryRows<{ impact_rating: number }>(db, sql`SELECT impact_rating FROM players
        WHERE id IN (${sql.join(s.members.map((m) => sql`${m}::uuid`), sql`, `)})`);
    expect(reps.map((r) => Number(r.impact_rating))).toEqual([0, 0, 0]);
    const [squad] = await queryRows<{ territories_defended: number }>(db, sql`SELECT territories_defended FROM squads WHERE id = ${s.id}::uuid`);
    expect(Number(squad!.territories_defended)).toBe(0);
  });
});
