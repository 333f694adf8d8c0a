import { Router } from 'express';
import { z } from 'zod';
import { controlTerritory, listJobRuns, loadParameters, setPlayerRole, findPlayerByName, parameterChanges } from '@datavism/db';
import { GameError, PARAMETERS } from '@datavism/rules';
import { channel, type Services } from '../context';
import { parseBody } from './errors';
import { requirePlayer } from './guards';

const TerritoryControl = z.object({
  status: z.enum(['occupied', 'neutral']).optional(),
  garrison: z.number().int().min(0).max(1_000_000).optional(),
}).strict();

const RoleChange = z.object({ role: z.enum(['player', 'moderator', 'gm', 'admin']) }).strict();

/** Game-master and admin routes (GAME §9). Players get 403. */
export function gmRoutes(s: Services): Router {
  const router = Router();

  // Read from the database, not this process's cache: a change committed with a passed
  // proposal is visible here as soon as the proposal reads as passed.
  router.get('/api/parameters', async (_req, res) => {
    const values: Record<string, number> = await loadParameters(s.database.db);
    res.json(PARAMETERS.map((p) => ({ ...p, value: values[p.name] ?? p.default })));
  });

  router.get('/api/gm/parameter-changes', requirePlayer(s, 'gm'), async (_req, res) => {
    res.json(await parameterChanges(s.database.db, 100));
  });

  router.get('/api/gm/jobs', requirePlayer(s, 'gm'), async (_req, res) => {
    res.json(await listJobRuns(s.database.db, { limit: 100 }));
  });

  /** World map control: a GM sets a territory's AC status or garrison; every process's world room sees it. */
  router.post('/api/gm/territories/:id', requirePlayer(s, 'gm'), async (req, res) => {
    const body = parseBody(TerritoryControl, req.body);
    const id = String(req.params.id);
    if (!(await controlTerritory(s.database.db, id, body))) throw new GameError('NOT_FOUND', `no territory ${id}`);
    await s.presence.publish(channel(s.config, 'world:territories'), [id]);
    res.json({ id, ...body });
  });

  router.post('/api/admin/players/:name/role', requirePlayer(s, 'admin'), async (req, res) => {
    const body = parseBody(RoleChange, req.body);
    const player = await findPlayerByName(s.database.db, String(req.params.name));
    if (!player) throw new GameError('NOT_FOUND', 'no such player');
    await setPlayerRole(s.database.db, player.id, body.role);
    s.logger.info({ by: res.locals.player.name, player: player.name, role: body.role }, 'role changed');
    res.json({ name: player.name, role: body.role });
  });

  return router;
}
