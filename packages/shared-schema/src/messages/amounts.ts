// Amounts in contracts, bounded by the database columns they end up in: an amount that passes
// its contract never fails in Postgres ("out of range for type bigint") but gets BAD_REQUEST.
import { z } from 'zod';

/** The largest value a Postgres `bigint` column holds (2^63 − 1): ledger amounts, balances, prices. */
export const PG_BIGINT_MAX = 9_223_372_036_854_775_807n;
/** The largest value a Postgres `integer` column holds (2^31 − 1). */
export const PG_INTEGER_MAX = 2_147_483_647;

const DECIMAL = /^(0|[1-9][0-9]*)$/;

/**
 * An integer amount written as a decimal string (a bigint on the server), `min`..`max` inclusive.
 * The default `max` is what a bigint column holds, so every resource amount the ledger stores fits.
 * @default { min: 1n, max: PG_BIGINT_MAX }
 * @example amountString()              // a positive amount of a resource: "1" … "9223372036854775807"
 * @example amountString({ min: 0n })   // a floor such as a swap's minOut: "0" allowed
 */
export function amountString({ min = 1n, max = PG_BIGINT_MAX }: { min?: bigint; max?: bigint } = {}) {
  if (min < 0n || min > max || max > PG_BIGINT_MAX) throw new Error(`bad amount bounds ${min}..${max}`);
  const maxDigits = max.toString().length;
  return z.string().superRefine((s, ctx) => {
    if (!DECIMAL.test(s)) {
      ctx.addIssue({ code: 'custom', message: 'must be a whole number in decimal digits, without leading zeros' });
    } else if (s.length > maxDigits || BigInt(s) > max) {
      // Without leading zeros a longer string is a larger number: BigInt() never reads a 16 kB one.
      ctx.addIssue({ code: 'custom', message: `must be at most ${max}` });
    } else if (BigInt(s) < min) {
      ctx.addIssue({ code: 'custom', message: `must be at least ${min}` });
    }
  });
}

/**
 * An integer amount as a JSON number, `min`..`max` inclusive. `max` must be a safe integer
 * (≤ 2^53 − 1): a number above it has lost its last digits before the server reads it (msgpack
 * decodes a 64-bit integer to a double), so it is refused, never rounded.
 * @default { min: 1 }
 * @example amountNumber({ max: 1_000_000_000 })   // an operation contribution
 */
export function amountNumber({ min = 1, max }: { min?: number; max: number }) {
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min < 0 || min > max) throw new Error(`bad amount bounds ${min}..${max}`);
  // The bounds first: 1e20 is refused as too large, not as "not a whole number" (it is not a safe integer).
  return z.number()
    .max(max, { error: `must be at most ${max}` })
    .min(min, { error: `must be at least ${min}` })
    .int({ error: 'must be a whole number' });
}

/** A positive amount of a resource as a decimal string, up to what a bigint column holds. */
export const ResourceAmount = amountString();
