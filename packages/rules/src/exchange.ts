/**
 * Exchange rules beyond the order book (GAME §4, §4.2, §4.3): which resources may move between
 * players, the liquidity pools' orientation, and English auctions (minimum bid, anti-sniping).
 * Pure: no clock reads — callers pass `now`.
 */
import { GameError } from './errors';
import { RESOURCE_INFO, TRADEABLE_RESOURCES, isResource, type Resource } from './resources';

/** Minimum raise over the current top bid, in percent (GAME §4.3). */
export const AUCTION_MIN_INCREMENT_PERCENT = 5n;
/** A bid this close to the end extends it (GAME §4.3), in game milliseconds. */
export const AUCTION_SNIPING_WINDOW_MS = 60_000;
/** How far such a bid pushes the end, in game milliseconds. */
export const AUCTION_EXTENSION_MS = 60_000;

/** Kinds of item an auction can sell (GAME §4.3: titles, cosmetic sets, resources in bulk). */
export const AUCTION_ITEM_KINDS = ['title', 'cosmetic_set', 'resource'] as const;
export type AuctionItemKind = (typeof AUCTION_ITEM_KINDS)[number];

/**
 * Refuses soul-bound resources (truth_tokens, influence_points): they can never be listed,
 * swapped, auctioned or transferred between players.
 * @throws GameError `SOUL_BOUND` for a soul-bound resource, `BAD_REQUEST` for an unknown one.
 */
export function assertTransferable(resource: unknown): asserts resource is Resource {
  if (!isResource(resource)) throw new GameError('BAD_REQUEST', `unknown resource: ${String(resource)}`);
  if (RESOURCE_INFO[resource].soulBound) {
    throw new GameError('SOUL_BOUND', `${resource} is soul-bound: it cannot be traded or transferred`);
  }
}

/**
 * A resource with a liquidity pool against resistance_credits (cpu_cycles, data_credits,
 * liberation_keys).
 * @throws GameError `SOUL_BOUND` for soul-bound resources, `NOT_FOUND` for the quote currency.
 */
export function assertPoolResource(resource: unknown): asserts resource is Resource {
  assertTransferable(resource);
  if (!TRADEABLE_RESOURCES.includes(resource)) {
    throw new GameError('NOT_FOUND', `there is no pool for ${resource}`);
  }
}

/** A swap's direction, seen from the player: `buy` pays credits for the resource, `sell` the reverse. */
export type SwapDirection = 'buy' | 'sell';

/** Which reserve the player pays into and which one pays out, for a pool of `resource`. */
export function swapLegs(resource: Resource, direction: SwapDirection): { assetIn: Resource; assetOut: Resource } {
  return direction === 'buy'
    ? { assetIn: 'resistance_credits', assetOut: resource }
    : { assetIn: resource, assetOut: 'resistance_credits' };
}

/**
 * The lowest acceptable bid: the reserve price while nobody has bid, then the top bid plus
 * 5 % rounded up (a bid of exactly +5 % is accepted).
 * @example minimumBid(1000n, null) // 1000n
 * @example minimumBid(1000n, 1000n) // 1050n
 * @example minimumBid(1n, 101n) // 107n (106.05 rounded up)
 */
export function minimumBid(reservePrice: bigint, topBid: bigint | null): bigint {
  if (topBid === null) return reservePrice;
  const raised = topBid * (100n + AUCTION_MIN_INCREMENT_PERCENT);
  return (raised + 99n) / 100n;
}

/**
 * Refuses a bid below {@link minimumBid}.
 * @throws GameError `BID_TOO_LOW`.
 */
export function assertBidHighEnough(amount: bigint, reservePrice: bigint, topBid: bigint | null): void {
  const min = minimumBid(reservePrice, topBid);
  if (amount < min) {
    throw new GameError('BID_TOO_LOW', topBid === null
      ? `the reserve price is ${min}, bid ${amount}`
      : `a bid must be at least ${min} (top bid ${topBid} + 5 %), bid ${amount}`);
  }
}

/**
 * The end of an auction after a bid placed at `now` (epoch ms): a bid in the last
 * `windowMs` before the end pushes the end back by `extensionMs` (anti-sniping). Scaled
 * windows let tests and demos run faster; the game's are 60 s each.
 * @throws GameError `AUCTION_CLOSED` when `now` is at or past the end.
 * @example endAfterBid(100_000, 50_000) // 160_000 (40 s before the end: extended by 60 s)
 * @example endAfterBid(100_000, 30_000) // 100_000 (70 s before the end: unchanged)
 */
export function endAfterBid(
  endsAt: number,
  now: number,
  windowMs: number = AUCTION_SNIPING_WINDOW_MS,
  extensionMs: number = AUCTION_EXTENSION_MS,
): number {
  if (now >= endsAt) throw new GameError('AUCTION_CLOSED', 'the auction has ended');
  return endsAt - now <= windowMs ? endsAt + extensionMs : endsAt;
}
