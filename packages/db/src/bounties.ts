/**
 * The bounty board (GAME §4.5): posting with the reward escrowed, claims with a staked
 * truth_token and the server's fulfilment check, payout to the first valid claimant, refund at the
 * deadline. Every money move is a ledger transfer in the transaction of the state change, through
 * the shared escrow account (reasons `bounty_*`); a bounty leaves `open` exactly once, by a
 * conditional UPDATE under the bounty's row lock.
 */
import { and, desc, eq, gt, or, sql } from 'drizzle-orm';
import {
  BOUNTY_CLAIM_STAKE, GameError, assertMayClaimBounty, bountyFulfilled, validateBountyPost,
  type BountyFulfilmentFacts, type BountyKind, type Resource,
} from '@datavism/rules';
import type { Db, Tx } from './client';
import { scheduleJobsTx, type Deadlines } from './jobs';
import { burn, transfer, withTransaction, type AccountRef } from './ledger';
import { squadIdOfPlayer } from './operations';
import { bounties, bountyClaims, challenges, players, territories } from './schema/index';
import { isUuid, queryRows } from './sql';

export type BountyRow = typeof bounties.$inferSelect;

const ESCROW: AccountRef = { kind: 'escrow' };
const LOCK_BOUNTY_POST = 0x0b0047;

export interface PostBountyInput {
  posterId: string;
  title: string;
  kind: string;
  target: string;
  resource: string;
  amount: bigint;
  /** Game hours it runs; `hourMs` is one game hour in ms (config durations). */
  hours: number;
  hourMs: number;
  now: Date;
  requestKey?: string;
  /** The refund job at the deadline, written in the posting's transaction. */
  deadlines?: Deadlines<BountyRow>;
}

/**
 * Posts a bounty: checks it (`validateBountyPost`; an unknown territory `UNKNOWN_TERRITORY`, an
 * unknown challenge `NOT_FOUND`), moves the reward from the poster to escrow
 * (`INSUFFICIENT_FUNDS` when short: nothing is written) and arms its deadline, one transaction.
 * A repeated `requestKey` returns the first bounty with `created: false` and escrows nothing.
 */
export async function postBounty(db: Db, input: PostBountyInput): Promise<{ bounty: BountyRow; created: boolean }> {
  const { kind, resource, deadline } = validateBountyPost({ ...input, now: input.now });
  return withTransaction(db, async (tx) => {
    // One poster's retries of one key serialise here, so the second finds the first.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOCK_BOUNTY_POST}, hashtext(${input.posterId}))`);
    if (input.requestKey) {
      const [earlier] = await tx.select().from(bounties)
        .where(and(eq(bounties.posterId, input.posterId), eq(bounties.requestKey, input.requestKey)));
      if (earlier) return { bounty: earlier, created: false };
    }
    const holderAtPost = await checkTarget(tx, kind, input.target);
    const [bounty] = await tx.insert(bounties).values({
      posterId: input.posterId, title: input.title.trim(), kind, target: input.target, resource, amount: input.amount,
      deadline, holderAtPost, requestKey: input.requestKey ?? null, createdAt: input.now,
    }).returning();
    await transfer(tx, {
      from: { kind: 'player', id: input.posterId }, to: ESCROW, resource, amount: input.amount,
      reason: 'bounty_escrow', idempotencyKey: `bounty:${bounty!.id}:escrow`,
    });
    await scheduleJobsTx(tx, input.deadlines?.(bounty!) ?? []);
    return { bounty: bounty!, created: true };
  });
}

/** The target must exist; for a territory, returns the squad holding it now (it cannot fulfil the bounty by holding on). */
async function checkTarget(tx: Tx, kind: BountyKind, target: string): Promise<string | null> {
  if (kind === 'liberate_territory') {
    const [t] = await tx.select({ status: territories.status, holder: territories.holderSquadId }).from(territories).where(eq(territories.id, target));
    if (!t) throw new GameError('UNKNOWN_TERRITORY', `no territory ${target}`);
    return t.status === 'liberated' ? t.holder : null;
  }
  if (kind === 'solve_challenge') {
    const [c] = await tx.select({ id: challenges.id }).from(challenges).where(eq(challenges.id, target));
    if (!c) throw new GameError('NOT_FOUND', 'no such challenge');
  }
  return null;
}

/** What a claim did: accepted (paid) or rejected (stake burned; the bounty stays open). */
export interface BountyClaimOutcome {
  accepted: boolean;
  bounty: BountyRow;
}

/**
 * Claims a bounty for `playerId`: refused before any stake with `NOT_FOUND`, `OWN_BOUNTY` or
 * `BOUNTY_CLOSED` (paid, refunded or past its deadline); `INSUFFICIENT_FUNDS` without a
 * truth_token to stake (nothing written). Otherwise the stake goes to escrow and the server reads
 * the facts of the fulfilment in this transaction:
 * - fulfilled: the stake returns, the reward is paid from escrow, the bounty is `paid` to them;
 * - not fulfilled: the stake is burned (GAME §4.5), the claim recorded as rejected, the bounty and
 *   its escrowed reward untouched. This commits; the caller tells the claimant `BOUNTY_NOT_FULFILLED`.
 * Concurrent claims queue on the bounty's row lock, so only the first valid one is paid.
 */
export async function claimBounty(db: Db, input: { bountyId: string; playerId: string; now: Date }): Promise<BountyClaimOutcome> {
  if (!isUuid(input.bountyId)) throw new GameError('NOT_FOUND', 'no such bounty');
  return withTransaction(db, async (tx) => {
    const [bounty] = await tx.select().from(bounties).where(eq(bounties.id, input.bountyId)).for('update');
    if (!bounty) throw new GameError('NOT_FOUND', 'no such bounty');
    assertMayClaimBounty({ posterId: bounty.posterId, status: bounty.status, deadline: bounty.deadline }, input.playerId, input.now);
    const claimant: AccountRef = { kind: 'player', id: input.playerId };
    await transfer(tx, { from: claimant, to: ESCROW, resource: 'truth_tokens', amount: BOUNTY_CLAIM_STAKE, reason: 'bounty_stake' });
    const facts = await fulfilmentFacts(tx, bounty, input.playerId);
    const accepted = bountyFulfilled({ kind: bounty.kind, createdAt: bounty.createdAt }, facts);
    await tx.insert(bountyClaims).values({ bountyId: bounty.id, playerId: input.playerId, accepted, createdAt: input.now });
    if (!accepted) {
      await burn(tx, ESCROW, 'truth_tokens', BOUNTY_CLAIM_STAKE, 'bounty_stake_burned');
      return { accepted: false, bounty };
    }
    await transfer(tx, { from: ESCROW, to: claimant, resource: 'truth_tokens', amount: BOUNTY_CLAIM_STAKE, reason: 'bounty_stake_returned' });
    await transfer(tx, {
      from: ESCROW, to: claimant, resource: bounty.resource as Resource, amount: bounty.amount,
      reason: 'bounty_payout', idempotencyKey: `bounty:${bounty.id}:settled`,
    });
    const [paid] = await tx.update(bounties).set({ status: 'paid', claimantId: input.playerId, settledAt: input.now })
      .where(and(eq(bounties.id, bounty.id), eq(bounties.status, 'open'))).returning();
    if (!paid) throw new GameError('INTERNAL', `bounty ${bounty.id} left open under its lock`);
    return { accepted: true, bounty: paid };
  });
}

/** The facts the rule needs, read in the claim's transaction. */
async function fulfilmentFacts(tx: Tx, bounty: BountyRow, playerId: string): Promise<BountyFulfilmentFacts> {
  switch (bounty.kind) {
    case 'liberate_territory': {
      const [t] = await tx.select({ status: territories.status, holder: territories.holderSquadId }).from(territories).where(eq(territories.id, bounty.target));
      return {
        territory: t ? {
          status: t.status, holderSquadId: t.holder, holderAtPost: bounty.holderAtPost, claimantSquadId: await squadIdOfPlayer(tx, playerId),
        } : undefined,
      };
    }
    case 'verify_intel': {
      const rows = await queryRows<{ verified_at: Date | string }>(tx, sql`
        SELECT c.verified_at FROM intel_confirmations ic JOIN intel_claims c ON c.id = ic.claim_id
        WHERE ic.player_id = ${playerId}::uuid AND c.category = ${bounty.target} AND c.verified_at >= ${bounty.createdAt}
        LIMIT 1`);
      return { verifiedPatternsAt: rows.map((r) => new Date(r.verified_at)) };
    }
    case 'solve_challenge': {
      const rows = await queryRows<{ solved_at: Date | string }>(tx, sql`
        SELECT solved_at FROM challenge_solves WHERE challenge_id = ${bounty.target}::uuid AND player_id = ${playerId}::uuid`);
      return { solvedAt: rows[0] ? new Date(rows[0].solved_at) : null };
    }
  }
}

/**
 * The deadline job: refunds an open bounty's escrow to its poster and marks it `refunded`.
 * Idempotent (a paid or refunded bounty, or one not yet due, is left alone and null returned), so a
 * job run twice or after a restart pays nothing twice.
 */
export async function refundBounty(db: Db, bountyId: string, now: Date): Promise<BountyRow | null> {
  if (!isUuid(bountyId)) return null;
  return withTransaction(db, async (tx) => {
    const [bounty] = await tx.select().from(bounties).where(eq(bounties.id, bountyId)).for('update');
    if (!bounty || bounty.status !== 'open' || now.getTime() < bounty.deadline.getTime()) return null;
    await transfer(tx, {
      from: ESCROW, to: { kind: 'player', id: bounty.posterId }, resource: bounty.resource as Resource, amount: bounty.amount,
      reason: 'bounty_refund', idempotencyKey: `bounty:${bounty.id}:settled`,
    });
    const [refunded] = await tx.update(bounties).set({ status: 'refunded', settledAt: now })
      .where(and(eq(bounties.id, bounty.id), eq(bounties.status, 'open'))).returning();
    return refunded ?? null;
  });
}

/** Open bounties past their deadline (a backstop for the deadline jobs). */
export async function overdueBountyIds(db: Db, now: Date, limit: number): Promise<string[]> {
  const rows = await db.select({ id: bounties.id }).from(bounties)
    .where(and(eq(bounties.status, 'open'), sql`${bounties.deadline} <= ${now}`)).limit(limit);
  return rows.map((r) => r.id);
}

/** A bounty as the board shows it: with its poster's and claimant's names and its target's label. */
export interface BountyView extends BountyRow {
  posterName: string;
  claimantName: string | null;
  targetLabel: string;
}

async function listViews(db: Db, where: ReturnType<typeof and>, limit: number): Promise<BountyView[]> {
  const rows = await db.select({
    b: bounties,
    posterName: players.name,
    claimantName: sql<string | null>`(SELECT cp.name FROM players cp WHERE cp.id = ${bounties.claimantId})`,
    targetLabel: sql<string | null>`CASE ${bounties.kind}
      WHEN 'liberate_territory' THEN (SELECT name FROM territories t WHERE t.id = ${bounties.target})
      WHEN 'solve_challenge' THEN (SELECT title FROM challenges c WHERE c.id::text = ${bounties.target})
      ELSE ${bounties.target} END`,
  }).from(bounties).innerJoin(players, eq(players.id, bounties.posterId)).where(where)
    .orderBy(desc(bounties.createdAt)).limit(Math.min(limit, 200));
  return rows.map((r) => ({ ...r.b, posterName: r.posterName, claimantName: r.claimantName ?? null, targetLabel: r.targetLabel ?? r.b.target }));
}

/** The open board (deadline still ahead), newest first. */
export function listOpenBounties(db: Db, now: Date, limit = 100): Promise<BountyView[]> {
  return listViews(db, and(eq(bounties.status, 'open'), gt(bounties.deadline, now)), limit);
}

/** A player's own bounties and the ones paid to them, newest first. */
export function listPlayerBounties(db: Db, playerId: string, limit = 50): Promise<BountyView[]> {
  if (!isUuid(playerId)) return Promise.resolve([]);
  return listViews(db, or(eq(bounties.posterId, playerId), eq(bounties.claimantId, playerId)), limit);
}

/** One bounty with its names, or null. */
export async function getBountyView(db: Db, id: string): Promise<BountyView | null> {
  if (!isUuid(id)) return null;
  const [row] = await listViews(db, and(eq(bounties.id, id)), 1);
  return row ?? null;
}
