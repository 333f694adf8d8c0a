import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { generateWorld } from '@datavism/rules';
import {
  balanceOf, createPlayer, createTestDatabase, deployPlayer, ledgerInvariant, payTerritoryIncome,
  revertAbandonedTerritories, saveWorld, type Db, type TestDatabase,
} from '../src/index';
import { queryRows } from '../src/sql';

describe.each(['pglite', 'postgres'] as const)('territory jobs on %s', (kind) => {
  let test: TestDatabase;
  let db: Db;
  let squadId: string;
  let memberId: string;
  const held: { id: string; resource: string; yieldPerHour: number }[] = [];

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    db = test.database.db;
    await saveWorld(db, generateWorld({ seed: 7, regions: 2, territories: 40 }));
    const leader = await createPlayer(db, { name: `terr-${kind}-a`, passwordHash: 'x' });
    memberId = leader.id;
    const [squad] = await queryRows<{ id: string }>(db, sql`INSERT INTO squads (name, name_key, type, leader_id)
        VALUES ('Holders', 'holders', 'analysis', ${leader.id}::uuid) RETURNING id::text`);
    squadId = squad!.id;
    await db.execute(sql`INSERT INTO squad_members (squad_id, player_id, role) VALUES (${squadId}::uuid, ${leader.id}::uuid, 'leader')`);
    const rows = await queryRows<{ id: string; yield_resource: string; yield_per_hour: number }>(
      db, sql`SELECT id, yield_resource, yield_per_hour FROM territories WHERE status = 'neutral' ORDER BY id LIMIT 3`,
    );
    for (const r of rows) {
      held.push({ id: r.id, resource: r.yield_resource, yieldPerHour: Number(r.yield_per_hour) });
      await db.execute(sql`UPDATE territories SET status = 'liberated', holder_squad_id = ${squadId} WHERE id = ${r.id}`);
    }
  }, 180_000);
  afterAll(async () => {
    await test?.drop();
  });

  it('income: each held territory pays its yield ×multiplier once per slot, in one pass through the ledger', async () => {
    const first = await payTerritoryIncome(db, { slot: '2026-11-21T10:00:00.000Z', multiplier: 2 });
    expect(first.transfers).toBe(3);
    expect(first.total).toBe(BigInt(held.reduce((a, t) => a + 2 * t.yieldPerHour, 0)));
    const again = await payTerritoryIncome(db, { slot: '2026-11-21T10:00:00.000Z', multiplier: 2 });
    expect(again).toEqual({ transfers: 0, total: 0n });
    await payTerritoryIncome(db, { slot: '2026-11-21T11:00:00.000Z', multiplier: 1 });
    const expected = new Map<string, bigint>();
    for (const t of held) expected.set(t.resource, (expected.get(t.resource) ?? 0n) + BigInt(3 * t.yieldPerHour));
    for (const [resource, amount] of expected) {
      expect(await balanceOf(db, { kind: 'squad', id: squadId }, resource as never)).toBe(amount);
    }
    expect((await ledgerInvariant(db)).every((l) => l.holds)).toBe(true);
  });

  it('abandonment: a held territory nobody deployed on since the cutoff reverts to neutral, unless a member is there', async () => {
    const now = new Date();
    const [guarded] = held;
    await deployPlayer(db, memberId, guarded!.id, new Date(now.getTime() - 10 * 86_400_000));
    await db.execute(sql`UPDATE territories SET last_deployed_at = ${new Date(now.getTime() - 10 * 86_400_000)}
        WHERE id IN (${sql.join(held.map((t) => sql`${t.id}`), sql`, `)})`);
    await db.execute(sql`UPDATE territories SET last_deployed_at = ${new Date(now.getTime() - 3_600_000)} WHERE id = ${held[2]!.id}`);
    const reverted = await revertAbandonedTerritories(db, new Date(now.getTime() - 7 * 86_400_000), now);
    // held[0] has a member on it, held[2] was visited an hour ago: only held[1] reverts.
    expect(reverted).toEqual([held[1]!.id]);
    const [row] = await queryRows<{ status: string; holder_squad_id: string | null }>(
      db, sql`SELECT status, holder_squad_id FROM territories WHERE id = ${held[1]!.id}`,
    );
    expect(row).toEqual({ status: 'neutral', holder_squad_id: null });
  });
});
