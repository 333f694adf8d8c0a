/**
 * Batched resource contributions (GAME §6.1) for the operation room's tick: every queued
 * contribution of one operation in ONE transaction with a fixed number of statements,
 * however many there are (ledger legs, balances, contribution rows, points, progress), so
 * a thousand contributors do not queue behind one row lock per contribution.
 */
import { inArray, sql } from 'drizzle-orm';
import { GameError, acceptedAmount, allObjectivesComplete, contributionPoints, isObjectiveRevealed, operationProgress, type BoardEntry, type ObjectiveTier, type Resource } from '@datavism/rules';
import type { Db } from './client';
import { accountId, accountMatch, balancesForUpdate, completePlayerAccounts, creditCte, playerAccountsCtes, transferCtes, withTransaction } from './ledger';
import { failedActionsSql, objectivesCompletedTx, recordFailedActionsTx } from './progression';
import { operationObjectives } from './schema/index';
import { queryRows, toBigInt, toNumber } from './sql';

/** One queued contribution. */
export interface QueuedContribution {
  playerId: string;
  name: string;
  resource: Resource;
  amount: number;
  /** Client retry key (unique per player per operation). */
  key?: string;
}

/** What happened to one queued contribution: accepted (with its progress) or a typed error. */
export type ContributionOutcome =
  | { ok: true; objectiveId: number; accepted: number; points: number }
  | { ok: false; code: GameError['code']; message: string };

export interface BatchResult {
  outcomes: ContributionOutcome[];
  revealed: boolean;
  complete: boolean;
  /** The new point totals of the batch's contributors (for the room's top-contributors board). */
  participants: BoardEntry[];
  /** How many of them became participants with this batch. */
  joined: number;
}

/**
 * Applies a batch of contributions to one operation, in order, in one transaction. Each item
 * is accepted or refused on its own (OPERATION_NOT_ACTIVE, BAD_REQUEST no such objective,
 * OBJECTIVE_COMPLETE, INSUFFICIENT_FUNDS); a repeated key is accepted with 0 (already counted).
 */
export function contributeBatch(
  db: Db, operationId: string, items: QueuedContribution[],
  /** recordFailedActions: the refused actions that cost perfect_run (GAME §5); off only to measure its cost. */
  opts: { recordFailedActions?: boolean } = {},
): Promise<BatchResult> {
  return withTransaction(db, async (tx) => {
    const refuse = (code: GameError['code'], message: string): ContributionOutcome => ({ ok: false, code, message });
    // The operation's phase (shared lock) and its objectives (locked) in one round trip.
    const objectives = await queryRows<{ phase: string; id: unknown; tier: string; kind: string; resource: string | null; target: unknown; progress: unknown; weight: number; reveal_at: number | null; revealed: boolean }>(tx, sql`
      SELECT op.phase, o.id, o.tier, o.kind, o.resource, o.target, o.progress, o.weight, o.reveal_at, o.revealed
      FROM operations op JOIN operation_objectives o ON o.operation_id = op.id
      WHERE op.id = ${operationId}::uuid ORDER BY o.position FOR SHARE OF op FOR UPDATE OF o`);
    const phase = objectives[0]?.phase
      ?? (await queryRows<{ phase: string }>(tx, sql`SELECT phase FROM operations WHERE id = ${operationId}::uuid`))[0]?.phase;
    if (phase !== 'active') {
      const o = refuse(phase ? 'OPERATION_NOT_ACTIVE' : 'NOT_FOUND', phase ? `operation is ${phase}` : 'no such operation');
      return { outcomes: items.map(() => o), revealed: false, complete: false, participants: [], joined: 0 };
    }
    const objs = objectives.map((o) => ({ ...o, id: toNumber(o.id), target: toNumber(o.target), progress: toNumber(o.progress), added: 0 }));

    // In one more round trip: the players' accounts (created on first use), their balances locked
    // in (account, resource) order like every ledger write, the retry keys already used, and the
    // escrow account. Id lists go as JSON arrays: one parameter each.
    const fullKey = (it: QueuedContribution) => (it.key ? `${operationId}:${it.playerId}:${it.key}` : null);
    const keys = items.map(fullKey).filter((k): k is string => k !== null);
    const players = [...new Set(items.map((i) => i.playerId))];
    const looked = await queryRows<{ tag: string; a: string; b: string | null; c: string | null }>(tx, sql`
      WITH ${playerAccountsCtes(players)}, locked AS (${balancesForUpdate(sql`SELECT id FROM player_accounts`)})
      SELECT 'account' AS tag, id::text AS a, owner_id AS b, NULL AS c FROM player_accounts
      UNION ALL SELECT 'balance', account_id::text, resource, amount FROM locked
      UNION ALL SELECT 'escrow', id::text, NULL, NULL FROM accounts WHERE ${accountMatch({ kind: 'escrow' })}
      ${keys.length === 0 ? sql`` : sql`UNION ALL SELECT 'key', idempotency_key, NULL, NULL FROM operation_contributions
        WHERE idempotency_key IN (SELECT jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb))`}`);
    const accountOf = new Map<string, number>();
    const balance = new Map<string, bigint>();
    const seen = new Set<string>();
    let escrowId: number | undefined;
    for (const r of looked) {
      if (r.tag === 'account') accountOf.set(r.b!, toNumber(r.a));
      else if (r.tag === 'balance') balance.set(`${toNumber(r.a)}:${r.b}`, toBigInt(r.c));
      else if (r.tag === 'key') seen.add(r.a);
      else escrowId = toNumber(r.a);
    }
    // An account a concurrent transaction created meanwhile is read anew. Its balances were not
    // locked above, so the checks below see 0 and refuse its contributions (INSUFFICIENT_FUNDS,
    // nothing moved); the player's retry goes through.
    await completePlayerAccounts(tx, players, accountOf);

    const outcomes: ContributionOutcome[] = [];
    const applied: { it: QueuedContribution; account: number; objectiveId: number; accepted: number; points: number; key: string | null }[] = [];
    // Players whose action the operation refused: no perfect_run for them (GAME §5).
    const failed: string[] = [];
    const fail = (it: QueuedContribution, o: ContributionOutcome) => { failed.push(it.playerId); outcomes.push(o); };
    for (const it of items) {
      const key = fullKey(it);
      const candidates = objs.filter((o) => o.kind === 'contribute' && o.resource === it.resource && o.revealed);
      if (candidates.length === 0) { fail(it, refuse('BAD_REQUEST', `this operation takes no ${it.resource}`)); continue; }
      const objective = candidates.find((o) => o.progress < o.target);
      if (key !== null && (seen.has(key) || applied.some((a) => a.key === key))) {
        outcomes.push({ ok: true, objectiveId: (objective ?? candidates[0]).id, accepted: 0, points: 0 });
        continue;
      }
      if (!objective) { fail(it, refuse('OBJECTIVE_COMPLETE', `the ${it.resource} objective is complete`)); continue; }
      const accepted = acceptedAmount(objective, it.amount);
      const account = accountOf.get(it.playerId)!;
      const have = balance.get(`${account}:${it.resource}`) ?? 0n;
      if (have < BigInt(accepted)) { fail(it, refuse('INSUFFICIENT_FUNDS', `player:${it.playerId} holds less than ${accepted} ${it.resource}`)); continue; }
      balance.set(`${account}:${it.resource}`, have - BigInt(accepted));
      const points = contributionPoints(objective, accepted);
      objective.progress += accepted;
      objective.added += accepted;
      applied.push({ it, account, objectiveId: objective.id, accepted, points, key });
      outcomes.push({ ok: true, objectiveId: objective.id, accepted, points });
    }
    const recordFailed = opts.recordFailedActions !== false && failed.length > 0;
    if (applied.length === 0) {
      if (recordFailed) await recordFailedActionsTx(tx, operationId, failed);
      return { outcomes, revealed: false, complete: false, participants: [], joined: 0 };
    }

    // One statement writes it all: per contribution a ledger transfer (player → escrow) with both
    // legs, the debits and the escrow credit; the contribution rows, participants' points,
    // objective progress and the players' counters.
    const escrow = escrowId ?? (await accountId(tx, { kind: 'escrow' }));
    const perPlayer = new Map<string, { name: string; points: number; count: number }>();
    for (const a of applied) {
      const p = perPlayer.get(a.it.playerId) ?? { name: a.it.name, points: 0, count: 0 };
      p.points += a.points;
      p.count += 1;
      perPlayer.set(a.it.playerId, p);
    }
    const added = objs.filter((o) => o.added > 0);
    // The rows go as two JSON arrays of arrays (one parameter each, a statement text that does
    // not grow with the batch): Postgres parses and plans it in a fraction of the time a VALUES
    // list with a bind parameter per value takes.
    const contributions = JSON.stringify(applied.map((a) => [a.account, a.it.resource, a.accepted, a.key, a.objectiveId, a.it.playerId, a.points]));
    const contributors = JSON.stringify([...perPlayer].map(([id, p]) => [id, p.name, p.points, p.count]));
    const totals = await queryRows<{ player_id: string; name: string; points: unknown; seq: unknown; inserted: boolean }>(tx, sql`
      WITH a AS MATERIALIZED (
        SELECT (x->>0)::bigint AS account, x->>1 AS resource, (x->>2)::bigint AS amount, x->>3 AS key,
          (x->>4)::bigint AS objective_id, x->>5 AS player_id, (x->>6)::bigint AS points, n
        FROM jsonb_array_elements(${contributions}::jsonb) WITH ORDINALITY AS e(x, n)
      ), p AS MATERIALIZED (
        SELECT x->>0 AS player_id, x->>1 AS name, (x->>2)::bigint AS points, (x->>3)::int AS count
        FROM jsonb_array_elements(${contributors}::jsonb) AS x
      ), ${transferCtes('ins', sql`
        SELECT account, ${escrow}::bigint, resource, amount, 'operation_contribution', 'op-contrib:' || key FROM a ORDER BY n`)},
      debit AS (
        UPDATE balances b SET amount = b.amount - d.total
        FROM (SELECT from_account_id, resource, sum(amount) AS total FROM ins GROUP BY from_account_id, resource) d
        WHERE b.account_id = d.from_account_id AND b.resource = d.resource
      ), ${creditCte('credit', sql`SELECT ${escrow}::bigint, resource, sum(amount) FROM ins GROUP BY resource`)},
      contributions AS (
        INSERT INTO operation_contributions (operation_id, objective_id, player_id, kind, resource, amount, points, idempotency_key)
        SELECT ${operationId}::uuid, objective_id, player_id, 'contribute', resource, amount, points, key FROM a ORDER BY n
      ), participants AS (
        INSERT INTO operation_participants (operation_id, player_id, name, points, squad_id)
        SELECT ${operationId}::uuid, p.player_id, p.name, p.points,
          (SELECT m.squad_id::text FROM squad_members m WHERE m.player_id = p.player_id::uuid)
        FROM p
        ON CONFLICT (operation_id, player_id) DO UPDATE SET points = operation_participants.points + excluded.points
        RETURNING player_id, name, points, seq, xmax = 0 AS inserted
      )${added.length === 0 ? sql`` : sql`, progress AS (
        UPDATE operation_objectives o SET progress = o.progress + v.added
        FROM (VALUES ${sql.join(added.map((o) => sql`(${o.id}::bigint, ${o.added}::bigint)`), sql`, `)}) v(id, added)
        WHERE o.id = v.id
      )`}, counters AS (
        UPDATE players SET last_contribution_at = now(), contributions = players.contributions + p.count
        FROM p WHERE players.id = p.player_id::uuid
      )${recordFailed ? sql`, failed_actions AS (${failedActionsSql(operationId, failed)})` : sql``}
      SELECT player_id, name, points, seq, inserted FROM participants`);
    const participants = totals.map((r) => ({ playerId: r.player_id, name: r.name, points: toNumber(r.points), seq: toNumber(r.seq) }));
    const joined = totals.filter((r) => r.inserted).length;
    const progressInputs = objs.map((o) => ({ tier: o.tier as ObjectiveTier, weight: o.weight, target: o.target, progress: o.progress, revealAt: o.reveal_at ?? undefined }));
    const progress = operationProgress(progressInputs);
    const toReveal = objs.filter((o, i) => !o.revealed && isObjectiveRevealed(progressInputs[i], progress)).map((o) => o.id);
    if (toReveal.length > 0) await tx.update(operationObjectives).set({ revealed: true }).where(inArray(operationObjectives.id, toReveal));
    // Objectives this batch completed pay their contributors (GAME §1); nothing to do, no query, otherwise.
    const completed = added.filter((o) => o.progress >= o.target && o.progress - o.added < o.target);
    if (completed.length > 0) {
      const [op] = await queryRows<{ type: string; handler: string; squad_id: string | null; active_at: string | Date }>(tx, sql`
        SELECT type, handler, squad_id, active_at FROM operations WHERE id = ${operationId}::uuid`);
      await objectivesCompletedTx(
        tx, { id: operationId, type: op.type, handler: op.handler, squadId: op.squad_id, activeAt: new Date(op.active_at) },
        completed.map((o) => ({ id: o.id, tier: o.tier })),
      );
    }
    return { outcomes, revealed: toReveal.length > 0, complete: allObjectivesComplete(progressInputs), participants, joined };
  });
}

