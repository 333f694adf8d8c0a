/**
 * Operations service: launching from templates, durable phase changes, resolution with the
 * exactly-once payout, and the redacted views clients get (GAME §6.1–6.2).
 */
import {
  advancePhase, createOperation, getOperationRow, getOperationTemplate, listObjectives, listOperationsIn,
  participantCounts, progressOf, publicObjectives, resolveOperation, setOperationTimes,
  type AuditEntry, type CreateOperationInput, type OperationRow, type Resolution, type ScheduleJobInput,
} from '@datavism/db';
import { GameError, OPERATION_DURATIONS_MS, operationTimeline, type OperationPhase, type OperationType } from '@datavism/rules';
import { OperationTemplate, type OperationLaunchedNotice, type OperationSummary } from '@datavism/shared-schema';
import { channel, type Services } from '../context';
import { deadlinesCommitted } from '../jobs/deadlines';
import { operationLaunched } from '../notifications/events';
import { tryNotify } from '../notifications/notify';
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

/** Creates an operation with its phase jobs (one transaction); phases already due are entered at once. */
export async function launchOperation(s: Services, input: CreateOperationInput, now: Date): Promise<{ operation: OperationRow; created: boolean }> {
  const deadlines = (op: OperationRow) => phaseDeadlines(op, now);
  const result = await createOperation(s.database.db, { ...input, deadlines });
  if (result.created) {
    await deadlinesCommitted(s, 'operation-launch', deadlines(result.operation));
    await enterDuePhases(s, result.operation, now);
  }
  return result;
}

/**
 * GM schedule, start and extend: new times for an operation that has not ended, its phase
 * jobs moved in the same transaction (same keys, new times); phases now due are entered.
 * Null when the operation has moved on.
 */
export async function retimeOperation(
  s: Services,
  operationId: string,
  patch: Partial<Pick<OperationRow, 'startsAt' | 'activeAt' | 'endsAt'>>,
  now: Date,
  /** A GM's change: its audit line, written with the new times. */
  audit?: Omit<AuditEntry, 'target'>,
): Promise<OperationRow | null> {
  const deadlines = (op: OperationRow) => phaseDeadlines(op, now);
  const updated = await setOperationTimes(s.database.db, operationId, patch, { deadlines, audit });
  if (!updated) return null;
  await deadlinesCommitted(s, 'operation-retime', deadlines(updated));
  await enterDuePhases(s, updated, now);
  return updated;
}

function phasePlan(op: OperationRow): [OperationPhase, Date][] {
  const plan: [OperationPhase, Date | null][] = [['briefing', op.startsAt], ['active', op.activeAt], ['resolution', op.endsAt]];
  return plan.filter((p): p is [OperationPhase, Date] => p[1] !== null);
}

/** The phase jobs (`op:<id>:<phase>`) of the phases still ahead at `now`. */
function phaseDeadlines(op: OperationRow, now: Date): ScheduleJobInput[] {
  // A few ms of per-operation offset: one-off jobs claim (name, runAt) slots, and two
  // operations ending in the same millisecond must not share one.
  const offset = parseInt(op.id.slice(0, 4), 16) % 997;
  return phasePlan(op)
    .filter(([, at]) => at.getTime() > now.getTime())
    .map(([phase, at]) => ({ key: `op:${op.id}:${phase}`, name: PHASE_JOB, runAt: new Date(at.getTime() + offset), payload: { operationId: op.id, phase } }));
}

/** Enters, in order, the phases whose time has come by `now` (each a no-op when the operation is past it). */
async function enterDuePhases(s: Services, op: OperationRow, now: Date): Promise<void> {
  for (const [phase, at] of phasePlan(op)) {
    if (at.getTime() <= now.getTime()) await enterPhase(s, op.id, phase);
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
    if (moved) {
      announce(s, operationId);
      await notifyLaunched(s, operationId, phase);
    }
    return null;
  }
  await advancePhase(db, operationId, 'resolution', FROM.resolution);
  const op = await getOperationRow(db, operationId);
  if (!op || op.phase !== 'resolution') return null;
  announce(s, operationId);
  const result = await resolveOperation(db, operationId, { hourMs: s.config.durations.hourMs });
  announce(s, operationId);
  if (result.resolvedNow) s.logger.info({ operationId, ...result, paid: result.paid.toString() }, 'operation resolved');
  return result;
}

/**
 * GAME §8.2 important: the players who qualify hear of an operation when it opens (briefing, or
 * active when it has no briefing); the dedupe key tells each of them once.
 */
async function notifyLaunched(s: Services, operationId: string, phase: OperationPhase): Promise<void> {
  const op = await getOperationRow(s.database.db, operationId);
  if (!op) return;
  const now = new Date();
  await tryNotify(s, operationLaunched(op, s.config.durations.hourMs, now));
  // Every online player hears of a world operation at once (the inbox tells the qualifiers later):
  // the map room relays the notice, clients refresh their live list and beacons. Once per launch:
  // an operation without a briefing passes briefing and active in the same instant.
  if (op.squadId !== null || (phase === 'briefing' && op.activeAt.getTime() <= now.getTime())) return;
  const notice: OperationLaunchedNotice = {
    kind: 'operation_launched', from: op.handler, at: now.getTime(), operationId: op.id,
    message: phase === 'briefing' ? `Operation ${op.name} launched: its briefing is open in Operations.` : `Operation ${op.name} is live: join it in Operations.`,
  };
  await s.presence.publish(channel(s.config, 'broadcast'), notice);
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
