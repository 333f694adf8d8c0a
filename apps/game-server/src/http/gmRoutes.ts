import { Router } from 'express';
import { loadParameters } from '@datavism/db';
import { PARAMETERS } from '@datavism/rules';
import type { Services } from '../context';

/**
 * The parameter registry as everyone sees it (GAME §10). The game-masters' routes are the gm
 * feature's (`src/gm/routes.ts`).
 */
export function gmRoutes(s: Services): Router {
  const router = Router();

  // Read from the database, not this process's cache: a change committed with a passed
  // proposal is visible here as soon as the proposal reads as passed.
  router.get('/api/parameters', async (_req, res) => {
    const values: Record<string, number> = await loadParameters(s.database.db);
    res.json(PARAMETERS.map((p) => ({ ...p, value: values[p.name] ?? p.default })));
  });

  return router;
}
