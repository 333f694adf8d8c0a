import { Router } from 'express';
import {
  acceptMentee, askForMentor, assignLesson, declineMentee, endMentorship, getPlayer, graduateMentee, maintenancePoints,
  mentorMaxMentees, mentorOffers, mentoringPreferences, playerMentorships, rateMentorship, registerMentor, requestMentor,
  type PairingView,
} from '@datavism/db';
import {
  GRADUATION_MIN_LESSONS, GRADUATION_MIN_SKILLS_IMPROVED, GameError, MENTOR_MIN_INFLUENCE, SKILL_IMPROVED_POINTS, influence,
} from '@datavism/rules';
import {
  AssignLessonBody, MentorRequestBody, MentoringPreferencesBody, RateMentorshipBody,
  type GraduationDto, type MentorshipOverviewDto, type PairingDto, type RatingDto,
} from '@datavism/shared-schema';
import type { Services } from '../context';
import { parseBody } from '../http/errors';
import { requirePlayer } from '../http/guards';
import { notifier } from '../notifications/index';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A pairing for the player `me` (their role in it). */
export function toPairingDto(p: PairingView, me: string): PairingDto {
  return {
    id: p.id, role: p.mentor.id === me ? 'mentor' : 'mentee', status: p.status as PairingDto['status'],
    mentor: p.mentor, mentee: p.mentee, compatibility: p.compatibility,
    requestedAt: p.requestedAt.toISOString(), startedAt: iso(p.startedAt), endedAt: iso(p.endedAt),
    lessonsCompleted: p.lessonsCompleted,
    lessons: p.lessons.map((l) => ({ challengeId: l.challengeId, title: l.title, assignedAt: l.assignedAt.toISOString(), completedAt: iso(l.completedAt) })),
    coopChallenges: p.coopChallenges, growth: p.growth, skillsImproved: p.skillsImproved,
    mentorRating: p.mentorRating, menteeRating: p.menteeRating,
  };
}

/**
 * Mentorship HTTP API (GAME §8.3). Every route acts for the player of the token only: the pairing
 * routes refuse anyone who is not the side they name (FORBIDDEN, 403).
 *
 * | route | answer |
 * |---|---|
 * | `GET /api/mentorship` | my profile as mentor, my ask, my offers, my pairings, maintenance points |
 * | `PUT /api/mentorship/mentor` | register / update as mentor: 422 REQUIREMENTS_NOT_MET below influence 1000 |
 * | `PUT /api/mentorship/ask` | what I ask for; answers my offers (≥ 0.7, best first) |
 * | `POST /api/mentorship/requests` | `{mentorId}` → 201; 409 MENTOR_FULL, ALREADY_MENTORED; 422 below 0.7 or without an ask |
 * | `POST /api/mentorship/pairings/:id/accept` | mentor: 409 MENTOR_FULL (cap `mentor_max_mentees`), PAIRING_NOT_ACTIVE |
 * | `POST /api/mentorship/pairings/:id/decline` | mentor |
 * | `POST /api/mentorship/pairings/:id/end` | either side |
 * | `POST /api/mentorship/pairings/:id/lessons` | mentor: `{challengeId}` → 201 |
 * | `POST /api/mentorship/pairings/:id/graduate` | mentor: 422 before 5 lessons and a skill +500 |
 * | `POST /api/mentorship/pairings/:id/rating` | either side, once, after graduation: `{rating}`; 409 ALREADY_RATED |
 */
export function mentorshipRoutes(s: Services): Router {
  const router = Router();
  const auth = requirePlayer(s);
  const db = () => s.database.db;
  const me = (res: { locals: Record<string, any> }) => res.locals.player.id as string;
  const pairingId = (req: { params: Record<string, unknown> }) => String(req.params.id);

  async function pairingFor(playerId: string, id: string): Promise<PairingDto | null> {
    const p = (await playerMentorships(db(), playerId, s.config.durations.hourMs)).find((x) => x.id === id);
    return p ? toPairingDto(p, playerId) : null;
  }

  router.get('/api/mentorship', auth, async (_req, res) => {
    const id = me(res);
    const player = await getPlayer(db(), id);
    if (!player) throw new GameError('UNAUTHORIZED', 'unknown player');
    const [prefs, pairings, points, maxMentees] = await Promise.all([
      mentoringPreferences(db(), id), playerMentorships(db(), id, s.config.durations.hourMs), maintenancePoints(db(), id), mentorMaxMentees(db()),
    ]);
    const openAsMentee = pairings.some((p) => p.mentee.id === id && (p.status === 'requested' || p.status === 'active'));
    const body: MentorshipOverviewDto = {
      influence: influence(player, { firstBlood: player.firstBlood, massAwakening: player.massAwakening, squadLeader: player.isSquadLeader }),
      mentorMinInfluence: MENTOR_MIN_INFLUENCE, maxMentees,
      graduation: { lessons: GRADUATION_MIN_LESSONS, skillsImproved: GRADUATION_MIN_SKILLS_IMPROVED, skillPoints: SKILL_IMPROVED_POINTS },
      mentorProfile: prefs.mentor ? { timeZone: prefs.mentor.timeZone, languages: [...prefs.mentor.languages], style: prefs.mentor.style } : null,
      ask: prefs.ask ? { timeZone: prefs.ask.timeZone, languages: [...prefs.ask.languages], style: prefs.ask.style } : null,
      offers: openAsMentee ? [] : await mentorOffers(db(), id),
      pairings: pairings.map((p) => toPairingDto(p, id)),
      maintenancePoints: points,
    };
    res.json(body);
  });

  router.put('/api/mentorship/mentor', auth, async (req, res) => {
    const body = parseBody(MentoringPreferencesBody, req.body);
    const profile = await registerMentor(db(), { playerId: me(res), preferences: body, now: new Date() });
    res.json({ timeZone: profile.timeZone, languages: [...profile.languages], style: profile.style });
  });

  router.put('/api/mentorship/ask', auth, async (req, res) => {
    const body = parseBody(MentoringPreferencesBody, req.body);
    const ask = await askForMentor(db(), { playerId: me(res), preferences: body, now: new Date() });
    res.json({ ask, offers: await mentorOffers(db(), me(res)) });
  });

  router.post('/api/mentorship/requests', auth, async (req, res) => {
    const body = parseBody(MentorRequestBody, req.body);
    const r = await requestMentor(db(), { menteeId: me(res), mentorId: body.mentorId, now: new Date() });
    await notifier(s).notify({
      kind: 'mentorship_update', audience: { kind: 'players', playerIds: [body.mentorId] }, affects: { player: true, topic: 'mentorship' },
      title: 'A mentee asks for you', body: `${res.locals.player.name} asks you to mentor them (compatibility ${Math.round(r.score * 100)} %).`,
      link: '/mentorship', dedupeKey: `mentorship:${r.pairingId}:requested`,
    });
    res.status(201).json(await pairingFor(me(res), r.pairingId));
  });

  router.post('/api/mentorship/pairings/:id/accept', auth, async (req, res) => {
    const row = await acceptMentee(db(), { pairingId: pairingId(req), mentorId: me(res), now: new Date() });
    await notifier(s).notify({
      kind: 'mentorship_update', audience: { kind: 'players', playerIds: [row.mentee_id] }, affects: { player: true, topic: 'mentorship' },
      title: 'You have a mentor', body: `${res.locals.player.name} accepted to mentor you: +20 % XP while mentored.`,
      link: '/mentorship', dedupeKey: `mentorship:${row.id}:matched`,
    });
    res.json(await pairingFor(me(res), row.id));
  });

  router.post('/api/mentorship/pairings/:id/decline', auth, async (req, res) => {
    await declineMentee(db(), { pairingId: pairingId(req), mentorId: me(res), now: new Date() });
    res.json(await pairingFor(me(res), pairingId(req)));
  });

  router.post('/api/mentorship/pairings/:id/end', auth, async (req, res) => {
    await endMentorship(db(), { pairingId: pairingId(req), playerId: me(res), now: new Date() });
    res.json(await pairingFor(me(res), pairingId(req)));
  });

  router.post('/api/mentorship/pairings/:id/lessons', auth, async (req, res) => {
    const body = parseBody(AssignLessonBody, req.body);
    await assignLesson(db(), { pairingId: pairingId(req), mentorId: me(res), challengeId: body.challengeId, now: new Date() });
    const pairing = await pairingFor(me(res), pairingId(req));
    if (pairing) {
      await notifier(s).notify({
        kind: 'mentorship_update', audience: { kind: 'players', playerIds: [pairing.mentee.id] }, affects: { player: true, topic: 'mentorship' },
        title: 'A new lesson', body: `${res.locals.player.name} assigned you a challenge: solve it to complete the lesson.`,
        link: '/mentorship', dedupeKey: `mentorship:${pairing.id}:lesson:${body.challengeId}`,
      });
    }
    res.status(201).json(pairing);
  });

  router.post('/api/mentorship/pairings/:id/graduate', auth, async (req, res) => {
    const g = await graduateMentee(db(), { pairingId: pairingId(req), mentorId: me(res), now: new Date(), hourMs: s.config.durations.hourMs });
    const pairing = await pairingFor(me(res), g.pairingId);
    if (pairing) {
      await notifier(s).notify({
        kind: 'mentorship_update', audience: { kind: 'players', playerIds: [pairing.mentee.id] }, affects: { player: true, topic: 'mentorship' },
        title: 'You graduated', body: `${res.locals.player.name} graduated you after ${g.lessonsCompleted} lessons. Rate your mentor 1–5.`,
        link: '/mentorship', dedupeKey: `mentorship:${g.pairingId}:graduated`,
      });
    }
    const body: GraduationDto = {
      pairingId: g.pairingId, lessonsCompleted: g.lessonsCompleted, coopChallenges: g.coopChallenges, skillsImproved: g.skillsImproved,
      growth: g.growth, teachingHonor: g.reward.teachingHonor, graduations: g.reward.graduations,
    };
    res.json(body);
  });

  router.post('/api/mentorship/pairings/:id/rating', auth, async (req, res) => {
    const body = parseBody(RateMentorshipBody, req.body);
    const r = await rateMentorship(db(), { pairingId: pairingId(req), raterId: me(res), rating: body.rating, now: new Date() });
    const answer: RatingDto = { rated: r.rated, rating: r.rating, influencePoints: r.influencePoints };
    res.json(answer);
  });

  return router;
}
