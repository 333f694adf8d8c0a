import { Router, type Request, type Response } from 'express';
import {
  changePlayerRole, communityHealthHistory, controlTerritory, findPlayersByPrefix, findSquadsByPrefix, flagCounts, jobRunsForGm, listAudit,
  listFlags, listTerritoriesForGm, loadParameters, parameterChanges, rewardsOfPlayer, setParameter, type FairPlayFlag, type HealthSnapshot,
  type StaffActor,
} from '@datavism/db';
import { GameError, HEALTH_ALERT_THRESHOLDS, HEALTH_WEIGHTS, PARAMETERS, activeModifiers, utcDay } from '@datavism/rules';
import {
  FairplayRunBody, FlagActionBody, FlagsQuery, GmAuditQuery, HealthQuery, JobsQuery, NameSearchQuery, ParameterChangeBody, RoleChangeBody,
  TerritoryControlBody, type FlagDto, type HealthDayDto,
} from '@datavism/shared-schema';
import type { Services } from '../context';
import { parseBody } from '../http/errors';
import { requirePlayer } from '../http/guards';
import { calendarPlan } from '../operations/calendar';
import { publishTerritories } from '../territory/siegeService';
import { DETECTORS, runDetectors } from './detectors';
import { actOnFlag } from './flagActions';
import { runCommunityHealth } from './health';

const actor = (res: Response): StaffActor & { name: string } => res.locals.player as StaffActor & { name: string };

export function flagDto(f: FairPlayFlag): FlagDto {
  return { ...f, resolvedAt: f.resolvedAt?.toISOString() ?? null, createdAt: f.createdAt.toISOString() };
}

function healthDto(h: HealthSnapshot): HealthDayDto {
  return { ...h, computedAt: h.computedAt.toISOString(), counts: h.counts as unknown as Record<string, unknown> };
}

function idParam(req: Request): number {
  const id = Number(req.params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new GameError('NOT_FOUND', 'no such flag');
  return id;
}

/**
 * The GM console's routes (GAME §9, §10). Every route checks the role on the server: moderators
 * may look players up (mutes and bans need it); game-masters see and steer the rest; admins change
 * roles. Every change is written to the audit log in its own transaction.
 */
export function gmConsoleRoutes(s: Services): Router {
  const router = Router();
  const db = s.database.db;
  const moderator = requirePlayer(s, 'moderator');
  const gm = requirePlayer(s, 'gm');
  const admin = requirePlayer(s, 'admin');

  // ---- community health ----
  router.get('/api/gm/health', gm, async (req, res) => {
    const { days } = parseBody(HealthQuery, req.query);
    res.json({ days: (await communityHealthHistory(db, days)).map(healthDto), weights: HEALTH_WEIGHTS, thresholds: HEALTH_ALERT_THRESHOLDS });
  });

  /** Computes today's health now (the job computes each day once it has ended). */
  router.post('/api/gm/health/compute', gm, async (_req, res) => {
    res.json({ day: healthDto(await runCommunityHealth(s, utcDay(new Date()))) });
  });

  // ---- fair-play flags ----
  router.get('/api/gm/flags', gm, async (req, res) => {
    const filter = parseBody(FlagsQuery, req.query);
    const [flags, counts] = await Promise.all([listFlags(db, filter), flagCounts(db)]);
    res.json({ flags: flags.map(flagDto), counts });
  });

  router.get('/api/gm/flags/:id', gm, async (req, res) => {
    const id = idParam(req);
    const [flag] = await listFlags(db, { before: id + 1, limit: 1 });
    if (!flag || flag.id !== id) throw new GameError('NOT_FOUND', 'no such flag');
    const actions = await listAudit(db, { target: `flag:${id}`, limit: 50 });
    res.json({ flag: flagDto(flag), actions: actions.map((a) => ({ ...a, at: a.at.toISOString() })) });
  });

  router.post('/api/gm/flags/:id/actions', gm, async (req, res) => {
    const body = parseBody(FlagActionBody, req.body);
    const result = await actOnFlag(s, idParam(req), body, actor(res));
    res.json({ flag: flagDto(result.flag), outcome: result.outcome });
  });

  /** Runs detectors now (all of them when none is named); returns the flags raised. */
  router.post('/api/gm/fairplay/run', gm, async (req, res) => {
    const { detectors } = parseBody(FairplayRunBody, req.body ?? {});
    const flags = await runDetectors(s, detectors ?? DETECTORS);
    res.json({ flags: flags.map(flagDto) });
  });

  // ---- players and squads (pickers), rewards ----
  router.get('/api/gm/players', moderator, async (req, res) => {
    const { q } = parseBody(NameSearchQuery, req.query);
    res.json({ players: await findPlayersByPrefix(db, q) });
  });

  router.get('/api/gm/players/:id/rewards', gm, async (req, res) => {
    const rewards = await rewardsOfPlayer(db, String(req.params.id));
    res.json({ rewards: rewards.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) });
  });

  router.get('/api/gm/squads', gm, async (req, res) => {
    const { q } = parseBody(NameSearchQuery, req.query);
    res.json({ squads: await findSquadsByPrefix(db, q) });
  });

  // ---- world-map control ----
  router.get('/api/gm/territories', gm, async (_req, res) => {
    res.json({ territories: await listTerritoriesForGm(db) });
  });

  /** Sets a territory's status, holder or garrison (audited); every process's map rooms reload it. */
  router.post('/api/gm/territories/:id', gm, async (req, res) => {
    const body = parseBody(TerritoryControlBody, req.body);
    const id = String(req.params.id);
    const territory = await controlTerritory(db, id, body, actor(res));
    await publishTerritories(s, [id]);
    res.json({ ...territory, ...body });
  });

  // ---- roles (admins) ----
  router.post('/api/admin/players/:name/role', admin, async (req, res) => {
    const { role } = parseBody(RoleChangeBody, req.body);
    const changed = await changePlayerRole(db, String(req.params.name), role, actor(res));
    s.logger.info({ by: actor(res).name, player: changed.name, role }, 'role changed');
    res.json({ name: changed.name, role: changed.role, previous: changed.previous });
  });

  // ---- the parameter registry (GAME §10) ----
  router.get('/api/gm/parameters', gm, async (_req, res) => {
    const values: Record<string, number> = await loadParameters(db);
    res.json({
      parameters: PARAMETERS.map((p) => ({ ...p, value: values[p.name] ?? p.default })),
      changes: await parameterChanges(db, 200),
    });
  });

  /** A GM sets a parameter within its bounds (PARAMETER_OUT_OF_BOUNDS otherwise, nothing changed); audited, live everywhere. */
  router.post('/api/gm/parameters/:name', gm, async (req, res) => {
    const { value, reason } = parseBody(ParameterChangeBody, req.body);
    const by = actor(res);
    const name = String(req.params.name);
    const change = await setParameter(db, { name, value, reason, changedBy: by.id, actor: by });
    await s.parameters.changed(name);
    res.json({ change });
  });

  // ---- jobs ----
  router.get('/api/gm/jobs', gm, async (req, res) => {
    res.json(await jobRunsForGm(db, parseBody(JobsQuery, req.query)));
  });

  // ---- the audit log: read and filter; never edit ----
  router.get('/api/gm/audit', gm, async (req, res) => {
    const q = parseBody(GmAuditQuery, req.query);
    const entries = await listAudit(db, {
      actorId: q.actor, action: q.action, target: q.target, targetPlayerId: q.targetPlayer,
      since: q.since ? new Date(q.since) : undefined, until: q.until ? new Date(q.until) : undefined, before: q.before, limit: q.limit,
    });
    res.json({ entries: entries.map((e) => ({ ...e, at: e.at.toISOString() })), nextBefore: entries.length === q.limit ? entries[entries.length - 1].id : null });
  });
  const appendOnly = (_req: Request, _res: Response) => {
    throw new GameError('FORBIDDEN', 'the audit log is append-only: lines are never edited or removed');
  };
  for (const path of ['/api/gm/audit', '/api/gm/audit/:id', '/api/admin/audit', '/api/admin/audit/:id']) {
    router.put(path, requirePlayer(s), appendOnly);
    router.patch(path, requirePlayer(s), appendOnly);
    router.delete(path, requirePlayer(s), appendOnly);
  }

  // ---- the calendar: the coming week ----
  router.get('/api/gm/calendar', gm, async (_req, res) => {
    const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate(), 12);
    res.json({
      days: Array.from({ length: 7 }, (_, i) => {
        const at = new Date(today + i * 86_400_000);
        const mods = activeModifiers(at);
        return { day: utcDay(at), weekday: mods.dayName, event: mods.event, modifiers: mods, launches: calendarPlan(at) };
      }),
    });
  });

  return router;
}
