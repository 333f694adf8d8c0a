/**
 * The spot market's matching engine (GAME §4.1): one instrument, price-time priority.
 *
 * Prices and sizes are plain JS safe integers (a resource's smallest unit, priced in the
 * smallest unit of resistance_credits). The book holds no balances: escrow, fees and ledger
 * transfers are the caller's job, driven by the fills this returns. It reads no clock, so
 * "time" priority is arrival order of calls.
 */
import { BookOrder, PriceLadder, type PriceLevel } from './price-ladder';
import { assertPositiveSafeInteger, badRequest } from './validate';

/** Which side of the book an order is on. */
export type OrderSide = 'buy' | 'sell';

/**
 * What happens when a taker would trade with a resting order of the same `owner`.
 * - `cancel-taker`: the taker stops there; its unfilled rest is cancelled (never rests).
 * - `cancel-maker`: the resting order is cancelled and matching continues with the next one.
 * - `none`: they trade like anyone else.
 */
export type SelfTradePrevention = 'cancel-taker' | 'cancel-maker' | 'none';

/** Options of {@link OrderBook}. */
export interface OrderBookOptions {
  /** @default 'none' */
  selfTradePrevention?: SelfTradePrevention;
}

/** A limit order: trades up to `price` (buy) / down to `price` (sell); the rest rests. */
export interface LimitOrderRequest {
  /** Unique among resting orders. */
  id: string;
  side: OrderSide;
  price: number;
  size: number;
  /** The account behind the order, for self-trade prevention. Omit to never self-match. */
  owner?: string;
}

/** A market order: trades what it can at any price, never rests. */
export interface MarketOrderRequest {
  id: string;
  side: OrderSide;
  size: number;
  owner?: string;
}

/** One trade: always at the maker's (resting order's) price. */
export interface Fill {
  makerId: string;
  takerId: string;
  price: number;
  size: number;
}

/** The outcome of placing an order. */
export interface MatchResult {
  /** Trades in execution order (best price first, oldest maker first within a price). */
  fills: Fill[];
  /**
   * The taker's unfilled size. For a limit order it rests on the book, unless the taker's id
   * is in `cancelled`; a market order's remaining never rests.
   */
  remaining: number;
  /**
   * Ids cancelled by self-trade prevention: resting makers (`cancel-maker`) or the taker
   * itself (`cancel-taker`). Their escrow is to be released. Empty otherwise.
   */
  cancelled: string[];
}

/** A resting order as seen from outside; `size` is what is left of it. */
export interface RestingOrder {
  id: string;
  side: OrderSide;
  price: number;
  size: number;
}

/** One aggregated price level. */
export interface DepthLevel {
  price: number;
  /** Total remaining size at this price. */
  size: number;
  /** Number of resting orders at this price. */
  orders: number;
}

/** Both sides of the book, best level first. */
export interface Depth {
  bids: DepthLevel[];
  asks: DepthLevel[];
}

const STP_MODES: ReadonlySet<string> = new Set(['cancel-taker', 'cancel-maker', 'none']);

/**
 * A price-time-priority limit order book for one instrument.
 *
 * @example
 * const book = new OrderBook({ selfTradePrevention: 'cancel-taker' });
 * book.limit({ id: 'a', side: 'sell', price: 105, size: 10 });
 * book.limit({ id: 'b', side: 'buy', price: 110, size: 4 });
 * // → { fills: [{ makerId: 'a', takerId: 'b', price: 105, size: 4 }], remaining: 0, cancelled: [] }
 */
export class OrderBook {
  private readonly bids = new PriceLadder(true);
  private readonly asks = new PriceLadder(false);
  private readonly orders = new Map<string, BookOrder>();
  private readonly stp: SelfTradePrevention;

  constructor(options: OrderBookOptions = {}) {
    const stp = options.selfTradePrevention ?? 'none';
    if (!STP_MODES.has(stp)) badRequest(`unknown selfTradePrevention mode ${String(stp)}`);
    this.stp = stp;
  }

  /**
   * Places a limit order: it trades against the opposite side while prices cross, then its
   * unfilled rest joins the back of the queue at its price.
   * @throws GameError `BAD_REQUEST` on a bad side, id, price or size, or an id already resting.
   */
  limit(order: LimitOrderRequest): MatchResult {
    const { id, side, price, size, owner } = order;
    this.validate(id, side, size, owner);
    assertPositiveSafeInteger('price', price);
    const result = this.match(id, side, price, size, owner);
    const cancelled = result.cancelled;
    const takerCancelled = cancelled.length > 0 && cancelled[cancelled.length - 1] === id;
    if (result.remaining > 0 && !takerCancelled) {
      const ladder = side === 'buy' ? this.bids : this.asks;
      const level = ladder.levelAt(price);
      const resting = new BookOrder(id, side, price, result.remaining, owner, level);
      level.queue.push(resting);
      level.size += result.remaining;
      level.count++;
      ladder.volume += result.remaining;
      this.orders.set(id, resting);
    }
    return result;
  }

  /**
   * Places a market order: it trades against the best prices until filled or the opposite
   * side is empty; whatever is left is reported in `remaining` and dropped.
   * @throws GameError `BAD_REQUEST` on a bad side, id or size, or an id already resting.
   */
  market(order: MarketOrderRequest): MatchResult {
    const { id, side, size, owner } = order;
    this.validate(id, side, size, owner);
    return this.match(id, side, side === 'buy' ? Infinity : -Infinity, size, owner);
  }

  /** Cancels a resting order. Returns false if no order with this id rests on the book. */
  cancel(id: string): boolean {
    const o = this.orders.get(id);
    if (o === undefined) return false;
    this.orders.delete(id);
    const level = o.level;
    level.size -= o.size;
    level.count--;
    (o.side === 'buy' ? this.bids : this.asks).volume -= o.size;
    o.size = 0; // lazy deletion: the matcher skips dead entries
    if (level.count === 0) (o.side === 'buy' ? this.bids : this.asks).remove(level);
    else level.compactIfSparse();
    return true;
  }

  /** A resting order with its remaining size, or `undefined` once filled or cancelled. */
  order(id: string): RestingOrder | undefined {
    const o = this.orders.get(id);
    return o === undefined ? undefined : { id: o.id, side: o.side, price: o.price, size: o.size };
  }

  /**
   * The top `levels` price levels of each side, best first, aggregated per price.
   * @default levels 20 (what clients are shown, GAME §4.1); `Infinity` for the whole book.
   */
  depth(levels = 20): Depth {
    if (levels !== Infinity) {
      if (!Number.isSafeInteger(levels) || levels < 0) {
        badRequest(`levels must be a non-negative integer, got ${String(levels)}`);
      }
    }
    return { bids: topLevels(this.bids, levels), asks: topLevels(this.asks, levels) };
  }

  /** The highest resting buy price, or `undefined`. */
  bestBid(): number | undefined {
    return this.bids.best()?.price;
  }

  /** The lowest resting sell price, or `undefined`. */
  bestAsk(): number | undefined {
    return this.asks.best()?.price;
  }

  /** Total remaining size resting on each side (the demand / supply of GAME §4.4). */
  restingVolume(): { buy: number; sell: number } {
    return { buy: this.bids.volume, sell: this.asks.volume };
  }

  private validate(id: unknown, side: unknown, size: unknown, owner: unknown): void {
    if (typeof id !== 'string' || id.length === 0) badRequest('order id must be a non-empty string');
    if (side !== 'buy' && side !== 'sell') badRequest(`side must be 'buy' or 'sell', got ${String(side)}`);
    assertPositiveSafeInteger('size', size);
    if (owner !== undefined && typeof owner !== 'string') badRequest('owner must be a string');
    if (this.orders.has(id)) badRequest(`duplicate order id ${id}`);
  }

  /**
   * Trades a taker against the opposite side. `limit` is the worst acceptable price
   * (±Infinity for a market order). Does not rest anything.
   */
  private match(
    takerId: string,
    side: OrderSide,
    limit: number,
    size: number,
    owner: string | undefined,
  ): MatchResult {
    const isBuy = side === 'buy';
    const book = isBuy ? this.asks : this.bids;
    const levels = book.levels;
    const checkOwner = owner !== undefined && this.stp !== 'none';
    const fills: Fill[] = [];
    const cancelled: string[] = [];
    let remaining = size;

    outer: while (remaining > 0 && levels.length > 0) {
      const level: PriceLevel = levels[levels.length - 1];
      const price = level.price;
      if (isBuy ? price > limit : price < limit) break;
      const queue = level.queue;
      let head = level.head;
      while (remaining > 0 && level.count > 0) {
        const maker = queue[head];
        const makerSize = maker.size;
        if (makerSize === 0) {
          head++; // cancelled earlier (lazy deletion)
          continue;
        }
        if (checkOwner && maker.owner === owner) {
          if (this.stp === 'cancel-taker') {
            cancelled.push(takerId);
            level.head = head;
            break outer;
          }
          // cancel-maker: drop the resting order, keep matching
          cancelled.push(maker.id);
          this.orders.delete(maker.id);
          maker.size = 0;
          level.size -= makerSize;
          level.count--;
          book.volume -= makerSize;
          head++;
          continue;
        }
        const traded = makerSize < remaining ? makerSize : remaining;
        fills.push({ makerId: maker.id, takerId, price, size: traded });
        remaining -= traded;
        maker.size = makerSize - traded;
        level.size -= traded;
        book.volume -= traded;
        if (maker.size === 0) {
          level.count--;
          this.orders.delete(maker.id);
          head++;
        }
      }
      level.head = head;
      if (level.count === 0) book.popBest();
      else level.compactIfSparse();
    }
    return { fills, remaining, cancelled };
  }
}

function topLevels(ladder: PriceLadder, n: number): DepthLevel[] {
  const out: DepthLevel[] = [];
  const levels = ladder.levels;
  for (let i = levels.length - 1; i >= 0 && out.length < n; i--) {
    const l = levels[i];
    out.push({ price: l.price, size: l.size, orders: l.count });
  }
  return out;
}
