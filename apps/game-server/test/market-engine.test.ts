import { describe, expect, it } from 'vitest';
import { MarketEngine, type MarketInput } from '../src/market/engine';
import { makerFillPayload } from '../src/market/plan';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';

function engine() {
  return new MarketEngine('cpu_cycles', { lastSeq: 0n });
}
function ctx(balances: Record<string, bigint>, feeBps = 200) {
  return { balances: new Map(Object.entries(balances)), existing: [], feeBps: () => feeBps, now: 120_000 };
}
const place = (playerId: string, clientOrderId: string, side: 'buy' | 'sell', price: number | undefined, size: number): MarketInput =>
  ({ kind: 'place', playerId, clientOrderId, side, type: price === undefined ? 'market' : 'limit', price, size });

describe('market engine: one tick of matching and settlement', () => {
  it('a taker buy over two makers: maker prices, escrow to the taker, fee increments sum to takerFee(total)', () => {
    const e = engine();
    const rest = e.apply([place(A, 'a1', 'sell', 10, 3), place(B, 'b1', 'sell', 11, 3)], ctx({ [`${A}:cpu_cycles`]: 3n, [`${B}:cpu_cycles`]: 3n }));
    expect(rest.moves).toEqual([
      { from: A, to: 'escrow', resource: 'cpu_cycles', amount: 3n, reason: 'market_escrow' },
      { from: B, to: 'escrow', resource: 'cpu_cycles', amount: 3n, reason: 'market_escrow' },
    ]);
    const plan = e.apply([place(C, 'c1', 'buy', 12, 5)], ctx({ [`${C}:resistance_credits`]: 62n }));
    // 3 @ 10 + 2 @ 11 = 52; fee ceil(1.04) = 2: first trade ceil(0.6) = 1, then ceil(1.04) − 1 = 1.
    expect(plan.batch.trades.map((t) => [t.price, t.size, t.fee])).toEqual([[10n, 3n, 1n], [11n, 2n, 1n]]);
    // The tick's moves merge per (from, to, resource, reason), in the order they first occur: the
    // taker's two fills settle as one move each way through escrow.
    expect(plan.moves).toEqual([
      { from: 'escrow', to: C, resource: 'cpu_cycles', amount: 5n, reason: 'market_fill' },
      { from: C, to: 'escrow', resource: 'resistance_credits', amount: 52n, reason: 'market_fill' },
      { from: 'escrow', to: A, resource: 'resistance_credits', amount: 30n, reason: 'market_fill' },
      { from: 'escrow', to: B, resource: 'resistance_credits', amount: 22n, reason: 'market_fill' },
      { from: C, to: 'community', resource: 'resistance_credits', amount: 2n, reason: 'market_fee' },
    ]);
    expect(plan.makerFills.map((f) => [f.playerId, f.size, f.remaining])).toEqual([[A, 3n, 0n], [B, 2n, 1n]]);
    expect(makerFillPayload(plan.makerFills[1])).toEqual({
      orderId: rest.batch.orders[1].id, counterOrderId: plan.batch.orders[0].id, price: '11', size: '2', fee: '0', remaining: '1', status: 'open',
    });
    expect(plan.batch.candles).toEqual([{ instrument: 'cpu_cycles', start: 120_000, open: 10n, high: 11n, low: 10n, close: 11n, volume: 5n }]);
    expect(plan.batch.updates).toEqual([
      { id: rest.batch.orders[0].id, remaining: 0n, status: 'filled' },
      { id: rest.batch.orders[1].id, remaining: 1n, status: 'open' },
    ]);
    expect(plan.outcomes[0]).toMatchObject({ kind: 'ack', ack: { status: 'filled', remaining: '0' } });
    expect(e.book.depth().asks).toEqual([{ price: 11, size: 1, orders: 1 }]);
  });

  it('a buy that cannot afford price × size + fee is refused before it touches the book', () => {
    const e = engine();
    e.apply([place(A, 'a1', 'sell', 10, 5)], ctx({ [`${A}:cpu_cycles`]: 5n }));
    // 10 × 5 = 50 + fee 1 = 51 needed; 50 held.
    const plan = e.apply([place(C, 'c1', 'buy', 10, 5)], ctx({ [`${C}:resistance_credits`]: 50n }));
    expect(plan.outcomes[0]).toMatchObject({ kind: 'error', error: { code: 'INSUFFICIENT_FUNDS' } });
    expect(plan.moves).toEqual([]);
    expect(e.book.depth().asks).toEqual([{ price: 10, size: 5, orders: 1 }]);
  });

  it('cancel: only the owner, and the remaining escrow comes back', () => {
    const e = engine();
    const placed = e.apply([place(A, 'a1', 'buy', 7, 4)], ctx({ [`${A}:resistance_credits`]: 100n }));
    const id = placed.batch.orders[0].id;
    const other = e.apply([{ kind: 'cancel', playerId: B, orderId: id }], ctx({}));
    expect(other.outcomes[0]).toMatchObject({ kind: 'error', error: { code: 'FORBIDDEN' } });
    const mine = e.apply([{ kind: 'cancel', playerId: A, orderId: id }], ctx({}));
    expect(mine.moves).toEqual([{ from: 'escrow', to: A, resource: 'resistance_credits', amount: 28n, reason: 'market_cancel' }]);
    const again = e.apply([{ kind: 'cancel', playerId: A, orderId: id }], ctx({}));
    expect(again.outcomes[0]).toMatchObject({ kind: 'error', error: { code: 'ORDER_NOT_FOUND' } });
  });

  it('the same client order id twice in one tick: one order, the second answered as a duplicate', () => {
    const e = engine();
    const plan = e.apply([place(A, 'x', 'buy', 5, 1), place(A, 'x', 'buy', 5, 1)], ctx({ [`${A}:resistance_credits`]: 100n }));
    expect(plan.batch.orders).toHaveLength(1);
    expect(plan.outcomes.map((o) => o.kind === 'ack' && o.ack.duplicate)).toEqual([false, true]);
  });
});
