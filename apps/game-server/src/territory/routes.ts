import { Router } from 'express';
import { liveSieges, squadsOfPlayers, type SiegeView } from '@datavism/db';
import type { Services } from '../context';
import { requirePlayer } from '../http/guards';
import { claimTerritory, declareSiege } from './siegeService';

const asJson = (s: SiegeView) => ({
  ...s,
  declaredAt: s.declaredAt.getTime(),
  musterEndsAt: s.musterEndsAt.getTime(),
  battleEndsAt: s.battleEndsAt.getTime(),
  resolvedAt: s.resolvedAt?.getTime() ?? null,
});

/**
 * HTTP twins of the war room's messages (for scripts and the GM console):
 * `GET /api/sieges`, `POST /api/territories/:id/claim`, `POST /api/territories/:id/siege`.
 */
export function territoryRoutes(s: Services): Router {
  const router = Router();

  /** Live sieges; a Ghost_Mode muster is listed only to the attacking squad. */
  router.get('/api/sieges', requirePlayer(s), async (_req, res) => {
    const me = res.locals.player.id as string;
    const squadId = (await squadsOfPlayers(s.database.db, [me])).get(me) ?? null;
    const now = Date.now();
    const visible = (await liveSieges(s.database.db)).filter(
      (x) => !(x.ghost && x.status === 'muster' && x.musterEndsAt.getTime() > now) || x.attackerSquadId === squadId,
    );
    res.json(visible.map(asJson));
  });

  router.post('/api/territories/:id/claim', requirePlayer(s), async (req, res) => {
    res.json(await claimTerritory(s, res.locals.player.id, String(req.params.id)));
  });

  router.post('/api/territories/:id/siege', requirePlayer(s), async (req, res) => {
    const siege = await declareSiege(s, { playerId: res.locals.player.id, territoryId: String(req.params.id) });
    res.status(201).json(asJson(siege));
  });

  return router;
}
