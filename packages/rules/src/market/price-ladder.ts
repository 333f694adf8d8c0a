/**
 * One side of an order book: price levels kept sorted, each a FIFO queue of resting orders.
 * Internal to the market rules (the {@link OrderBook} is the public face).
 *
 * Layout, chosen for speed:
 * - `levels` is an array sorted so that the BEST level is LAST: taking or emptying the best
 *   level is `pop()`, and new orders (which mostly arrive near the top of the book) are
 *   inserted with a short `splice` close to the end.
 * - `byPrice` finds an existing level in O(1) when an order comes to rest.
 * - A level's queue is an array read from `head`; cancelled orders are deleted lazily (their
 *   size is set to 0 and the matcher skips them), so cancel is O(1) except when it empties a
 *   level. Invariant: every level in `levels` holds at least one live order (`count > 0`).
 */

/** A resting order as the book stores it. `size` is the remaining size; 0 once dead. */
export class BookOrder {
  constructor(
    readonly id: string,
    readonly side: 'buy' | 'sell',
    readonly price: number,
    public size: number,
    readonly owner: string | undefined,
    readonly level: PriceLevel,
  ) {}
}

/** All resting orders at one price, oldest first. */
export class PriceLevel {
  /** Orders in arrival order; entries before `head` are consumed, entries with size 0 are dead. */
  queue: BookOrder[] = [];
  head = 0;
  /** Total remaining size of the live orders. */
  size = 0;
  /** Number of live orders. */
  count = 0;

  constructor(readonly price: number) {}

  /** Drops consumed and dead entries once they outnumber the live ones (keeps memory bounded). */
  compactIfSparse(): void {
    const waste = this.queue.length - this.count;
    if (waste > 32 && waste > this.count) {
      const live: BookOrder[] = [];
      const q = this.queue;
      for (let i = this.head; i < q.length; i++) if (q[i].size > 0) live.push(q[i]);
      this.queue = live;
      this.head = 0;
    }
  }
}

/** One side of the book. `isBid` decides the order: bids best = highest, asks best = lowest. */
export class PriceLadder {
  /** Sorted worst → best; the best level is `levels[levels.length - 1]`. */
  readonly levels: PriceLevel[] = [];
  readonly byPrice = new Map<number, PriceLevel>();
  /** Total remaining size resting on this side. */
  volume = 0;

  constructor(readonly isBid: boolean) {}

  /** The best level, or `undefined` when this side is empty. */
  best(): PriceLevel | undefined {
    return this.levels[this.levels.length - 1];
  }

  /** The level at `price`, created (and inserted in order) if absent. */
  levelAt(price: number): PriceLevel {
    let level = this.byPrice.get(price);
    if (level === undefined) {
      level = new PriceLevel(price);
      this.byPrice.set(price, level);
      this.levels.splice(this.insertionIndex(price), 0, level);
    }
    return level;
  }

  /** Removes the best level (which the matcher has just emptied). */
  popBest(): void {
    const level = this.levels.pop();
    if (level !== undefined) this.byPrice.delete(level.price);
  }

  /** Removes an arbitrary level (emptied by a cancel). */
  remove(level: PriceLevel): void {
    this.byPrice.delete(level.price);
    const levels = this.levels;
    // Cancels, like placements, cluster near the top: scan from the best end first.
    const i = levels.length - 1;
    if (levels[i] === level) {
      levels.pop();
      return;
    }
    const at = this.insertionIndex(level.price) - 1;
    if (levels[at] === level) levels.splice(at, 1);
  }

  /**
   * Index of the first level that is better than `price` (so inserting there keeps the order).
   * Bids ascend (worse = lower), asks descend (worse = higher).
   */
  private insertionIndex(price: number): number {
    const levels = this.levels;
    let lo = 0;
    let hi = levels.length;
    if (this.isBid) {
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (levels[mid].price <= price) lo = mid + 1;
        else hi = mid;
      }
    } else {
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (levels[mid].price >= price) lo = mid + 1;
        else hi = mid;
      }
    }
    return lo;
  }
}
