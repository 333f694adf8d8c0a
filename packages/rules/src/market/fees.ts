/**
 * Market fees, in basis points of an integer amount (GAME §4.1, §4.2). Both go to the
 * community treasury. Exact bigint arithmetic: a client preview and the server agree.
 */
import { BPS, BPS_N, assertNonNegativeBigInt, feeBpsToBigInt } from './validate';

/**
 * The taker fee on a trade's notional (price × size, in resistance_credits' smallest unit):
 * `ceil(notional · feeBps / 10000)`.
 *
 * Rounded UP — the house convention is to round fees in the community's favour, so a trade
 * never pays less than its rate (1 unit of notional at 2 % still pays 1).
 *
 * @param feeBps integer 0…10000; the game's default is 200 (2 %, tunable 0–5 %).
 * @example takerFee(12_345n, 200) // → 247n (246.9 rounded up)
 * @throws GameError `BAD_REQUEST` on a negative notional or a bad rate.
 */
export function takerFee(notional: bigint, feeBps: number): bigint {
  assertNonNegativeBigInt('notional', notional);
  const bps = feeBpsToBigInt(feeBps, BPS);
  return (notional * bps + BPS_N - 1n) / BPS_N;
}

/**
 * The part of a swap's input that goes to the community treasury:
 * `floor(amountIn · feeBps / 10000)`. The rest, `amountIn − swapFee`, enters the pool.
 *
 * Rounded DOWN, deliberately against the house convention for fees: the pool's output is
 * quoted (GAME §4.2) as if exactly `amountIn·(1−fee)` entered it. With a floor fee the pool
 * receives `ceil(amountIn·(1−fee)) ≥ amountIn·(1−fee)`, which proves the pool's product
 * `reserveIn·reserveOut` never decreases on a swap. A ceil fee would hand the pool up to one
 * unit less than the quote assumed, and on small swaps the product does shrink (reserves
 * 1 000 / 5 000, fee 30 bps, amountIn 1: fee 1, nothing enters, yet 4 units leave). The
 * treasury forgoes less than one unit per swap.
 *
 * @param feeBps integer 0…9999.
 * @example swapFee(1_000n, 30) // → 3n;  swapFee(999n, 30) // → 2n (2.997 rounded down)
 */
export function swapFee(amountIn: bigint, feeBps: number): bigint {
  assertNonNegativeBigInt('amountIn', amountIn);
  const bps = feeBpsToBigInt(feeBps, BPS - 1);
  return (amountIn * bps) / BPS_N;
}
