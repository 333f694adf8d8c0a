import {
  createAuction, dueAuctionIds, placeBid, seedPools, settleAuction, swapOnPool,
  type Auction, type PoolSeed, type PoolState, type ScheduleJobInput, type SwapReceipt,
} from '@datavism/db';
import {
  AUCTION_EXTENSION_MS, AUCTION_SNIPING_WINDOW_MS, GameError, assertPoolResource,
  type AuctionItemKind, type Resource, type SwapDirection,
} from '@datavism/rules';
import type { SwapReceiptPayload } from '@datavism/shared-schema';
import { channel, type Services } from '../context';
import { deadlinesCommitted } from '../jobs/deadlines';
import { outbid } from '../notifications/events';
import { tryNotify } from '../notifications/notify';

/**
 * The exchange's services, shared by the HTTP routes, the auction_house room and the jobs:
 * each calls the database in one transaction, then announces what changed on presence so every
 * process's auction_house room reloads exactly those rows.
 */

/**
 * Initial pool reserves (GAME §4.2 is silent): prices of 1 (cpu_cycles), 2 (data_credits) and
 * 500 (liberation_keys) resistance_credits per unit, deep enough that a 1 % move needs a swap
 * of about 0.5 % of the reserves.
 */
export const POOL_SEEDS: readonly PoolSeed[] = [
  { resource: 'cpu_cycles', reserveResource: 1_000_000n, reserveCredits: 1_000_000n },
  { resource: 'data_credits', reserveResource: 500_000n, reserveCredits: 1_000_000n },
  { resource: 'liberation_keys', reserveResource: 10_000n, reserveCredits: 5_000_000n },
];

/** What changed, for the auction_house rooms of every process. */
export interface ExchangeChange {
  pools?: string[];
  auctions?: string[];
}

export function changesChannel(s: Services): string {
  return channel(s.config, 'exchange:changed');
}

export async function announce(s: Services, change: ExchangeChange): Promise<void> {
  await s.presence.publish(changesChannel(s), change);
}

/** The live swap fee (registry `market_taker_fee_bps`). */
export function swapFeeBps(s: Services): number {
  return s.parameters.get('market_taker_fee_bps');
}

/** The anti-sniping window and extension in real ms: 60 s of game time each. */
export function snipingTiming(s: Services): { windowMs: number; extensionMs: number } {
  return { windowMs: AUCTION_SNIPING_WINDOW_MS / s.config.timeScale, extensionMs: AUCTION_EXTENSION_MS / s.config.timeScale };
}

export function poolJson(p: PoolState) {
  return { resource: p.resource, reserveResource: String(p.reserveResource), reserveCredits: String(p.reserveCredits), swapCount: p.swapCount };
}

export function receiptJson(r: SwapReceipt): SwapReceiptPayload {
  return {
    swapId: r.swapId, resource: r.resource, direction: r.direction, amountIn: String(r.amountIn),
    amountOut: String(r.amountOut), fee: String(r.fee), replayed: r.replayed, pool: poolJson(r.pool),
  };
}

export async function seedExchange(s: Services): Promise<void> {
  const seeded = await seedPools(s.database.db, POOL_SEEDS);
  if (seeded.length > 0) s.logger.info({ pools: seeded }, 'liquidity pools seeded');
}

/** A player's swap (GAME §4.2), with the fee read live from the registry. */
export async function swap(
  s: Services,
  playerId: string,
  req: { resource: string; direction: SwapDirection; amountIn: string; minOut: string; idempotencyKey: string },
): Promise<SwapReceiptPayload> {
  assertPoolResource(req.resource);
  const receipt = await swapOnPool(s.database.db, {
    playerId, resource: req.resource, direction: req.direction, amountIn: BigInt(req.amountIn),
    minOut: BigInt(req.minOut), feeBps: swapFeeBps(s), clientKey: req.idempotencyKey,
  });
  if (!receipt.replayed) await announce(s, { pools: [receipt.resource] });
  return receiptJson(receipt);
}

/** A bid (GAME §4.3); an extension moves the durable settlement job to the new end, in the bid's transaction. */
export async function bid(
  s: Services,
  playerId: string,
  req: { auctionId: string; amount: string; idempotencyKey: string },
): Promise<{ auctionId: string; amount: string; endsAt: number; extended: boolean; replayed: boolean }> {
  const moved = (r: { auction: Auction; extended: boolean }) => (r.extended ? settlementDeadlines(r.auction) : []);
  const receipt = await placeBid(s.database.db, {
    auctionId: req.auctionId, bidderId: playerId, amount: BigInt(req.amount), now: new Date(),
    clientKey: req.idempotencyKey, ...snipingTiming(s), deadlines: moved,
  });
  const endsAt = receipt.auction.endsAt;
  await deadlinesCommitted(s, 'auction-bid', moved(receipt));
  if (!receipt.replayed) await announce(s, { auctions: [req.auctionId] });
  // GAME §8.2: the outbid bidder hears of it — urgent when the bid fell in the last minute (it extended the end).
  const notice = outbid({
    auctionId: req.auctionId, itemName: receipt.auction.itemName, bidderId: playerId, outbidId: receipt.outbidId,
    amount: req.amount, lastMinute: receipt.extended, endsAt,
  });
  if (notice) await tryNotify(s, notice);
  return { auctionId: req.auctionId, amount: req.amount, endsAt: endsAt.getTime(), extended: receipt.extended, replayed: receipt.replayed };
}

export interface NewAuction {
  itemKind: AuctionItemKind;
  itemName: string;
  itemResource?: string;
  itemAmount?: string;
  reservePrice: string;
  durationSeconds: number;
  idempotencyKey: string;
}

/**
 * Opens an auction: GMs and admins sell system items (the lot is minted into the auction's
 * escrow); a player may auction their own tradeable resources (escrowed from them).
 */
export async function openAuction(s: Services, creator: { id: string; role: string }, req: NewAuction) {
  const system = creator.role === 'gm' || creator.role === 'admin';
  if (!system && req.itemKind !== 'resource') throw new GameError('FORBIDDEN', 'only game-masters auction titles and cosmetic sets');
  if (req.itemKind === 'resource' && (!req.itemResource || !req.itemAmount)) {
    throw new GameError('BAD_REQUEST', 'a resource lot needs itemResource and itemAmount');
  }
  const now = new Date();
  const endsAt = new Date(now.getTime() + (req.durationSeconds * 1000) / s.config.timeScale);
  const { auction, created } = await createAuction(s.database.db, {
    createdBy: creator.id, sellerId: system ? null : creator.id, itemKind: req.itemKind, itemName: req.itemName,
    itemResource: (req.itemResource ?? null) as Resource | null, itemAmount: req.itemAmount ? BigInt(req.itemAmount) : null,
    reservePrice: BigInt(req.reservePrice), now, endsAt, clientKey: req.idempotencyKey, deadlines: settlementDeadlines,
    // GAME §9: a GM's system auction mints its lot; it is audited with it.
    audit: system ? { actorId: creator.id, actorRole: creator.role, action: 'auction.create', details: { ...req } } : undefined,
  });
  if (created) {
    await deadlinesCommitted(s, 'auction-open', settlementDeadlines(auction));
    await announce(s, { auctions: [auction.id] });
  }
  return auction;
}

/** The settlement job at the auction's end (a bid that extends the end moves it: same key). */
function settlementDeadlines(auction: Auction): ScheduleJobInput[] {
  return [{ key: `auction:${auction.id}`, name: 'auction-settle', runAt: auction.endsAt, payload: { auctionId: auction.id } }];
}

/**
 * Settles the given auction and every other one that is due. Sweeping all due auctions covers
 * two gaps of one-off jobs: two auctions ending in the same millisecond share one job slot,
 * and a bid may move the job while its previous run is in flight.
 */
export async function settleDue(s: Services, auctionId?: string): Promise<number> {
  const now = new Date();
  const ids = new Set(await dueAuctionIds(s.database.db, now));
  if (auctionId) ids.add(auctionId);
  const settled: string[] = [];
  for (const id of ids) {
    const result = await settleAuction(s.database.db, id, now).catch((err: unknown) => {
      if (err instanceof GameError && err.code === 'NOT_FOUND') return { settled: false };
      throw err;
    });
    if (result.settled) settled.push(id);
  }
  if (settled.length > 0) await announce(s, { auctions: settled });
  return settled.length;
}
