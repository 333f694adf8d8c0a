/**
 * Input checks shared by the market rules. Internal: not re-exported from the package.
 *
 * Every failure is a {@link GameError} with code `BAD_REQUEST`, so a bad client message is
 * answered with a clear error and changes nothing.
 */
import { GameError } from '../errors';

/** One whole basis-point scale: 10 000 bps = 100 %. */
export const BPS = 10_000;
/** {@link BPS} as a bigint. */
export const BPS_N = 10_000n;

/** Throws `BAD_REQUEST` with `message`. */
export function badRequest(message: string): never {
  throw new GameError('BAD_REQUEST', message);
}

/** `value` must be a positive safe integer (1 … 2^53−1): rejects 0, negatives, fractions, NaN, ±∞. */
export function assertPositiveSafeInteger(name: string, value: unknown): asserts value is number {
  if (!Number.isSafeInteger(value) || (value as number) <= 0) {
    badRequest(`${name} must be a positive safe integer, got ${String(value)}`);
  }
}

/** `value` must be a non-negative safe integer (0 … 2^53−1). */
export function assertNonNegativeSafeInteger(name: string, value: unknown): asserts value is number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    badRequest(`${name} must be a non-negative safe integer, got ${String(value)}`);
  }
}

/** `value` must be a bigint > 0. */
export function assertPositiveBigInt(name: string, value: unknown): asserts value is bigint {
  if (typeof value !== 'bigint' || value <= 0n) {
    badRequest(`${name} must be a positive bigint, got ${String(value)}`);
  }
}

/** `value` must be a bigint ≥ 0. */
export function assertNonNegativeBigInt(name: string, value: unknown): asserts value is bigint {
  if (typeof value !== 'bigint' || value < 0n) {
    badRequest(`${name} must be a non-negative bigint, got ${String(value)}`);
  }
}

/**
 * A fee rate in basis points: an integer in `0 … max` (inclusive).
 * Returned as a bigint for the exact arithmetic that follows.
 */
export function feeBpsToBigInt(feeBps: unknown, max: number): bigint {
  if (!Number.isSafeInteger(feeBps) || (feeBps as number) < 0 || (feeBps as number) > max) {
    badRequest(`feeBps must be an integer in 0…${max}, got ${String(feeBps)}`);
  }
  return BigInt(feeBps as number);
}
