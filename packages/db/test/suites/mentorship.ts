import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { menteeXp, type MentoringPreferences } from '@datavism/rules';
import {
  acceptMentee, applyReputationDecay, askForMentor, assignLesson, balanceOf, createCustomChallenge, declineMentee, endMentorship,
  getPlayer, graduateMentee, ledgerInvariant, maintenancePoints, mentorOffers, playerAchievements, playerMentorships, rateMentorship,
  registerMentor, requestMentor, solveChallenge, type Db,
} from '../../src/index';
import { gameError, newPlayer, rowsOf, type Ctx } from '../harness';

const HOUR = 3_600_000;
const prefs = (p: Partial<MentoringPreferences> = {}): MentoringPreferences => ({ timeZone: 1, languages: ['en'], style: 'hands_on', ...p });

/** A mentor of influence 1100, strongest in technicalMastery and truthScore (a newcomer's weakest when all are 0). */
async function mentorPlayer(db: Db, p: Partial<MentoringPreferences> = {}) {
  const m = await newPlayer(db, { technicalMastery: 2000, truthScore: 2000, impactRating: 500, teachingHonor: 0, artisticVision: 0 });
  await registerMentor(db, { playerId: m.id, preferences: prefs(p), now: new Date() });
  return m;
}

/** A newcomer (all dimensions 0) who asked for a mentor with `prefs`. */
async function menteePlayer(db: Db, p: Partial<MentoringPreferences> = {}) {
  const e = await newPlayer(db);
  await askForMentor(db, { playerId: e.id, preferences: prefs(p), now: new Date() });
  return e;
}

async function activePairing(db: Db, mentorId: string, menteeId: string): Promise<string> {
  const { pairingId } = await requestMentor(db, { menteeId, mentorId, now: new Date() });
  await acceptMentee(db, { pairingId, mentorId, now: new Date() });
  return pairingId;
}

/** An open custom challenge (answer `a<i>`) by a third player, worth `points`. */
async function challenge(db: Db, i: number, points = 100) {
  const creator = await newPlayer(db, { technicalMastery: 2000, truthScore: 2000 });
  const now = new Date();
  return createCustomChallenge(db, {
    creatorId: creator.id, title: `lesson ${i}`, description: 'd', answer: `a${i}`, rewardPoints: points,
    startsAt: new Date(now.getTime() - 1000), endsAt: new Date(now.getTime() + 24 * HOUR), now,
  });
}

const solve = (db: Db, challengeId: string, playerId: string, i: number) =>
  solveChallenge(db, { challengeId, playerId, answer: `a${i}`, now: new Date(), xpMultiplier: 1 });

const xpOf = async (db: Db, id: string) => Number((await getPlayer(db, id))!.xp);
const status = async (db: Db, pairingId: string) =>
  (await rowsOf<{ status: string }>(db, sql`SELECT status FROM mentorships WHERE id = ${pairingId}::uuid`))[0]!.status;

/** Mentorship (GAME §8.3, §1.2), run by mentorship.test.ts against each database. */
export function mentorshipSuite(ctx: Ctx): void {
  describe('registration and matching', () => {
    it('a mentor needs influence 1000; offers are the mentors ≥ 0.7, best first, never oneself', async () => {
      const weak = await newPlayer(ctx.db, { technicalMastery: 1000, truthScore: 1000, impactRating: 999, teachingHonor: 999, artisticVision: 999 });
      await expect(registerMentor(ctx.db, { playerId: weak.id, preferences: prefs(), now: new Date() })).rejects.toEqual(gameError('REQUIREMENTS_NOT_MET'));
      await expect(registerMentor(ctx.db, { playerId: weak.id, preferences: prefs({ timeZone: 20 }), now: new Date() })).rejects.toEqual(gameError('BAD_REQUEST'));
      // A language of its own, so only this test's mentors match.
      const lang = `t${Math.floor(Math.random() * 1e6)}`;
      const best = await mentorPlayer(ctx.db, { languages: [lang] });                           // fit 1 + tz + lang + style = 1
      const far = await mentorPlayer(ctx.db, { languages: [lang], timeZone: -11 });             // 12 h apart: 0.40 + 0.20 + 0.15 = 0.75
      const other = await mentorPlayer(ctx.db, { languages: [lang], style: 'socratic', timeZone: 7 }); // 0.40 + 0.25·(6/12) + 0.20 = 0.725
      const tooFar = await mentorPlayer(ctx.db, { languages: [lang], style: 'socratic', timeZone: 9 }); // 0.40 + 0.25·(4/12) + 0.20 = 0.683: not offered
      const mentee = await menteePlayer(ctx.db, { languages: [lang] });
      // Mentors of other tests may be offered too (English speakers score 0.80 without the language): look at ours.
      const mine = new Set([best.id, far.id, other.id, tooFar.id]);
      const offers = (await mentorOffers(ctx.db, mentee.id)).filter((o) => mine.has(o.mentorId));
      expect(offers.map((o) => [o.mentorId, o.score])).toEqual([[best.id, 1], [far.id, 0.75], [other.id, 0.725]]);
      expect((await mentorOffers(ctx.db, best.id))).toEqual([]); // a mentor who never asked gets no offers
      await expect(requestMentor(ctx.db, { menteeId: best.id, mentorId: best.id, now: new Date() })).rejects.toEqual(gameError('FORBIDDEN'));
    });

    it('requests: below 0.7 refused, one open request per mentee, declined frees the mentee', async () => {
      const mentor = await mentorPlayer(ctx.db);
      const stranger = await menteePlayer(ctx.db, { languages: ['zz'], style: 'socratic', timeZone: -11 }); // 0.40
      await expect(requestMentor(ctx.db, { menteeId: stranger.id, mentorId: mentor.id, now: new Date() })).rejects.toEqual(gameError('REQUIREMENTS_NOT_MET'));
      const mentee = await menteePlayer(ctx.db);
      const { pairingId, score } = await requestMentor(ctx.db, { menteeId: mentee.id, mentorId: mentor.id, now: new Date() });
      expect(score).toBe(1);
      await expect(requestMentor(ctx.db, { menteeId: mentee.id, mentorId: mentor.id, now: new Date() })).rejects.toEqual(gameError('ALREADY_MENTORED'));
      // Nobody acts for another: the mentee cannot accept their own request, a third player neither.
      const third = await newPlayer(ctx.db);
      await expect(acceptMentee(ctx.db, { pairingId, mentorId: mentee.id, now: new Date() })).rejects.toEqual(gameError('FORBIDDEN'));
      await expect(acceptMentee(ctx.db, { pairingId, mentorId: third.id, now: new Date() })).rejects.toEqual(gameError('FORBIDDEN'));
      await expect(endMentorship(ctx.db, { pairingId, playerId: third.id, now: new Date() })).rejects.toEqual(gameError('FORBIDDEN'));
      await declineMentee(ctx.db, { pairingId, mentorId: mentor.id, now: new Date() });
      expect(await status(ctx.db, pairingId)).toBe('declined');
      await expect(acceptMentee(ctx.db, { pairingId, mentorId: mentor.id, now: new Date() })).rejects.toEqual(gameError('PAIRING_NOT_ACTIVE'));
      expect((await requestMentor(ctx.db, { menteeId: mentee.id, mentorId: mentor.id, now: new Date() })).score).toBe(1);
    });

    it('a mentor has at most 3 mentees: 6 concurrent accepts leave exactly 3 active, the others MENTOR_FULL', async () => {
      const mentor = await mentorPlayer(ctx.db);
      const pairings: string[] = [];
      for (let i = 0; i < 6; i++) {
        const e = await menteePlayer(ctx.db);
        pairings.push((await requestMentor(ctx.db, { menteeId: e.id, mentorId: mentor.id, now: new Date() })).pairingId);
      }
      const results = await Promise.allSettled(pairings.map((pairingId) => acceptMentee(ctx.db, { pairingId, mentorId: mentor.id, now: new Date() })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
      for (const r of results.filter((x) => x.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toEqual(gameError('MENTOR_FULL'));
      const [n] = await rowsOf<{ n: unknown }>(ctx.db, sql`SELECT count(*) AS n FROM mentorships WHERE mentor_id = ${mentor.id}::uuid AND status = 'active'`);
      expect(Number(n!.n)).toBe(3);
      // A full mentor is no longer offered, and a new request is refused at once.
      const late = await menteePlayer(ctx.db);
      expect((await mentorOffers(ctx.db, late.id)).some((o) => o.mentorId === mentor.id)).toBe(false);
      await expect(requestMentor(ctx.db, { menteeId: late.id, mentorId: mentor.id, now: new Date() })).rejects.toEqual(gameError('MENTOR_FULL'));
    });
  });

  describe('lessons, growth, graduation, ratings', () => {
    it('a lesson is an assigned challenge the mentee solves: +20 % XP while mentored, the mentor earns a contribution and 200 maintenance points once a week', async () => {
      const mentor = await mentorPlayer(ctx.db);
      const mentee = await menteePlayer(ctx.db);
      const pairingId = await activePairing(ctx.db, mentor.id, mentee.id);
      const c1 = await challenge(ctx.db, 1);
      await expect(assignLesson(ctx.db, { pairingId, mentorId: mentee.id, challengeId: c1.id, now: new Date() })).rejects.toEqual(gameError('FORBIDDEN'));
      await assignLesson(ctx.db, { pairingId, mentorId: mentor.id, challengeId: c1.id, now: new Date() });
      await expect(assignLesson(ctx.db, { pairingId, mentorId: mentor.id, challengeId: c1.id, now: new Date() })).rejects.toEqual(gameError('ALREADY_DONE'));
      const before = await xpOf(ctx.db, mentee.id);
      const r = await solve(ctx.db, c1.id, mentee.id, 1);
      // 100 points → 100 XP, +20 % = 120; first_blood's 100 XP (same transaction) is raised too: 120.
      expect(await xpOf(ctx.db, mentee.id) - before).toBe(menteeXp(r.reward.xp) + menteeXp(100));
      expect(await xpOf(ctx.db, mentee.id) - before).toBe(240);
      const [view] = (await playerMentorships(ctx.db, mentee.id, HOUR)).filter((p) => p.id === pairingId);
      expect(view!.lessonsCompleted).toBe(1);
      expect(view!.lessons[0]!.completedAt).not.toBeNull();
      expect((await getPlayer(ctx.db, mentor.id))!.contributions).toBe(1);
      expect(await maintenancePoints(ctx.db, mentor.id)).toBe(200);
      // A second lesson the same week: another contribution, no more maintenance points.
      const c2 = await challenge(ctx.db, 2);
      await assignLesson(ctx.db, { pairingId, mentorId: mentor.id, challengeId: c2.id, now: new Date() });
      await solve(ctx.db, c2.id, mentee.id, 2);
      expect((await getPlayer(ctx.db, mentor.id))!.contributions).toBe(2);
      expect(await maintenancePoints(ctx.db, mentor.id)).toBe(200);
      // A challenge already solved cannot be a lesson.
      await expect(assignLesson(ctx.db, { pairingId, mentorId: mentor.id, challengeId: c2.id, now: new Date() })).rejects.toEqual(gameError('ALREADY_DONE'));
      // Ended: the XP bonus stops.
      await endMentorship(ctx.db, { pairingId, playerId: mentee.id, now: new Date() });
      const c3 = await challenge(ctx.db, 3);
      const x = await xpOf(ctx.db, mentee.id);
      await solve(ctx.db, c3.id, mentee.id, 3);
      expect(await xpOf(ctx.db, mentee.id) - x).toBe(100);
    });

    it('co-op challenges: both solve one challenge within one game hour', async () => {
      const mentor = await mentorPlayer(ctx.db);
      const mentee = await menteePlayer(ctx.db);
      const pairingId = await activePairing(ctx.db, mentor.id, mentee.id);
      const [near, far] = [await challenge(ctx.db, 10), await challenge(ctx.db, 11)];
      for (const [c, i] of [[near, 10], [far, 11]] as const) {
        await solve(ctx.db, c.id, mentor.id, i);
        await solve(ctx.db, c.id, mentee.id, i);
      }
      // The far pair: the mentee solved 2 hours after the mentor.
      await ctx.db.execute(sql`UPDATE challenge_solves SET solved_at = solved_at + interval '2 hours' WHERE challenge_id = ${far.id}::uuid AND player_id = ${mentee.id}::uuid`);
      const [view] = (await playerMentorships(ctx.db, mentor.id, HOUR)).filter((p) => p.id === pairingId);
      expect(view!.coopChallenges).toBe(1);
      // With a game hour of 3 hours (a slower clock) both count.
      const [slow] = (await playerMentorships(ctx.db, mentor.id, 3 * HOUR)).filter((p) => p.id === pairingId);
      expect(slow!.coopChallenges).toBe(2);
    });

    it('graduation after ≥ 5 lessons with a skill +500: teachingHonor 100 × skills; the mentee rates once (50 × rating influence_points)', async () => {
      const mentor = await mentorPlayer(ctx.db);
      const mentee = await menteePlayer(ctx.db);
      const pairingId = await activePairing(ctx.db, mentor.id, mentee.id);
      for (let i = 20; i < 24; i++) {
        const c = await challenge(ctx.db, i);
        await assignLesson(ctx.db, { pairingId, mentorId: mentor.id, challengeId: c.id, now: new Date() });
        await solve(ctx.db, c.id, mentee.id, i);
      }
      const grad = { pairingId, mentorId: mentor.id, now: new Date(), hourMs: HOUR };
      await expect(graduateMentee(ctx.db, grad)).rejects.toEqual(gameError('REQUIREMENTS_NOT_MET')); // 4 lessons
      const c5 = await challenge(ctx.db, 24);
      await assignLesson(ctx.db, { pairingId, mentorId: mentor.id, challengeId: c5.id, now: new Date() });
      await solve(ctx.db, c5.id, mentee.id, 24);
      // 5 lessons of 100 points: technicalMastery +50 — no skill improved yet.
      await expect(graduateMentee(ctx.db, grad)).rejects.toEqual(gameError('REQUIREMENTS_NOT_MET'));
      await expect(rateMentorship(ctx.db, { pairingId, raterId: mentee.id, rating: 5, now: new Date() })).rejects.toEqual(gameError('REQUIREMENTS_NOT_MET'));
      // +500 truthScore and +450 more technicalMastery (500 in all): two skills improved.
      await ctx.db.execute(sql`UPDATE players SET truth_score = truth_score + 500, technical_mastery = technical_mastery + 450 WHERE id = ${mentee.id}::uuid`);
      await expect(graduateMentee(ctx.db, { ...grad, mentorId: mentee.id })).rejects.toEqual(gameError('FORBIDDEN'));
      const honor = (await getPlayer(ctx.db, mentor.id))!.teachingHonor;
      const g = await graduateMentee(ctx.db, grad);
      expect(g).toMatchObject({ lessonsCompleted: 5, skillsImproved: 2, reward: { teachingHonor: 200, graduations: 1, repeated: false } });
      expect(g.growth).toEqual({ technicalMastery: 500, truthScore: 500, impactRating: 0, teachingHonor: 0, artisticVision: 0 });
      expect((await getPlayer(ctx.db, mentor.id))!.teachingHonor).toBe(honor + 200);
      await expect(graduateMentee(ctx.db, grad)).rejects.toEqual(gameError('PAIRING_NOT_ACTIVE'));
      // Graduated: no more XP bonus.
      const [mentored] = await rowsOf<{ mentored: boolean }>(ctx.db, sql`SELECT mentored FROM players WHERE id = ${mentee.id}::uuid`);
      expect(mentored!.mentored).toBe(false);

      // Ratings: an outsider no, the mentee once (5 concurrent: one pays), the mentor of the mentee once (no pay).
      const third = await newPlayer(ctx.db);
      await expect(rateMentorship(ctx.db, { pairingId, raterId: third.id, rating: 5, now: new Date() })).rejects.toEqual(gameError('FORBIDDEN'));
      await expect(rateMentorship(ctx.db, { pairingId, raterId: mentee.id, rating: 6, now: new Date() })).rejects.toEqual(gameError('BAD_REQUEST'));
      const rates = await Promise.allSettled(Array.from({ length: 5 }, () => rateMentorship(ctx.db, { pairingId, raterId: mentee.id, rating: 4, now: new Date() })));
      expect(rates.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<unknown>).value)).toEqual([{ rated: 'mentor', rating: 4, influencePoints: 200 }]);
      for (const r of rates.filter((x) => x.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toEqual(gameError('ALREADY_RATED'));
      expect(await balanceOf(ctx.db, { kind: 'player', id: mentor.id }, 'influence_points')).toBe(200n);
      expect(await rateMentorship(ctx.db, { pairingId, raterId: mentor.id, rating: 5, now: new Date() })).toEqual({ rated: 'mentee', rating: 5, influencePoints: 0 });
      await expect(rateMentorship(ctx.db, { pairingId, raterId: mentor.id, rating: 5, now: new Date() })).rejects.toEqual(gameError('ALREADY_RATED'));
      const [view] = (await playerMentorships(ctx.db, mentee.id, HOUR)).filter((p) => p.id === pairingId);
      expect(view).toMatchObject({ status: 'graduated', lessonsCompleted: 5, skillsImproved: 2, mentorRating: 4, menteeRating: 5 });
      for (const line of await ledgerInvariant(ctx.db)) expect(line.holds).toBe(true);
    });

    it('mentor_master at the 10th graduation, the Master Teacher title at the 11th', async () => {
      const mentor = await mentorPlayer(ctx.db);
      for (let i = 0; i < 11; i++) {
        const mentee = await menteePlayer(ctx.db);
        const pairingId = await activePairing(ctx.db, mentor.id, mentee.id);
        // Five lessons and a skill improved, written straight (the lesson path is tested above).
        await ctx.db.execute(sql`UPDATE mentorships SET lessons_completed = 5 WHERE id = ${pairingId}::uuid`);
        await ctx.db.execute(sql`UPDATE players SET impact_rating = impact_rating + 500 WHERE id = ${mentee.id}::uuid`);
        await graduateMentee(ctx.db, { pairingId, mentorId: mentor.id, now: new Date(), hourMs: HOUR });
        const earned = (await playerAchievements(ctx.db, mentor.id)).map((a) => a.achievementId);
        expect(earned.includes('mentor_master')).toBe(i >= 9);
        expect((await getPlayer(ctx.db, mentor.id))!.titles.includes('Master Teacher')).toBe(i >= 10);
      }
      expect((await getPlayer(ctx.db, mentor.id))!.teachingHonor).toBe(11 * 100);
    });
  });

  describe('decay maintenance (GAME §1.2)', () => {
    it('maintenance points absorb the daily decay first, and only what lies above the floor', async () => {
      const now = new Date('2026-04-10T12:00:00Z');
      const recent = { createdAt: new Date('2026-01-01T00:00:00Z'), lastContributionAt: new Date('2026-04-09T12:00:00Z'), lastMajorActionAt: new Date('2026-04-09T12:00:00Z') };
      // Influence 1000, no login on the run day: decay 10.
      const held = await newPlayer(ctx.db, { ...recent, lastLoginDay: '2026-04-09', technicalMastery: 1000, truthScore: 1000, impactRating: 1000, teachingHonor: 1000, artisticVision: 1000 });
      const some = await newPlayer(ctx.db, { ...recent, lastLoginDay: '2026-04-09', technicalMastery: 1000, truthScore: 1000, impactRating: 1000, teachingHonor: 1000, artisticVision: 1000 });
      // Influence 104 on the verified floor 100: only 4 could be lost.
      const floored = await newPlayer(ctx.db, { ...recent, lastLoginDay: '2026-04-09', verified: true, technicalMastery: 104, truthScore: 104, impactRating: 104, teachingHonor: 104, artisticVision: 104 });
      await ctx.db.execute(sql`INSERT INTO decay_maintenance (player_id, points) VALUES (${held.id}::uuid, 200), (${some.id}::uuid, 4), (${floored.id}::uuid, 200)`);
      await applyReputationDecay(ctx.db, now);
      expect(await maintenancePoints(ctx.db, held.id)).toBe(190);
      expect((await getPlayer(ctx.db, held.id))!.technicalMastery).toBe(1000);
      // 4 absorbed, 6 decayed: every dimension × 994/1000, rounded up.
      expect(await maintenancePoints(ctx.db, some.id)).toBe(0);
      expect((await getPlayer(ctx.db, some.id))!.technicalMastery).toBe(994);
      expect(await maintenancePoints(ctx.db, floored.id)).toBe(196);
      expect((await getPlayer(ctx.db, floored.id))!.technicalMastery).toBe(104);
    });
  });
}
