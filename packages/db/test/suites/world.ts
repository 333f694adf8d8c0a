import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { generateWorld, regrowGarrison } from '@datavism/rules';
import {
  deployPlayer,
  getPlayer,
  loadWorld,
  regrowGarrisons,
  saveWorld,
  schema,
  worldExists,
} from '../../src/index';
import { at, gameError, newPlayer, type Ctx } from '../harness';

/** World storage, deployment and garrison regrowth, run by db.test.ts against each database. */
export function worldSuite(ctx: Ctx): void {
  describe('world', () => {
    const world = generateWorld({ seed: 7, regions: 12, territories: 2500 });

    it('saves a generated world once and loads it back field for field', async () => {
      expect(await worldExists(ctx.db)).toBe(false);
      expect(await loadWorld(ctx.db)).toBeNull();
      expect(await saveWorld(ctx.db, world)).toBe(true);
      expect(await saveWorld(ctx.db, generateWorld({ seed: 8 }))).toBe(false); // idempotent: the first world stays
      expect(await worldExists(ctx.db)).toBe(true);
      const loaded = await loadWorld(ctx.db);
      expect(loaded?.seed).toBe(7);
      expect(loaded?.regions).toEqual([...world.regions].sort((a, b) => a.id - b.id));
      const byId = new Map(world.territories.map((t) => [t.id, t]));
      expect(loaded?.territories).toHaveLength(2500);
      for (const t of loaded!.territories) {
        const { lastDeployedAt, updatedAt, holderName, ...generated } = t;
        expect(generated).toEqual(byId.get(t.id));
        expect(holderName).toBeNull();
        expect(lastDeployedAt).toBeNull();
        expect(updatedAt).toBeInstanceOf(Date);
      }
    });

    it('loads a liberated territory with its holding squad\'s name (null for the AC and nobody)', async () => {
      const target = world.territories[7];
      const [squad] = await ctx.db
        .insert(schema.squads)
        .values({ name: 'Holder Cell', nameKey: `holder cell ${target.id}`, type: 'strike_team' })
        .returning({ id: schema.squads.id });
      await ctx.db.execute(sql`UPDATE territories SET status = 'liberated', holder_squad_id = ${squad.id}, garrison = 0
        WHERE id = ${target.id}`);
      const loaded = (await loadWorld(ctx.db))!;
      const held = loaded.territories.find((t) => t.id === target.id)!;
      expect(held).toMatchObject({ status: 'liberated', holderSquadId: squad.id, holderName: 'Holder Cell' });
      expect(loaded.territories.filter((t) => t.holderName !== null)).toHaveLength(1);
    });

    it('deploys a player: sets the deployment and the territory\'s last deployment', async () => {
      const p = await newPlayer(ctx.db);
      const target = world.territories[42];
      const when = at('2026-03-10', 9);
      await deployPlayer(ctx.db, p.id, target.id, when);
      expect(await getPlayer(ctx.db, p.id)).toMatchObject({ deployedTerritoryId: target.id, deployedAt: when });
      const [row] = await ctx.db.select().from(schema.territories).where(sql`${schema.territories.id} = ${target.id}`);
      expect(row.lastDeployedAt).toEqual(when);
      await expect(deployPlayer(ctx.db, p.id, 't-9999_9999', when)).rejects.toEqual(gameError('UNKNOWN_TERRITORY'));
      await expect(deployPlayer(ctx.db, '00000000-0000-0000-0000-000000000000', target.id, when)).rejects.toEqual(
        gameError('NOT_FOUND'),
      );
    });

    it('regrows occupied garrisons by ceil(5 % of max) in one pass, like the rules\' regrowGarrison', async () => {
      // Knock every garrison down to a varied level (a third of them to 0).
      await ctx.db.execute(sql`UPDATE territories
        SET garrison = CASE WHEN q % 3 = 0 THEN 0 ELSE garrison_max * (abs(r) % 10) / 10 END`);
      const before = await ctx.db.select().from(schema.territories);
      const rows = await regrowGarrisons(ctx.db);
      const after = new Map((await ctx.db.select().from(schema.territories)).map((t) => [t.id, t]));
      const growing = before.filter((t) => t.status === 'occupied' && t.garrison < t.garrisonMax);
      expect(growing.length).toBeGreaterThan(100);
      expect(rows).toBe(growing.length);
      for (const t of before) {
        const expected = t.status === 'occupied' ? regrowGarrison(t.garrison, t.garrisonMax) : t.garrison;
        expect({ id: t.id, garrison: after.get(t.id)!.garrison }).toEqual({ id: t.id, garrison: expected });
      }
    });
  });
}
