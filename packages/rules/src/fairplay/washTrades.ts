/**
 * Wash trades (GAME §9 "collusion: wash trades between the same accounts"): the same two players
 * trading with each other back and forth — at least `minTrades` trades between them within
 * `windowMs`, with each of them on the buying side at least once. One flag per pair.
 */
import { groupSubject, type FlagDraft } from './flags';

/** Trades between one pair within the window that make a pattern. @default 10 */
export const WASH_MIN_TRADES = 10;
/** The window, in ms. @default 10 minutes */
export const WASH_WINDOW_MS = 10 * 60_000;

/** One trade as the detector sees it. */
export interface TradeRecord {
  instrument: string;
  buyerId: string;
  sellerId: string;
  /** Epoch ms. */
  at: number;
}

export interface WashOptions {
  minTrades: number;
  windowMs: number;
}

/**
 * The pairs that traded back and forth at least `minTrades` times within some `windowMs`; the
 * evidence is the busiest such window. Trades in any order.
 */
export function detectWashTrades(trades: readonly TradeRecord[], o: WashOptions = { minTrades: WASH_MIN_TRADES, windowMs: WASH_WINDOW_MS }): FlagDraft[] {
  const pairs = new Map<string, TradeRecord[]>();
  for (const t of trades) {
    if (t.buyerId === t.sellerId) continue;
    const key = groupSubject([t.buyerId, t.sellerId]);
    let list = pairs.get(key);
    if (!list) pairs.set(key, (list = []));
    list.push(t);
  }
  const out: FlagDraft[] = [];
  for (const [key, list] of pairs) {
    if (list.length < o.minTrades) continue;
    list.sort((a, b) => a.at - b.at);
    const [low, high] = key.split('|');
    let best: { from: number; to: number } | null = null;
    let start = 0;
    for (let end = 0; end < list.length; end++) {
      while (list[end].at - list[start].at > o.windowMs) start++;
      const n = end - start + 1;
      if (n < o.minTrades || (best && n <= best.to - best.from + 1)) continue;
      let lowBuys = false;
      let highBuys = false;
      for (let i = start; i <= end; i++) {
        if (list[i].buyerId === low) lowBuys = true;
        else highBuys = true;
      }
      if (lowBuys && highBuys) best = { from: start, to: end };
    }
    if (!best) continue;
    const window = list.slice(best.from, best.to + 1);
    const instruments = [...new Set(window.map((t) => t.instrument))].sort();
    out.push({
      kind: 'wash_trading',
      playerIds: [low, high],
      subject: key,
      detail: `${window.length} ${instruments.join('/')} trades back and forth between the same two players within ${Math.round(o.windowMs / 60_000)} min`,
      evidence: {
        trades: window.length, instruments,
        firstAt: new Date(window[0].at).toISOString(), lastAt: new Date(window[window.length - 1].at).toISOString(),
        bought: { [low]: window.filter((t) => t.buyerId === low).length, [high]: window.filter((t) => t.buyerId === high).length },
        minTrades: o.minTrades, windowMs: o.windowMs,
      },
      count: window.length,
    });
  }
  return out;
}
