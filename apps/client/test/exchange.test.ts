import { describe, expect, it } from 'vitest';
import { nextMinimumBid, parseAmount, previewSwap, rowsFromState } from '../src/features/exchange/exchangeStore';

const wireMap = (items: Record<string, unknown>[]) => ({ forEach: (cb: (v: Record<string, unknown>) => void) => items.forEach(cb) });

describe('exchange panel core', () => {
  it('swap preview is the exact bigint quote and fee (GAME §4.2)', () => {
    const pool = { resource: 'cpu_cycles', reserveResource: 1_000_000n, reserveCredits: 1_000_000n, swapCount: 0 };
    expect(previewSwap(pool, 'buy', 10_000n, 200)).toEqual({ amountOut: 9_704n, fee: 200n });
    expect(previewSwap(pool, 'buy', 0n, 200)).toBeNull();
  });

  it('rows from the wire: amounts parsed as bigints, open auctions first', () => {
    const rows = rowsFromState({
      feeBps: 150,
      pools: wireMap([{ resource: 'data_credits', reserveResource: '500000', reserveCredits: '1000000', swapCount: 2 }]),
      auctions: wireMap([
        { id: 's', status: 'settled', endsAt: 1, reservePrice: '5', topBid: '', bidCount: 0 },
        { id: 'o', status: 'open', endsAt: 9, reservePrice: '1000', topBid: '1000', bidCount: 1 },
      ]),
    });
    expect(rows.feeBps).toBe(150);
    expect(rows.pools[0]!.reserveCredits).toBe(1_000_000n);
    expect(rows.auctions.map((a) => a.id)).toEqual(['o', 's']);
    expect(nextMinimumBid(rows.auctions[0]!)).toBe(1_050n);
    expect(nextMinimumBid(rows.auctions[1]!)).toBe(5n);
  });

  it('amounts typed by a player: whole numbers only', () => {
    expect(parseAmount('1200')).toBe(1200n);
    expect(parseAmount('1.5')).toBeNull();
    expect(parseAmount('-3')).toBeNull();
  });
});
