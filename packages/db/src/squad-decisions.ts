import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import {
  GameError, RANKS, RESOURCE_INFO, decisionPasses, distributeProRata, isResource, type Rank, type Resource,
} from '@datavism/rules';
import type { Db, Tx } from './client';
import { scheduleJobsTx, type Deadlines } from './jobs';
import { balanceOf, transfer, withTransaction } from './ledger';
import { players, squadDecisionVotes, squadDecisions, squadMembers, squads } from './schema/index';
import type { SquadDecisionKind, SquadDecisionStatus, SquadRecruitment } from './schema/index';
import { isUuid } from './sql';
import { refreshSquadLevel, removeMemberTx, requireMember, setRecruitmentTx } from './squads';

/** What a decision proposes, by kind. Amounts are decimal strings of bigints. */
export type SquadDecisionPayload =
  | { kind: 'spend'; resource: Resource; amount: string; toPlayerId: string }
  | { kind: 'declare_siege'; territoryId: string }
  | { kind: 'kick'; playerId: string }
  | { kind: 'change_recruitment'; recruitment: SquadRecruitment; minInfluence?: number; minRank?: Rank | null }
  | { kind: 'distribute_profits'; resource: Resource; amount: string };

/** A decision with its live tally and each member's vote. */
export interface SquadDecisionView {
  id: string;
  squadId: string;
  proposerId: string;
  kind: SquadDecisionKind;
  payload: SquadDecisionPayload;
  status: SquadDecisionStatus;
  createdAt: Date;
  closesAt: Date;
  closedAt: Date | null;
  yes: number;
  no: number;
  votes: { playerId: string; yes: boolean }[];
  result: string | null;
}


function positiveAmount(s: string): bigint {
  if (!/^\d{1,30}$/.test(s)) throw new GameError('BAD_REQUEST', `amount must be a positive integer, got ${s}`);
  const v = BigInt(s);
  if (v <= 0n) throw new GameError('BAD_REQUEST', 'amount must be positive');
  return v;
}

function transferableResource(r: string): Resource {
  if (!isResource(r)) throw new GameError('BAD_REQUEST', `unknown resource ${r}`);
  if (RESOURCE_INFO[r].soulBound) throw new GameError('SOUL_BOUND', `${r} cannot be paid out`);
  return r;
}

async function validatePayload(tx: Tx, squadId: string, p: SquadDecisionPayload): Promise<void> {
  switch (p.kind) {
    case 'spend': {
      const resource = transferableResource(p.resource);
      const amount = positiveAmount(p.amount);
      if (!isUuid(p.toPlayerId)) throw new GameError('NOT_FOUND', `no player ${p.toPlayerId}`);
      const [to] = await tx.select({ id: players.id }).from(players).where(eq(players.id, p.toPlayerId));
      if (!to) throw new GameError('NOT_FOUND', `no player ${p.toPlayerId}`);
      const balance = await balanceOf(tx, { kind: 'squad', id: squadId }, resource);
      if (balance < amount) throw new GameError('INSUFFICIENT_FUNDS', `the treasury holds ${balance} ${resource}`);
      return;
    }
    case 'distribute_profits': {
      const resource = transferableResource(p.resource);
      const amount = positiveAmount(p.amount);
      const balance = await balanceOf(tx, { kind: 'squad', id: squadId }, resource);
      if (balance < amount) throw new GameError('INSUFFICIENT_FUNDS', `the treasury holds ${balance} ${resource}`);
      return;
    }
    case 'kick': {
      const role = await requireMember(tx, squadId, p.playerId).catch(() => {
        throw new GameError('NOT_SQUAD_MEMBER', 'that player is not in this squad');
      });
      if (role === 'leader') throw new GameError('BAD_REQUEST', 'the leader cannot be voted out by a kick decision');
      return;
    }
    case 'change_recruitment':
      if (p.minRank && !RANKS.some((r) => r.name === p.minRank)) throw new GameError('BAD_REQUEST', `unknown rank ${p.minRank}`);
      return;
    case 'declare_siege':
      if (!p.territoryId) throw new GameError('BAD_REQUEST', 'territoryId required');
      return;
  }
}

/**
 * A member proposes a decision that closes at `now + periodMs`. The payload is checked
 * now (e.g. the treasury can pay the amount) and again when it executes.
 */
export function proposeDecision(
  db: Db,
  input: {
    squadId: string; proposerId: string; payload: SquadDecisionPayload; now: Date; periodMs: number;
    /** The close job, written with the decision. */
    deadlines?: Deadlines<SquadDecisionView>;
  },
): Promise<SquadDecisionView> {
  const { squadId, proposerId, payload, now } = input;
  return withTransaction(db, async (tx) => {
    await requireMember(tx, squadId, proposerId);
    await validatePayload(tx, squadId, payload);
    const { kind, ...rest } = payload;
    const [row] = await tx
      .insert(squadDecisions)
      .values({ squadId, proposerId, kind, payload: rest, createdAt: now, closesAt: new Date(now.getTime() + input.periodMs) })
      .returning();
    const decision = toView(row, []);
    await scheduleJobsTx(tx, input.deadlines?.(decision) ?? []);
    return decision;
  });
}

function toView(row: typeof squadDecisions.$inferSelect, votes: { playerId: string; yes: boolean }[]): SquadDecisionView {
  const open = row.status === 'open';
  return {
    id: row.id,
    squadId: row.squadId,
    proposerId: row.proposerId,
    kind: row.kind,
    payload: { kind: row.kind, ...row.payload } as SquadDecisionPayload,
    status: row.status,
    createdAt: row.createdAt,
    closesAt: row.closesAt,
    closedAt: row.closedAt,
    yes: open ? votes.filter((v) => v.yes).length : row.yes,
    no: open ? votes.filter((v) => !v.yes).length : row.no,
    votes,
    result: row.result,
  };
}

/** A decision with its votes, or null. */
export async function getDecision(db: Db, decisionId: string): Promise<SquadDecisionView | null> {
  if (!isUuid(decisionId)) return null;
  const [row] = await db.select().from(squadDecisions).where(eq(squadDecisions.id, decisionId));
  if (!row) return null;
  const votes = await db
    .select({ playerId: squadDecisionVotes.playerId, yes: squadDecisionVotes.yes })
    .from(squadDecisionVotes)
    .where(eq(squadDecisionVotes.decisionId, decisionId));
  return toView(row, votes);
}

/** Open decisions of a squad (oldest first) plus the `recent` latest closed ones. */
export async function squadDecisionList(db: Db, squadId: string, recent = 10): Promise<SquadDecisionView[]> {
  if (!isUuid(squadId)) return [];
  const open = await db
    .select()
    .from(squadDecisions)
    .where(and(eq(squadDecisions.squadId, squadId), eq(squadDecisions.status, 'open')))
    .orderBy(asc(squadDecisions.createdAt));
  const closed = await db
    .select()
    .from(squadDecisions)
    .where(and(eq(squadDecisions.squadId, squadId), sql`${squadDecisions.status} <> 'open'`))
    .orderBy(desc(squadDecisions.closedAt))
    .limit(recent);
  const rows = [...open, ...closed];
  if (rows.length === 0) return [];
  const votes = await db
    .select()
    .from(squadDecisionVotes)
    .where(inArray(squadDecisionVotes.decisionId, rows.map((r) => r.id)));
  return rows.map((r) =>
    toView(r, votes.filter((v) => v.decisionId === r.id).map((v) => ({ playerId: v.playerId, yes: v.yes }))),
  );
}

/**
 * A member votes yes or no; voting again changes the vote (GAME §2: one vote per
 * member, changeable until close). NOT_SQUAD_MEMBER for outsiders, DECISION_CLOSED
 * after close or past `closesAt`.
 */
export function castDecisionVote(
  db: Db,
  input: { decisionId: string; playerId: string; yes: boolean; now: Date },
): Promise<{ decision: SquadDecisionView; changed: boolean }> {
  const { decisionId, playerId, yes, now } = input;
  if (!isUuid(decisionId)) throw new GameError('NOT_FOUND', `no decision ${decisionId}`);
  return withTransaction(db, async (tx) => {
    // A shared lock: votes run in parallel but not while the decision is being closed.
    const [row] = await tx.select().from(squadDecisions).where(eq(squadDecisions.id, decisionId)).for('share');
    if (!row) throw new GameError('NOT_FOUND', `no decision ${decisionId}`);
    await requireMember(tx, row.squadId, playerId);
    if (row.status !== 'open' || now.getTime() >= row.closesAt.getTime()) {
      throw new GameError('DECISION_CLOSED', 'voting on this decision has closed');
    }
    const [before] = await tx
      .select({ yes: squadDecisionVotes.yes })
      .from(squadDecisionVotes)
      .where(and(eq(squadDecisionVotes.decisionId, decisionId), eq(squadDecisionVotes.playerId, playerId)));
    await tx
      .insert(squadDecisionVotes)
      .values({ decisionId, playerId, yes, votedAt: now })
      .onConflictDoUpdate({
        target: [squadDecisionVotes.decisionId, squadDecisionVotes.playerId],
        set: { yes, votedAt: now },
      });
    const votes = await tx
      .select({ playerId: squadDecisionVotes.playerId, yes: squadDecisionVotes.yes })
      .from(squadDecisionVotes)
      .where(eq(squadDecisionVotes.decisionId, decisionId));
    return { decision: toView(row, votes), changed: before !== undefined && before.yes !== yes };
  });
}

/** Outcome of closing a decision. */
export interface DecisionCloseResult {
  /** False when it was already closed (the close ran before: nothing done). */
  closed: boolean;
  decision: SquadDecisionView | null;
}

/**
 * Closes a decision exactly once: tallies the votes of current members, decides with
 * the rules' `decisionPasses` (majority of votes cast, ≥ 30 % of members voting) and,
 * when it passed, executes it in the same transaction (ledger transfers included).
 * A `declare_siege` only passes here; the caller then asks the territory service.
 * If execution fails (e.g. the treasury was spent meanwhile) the decision is stored
 * as `execution_failed` with the reason and nothing else changes.
 */
export function closeDecision(
  db: Db,
  input: { decisionId: string; now: Date },
): Promise<DecisionCloseResult> {
  const { decisionId, now } = input;
  if (!isUuid(decisionId)) return Promise.resolve({ closed: false, decision: null });
  return withTransaction(db, async (tx) => {
    const [row] = await tx.select().from(squadDecisions).where(eq(squadDecisions.id, decisionId)).for('update');
    if (!row || row.status !== 'open') return { closed: false, decision: row ? await getDecision(tx, decisionId) : null };
    // Serialise with membership changes so the member count is the one at close.
    await tx.select({ id: squads.id }).from(squads).where(eq(squads.id, row.squadId)).for('update');
    const [{ members }] = await tx
      .select({ members: sql<number>`count(*)::int` })
      .from(squadMembers)
      .where(eq(squadMembers.squadId, row.squadId));
    const [tally] = await tx
      .select({
        yes: sql<number>`count(*) filter (where ${squadDecisionVotes.yes})::int`,
        no: sql<number>`count(*) filter (where not ${squadDecisionVotes.yes})::int`,
      })
      .from(squadDecisionVotes)
      .innerJoin(
        squadMembers,
        and(eq(squadMembers.playerId, squadDecisionVotes.playerId), eq(squadMembers.squadId, row.squadId)),
      )
      .where(eq(squadDecisionVotes.decisionId, decisionId));
    const yes = Number(tally.yes);
    const no = Number(tally.no);
    const memberCount = Number(members);
    const passes = memberCount > 0 && decisionPasses({ yes, no, memberCount });
    let status: SquadDecisionStatus = passes ? 'passed' : 'failed';
    let result: string | null = passes ? null : `failed: ${yes} yes, ${no} no of ${memberCount} members`;
    if (passes) {
      try {
        // A savepoint: a failed execution rolls back only its own writes.
        result = await tx.transaction((sp) => executeDecision(sp as Tx, row));
      } catch (err) {
        status = 'execution_failed';
        result = err instanceof GameError ? `${err.code}: ${err.message}` : 'execution failed';
        if (!(err instanceof GameError)) throw err;
      }
    }
    await tx
      .update(squadDecisions)
      .set({ status, result, yes, no, memberCount, closedAt: now })
      .where(eq(squadDecisions.id, decisionId));
    return { closed: true, decision: await getDecision(tx, decisionId) };
  });
}

async function executeDecision(
  tx: Tx,
  row: typeof squadDecisions.$inferSelect,
): Promise<string> {
  const p = { kind: row.kind, ...row.payload } as SquadDecisionPayload;
  const squadRef = { kind: 'squad' as const, id: row.squadId };
  switch (p.kind) {
    case 'spend': {
      const amount = positiveAmount(p.amount);
      await transfer(tx, {
        from: squadRef,
        to: { kind: 'player', id: p.toPlayerId },
        resource: transferableResource(p.resource),
        amount,
        reason: 'squad_decision_spend',
        idempotencyKey: `squad-decision:${row.id}`,
      });
      return `paid ${amount} ${p.resource}`;
    }
    case 'distribute_profits': {
      const amount = positiveAmount(p.amount);
      const resource = transferableResource(p.resource);
      const members = await tx
        .select({ id: squadMembers.playerId, weight: squadMembers.contributionScore })
        .from(squadMembers)
        .where(eq(squadMembers.squadId, row.squadId))
        .orderBy(asc(squadMembers.joinedAt), asc(squadMembers.playerId));
      // Nobody has contributed yet: split equally rather than refuse.
      const anyWeight = members.some((m) => m.weight > 0);
      const shares = distributeProRata(amount, members.map((m) => ({ id: m.id, weight: anyWeight ? m.weight : 1 })));
      for (const s of shares) {
        if (s.amount === 0n) continue;
        await transfer(tx, {
          from: squadRef,
          to: { kind: 'player', id: s.id },
          resource,
          amount: s.amount,
          reason: 'squad_profit_distribution',
          idempotencyKey: `squad-decision:${row.id}:${s.id}`,
        });
      }
      return `distributed ${amount} ${resource} to ${shares.filter((s) => s.amount > 0n).length} members`;
    }
    case 'kick': {
      const [squad] = await tx.select().from(squads).where(eq(squads.id, row.squadId));
      const role = await requireMember(tx, row.squadId, p.playerId);
      if (role === 'leader') throw new GameError('BAD_REQUEST', 'the leader cannot be kicked by decision');
      await removeMemberTx(tx, squad, p.playerId, 'kicked by decision');
      return 'member removed';
    }
    case 'change_recruitment':
      await setRecruitmentTx(tx, row.squadId, p);
      await refreshSquadLevel(tx, row.squadId);
      return `recruitment ${p.recruitment}`;
    case 'declare_siege':
      // The territory service declares it after this commit (it opens its own
      // transaction); a refusal is recorded with failDecisionExecution.
      return `declaring siege on ${p.territoryId}`;
  }
}

/**
 * Records that a passed decision could not be carried out after its close (a
 * `declare_siege` refused by the territory service): status execution_failed.
 */
export async function failDecisionExecution(db: Db, decisionId: string, reason: string): Promise<void> {
  await db
    .update(squadDecisions)
    .set({ status: 'execution_failed', result: reason })
    .where(and(eq(squadDecisions.id, decisionId), eq(squadDecisions.status, 'passed')));
}

/** Records the note of a passed decision executed after its close. */
export async function noteDecisionResult(db: Db, decisionId: string, result: string): Promise<void> {
  await db.update(squadDecisions).set({ result }).where(eq(squadDecisions.id, decisionId));
}

/** Open decisions whose close time has passed (for a sweep after downtime). */
export async function overdueDecisions(db: Db, now: Date): Promise<string[]> {
  const rows = await db
    .select({ id: squadDecisions.id })
    .from(squadDecisions)
    .where(and(eq(squadDecisions.status, 'open'), sql`${squadDecisions.closesAt} <= ${now.toISOString()}::timestamptz`));
  return rows.map((r) => r.id);
}
