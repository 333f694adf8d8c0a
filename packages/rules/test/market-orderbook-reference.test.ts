/**
 * Randomized check of the fast OrderBook against a slow, obviously-correct reference: the
 * same stream of limit, market and cancel calls must give the same results (fills, remaining,
 * cancelled, errors) and leave the same resting state.
 */
import { describe, expect, it } from 'vitest';
import { GameError } from '../src/errors';
import { mulberry32 } from '../src/random';
import {
  OrderBook,
  type Depth,
  type DepthLevel,
  type MatchResult,
  type OrderSide,
  type RestingOrder,
  type SelfTradePrevention,
} from '../src/market/orderbook';

interface RefOrder {
  id: string;
  side: OrderSide;
  price: number;
  size: number;
  owner: string | undefined;
  seq: number;
}

/** A linear-scan order book: finds the best maker by scanning every resting order. */
class ReferenceBook {
  private resting: RefOrder[] = [];
  private seq = 0;

  constructor(private readonly stp: SelfTradePrevention) {}

  limit(o: { id: string; side: OrderSide; price: number; size: number; owner?: string }): MatchResult {
    this.check(o.id, o.size, o.price);
    const r = this.match(o.id, o.side, o.price, o.size, o.owner, false);
    if (r.remaining > 0 && !r.cancelled.includes(o.id)) {
      this.resting.push({ id: o.id, side: o.side, price: o.price, size: r.remaining, owner: o.owner, seq: this.seq++ });
    }
    return r;
  }

  market(o: { id: string; side: OrderSide; size: number; owner?: string }): MatchResult {
    this.check(o.id, o.size, 1);
    return this.match(o.id, o.side, 0, o.size, o.owner, true);
  }

  cancel(id: string): boolean {
    const before = this.resting.length;
    this.resting = this.resting.filter((o) => o.id !== id);
    return this.resting.length < before;
  }

  order(id: string): RestingOrder | undefined {
    const o = this.resting.find((x) => x.id === id);
    return o && { id: o.id, side: o.side, price: o.price, size: o.size };
  }

  depth(): Depth {
    const side = (s: OrderSide): DepthLevel[] => {
      const prices = [...new Set(this.resting.filter((o) => o.side === s).map((o) => o.price))];
      prices.sort((a, b) => (s === 'buy' ? b - a : a - b));
      return prices.map((price) => {
        const at = this.resting.filter((o) => o.side === s && o.price === price);
        return { price, size: at.reduce((t, o) => t + o.size, 0), orders: at.length };
      });
    };
    return { bids: side('buy'), asks: side('sell') };
  }

  private check(id: string, size: number, price: number): void {
    if (!Number.isSafeInteger(size) || size <= 0 || !Number.isSafeInteger(price) || price <= 0) {
      throw new GameError('BAD_REQUEST', 'bad');
    }
    if (this.resting.some((o) => o.id === id)) throw new GameError('BAD_REQUEST', 'dup');
  }

  private match(id: string, side: OrderSide, limit: number, size: number, owner: string | undefined, isMarket: boolean): MatchResult {
    const fills: MatchResult['fills'] = [];
    const cancelled: string[] = [];
    let remaining = size;
    while (remaining > 0) {
      const candidates = this.resting.filter(
        (o) => o.side !== side && (isMarket || (side === 'buy' ? o.price <= limit : o.price >= limit)),
      );
      if (candidates.length === 0) break;
      candidates.sort((a, b) => (side === 'buy' ? a.price - b.price : b.price - a.price) || a.seq - b.seq);
      const maker = candidates[0];
      if (this.stp !== 'none' && owner !== undefined && maker.owner === owner) {
        if (this.stp === 'cancel-taker') {
          cancelled.push(id);
          break;
        }
        cancelled.push(maker.id);
        this.cancel(maker.id);
        continue;
      }
      const traded = Math.min(maker.size, remaining);
      fills.push({ makerId: maker.id, takerId: id, price: maker.price, size: traded });
      maker.size -= traded;
      remaining -= traded;
      if (maker.size === 0) this.cancel(maker.id);
    }
    return { fills, remaining, cancelled };
  }
}

/** Seeded integers in 0…n−1, so a failure is reproducible from its seed. */
function prng(seed: number): (n: number) => number {
  const next = mulberry32(seed);
  return (n) => Math.floor(next() * n);
}

/** Runs `fn`, returning its value or the error code it threw. */
function outcome<T>(fn: () => T): T | { error: string } {
  try {
    return fn();
  } catch (err) {
    if (err instanceof GameError) return { error: err.code };
    throw err;
  }
}

function runStream(seed: number, stp: SelfTradePrevention, steps: number): void {
  const rand = prng(seed);
  const fast = new OrderBook({ selfTradePrevention: stp });
  const ref = new ReferenceBook(stp);
  const owners = ['ann', 'bob', 'cy', undefined];
  const ids: string[] = [];
  for (let step = 0; step < steps; step++) {
    const kind = rand(100);
    const side: OrderSide = rand(2) === 0 ? 'buy' : 'sell';
    const owner = owners[rand(owners.length)];
    // reuse an old id now and then: a duplicate if it still rests, a fresh order otherwise
    const id = ids.length > 0 && rand(20) === 0 ? ids[rand(ids.length)] : `o${step}`;
    const size = rand(50) === 0 ? 0 : 1 + rand(20); // an occasional invalid size
    if (kind < 65) {
      const price = 95 + rand(11); // a narrow band so most orders cross
      const o = { id, side, price, size, ...(owner === undefined ? {} : { owner }) };
      expect(outcome(() => fast.limit(o)), `step ${step}`).toEqual(outcome(() => ref.limit(o)));
      ids.push(id);
    } else if (kind < 80) {
      const o = { id, side, size, ...(owner === undefined ? {} : { owner }) };
      expect(outcome(() => fast.market(o)), `step ${step}`).toEqual(outcome(() => ref.market(o)));
    } else if (ids.length > 0) {
      const target = ids[rand(ids.length)];
      expect(fast.cancel(target), `step ${step}`).toBe(ref.cancel(target));
    }
    if (step % 200 === 0 || step === steps - 1) {
      expect(fast.depth(Infinity), `step ${step}`).toEqual(ref.depth());
      for (const x of ids) expect(fast.order(x)).toEqual(ref.order(x));
    }
  }
  const d = ref.depth();
  const total = (ls: DepthLevel[]) => ls.reduce((t, l) => t + l.size, 0);
  expect(fast.restingVolume()).toEqual({ buy: total(d.bids), sell: total(d.asks) });
}

describe('order book: matches a slow reference implementation', () => {
  for (const stp of ['none', 'cancel-taker', 'cancel-maker'] as const) {
    it.each([1, 2, 3, 4, 5])(`stp=${stp}, seed %i: 2 000 random calls give identical results and state`, (seed) => {
      runStream(seed * 7919, stp, 2000);
    });
  }

  it('deep queues with heavy cancelling (exercises queue compaction)', () => {
    const rand = prng(99);
    const fast = new OrderBook();
    const ref = new ReferenceBook('none');
    const live: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const id = `q${i}`;
      const o = { id, side: 'sell' as const, price: 100 + rand(2), size: 1 + rand(5) };
      fast.limit(o);
      ref.limit(o);
      live.push(id);
      if (rand(3) > 0) {
        const victim = live.splice(rand(live.length), 1)[0];
        expect(fast.cancel(victim)).toBe(ref.cancel(victim));
      }
      if (rand(10) === 0) {
        const m = { id: `m${i}`, side: 'buy' as const, size: 1 + rand(30) };
        expect(fast.market(m)).toEqual(ref.market(m));
      }
    }
    expect(fast.depth(Infinity)).toEqual(ref.depth());
  });
});
