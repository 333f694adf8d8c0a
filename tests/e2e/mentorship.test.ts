/**
 * Mentorship end to end (GAME §8.3) through the public HTTP API of a real server on Postgres:
 * a mentor registers at influence 1000, a mentee asks and is offered them first, requests, is
 * accepted (each side notified); nobody acts for the other side; a fourth mentee finds the mentor
 * full; five lessons (challenges the mentor assigns, the mentee solves with +20 % XP) and a skill
 * +500 graduate the mentee; the mentor earns teachingHonor, then 50 × rating influence_points once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPlayer, ledgerInvariant, type Db } from '@datavism/db';
import { menteeXp } from '@datavism/rules';
import { startGame, type RunningGame } from '../utils/game';
import { api, registerPlayer } from '../utils/http';

let run: RunningGame;
let db: Db;

const rows = async <T>(query: string) => ((await db.execute(query)) as unknown as { rows: T[] }).rows;
const setReputation = (id: string, fields: Record<string, number>) =>
  db.execute(`UPDATE players SET ${Object.entries(fields).map(([k, v]) => `${k} = ${v}`).join(', ')} WHERE id = '${id}'`);
const xpOf = async (id: string) => Number((await getPlayer(db, id))!.xp);
const mentorshipNotices = async (id: string) => Number((await rows<{ n: unknown }>(`SELECT count(*) AS n
  FROM notification_recipients r JOIN notifications x ON x.id = r.notification_id
  WHERE r.player_id = '${id}' AND x.kind = 'mentorship_update'`))[0]!.n);

const ASK = { timeZone: 2, languages: ['en', 'de'], style: 'hands_on' };

beforeAll(async () => {
  run = await startGame({ db: 'postgres' });
  db = run.game.services.database.db;
});
afterAll(async () => {
  await run?.close();
});

describe('mentorship end to end', () => {
  it('register, ask, offers, request, accept, capacity, lessons, graduation, rating', async () => {
    const [mentor, mentee, outsider, creator] = [await registerPlayer(run.url), await registerPlayer(run.url), await registerPlayer(run.url), await registerPlayer(run.url)];
    const url = (path: string) => `/api/mentorship${path}`;

    // Influence 1000 to mentor: a newcomer is refused, a mentor of influence 1150 registers.
    const refused = await api(run.url, 'PUT', url('/mentor'), ASK, mentee.token);
    expect(refused).toMatchObject({ status: 422, body: { code: 'REQUIREMENTS_NOT_MET' } });
    expect((await api(run.url, 'PUT', url('/mentor'), { ...ASK, style: 'lecturing' }, mentee.token)).status).toBe(400);
    await setReputation(mentor.player.id, { technical_mastery: 2000, truth_score: 2000, impact_rating: 500 });
    const registered = await api(run.url, 'PUT', url('/mentor'), { ...ASK, languages: ['de'] }, mentor.token);
    expect(registered).toMatchObject({ status: 200, body: { timeZone: 2, languages: ['de'], style: 'hands_on' } });

    // The mentee asks; the mentor is offered with compatibility 1 (fit, time zone, language, style).
    const asked = await api(run.url, 'PUT', url('/ask'), ASK, mentee.token);
    expect(asked.status).toBe(200);
    expect(asked.body.offers.find((o: any) => o.mentorId === mentor.player.id)).toMatchObject({ score: 1, parts: { skillGap: 1, timeZone: 1, language: 1, style: 1 } });
    expect(asked.body.offers[0].score).toBe(1);

    const request = await api(run.url, 'POST', url('/requests'), { mentorId: mentor.player.id }, mentee.token);
    expect(request).toMatchObject({ status: 201, body: { status: 'requested', role: 'mentee', compatibility: 1 } });
    const pairingId = request.body.id as string;
    expect(await mentorshipNotices(mentor.player.id)).toBe(1);
    expect((await api(run.url, 'POST', url('/requests'), { mentorId: mentor.player.id }, mentee.token)).body.code).toBe('ALREADY_MENTORED');

    // Nobody acts for another: the mentee and an outsider cannot accept; the outsider cannot end it.
    for (const who of [mentee, outsider]) {
      expect(await api(run.url, 'POST', url(`/pairings/${pairingId}/accept`), {}, who.token)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    }
    expect((await api(run.url, 'POST', url(`/pairings/${pairingId}/end`), {}, outsider.token)).status).toBe(403);
    const accepted = await api(run.url, 'POST', url(`/pairings/${pairingId}/accept`), {}, mentor.token);
    expect(accepted).toMatchObject({ status: 200, body: { status: 'active', role: 'mentor' } });
    expect(await mentorshipNotices(mentee.player.id)).toBe(1);

    // Over capacity: two more mentees fit (3 in all), the fourth is refused with 409 MENTOR_FULL.
    const others = [await registerPlayer(run.url), await registerPlayer(run.url), await registerPlayer(run.url)];
    const requests: string[] = [];
    for (const o of others) {
      await api(run.url, 'PUT', url('/ask'), ASK, o.token);
      const r = await api(run.url, 'POST', url('/requests'), { mentorId: mentor.player.id }, o.token);
      expect(r.status).toBe(201);
      requests.push(r.body.id);
    }
    expect((await api(run.url, 'POST', url(`/pairings/${requests[0]}/accept`), {}, mentor.token)).status).toBe(200);
    expect((await api(run.url, 'POST', url(`/pairings/${requests[1]}/accept`), {}, mentor.token)).status).toBe(200);
    expect(await api(run.url, 'POST', url(`/pairings/${requests[2]}/accept`), {}, mentor.token)).toMatchObject({ status: 409, body: { code: 'MENTOR_FULL' } });

    // Lessons: five challenges by a third player, assigned by the mentor (not by the mentee).
    await setReputation(creator.player.id, { impact_rating: 1000 });
    const endsAt = new Date(Date.now() + 3_600_000).toISOString();
    const challenges: string[] = [];
    for (let i = 0; i < 5; i++) {
      const c = await api(run.url, 'POST', '/api/challenges', { title: `Lesson ${i}`, description: 'd', answer: `key${i}`, rewardPoints: 50, endsAt }, creator.token);
      expect(c.status).toBe(201);
      challenges.push(c.body.challenge.id);
    }
    expect((await api(run.url, 'POST', url(`/pairings/${pairingId}/lessons`), { challengeId: challenges[0] }, mentee.token)).status).toBe(403);
    expect((await api(run.url, 'POST', url(`/pairings/${pairingId}/lessons`), { challengeId: 'nope' }, mentor.token)).status).toBe(400);
    for (const [i, id] of challenges.entries()) {
      expect((await api(run.url, 'POST', url(`/pairings/${pairingId}/lessons`), { challengeId: id }, mentor.token)).status).toBe(201);
      const xp0 = await xpOf(mentee.player.id);
      const solved = await api(run.url, 'POST', `/api/challenges/${id}/solve`, { answer: `key${i}` }, mentee.token);
      expect(solved.status).toBe(200);
      // +20 % on the solve's XP (and on first_blood's 100 XP at the first solve).
      const expected = menteeXp(solved.body.xp) + (solved.body.firstChallenge ? menteeXp(100) : 0);
      expect(await xpOf(mentee.player.id) - xp0).toBe(expected);
      if (i === 3) {
        // Four lessons: too early to graduate.
        expect(await api(run.url, 'POST', url(`/pairings/${pairingId}/graduate`), {}, mentor.token)).toMatchObject({ status: 422, body: { code: 'REQUIREMENTS_NOT_MET' } });
      }
    }
    // Five lessons, but no dimension +500 yet; then truthScore +500 (say, verified intel).
    expect((await api(run.url, 'POST', url(`/pairings/${pairingId}/graduate`), {}, mentor.token)).status).toBe(422);
    expect((await api(run.url, 'POST', url(`/pairings/${pairingId}/rating`), { rating: 5 }, mentee.token)).status).toBe(422);
    await db.execute(`UPDATE players SET truth_score = truth_score + 500 WHERE id = '${mentee.player.id}'`);
    expect((await api(run.url, 'POST', url(`/pairings/${pairingId}/graduate`), {}, mentee.token)).status).toBe(403);
    const honor0 = (await getPlayer(db, mentor.player.id))!.teachingHonor;
    const graduated = await api(run.url, 'POST', url(`/pairings/${pairingId}/graduate`), {}, mentor.token);
    expect(graduated).toMatchObject({ status: 200, body: { lessonsCompleted: 5, skillsImproved: 1, teachingHonor: 100, graduations: 1 } });
    expect((await getPlayer(db, mentor.player.id))!.teachingHonor).toBe(honor0 + 100);
    expect(await api(run.url, 'POST', url(`/pairings/${pairingId}/graduate`), {}, mentor.token)).toMatchObject({ status: 409, body: { code: 'PAIRING_NOT_ACTIVE' } });

    // Ratings: 1–5, once each way; only the mentee's pays the mentor 50 × rating influence_points.
    expect((await api(run.url, 'POST', url(`/pairings/${pairingId}/rating`), { rating: 9 }, mentee.token)).status).toBe(400);
    expect((await api(run.url, 'POST', url(`/pairings/${pairingId}/rating`), { rating: 5 }, outsider.token)).status).toBe(403);
    expect(await api(run.url, 'POST', url(`/pairings/${pairingId}/rating`), { rating: 5 }, mentee.token)).toMatchObject({ status: 200, body: { rated: 'mentor', influencePoints: 250 } });
    expect(await api(run.url, 'POST', url(`/pairings/${pairingId}/rating`), { rating: 1 }, mentee.token)).toMatchObject({ status: 409, body: { code: 'ALREADY_RATED' } });
    expect(await api(run.url, 'POST', url(`/pairings/${pairingId}/rating`), { rating: 4 }, mentor.token)).toMatchObject({ status: 200, body: { rated: 'mentee', influencePoints: 0 } });
    const profile = await api(run.url, 'GET', '/api/profile', undefined, mentor.token);
    expect(profile.body.balances.influence_points).toBe('250');

    // Both sides see the pairing; the mentor holds this week's 200 maintenance points.
    const mine = await api(run.url, 'GET', url(''), undefined, mentor.token);
    expect(mine.body.pairings.find((p: any) => p.id === pairingId)).toMatchObject({
      status: 'graduated', role: 'mentor', lessonsCompleted: 5, skillsImproved: 1, mentorRating: 5, menteeRating: 4,
    });
    expect(mine.body.maintenancePoints).toBe(200);
    const theirs = await api(run.url, 'GET', url(''), undefined, mentee.token);
    expect(theirs.body.pairings[0]).toMatchObject({ id: pairingId, role: 'mentee', lessons: expect.any(Array) });
    expect(theirs.body.pairings[0].lessons).toHaveLength(5);
    for (const line of await ledgerInvariant(db)) expect(line.holds).toBe(true);
  });
});
