import { and, asc, desc, eq, gte, inArray, lte, or, sql } from 'drizzle-orm';
import {
  GameError,
  TRADEABLE_RESOURCES,
  applySwap,
  assertBidHighEnough,
  assertPoolResource,
  assertTransferable,
  endAfterBid,
  swapLegs,
  type AuctionItemKind,
  type Resource,
  type SwapDirection,
} from '@datavism/rules';
import type { Db, Tx } from './client';
import { writeAudit, type AuditEntry } from './audit';
import { scheduleJobsTx, type Deadlines } from './jobs';
import { balanceOf, mint, transfer, withTransaction, type AccountRef } from './ledger';
import { auctionBids, auctions, playerCosmetics, players, poolSwaps, pools } from './schema/index';
import { queryRows, toBigInt } from './sql';

// ---------------------------------------------------------------- pools (GAME §4.2)

/** A pool's reserves: units of its resource and of resistance_credits. */
export interface PoolState {
  resource: Resource;
  reserveResource: bigint;
  reserveCredits: bigint;
  swapCount: number;
}

/** The initial reserves of one pool. */
export interface PoolSeed {
  resource: Resource;
  reserveResource: bigint;
  reserveCredits: bigint;
}

const poolAccount = (resource: string): AccountRef => ({ kind: 'pool', id: resource });

/**
 * Creates every missing pool and mints its reserves into the pool's ledger account. A pool
 * that exists is left alone (its row is the marker), so calling this at every start — from
 * several processes at once — seeds each pool exactly once.
 * @returns the resources seeded by this call.
 */
export async function seedPools(db: Db, seeds: readonly PoolSeed[]): Promise<Resource[]> {
  const seeded: Resource[] = [];
  for (const seed of seeds) {
    assertPoolResource(seed.resource);
    if (seed.reserveResource <= 0n || seed.reserveCredits <= 0n) {
      throw new GameError('BAD_REQUEST', `pool ${seed.resource} needs positive reserves`);
    }
    const created = await withTransaction(db, async (tx) => {
      const rows = await tx.insert(pools).values({ resource: seed.resource }).onConflictDoNothing().returning();
      if (rows.length === 0) return false;
      const to = poolAccount(seed.resource);
      await mint(tx, to, seed.resource, seed.reserveResource, 'pool_seed', `pool:seed:${seed.resource}:${seed.resource}`);
      await mint(tx, to, 'resistance_credits', seed.reserveCredits, 'pool_seed', `pool:seed:${seed.resource}:resistance_credits`);
      return true;
    });
    if (created) seeded.push(seed.resource);
  }
  return seeded;
}

async function reservesOf(db: Db, resource: Resource): Promise<{ reserveResource: bigint; reserveCredits: bigint }> {
  const account = poolAccount(resource);
  const [reserveResource, reserveCredits] = await Promise.all([
    balanceOf(db, account, resource),
    balanceOf(db, account, 'resistance_credits'),
  ]);
  return { reserveResource, reserveCredits };
}

/** Every pool with its current reserves, in TRADEABLE_RESOURCES order. */
export async function listPools(db: Db): Promise<PoolState[]> {
  const rows = await db.select().from(pools);
  const out: PoolState[] = [];
  for (const resource of TRADEABLE_RESOURCES) {
    const row = rows.find((r) => r.resource === resource);
    if (!row) continue;
    out.push({ resource, swapCount: row.swapCount, ...(await reservesOf(db, resource)) });
  }
  return out;
}

/** One pool with its reserves; `NOT_FOUND` when it was never seeded. */
export async function getPool(db: Db, resource: Resource): Promise<PoolState> {
  assertPoolResource(resource);
  const [row] = await db.select().from(pools).where(eq(pools.resource, resource));
  if (!row) throw new GameError('NOT_FOUND', `there is no pool for ${resource}`);
  return { resource, swapCount: row.swapCount, ...(await reservesOf(db, resource)) };
}

/** A swap request (amounts in smallest units). */
export interface SwapInput {
  playerId: string;
  resource: Resource;
  direction: SwapDirection;
  amountIn: bigint;
  /** Slippage limit: the swap is refused (SLIPPAGE_EXCEEDED) when it would pay less. */
  minOut: bigint;
  /** The live `market_taker_fee_bps`. */
  feeBps: number;
  /** Unique per player: a resent request returns the first swap instead of swapping again. */
  clientKey: string;
}

/** What a swap did, and the pool afterwards. */
export interface SwapReceipt {
  swapId: number;
  resource: Resource;
  direction: SwapDirection;
  amountIn: bigint;
  amountOut: bigint;
  fee: bigint;
  /** True when this was a resend of an earlier swap (nothing moved this time). */
  replayed: boolean;
  pool: PoolState;
}

/** Deadlocks against other features' transactions are retried this many times. */
const DEADLOCK_RETRIES = 3;

async function retryOnDeadlock<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const code = (err as { code?: string; cause?: { code?: string } })?.code ?? (err as { cause?: { code?: string } })?.cause?.code;
      if ((code !== '40P01' && code !== '40001') || attempt >= DEADLOCK_RETRIES) throw err;
    }
  }
}

/**
 * Swaps on a pool in one transaction (GAME §4.2): locks the pool row (`FOR UPDATE`, so swaps
 * on one pool serialize), quotes with the rules' `applySwap` on the ledger reserves, then moves
 * amountIn − fee into the pool, amountOut out of it and the fee to the community treasury.
 * A refused swap (slippage, funds, soul-bound) changes nothing.
 */
export async function swapOnPool(db: Db, input: SwapInput): Promise<SwapReceipt> {
  assertPoolResource(input.resource);
  if (typeof input.amountIn !== 'bigint' || input.amountIn <= 0n) {
    throw new GameError('BAD_REQUEST', 'amountIn must be a positive integer');
  }
  if (typeof input.minOut !== 'bigint' || input.minOut < 0n) {
    throw new GameError('BAD_REQUEST', 'minOut must be a non-negative integer');
  }
  return retryOnDeadlock(() => withTransaction(db, (tx) => swapOnPoolTx(tx, input)));
}

/** {@link swapOnPool} inside the caller's transaction. */
export async function swapOnPoolTx(tx: Tx, input: SwapInput): Promise<SwapReceipt> {
  const { playerId, resource, direction, amountIn, minOut, feeBps, clientKey } = input;
  // Lock first, then read the reserves in a NEW statement: under READ COMMITTED a statement's
  // snapshot is taken when it starts, so reserves read in the locking statement itself would be
  // the ones from before the previous swap committed (caught by the concurrent-swaps test).
  const locked = await tx.select({ swapCount: pools.swapCount }).from(pools).where(eq(pools.resource, resource)).for('update');
  if (locked.length === 0) throw new GameError('NOT_FOUND', `there is no pool for ${resource}`);
  const reserve = (asset: string) => sql`(SELECT b.amount FROM balances b JOIN accounts a ON a.id = b.account_id
      WHERE a.kind = 'pool' AND a.owner_id = ${resource} AND b.resource = ${asset})`;
  const [read] = await queryRows<{ reserve_resource: unknown; reserve_credits: unknown }>(tx, sql`
    SELECT ${reserve(resource)} AS reserve_resource, ${reserve('resistance_credits')} AS reserve_credits`);
  const reserves = { reserveResource: toBigInt(read!.reserve_resource), reserveCredits: toBigInt(read!.reserve_credits) };

  const [previous] = await tx.select().from(poolSwaps)
    .where(and(eq(poolSwaps.playerId, playerId), eq(poolSwaps.clientKey, clientKey)));
  if (previous) {
    const pool = { resource, swapCount: locked[0]!.swapCount, ...reserves };
    return {
      swapId: previous.id, resource, direction: previous.direction, amountIn: previous.amountIn,
      amountOut: previous.amountOut, fee: previous.fee, replayed: true, pool,
    };
  }

  const { assetIn, assetOut } = swapLegs(resource, direction);
  const reserveIn = assetIn === resource ? reserves.reserveResource : reserves.reserveCredits;
  const reserveOut = assetOut === resource ? reserves.reserveResource : reserves.reserveCredits;
  const result = applySwap({ reserveIn, reserveOut }, { amountIn, feeBps, minOut });

  const player: AccountRef = { kind: 'player', id: playerId };
  const pool = poolAccount(resource);
  // The community's balance row is the hottest row of the economy: credit it last so its
  // lock is held for the shortest time.
  await transfer(tx, { from: player, to: pool, resource: assetIn, amount: amountIn - result.fee, reason: 'pool_swap_in' });
  await transfer(tx, { from: pool, to: player, resource: assetOut, amount: result.amountOut, reason: 'pool_swap_out' });
  if (result.fee > 0n) {
    await transfer(tx, { from: player, to: { kind: 'community' }, resource: assetIn, amount: result.fee, reason: 'pool_swap_fee' });
  }
  const [row] = await tx.insert(poolSwaps).values({
    playerId, resource, direction, amountIn, amountOut: result.amountOut, fee: result.fee, clientKey,
  }).returning({ id: poolSwaps.id });
  const [updated] = await tx.update(pools).set({ swapCount: sql`${pools.swapCount} + 1` })
    .where(eq(pools.resource, resource)).returning({ swapCount: pools.swapCount });

  const after = assetIn === resource
    ? { reserveResource: result.newReserves.reserveIn, reserveCredits: result.newReserves.reserveOut }
    : { reserveResource: result.newReserves.reserveOut, reserveCredits: result.newReserves.reserveIn };
  return {
    swapId: row!.id, resource, direction, amountIn, amountOut: result.amountOut, fee: result.fee, replayed: false,
    pool: { resource, swapCount: updated!.swapCount, ...after },
  };
}

// ---------------------------------------------------------------- auctions (GAME §4.3)

/** An auction row. */
export type Auction = typeof auctions.$inferSelect;

/** An auction as shown to players (with names). */
export interface AuctionView extends Auction {
  topBidderName: string | null;
  sellerName: string | null;
}

export interface CreateAuctionInput {
  createdBy: string;
  /** A player selling their own resource; null for a system auction (GM/admin). */
  sellerId: string | null;
  itemKind: AuctionItemKind;
  itemName: string;
  itemResource?: Resource | null;
  itemAmount?: bigint | null;
  reservePrice: bigint;
  now: Date;
  endsAt: Date;
  /** Unique per creator: a resent create returns the first auction. */
  clientKey: string;
  /** The settlement job, written with a new auction. */
  deadlines?: Deadlines<Auction>;
  /** A GM's system auction: its audit line, written with it (target `auction:<id>`). */
  audit?: Omit<AuditEntry, 'target'>;
}

const auctionAccount = (id: string): AccountRef => ({ kind: 'auction', id });

/**
 * Opens an auction. A resource item is escrowed in the auction's account at creation: minted
 * for a system auction, taken from the seller otherwise (INSUFFICIENT_FUNDS refuses it).
 * Titles and cosmetic sets are system items only.
 */
export async function createAuction(db: Db, input: CreateAuctionInput): Promise<{ auction: Auction; created: boolean }> {
  if (input.reservePrice <= 0n) throw new GameError('BAD_REQUEST', 'the reserve price must be positive');
  if (input.endsAt.getTime() <= input.now.getTime()) throw new GameError('BAD_REQUEST', 'the auction must end in the future');
  const isResourceItem = input.itemKind === 'resource';
  if (isResourceItem) {
    assertTransferable(input.itemResource);
    if (input.itemResource === 'resistance_credits') throw new GameError('BAD_REQUEST', 'credits are the currency of auctions');
    if (typeof input.itemAmount !== 'bigint' || input.itemAmount <= 0n) throw new GameError('BAD_REQUEST', 'itemAmount must be positive');
  } else if (input.sellerId !== null) {
    throw new GameError('FORBIDDEN', 'only the system auctions titles and cosmetic sets');
  }
  return withTransaction(db, async (tx) => {
    const inserted = await tx.insert(auctions).values({
      sellerId: input.sellerId, createdBy: input.createdBy, itemKind: input.itemKind, itemName: input.itemName,
      itemResource: isResourceItem ? input.itemResource! : null, itemAmount: isResourceItem ? input.itemAmount! : null,
      reservePrice: input.reservePrice, startsAt: input.now, endsAt: input.endsAt, clientKey: input.clientKey,
    }).onConflictDoNothing({ target: [auctions.createdBy, auctions.clientKey] }).returning();
    if (inserted.length === 0) {
      const [existing] = await tx.select().from(auctions)
        .where(and(eq(auctions.createdBy, input.createdBy), eq(auctions.clientKey, input.clientKey)));
      return { auction: existing!, created: false };
    }
    const auction = inserted[0]!;
    if (isResourceItem) {
      const key = `auction:${auction.id}:item-in`;
      if (input.sellerId === null) {
        await mint(tx, auctionAccount(auction.id), input.itemResource!, input.itemAmount!, 'auction_item', key);
      } else {
        await transfer(tx, {
          from: { kind: 'player', id: input.sellerId }, to: auctionAccount(auction.id), resource: input.itemResource!,
          amount: input.itemAmount!, reason: 'auction_item', idempotencyKey: key,
        });
      }
    }
    await scheduleJobsTx(tx, input.deadlines?.(auction) ?? []);
    if (input.audit) await writeAudit(tx, { ...input.audit, target: `auction:${auction.id}` });
    return { auction, created: true };
  });
}

export interface PlaceBidInput {
  auctionId: string;
  bidderId: string;
  amount: bigint;
  now: Date;
  /** Unique per bidder: a resent bid is a no-op. */
  clientKey: string;
  /** Anti-sniping window and extension in ms (60 s each in game time). */
  windowMs?: number;
  extensionMs?: number;
  /** Jobs the bid moves (the settlement, when it extends the end), written with the bid. */
  deadlines?: Deadlines<BidReceipt>;
}

export interface BidReceipt {
  auction: Auction;
  /** The bidder whose escrowed bid was released, if any. */
  outbidId: string | null;
  extended: boolean;
  replayed: boolean;
}

/**
 * Places a bid in one transaction with the auction row locked: checks the 5 % increment,
 * releases the previous top bid to its bidder, escrows the new bid from the bidder, and
 * extends the end when the bid falls in the last window.
 */
export async function placeBid(db: Db, input: PlaceBidInput): Promise<BidReceipt> {
  if (typeof input.amount !== 'bigint' || input.amount <= 0n) throw new GameError('BAD_REQUEST', 'a bid must be a positive integer');
  return retryOnDeadlock(() => withTransaction(db, async (tx) => {
    const [auction] = await tx.select().from(auctions).where(eq(auctions.id, input.auctionId)).for('update');
    if (!auction) throw new GameError('NOT_FOUND', 'no such auction');
    const [resent] = await tx.select({ id: auctionBids.id }).from(auctionBids)
      .where(and(eq(auctionBids.bidderId, input.bidderId), eq(auctionBids.clientKey, input.clientKey)));
    if (resent) return { auction, outbidId: null, extended: false, replayed: true };
    if (auction.status !== 'open') throw new GameError('AUCTION_CLOSED', 'the auction has ended');
    if (auction.sellerId === input.bidderId) throw new GameError('FORBIDDEN', 'you cannot bid on your own auction');
    assertBidHighEnough(input.amount, auction.reservePrice, auction.topBid);
    const endsAt = endAfterBid(auction.endsAt.getTime(), input.now.getTime(), input.windowMs, input.extensionMs);

    const escrow = auctionAccount(auction.id);
    const outbidId = auction.topBidderId;
    // Release first: a bidder raising their own top bid needs only the new amount.
    if (auction.topBid !== null && outbidId !== null) {
      await transfer(tx, {
        from: escrow, to: { kind: 'player', id: outbidId }, resource: 'resistance_credits',
        amount: auction.topBid, reason: 'auction_outbid',
      });
    }
    await transfer(tx, {
      from: { kind: 'player', id: input.bidderId }, to: escrow, resource: 'resistance_credits',
      amount: input.amount, reason: 'auction_bid',
    });
    await tx.insert(auctionBids).values({
      auctionId: auction.id, bidderId: input.bidderId, amount: input.amount, clientKey: input.clientKey, createdAt: input.now,
    });
    const [updated] = await tx.update(auctions).set({
      topBid: input.amount, topBidderId: input.bidderId, bidCount: sql`${auctions.bidCount} + 1`, endsAt: new Date(endsAt),
    }).where(eq(auctions.id, auction.id)).returning();
    const receipt = { auction: updated!, outbidId, extended: endsAt !== auction.endsAt.getTime(), replayed: false };
    await scheduleJobsTx(tx, input.deadlines?.(receipt) ?? []);
    return receipt;
  }));
}

export interface SettleResult {
  settled: boolean;
  /** Why nothing happened: already settled, or not ended yet. */
  reason?: 'already_settled' | 'not_due';
  winnerId?: string | null;
  price?: bigint | null;
}

/**
 * Settles an ended auction exactly once (the auction row is locked and its status checked;
 * the ledger moves carry idempotency keys as a second guard): the winner gets the item, the
 * seller — or the community treasury for a system auction — gets the price. Without bids a
 * resource item returns to its seller, or is burned back to the system.
 */
export function settleAuction(db: Db, auctionId: string, now: Date): Promise<SettleResult> {
  return retryOnDeadlock(() => withTransaction(db, async (tx) => {
    const [auction] = await tx.select().from(auctions).where(eq(auctions.id, auctionId)).for('update');
    if (!auction) throw new GameError('NOT_FOUND', 'no such auction');
    if (auction.status !== 'open') return { settled: false, reason: 'already_settled' as const };
    if (auction.endsAt.getTime() > now.getTime()) return { settled: false, reason: 'not_due' as const };
    const escrow = auctionAccount(auction.id);
    const winnerId = auction.topBidderId;
    if (winnerId !== null && auction.topBid !== null) {
      await transfer(tx, {
        from: escrow, to: auction.sellerId ? { kind: 'player', id: auction.sellerId } : { kind: 'community' },
        resource: 'resistance_credits', amount: auction.topBid, reason: 'auction_price', idempotencyKey: `auction:${auction.id}:price`,
      });
      await deliverItem(tx, auction, winnerId);
    } else if (auction.itemKind === 'resource') {
      await transfer(tx, {
        from: escrow, to: auction.sellerId ? { kind: 'player', id: auction.sellerId } : { kind: 'burn' },
        resource: auction.itemResource as Resource, amount: auction.itemAmount!, reason: 'auction_unsold',
        idempotencyKey: `auction:${auction.id}:item-out`,
      });
    }
    await tx.update(auctions).set({ status: 'settled', settledAt: now }).where(eq(auctions.id, auction.id));
    return { settled: true, winnerId, price: auction.topBid };
  }));
}

async function deliverItem(tx: Tx, auction: Auction, winnerId: string): Promise<void> {
  if (auction.itemKind === 'resource') {
    await transfer(tx, {
      from: auctionAccount(auction.id), to: { kind: 'player', id: winnerId }, resource: auction.itemResource as Resource,
      amount: auction.itemAmount!, reason: 'auction_item', idempotencyKey: `auction:${auction.id}:item-out`,
    });
  } else if (auction.itemKind === 'title') {
    await tx.update(players).set({
      titles: sql`CASE WHEN ${auction.itemName} = ANY(${players.titles}) THEN ${players.titles}
        ELSE array_append(${players.titles}, ${auction.itemName}::text) END`,
    }).where(eq(players.id, winnerId));
  } else {
    await tx.insert(playerCosmetics).values({ playerId: winnerId, name: auction.itemName, auctionId: auction.id })
      .onConflictDoNothing();
  }
}

/** Ids of open auctions whose end has passed (what the settlement sweep settles). */
export async function dueAuctionIds(db: Db, now: Date, limit = 100): Promise<string[]> {
  const rows = await db.select({ id: auctions.id }).from(auctions)
    .where(and(eq(auctions.status, 'open'), lte(auctions.endsAt, now)))
    .orderBy(asc(auctions.endsAt)).limit(limit);
  return rows.map((r) => r.id);
}

/** Open auctions and those settled since `settledSince`, soonest end first, with names. */
export async function listAuctions(db: Db, options: { settledSince: Date; ids?: string[]; limit?: number }): Promise<AuctionView[]> {
  const bidder = sql`(SELECT name FROM players WHERE players.id = ${auctions.topBidderId})`;
  const seller = sql`(SELECT name FROM players WHERE players.id = ${auctions.sellerId})`;
  const scope = options.ids
    ? inArray(auctions.id, options.ids.length > 0 ? options.ids : ['00000000-0000-0000-0000-000000000000'])
    : or(eq(auctions.status, 'open'), gte(auctions.settledAt, options.settledSince));
  const rows = await db.select({ auction: auctions, topBidderName: bidder.mapWith(String), sellerName: seller.mapWith(String) })
    .from(auctions).where(scope).orderBy(asc(auctions.status), asc(auctions.endsAt), desc(auctions.id)).limit(options.limit ?? 200);
  return rows.map((r) => ({ ...r.auction, topBidderName: r.topBidderName ?? null, sellerName: r.sellerName ?? null }));
}

/** The bids of one auction, oldest first. */
export function auctionBidHistory(db: Db, auctionId: string) {
  return db.select().from(auctionBids).where(eq(auctionBids.auctionId, auctionId)).orderBy(asc(auctionBids.id));
}
