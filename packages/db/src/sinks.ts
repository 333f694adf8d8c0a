/**
 * Resource sinks of GAME §4.5 that ride on other features' actions: an investigation action's
 * cpu_cycles, a challenge hint's data_credits, and the custom-challenge daily cap that stops a
 * creator's challenges from minting without limit. Each spend is a ledger burn in the caller's
 * transaction (or its own), so a short balance (`INSUFFICIENT_FUNDS`) changes nothing.
 */
import { eq, sql } from 'drizzle-orm';
import { GameError, assertChallengeOpen, assertNotOwnChallenge, challengeHint, type ChallengeHint } from '@datavism/rules';
import type { Db, Tx } from './client';
import { burn, withTransaction } from './ledger';
import { challengeHints, challenges, operations } from './schema/index';
import { isUuid, queryRows, toNumber } from './sql';

/** An intel action filed inside an investigation operation (GAME §4.5 "runs an investigation"). */
export interface InvestigationAction {
  operationId: string;
  /** Registry `investigation_action_cpu_cycles`; 0 burns nothing. */
  cpuCycles: bigint;
}

/**
 * Runs an investigation action inside `tx`: the operation must be an `investigation` in its
 * `active` phase (`NOT_FOUND`, `BAD_REQUEST`, `OPERATION_NOT_ACTIVE`), then `cpuCycles` are burned
 * from the player (`INSUFFICIENT_FUNDS` when short). The caller's intel action commits with it.
 */
export async function runInvestigationActionTx(tx: Tx, playerId: string, action: InvestigationAction): Promise<void> {
  if (!isUuid(action.operationId)) throw new GameError('NOT_FOUND', 'no such operation');
  const [op] = await tx.select({ type: operations.type, phase: operations.phase }).from(operations).where(eq(operations.id, action.operationId));
  if (!op) throw new GameError('NOT_FOUND', 'no such operation');
  if (op.type !== 'investigation') throw new GameError('BAD_REQUEST', 'that operation is not an investigation');
  if (op.phase !== 'active') throw new GameError('OPERATION_NOT_ACTIVE', 'that investigation is not active');
  if (action.cpuCycles > 0n) {
    await burn(tx, { kind: 'player', id: playerId }, 'cpu_cycles', action.cpuCycles, `investigation_action:${action.operationId}`);
  }
}

/** What a hint request gave: the hint and what it cost now (0 when bought before). */
export interface HintPurchase {
  challengeId: string;
  hint: ChallengeHint;
  cost: bigint;
}

/**
 * A challenge's hint for `cost` data_credits (registry `challenge_hint_data_credits`), burned once
 * per (challenge, player): asking again shows the same hint for nothing. The challenge must be
 * open (`CHALLENGE_NOT_OPEN`) and not the player's own (`OWN_CHALLENGE`); `INSUFFICIENT_FUNDS`
 * when short, nothing written.
 */
export async function buyChallengeHint(db: Db, input: { challengeId: string; playerId: string; cost: bigint; now: Date }): Promise<HintPurchase> {
  if (!isUuid(input.challengeId)) throw new GameError('NOT_FOUND', 'no such challenge');
  return withTransaction(db, async (tx) => {
    const [c] = await tx.select().from(challenges).where(eq(challenges.id, input.challengeId));
    if (!c) throw new GameError('NOT_FOUND', 'no such challenge');
    assertNotOwnChallenge(c.createdBy, input.playerId);
    assertChallengeOpen(c.startsAt, c.endsAt, input.now);
    const hint = challengeHint({ kind: c.kind, seed: c.seed, data: c.data, answer: c.answer });
    const cost = input.cost > 0n ? input.cost : 0n;
    const bought = await tx.insert(challengeHints).values({ challengeId: c.id, playerId: input.playerId, cost, createdAt: input.now })
      .onConflictDoNothing().returning({ cost: challengeHints.cost });
    if (bought.length === 0) return { challengeId: c.id, hint, cost: 0n };
    if (cost > 0n) await burn(tx, { kind: 'player', id: input.playerId }, 'data_credits', cost, 'challenge_hint', `hint:${c.id}:${input.playerId}`);
    return { challengeId: c.id, hint, cost };
  });
}

const LOCK_CREATOR_CAP = 0x0c4a11;

/**
 * The reward points one creator's custom challenges have paid on the UTC day of `now` (custom
 * solves store their cpu_cycles = points paid), after taking the creator's cap lock: solves of one
 * creator's challenges serialise from here to their commit, so two at once cannot both spend the
 * last of the cap.
 */
export async function customPointsPaidTodayTx(tx: Tx, creatorId: string, now: Date): Promise<number> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOCK_CREATOR_CAP}, hashtext(${creatorId}))`);
  const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const dayEnd = new Date(dayStart.getTime() + 86_400_000);
  const [row] = await queryRows<{ paid: unknown }>(tx, sql`
    SELECT coalesce(sum(s.cpu_cycles), 0)::bigint AS paid FROM challenges c JOIN challenge_solves s ON s.challenge_id = c.id
    WHERE c.created_by = ${creatorId}::uuid AND c.kind = 'custom' AND s.solved_at >= ${dayStart} AND s.solved_at < ${dayEnd}`);
  return toNumber(row?.paid);
}
