import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import {
  balancesOf,
  createPlayer,
  findPlayerByName,
  getPlayer,
  playerProfile,
  recordDailyLogin,
  schema,
  setPlayerRole,
} from '../../src/index';
import { at, gameError, newPlayer, type Ctx } from '../harness';

/** Players behaviour, run by db.test.ts against each database. */
export function playersSuite(ctx: Ctx): void {
  const kind = ctx.kind;
  describe('players', () => {
    it('creates a player with defaults and finds it by id and by name, case-insensitively', async () => {
      const created = await createPlayer(ctx.db, { name: `Neo-${kind}`, passwordHash: 'h1' });
      expect(created).toMatchObject({
        name: `Neo-${kind}`, nameKey: `neo-${kind}`, role: 'player', xp: 0, loginStreak: 0, lastLoginDay: null,
        verified: true, founder: false, titles: [], technicalMastery: 0, deployedTerritoryId: null,
      });
      expect((await getPlayer(ctx.db, created.id))?.name).toBe(`Neo-${kind}`);
      expect((await findPlayerByName(ctx.db, `NEO-${kind.toUpperCase()}`))?.id).toBe(created.id);
      expect(await getPlayer(ctx.db, 'not-a-uuid')).toBeNull();
      expect(await findPlayerByName(ctx.db, 'nobody-here')).toBeNull();
    });

    it('a duplicate name, in any case, is NAME_TAKEN', async () => {
      await createPlayer(ctx.db, { name: `Trinity-${kind}`, passwordHash: 'h' });
      await expect(createPlayer(ctx.db, { name: `TRINITY-${kind}`, passwordHash: 'h' })).rejects.toEqual(
        gameError('NAME_TAKEN'),
      );
    });

    it('sets a role; an unknown player is NOT_FOUND', async () => {
      const p = await newPlayer(ctx.db);
      expect((await setPlayerRole(ctx.db, p.id, 'gm')).role).toBe('gm');
      await expect(setPlayerRole(ctx.db, '00000000-0000-0000-0000-000000000000', 'gm')).rejects.toEqual(
        gameError('NOT_FOUND'),
      );
    });

    it('the profile carries balances and not the password hash', async () => {
      const p = await newPlayer(ctx.db, { createdAt: at('2026-01-01'), founder: true });
      await recordDailyLogin(ctx.db, p.id, at('2026-03-01'));
      const profile = await playerProfile(ctx.db, p.id);
      expect(profile).not.toHaveProperty('passwordHash');
      expect(profile).toMatchObject({ id: p.id, founder: true, loginStreak: 1, xp: 52 });
      expect(profile?.balances.resistance_credits).toBe(110n);
      expect(await playerProfile(ctx.db, '00000000-0000-0000-0000-000000000000')).toBeNull();
    });

    it('10 concurrent logins on one day grant the streak reward exactly once (streak 1: 110 credits, 52 XP, 10 cpu_cycles)', async () => {
      const p = await newPlayer(ctx.db);
      const now = at('2026-03-10', 8);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => recordDailyLogin(ctx.db, p.id, new Date(now.getTime() + i * 1000))),
      );
      expect(results.filter((r) => r.granted)).toHaveLength(1);
      expect(results.find((r) => r.granted)?.reward).toEqual({
        resistance_credits: 110, xp: 52, cpu_cycles: 10, liberation_keys: 0, truth_tokens: 0, title: null,
      });
      for (const r of results.filter((x) => !x.granted)) expect(r).toEqual({ granted: false, streak: 1, reward: null });
      const balances = await balancesOf(ctx.db, { kind: 'player', id: p.id });
      expect(balances).toMatchObject({ resistance_credits: 110n, cpu_cycles: 10n, liberation_keys: 0n, truth_tokens: 0n });
      const row = await getPlayer(ctx.db, p.id);
      expect(row).toMatchObject({ xp: 52, loginStreak: 1, lastLoginDay: '2026-03-10' });
      // The reward went through the ledger with per-resource idempotency keys.
      const keys = await ctx.db
        .select({ key: schema.transfers.idempotencyKey, amount: schema.transfers.amount })
        .from(schema.transfers)
        .where(sql`${schema.transfers.idempotencyKey} LIKE ${`login:${p.id}:%`}`)
        .orderBy(schema.transfers.idempotencyKey);
      expect(keys).toEqual([
        { key: `login:${p.id}:2026-03-10:cpu_cycles`, amount: 10n },
        { key: `login:${p.id}:2026-03-10:resistance_credits`, amount: 110n },
      ]);
    });

    it('the streak grows on the next UTC day and resets to 1 after a missed day', async () => {
      const p = await newPlayer(ctx.db);
      expect((await recordDailyLogin(ctx.db, p.id, at('2026-04-01', 23))).streak).toBe(1);
      // 00:30 UTC the next day is a new day even if only 1.5 hours later.
      const second = await recordDailyLogin(ctx.db, p.id, new Date('2026-04-02T00:30:00Z'));
      expect(second).toMatchObject({ granted: true, streak: 2 });
      expect(second.reward).toMatchObject({ resistance_credits: 120, xp: 55, cpu_cycles: 20 });
      const afterGap = await recordDailyLogin(ctx.db, p.id, at('2026-04-04'));
      expect(afterGap).toMatchObject({ granted: true, streak: 1 });
      const row = await getPlayer(ctx.db, p.id);
      expect(row).toMatchObject({ loginStreak: 1, lastLoginDay: '2026-04-04', xp: 52 + 55 + 52 });
      expect((await balancesOf(ctx.db, { kind: 'player', id: p.id })).resistance_credits).toBe(110n + 120n + 110n);
    });

    it('streak 7 pays a liberation key, 30 a truth token, 100 the title "Dedicated Resistant"', async () => {
      const p = await newPlayer(ctx.db);
      const setStreak = (streak: number, lastDay: string) =>
        ctx.db.update(schema.players).set({ loginStreak: streak, lastLoginDay: lastDay })
          .where(sql`${schema.players.id} = ${p.id}`);

      await setStreak(6, '2026-05-06');
      const seventh = await recordDailyLogin(ctx.db, p.id, at('2026-05-07'));
      expect(seventh).toEqual({
        granted: true, streak: 7,
        reward: { resistance_credits: 170, xp: 67, cpu_cycles: 70, liberation_keys: 1, truth_tokens: 0, title: null },
      });

      await setStreak(29, '2026-05-29');
      const thirtieth = await recordDailyLogin(ctx.db, p.id, at('2026-05-30'));
      expect(thirtieth.reward).toEqual({
        resistance_credits: 400, xp: 125, cpu_cycles: 70, liberation_keys: 0, truth_tokens: 1, title: null,
      });

      await setStreak(99, '2026-08-07');
      const hundredth = await recordDailyLogin(ctx.db, p.id, at('2026-08-08'));
      expect(hundredth.reward).toEqual({
        resistance_credits: 1100, xp: 300, cpu_cycles: 70, liberation_keys: 0, truth_tokens: 0, title: 'Dedicated Resistant',
      });

      const balances = await balancesOf(ctx.db, { kind: 'player', id: p.id });
      expect(balances).toMatchObject({
        resistance_credits: 170n + 400n + 1100n, cpu_cycles: 210n, liberation_keys: 1n, truth_tokens: 1n,
      });
      const row = await getPlayer(ctx.db, p.id);
      expect(row).toMatchObject({ titles: ['Dedicated Resistant'], xp: 67 + 125 + 300, loginStreak: 100 });
    });

    it('a login for an unknown player is NOT_FOUND', async () => {
      await expect(recordDailyLogin(ctx.db, '00000000-0000-0000-0000-000000000000', at('2026-03-10'))).rejects.toEqual(
        gameError('NOT_FOUND'),
      );
    });
  });
}
