/**
 * Wash-trading detection (GAME §9 "collusion: wash trades between the same accounts"): the same
 * two players trading with each other back and forth — at least `minTrades` trades between them
 * within `windowMs`, in both directions — raise one fair-play flag per pair and window.
 * Pure: the caller passes trade times.
 */
import type { NewFairPlayFlag } from '@datavism/db';

/** Trades between one pair within the window that make a pattern. @default 10 */
export const WASH_MIN_TRADES = 10;
/** The window, in ms. @default 10 minutes */
export const WASH_WINDOW_MS = 10 * 60_000;

interface PairHistory {
  /** Trade times and whether the lower id was the buyer. */
  trades: Array<{ at: number; lowBuys: boolean }>;
  flaggedAt: number;
}

export class WashTradeDetector {
  private readonly pairs = new Map<string, PairHistory>();

  constructor(
    readonly instrument: string,
    readonly minTrades = WASH_MIN_TRADES,
    readonly windowMs = WASH_WINDOW_MS,
  ) {}

  /** Records one trade; returns a flag the first time the pair crosses the threshold in a window. */
  record(buyerId: string, sellerId: string, at: number): NewFairPlayFlag | null {
    const [low, high] = buyerId < sellerId ? [buyerId, sellerId] : [sellerId, buyerId];
    const key = `${low}|${high}`;
    let h = this.pairs.get(key);
    if (!h) this.pairs.set(key, (h = { trades: [], flaggedAt: -Infinity }));
    h.trades.push({ at, lowBuys: buyerId === low });
    const since = at - this.windowMs;
    let drop = 0;
    while (drop < h.trades.length && h.trades[drop].at < since) drop++;
    if (drop > 0) h.trades.splice(0, drop);
    if (h.trades.length < this.minTrades || h.flaggedAt >= since) return null;
    const lowBought = h.trades.some((t) => t.lowBuys);
    const highBought = h.trades.some((t) => !t.lowBuys);
    if (!lowBought || !highBought) return null;
    h.flaggedAt = at;
    return {
      kind: 'wash_trading',
      playerIds: [low, high],
      detail: `${h.trades.length} ${this.instrument} trades back and forth between the same two players within ${Math.round(this.windowMs / 60_000)} min`,
      count: h.trades.length,
    };
  }

  /** Forgets pairs with no trade in the window (bounded memory). */
  prune(now: number): void {
    for (const [key, h] of this.pairs) {
      if (h.trades.length === 0 || h.trades[h.trades.length - 1].at < now - this.windowMs) this.pairs.delete(key);
    }
  }
}
