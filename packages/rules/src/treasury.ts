/**
 * Squad treasury rules (GAME §2): contribution score, Resource_Sharing allowance and
 * exact pro-rata distribution of profits.
 */

import { GameError } from './errors';
import type { Resource } from './resources';

/**
 * Contribution-score weight per unit contributed. Only resistance_credits (1),
 * cpu_cycles (0.5) and data_credits (2) count; the other resources weigh 0
 * (soul-bound ones cannot be contributed anyway).
 */
export const CONTRIBUTION_WEIGHTS: Readonly<Record<Resource, number>> = {
  resistance_credits: 1,
  cpu_cycles: 0.5,
  data_credits: 2,
  truth_tokens: 0,
  liberation_keys: 0,
  influence_points: 0,
};

/**
 * Contribution score earned by contributing `amount` of `resource` to the treasury:
 * amount × weight. The score is a number and may have a .5 from cpu_cycles.
 * @example contributionScoreDelta('cpu_cycles', 5n) // 2.5
 */
export function contributionScoreDelta(resource: Resource, amount: bigint | number): number {
  return Number(amount) * CONTRIBUTION_WEIGHTS[resource];
}

/** Score strictly above which a member earns the `Treasury_Guardian` title. */
export const TREASURY_GUARDIAN_SCORE = 10000;

/** True if a contribution score earns `Treasury_Guardian` (score > 10000). */
export function isTreasuryGuardian(score: number): boolean {
  return score > TREASURY_GUARDIAN_SCORE;
}

/**
 * What a member may withdraw per day without a vote under Resource_Sharing:
 * floor(10 % of the treasury balance of that resource).
 * @example resourceSharingAllowance(1239n) // 123n
 */
export function resourceSharingAllowance(treasuryBalance: bigint): bigint {
  return treasuryBalance > 0n ? treasuryBalance / 10n : 0n;
}

/** One recipient's weight in a pro-rata split. */
export interface ProRataShare {
  id: string;
  weight: number;
}

/** Converts finite non-negative float weights to exact bigints with a common power-of-two scale. */
function exactWeights(weights: number[]): bigint[] {
  let scale = 1;
  let exponent = 0;
  // Every finite double is m·2^e; scaling by a power of two is exact, so find the
  // smallest one that makes every weight an integer.
  while (!weights.every((w) => Number.isInteger(w * scale)) && exponent < 1100) {
    scale *= 2;
    exponent++;
  }
  if (!Number.isFinite(scale)) {
    // Sub-normal weights: fall back to a fixed 2^52 scale (rounding below 2^-52 of a unit).
    return weights.map((w) => BigInt(Math.round(w * 2 ** 52)));
  }
  return weights.map((w) => BigInt(w * scale));
}

/**
 * Splits `total` units between `shares` in proportion to their weights, exactly:
 * each gets floor(total·w/W), and the units left over go one each to the largest
 * remainders (ties: earlier in the input first). The amounts always sum to `total`;
 * a zero weight gets 0. Throws `BAD_REQUEST` for a negative total, a negative or
 * non-finite weight, or no positive weight while total > 0.
 *
 * @example distributeProRata(10n, [{ id: 'a', weight: 1 }, { id: 'b', weight: 2 }])
 * // [{ id: 'a', amount: 3n }, { id: 'b', amount: 7n }]  (3.33 → 3, 6.67 → 6, +1 to b)
 */
export function distributeProRata(total: bigint, shares: ProRataShare[]): { id: string; amount: bigint }[] {
  if (total < 0n) throw new GameError('BAD_REQUEST', 'total to distribute must be ≥ 0');
  for (const s of shares) {
    if (!Number.isFinite(s.weight) || s.weight < 0) {
      throw new GameError('BAD_REQUEST', `invalid weight for ${s.id}: ${s.weight}`);
    }
  }
  const weights = exactWeights(shares.map((s) => s.weight));
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (sum === 0n) {
    if (total === 0n) return shares.map((s) => ({ id: s.id, amount: 0n }));
    throw new GameError('BAD_REQUEST', 'cannot distribute without a positive weight');
  }
  const amounts = weights.map((w) => (total * w) / sum);
  const remainders = weights.map((w, i) => ({ i, rem: (total * w) % sum }));
  let left = total - amounts.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1));
  for (let k = 0; left > 0n; k++, left--) amounts[remainders[k].i] += 1n;
  return shares.map((s, i) => ({ id: s.id, amount: amounts[i] }));
}
