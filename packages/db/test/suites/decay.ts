import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import {
  applyDecay,
  createRng,
  dailyDecay,
  dayNumber,
  decayFloor,
  influence,
  utcDay,
  type Reputation,
} from '@datavism/rules';
import {
  applyReputationDecay,
  balanceOf,
  decayResource,
  ledgerInvariant,
  mint,
  schema,
  withTransaction,
  type Db,
  type Player,
} from '../../src/index';
import { at, countRows, newPlayer, rowsOf, type Ctx, type PlayerFields } from '../harness';

const DAY_MS = 86_400_000;
const NOW = at('2026-03-10', 23);

const rep = (p: Player): Reputation => ({
  technicalMastery: p.technicalMastery,
  truthScore: p.truthScore,
  impactRating: p.impactRating,
  teachingHonor: p.teachingHonor,
  artisticVision: p.artisticVision,
});
const multipliers = (p: Player) => ({ firstBlood: p.firstBlood, massAwakening: p.massAwakening, squadLeader: p.isSquadLeader });
const all = (v: number): Reputation => ({
  technicalMastery: v, truthScore: v, impactRating: v, teachingHonor: v, artisticVision: v,
});

/** The rules' TS oracle for one player on the UTC day of `now`: new reputation, and whether the pass touches it. */
function expectedDecay(p: Player, now: Date): { rep: Reputation; foundingResistant: boolean; eligible: boolean } {
  const today = dayNumber(utcDay(now));
  const dayOf = (d: Date) => Math.floor(d.getTime() / DAY_MS);
  const decay = dailyDecay({
    daysSinceLogin: today - (p.lastLoginDay ? dayNumber(p.lastLoginDay) : dayOf(p.createdAt)),
    daysSinceContribution: today - dayOf(p.lastContributionAt ?? p.createdAt),
    daysSinceMajorAction: today - dayOf(p.lastMajorActionAt ?? p.createdAt),
  });
  const value = influence(rep(p), multipliers(p));
  const reached = value >= 10000;
  const floor = decayFloor({
    verified: p.verified, contributions: p.contributions, daysActive: p.daysActive, founder: p.founder,
    foundingResistant: p.foundingResistant || reached,
  });
  const eligible = decay > 0 && value > 0 && value > floor;
  return {
    rep: applyDecay(rep(p), { decay, floor, multipliers: multipliers(p) }),
    foundingResistant: eligible ? p.foundingResistant || reached : p.foundingResistant,
    eligible,
  };
}

async function reload(db: Db, p: Player): Promise<Player> {
  const [row] = await db.select().from(schema.players).where(sql`${schema.players.id} = ${p.id}`);
  return row;
}

/** Active yesterday in every respect, so only the missing login of the run day decays. */
const activeYesterday: PlayerFields = {
  createdAt: at('2026-01-01'),
  lastLoginDay: '2026-03-09',
  lastContributionAt: at('2026-03-09'),
  lastMajorActionAt: at('2026-03-09'),
};

/** Reputation decay and resource decay, run by db.test.ts against each database. */
export function decaySuite(ctx: Ctx): void {
  describe('reputation decay', () => {
    it('a player who has not logged in on the run day loses exactly 10 influence', async () => {
      const p = await newPlayer(ctx.db, { ...activeYesterday, ...all(1000) });
      await applyReputationDecay(ctx.db, NOW);
      const after = await reload(ctx.db, p);
      expect(rep(after)).toEqual(all(990));
      expect(influence(rep(after))).toBe(990);
    });

    it('a login on the run day stops it; a week without contribution adds 100, a month without major action 500', async () => {
      const loggedIn = await newPlayer(ctx.db, { ...activeYesterday, ...all(1000), lastLoginDay: '2026-03-10' });
      const week = await newPlayer(ctx.db, { ...activeYesterday, ...all(1000), lastContributionAt: at('2026-03-03') });
      const eightDays = await newPlayer(ctx.db, { ...activeYesterday, ...all(1000), lastContributionAt: at('2026-03-02') });
      const month = await newPlayer(ctx.db, { ...activeYesterday, ...all(1000), lastMajorActionAt: at('2026-02-08') });
      await applyReputationDecay(ctx.db, NOW);
      expect(rep(await reload(ctx.db, loggedIn))).toEqual(all(1000));
      expect(rep(await reload(ctx.db, week))).toEqual(all(890)); // 10 + 100
      expect(rep(await reload(ctx.db, eightDays))).toEqual(all(990)); // 8 days: not a full week again
      expect(rep(await reload(ctx.db, month))).toEqual(all(490)); // 10 + 500
    });

    it('floors hold: verified 100, contributor 500, veteran 1000, founder 5000; unverified decays freely', async () => {
      const only = (tm: number): PlayerFields => ({ ...activeYesterday, technicalMastery: tm });
      const verified = await newPlayer(ctx.db, only(420)); // influence 105
      const unverified = await newPlayer(ctx.db, { ...only(200), verified: false }); // 50
      const contributor = await newPlayer(ctx.db, { ...activeYesterday, ...all(505), contributions: 10 });
      const veteran = await newPlayer(ctx.db, { ...activeYesterday, ...all(1005), daysActive: 365 });
      const founderAtFloor = await newPlayer(ctx.db, { ...activeYesterday, ...all(5000), founder: true });
      const founderAbove = await newPlayer(ctx.db, {
        ...activeYesterday, ...all(6000), founder: true, lastMajorActionAt: at('2026-02-08'),
      });
      await applyReputationDecay(ctx.db, NOW);
      expect((await reload(ctx.db, verified)).technicalMastery).toBe(400); // ceil(420 · 100/105)
      expect((await reload(ctx.db, unverified)).technicalMastery).toBe(160);
      expect(rep(await reload(ctx.db, contributor))).toEqual(all(500));
      expect(rep(await reload(ctx.db, veteran))).toEqual(all(1000));
      const untouched = await reload(ctx.db, founderAtFloor);
      expect(rep(untouched)).toEqual(all(5000));
      expect(rep(await reload(ctx.db, founderAbove))).toEqual(all(5490)); // 6000 − 510
    });

    it('multipliers: dimensions scale by one factor, rounding up (first_blood 1500 → 1491)', async () => {
      const p = await newPlayer(ctx.db, { ...activeYesterday, ...all(1000), firstBlood: true });
      await applyReputationDecay(ctx.db, NOW);
      const after = await reload(ctx.db, p);
      expect(rep(after)).toEqual(all(994)); // ceil(1000 · 1490/1500)
      expect(influence(rep(after), multipliers(after))).toBe(1491);
    });

    it('reaching 10000 influence marks a player founding-resistant, with floor 5000 from then on', async () => {
      const legend = await newPlayer(ctx.db, { ...activeYesterday, ...all(8000), firstBlood: true }); // 12000
      const resistant = await newPlayer(ctx.db, { ...activeYesterday, ...all(5005), foundingResistant: true });
      await applyReputationDecay(ctx.db, NOW);
      expect(await reload(ctx.db, legend)).toMatchObject({ foundingResistant: true, technicalMastery: 7994 });
      expect(rep(await reload(ctx.db, resistant))).toEqual(all(5000));
    });

    it('equals the rules\' applyDecay for every player in the database, random ones included', async () => {
      const rng = createRng(20260310);
      const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY_MS);
      for (let i = 0; i < 60; i++) {
        const created = rng.int(0, 120);
        await newPlayer(ctx.db, {
          createdAt: daysAgo(created),
          technicalMastery: rng.int(0, 10000), truthScore: rng.int(0, 10000), impactRating: rng.int(0, 10000),
          teachingHonor: rng.int(0, 10000), artisticVision: rng.int(0, 10000),
          firstBlood: rng.int(0, 3) === 0, massAwakening: rng.int(0, 3) === 0, isSquadLeader: rng.int(0, 3) === 0,
          lastLoginDay: rng.int(0, 4) === 0 ? null : utcDay(daysAgo(rng.int(0, Math.min(created, 3)))),
          lastContributionAt: rng.int(0, 4) === 0 ? null : daysAgo(rng.int(0, Math.min(created, 21))),
          lastMajorActionAt: rng.int(0, 4) === 0 ? null : daysAgo(rng.int(0, Math.min(created, 90))),
          contributions: rng.int(0, 20), daysActive: rng.int(0, 400),
          verified: rng.int(0, 5) !== 0, founder: rng.int(0, 10) === 0, foundingResistant: rng.int(0, 10) === 0,
        });
      }
      const before = await ctx.db.select().from(schema.players);
      const expected = new Map(before.map((p) => [p.id, expectedDecay(p, NOW)]));
      const { rows } = await applyReputationDecay(ctx.db, NOW);
      expect(rows).toBe([...expected.values()].filter((e) => e.eligible).length);
      const after = await ctx.db.select().from(schema.players);
      expect(after).toHaveLength(before.length);
      for (const p of after) {
        expect({ id: p.id, rep: rep(p), foundingResistant: p.foundingResistant }).toEqual({
          id: p.id, rep: expected.get(p.id)!.rep, foundingResistant: expected.get(p.id)!.foundingResistant,
        });
      }
    });
  });

  describe('resource decay', () => {
    const player = (p: Player) => ({ kind: 'player' as const, id: p.id });

    it('burns floor(balance × rate) through the ledger once per day: cpu_cycles 10 %, liberation_keys 5 %, influence_points 2 %', async () => {
      const a = await newPlayer(ctx.db);
      const b = await newPlayer(ctx.db);
      await withTransaction(ctx.db, async (tx) => {
        await mint(tx, player(a), 'cpu_cycles', 1005n, 'test');
        await mint(tx, player(b), 'cpu_cycles', 5n, 'test');
        await mint(tx, player(a), 'liberation_keys', 100n, 'test');
        await mint(tx, player(a), 'influence_points', 1000n, 'test');
        await mint(tx, player(a), 'resistance_credits', 1000n, 'test');
      });
      // Other suites left cpu_cycles behind (login rewards): every balance with a burn ≥ 1 counts.
      const due = await countRows(ctx.db, sql`SELECT count(*) AS n FROM balances
        WHERE resource = 'cpu_cycles' AND amount * 1000 / 10000 > 0`);
      const day = utcDay(NOW);

      expect(await decayResource(ctx.db, 'cpu_cycles', NOW)).toBe(due);
      expect(await balanceOf(ctx.db, player(a), 'cpu_cycles')).toBe(905n);
      expect(await balanceOf(ctx.db, player(b), 'cpu_cycles')).toBe(5n); // floor(0.5) = 0
      const [moved] = await rowsOf<{ amount: unknown; legs: unknown; sum: unknown }>(
        ctx.db,
        sql`SELECT t.amount::text AS amount, count(*) AS legs, sum(l.delta)::text AS sum
            FROM transfers t JOIN accounts acc ON acc.kind = 'player' AND acc.owner_id = ${a.id}
            JOIN ledger_entries l ON l.transfer_id = t.id
            WHERE t.idempotency_key = 'decay:cpu_cycles:' || ${day} || ':' || acc.id
            GROUP BY t.amount`,
      );
      expect(moved).toEqual({ amount: '100', legs: expect.anything(), sum: '0' });
      expect(Number(moved.legs)).toBe(2);

      // The same day again changes nothing.
      expect(await decayResource(ctx.db, 'cpu_cycles', new Date(NOW.getTime() + 1000))).toBe(0);
      expect(await balanceOf(ctx.db, player(a), 'cpu_cycles')).toBe(905n);
      // The next day decays again: floor(90.5) = 90.
      await decayResource(ctx.db, 'cpu_cycles', new Date(NOW.getTime() + DAY_MS));
      expect(await balanceOf(ctx.db, player(a), 'cpu_cycles')).toBe(815n);

      await decayResource(ctx.db, 'liberation_keys', NOW);
      await decayResource(ctx.db, 'influence_points', NOW);
      expect(await balanceOf(ctx.db, player(a), 'liberation_keys')).toBe(95n);
      expect(await balanceOf(ctx.db, player(a), 'influence_points')).toBe(980n);
      expect(await decayResource(ctx.db, 'resistance_credits', NOW)).toBe(0);
      expect(await balanceOf(ctx.db, player(a), 'resistance_credits')).toBe(1000n);
      expect((await ledgerInvariant(ctx.db)).every((line) => line.holds)).toBe(true);
    });
  });
}
