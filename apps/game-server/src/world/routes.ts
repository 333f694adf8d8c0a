import { Router } from 'express';
import { deployPlayer, loadWorld, recordSession } from '@datavism/db';
import type { WorldEntry } from '@datavism/shared-schema';
import type { Services } from '../context';
import { requirePlayer } from '../http/guards';
import { loginAndProfile } from '../players/profile';
import { geography } from './geography';
import { spawnTerritory } from './worldState';

/**
 * `POST /api/world/enter`: the day's login (GAME §1.3, once per UTC day), a game session counted
 * (GAME §8.4), and where the player is. A new player is deployed to the spawn territory first (a real deployment: it can claim
 * it). The client then joins the `region` room of `regionId` and a `map` room.
 */
export function worldRoutes(s: Services): Router {
  const router = Router();
  router.post('/api/world/enter', requirePlayer(s), async (_req, res) => {
    const playerId = res.locals.player.id as string;
    const now = new Date();
    const { profile } = await loginAndProfile(s, playerId, now);
    // Entering the world starts a game session (GAME §8.4 churn risk counts them per day).
    await recordSession(s.database.db, playerId, now);
    const geo = await geography(s.database.db);
    let territoryId = profile.deployedTerritoryId;
    if (!territoryId || !geo.place(territoryId)) {
      const world = await loadWorld(s.database.db);
      territoryId = spawnTerritory(world?.territories ?? []);
      await deployPlayer(s.database.db, playerId, territoryId, now);
    }
    const entry: WorldEntry & { profile: typeof profile } = {
      regionId: geo.place(territoryId)!.regionId, territoryId, profile: { ...profile, deployedTerritoryId: territoryId },
    };
    res.json(entry);
  });
  return router;
}
