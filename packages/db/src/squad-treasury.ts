import { and, eq, sql } from 'drizzle-orm';
import {
  GameError, RESOURCE_INFO, TREASURY_GUARDIAN_SCORE, contributionScoreDelta, hasSquadPerk, isResource,
  isTreasuryGuardian, resourceSharingAllowance, utcDay, type Resource, type SquadType,
} from '@datavism/rules';
import type { Db } from './client';
import { balanceOf, transfer, withTransaction } from './ledger';
import { players, squadMembers, squadWithdrawals, squads } from './schema/index';
import { isUuid, toBigInt } from './sql';
import { requireMember } from './squads';

/** The title earned at a contribution score above 10000 (GAME §2). */
export const TREASURY_GUARDIAN_TITLE = 'Treasury_Guardian';

/** Outcome of a contribution. */
export interface ContributionResult {
  applied: boolean;
  scoreDelta: number;
  contributionScore: number;
  /** True when this contribution earned the Treasury_Guardian title. */
  guardianAwarded: boolean;
}

/**
 * A member contributes to the squad treasury: a ledger transfer player → squad and
 * contribution score += amount × weight, in one transaction. SOUL_BOUND for
 * truth_tokens / influence_points, INSUFFICIENT_FUNDS when the player has less. A
 * repeated idempotency key changes nothing (`applied: false`).
 */
export function contributeToTreasury(
  db: Db,
  input: { squadId: string; playerId: string; resource: Resource; amount: bigint; idempotencyKey?: string },
): Promise<ContributionResult> {
  const { squadId, playerId, resource, amount } = input;
  if (!isResource(resource)) throw new GameError('BAD_REQUEST', `unknown resource ${String(resource)}`);
  if (RESOURCE_INFO[resource].soulBound) throw new GameError('SOUL_BOUND', `${resource} cannot leave its owner`);
  if (amount <= 0n) throw new GameError('BAD_REQUEST', 'amount must be positive');
  return withTransaction(db, async (tx) => {
    await requireMember(tx, squadId, playerId);
    const t = await transfer(tx, {
      from: { kind: 'player', id: playerId },
      to: { kind: 'squad', id: squadId },
      resource,
      amount,
      reason: 'squad_contribution',
      idempotencyKey: input.idempotencyKey ? `squad-contrib:${playerId}:${input.idempotencyKey}` : undefined,
    });
    const [row] = await tx
      .select({ score: squadMembers.contributionScore })
      .from(squadMembers)
      .where(and(eq(squadMembers.squadId, squadId), eq(squadMembers.playerId, playerId)));
    if (!t.applied) return { applied: false, scoreDelta: 0, contributionScore: row.score, guardianAwarded: false };
    const scoreDelta = contributionScoreDelta(resource, amount);
    const [updated] = await tx
      .update(squadMembers)
      .set({ contributionScore: sql`${squadMembers.contributionScore} + ${scoreDelta}` })
      .where(and(eq(squadMembers.squadId, squadId), eq(squadMembers.playerId, playerId)))
      .returning({ score: squadMembers.contributionScore });
    let guardianAwarded = false;
    if (isTreasuryGuardian(updated.score) && row.score <= TREASURY_GUARDIAN_SCORE) {
      const res = await tx
        .update(players)
        .set({ titles: sql`array_append(${players.titles}, ${TREASURY_GUARDIAN_TITLE})` })
        .where(and(eq(players.id, playerId), sql`NOT (${TREASURY_GUARDIAN_TITLE} = ANY(${players.titles}))`))
        .returning({ id: players.id });
      guardianAwarded = res.length > 0;
    }
    return { applied: true, scoreDelta, contributionScore: updated.score, guardianAwarded };
  });
}

/** What a member has taken and may still take today under Resource_Sharing. */
export interface WithdrawalAllowance {
  withdrawnToday: bigint;
  remaining: bigint;
}

/**
 * Resource_Sharing allowance of one member for one resource on the UTC day of `now`:
 * 10 % of the treasury as it stood before this member's withdrawals of the day, i.e.
 * floor((balance + withdrawnToday) / 10) − withdrawnToday, so repeated small
 * withdrawals cannot take more than one large one.
 */
export async function withdrawalAllowance(
  db: Db,
  squadId: string,
  playerId: string,
  resource: Resource,
  now: Date,
): Promise<WithdrawalAllowance> {
  const day = utcDay(now);
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${squadWithdrawals.amount}), 0)::text` })
    .from(squadWithdrawals)
    .where(
      and(
        eq(squadWithdrawals.squadId, squadId),
        eq(squadWithdrawals.playerId, playerId),
        eq(squadWithdrawals.resource, resource),
        eq(squadWithdrawals.day, day),
      ),
    );
  const withdrawnToday = toBigInt(row.total);
  const balance = await balanceOf(db, { kind: 'squad', id: squadId }, resource);
  const allowance = resourceSharingAllowance(balance + withdrawnToday) - withdrawnToday;
  return { withdrawnToday, remaining: allowance > 0n ? allowance : 0n };
}

/**
 * A member withdraws from the treasury without a vote (Resource_Sharing, level ≥ 3).
 * DECISION_REQUIRED without the perk, WITHDRAWAL_LIMIT above the day's allowance.
 */
export function withdrawFromTreasury(
  db: Db,
  input: { squadId: string; playerId: string; resource: Resource; amount: bigint; now: Date },
): Promise<WithdrawalAllowance> {
  const { squadId, playerId, resource, amount, now } = input;
  if (!isResource(resource)) throw new GameError('BAD_REQUEST', `unknown resource ${String(resource)}`);
  if (amount <= 0n) throw new GameError('BAD_REQUEST', 'amount must be positive');
  if (!isUuid(squadId)) throw new GameError('NOT_FOUND', `no squad ${squadId}`);
  return withTransaction(db, async (tx) => {
    // The squad row lock serialises withdrawals so two at once cannot both use the allowance.
    const [squad] = await tx.select().from(squads).where(eq(squads.id, squadId)).for('update');
    if (!squad || squad.disbandedAt) throw new GameError('NOT_FOUND', `no squad ${squadId}`);
    await requireMember(tx, squadId, playerId);
    if (!hasSquadPerk(squad.type as SquadType, squad.level, 'Resource_Sharing')) {
      throw new GameError('DECISION_REQUIRED', 'spending from the treasury needs a passed squad decision (Resource_Sharing comes at level 3)');
    }
    const before = await withdrawalAllowance(tx, squadId, playerId, resource, now);
    if (amount > before.remaining) {
      throw new GameError('WITHDRAWAL_LIMIT', `you may withdraw ${before.remaining} more ${resource} today`);
    }
    await transfer(tx, {
      from: { kind: 'squad', id: squadId },
      to: { kind: 'player', id: playerId },
      resource,
      amount,
      reason: 'squad_resource_sharing',
    });
    await tx.insert(squadWithdrawals).values({ squadId, playerId, resource, amount, day: utcDay(now), createdAt: now });
    return { withdrawnToday: before.withdrawnToday + amount, remaining: before.remaining - amount };
  });
}
