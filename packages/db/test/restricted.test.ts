import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { TERRAIN_YIELDS, generateWorld, type Territory } from '@datavism/rules';
import {
  balanceOf, createPlayer, createTestDatabase, deployPlayer, getPlayer, ledgerInvariant, loadWorld, mint,
  payTerritoryIncome, saveWorld, withTransaction, type Db, type TestDatabase,
} from '../src/index';
import { queryRows } from '../src/sql';

const gameError = (code: string) => expect.objectContaining({ name: 'GameError', code });

/** Restricted territories (GAME §4.5, docs/territory.md): storage, migration 0028, the deploy cost, income ×3. */
describe.each(['pglite', 'postgres'] as const)('restricted territories on %s', (kind) => {
  let test: TestDatabase;
  let db: Db;
  // 3,000 territories: 27 restricted, enough to compare the migration's SQL hash with the generator's.
  const world = generateWorld({ seed: 5, regions: 20, territories: 3000 });
  const restricted = world.territories.filter((t) => t.restricted);
  const neutral = world.territories.filter((t) => t.status === 'neutral');
  let n = 0;
  const player = async (keys: bigint) => {
    const p = await createPlayer(db, { name: `restr-${kind}-${n++}`, passwordHash: 'x' });
    if (keys > 0n) await withTransaction(db, (tx) => mint(tx, { kind: 'player', id: p.id }, 'liberation_keys', keys, 'test_grant'));
    return p;
  };
  const keysOf = (id: string) => balanceOf(db, { kind: 'player', id }, 'liberation_keys');
  const deployTransfers = async (id: string) => (await queryRows<{ n: unknown }>(db, sql`
    SELECT count(*) AS n FROM transfers t JOIN accounts a ON a.id = t.from_account_id
    WHERE a.kind = 'player' AND a.owner_id = ${id} AND t.reason LIKE 'restricted_deploy:%'`)).map((r) => Number(r.n))[0];
  const invariantHolds = async () => (await ledgerInvariant(db)).every((l) => l.holds);

  beforeAll(async () => {
    test = await createTestDatabase(kind, { poolSize: 8 });
    db = test.database.db;
    await saveWorld(db, world);
  }, 180_000);
  afterAll(async () => {
    await test?.drop();
  });

  it('stored world: the restricted flag is saved and loaded with the ×2 garrison and ×3 yield', async () => {
    expect(restricted).toHaveLength(27);
    const loaded = (await loadWorld(db))!;
    const marked = loaded.territories.filter((t) => t.restricted);
    expect(marked.map((t) => t.id).sort()).toEqual(restricted.map((t) => t.id).sort());
    for (const t of marked) {
      expect(t.yieldPerHour).toBe(3 * TERRAIN_YIELDS[t.terrain].perHour);
      expect(t.garrison).toBe(t.garrisonMax);
    }
  });

  it('migration 0028 marks an existing world exactly as the generator does (same SQL hash), doubling garrisons', async () => {
    const before = (await loadWorld(db))!.territories;
    // The world as it was before restricted territories existed.
    await db.execute(sql`UPDATE territories SET restricted = false, garrison = garrison / 2, garrison_max = garrison_max / 2,
        yield_per_hour = yield_per_hour / 3 WHERE restricted`);
    const migration = readFileSync(new URL('../migrations/0028_restricted_territories.sql', import.meta.url), 'utf8');
    const [, marking] = migration.split('--> statement-breakpoint');
    await db.execute(sql.raw(marking!));
    const after = (await loadWorld(db))!.territories;
    const strip = (ts: typeof before) => ts.map(({ updatedAt, ...t }) => t);
    expect(strip(after)).toEqual(strip(before));
  });

  it('deploy: into a restricted territory burns exactly one liberation_key with the deployment; a repeat costs nothing', async () => {
    const p = await player(2n);
    const [target] = restricted;
    const when = new Date('2026-12-01T10:00:00Z');
    expect(await deployPlayer(db, p.id, target!.id, when)).toEqual({ restricted: true, keysSpent: 1n });
    expect(await keysOf(p.id)).toBe(1n);
    expect(await getPlayer(db, p.id)).toMatchObject({ deployedTerritoryId: target!.id, deployedAt: when });
    // A retry of the same deployment (or a redeploy to where the player is) is not charged again.
    expect(await deployPlayer(db, p.id, target!.id, new Date(when.getTime() + 5000))).toEqual({ restricted: true, keysSpent: 0n });
    expect(await keysOf(p.id)).toBe(1n);
    expect(await deployTransfers(p.id)).toBe(1);
    // Out to an ordinary territory: free; back in: a new deployment, one more key.
    expect(await deployPlayer(db, p.id, neutral[0]!.id, when)).toEqual({ restricted: false, keysSpent: 0n });
    expect(await keysOf(p.id)).toBe(1n);
    expect(await deployPlayer(db, p.id, target!.id, when)).toEqual({ restricted: true, keysSpent: 1n });
    expect(await keysOf(p.id)).toBe(0n);
    expect(await deployTransfers(p.id)).toBe(2);
    expect(await invariantHolds()).toBe(true);
  });

  it('deploy: without a key, LIBERATION_KEY_REQUIRED and nothing changed (deployment, territory, ledger)', async () => {
    const p = await player(0n);
    const home = neutral[1]!;
    const when = new Date('2026-12-01T11:00:00Z');
    await deployPlayer(db, p.id, home.id, when);
    const target = restricted[1]!;
    const [before] = await queryRows<{ last_deployed_at: unknown; updated_at: unknown }>(db,
      sql`SELECT last_deployed_at, updated_at FROM territories WHERE id = ${target.id}`);
    const transfersBefore = await queryRows<{ n: unknown }>(db, sql`SELECT count(*) AS n FROM transfers`);
    await expect(deployPlayer(db, p.id, target.id, new Date('2026-12-01T12:00:00Z'))).rejects.toEqual(gameError('LIBERATION_KEY_REQUIRED'));
    expect(await getPlayer(db, p.id)).toMatchObject({ deployedTerritoryId: home.id, deployedAt: when });
    const [afterRow] = await queryRows<{ last_deployed_at: unknown; updated_at: unknown }>(db,
      sql`SELECT last_deployed_at, updated_at FROM territories WHERE id = ${target.id}`);
    expect(afterRow).toEqual(before);
    expect(await queryRows<{ n: unknown }>(db, sql`SELECT count(*) AS n FROM transfers`)).toEqual(transfersBefore);
    expect(await keysOf(p.id)).toBe(0n);
    // Ordinary territories stay free for a player without keys.
    expect(await deployPlayer(db, p.id, neutral[2]!.id, when)).toEqual({ restricted: false, keysSpent: 0n });
    expect(await invariantHolds()).toBe(true);
  });

  it('deploy: the same deployment sent twice at once is charged once', async () => {
    const p = await player(1n);
    const target = restricted[2]!;
    const when = new Date('2026-12-01T13:00:00Z');
    const results = await Promise.all([deployPlayer(db, p.id, target.id, when), deployPlayer(db, p.id, target.id, when)]);
    expect(results.map((r) => r.keysSpent).sort()).toEqual([0n, 1n]);
    expect(await keysOf(p.id)).toBe(0n);
    expect(await deployTransfers(p.id)).toBe(1);
    expect(await invariantHolds()).toBe(true);
  });

  it('income: a held restricted territory pays 3 × its terrain\'s yield each hour, an ordinary one 1 ×', async () => {
    const leader = await player(0n);
    const [squad] = await queryRows<{ id: string }>(db, sql`INSERT INTO squads (name, name_key, type, leader_id)
        VALUES (${`Keyholders ${kind}`}, ${`keyholders ${kind}`}, 'analysis', ${leader.id}::uuid) RETURNING id::text`);
    const dc = (ts: Territory[]) => ts.find((t) => t.terrain === 'datacenter')!;
    const special = dc(restricted);
    const ordinary = dc(world.territories.filter((t) => t.status === 'occupied' && !t.restricted));
    await db.execute(sql`UPDATE territories SET status = 'liberated', holder_squad_id = ${squad!.id}, garrison = 0
        WHERE id IN (${special.id}, ${ordinary.id})`);
    const paid = await payTerritoryIncome(db, { slot: '2026-12-01T14:00:00.000Z', multiplier: 1 });
    expect(paid.transfers).toBe(2);
    // cpu_cycles: a datacenter yields 60 / h; restricted 3 × 60 = 180, plus 60 for the ordinary one.
    expect(TERRAIN_YIELDS.datacenter).toEqual({ resource: 'cpu_cycles', perHour: 60 });
    expect(await balanceOf(db, { kind: 'squad', id: squad!.id }, 'cpu_cycles')).toBe(180n + 60n);
    expect(await invariantHolds()).toBe(true);
  });
});
