import { Router } from 'express';
import { churnRuns, churnScoreNow, scoredPlayers, type ChurnRun, type ChurnScoreRow, type ScoredPlayer } from '@datavism/db';
import { CHURN_ELEVATED_ABOVE, CHURN_HIGH_ABOVE, churnTerms, churnTier, utcDay } from '@datavism/rules';
import {
  EngagementGmQuery, EngagementRunBody, type ChurnRunDto, type EngagementGmDto, type EngagementRunDto, type ScoredPlayerDto,
} from '@datavism/shared-schema';
import type { Services } from '../context';
import { parseBody } from '../http/errors';
import { requirePlayer } from '../http/guards';
import { dailyBundle } from './bundle';
import { runChurn } from './churn';

const DAY_MS = 86_400_000;

function runDto(r: ChurnRun): ChurnRunDto {
  return { ...r, computedAt: r.computedAt.toISOString() };
}

/**
 * A scored player as the GM sees them: the inputs, which terms applied (the sessions term needs
 * the day's average, known when the day's summary is at hand), the tier, the interventions.
 */
function scoredDto(s: ChurnScoreRow & { interventions?: ScoredPlayer['interventions'] }, averageSessions: number | null): ScoredPlayerDto {
  const daysSinceLevelUp = (Date.parse(`${s.day}T00:00:00Z`) + DAY_MS - s.levelledAt.getTime()) / DAY_MS;
  const terms = churnTerms({
    sessions: s.sessions, averageSessions: averageSessions ?? 0, squadInteractions: s.squadInteractions, daysSinceLevelUp, failedChallenges: s.failedChallenges,
  });
  return {
    day: s.day, playerId: s.playerId, name: s.name, risk: s.risk / 100, tier: churnTier(s.risk),
    inputs: {
      sessions: s.sessions, averageSessions, squadInteractions: s.squadInteractions,
      daysSinceLevelUp: Math.floor(daysSinceLevelUp * 10) / 10, failedChallenges: s.failedChallenges,
    },
    terms: { ...terms, sessions: averageSessions === null ? null : terms.sessions },
    interventions: s.interventions ?? [],
  };
}

/**
 * Engagement over HTTP (GAME §8.4, docs/engagement.md).
 *
 * | route | role | answer |
 * |---|---|---|
 * | `GET /api/engagement/daily` | player | the daily bundle (`DailyBundleDto`) |
 * | `GET /api/gm/engagement?day=&tier=&player=&limit=&days=` | gm | recent days' summaries, the players at risk of a day with their inputs and interventions; with `player`, their scored days and their risk now |
 * | `POST /api/gm/engagement/run` | gm | the churn pass for today (the job scores each day once it has ended); a scored day writes nothing new; audited `engagement.run` |
 */
export function engagementRoutes(s: Services): Router {
  const router = Router();
  const gm = requirePlayer(s, 'gm');

  router.get('/api/engagement/daily', requirePlayer(s), async (_req, res) => {
    res.json(await dailyBundle(s, res.locals.player.id));
  });

  router.get('/api/gm/engagement', gm, async (req, res) => {
    const q = parseBody(EngagementGmQuery, req.query);
    const db = s.database.db;
    const runs = await churnRuns(db, q.days);
    const average = new Map(runs.map((r) => [r.day, r.averageSessions]));
    const day = q.day ?? runs[0]?.day ?? null;
    const risk = q.tier === 'high' ? { minRisk: CHURN_HIGH_ABOVE + 1 } : q.tier === 'elevated' ? { minRisk: CHURN_ELEVATED_ABOVE + 1, maxRisk: CHURN_HIGH_ABOVE } : {};
    const players = q.player
      ? await scoredPlayers(db, { playerId: q.player, limit: q.limit, today: utcDay(new Date()) })
      : day ? await scoredPlayers(db, { day, ...risk, limit: q.limit }) : [];
    const today = utcDay(new Date());
    const live = q.player ? await churnScoreNow(db, today, q.player) : null;
    const body: EngagementGmDto = {
      runs: runs.map(runDto),
      day: q.player ? null : day,
      players: players.map((p) => scoredDto(p, average.get(p.day) ?? null)),
      now: live ? scoredDto(live, live.averageSessions) : null,
    };
    res.json(body);
  });

  router.post('/api/gm/engagement/run', gm, async (req, res) => {
    parseBody(EngagementRunBody, req.body);
    const { id, role } = res.locals.player as { id: string; role: string };
    const outcome = await runChurn(s, utcDay(new Date()), new Date(), { id, role });
    const body: EngagementRunDto = { day: outcome.day, run: outcome.run ? runDto(outcome.run) : null, notified: outcome.notified };
    res.json(body);
  });

  return router;
}
