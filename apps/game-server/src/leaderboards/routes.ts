import { Router } from 'express';
import { leaderboardTitles } from '@datavism/db';
import { GameError } from '@datavism/rules';
import { SeasonsQuery, StandingsQuery, type LeaderboardTitlesResponse } from '@datavism/shared-schema';
import type { Services } from '../context';
import { parseBody } from '../http/errors';
import { requirePlayer } from '../http/guards';
import { leaderboardIndex, season, seasons, standings } from './service';

/**
 * Leaderboards HTTP API (GAME §5.1). Live standings need a player (they show the caller's own
 * standing); the boards, archived seasons and titles are public.
 */
export function leaderboardRoutes(s: Services): Router {
  const router = Router();
  const auth = requirePlayer(s);

  router.get('/api/leaderboards', (_req, res) => {
    res.json(leaderboardIndex(s));
  });

  router.get('/api/leaderboards/seasons', async (req, res) => {
    res.json(await seasons(s, parseBody(SeasonsQuery, { ...req.query })));
  });

  router.get('/api/leaderboards/seasons/:board/:week', async (req, res) => {
    const week = Number(req.params.week);
    if (!Number.isInteger(week)) throw new GameError('BAD_REQUEST', 'week: an IYYYIW number');
    res.json(await season(s, String(req.params.board), week));
  });

  router.get('/api/leaderboards/titles/:subjectId', async (req, res) => {
    const titles = await leaderboardTitles(s.database.db, String(req.params.subjectId));
    const out: LeaderboardTitlesResponse = { titles: titles.map((t) => ({ board: t.key, week: t.week, title: t.title })) };
    res.json(out);
  });

  router.get('/api/leaderboards/:board', auth, async (req, res) => {
    res.json(await standings(s, String(req.params.board), parseBody(StandingsQuery, { ...req.query }), res.locals.player.id));
  });

  return router;
}
