import { describe, expect, it } from 'vitest';
import { previewOrder } from '../src/features/market/preview';

describe('market fill preview (same walk and fee as the server)', () => {
  const asks = [{ price: 30, size: 5 }, { price: 31, size: 5 }];
  it('market buy of 7: 5 @ 30 + 2 @ 31 = 212, fee ceil(2 % of 212) = 5', () => {
    expect(previewOrder({ side: 'buy', type: 'market', size: 7, levels: asks, feeBps: 200 })).toEqual({
      filled: 7n, notional: 212n, fee: 5n, resting: 0n, required: 217n, averagePrice: 212 / 7,
    });
  });
  it('limit buy stops at its price; the rest rests; the buyer needs price × size + the fee on it', () => {
    const p = previewOrder({ side: 'buy', type: 'limit', price: 30, size: 8, levels: asks, feeBps: 200 });
    expect(p).toMatchObject({ filled: 5n, notional: 150n, fee: 3n, resting: 3n, required: 240n + 5n });
  });
  it('a sell walks the bids down to its limit', () => {
    const bids = [{ price: 50, size: 2 }, { price: 49, size: 2 }];
    expect(previewOrder({ side: 'sell', type: 'limit', price: 50, size: 3, levels: bids, feeBps: 200 }))
      .toMatchObject({ filled: 2n, notional: 100n, fee: 2n, resting: 1n, required: 0n });
  });
});
