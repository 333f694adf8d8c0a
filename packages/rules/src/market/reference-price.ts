/**
 * A resource's displayed reference price (GAME §4.4): base value × sqrt(demand / supply).
 */
import { assertNonNegativeSafeInteger, assertPositiveSafeInteger, badRequest } from './validate';

/** Input of {@link referencePrice}; all non-negative safe integers. */
export interface ReferencePriceInput {
  /** The resource's base value, in resistance_credits' smallest unit (> 0). */
  baseValue: number;
  /** Resting buy volume in the book over the last hour. */
  demandVolume: number;
  /** Resting sell volume in the book over the last hour. */
  supplyVolume: number;
}

/**
 * `round(baseValue · sqrt(demandVolume / supplyVolume))`, rounded to the nearest integer
 * (halves up), computed exactly in integers (no float error at any size).
 *
 * Edge cases: with no demand or no supply (either volume 0) there is no market signal and
 * the price is the base value. The result is never below 1, the smallest price unit (the
 * order book accepts no price of 0).
 *
 * @example referencePrice({ baseValue: 100, demandVolume: 400, supplyVolume: 100 }) // → 200
 * @throws GameError `BAD_REQUEST` on bad inputs or a result above Number.MAX_SAFE_INTEGER.
 */
export function referencePrice({ baseValue, demandVolume, supplyVolume }: ReferencePriceInput): number {
  assertPositiveSafeInteger('baseValue', baseValue);
  assertNonNegativeSafeInteger('demandVolume', demandVolume);
  assertNonNegativeSafeInteger('supplyVolume', supplyVolume);
  if (demandVolume === 0 || supplyVolume === 0) return baseValue;
  // n = floor(sqrt(Q) + 1/2) with Q = b²·d/s  ⇔  n = floor((floor(sqrt(4Q)) + 1) / 2),
  // and floor(sqrt(4Q)) = isqrt(floor(4·b²·d / s)).
  const b = BigInt(baseValue);
  const m = isqrt((4n * b * b * BigInt(demandVolume)) / BigInt(supplyVolume));
  const n = (m + 1n) / 2n;
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) badRequest('reference price exceeds the safe integer range');
  return n < 1n ? 1 : Number(n);
}

/** floor(sqrt(n)) for n ≥ 0, by Newton's method on bigints. */
export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  // Start above the root: 2^ceil(bits/2) > sqrt(n).
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}
