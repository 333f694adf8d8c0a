/**
 * Constant-product liquidity pools (GAME §4.2): exact integer quotes, so a client preview and
 * the server result agree to the unit.
 *
 * A pool is seen from the direction of a swap: `reserveIn` is the reserve of what the player
 * pays, `reserveOut` of what they receive. With g = 10000 − feeBps:
 *
 *   amountOut = floor(amountIn·g·reserveOut / (reserveIn·10000 + amountIn·g))
 *
 * On a swap, `fee = swapFee(amountIn, feeBps)` (floor, see there) goes to the community
 * treasury and the reserves become
 *
 *   reserveIn'  = reserveIn + amountIn − fee
 *   reserveOut' = reserveOut − amountOut
 *
 * which keeps reserveIn'·reserveOut' ≥ reserveIn·reserveOut (tested) and reserveOut' ≥ 1.
 */
import { GameError } from '../errors';
import { swapFee } from './fees';
import { BPS, BPS_N, assertPositiveBigInt, badRequest, feeBpsToBigInt } from './validate';

/** A pool's two reserves, oriented along a swap. */
export interface PoolReserves {
  reserveIn: bigint;
  reserveOut: bigint;
}

/** Input of {@link quoteSwap}. */
export interface SwapQuoteRequest extends PoolReserves {
  amountIn: bigint;
  /** Integer 0…9999. */
  feeBps: number;
}

/** Input of {@link quoteSwapIn}. */
export interface SwapInQuoteRequest extends PoolReserves {
  amountOut: bigint;
  /** Integer 0…9999. */
  feeBps: number;
}

/** Result of {@link applySwap}. */
export interface SwapResult {
  amountOut: bigint;
  /** To the community treasury. */
  fee: bigint;
  newReserves: PoolReserves;
}

function checkPool(reserveIn: unknown, reserveOut: unknown): void {
  assertPositiveBigInt('reserveIn', reserveIn);
  assertPositiveBigInt('reserveOut', reserveOut);
}

/**
 * What a swap of `amountIn` pays out (rounded down, in the pool's favour).
 * May be 0n for a dust input.
 * @example quoteSwap({ amountIn: 1_000n, reserveIn: 100_000n, reserveOut: 50_000n, feeBps: 30 }) // → 493n
 * @throws GameError `BAD_REQUEST` on a non-positive amount or reserve, or feeBps outside 0…9999.
 */
export function quoteSwap({ amountIn, reserveIn, reserveOut, feeBps }: SwapQuoteRequest): bigint {
  assertPositiveBigInt('amountIn', amountIn);
  checkPool(reserveIn, reserveOut);
  const g = BPS_N - feeBpsToBigInt(feeBps, BPS - 1);
  const effective = amountIn * g;
  return (effective * reserveOut) / (reserveIn * BPS_N + effective);
}

/**
 * The smallest input whose {@link quoteSwap} pays at least `amountOut`:
 * `ceil(amountOut·reserveIn·10000 / (g·(reserveOut − amountOut)))`.
 *
 * Why it is exact: floor(a·g·Ro / (Ri·10000 + a·g)) ≥ x  ⇔  a·g·Ro ≥ x·(Ri·10000 + a·g)
 * ⇔  a·g·(Ro − x) ≥ x·Ri·10000, a linear bound on a whose least integer solution is the ceil.
 * @throws GameError `BAD_REQUEST` when amountOut ≥ reserveOut (the pool cannot pay it) or on
 * non-positive inputs.
 */
export function quoteSwapIn({ amountOut, reserveIn, reserveOut, feeBps }: SwapInQuoteRequest): bigint {
  assertPositiveBigInt('amountOut', amountOut);
  checkPool(reserveIn, reserveOut);
  const g = BPS_N - feeBpsToBigInt(feeBps, BPS - 1);
  if (amountOut >= reserveOut) {
    badRequest(`amountOut ${amountOut} must be below the pool's reserve ${reserveOut}`);
  }
  const num = amountOut * reserveIn * BPS_N;
  const den = g * (reserveOut - amountOut);
  return (num + den - 1n) / den;
}

/**
 * Executes a swap on a pool's reserves (pure: returns the new reserves).
 * @param minOut slippage limit; the swap is refused below it. @default 1n (a swap that pays
 * nothing is always refused).
 * @throws GameError `SLIPPAGE_EXCEEDED` when amountOut < minOut; `BAD_REQUEST` on bad inputs.
 */
export function applySwap(
  pool: PoolReserves,
  { amountIn, feeBps, minOut = 1n }: { amountIn: bigint; feeBps: number; minOut?: bigint },
): SwapResult {
  const amountOut = quoteSwap({ amountIn, reserveIn: pool.reserveIn, reserveOut: pool.reserveOut, feeBps });
  if (typeof minOut !== 'bigint') badRequest('minOut must be a bigint');
  if (amountOut < minOut || amountOut === 0n) {
    throw new GameError('SLIPPAGE_EXCEEDED', `swap pays ${amountOut}, below the minimum ${minOut > 0n ? minOut : 1n}`);
  }
  const fee = swapFee(amountIn, feeBps);
  return {
    amountOut,
    fee,
    newReserves: { reserveIn: pool.reserveIn + amountIn - fee, reserveOut: pool.reserveOut - amountOut },
  };
}
