/**
 * The exact fill preview of an order against the visible depth: the same maker-price walk and the
 * same integer fee (`takerFee` from @datavism/rules, rounded up) the server applies. Pure.
 */
import { takerFee } from '@datavism/rules';

export interface PreviewLevel {
  price: number;
  size: number;
}

export interface FillPreview {
  /** Units that would trade now (taker part). */
  filled: bigint;
  /** Σ price × size of the taker part, in resistance_credits. */
  notional: bigint;
  /** The taker fee on that notional. */
  fee: bigint;
  /** Units that would rest on the book (limit orders only). */
  resting: bigint;
  /** What a buy must hold (limit: price × size + fee on it; market: notional + fee). */
  required: bigint;
  /** Average price of the taker part, or null when nothing trades. */
  averagePrice: number | null;
}

/**
 * @param levels the opposite side, best first (asks for a buy, bids for a sell); only the top 20
 * are visible, so a preview deeper than that is a lower bound (shown as such by the UI).
 */
export function previewOrder(input: {
  side: 'buy' | 'sell';
  type: 'limit' | 'market';
  price?: number;
  size: number;
  levels: readonly PreviewLevel[];
  feeBps: number;
}): FillPreview {
  const { side, type, size, levels, feeBps } = input;
  const limit = type === 'limit' ? input.price ?? 0 : undefined;
  let left = BigInt(size);
  let notional = 0n;
  for (const level of levels) {
    if (left === 0n) break;
    if (limit !== undefined && (side === 'buy' ? level.price > limit : level.price < limit)) break;
    const take = left < BigInt(level.size) ? left : BigInt(level.size);
    notional += take * BigInt(level.price);
    left -= take;
  }
  const filled = BigInt(size) - left;
  const fee = takerFee(notional, feeBps);
  const resting = type === 'limit' ? left : 0n;
  const worst = type === 'limit' ? BigInt(limit ?? 0) * BigInt(size) : notional;
  return {
    filled, notional, fee, resting,
    required: side === 'buy' ? worst + takerFee(worst, feeBps) : 0n,
    averagePrice: filled > 0n ? Number(notional) / Number(filled) : null,
  };
}
