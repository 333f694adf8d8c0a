import { Router } from 'express';
import { badgeShares, endorsementStatus, findPlayerByName, getPlayer, playerAchievements, recordEndorsement } from '@datavism/db';
import { ACHIEVEMENTS, ENDORSER_MIN_INFLUENCE, GameError, codex } from '@datavism/rules';
import { EndorseBody, type CodexDto, type EndorsementDto, type EndorsementStatusDto } from '@datavism/shared-schema';
import type { Services } from '../context';
import { parseBody } from '../http/errors';
import { requirePlayer } from '../http/guards';
import { loadProgressionProfile } from './profile';

/**
 * Progression HTTP API (GAME §1, §5): profiles, the codex, endorsements.
 *
 * | route | answer |
 * |---|---|
 * | `GET /api/profile` | my profile (with XP, streak, days active, balances) |
 * | `GET /api/profile/:player` | a player's public profile, by id or name |
 * | `GET /api/achievements` | the codex for me: secret ones `[CLASSIFIED]` until I earn them |
 * | `GET /api/endorsements` | may I endorse today, my cooldowns, given and received |
 * | `POST /api/endorsements` | `{player, dimension}` → +10 (SELF_ENDORSEMENT, REQUIREMENTS_NOT_MET, ENDORSED_TODAY, ENDORSED_RECENTLY) |
 */
export function progressionRoutes(s: Services): Router {
  const router = Router();
  const auth = requirePlayer(s);
  const db = () => s.database.db;

  router.get('/api/profile', auth, async (_req, res) => {
    const profile = await loadProgressionProfile(s, res.locals.player.id, res.locals.player.id);
    if (!profile) throw new GameError('UNAUTHORIZED', 'unknown player');
    res.json(profile);
  });

  router.get('/api/profile/:player', auth, async (req, res) => {
    const key = String(req.params.player);
    if (key.length > 64) throw new GameError('NOT_FOUND', 'no such player');
    const profile = await loadProgressionProfile(s, key, res.locals.player.id);
    if (!profile) throw new GameError('NOT_FOUND', 'no such player');
    res.json(profile);
  });

  router.get('/api/achievements', auth, async (_req, res) => {
    const [earned, shares] = await Promise.all([playerAchievements(db(), res.locals.player.id), badgeShares(db())]);
    const entries = codex(new Map(earned.map((e) => [e.achievementId, e.earnedAt])), shares);
    const body: CodexDto = { achievements: entries, earned: earned.length, total: ACHIEVEMENTS.length };
    res.json(body);
  });

  router.get('/api/endorsements', auth, async (_req, res) => {
    const st = await endorsementStatus(db(), res.locals.player.id, new Date(), s.config.durations.dayMs);
    const line = (l: (typeof st.given)[number]) => ({ ...l, at: l.at.toISOString() });
    const body: EndorsementStatusDto = {
      endorsedToday: st.endorsedToday, minInfluence: ENDORSER_MIN_INFLUENCE,
      cooldowns: st.cooldowns.map((c) => ({ playerId: c.playerId, until: c.until.toISOString() })),
      given: st.given.map(line), received: st.received.map(line), receivedPoints: st.receivedPoints,
    };
    res.json(body);
  });

  router.post('/api/endorsements', auth, async (req, res) => {
    const body = parseBody(EndorseBody, req.body);
    const target = (await getPlayer(db(), body.player)) ?? (await findPlayerByName(db(), body.player));
    if (!target) throw new GameError('NOT_FOUND', 'no such player');
    const r = await recordEndorsement(db(), {
      endorserId: res.locals.player.id, targetId: target.id, dimension: body.dimension, now: new Date(), dayMs: s.config.durations.dayMs,
    });
    const answer: EndorsementDto = { targetId: r.targetId, dimension: r.dimension, points: r.points, targetReceived: r.targetReceived };
    res.status(201).json(answer);
  });

  return router;
}
