/**
 * Operations service: launching from templates, durable phase changes, resolution with the
 * exactly-once payout, and the redacted views clients get (GAME §6.1–6.2).
 */
import {
  advancePhase, createOperation, getOperationRow, getOperationTemplate, listObjectives, listOperationsIn,
  participantCounts, progressOf, publicObjectives, resolveOperation, type CreateOperationInput, type OperationRow, type Resolution,
} from '@datavism/db';
import { GameError, OPERATION_DURATIONS_MS, operationTimeline, type OperationPhase, type OperationType } from '@datavism/rules';
import { OperationTemplate, type OperationSummary } from '@datavism/shared-schema';
import { channel, type Services } from '../context';
import { notifyOperationsChanged } from './progress';

/** The durable job that moves an operation to its next phase. */
export const PHASE_JOB = 'operation-phase';

export interface LaunchOptions {
  now: Date;
  startsAt?: Date;
  name?: string;
  targetTerritories?: string[];
  templateKey?: string | null;
  sourceKey?: string | null;
  squadId?: string | null;
  createdBy?: string | null;
  xpMultiplier?: number;
}

/** Turns a validated template into a new operation's input (game durations scaled by TIME_SCALE). */
export function templateToInput(s: Services, t: OperationTemplate, o: LaunchOptions): CreateOperationInput {
  const hourMs = s.config.durations.hourMs;
  const startsAt = o.startsAt ?? o.now;
  const defaultMs = OPERATION_DURATIONS_MS[t.type as OperationType];
  const durationMs = t.durationHours !== undefined ? t.durationHours * hourMs : defaultMs === null ? null : (defaultMs / 3_600_000) * hourMs;
  const timeline = operationTimeline(startsAt, (t.briefingMinutes * hourMs) / 60, durationMs);
  return {
    type: t.type, name: o.name ?? t.name, briefing: t.briefing, handler: t.handler,
    objectives: t.objectives.map((ob) => ({ ...ob })),
    startsAt: timeline.briefingAt, activeAt: timeline.activeAt, endsAt: timeline.endsAt,
    requiredPlayers: t.requiredPlayers, targetTerritories: o.targetTerritories ?? [], xpPool: t.xpPool,
    pool: t.pool ? { resource: t.pool.resource, amount: BigInt(t.pool.amount) } : null, payToSquads: t.payToSquads,
    xpMultiplier: o.xpMultiplier ?? 1, templateKey: o.templateKey ?? null, sourceKey: o.sourceKey ?? null,
    squadId: o.squadId ?? null, createdBy: o.createdBy ?? null,
  };
}

/** A stored template, validated (a malformed stored template is a 400 for the caller). */
export async function loadTemplate(s: Services, key: string): Promise<OperationTemplate> {
  const raw = await getOperationTemplate(s.database.db, key);
  if (raw === null) throw new GameError('NOT_FOUND', `no template ${key}`);
  const parsed = OperationTemplate.safeParse(raw);
  if (!parsed.success) throw new GameError('BAD_REQUEST', `template ${key} is malformed: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** Creates an operation and arms its phase jobs; phases already due are entered at once. */
export async function launchOperation(s: Services, input: CreateOperationInput, now: Date): Promise<{ operation: OperationRow; created: boolean }> {
  const result = await createOperation(s.database.db, input);
  if (result.created) await armPhases(s, result.operation, now);
  return result;
}

/**
 * Schedules the phase jobs (`op:<id>:<phase>`, durable: they survive a restart) and runs the
 * ones already due. Rescheduling (schedule, extend) calls it again: same keys, new times.
 */
export async function armPhases(s: Services, op: OperationRow, now: Date): Promise<void> {
  const plan: [OperationPhase, Date | null][] = [['briefing', op.startsAt], ['active', op.activeAt], ['resolution', op.endsAt]];
  for (const [phase, at] of plan) {
    if (!at) continue;
    if (at.getTime() <= now.getTime()) {
      await enterPhase(s, op.id, phase);
    } else {
      // A few ms of per-operation offset: one-off jobs claim (name, runAt) slots, and two
      // operations ending in the same millisecond must not share one.
      const offset = parseInt(op.id.slice(0, 4), 16) % 997;
      await s.jobs.schedule(`op:${op.id}:${phase}`, PHASE_JOB, new Date(at.getTime() + offset), { operationId: op.id, phase });
    }
  }
}

const FROM: Record<string, OperationPhase[]> = {
  briefing: ['scheduled'],
  active: ['scheduled', 'briefing'],
  resolution: ['scheduled', 'briefing', 'active'],
};

/**
 * Moves an operation into `phase` (a no-op when it is past it). Entering `resolution`
 * resolves and pays; an operation found in `resolution` (a restart during the payout) is
 * resolved again, which pays nothing twice.
 */
export async function enterPhase(s: Services, operationId: string, phase: OperationPhase): Promise<Resolution | null> {
  const db = s.database.db;
  if (phase !== 'resolution') {
    const moved = await advancePhase(db, operationId, phase, FROM[phase] ?? []);
    if (moved) announce(s, operationId);
    return null;
  }
  await advancePhase(db, operationId, 'resolution', FROM.resolution);
  const op = await getOperationRow(db, operationId);
  if (!op || op.phase !== 'resolution') return null;
  announce(s, operationId);
  const result = await resolveOperation(db, operationId);
  announce(s, operationId);
  if (result.resolvedNow) s.logger.info({ operationId, ...result, paid: result.paid.toString() }, 'operation resolved');
  return result;
}

function announce(s: Services, operationId: string): void {
  notifyOperationsChanged([operationId]);
  void s.presence.publish(channel(s.config, 'operations'), { id: operationId });
}

/** Resumes operations whose phase is overdue (missed job slots, a restart mid-resolution). */
export async function sweepOperations(s: Services, now: Date): Promise<number> {
  let n = 0;
  for (const op of await listOperationsIn(s.database.db, ['scheduled', 'briefing', 'active', 'resolution'])) {
    if (op.phase === 'resolution' || (op.endsAt && op.endsAt <= now)) {
      await enterPhase(s, op.id, 'resolution');
      n++;
    } else if (op.activeAt <= now && op.phase !== 'active') {
      await enterPhase(s, op.id, 'active');
      n++;
    } else if (op.startsAt <= now && op.phase === 'scheduled') {
      await enterPhase(s, op.id, 'briefing');
      n++;
    }
  }
  return n;
}

/** The client view of an operation: hidden objectives redacted. */
export async function operationSummary(s: Services, op: OperationRow): Promise<OperationSummary> {
  const db = s.database.db;
  const objectives = await listObjectives(db, op.id);
  const counts = await participantCounts(db, op.id);
  return {
    id: op.id, type: op.type, name: op.name, handler: op.handler, briefing: op.briefing, phase: op.phase, outcome: op.outcome,
    startsAt: op.startsAt.toISOString(), activeAt: op.activeAt.toISOString(), endsAt: op.endsAt?.toISOString() ?? null,
    progress: progressOf(objectives), participants: counts.players, squads: counts.squads, requiredPlayers: op.requiredPlayers,
    targetTerritories: op.targetTerritories, squadId: op.squadId,
    objectives: publicObjectives(objectives).map(({ weight: _w, ...o }) => o),
  };
}
