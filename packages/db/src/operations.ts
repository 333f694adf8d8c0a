import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import {
  GameError, acceptedAmount, allObjectivesComplete, contributionPoints, isObjectiveRevealed, operationProgress,
  operationSucceeded, payablePool, type BoardEntry, type ObjectiveKind, type ObjectiveTier, type OperationPhase, type Resource,
} from '@datavism/rules';
import type { Db, Tx } from './client';
import { scheduleJobsTx, type Deadlines } from './jobs';
import { writeAudit, type AuditEntry } from './audit';
import { accountId, creditCte, mint, transfer, transferCtes, withTransaction } from './ledger';
import { evidenceGatheredTx, objectivesCompletedTx, operationResolvedTx } from './progression';
import {
  operationContributions, operationMessages, operationObjectives, operationParticipants, operationTemplates,
  operationTriggerSignatures, operations,
} from './schema/index';
import { execute, fastOrOnConflict, queryRows, toBigInt, toNumber } from './sql';

export type OperationRow = typeof operations.$inferSelect;
export type ObjectiveRow = typeof operationObjectives.$inferSelect;

/** One objective of a new operation. */
export interface NewObjective {
  tier: ObjectiveTier;
  kind: ObjectiveKind;
  title: string;
  description?: string;
  target: number;
  weight?: number;
  resource?: Resource;
  category?: string;
  /** Hidden objectives: revealed at this operation progress (0..1). @default 0.5 */
  revealAt?: number;
}

/** Everything a new operation needs (from a template, a GM, a trigger or the calendar). */
export interface CreateOperationInput {
  type: string;
  name: string;
  briefing: string;
  handler: string;
  objectives: NewObjective[];
  startsAt: Date;
  activeAt: Date;
  endsAt: Date | null;
  requiredPlayers?: number;
  targetTerritories?: string[];
  xpPool?: number;
  pool?: { resource: Resource; amount: bigint } | null;
  payToSquads?: boolean;
  xpMultiplier?: number;
  templateKey?: string | null;
  /** Unique origin (trigger id, calendar slot): a second create with it returns the first. */
  sourceKey?: string | null;
  squadId?: string | null;
  createdBy?: string | null;
  phase?: OperationPhase;
  /** The phase jobs, written with a new operation. */
  deadlines?: Deadlines<OperationRow>;
  /** A GM's launch: its audit line, written in the same transaction (target `operation:<id>`). */
  audit?: Omit<AuditEntry, 'target'>;
}

/**
 * Creates an operation with its objectives and mints its resource pool into escrow, in one
 * transaction. With a `sourceKey` already used, returns the existing operation (`created: false`).
 */
export async function createOperation(db: Db, input: CreateOperationInput): Promise<{ operation: OperationRow; created: boolean }> {
  if (input.objectives.length === 0) throw new GameError('BAD_REQUEST', 'an operation needs at least one objective');
  if (!input.objectives.some((o) => o.tier === 'primary')) throw new GameError('BAD_REQUEST', 'an operation needs a primary objective');
  return withTransaction(db, async (tx) => {
    const [operation] = await tx
      .insert(operations)
      .values({
        type: input.type, name: input.name, briefing: input.briefing, handler: input.handler,
        phase: input.phase ?? 'scheduled', templateKey: input.templateKey ?? null, sourceKey: input.sourceKey ?? null,
        squadId: input.squadId ?? null, createdBy: input.createdBy ?? null,
        requiredPlayers: input.requiredPlayers ?? 1, targetTerritories: input.targetTerritories ?? [],
        xpPool: input.xpPool ?? 0, poolResource: input.pool?.resource ?? null, poolAmount: input.pool?.amount ?? 0n,
        payToSquads: input.payToSquads ?? false, xpMultiplier: input.xpMultiplier ?? 1,
        startsAt: input.startsAt, activeAt: input.activeAt, endsAt: input.endsAt,
      })
      .onConflictDoNothing({ target: operations.sourceKey })
      .returning();
    if (!operation) {
      const [existing] = await tx.select().from(operations).where(eq(operations.sourceKey, input.sourceKey!));
      return { operation: existing, created: false };
    }
    await tx.insert(operationObjectives).values(
      input.objectives.map((o, position) => ({
        operationId: operation.id, position, tier: o.tier, kind: o.kind, title: o.title, description: o.description ?? '',
        target: o.target, weight: o.weight ?? 1, resource: o.resource ?? null, category: o.category ?? null,
        revealAt: o.tier === 'hidden' ? (o.revealAt ?? 0.5) : null, revealed: o.tier !== 'hidden',
      })),
    );
    if (input.pool && input.pool.amount > 0n) {
      await mint(tx, { kind: 'escrow' }, input.pool.resource, input.pool.amount, 'operation_pool', `op:${operation.id}:pool`);
    }
    await scheduleJobsTx(tx, input.deadlines?.(operation) ?? []);
    if (input.audit) await writeAudit(tx, { ...input.audit, target: `operation:${operation.id}` });
    return { operation, created: true };
  });
}

/** One operation row, or null. */
export async function getOperationRow(db: Db, id: string): Promise<OperationRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await db.select().from(operations).where(eq(operations.id, id));
  return row ?? null;
}

/** An operation's objectives in order. */
export function listObjectives(db: Db, operationId: string): Promise<ObjectiveRow[]> {
  return db.select().from(operationObjectives).where(eq(operationObjectives.operationId, operationId)).orderBy(asc(operationObjectives.position));
}

/** The public view of an objective: a hidden, unrevealed one carries no content at all. */
export interface PublicObjective {
  id: number;
  tier: ObjectiveTier;
  classified: boolean;
  kind: string;
  title: string;
  description: string;
  target: number;
  progress: number;
  weight: number;
  resource: string;
  category: string;
}

/** Redacts unrevealed hidden objectives: `[CLASSIFIED]`, no kind, target, resource or description. */
export function publicObjectives(rows: ObjectiveRow[]): PublicObjective[] {
  return rows.map((o) => o.revealed
    ? {
        id: o.id, tier: o.tier as ObjectiveTier, classified: false, kind: o.kind, title: o.title, description: o.description,
        target: o.target, progress: o.progress, weight: o.weight, resource: o.resource ?? '', category: o.category ?? '',
      }
    : {
        id: o.id, tier: 'hidden', classified: true, kind: '', title: '[CLASSIFIED]', description: '',
        target: 0, progress: 0, weight: 0, resource: '', category: '',
      });
}

/** Weighted progress (0..1) of an operation's stored objectives. */
export function progressOf(rows: ObjectiveRow[]): number {
  return operationProgress(rows.map(toProgress));
}

function toProgress(o: ObjectiveRow) {
  return { tier: o.tier as ObjectiveTier, weight: o.weight, target: o.target, progress: o.progress, revealAt: o.revealAt ?? undefined };
}

/** A row of the top-contributors board (`seq`: join order, which breaks ties). */
export type TopContributor = BoardEntry;

/** The `limit` participants with the most points. */
export async function topContributors(db: Db, operationId: string, limit = 10): Promise<TopContributor[]> {
  return db
    .select({ playerId: operationParticipants.playerId, name: operationParticipants.name, points: operationParticipants.points, seq: operationParticipants.seq })
    .from(operationParticipants)
    .where(and(eq(operationParticipants.operationId, operationId), sql`${operationParticipants.points} > 0`))
    .orderBy(desc(operationParticipants.points), asc(operationParticipants.seq))
    .limit(limit);
}

/** Participants and distinct squads of an operation. */
export async function participantCounts(db: Db, operationId: string): Promise<{ players: number; squads: number }> {
  const [row] = await queryRows<{ players: unknown; squads: unknown }>(
    db,
    sql`SELECT count(*) AS players, count(DISTINCT squad_id) AS squads FROM operation_participants WHERE operation_id = ${operationId}::uuid`,
  );
  return { players: toNumber(row.players), squads: toNumber(row.squads) };
}

/** The latest handler messages, oldest first. */
export async function handlerMessages(db: Db, operationId: string, limit = 20) {
  const rows = await db.select().from(operationMessages).where(eq(operationMessages.operationId, operationId))
    .orderBy(desc(operationMessages.id)).limit(limit);
  return rows.reverse();
}

/** Posts a handler message into an operation. */
export async function postHandlerMessage(db: Db, operationId: string, body: string, author: string | null) {
  const [row] = await db.insert(operationMessages).values({ operationId, body, author }).returning();
  return row;
}

/** Operations in the given phases (the GM console's live list, the jobs' resume). */
export function listOperationsIn(db: Db, phases: OperationPhase[]): Promise<OperationRow[]> {
  return db.select().from(operations).where(inArray(operations.phase, phases)).orderBy(asc(operations.startsAt));
}

/**
 * Moves an operation to `phase` if it is currently in one of `from`; returns the updated row
 * or null (a stale job or a second process lost the race, which is fine).
 */
export async function advancePhase(db: Db, id: string, phase: OperationPhase, from: OperationPhase[], patch: Partial<Pick<OperationRow, 'startsAt' | 'activeAt' | 'endsAt'>> = {}): Promise<OperationRow | null> {
  const [row] = await db.update(operations).set({ phase, ...patch })
    .where(and(eq(operations.id, id), inArray(operations.phase, from))).returning();
  return row ?? null;
}

/** Changes an operation's deadlines (schedule, extend) while it has not ended; its moved phase jobs commit with it. */
export async function setOperationTimes(
  db: Db,
  id: string,
  patch: Partial<Pick<OperationRow, 'startsAt' | 'activeAt' | 'endsAt'>>,
  options: { deadlines?: Deadlines<OperationRow>; audit?: Omit<AuditEntry, 'target'> } = {},
): Promise<OperationRow | null> {
  return withTransaction(db, async (tx) => {
    const [row] = await tx.update(operations).set(patch)
      .where(and(eq(operations.id, id), inArray(operations.phase, ['scheduled', 'briefing', 'active']))).returning();
    if (row) await scheduleJobsTx(tx, options.deadlines?.(row) ?? []);
    if (row && options.audit) await writeAudit(tx, { ...options.audit, target: `operation:${id}` });
    return row ?? null;
  });
}

/** The squad a player belongs to (squads engineer's `squad_members`), or null. */
export async function squadIdOfPlayer(db: Db, playerId: string): Promise<string | null> {
  const [row] = await queryRows<{ squad_id: string }>(db, sql`SELECT squad_id::text AS squad_id FROM squad_members WHERE player_id::text = ${playerId}`);
  return row?.squad_id ?? null;
}

/** Influence inputs of a squad's members (for the squad-mission unlock). */
export async function squadMemberReputations(db: Db, squadId: string) {
  return queryRows<{ player_id: string; technical_mastery: number; truth_score: number; impact_rating: number; teaching_honor: number; artistic_vision: number; first_blood: boolean; mass_awakening: boolean; is_squad_leader: boolean }>(db, sql`
    SELECT p.id::text AS player_id, p.technical_mastery, p.truth_score, p.impact_rating, p.teaching_honor, p.artistic_vision,
      p.first_blood, p.mass_awakening, p.is_squad_leader
    FROM squad_members m JOIN players p ON p.id = m.player_id WHERE m.squad_id::text = ${squadId}`);
}

/**
 * Adds a player to an operation's participants with their current squad (idempotent).
 * A squad-scoped mission admits only that squad's members (NOT_SQUAD_MEMBER).
 */
export async function joinOperation(db: Db, operationId: string, player: { id: string; name: string }): Promise<{ squadId: string | null }> {
  const op = await getOperationRow(db, operationId);
  if (!op) throw new GameError('NOT_FOUND', `no operation ${operationId}`);
  if (op.phase === 'resolution' || op.phase === 'ended') throw new GameError('OPERATION_NOT_ACTIVE', `operation is ${op.phase}`);
  const squadId = await squadIdOfPlayer(db, player.id);
  if (op.squadId && op.squadId !== squadId) throw new GameError('NOT_SQUAD_MEMBER', 'this mission is for its squad only');
  await db.insert(operationParticipants)
    .values({ operationId, playerId: player.id, name: player.name, squadId })
    .onConflictDoUpdate({ target: [operationParticipants.operationId, operationParticipants.playerId], set: { name: player.name, squadId } });
  return { squadId };
}

/** Result of one contribution or progress event. */
export interface ProgressResult {
  applied: boolean;
  objectiveId: number;
  accepted: number;
  points: number;
  /** Objectives were revealed by this progress. */
  revealed: boolean;
  /** Every objective is now complete: the operation can resolve at once. */
  complete: boolean;
}

/** Locks the operation row and checks it is active. */
async function lockActive(tx: Tx, operationId: string): Promise<OperationRow> {
  const [op] = await queryRows<{ id: string }>(tx, sql`SELECT id FROM operations WHERE id = ${operationId}::uuid FOR SHARE`);
  if (!op) throw new GameError('NOT_FOUND', `no operation ${operationId}`);
  const [row] = await tx.select().from(operations).where(eq(operations.id, operationId));
  if (row.phase !== 'active') throw new GameError('OPERATION_NOT_ACTIVE', `operation is ${row.phase}`);
  return row;
}

/**
 * Adds progress to one objective inside the caller's transaction: locks it, accepts at most
 * what it still needs, records the contribution, credits the player's points and reveals
 * hidden objectives whose condition is met. `pay` runs before anything is written, with the
 * accepted amount (the ledger transfer of a resource contribution).
 */
async function addProgress(
  tx: Tx,
  op: OperationRow,
  objective: ObjectiveRow,
  amount: number,
  player: { id: string; name?: string },
  key: string | null,
  pay?: (accepted: number) => Promise<void>,
): Promise<ProgressResult> {
  const [locked] = await queryRows<{ progress: unknown }>(tx, sql`SELECT progress FROM operation_objectives WHERE id = ${objective.id} FOR UPDATE`);
  const current = { ...objective, progress: toNumber(locked.progress) };
  const accepted = acceptedAmount(current, amount);
  const none: ProgressResult = { applied: false, objectiveId: objective.id, accepted: 0, points: 0, revealed: false, complete: false };
  if (accepted <= 0) return none;
  if (key !== null) {
    const [seen] = await tx.select({ id: operationContributions.id }).from(operationContributions).where(eq(operationContributions.idempotencyKey, key));
    if (seen) return none;
  }
  if (pay) await pay(accepted);
  const points = contributionPoints(current, accepted);
  await tx.insert(operationContributions).values({
    operationId: op.id, objectiveId: objective.id, playerId: player.id, kind: objective.kind,
    resource: objective.resource, amount: accepted, points, idempotencyKey: key,
  });
  await tx.update(operationObjectives).set({ progress: sql`${operationObjectives.progress} + ${accepted}` }).where(eq(operationObjectives.id, objective.id));
  await tx.insert(operationParticipants)
    .values({ operationId: op.id, playerId: player.id, name: player.name ?? '', points, squadId: player.id ? await squadIdOfPlayer(tx, player.id) : null })
    .onConflictDoUpdate({
      target: [operationParticipants.operationId, operationParticipants.playerId],
      set: { points: sql`${operationParticipants.points} + ${points}` },
    });
  // Progression (GAME §1, §2): verified intel in an investigation is evidence; a completed
  // objective pays its contributors impactRating (and secret missions / the_revelation).
  if (objective.kind === 'verify_intel') await evidenceGatheredTx(tx, op, player.id, accepted);
  if (current.progress < current.target && current.progress + accepted >= current.target) {
    await objectivesCompletedTx(tx, op, [{ id: objective.id, tier: objective.tier }]);
  }
  const rows = await tx.select().from(operationObjectives).where(eq(operationObjectives.operationId, op.id)).orderBy(asc(operationObjectives.position));
  const progress = progressOf(rows);
  const toReveal = rows.filter((o) => !o.revealed && isObjectiveRevealed(toProgress(o), progress)).map((o) => o.id);
  if (toReveal.length > 0) await tx.update(operationObjectives).set({ revealed: true }).where(inArray(operationObjectives.id, toReveal));
  return {
    applied: true, objectiveId: objective.id, accepted, points, revealed: toReveal.length > 0,
    complete: allObjectivesComplete(rows.map(toProgress)),
  };
}

export interface ContributeInput {
  operationId: string;
  player: { id: string; name: string };
  resource: Resource;
  amount: number;
  /** A client that may retry sends a stable key. */
  idempotencyKey?: string;
}

/**
 * A player contributes a resource to an operation's `contribute` objective: a ledger
 * transfer player → escrow, the contribution row, the progress and the points, in one
 * transaction. Throws OPERATION_NOT_ACTIVE, BAD_REQUEST (no such objective),
 * OBJECTIVE_COMPLETE, INSUFFICIENT_FUNDS.
 */
export function contributeToOperation(db: Db, input: ContributeInput): Promise<ProgressResult> {
  return withTransaction(db, async (tx) => {
    const op = await lockActive(tx, input.operationId);
    const objectives = await tx.select().from(operationObjectives).where(and(
      eq(operationObjectives.operationId, op.id), eq(operationObjectives.kind, 'contribute'),
      eq(operationObjectives.resource, input.resource), eq(operationObjectives.revealed, true),
    )).orderBy(asc(operationObjectives.position));
    if (objectives.length === 0) throw new GameError('BAD_REQUEST', `this operation takes no ${input.resource}`);
    const objective = objectives.find((o) => o.progress < o.target);
    if (!objective) throw new GameError('OBJECTIVE_COMPLETE', `the ${input.resource} objective is complete`);
    const key = input.idempotencyKey ? `${op.id}:${input.player.id}:${input.idempotencyKey}` : null;
    const result = await addProgress(tx, op, objective, input.amount, input.player, key, async (accepted) => {
      await transfer(tx, {
        from: { kind: 'player', id: input.player.id }, to: { kind: 'escrow' }, resource: input.resource,
        amount: BigInt(accepted), reason: 'operation_contribution',
        idempotencyKey: key ? `op-contrib:${key}` : undefined,
      });
    });
    if (!result.applied && result.accepted === 0 && key === null) throw new GameError('OBJECTIVE_COMPLETE', `the ${input.resource} objective is complete`);
    await tx.execute(sql`UPDATE players SET last_contribution_at = now(), contributions = contributions + 1 WHERE id = ${input.player.id}::uuid`);
    return result;
  });
}

/**
 * Progress from another feature (verified intel, solved challenges) on every active
 * operation with a matching objective, inside the caller's transaction. `category` narrows
 * verify_intel objectives (an objective without a category takes any). Returns the operations
 * that progressed. A repeated `idempotencyKey` counts once per operation.
 */
export async function recordObjectiveProgressTx(
  tx: Tx,
  input: { operationId?: string; kind: ObjectiveKind; amount: number; playerId: string; category?: string; idempotencyKey?: string },
): Promise<{ operationId: string; result: ProgressResult }[]> {
  const rows = await queryRows<{ operation_id: string }>(tx, sql`
    SELECT DISTINCT o.operation_id FROM operation_objectives o JOIN operations op ON op.id = o.operation_id
    WHERE op.phase = 'active' AND o.kind = ${input.kind} AND o.progress < o.target
      ${input.operationId ? sql`AND op.id = ${input.operationId}::uuid` : sql``}
      ${input.category !== undefined ? sql`AND (o.category IS NULL OR o.category = ${input.category})` : sql``}`);
  const out: { operationId: string; result: ProgressResult }[] = [];
  for (const { operation_id: id } of rows) {
    const op = await lockActive(tx, id).catch(() => null);
    if (!op) continue;
    const objectives = await tx.select().from(operationObjectives).where(and(eq(operationObjectives.operationId, id), eq(operationObjectives.kind, input.kind))).orderBy(asc(operationObjectives.position));
    const objective = objectives.find((o) => o.progress < o.target && (input.category === undefined || o.category === null || o.category === input.category));
    if (!objective) continue;
    const [player] = await queryRows<{ name: string }>(tx, sql`SELECT name FROM players WHERE id::text = ${input.playerId}`);
    const key = input.idempotencyKey ? `${id}:${input.kind}:${input.idempotencyKey}` : null;
    const result = await addProgress(tx, op, objective, input.amount, { id: input.playerId, name: player?.name ?? '' }, key);
    if (result.applied) out.push({ operationId: id, result });
  }
  return out;
}

/**
 * A siege liberated a territory: every active operation that targets it with a `liberate`
 * objective gains 1 (once per territory per operation); the points go to the given players.
 */
export async function territoryLiberatedTx(tx: Tx, territoryId: string, playerIds: string[]): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(tx, sql`
    SELECT op.id FROM operations op WHERE op.phase = 'active' AND ${territoryId} = ANY(op.target_territories)
      AND EXISTS (SELECT 1 FROM operation_objectives o WHERE o.operation_id = op.id AND o.kind = 'liberate' AND o.progress < o.target)`);
  const touched: string[] = [];
  for (const { id } of rows) {
    const op = await lockActive(tx, id).catch(() => null);
    if (!op) continue;
    const objectives = await tx.select().from(operationObjectives).where(and(eq(operationObjectives.operationId, id), eq(operationObjectives.kind, 'liberate'))).orderBy(asc(operationObjectives.position));
    const objective = objectives.find((o) => o.progress < o.target);
    if (!objective) continue;
    const credited = playerIds.length > 0 ? playerIds : ['']; // nobody named: progress without points
    const key = `${id}:liberate:${territoryId}`;
    const [seen] = await tx.select({ id: operationContributions.id }).from(operationContributions).where(eq(operationContributions.idempotencyKey, key));
    if (seen) continue;
    // One unit of progress; each named player gets an equal share of its points.
    const first = await addProgress(tx, op, objective, 1, { id: credited[0] }, key);
    if (!first.applied) continue;
    if (credited.length > 1) {
      const each = Math.floor(first.points / credited.length);
      await tx.update(operationParticipants).set({ points: sql`${operationParticipants.points} - ${first.points - each}` })
        .where(and(eq(operationParticipants.operationId, id), eq(operationParticipants.playerId, credited[0])));
      for (const pid of credited.slice(1)) {
        await tx.insert(operationParticipants).values({ operationId: id, playerId: pid, points: each })
          .onConflictDoUpdate({ target: [operationParticipants.operationId, operationParticipants.playerId], set: { points: sql`${operationParticipants.points} + ${each}` } });
      }
    }
    touched.push(id);
  }
  return touched;
}

/** The outcome of {@link resolveOperation}. */
export interface Resolution {
  /** False when the operation had already been resolved (nothing paid again). */
  resolvedNow: boolean;
  outcome: 'success' | 'failure';
  paid: bigint;
  xpPaid: number;
  recipients: number;
}

/**
 * Ends an operation and pays its pools, exactly once: under the operation's row lock, with
 * the `resolved_at` marker and every transfer in one transaction (a second call finds
 * `resolved_at` set and pays nothing). Success pays the pools pro rata to points; failure pays
 * 25 %; the rest of the pool and the contributed resources are burned from escrow. The payout is one
 * set-based pass, however many participants (exact largest-remainder split in SQL, the same
 * split as the rules' `distributeProRata`).
 */
export function resolveOperation(
  db: Db,
  operationId: string,
  opts: { now?: Date; /** One game hour in ms (speed_demon's 2 hours). @default 3600000 */ hourMs?: number } = {},
): Promise<Resolution> {
  const now = opts.now ?? new Date();
  return withTransaction(db, async (tx) => {
    await tx.execute(sql`SELECT 1 FROM operations WHERE id = ${operationId}::uuid FOR UPDATE`);
    const [op] = await tx.select().from(operations).where(eq(operations.id, operationId));
    if (!op) throw new GameError('NOT_FOUND', `no operation ${operationId}`);
    if (op.resolvedAt) {
      if (op.phase !== 'ended') await tx.update(operations).set({ phase: 'ended' }).where(eq(operations.id, op.id));
      return { resolvedNow: false, outcome: (op.outcome ?? 'failure') as 'success' | 'failure', paid: 0n, xpPaid: 0, recipients: 0 };
    }
    const objectives = await tx.select().from(operationObjectives).where(eq(operationObjectives.operationId, op.id));
    const counts = await participantCounts(tx, op.id);
    const success = operationSucceeded(objectives.map(toProgress), counts.players, op.requiredPlayers);
    let paid = 0n;
    let recipients = 0;
    if (op.poolResource && op.poolAmount > 0n) {
      const payable = payablePool(op.poolAmount, success);
      const result = await payPoolSetBased(tx, op, op.poolResource as Resource, payable);
      paid = result.paid;
      recipients = result.recipients;
      const rest = op.poolAmount - paid;
      if (rest > 0n) {
        await transfer(tx, { from: { kind: 'escrow' }, to: { kind: 'burn' }, resource: op.poolResource as Resource, amount: rest, reason: 'operation_pool_unpaid', idempotencyKey: `op:${op.id}:unpaid` });
      }
    }
    const xpPool = BigInt(Math.floor(op.xpPool * op.xpMultiplier));
    const xpPaid = xpPool > 0n ? await payXpSetBased(tx, op.id, payablePool(xpPool, success)) : 0;
    // Contributed resources were spent on the operation: out of escrow into the burn.
    const spent = await queryRows<{ resource: string; amount: unknown }>(tx, sql`
      SELECT resource, sum(amount) AS amount FROM operation_contributions
      WHERE operation_id = ${op.id}::uuid AND kind = 'contribute' GROUP BY resource`);
    for (const s of spent) {
      const amount = toBigInt(s.amount);
      if (amount > 0n) await transfer(tx, { from: { kind: 'escrow' }, to: { kind: 'burn' }, resource: s.resource as Resource, amount, reason: 'operation_spent', idempotencyKey: `op:${op.id}:spent:${s.resource}` });
    }
    // Progression (GAME §1, §2, §5): the leader, squads' missions, perfect_run, speed_demon, mass_awakening.
    await operationResolvedTx(tx, op, { success, rewarded: paid > 0n || xpPaid > 0, now, hourMs: opts.hourMs ?? 3_600_000 });
    await tx.update(operations).set({ phase: 'ended', outcome: success ? 'success' : 'failure', resolvedAt: sql`now()` }).where(eq(operations.id, op.id));
    return { resolvedNow: true, outcome: success ? 'success' : 'failure', paid, xpPaid, recipients };
  });
}

/** The per-participant split of `payable` by points as SQL (floor + largest remainder, ties by join order). */
function payoutSharesSql(operationId: string, payable: bigint) {
  const pay = payable.toString();
  return sql`
    WITH parts AS (
      SELECT player_id, squad_id, seq, points::numeric AS w FROM operation_participants
      WHERE operation_id = ${operationId}::uuid AND points > 0 AND player_id <> ''
    ), total AS (SELECT sum(w) AS w FROM parts),
    shares AS (
      SELECT p.player_id, p.squad_id, p.seq, floor(${pay}::numeric * p.w / t.w) AS base, mod(${pay}::numeric * p.w, t.w) AS rem
      FROM parts p CROSS JOIN total t
    ), ranked AS (
      SELECT s.*, row_number() OVER (ORDER BY rem DESC, seq ASC) AS rk,
        ${pay}::numeric - sum(base) OVER () AS leftover
      FROM shares s
    )
    SELECT player_id, squad_id, (base + CASE WHEN rk <= leftover THEN 1 ELSE 0 END)::bigint AS amount FROM ranked`;
}

async function payPoolSetBased(tx: Tx, op: OperationRow, resource: Resource, payable: bigint): Promise<{ paid: bigint; recipients: number }> {
  if (payable <= 0n) return { paid: 0n, recipients: 0 };
  const escrow = await accountId(tx, { kind: 'escrow' });
  await tx.execute(sql`CREATE TEMP TABLE IF NOT EXISTS op_payout (player_id text, kind text, owner_id text, amount bigint) ON COMMIT DROP`);
  await tx.execute(sql`TRUNCATE op_payout`);
  const toSquad = op.payToSquads ? sql`s.squad_id IS NOT NULL` : sql`false`;
  await tx.execute(sql`
    INSERT INTO op_payout (player_id, kind, owner_id, amount)
    SELECT s.player_id, CASE WHEN ${toSquad} THEN 'squad' ELSE 'player' END,
           CASE WHEN ${toSquad} THEN s.squad_id ELSE s.player_id END, s.amount
    FROM (${payoutSharesSql(op.id, payable)}) s WHERE s.amount > 0`);
  // Statistics for the temp table, or the planner guesses a handful of rows and joins it to
  // accounts with a nested loop (quadratic at 100,000 participants).
  await tx.execute(sql`ANALYZE op_payout`);
  // The recipients' accounts and balance rows are created where missing with plain inserts (an
  // ON CONFLICT clause costs a speculative insertion per row); if another transaction creates one
  // of them meanwhile, the statement fails on the unique key and runs again with ON CONFLICT.
  await fastOrOnConflict(
    tx,
    sql`INSERT INTO accounts (kind, owner_id) SELECT DISTINCT p.kind, p.owner_id FROM op_payout p
        WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.kind = p.kind AND a.owner_id = p.owner_id)`,
    sql`INSERT INTO accounts (kind, owner_id) SELECT DISTINCT kind, owner_id FROM op_payout ON CONFLICT (kind, owner_id) DO NOTHING`,
  );
  // The transfers carry no idempotency key (the operation's row lock and its `resolved_at`, set in
  // this transaction, already make the payout happen once), so they take no entry in the key's
  // unique index; their reason names the operation.
  const reason = `operation_payout:${op.id}`;
  const pay = (credit: SQL) => sql`
    WITH ${transferCtes('ins', sql`
      SELECT ${escrow}::bigint, a.id, ${resource}::text, p.amount, ${reason}::text, NULL::text
      FROM op_payout p JOIN accounts a ON a.kind = p.kind AND a.owner_id = p.owner_id`)},
    per_account AS (
      SELECT to_account_id AS account_id, sum(amount) AS amount FROM ins GROUP BY to_account_id
    ), ${credit}
    SELECT coalesce(sum(amount), 0)::text AS paid, count(*) AS recipients FROM ins`;
  const rows = await fastOrOnConflict(
    tx,
    pay(sql`credited AS (
        UPDATE balances b SET amount = b.amount + c.amount FROM per_account c
        WHERE b.account_id = c.account_id AND b.resource = ${resource}
      ), created AS (
        INSERT INTO balances (account_id, resource, amount)
        SELECT c.account_id, ${resource}, c.amount FROM per_account c
        WHERE NOT EXISTS (SELECT 1 FROM balances b WHERE b.account_id = c.account_id AND b.resource = ${resource})
      )`),
    pay(creditCte('credit', sql`SELECT account_id, ${resource}::text, amount FROM per_account`)),
  );
  const row = rows[0] as { paid: unknown; recipients: unknown };
  const paid = toBigInt(row.paid);
  if (paid > 0n) {
    // The escrow holds the pool since creation; the CHECK (amount >= 0) is the last guard.
    const debited = await execute(tx, sql`UPDATE balances SET amount = amount - ${paid.toString()}::bigint
      WHERE account_id = ${escrow} AND resource = ${resource} AND amount >= ${paid.toString()}::bigint`);
    if (debited !== 1) throw new GameError('INSUFFICIENT_FUNDS', 'escrow holds less than the operation pool');
  }
  return { paid, recipients: toNumber(row.recipients) };
}

async function payXpSetBased(tx: Tx, operationId: string, payable: bigint): Promise<number> {
  if (payable <= 0n) return 0;
  const [row] = await queryRows<{ xp: unknown }>(tx, sql`
    WITH s AS (${payoutSharesSql(operationId, payable)}),
    upd AS (UPDATE players p SET xp = p.xp + s.amount FROM s WHERE p.id::text = s.player_id AND s.amount > 0 RETURNING s.amount)
    SELECT coalesce(sum(amount), 0)::text AS xp FROM upd`);
  return toNumber(row.xp);
}

/** Occupied territories to target (deterministic: by id), for calendar liberation wars. */
export async function occupiedTerritoryIds(db: Db, limit: number): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(db, sql`SELECT id FROM territories WHERE status = 'occupied' ORDER BY id LIMIT ${limit}`);
  return rows.map((r) => r.id);
}

// ---- templates, trigger signatures ----

/** Inserts the default templates that are missing (GM edits are kept). */
export async function seedOperationTemplates(db: Db, defaults: Record<string, unknown>): Promise<void> {
  const rows = Object.entries(defaults).map(([key, definition]) => ({ key, definition }));
  if (rows.length > 0) await db.insert(operationTemplates).values(rows).onConflictDoNothing();
}

/** All templates by key. */
export async function listOperationTemplates(db: Db): Promise<{ key: string; definition: unknown; updatedAt: Date }[]> {
  return db.select({ key: operationTemplates.key, definition: operationTemplates.definition, updatedAt: operationTemplates.updatedAt })
    .from(operationTemplates).orderBy(asc(operationTemplates.key));
}

/** One template's definition, or null. */
export async function getOperationTemplate(db: Db, key: string): Promise<unknown | null> {
  const [row] = await db.select().from(operationTemplates).where(eq(operationTemplates.key, key));
  return row?.definition ?? null;
}

/** Creates or replaces a template (the caller validated it). */
export async function saveOperationTemplate(db: Db, key: string, definition: unknown, by: string | null): Promise<void> {
  await db.insert(operationTemplates).values({ key, definition, updatedBy: by })
    .onConflictDoUpdate({ target: operationTemplates.key, set: { definition, updatedBy: by, updatedAt: sql`now()` } });
}

/** Records a webhook signature; false when it was seen before (a replay). */
export async function recordTriggerSignature(db: Db, signature: string): Promise<boolean> {
  const rows = await db.insert(operationTriggerSignatures).values({ signature }).onConflictDoNothing().returning();
  return rows.length === 1;
}

/** What a resolved operation paid one participant. */
export interface OperationPayoutLine {
  playerId: string;
  name: string;
  squadId: string | null;
  points: number;
  /** Units of the pool's resource (to the player, or their squad's treasury with payToSquads). */
  amount: string;
  xp: number;
}

/**
 * What a resolved operation paid to whom (the GM console's end summary): the split the resolution
 * paid, recomputed from the participants' points with the same SQL (points do not change after
 * the resolution), largest shares first. Null for an unknown or unresolved operation.
 */
export async function operationPayouts(db: Db, operationId: string, limit = 100): Promise<{
  outcome: 'success' | 'failure'; resource: string | null; pool: string; paid: string; xpPool: number; xpPaid: number;
  recipients: number; payToSquads: boolean; lines: OperationPayoutLine[];
} | null> {
  const [op] = await db.select().from(operations).where(eq(operations.id, operationId));
  if (!op || !op.resolvedAt) return null;
  const success = op.outcome === 'success';
  const payable = op.poolResource && op.poolAmount > 0n ? payablePool(op.poolAmount, success) : 0n;
  const xpPayable = payablePool(BigInt(Math.floor(op.xpPool * op.xpMultiplier)), success);
  const rows = await queryRows<Record<string, unknown>>(db, sql`
    WITH r AS (${payable > 0n ? payoutSharesSql(op.id, payable) : sql`SELECT NULL::text AS player_id, NULL::text AS squad_id, 0::bigint AS amount WHERE false`}),
    x AS (${xpPayable > 0n ? payoutSharesSql(op.id, xpPayable) : sql`SELECT NULL::text AS player_id, NULL::text AS squad_id, 0::bigint AS amount WHERE false`})
    SELECT p.player_id, p.name, p.squad_id, p.points, coalesce(r.amount, 0)::text AS amount, coalesce(x.amount, 0) AS xp,
      count(*) OVER () AS recipients, sum(coalesce(r.amount, 0)) OVER ()::text AS paid, sum(coalesce(x.amount, 0)) OVER () AS xp_paid
    FROM operation_participants p LEFT JOIN r ON r.player_id = p.player_id LEFT JOIN x ON x.player_id = p.player_id
    WHERE p.operation_id = ${op.id}::uuid AND (r.amount > 0 OR x.amount > 0)
    ORDER BY coalesce(r.amount, 0) DESC, coalesce(x.amount, 0) DESC, p.seq
    LIMIT ${limit}`);
  return {
    outcome: success ? 'success' : 'failure', resource: op.poolResource, pool: op.poolAmount.toString(),
    paid: rows[0] ? String(rows[0].paid) : '0', xpPool: op.xpPool, xpPaid: rows[0] ? toNumber(rows[0].xp_paid) : 0,
    recipients: rows[0] ? toNumber(rows[0].recipients) : 0, payToSquads: op.payToSquads,
    lines: rows.map((r) => ({
      playerId: String(r.player_id), name: String(r.name), squadId: (r.squad_id as string | null) ?? null, points: toNumber(r.points),
      amount: String(r.amount), xp: toNumber(r.xp),
    })),
  };
}
