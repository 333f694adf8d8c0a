import { describe, expect, it } from 'vitest';
import { aggregateCandles, updateCandle, type Candle, type CandleTrade } from '../src/market/candles';
import { isqrt, referencePrice } from '../src/market/reference-price';

/** Matches a thrown GameError with this code. */
const gameError = (code: string) => expect.objectContaining({ name: 'GameError', code });

describe('reference price: base × sqrt(demand / supply), nearest integer (GAME §4.4)', () => {
  it('exact values', () => {
    expect(referencePrice({ baseValue: 100, demandVolume: 400, supplyVolume: 100 })).toBe(200);
    expect(referencePrice({ baseValue: 100, demandVolume: 100, supplyVolume: 400 })).toBe(50);
    expect(referencePrice({ baseValue: 100, demandVolume: 1, supplyVolume: 2 })).toBe(71); // 70.71
    expect(referencePrice({ baseValue: 100, demandVolume: 7, supplyVolume: 7 })).toBe(100);
    expect(referencePrice({ baseValue: 1, demandVolume: 1, supplyVolume: 1_000_000 })).toBe(1); // 0.001, floored at 1
  });

  it('halves round up', () => {
    expect(referencePrice({ baseValue: 1, demandVolume: 9, supplyVolume: 4 })).toBe(2); // 1.5
    expect(referencePrice({ baseValue: 5, demandVolume: 1, supplyVolume: 4 })).toBe(3); // 2.5
    expect(referencePrice({ baseValue: 3, demandVolume: 1, supplyVolume: 4 })).toBe(2); // 1.5
  });

  it('no demand or no supply: the base value', () => {
    expect(referencePrice({ baseValue: 250, demandVolume: 0, supplyVolume: 1_000 })).toBe(250);
    expect(referencePrice({ baseValue: 250, demandVolume: 1_000, supplyVolume: 0 })).toBe(250);
    expect(referencePrice({ baseValue: 250, demandVolume: 0, supplyVolume: 0 })).toBe(250);
  });

  it('agrees with float math wherever the float is not within 1e-6 of a half', () => {
    let a = 12345;
    const next = (n: number) => {
      a = (Math.imul(a, 1103515245) + 12345) >>> 0;
      return 1 + (a % n);
    };
    for (let i = 0; i < 5000; i++) {
      const input = { baseValue: next(100_000), demandVolume: next(1_000_000), supplyVolume: next(1_000_000) };
      const f = input.baseValue * Math.sqrt(input.demandVolume / input.supplyVolume);
      if (Math.abs((f % 1) - 0.5) < 1e-6) continue;
      expect(referencePrice(input)).toBe(Math.max(1, Math.round(f)));
    }
  });

  it('rejects bad inputs and results beyond the safe integer range', () => {
    expect(() => referencePrice({ baseValue: 0, demandVolume: 1, supplyVolume: 1 })).toThrow(gameError('BAD_REQUEST'));
    expect(() => referencePrice({ baseValue: 1.5, demandVolume: 1, supplyVolume: 1 })).toThrow(gameError('BAD_REQUEST'));
    expect(() => referencePrice({ baseValue: 10, demandVolume: -1, supplyVolume: 1 })).toThrow(gameError('BAD_REQUEST'));
    expect(() => referencePrice({ baseValue: 10, demandVolume: 1, supplyVolume: NaN })).toThrow(gameError('BAD_REQUEST'));
    const huge = { baseValue: 1e9, demandVolume: Number.MAX_SAFE_INTEGER, supplyVolume: 1 };
    expect(() => referencePrice(huge)).toThrow(gameError('BAD_REQUEST'));
  });

  it('isqrt is the exact integer square root', () => {
    for (const n of [0n, 1n, 2n, 3n, 4n, 15n, 16n, 17n, 99n, 100n, 101n]) {
      const r = isqrt(n);
      expect(r * r <= n && (r + 1n) * (r + 1n) > n).toBe(true);
    }
    const big = 3n ** 200n;
    expect(isqrt(big * big)).toBe(big);
    expect(isqrt(big * big - 1n)).toBe(big - 1n);
  });
});

describe('candles', () => {
  const t = (price: number, size: number, at: number): CandleTrade => ({ price, size, at });

  it('aggregates trades into 1-minute OHLCV candles; quiet minutes get none', () => {
    const trades = [t(10, 2, 1_000), t(12, 1, 30_000), t(9, 4, 59_999), t(11, 3, 60_000), t(15, 1, 240_500)];
    expect(aggregateCandles(trades)).toEqual([
      { start: 0, open: 10, high: 12, low: 9, close: 9, volume: 7 },
      { start: 60_000, open: 11, high: 11, low: 11, close: 11, volume: 3 },
      { start: 240_000, open: 15, high: 15, low: 15, close: 15, volume: 1 },
    ]);
  });

  it('other intervals, and out-of-order input is taken in time order (stable for equal times)', () => {
    const trades = [t(5, 1, 20_000), t(7, 1, 5_000), t(6, 1, 5_000), t(8, 1, 12_000)];
    expect(aggregateCandles(trades, 10_000)).toEqual([
      { start: 0, open: 7, high: 7, low: 6, close: 6, volume: 2 },
      { start: 10_000, open: 8, high: 8, low: 8, close: 8, volume: 1 },
      { start: 20_000, open: 5, high: 5, low: 5, close: 5, volume: 1 },
    ]);
    expect(aggregateCandles([])).toEqual([]);
  });

  it('updateCandle: same interval updates a copy, a later interval opens a new candle', () => {
    const first = updateCandle(undefined, t(10, 2, 61_000));
    expect(first).toEqual({ start: 60_000, open: 10, high: 10, low: 10, close: 10, volume: 2 });
    const second = updateCandle(first, t(14, 1, 62_000));
    expect(second).toEqual({ start: 60_000, open: 10, high: 14, low: 10, close: 14, volume: 3 });
    expect(first.volume).toBe(2); // not mutated
    expect(updateCandle(second, t(3, 5, 120_000))).toEqual({ start: 120_000, open: 3, high: 3, low: 3, close: 3, volume: 5 });
  });

  it('updateCandle folded over trades equals aggregateCandles', () => {
    const trades: CandleTrade[] = [];
    for (let i = 0; i < 500; i++) trades.push(t(100 + ((i * 37) % 23), 1 + (i % 5), i * 7_919));
    const closed: Candle[] = [];
    let live: Candle | undefined;
    for (const trade of trades) {
      const next = updateCandle(live, trade, 60_000);
      if (live !== undefined && next.start !== live.start) closed.push(live);
      live = next;
    }
    if (live !== undefined) closed.push(live);
    expect(closed).toEqual(aggregateCandles(trades));
  });

  it('rejects trades older than the candle and bad values', () => {
    const c = updateCandle(undefined, t(10, 1, 120_000));
    expect(() => updateCandle(c, t(10, 1, 119_999))).toThrow(gameError('BAD_REQUEST'));
    expect(() => updateCandle(undefined, t(0, 1, 0))).toThrow(gameError('BAD_REQUEST'));
    expect(() => updateCandle(undefined, t(1, 1.5, 0))).toThrow(gameError('BAD_REQUEST'));
    expect(() => updateCandle(undefined, t(1, 1, NaN))).toThrow(gameError('BAD_REQUEST'));
    expect(() => aggregateCandles([t(1, 1, 0)], 0)).toThrow(gameError('BAD_REQUEST'));
  });
});
