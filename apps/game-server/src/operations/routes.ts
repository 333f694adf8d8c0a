import { Router } from 'express';
import {
  advancePhase, getOperationRow, listOperationTemplates, listOperationsIn, operationPayouts, postHandlerMessage, saveOperationTemplate,
  squadMemberReputations, unknownTerritoryIds, withTransaction, writeAudit, type AuditEntry,
} from '@datavism/db';
import { GameError, SQUAD_MISSION_MIN_INFLUENCE, influence } from '@datavism/rules';
import {
  CreateOperationRequest, ExtendOperationRequest, HandlerMessageRequest, OperationTemplate,
  ScheduleOperationRequest, SquadMissionRequest,
} from '@datavism/shared-schema';
import type { Services } from '../context';
import { parseBody } from '../http/errors';
import { requirePlayer } from '../http/guards';
import { notifyOperationsChanged } from './progress';
import { enterPhase, launchOperation, loadTemplate, operationSummary, retimeOperation, templateToInput } from './service';
import { triggerRoutes } from './triggers';

type Handler = (req: import('express').Request, res: import('express').Response) => Promise<void>;
/** Express 4 does not catch async throws: pass them to the error handler. */
const wrap = (fn: Handler) => (req: import('express').Request, res: import('express').Response, next: import('express').NextFunction) => {
  fn(req, res).catch(next);
};

/** The audit line of a GM's operation control (GAME §9), written in the action's transaction. */
function gmAudit(res: import('express').Response, action: string, details: Record<string, unknown> = {}): Omit<AuditEntry, 'target'> {
  const p = res.locals.player as { id: string; role: string };
  return { actorId: p.id, actorRole: p.role, action, details };
}

/** Target territories are ids of existing territories (a name, or an id that does not exist, could never be liberated). */
async function assertTerritoriesExist(s: Services, ids: readonly string[]): Promise<void> {
  const unknown = await unknownTerritoryIds(s.database.db, ids);
  if (unknown.length > 0) throw new GameError('UNKNOWN_TERRITORY', `no territory with id ${unknown.map((u) => JSON.stringify(u)).join(', ')}: pick targets by name in the console, which sends ids`);
}

async function mustOperation(s: Services, id: string) {
  const op = await getOperationRow(s.database.db, id);
  if (!op) throw new GameError('NOT_FOUND', `no operation ${id}`);
  return op;
}

/** Operations HTTP API: the public live list, GM console actions (role gm), squad missions, the webhook. */
export function operationRoutes(s: Services): Router {
  const router = Router();
  const db = s.database.db;
  const gm = requirePlayer(s, 'gm');

  /** Live operations (redacted), for every signed-in player. */
  router.get('/api/operations', requirePlayer(s), wrap(async (_req, res) => {
    const ops = await listOperationsIn(db, ['scheduled', 'briefing', 'active', 'resolution']);
    res.json(await Promise.all(ops.map((op) => operationSummary(s, op))));
  }));

  router.get('/api/operations/:id', requirePlayer(s), wrap(async (req, res) => {
    res.json(await operationSummary(s, await mustOperation(s, String(req.params.id))));
  }));

  /** GM: create from a template (with overrides) or from scratch; starts now unless startsAt is later. */
  router.post('/api/gm/operations', gm, wrap(async (req, res) => {
    const body = parseBody(CreateOperationRequest, req.body);
    const template = body.template ? await loadTemplate(s, body.template) : body.operation!;
    await assertTerritoriesExist(s, body.targetTerritories ?? []);
    const now = new Date();
    const input = templateToInput(s, template, {
      now, startsAt: body.startsAt, name: body.name, targetTerritories: body.targetTerritories,
      templateKey: body.template ?? null, squadId: body.squadId ?? null, createdBy: res.locals.player.id,
    });
    input.audit = gmAudit(res, 'operation.create', { name: input.name, template: body.template ?? null, targets: input.targetTerritories });
    const { operation } = await launchOperation(s, input, now);
    res.status(201).json(await operationSummary(s, (await getOperationRow(db, operation.id))!));
  }));

  /** GM: (re)schedule a not-yet-started operation to begin at `startsAt` (durations kept). */
  router.post('/api/gm/operations/:id/schedule', gm, wrap(async (req, res) => {
    const { startsAt } = parseBody(ScheduleOperationRequest, req.body);
    const op = await mustOperation(s, String(req.params.id));
    if (op.phase !== 'scheduled') throw new GameError('OPERATION_NOT_ACTIVE', 'only a scheduled operation can be rescheduled');
    const shift = startsAt.getTime() - op.startsAt.getTime();
    const updated = await retimeOperation(s, op.id, {
      startsAt, activeAt: new Date(op.activeAt.getTime() + shift), endsAt: op.endsAt ? new Date(op.endsAt.getTime() + shift) : null,
    }, new Date(), gmAudit(res, 'operation.schedule', { name: op.name, startsAt: startsAt.toISOString() }));
    if (!updated) throw new GameError('OPERATION_NOT_ACTIVE', 'operation has moved on');
    res.json(await operationSummary(s, (await getOperationRow(db, op.id))!));
  }));

  /** GM: start now (skip the rest of the briefing). */
  router.post('/api/gm/operations/:id/start', gm, wrap(async (req, res) => {
    const op = await mustOperation(s, String(req.params.id));
    if (op.phase !== 'scheduled' && op.phase !== 'briefing') throw new GameError('OPERATION_NOT_ACTIVE', `operation is ${op.phase}`);
    const now = new Date();
    const duration = op.endsAt ? op.endsAt.getTime() - op.activeAt.getTime() : null;
    await retimeOperation(s, op.id, {
      startsAt: op.startsAt < now ? op.startsAt : now, activeAt: now, endsAt: duration === null ? null : new Date(now.getTime() + duration),
    }, now, gmAudit(res, 'operation.start', { name: op.name }));
    res.json(await operationSummary(s, (await getOperationRow(db, op.id))!));
  }));

  /** GM: extend the deadline by `hours` game hours (the resolution job moves with it). */
  router.post('/api/gm/operations/:id/extend', gm, wrap(async (req, res) => {
    const { hours } = parseBody(ExtendOperationRequest, req.body);
    const op = await mustOperation(s, String(req.params.id));
    if (!op.endsAt) throw new GameError('BAD_REQUEST', 'this operation has no deadline');
    const updated = await retimeOperation(s, op.id, { endsAt: new Date(op.endsAt.getTime() + hours * s.config.durations.hourMs) }, new Date(),
      gmAudit(res, 'operation.extend', { name: op.name, hours }));
    if (!updated) throw new GameError('OPERATION_NOT_ACTIVE', `operation is ${op.phase}`);
    notifyOperationsChanged([op.id]);
    res.json(await operationSummary(s, updated));
  }));

  /** GM: end early — resolves now (success if the primary objectives are done, else the 25 % payout). */
  router.post('/api/gm/operations/:id/end', gm, wrap(async (req, res) => {
    const op = await mustOperation(s, String(req.params.id));
    if (op.phase === 'ended') throw new GameError('OPERATION_NOT_ACTIVE', 'operation has already ended');
    // The GM's end and its audit line commit together; the resolution (and its payout) follows at once.
    await withTransaction(db, async (tx) => {
      await advancePhase(tx, op.id, 'resolution', ['scheduled', 'briefing', 'active']);
      await writeAudit(tx, { ...gmAudit(res, 'operation.end', { name: op.name, phase: op.phase }), target: `operation:${op.id}` });
    });
    const result = await enterPhase(s, op.id, 'resolution');
    res.json({
      ...(await operationSummary(s, (await getOperationRow(db, op.id))!)),
      resolution: result ? { ...result, paid: result.paid.toString() } : null,
      payouts: await operationPayouts(db, op.id, 100),
    });
  }));

  /** GM: post a handler message into an operation (shown in its room, in the handler's voice). */
  router.post('/api/gm/operations/:id/messages', gm, wrap(async (req, res) => {
    const { body } = parseBody(HandlerMessageRequest, req.body);
    const op = await mustOperation(s, String(req.params.id));
    const row = await withTransaction(db, async (tx) => {
      const message = await postHandlerMessage(tx, op.id, body, res.locals.player.id);
      await writeAudit(tx, { ...gmAudit(res, 'operation.message', { name: op.name, body }), target: `operation:${op.id}` });
      return message;
    });
    notifyOperationsChanged([op.id]);
    res.status(201).json({ id: row.id, body: row.body, handler: op.handler });
  }));

  // GM emergency broadcasts (`POST /api/gm/broadcast`) are the social feature's one emergency path.

  /** GM: the live list with progress and participants (hidden objectives shown to GMs? no: same redaction). */
  router.get('/api/gm/operations', gm, wrap(async (_req, res) => {
    const ops = await listOperationsIn(db, ['scheduled', 'briefing', 'active', 'resolution']);
    res.json(await Promise.all(ops.map((op) => operationSummary(s, op))));
  }));

  /** GM: what an ended operation paid to whom (the end summary), largest shares first. */
  router.get('/api/gm/operations/:id/payouts', gm, wrap(async (req, res) => {
    const op = await mustOperation(s, String(req.params.id));
    const payouts = await operationPayouts(db, op.id, 100);
    if (!payouts) throw new GameError('OPERATION_NOT_ACTIVE', `${op.name} has not been resolved yet`);
    res.json({ id: op.id, name: op.name, ...payouts });
  }));

  router.get('/api/gm/templates', gm, wrap(async (_req, res) => {
    res.json(await listOperationTemplates(db));
  }));

  /** GM: edit (or add) a calendar / trigger template; a malformed one is a 400 and changes nothing. */
  router.put('/api/gm/templates/:key', gm, wrap(async (req, res) => {
    const key = String(req.params.key);
    if (!/^[a-z0-9_]{1,64}$/.test(key)) throw new GameError('BAD_REQUEST', 'template keys are lowercase letters, digits and _');
    const template = parseBody(OperationTemplate, req.body);
    await withTransaction(db, async (tx) => {
      await saveOperationTemplate(tx, key, template, res.locals.player.id);
      await writeAudit(tx, { ...gmAudit(res, 'template.save'), target: `template:${key}`, details: { definition: template } });
    });
    res.json({ key, definition: template });
  }));

  /** Squad mission: a member of a squad with a member of influence ≥ 1000 launches a squad-scoped operation. */
  router.post('/api/operations/squad-missions', requirePlayer(s), wrap(async (req, res) => {
    const body = parseBody(SquadMissionRequest, req.body);
    const members = await squadMemberReputations(db, body.squadId);
    if (!members.some((m) => m.player_id === res.locals.player.id)) throw new GameError('NOT_SQUAD_MEMBER', 'not a member of this squad');
    const strongest = Math.max(0, ...members.map((m) => influence(
      { technicalMastery: m.technical_mastery, truthScore: m.truth_score, impactRating: m.impact_rating, teachingHonor: m.teaching_honor, artisticVision: m.artistic_vision },
      { firstBlood: m.first_blood, massAwakening: m.mass_awakening, squadLeader: m.is_squad_leader },
    )));
    if (strongest < SQUAD_MISSION_MIN_INFLUENCE) {
      throw new GameError('REQUIREMENTS_NOT_MET', `a squad mission needs a member of influence ≥ ${SQUAD_MISSION_MIN_INFLUENCE}`);
    }
    const template = body.template ? await loadTemplate(s, body.template) : body.operation!;
    // Squad missions carry no minted pool (that would print money on demand): XP only.
    const now = new Date();
    const input = templateToInput(s, { ...template, pool: undefined }, { now, templateKey: body.template ?? null, squadId: body.squadId, createdBy: res.locals.player.id });
    const { operation } = await launchOperation(s, input, now);
    res.status(201).json(await operationSummary(s, (await getOperationRow(db, operation.id))!));
  }));

  router.use(triggerRoutes(s));
  return router;
}
