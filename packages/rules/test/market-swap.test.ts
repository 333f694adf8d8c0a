import { describe, expect, it } from 'vitest';
import { swapFee, takerFee } from '../src/market/fees';
import { applySwap, quoteSwap, quoteSwapIn } from '../src/market/swap';
import { mulberry32 } from '../src/random';

/** Matches a thrown GameError with this code. */
const gameError = (code: string) => expect.objectContaining({ name: 'GameError', code });

/** Seeded random bigints spread over many magnitudes (1 … ~10^digits). */
function prng(seed: number): { big: (maxDigits: number) => bigint; int: (n: number) => number } {
  const next = mulberry32(seed);
  const int = (n: number) => Math.floor(next() * n);
  const big = (maxDigits: number) => {
    const digits = 1 + int(maxDigits);
    let s = String(1 + int(9));
    for (let i = 1; i < digits; i++) s += String(int(10));
    return BigInt(s);
  };
  return { big, int };
}

describe('quoteSwap: constant product, fee on the input (GAME §4.2)', () => {
  it('exact values', () => {
    expect(quoteSwap({ amountIn: 1_000n, reserveIn: 100_000n, reserveOut: 50_000n, feeBps: 30 })).toBe(493n);
    // the game's default 2 % fee: floor(10000·9800·2e6 / (1e6·10000 + 10000·9800)) = floor(19409.78…)
    expect(quoteSwap({ amountIn: 10_000n, reserveIn: 1_000_000n, reserveOut: 2_000_000n, feeBps: 200 })).toBe(19_409n);
    // no fee: x·y = k, 1000·1000 / 2000
    expect(quoteSwap({ amountIn: 1_000n, reserveIn: 1_000n, reserveOut: 1_000n, feeBps: 0 })).toBe(500n);
    // dust pays nothing
    expect(quoteSwap({ amountIn: 1n, reserveIn: 1_000_000n, reserveOut: 1_000n, feeBps: 30 })).toBe(0n);
  });

  it('never pays the whole reserve, however large the input', () => {
    const out = quoteSwap({ amountIn: 10n ** 40n, reserveIn: 1n, reserveOut: 1_000n, feeBps: 0 });
    expect(out).toBe(999n);
  });

  it('is non-decreasing in amountIn and non-increasing in the fee', () => {
    const { big, int } = prng(11);
    for (let i = 0; i < 2000; i++) {
      const reserveIn = big(15);
      const reserveOut = big(15);
      const amountIn = big(12);
      const feeBps = int(1000);
      const q = quoteSwap({ amountIn, reserveIn, reserveOut, feeBps });
      expect(quoteSwap({ amountIn: amountIn + 1n, reserveIn, reserveOut, feeBps })).toBeGreaterThanOrEqual(q);
      expect(quoteSwap({ amountIn, reserveIn, reserveOut, feeBps: feeBps + 1 })).toBeLessThanOrEqual(q);
    }
  });

  it('rejects bad inputs', () => {
    const ok = { amountIn: 10n, reserveIn: 100n, reserveOut: 100n, feeBps: 30 };
    for (const bad of [
      { amountIn: 0n },
      { amountIn: -5n },
      { amountIn: 10 as unknown as bigint },
      { reserveIn: 0n },
      { reserveOut: -1n },
      { feeBps: 10_000 },
      { feeBps: -1 },
      { feeBps: 2.5 },
      { feeBps: NaN },
    ]) {
      expect(() => quoteSwap({ ...ok, ...bad })).toThrow(gameError('BAD_REQUEST'));
    }
  });
});

describe('quoteSwapIn: the least input that buys amountOut', () => {
  it('exact values', () => {
    // 493 out needs 999 in (998 gives 492); 494 out needs 1001
    const pool = { reserveIn: 100_000n, reserveOut: 50_000n, feeBps: 30 };
    expect(quoteSwapIn({ ...pool, amountOut: 493n })).toBe(999n);
    expect(quoteSwap({ ...pool, amountIn: 998n })).toBe(492n);
    expect(quoteSwapIn({ ...pool, amountOut: 494n })).toBe(1_001n);
    expect(quoteSwapIn({ amountOut: 500n, reserveIn: 1_000n, reserveOut: 1_000n, feeBps: 0 })).toBe(1_000n);
    expect(quoteSwapIn({ amountOut: 999n, reserveIn: 1n, reserveOut: 1_000n, feeBps: 0 })).toBe(999n);
  });

  it('property: quoteSwap(quoteSwapIn(x)) ≥ x and quoteSwap(quoteSwapIn(x) − 1) < x (20 000 random cases)', () => {
    const { big, int } = prng(2024);
    let checked = 0;
    for (let i = 0; i < 20_000; i++) {
      const reserveIn = big(i % 3 === 0 ? 4 : 18);
      const reserveOut = 2n + big(i % 3 === 1 ? 3 : 18);
      // amountOut anywhere in 1 … reserveOut − 1, often near the top (the steep part of the curve)
      const amountOut = i % 4 === 0 ? reserveOut - 1n - (big(3) % (reserveOut - 1n)) : 1n + (big(18) % (reserveOut - 1n));
      const feeBps = i % 5 === 0 ? 0 : int(i % 7 === 0 ? 10_000 : 501);
      const pool = { reserveIn, reserveOut, feeBps };
      const a = quoteSwapIn({ ...pool, amountOut });
      expect(a).toBeGreaterThan(0n);
      expect(quoteSwap({ ...pool, amountIn: a })).toBeGreaterThanOrEqual(amountOut);
      if (a > 1n) expect(quoteSwap({ ...pool, amountIn: a - 1n })).toBeLessThan(amountOut);
      checked++;
    }
    expect(checked).toBe(20_000);
  });

  it('throws when the pool cannot pay amountOut, or on non-positive inputs', () => {
    const pool = { reserveIn: 100n, reserveOut: 100n, feeBps: 30 };
    expect(() => quoteSwapIn({ ...pool, amountOut: 100n })).toThrow(gameError('BAD_REQUEST'));
    expect(() => quoteSwapIn({ ...pool, amountOut: 101n })).toThrow(gameError('BAD_REQUEST'));
    expect(() => quoteSwapIn({ ...pool, amountOut: 0n })).toThrow(gameError('BAD_REQUEST'));
    expect(() => quoteSwapIn({ ...pool, amountOut: -3n })).toThrow(gameError('BAD_REQUEST'));
    expect(() => quoteSwapIn({ ...pool, reserveIn: 0n, amountOut: 1n })).toThrow(gameError('BAD_REQUEST'));
    expect(() => quoteSwapIn({ ...pool, feeBps: 10_000, amountOut: 1n })).toThrow(gameError('BAD_REQUEST'));
  });
});

describe('swap fee and pool update', () => {
  it('swapFee is floor(amountIn · feeBps / 10000)', () => {
    expect(swapFee(1_000n, 30)).toBe(3n);
    expect(swapFee(999n, 30)).toBe(2n);
    expect(swapFee(10_000n, 200)).toBe(200n);
    expect(swapFee(49n, 200)).toBe(0n);
    expect(swapFee(0n, 200)).toBe(0n);
    expect(() => swapFee(-1n, 30)).toThrow(gameError('BAD_REQUEST'));
    expect(() => swapFee(1n, 10_000)).toThrow(gameError('BAD_REQUEST'));
  });

  it('applySwap: fee to the treasury, the rest into the pool, the quote out of it', () => {
    const r = applySwap({ reserveIn: 1_000_000n, reserveOut: 2_000_000n }, { amountIn: 10_000n, feeBps: 200 });
    expect(r).toEqual({ amountOut: 19_409n, fee: 200n, newReserves: { reserveIn: 1_009_800n, reserveOut: 1_980_591n } });
  });

  it('the case a ceil fee would get wrong: the pool product still does not shrink', () => {
    // ceil would take the whole input (1) as fee while 4 units leave the pool
    const r = applySwap({ reserveIn: 1_000n, reserveOut: 5_000n }, { amountIn: 1n, feeBps: 30 });
    expect(r).toEqual({ amountOut: 4n, fee: 0n, newReserves: { reserveIn: 1_001n, reserveOut: 4_996n } });
  });

  it('property: amountIn = fee + pool input, and reserveIn·reserveOut never decreases (20 000 random swaps)', () => {
    const { big, int } = prng(77);
    for (let i = 0; i < 20_000; i++) {
      const pool = { reserveIn: big(i % 2 === 0 ? 4 : 16), reserveOut: big(i % 3 === 0 ? 4 : 16) };
      const amountIn = big(i % 4 === 0 ? 2 : 16);
      const feeBps = int(i % 5 === 0 ? 10_000 : 501);
      if (quoteSwap({ ...pool, amountIn, feeBps }) === 0n) continue; // refused, tested below
      const r = applySwap(pool, { amountIn, feeBps });
      expect(r.fee + (r.newReserves.reserveIn - pool.reserveIn)).toBe(amountIn);
      expect(r.newReserves.reserveIn * r.newReserves.reserveOut).toBeGreaterThanOrEqual(pool.reserveIn * pool.reserveOut);
      expect(r.newReserves.reserveOut).toBeGreaterThanOrEqual(1n);
    }
  });

  it('slippage: refused below minOut, and a swap that pays nothing is always refused', () => {
    const pool = { reserveIn: 100_000n, reserveOut: 50_000n };
    expect(applySwap(pool, { amountIn: 1_000n, feeBps: 30, minOut: 493n }).amountOut).toBe(493n);
    expect(() => applySwap(pool, { amountIn: 1_000n, feeBps: 30, minOut: 494n })).toThrow(gameError('SLIPPAGE_EXCEEDED'));
    expect(() => applySwap(pool, { amountIn: 1n, feeBps: 30 })).toThrow(gameError('SLIPPAGE_EXCEEDED'));
    expect(() => applySwap(pool, { amountIn: 1n, feeBps: 30, minOut: 0n })).toThrow(gameError('SLIPPAGE_EXCEEDED'));
    expect(() => applySwap(pool, { amountIn: 0n, feeBps: 30 })).toThrow(gameError('BAD_REQUEST'));
  });
});

describe('takerFee: ceil, in the community treasury’s favour', () => {
  it('exact values at the default 2 %', () => {
    expect(takerFee(12_345n, 200)).toBe(247n); // 246.9 → 247
    expect(takerFee(10_000n, 200)).toBe(200n); // exact, no rounding
    expect(takerFee(1n, 200)).toBe(1n); // any non-zero trade pays at least 1
    expect(takerFee(0n, 200)).toBe(0n);
    expect(takerFee(123n, 0)).toBe(0n);
    expect(takerFee(123n, 10_000)).toBe(123n);
    expect(takerFee(10n ** 30n + 1n, 500)).toBe(5n * 10n ** 28n + 1n);
  });

  it('rejects bad inputs', () => {
    expect(() => takerFee(-1n, 200)).toThrow(gameError('BAD_REQUEST'));
    expect(() => takerFee(100 as unknown as bigint, 200)).toThrow(gameError('BAD_REQUEST'));
    expect(() => takerFee(100n, 10_001)).toThrow(gameError('BAD_REQUEST'));
    expect(() => takerFee(100n, 1.5)).toThrow(gameError('BAD_REQUEST'));
  });
});
