import { describe, expect, it } from 'vitest';
import { OrderBook } from '../src/market/orderbook';

/** Matches a thrown GameError with this code. */
const gameError = (code: string) => expect.objectContaining({ name: 'GameError', code });

describe('order book: matching', () => {
  it('a resting order fills at the maker price, not the taker limit', () => {
    const book = new OrderBook();
    expect(book.limit({ id: 's1', side: 'sell', price: 105, size: 10 })).toEqual({ fills: [], remaining: 10, cancelled: [] });
    expect(book.limit({ id: 'b1', side: 'buy', price: 110, size: 4 })).toEqual({
      fills: [{ makerId: 's1', takerId: 'b1', price: 105, size: 4 }],
      remaining: 0,
      cancelled: [],
    });
    expect(book.order('s1')).toEqual({ id: 's1', side: 'sell', price: 105, size: 6 });
    expect(book.order('b1')).toBeUndefined();
  });

  it('price-time priority: better price first, then the oldest at a price', () => {
    const book = new OrderBook();
    book.limit({ id: 'a', side: 'sell', price: 101, size: 5 });
    book.limit({ id: 'b', side: 'sell', price: 100, size: 5 });
    book.limit({ id: 'c', side: 'sell', price: 100, size: 5 });
    book.limit({ id: 'd', side: 'sell', price: 102, size: 5 });
    const r = book.limit({ id: 't', side: 'buy', price: 101, size: 12 });
    expect(r.fills).toEqual([
      { makerId: 'b', takerId: 't', price: 100, size: 5 },
      { makerId: 'c', takerId: 't', price: 100, size: 5 },
      { makerId: 'a', takerId: 't', price: 101, size: 2 },
    ]);
    expect(r.remaining).toBe(0);
    expect(book.order('a')?.size).toBe(3);
    expect(book.order('d')?.size).toBe(5);
  });

  it('sell takers hit the highest bid first', () => {
    const book = new OrderBook();
    book.limit({ id: 'b1', side: 'buy', price: 98, size: 1 });
    book.limit({ id: 'b2', side: 'buy', price: 99, size: 1 });
    book.limit({ id: 'b3', side: 'buy', price: 97, size: 1 });
    const r = book.limit({ id: 's', side: 'sell', price: 98, size: 3 });
    expect(r.fills.map((f) => [f.makerId, f.price])).toEqual([
      ['b2', 99],
      ['b1', 98],
    ]);
    // the rest rests at its own limit, behind nothing, and does not cross b3
    expect(r.remaining).toBe(1);
    expect(book.order('s')).toEqual({ id: 's', side: 'sell', price: 98, size: 1 });
    expect(book.bestBid()).toBe(97);
    expect(book.bestAsk()).toBe(98);
  });

  it('partial fill: an unfilled limit rest rests and keeps its place in later matching', () => {
    const book = new OrderBook();
    book.limit({ id: 's1', side: 'sell', price: 100, size: 3 });
    const r = book.limit({ id: 'b1', side: 'buy', price: 100, size: 10 });
    expect(r).toEqual({ fills: [{ makerId: 's1', takerId: 'b1', price: 100, size: 3 }], remaining: 7, cancelled: [] });
    book.limit({ id: 'b2', side: 'buy', price: 100, size: 5 });
    const s = book.limit({ id: 's2', side: 'sell', price: 100, size: 9 });
    expect(s.fills).toEqual([
      { makerId: 'b1', takerId: 's2', price: 100, size: 7 },
      { makerId: 'b2', takerId: 's2', price: 100, size: 2 },
    ]);
    expect(book.order('b2')?.size).toBe(3);
  });

  it('a limit that does not cross rests without trading', () => {
    const book = new OrderBook();
    book.limit({ id: 's', side: 'sell', price: 100, size: 1 });
    expect(book.limit({ id: 'b', side: 'buy', price: 99, size: 1 }).fills).toEqual([]);
    expect(book.depth()).toEqual({ bids: [{ price: 99, size: 1, orders: 1 }], asks: [{ price: 100, size: 1, orders: 1 }] });
  });
});

describe('order book: market orders', () => {
  it('a market order on an empty book fills nothing and never rests', () => {
    const book = new OrderBook();
    expect(book.market({ id: 'm', side: 'buy', size: 5 })).toEqual({ fills: [], remaining: 5, cancelled: [] });
    expect(book.order('m')).toBeUndefined();
    expect(book.depth()).toEqual({ bids: [], asks: [] });
  });

  it('a market order sweeps levels at any price and drops what it cannot fill', () => {
    const book = new OrderBook();
    book.limit({ id: 'b1', side: 'buy', price: 50, size: 2 });
    book.limit({ id: 'b2', side: 'buy', price: 1, size: 2 });
    const r = book.market({ id: 'm', side: 'sell', size: 6 });
    expect(r.fills).toEqual([
      { makerId: 'b1', takerId: 'm', price: 50, size: 2 },
      { makerId: 'b2', takerId: 'm', price: 1, size: 2 },
    ]);
    expect(r.remaining).toBe(2);
    expect(book.order('m')).toBeUndefined();
    expect(book.depth()).toEqual({ bids: [], asks: [] });
  });
});

describe('order book: cancel and lookup', () => {
  it('cancel removes a resting order once; order(id) is then undefined', () => {
    const book = new OrderBook();
    book.limit({ id: 'a', side: 'buy', price: 10, size: 5 });
    expect(book.cancel('a')).toBe(true);
    expect(book.cancel('a')).toBe(false);
    expect(book.cancel('never')).toBe(false);
    expect(book.order('a')).toBeUndefined();
    expect(book.depth()).toEqual({ bids: [], asks: [] });
  });

  it('a cancelled order is skipped by matching; the next in the queue trades', () => {
    const book = new OrderBook();
    book.limit({ id: 'a', side: 'sell', price: 10, size: 5 });
    book.limit({ id: 'b', side: 'sell', price: 10, size: 5 });
    book.cancel('a');
    expect(book.market({ id: 'm', side: 'buy', size: 3 }).fills).toEqual([{ makerId: 'b', takerId: 'm', price: 10, size: 3 }]);
  });

  it('a filled order cannot be cancelled and is gone from order(id)', () => {
    const book = new OrderBook();
    book.limit({ id: 'a', side: 'sell', price: 10, size: 5 });
    book.market({ id: 'm', side: 'buy', size: 5 });
    expect(book.order('a')).toBeUndefined();
    expect(book.cancel('a')).toBe(false);
  });

  it('an id is free again after its order is gone', () => {
    const book = new OrderBook();
    book.limit({ id: 'a', side: 'sell', price: 10, size: 5 });
    book.cancel('a');
    expect(book.limit({ id: 'a', side: 'sell', price: 11, size: 1 }).remaining).toBe(1);
  });

  it('order(id) returns a copy that cannot change the book', () => {
    const book = new OrderBook();
    book.limit({ id: 'a', side: 'sell', price: 10, size: 5 });
    const view = book.order('a');
    if (view === undefined) throw new Error('missing');
    view.size = 1;
    expect(book.order('a')?.size).toBe(5);
  });
});

describe('order book: depth', () => {
  it('aggregates size and order count per price, best first, limited to n levels', () => {
    const book = new OrderBook();
    book.limit({ id: 'b1', side: 'buy', price: 10, size: 1 });
    book.limit({ id: 'b2', side: 'buy', price: 12, size: 2 });
    book.limit({ id: 'b3', side: 'buy', price: 12, size: 3 });
    book.limit({ id: 'b4', side: 'buy', price: 11, size: 4 });
    book.limit({ id: 's1', side: 'sell', price: 15, size: 5 });
    book.limit({ id: 's2', side: 'sell', price: 13, size: 6 });
    book.limit({ id: 's3', side: 'sell', price: 13, size: 7 });
    expect(book.depth()).toEqual({
      bids: [
        { price: 12, size: 5, orders: 2 },
        { price: 11, size: 4, orders: 1 },
        { price: 10, size: 1, orders: 1 },
      ],
      asks: [
        { price: 13, size: 13, orders: 2 },
        { price: 15, size: 5, orders: 1 },
      ],
    });
    expect(book.depth(1)).toEqual({ bids: [{ price: 12, size: 5, orders: 2 }], asks: [{ price: 13, size: 13, orders: 2 }] });
    expect(book.depth(0)).toEqual({ bids: [], asks: [] });
    book.cancel('b2');
    book.limit({ id: 't', side: 'sell', price: 12, size: 1 }); // hits b3
    expect(book.depth(1).bids).toEqual([{ price: 12, size: 2, orders: 1 }]);
    expect(book.restingVolume()).toEqual({ buy: 7, sell: 18 });
  });

  it('shows the top 20 levels by default', () => {
    const book = new OrderBook();
    for (let p = 1; p <= 30; p++) book.limit({ id: `b${p}`, side: 'buy', price: p, size: 1 });
    const bids = book.depth().bids;
    expect(bids).toHaveLength(20);
    expect(bids[0].price).toBe(30);
    expect(bids[19].price).toBe(11);
    expect(book.depth(Infinity).bids).toHaveLength(30);
  });
});

describe('order book: self-trade prevention', () => {
  function seeded(mode: 'cancel-taker' | 'cancel-maker' | 'none'): OrderBook {
    const book = new OrderBook({ selfTradePrevention: mode });
    book.limit({ id: 'x1', side: 'sell', price: 100, size: 2, owner: 'bob' });
    book.limit({ id: 'a1', side: 'sell', price: 100, size: 3, owner: 'alice' });
    book.limit({ id: 'x2', side: 'sell', price: 101, size: 4, owner: 'bob' });
    return book;
  }

  it('cancel-taker: the taker stops at its own order, its rest is cancelled, makers stay', () => {
    const book = seeded('cancel-taker');
    const r = book.limit({ id: 't', side: 'buy', price: 101, size: 10, owner: 'alice' });
    expect(r).toEqual({ fills: [{ makerId: 'x1', takerId: 't', price: 100, size: 2 }], remaining: 8, cancelled: ['t'] });
    expect(book.order('t')).toBeUndefined();
    expect(book.order('a1')?.size).toBe(3);
    expect(book.order('x2')?.size).toBe(4);
  });

  it('cancel-maker: own resting orders are cancelled and matching continues', () => {
    const book = seeded('cancel-maker');
    const r = book.limit({ id: 't', side: 'buy', price: 101, size: 10, owner: 'alice' });
    expect(r).toEqual({
      fills: [
        { makerId: 'x1', takerId: 't', price: 100, size: 2 },
        { makerId: 'x2', takerId: 't', price: 101, size: 4 },
      ],
      remaining: 4,
      cancelled: ['a1'],
    });
    expect(book.order('a1')).toBeUndefined();
    expect(book.order('t')).toEqual({ id: 't', side: 'buy', price: 101, size: 4 });
    expect(book.restingVolume()).toEqual({ buy: 4, sell: 0 });
  });

  it('cancel-maker can empty a whole level', () => {
    const book = new OrderBook({ selfTradePrevention: 'cancel-maker' });
    book.limit({ id: 'a1', side: 'buy', price: 50, size: 1, owner: 'alice' });
    book.limit({ id: 'a2', side: 'buy', price: 50, size: 1, owner: 'alice' });
    const r = book.market({ id: 'm', side: 'sell', size: 1, owner: 'alice' });
    expect(r).toEqual({ fills: [], remaining: 1, cancelled: ['a1', 'a2'] });
    expect(book.depth()).toEqual({ bids: [], asks: [] });
  });

  it('none: the same owner trades with itself; orders without owner never self-match', () => {
    const book = seeded('none');
    expect(book.limit({ id: 't', side: 'buy', price: 100, size: 5, owner: 'alice' }).fills).toHaveLength(2);
    const stp = seeded('cancel-taker');
    expect(stp.limit({ id: 't', side: 'buy', price: 100, size: 5 }).fills).toHaveLength(2);
  });

  it('a market taker is cancelled too under cancel-taker', () => {
    const book = seeded('cancel-taker');
    expect(book.market({ id: 'm', side: 'buy', size: 9, owner: 'bob' })).toEqual({ fills: [], remaining: 9, cancelled: ['m'] });
  });
});

describe('order book: bad inputs are rejected and change nothing', () => {
  const bad = [0, -1, 1.5, Number.MAX_SAFE_INTEGER + 1, 2 ** 60, NaN, Infinity, -Infinity, '5', null, undefined];

  it.each(bad)('size %s', (size) => {
    const book = new OrderBook();
    expect(() => book.limit({ id: 'a', side: 'buy', price: 10, size: size as number })).toThrow(gameError('BAD_REQUEST'));
    expect(() => book.market({ id: 'a', side: 'buy', size: size as number })).toThrow(gameError('BAD_REQUEST'));
    expect(book.depth()).toEqual({ bids: [], asks: [] });
  });

  it.each(bad)('price %s', (price) => {
    const book = new OrderBook();
    book.limit({ id: 's', side: 'sell', price: 1, size: 1 });
    expect(() => book.limit({ id: 'a', side: 'buy', price: price as number, size: 1 })).toThrow(gameError('BAD_REQUEST'));
    expect(book.order('s')?.size).toBe(1);
  });

  it('the largest safe integers are accepted', () => {
    const book = new OrderBook();
    const max = Number.MAX_SAFE_INTEGER;
    book.limit({ id: 's', side: 'sell', price: max, size: max });
    expect(book.limit({ id: 'b', side: 'buy', price: max, size: 1 }).fills[0]).toEqual({ makerId: 's', takerId: 'b', price: max, size: 1 });
  });

  it('side, id, owner and duplicate ids', () => {
    const book = new OrderBook();
    book.limit({ id: 'a', side: 'sell', price: 10, size: 1 });
    expect(() => book.limit({ id: 'x', side: 'hold' as 'buy', price: 10, size: 1 })).toThrow(gameError('BAD_REQUEST'));
    expect(() => book.limit({ id: '', side: 'buy', price: 10, size: 1 })).toThrow(gameError('BAD_REQUEST'));
    expect(() => book.limit({ id: 7 as unknown as string, side: 'buy', price: 10, size: 1 })).toThrow(gameError('BAD_REQUEST'));
    expect(() => book.limit({ id: 'x', side: 'buy', price: 10, size: 1, owner: 3 as unknown as string })).toThrow(gameError('BAD_REQUEST'));
    // a duplicate id is refused even when it would have traded
    expect(() => book.limit({ id: 'a', side: 'buy', price: 10, size: 1 })).toThrow(gameError('BAD_REQUEST'));
    expect(() => book.market({ id: 'a', side: 'buy', size: 1 })).toThrow(gameError('BAD_REQUEST'));
    expect(book.order('a')?.size).toBe(1);
  });

  it('depth levels and the STP option are validated', () => {
    expect(() => new OrderBook().depth(-1)).toThrow(gameError('BAD_REQUEST'));
    expect(() => new OrderBook().depth(1.5)).toThrow(gameError('BAD_REQUEST'));
    expect(() => new OrderBook({ selfTradePrevention: 'both' as 'none' })).toThrow(gameError('BAD_REQUEST'));
  });
});

describe('order book: lazy deletion stays bounded', () => {
  it('many cancels inside a live level keep matching correct', () => {
    const book = new OrderBook();
    for (let i = 0; i < 1000; i++) book.limit({ id: `s${i}`, side: 'sell', price: 10, size: 1 });
    for (let i = 0; i < 999; i++) book.cancel(`s${i}`);
    expect(book.depth()).toEqual({ bids: [], asks: [{ price: 10, size: 1, orders: 1 }] });
    book.limit({ id: 's-late', side: 'sell', price: 10, size: 1 });
    expect(book.market({ id: 'm', side: 'buy', size: 2 }).fills.map((f) => f.makerId)).toEqual(['s999', 's-late']);
  });
});
