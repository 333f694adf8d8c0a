import { describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { ACHIEVEMENTS, LEVEL_10_XP, SPECIALIZATION_THRESHOLDS, squadLevel, squadPoints } from '@datavism/rules';
import {
  badgeShares, balanceOf, claimAnnouncements, completeAnnouncements, contributeBatch, createCustomChallenge, createOperation, createSquad,
  endorsementStatus, getPlayer, getSquad, grantAchievement, grantAchievementsTx, joinOperation, joinSquad, leaveSquad,
  ledgerInvariant, playerAchievements, profileData, recordDailyLogin, recordEndorsement, recordObjectiveProgressTx,
  refreshBadgeShares, resolveOperation, rewardMentor, solveChallenge, storedAchievements, withTransaction,
  type CreateOperationInput, type Db,
} from '../../src/index';
import { at, countRows, gameError, newPlayer, rowsOf, type Ctx } from '../harness';

const DAY = 86_400_000;
const HOUR = 3_600_000;

const held = async (db: Db, playerId: string) => (await playerAchievements(db, playerId)).map((a) => a.achievementId);
const xpOf = async (db: Db, playerId: string) => Number((await getPlayer(db, playerId))!.xp);

async function activeOperation(db: Db, input: Partial<CreateOperationInput> & Pick<CreateOperationInput, 'objectives'>, activeAt = new Date()) {
  const { operation } = await createOperation(db, {
    type: 'rapid', name: 'op', briefing: '', handler: 'Oracle', startsAt: activeAt, activeAt,
    endsAt: new Date(activeAt.getTime() + 48 * HOUR), phase: 'active', xpPool: 1000, ...input,
  });
  return operation;
}

const progress = (db: Db, operationId: string, playerId: string, kind: 'solve_challenges' | 'verify_intel', amount = 1) =>
  withTransaction(db, (tx) => recordObjectiveProgressTx(tx, { operationId, kind, amount, playerId }));

/** Progression (GAME §1, §2, §5), run by progression.test.ts against each database. */
export function progressionSuite(ctx: Ctx): void {
  describe('achievements', () => {
    it('the stored codex is the rules\' table: ids, XP, badges, rarities, secrecy', async () => {
      const stored = await storedAchievements(ctx.db);
      const expected = ACHIEVEMENTS.map((a) => ({ id: a.id, xp: a.xp, badge: a.badge, rarity: a.rarity, secret: a.secret }))
        .sort((a, b) => a.id.localeCompare(b.id));
      expect(stored.map((r) => ({ ...r, xp: Number(r.xp) }))).toEqual(expected);
      // The grant function refuses an achievement the codex does not know (there is no foreign key).
      await expect(ctx.db.execute(sql`SELECT * FROM grant_achievements('nope', ARRAY[]::uuid[])`)).rejects.toThrow();
    });

    it('a grant happens once under 10 concurrent grants: one row, its XP once, nine ALREADY_DONE', async () => {
      const p = await newPlayer(ctx.db);
      const results = await Promise.allSettled(Array.from({ length: 10 }, () => grantAchievement(ctx.db, p.id, 'boss_slayer')));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter((x) => x.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toEqual(gameError('ALREADY_DONE'));
      expect(await held(ctx.db, p.id)).toEqual(['boss_slayer']);
      expect(await xpOf(ctx.db, p.id)).toBe(500);
      // Set-based grants skip holders, unknown ids and duplicates.
      const q = await newPlayer(ctx.db);
      const granted = await withTransaction(ctx.db, (tx) => grantAchievementsTx(tx, 'boss_slayer', [p.id, q.id, q.id, 'nope', '00000000-0000-0000-0000-000000000000']));
      expect(granted).toEqual([q.id]);
      expect([await xpOf(ctx.db, p.id), await xpOf(ctx.db, q.id)]).toEqual([500, 500]);
      await expect(grantAchievement(ctx.db, '00000000-0000-0000-0000-000000000000', 'first_blood')).rejects.toEqual(gameError('NOT_FOUND'));
    });

    it('level_10 when XP crosses 8100, whoever writes it — once, with its 1000 XP', async () => {
      expect(LEVEL_10_XP).toBe(8100);
      const p = await newPlayer(ctx.db, { xp: 8000 });
      await ctx.db.execute(sql`UPDATE players SET xp = xp + 99 WHERE id = ${p.id}::uuid`);
      expect(await held(ctx.db, p.id)).toEqual([]);
      await ctx.db.execute(sql`UPDATE players SET xp = xp + 1 WHERE id = ${p.id}::uuid`);
      expect(await held(ctx.db, p.id)).toEqual(['level_10']);
      expect(await xpOf(ctx.db, p.id)).toBe(8100 + 1000);
      await ctx.db.execute(sql`UPDATE players SET xp = 0 WHERE id = ${p.id}::uuid`);
      await ctx.db.execute(sql`UPDATE players SET xp = 9000 WHERE id = ${p.id}::uuid`);
      expect(await xpOf(ctx.db, p.id)).toBe(9000); // not twice
      // An achievement's own XP can cross it too: 8000 + first_blood's 100 → level_10 as well.
      const q = await newPlayer(ctx.db, { xp: 8000 });
      await withTransaction(ctx.db, (tx) => grantAchievementsTx(tx, 'first_blood', [q.id]));
      expect((await held(ctx.db, q.id)).sort()).toEqual(['first_blood', 'level_10']);
      expect(await xpOf(ctx.db, q.id)).toBe(8000 + 100 + 1000);
    });

    it('first_blood: 10 concurrent first solves by one player grant it once (100 XP)', async () => {
      const creator = await newPlayer(ctx.db, { technicalMastery: 2000, truthScore: 2000 });
      const solver = await newPlayer(ctx.db);
      const now = new Date();
      const challenges = await Promise.all(Array.from({ length: 10 }, (_, i) => createCustomChallenge(ctx.db, {
        creatorId: creator.id, title: `c${i}`, description: 'd', answer: `a${i}`, rewardPoints: 10,
        startsAt: new Date(now.getTime() - 1000), endsAt: new Date(now.getTime() + HOUR), now,
      })));
      const results = await Promise.all(challenges.map((c, i) => solveChallenge(ctx.db, { challengeId: c.id, playerId: solver.id, answer: `a${i}`, now, xpMultiplier: 1 })));
      expect(results.filter((r) => r.firstChallenge)).toHaveLength(1);
      expect(await held(ctx.db, solver.id)).toEqual(['first_blood']);
      expect(await xpOf(ctx.db, solver.id)).toBe(10 * 10 + 100);
      expect((await getPlayer(ctx.db, solver.id))!.titles).not.toContain('first_blood');
    });

    it('all_paths once all five specializations hold: the last input to rise grants it', async () => {
      const t = SPECIALIZATION_THRESHOLDS;
      const p = await newPlayer(ctx.db, { technicalMastery: t.technicalMastery + 1, truthScore: t.truthScore - 5, impactRating: 1000 });
      await ctx.db.execute(sql`INSERT INTO player_progress (player_id, investigations_led, students_mentored, content_passed)
        VALUES (${p.id}::uuid, ${t.investigationsLed + 1}, ${t.studentsMentored + 1}, ${t.contentPassed + 1})`);
      const endorser = await newPlayer(ctx.db, { impactRating: 1000 });
      const now = new Date();
      // truthScore 7995 → 8005 (> 8000): the fifth specialization.
      await recordEndorsement(ctx.db, { endorserId: endorser.id, targetId: p.id, dimension: 'truthScore', now, dayMs: DAY });
      // all_paths' 10000 XP crosses 8100: level_10 (1000 XP) follows in the same transaction.
      expect((await held(ctx.db, p.id)).sort()).toEqual(['all_paths', 'level_10']);
      expect(await xpOf(ctx.db, p.id)).toBe(10000 + 1000);
    });

    it('badge shares: holders ÷ players in basis points, recomputed set-based (idempotent)', async () => {
      expect(await refreshBadgeShares(ctx.db, new Date())).toBe(12);
      const [players] = await rowsOf<{ n: unknown }>(ctx.db, sql`SELECT count(*) AS n FROM players`);
      const [row] = await rowsOf<{ holders: unknown; holders_bps: unknown }>(ctx.db, sql`SELECT holders, holders_bps FROM achievements WHERE id = 'boss_slayer'`);
      expect(Number(row.holders)).toBe(2);
      expect(Number(row.holders_bps)).toBe(Math.floor((2 * 10000) / Number(players.n)));
      expect(await refreshBadgeShares(ctx.db, new Date())).toBe(12);
    });

    it('badge shares are live: a grant counts at once, before the daily job, a rolled-back one never; the job folds them into the same numbers', async () => {
      const count = async (query: SQL) => Number((await rowsOf<{ n: unknown }>(ctx.db, query))[0].n);
      const holdersOf = (id: string) => count(sql`SELECT count(*) AS n FROM player_achievements WHERE achievement_id = ${id}`);
      const [p, q, r] = [await newPlayer(ctx.db), await newPlayer(ctx.db), await newPlayer(ctx.db)];
      await refreshBadgeShares(ctx.db, new Date());
      const before = await holdersOf('speed_demon');
      await grantAchievement(ctx.db, p.id, 'speed_demon');
      await withTransaction(ctx.db, (tx) => grantAchievementsTx(tx, 'speed_demon', [p.id, q.id])); // p again: once
      await expect(withTransaction(ctx.db, async (tx) => {
        await grantAchievementsTx(tx, 'speed_demon', [r.id]);
        throw new Error('the siege failed after all');
      })).rejects.toThrow('the siege failed after all');
      expect(await holdersOf('speed_demon')).toBe(before + 2);
      const players = await count(sql`SELECT count(*) AS n FROM players`);
      const live = await badgeShares(ctx.db);
      expect(live.size).toBe(12);
      expect(live.get('speed_demon')).toBe(Math.floor(((before + 2) * 10000) / players));
      expect(live.get('the_revelation')).toBe(Math.floor((await holdersOf('the_revelation')) * 10000 / players));
      // The profile shows the same share next to the badge.
      expect((await profileData(ctx.db, q.id))!.achievements).toMatchObject([{ achievementId: 'speed_demon', holdersBps: live.get('speed_demon') }]);
      // The daily job folds the appended grants into the codex rows: nothing left over, same shares.
      await refreshBadgeShares(ctx.db, new Date());
      expect(await count(sql`SELECT count(*) AS n FROM achievement_holder_grants`)).toBe(0);
      expect(await badgeShares(ctx.db)).toEqual(live);
    });

    it('announcements: each grant is claimed once under a lease, again after the lease, never after completion', async () => {
      const p = await newPlayer(ctx.db);
      await grantAchievement(ctx.db, p.id, 'speed_demon');
      const now = new Date(Date.now() + 1000);
      const first = (await claimAnnouncements(ctx.db, { now, limit: 1000, leaseMs: 30_000 })).filter((a) => a.playerId === p.id);
      expect(first.map((a) => a.achievementId)).toEqual(['speed_demon']);
      expect((await claimAnnouncements(ctx.db, { now, limit: 1000, leaseMs: 30_000 })).some((a) => a.playerId === p.id)).toBe(false);
      const later = new Date(now.getTime() + 31_000);
      const again = await claimAnnouncements(ctx.db, { now: later, limit: 1000, leaseMs: 30_000 });
      expect(again.some((a) => a.playerId === p.id)).toBe(true);
      await completeAnnouncements(ctx.db, again, later);
      expect(await claimAnnouncements(ctx.db, { now: new Date(later.getTime() + 60_000), limit: 1000, leaseMs: 30_000 })).toEqual([]);
    });
  });

  describe('endorsements', () => {
    it('+10 to one dimension; self, influence < 100, twice a day, the same player within 7 days: typed errors, nothing changed', async () => {
      const a = await newPlayer(ctx.db, { impactRating: 334 }); // influence 100.2
      const b = await newPlayer(ctx.db);
      const c = await newPlayer(ctx.db);
      const low = await newPlayer(ctx.db, { impactRating: 330 }); // 99
      const t0 = at('2026-04-01', 10);
      const count = () => countRows(ctx.db, sql`SELECT count(*) AS n FROM endorsements WHERE endorser_id IN (${a.id}::uuid, ${low.id}::uuid)`);
      await expect(recordEndorsement(ctx.db, { endorserId: a.id, targetId: a.id, dimension: 'truthScore', now: t0, dayMs: DAY })).rejects.toEqual(gameError('SELF_ENDORSEMENT'));
      await expect(recordEndorsement(ctx.db, { endorserId: low.id, targetId: b.id, dimension: 'truthScore', now: t0, dayMs: DAY })).rejects.toEqual(gameError('REQUIREMENTS_NOT_MET'));
      await expect(recordEndorsement(ctx.db, { endorserId: a.id, targetId: b.id, dimension: 'xp' as never, now: t0, dayMs: DAY })).rejects.toEqual(gameError('BAD_REQUEST'));
      expect(await count()).toBe(0);

      const ok = await recordEndorsement(ctx.db, { endorserId: a.id, targetId: b.id, dimension: 'artisticVision', now: t0, dayMs: DAY });
      expect(ok).toEqual({ targetId: b.id, dimension: 'artisticVision', points: 10, targetReceived: 10, communityPillar: false });
      expect((await getPlayer(ctx.db, b.id))!.artisticVision).toBe(10);
      // Same game day, another target: once per day.
      await expect(recordEndorsement(ctx.db, { endorserId: a.id, targetId: c.id, dimension: 'truthScore', now: new Date(t0.getTime() + HOUR), dayMs: DAY }))
        .rejects.toEqual(gameError('ENDORSED_TODAY'));
      // Next day, same target: within 7 days.
      await expect(recordEndorsement(ctx.db, { endorserId: a.id, targetId: b.id, dimension: 'truthScore', now: new Date(t0.getTime() + DAY), dayMs: DAY }))
        .rejects.toEqual(gameError('ENDORSED_RECENTLY'));
      expect(await count()).toBe(1);
      expect((await getPlayer(ctx.db, b.id))!.truthScore).toBe(0);
      expect((await getPlayer(ctx.db, c.id))!.truthScore).toBe(0);
      // Next day, another target: fine; 7 days later, the first target again: fine.
      await recordEndorsement(ctx.db, { endorserId: a.id, targetId: c.id, dimension: 'truthScore', now: new Date(t0.getTime() + DAY), dayMs: DAY });
      await recordEndorsement(ctx.db, { endorserId: a.id, targetId: b.id, dimension: 'truthScore', now: new Date(t0.getTime() + 7 * DAY), dayMs: DAY });
      expect((await getPlayer(ctx.db, b.id))!.truthScore).toBe(10);
      const status = await endorsementStatus(ctx.db, a.id, new Date(t0.getTime() + 7 * DAY + HOUR), DAY);
      expect(status.endorsedToday).toBe(true);
      expect(status.given.map((g) => g.playerId)).toEqual([b.id, c.id, b.id]);
      expect(status.cooldowns.map((x) => x.playerId).sort()).toEqual([b.id, c.id].sort());
      expect((await endorsementStatus(ctx.db, b.id, t0, DAY)).receivedPoints).toBe(20);
    });

    it('two endorsements of one endorser at once: one stands, the other ENDORSED_TODAY', async () => {
      const a = await newPlayer(ctx.db, { impactRating: 1000 });
      const [b, c] = [await newPlayer(ctx.db), await newPlayer(ctx.db)];
      const now = at('2026-04-20', 9);
      const r = await Promise.allSettled([b, c].map((t) => recordEndorsement(ctx.db, { endorserId: a.id, targetId: t.id, dimension: 'impactRating', now, dayMs: DAY })));
      expect(r.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
      expect((r.find((x) => x.status === 'rejected') as PromiseRejectedResult).reason).toEqual(gameError('ENDORSED_TODAY'));
    });

    it('community_pillar at 1000 reputation received from endorsements', async () => {
      const target = await newPlayer(ctx.db);
      await ctx.db.execute(sql`INSERT INTO player_progress (player_id, endorsement_points) VALUES (${target.id}::uuid, 990)`);
      const a = await newPlayer(ctx.db, { impactRating: 1000 });
      const r = await recordEndorsement(ctx.db, { endorserId: a.id, targetId: target.id, dimension: 'impactRating', now: new Date(), dayMs: DAY });
      expect(r).toMatchObject({ targetReceived: 1000, communityPillar: true });
      expect((await held(ctx.db, target.id)).sort()).toEqual(['community_pillar', 'level_10']);
      expect(await xpOf(ctx.db, target.id)).toBe(10000 + 1000);
    });
  });

  describe('sources', () => {
    it('days active: one more on each day\'s first login, none for a second login that day', async () => {
      const p = await newPlayer(ctx.db);
      await recordDailyLogin(ctx.db, p.id, at('2026-05-01', 8));
      await recordDailyLogin(ctx.db, p.id, at('2026-05-01', 20));
      await recordDailyLogin(ctx.db, p.id, at('2026-05-03', 8));
      expect((await getPlayer(ctx.db, p.id))!.daysActive).toBe(2);
    });

    it('an objective completed pays each of its contributors 25 impactRating, once', async () => {
      const [a, b, c] = [await newPlayer(ctx.db), await newPlayer(ctx.db), await newPlayer(ctx.db)];
      const op = await activeOperation(ctx.db, { objectives: [
        { tier: 'primary', kind: 'solve_challenges', title: 's', target: 3 },
        { tier: 'secondary', kind: 'verify_intel', title: 'v', target: 5 },
      ] });
      await progress(ctx.db, op.id, a.id, 'solve_challenges', 2);
      await progress(ctx.db, op.id, c.id, 'verify_intel', 1);
      expect((await getPlayer(ctx.db, a.id))!.impactRating).toBe(0);
      await progress(ctx.db, op.id, b.id, 'solve_challenges', 5); // takes the 1 it still needs
      for (const p of [a, b]) expect((await getPlayer(ctx.db, p.id))!.impactRating).toBe(25);
      expect((await getPlayer(ctx.db, c.id))!.impactRating).toBe(0); // the other objective is not complete
    });

    it('contributions: a batch completing an objective pays its contributors; a refused action loses perfect_run', async () => {
      const [a, b] = [await newPlayer(ctx.db), await newPlayer(ctx.db)];
      const { mint } = await import('../../src/index');
      await withTransaction(ctx.db, async (tx) => {
        await mint(tx, { kind: 'player', id: a.id }, 'cpu_cycles', 100n, 'test');
        await mint(tx, { kind: 'player', id: b.id }, 'cpu_cycles', 100n, 'test');
      });
      const op = await activeOperation(ctx.db, { objectives: [{ tier: 'primary', kind: 'contribute', title: 'c', resource: 'cpu_cycles', target: 100 }] });
      const r1 = await contributeBatch(ctx.db, op.id, [
        { playerId: a.id, name: a.name, resource: 'cpu_cycles', amount: 60 },
        { playerId: b.id, name: b.name, resource: 'data_credits', amount: 5 }, // refused: not taken here
      ]);
      expect(r1.outcomes.map((o) => o.ok)).toEqual([true, false]);
      expect((await getPlayer(ctx.db, a.id))!.impactRating).toBe(0);
      await contributeBatch(ctx.db, op.id, [{ playerId: b.id, name: b.name, resource: 'cpu_cycles', amount: 60 }]);
      for (const p of [a, b]) expect((await getPlayer(ctx.db, p.id))!.impactRating).toBe(25);
      const res = await resolveOperation(ctx.db, op.id);
      expect(res.outcome).toBe('success');
      expect(await held(ctx.db, a.id)).toEqual(['perfect_run']);
      expect(await held(ctx.db, b.id)).toEqual([]);
      for (const line of await ledgerInvariant(ctx.db)) expect(line.holds).toBe(true);
    });

    it('a successful operation: its squads\' missionsCompleted + 1 (level follows), its leader an investigation led, speed_demon within 2 game hours', async () => {
      const leader = await newPlayer(ctx.db);
      const squad = await createSquad(ctx.db, { leaderId: leader.id, name: `Sq${leader.id.slice(0, 8)}`, type: 'strike_team' });
      const member = await newPlayer(ctx.db);
      await joinSquad(ctx.db, squad.id, member.id);
      // 9 missions + 2 members: 900 + 400 = 1300 → already level 2? No: set 5 missions (500 + 400 = 900, level 1).
      await ctx.db.execute(sql`UPDATE squads SET missions_completed = 5 WHERE id = ${squad.id}::uuid`);
      const started = new Date(Date.now() - 90 * 60_000); // active 90 game minutes ago (TIME_SCALE 1)
      const op = await activeOperation(ctx.db, { type: 'flashpoint', objectives: [{ tier: 'primary', kind: 'solve_challenges', title: 's', target: 3 }] }, started);
      for (const p of [leader, member]) await joinOperation(ctx.db, op.id, { id: p.id, name: p.name });
      await progress(ctx.db, op.id, member.id, 'solve_challenges', 2);
      await progress(ctx.db, op.id, leader.id, 'solve_challenges', 1);
      // Founder leaves before the squad levels up: the founder keeps the right to squad_founder.
      await leaveSquad(ctx.db, leader.id);
      const r = await resolveOperation(ctx.db, op.id, { now: new Date(), hourMs: HOUR });
      expect(r.outcome).toBe('success');
      const after = (await getSquad(ctx.db, squad.id))!;
      expect(after.missionsCompleted).toBe(6);
      // Points 100·6 + 200·1 member = 800 → level 1 still (the leader left before).
      expect(after.level).toBe(squadLevel(squadPoints({ missionsCompleted: 6, territoriesLiberated: 0, evidenceGathered: 0, activeMembers: 1 })));
      const [led] = await rowsOf<{ player_id: string; success: boolean }>(ctx.db, sql`SELECT player_id::text AS player_id, success FROM operation_leaders WHERE operation_id = ${op.id}::uuid`);
      expect(led).toEqual({ player_id: member.id, success: true });
      expect((await profileData(ctx.db, member.id))!.investigationsLed).toBe(1);
      expect((await getPlayer(ctx.db, member.id))!.lastMajorActionAt).not.toBeNull();
      for (const p of [leader, member]) expect((await held(ctx.db, p.id)).sort()).toEqual(['perfect_run', 'speed_demon']);
      // One more mission → 900 + 200 = 1100: level 2, squad_founder for the founder who left.
      await ctx.db.execute(sql`UPDATE squads SET missions_completed = 8 WHERE id = ${squad.id}::uuid`);
      const { relevelSquadsTx } = await import('../../src/index');
      expect(await withTransaction(ctx.db, (tx) => relevelSquadsTx(tx, [squad.id]))).toEqual([{ squadId: squad.id, level: 2 }]);
      expect((await held(ctx.db, leader.id)).sort()).toEqual(['perfect_run', 'speed_demon', 'squad_founder']);
      expect(await held(ctx.db, member.id)).not.toContain('squad_founder');
    });

    it('a flashpoint completed after its first 2 game hours is no speed run', async () => {
      const p = await newPlayer(ctx.db);
      const op = await activeOperation(ctx.db, { type: 'flashpoint', objectives: [{ tier: 'primary', kind: 'solve_challenges', title: 's', target: 1 }] },
        new Date(Date.now() - 2 * HOUR - 60_000));
      await progress(ctx.db, op.id, p.id, 'solve_challenges', 1);
      await resolveOperation(ctx.db, op.id, { hourMs: HOUR });
      expect(await held(ctx.db, p.id)).toEqual(['perfect_run']);
    });

    it('mass_awakening once 1000 distinct players were rewarded by operations the player led (×1.3), kept to 1000 rows', async () => {
      const leader = await newPlayer(ctx.db);
      const ops = [0, 1].map(() => activeOperation(ctx.db, { objectives: [{ tier: 'primary', kind: 'solve_challenges', title: 's', target: 1 }] }));
      const [op1, op2] = await Promise.all(ops);
      // 700 rewarded players in the first, 700 in the second (400 of them again): 1000 distinct.
      const fake = Array.from({ length: 1000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
      const seed = (opId: string, ids: string[]) => ctx.db.execute(sql`INSERT INTO operation_participants (operation_id, player_id, name, points)
        SELECT ${opId}::uuid, x, 'x', 1 FROM jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb) AS x`);
      await seed(op1.id, fake.slice(0, 700));
      await seed(op2.id, fake.slice(300, 1000));
      await progress(ctx.db, op1.id, leader.id, 'solve_challenges', 1);
      await progress(ctx.db, op2.id, leader.id, 'solve_challenges', 1);
      await resolveOperation(ctx.db, op1.id);
      expect((await getPlayer(ctx.db, leader.id))!.massAwakening).toBe(false);
      await resolveOperation(ctx.db, op2.id);
      expect((await getPlayer(ctx.db, leader.id))!.massAwakening).toBe(true);
      expect((await profileData(ctx.db, leader.id))!.playersRewarded).toBe(1000);
      expect((await profileData(ctx.db, leader.id))!.investigationsLed).toBe(2);
    });

    it('evidence in an investigation: +20 truthScore a piece, the squad\'s evidence ×1.5 with Deep_Analysis', async () => {
      const lead = await newPlayer(ctx.db);
      const squad = await createSquad(ctx.db, { leaderId: lead.id, name: `R${lead.id.slice(0, 8)}`, type: 'research' });
      await ctx.db.execute(sql`UPDATE squads SET missions_completed = 60, level = 3 WHERE id = ${squad.id}::uuid`); // 6000 + 200 → level 3: Deep_Analysis
      const op = await activeOperation(ctx.db, { type: 'investigation', objectives: [{ tier: 'primary', kind: 'verify_intel', title: 'v', target: 10 }] });
      await progress(ctx.db, op.id, lead.id, 'verify_intel', 1);
      await progress(ctx.db, op.id, lead.id, 'verify_intel', 1);
      expect((await getPlayer(ctx.db, lead.id))!.truthScore).toBe(40);
      expect((await getSquad(ctx.db, squad.id))!.evidenceGathered).toBe(3); // 2 pieces × 1.5
      await progress(ctx.db, op.id, lead.id, 'verify_intel', 1);
      expect((await getSquad(ctx.db, squad.id))!.evidenceGathered).toBe(4); // 4.5, floored
      // Outside an investigation, verified intel is no evidence.
      const other = await activeOperation(ctx.db, { type: 'rapid', objectives: [{ tier: 'primary', kind: 'verify_intel', title: 'v', target: 10 }] });
      await progress(ctx.db, other.id, lead.id, 'verify_intel', 1);
      expect((await getPlayer(ctx.db, lead.id))!.truthScore).toBe(60);
    });

    it('hidden objectives: a secret mission of each handler → ghost_protocol; a liberation war\'s → the_revelation', async () => {
      const p = await newPlayer(ctx.db);
      for (const handler of ['Cipher', 'Oracle']) {
        const op = await activeOperation(ctx.db, { handler, objectives: [
          { tier: 'primary', kind: 'solve_challenges', title: 's', target: 10 },
          { tier: 'hidden', kind: 'verify_intel', title: 'h', target: 1 },
        ] });
        await progress(ctx.db, op.id, p.id, 'verify_intel', 1);
      }
      expect(await held(ctx.db, p.id)).toEqual([]);
      const war = await activeOperation(ctx.db, { type: 'liberation_war', handler: 'Vanguard', objectives: [
        { tier: 'primary', kind: 'liberate', title: 'l', target: 5 },
        { tier: 'hidden', kind: 'verify_intel', title: 'The revelation', category: 'revelation', target: 1 },
      ] });
      await withTransaction(ctx.db, (tx) => recordObjectiveProgressTx(tx, { operationId: war.id, kind: 'verify_intel', amount: 1, playerId: p.id, category: 'revelation' }));
      expect((await held(ctx.db, p.id)).sort()).toEqual(['ghost_protocol', 'level_10', 'the_revelation']);
      expect((await getPlayer(ctx.db, p.id))!.impactRating).toBe(3 * 25);
      // GAME §4: liberation_keys come from secret missions — one per hidden objective completed, minted once.
      expect(await balanceOf(ctx.db, { kind: 'player', id: p.id }, 'liberation_keys')).toBe(3n);
      expect(await countRows(ctx.db, sql`SELECT count(*) AS n FROM transfers WHERE reason = 'secret_mission' AND to_account_id IN
        (SELECT id FROM accounts WHERE kind = 'player' AND owner_id = ${p.id})`)).toBe(3);
      for (const line of await ledgerInvariant(ctx.db)) expect(line.holds).toBe(true);
    });

    it('squad size: a Mass squad recruits its 25 at level 1 and becomes active', async () => {
      const lead = await newPlayer(ctx.db);
      const squad = await createSquad(ctx.db, { leaderId: lead.id, name: `B${lead.id.slice(0, 8)}`, type: 'brigade' });
      const members = await Promise.all(Array.from({ length: 24 }, () => newPlayer(ctx.db)));
      for (const m of members) await joinSquad(ctx.db, squad.id, m.id);
      const s = (await getSquad(ctx.db, squad.id))!;
      // 25 members × 200 = 5000 points: level 3 by then, still within the class maximum.
      expect(await countRows(ctx.db, sql`SELECT count(*) AS n FROM squad_members WHERE squad_id = ${squad.id}::uuid`)).toBe(25);
      expect(s.level).toBe(3);
      expect(await held(ctx.db, lead.id)).toEqual(['squad_founder']);
    });

    it('rewardMentor: teachingHonor 100 × skills and 50 × rating influence_points, once per pairing; mentor_master at 10, Master Teacher above 10', async () => {
      const mentor = await newPlayer(ctx.db);
      const now = new Date();
      const first = await withTransaction(ctx.db, (tx) => rewardMentor(tx, { pairingId: 'pair-0', mentorId: mentor.id, graduated: { skillsImproved: 2 }, rating: 4, now }));
      expect(first).toEqual({ teachingHonor: 200, influencePoints: 200, graduations: 1, repeated: false });
      const again = await withTransaction(ctx.db, (tx) => rewardMentor(tx, { pairingId: 'pair-0', mentorId: mentor.id, graduated: { skillsImproved: 2 }, rating: 4, now }));
      expect(again).toMatchObject({ teachingHonor: 0, influencePoints: 0, graduations: 1, repeated: true });
      expect((await getPlayer(ctx.db, mentor.id))!.teachingHonor).toBe(200);
      expect(await balanceOf(ctx.db, { kind: 'player', id: mentor.id }, 'influence_points')).toBe(200n);
      await expect(withTransaction(ctx.db, (tx) => rewardMentor(tx, { pairingId: 'pair-x', mentorId: mentor.id, rating: 6, now }))).rejects.toEqual(gameError('BAD_REQUEST'));
      for (let i = 1; i < 10; i++) await withTransaction(ctx.db, (tx) => rewardMentor(tx, { pairingId: `pair-${i}`, mentorId: mentor.id, graduated: { skillsImproved: 1 }, now }));
      expect(await held(ctx.db, mentor.id)).toEqual(['mentor_master']);
      expect((await getPlayer(ctx.db, mentor.id))!.titles).not.toContain('Master Teacher');
      await withTransaction(ctx.db, (tx) => rewardMentor(tx, { pairingId: 'pair-10', mentorId: mentor.id, graduated: { skillsImproved: 0 }, now }));
      expect((await getPlayer(ctx.db, mentor.id))!.titles).toContain('Master Teacher');
      expect((await getPlayer(ctx.db, mentor.id))!.teachingHonor).toBe(200 + 9 * 100);
      for (const line of await ledgerInvariant(ctx.db)) expect(line.holds).toBe(true);
    });
  });
}
