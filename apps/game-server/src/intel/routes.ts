import { Router } from 'express';
import { createCustomChallenge, getChallenge, listIntelClaims, listOpenChallenges } from '@datavism/db';
import { GameError, INTEL_CATEGORIES } from '@datavism/rules';
import { ConfirmIntelBody, CreateChallengeBody, SolveChallengeBody, SubmitIntelBody, type SolveChallengeResponse } from '@datavism/shared-schema';
import type { Services } from '../context';
import { parseBody } from '../http/errors';
import { requirePlayer } from '../http/guards';
import { challengeDto, claimViewDto, confirmIntelClaim, hint, solve, submitIntelFragment, todaysChallenge } from './service';

const CATEGORY_RE = /^[a-z0-9_]{2,32}$/;

/** Intel board and challenge HTTP API (GAME §6.3, §6.4). */
export function intelRoutes(s: Services): Router {
  const router = Router();
  const auth = requirePlayer(s);
  const db = () => s.database.db;

  router.get('/api/intel', auth, async (req, res) => {
    const category = typeof req.query.category === 'string' && req.query.category !== '' ? req.query.category : undefined;
    if (category !== undefined && !CATEGORY_RE.test(category)) throw new GameError('BAD_REQUEST', 'bad category');
    const verified = req.query.verified === '1';
    const claims = await listIntelClaims(db(), { viewerId: res.locals.player.id, category, verified });
    res.json({ categories: INTEL_CATEGORIES, claims: claims.map(claimViewDto) });
  });

  router.post('/api/intel', auth, async (req, res) => {
    const body = parseBody(SubmitIntelBody, req.body);
    const result = await submitIntelFragment(s, res.locals.player, body);
    res.status(result.created ? 201 : 200).json(result);
  });

  router.post('/api/intel/:id/confirm', auth, async (req, res) => {
    const body = parseBody(ConfirmIntelBody, req.body);
    res.json(await confirmIntelClaim(s, res.locals.player, String(req.params.id), body.evidence, new Date(), body.operationId));
  });

  router.get('/api/challenges', auth, async (_req, res) => {
    const open = await listOpenChallenges(db(), new Date(), res.locals.player.id);
    res.json({ challenges: open.map((c) => challengeDto(c, c.solvedByViewer, c.solves)) });
  });

  router.get('/api/challenges/today', auth, async (_req, res) => {
    const c = await todaysChallenge(s, res.locals.player.id);
    const open = await listOpenChallenges(db(), new Date(), res.locals.player.id);
    const mine = open.find((o) => o.id === c.id);
    res.json({ challenge: challengeDto(c, mine?.solvedByViewer ?? false, mine?.solves ?? 0) });
  });

  router.get('/api/challenges/:id', auth, async (req, res) => {
    const c = await getChallenge(db(), String(req.params.id));
    if (!c) throw new GameError('NOT_FOUND', 'no such challenge');
    const open = await listOpenChallenges(db(), new Date(), res.locals.player.id);
    const mine = open.find((o) => o.id === c.id);
    res.json({ challenge: challengeDto(c, mine?.solvedByViewer ?? false, mine?.solves ?? 0) });
  });

  router.post('/api/challenges', auth, async (req, res) => {
    const body = parseBody(CreateChallengeBody, req.body);
    const now = new Date();
    const c = await createCustomChallenge(db(), {
      creatorId: res.locals.player.id, title: body.title, description: body.description, answer: body.answer,
      rewardPoints: body.rewardPoints, startsAt: body.startsAt ? new Date(body.startsAt) : now, endsAt: new Date(body.endsAt), now,
    });
    res.status(201).json({ challenge: challengeDto(c, false, 0) });
  });

  router.post('/api/challenges/:id/hint', auth, async (req, res) => {
    res.json(await hint(s, res.locals.player.id, String(req.params.id)));
  });

  router.post('/api/challenges/:id/solve', auth, async (req, res) => {
    const body = parseBody(SolveChallengeBody, req.body);
    const r = await solve(s, res.locals.player.id, String(req.params.id), body.answer);
    const out: SolveChallengeResponse = {
      challengeId: r.challengeId, technicalMastery: r.reward.technicalMastery, xp: r.reward.xp, cpuCycles: r.reward.cpuCycles.toString(), firstChallenge: r.firstChallenge,
    };
    res.json(out);
  });

  return router;
}
