/**
 * Reputation decay (GAME §1.2) and resource balance decay (GAME §4).
 *
 * Interpretation used by the daily worker (mirrored by one set-based SQL pass):
 * on run day D a player owes
 *   10  if daysSinceLogin ≥ 1                                   (a day without login),
 * + 100 if daysSinceContribution ≥ 7 and a multiple of 7        (each full week, charged once),
 * + 500 if daysSinceMajorAction ≥ 30 and a multiple of 30       (each full 30-day month, once).
 * The decay is taken from influence but never below the player's floor, by scaling all five
 * dimensions with one factor.
 */

import { influenceFraction, type InfluenceMultipliers, type Reputation } from './reputation';
import { RESOURCE_INFO, type Resource } from './resources';

/** Influence lost per day without login. */
export const DECAY_PER_DAY_WITHOUT_LOGIN = 10;
/** Influence lost per full week (7 days) without contribution. */
export const DECAY_PER_WEEK_WITHOUT_CONTRIBUTION = 100;
/** Influence lost per full month (30 days) without major action. */
export const DECAY_PER_MONTH_WITHOUT_MAJOR_ACTION = 500;

/** Whole UTC days since each kind of activity, as of the run day. */
export interface InactivityDays {
  daysSinceLogin: number;
  daysSinceContribution: number;
  daysSinceMajorAction: number;
}

/**
 * Influence decay owed on one daily run.
 * @example dailyDecay({ daysSinceLogin: 1, daysSinceContribution: 7, daysSinceMajorAction: 30 }) // 610
 * @example dailyDecay({ daysSinceLogin: 0, daysSinceContribution: 8, daysSinceMajorAction: 29 }) // 0
 */
export function dailyDecay(d: InactivityDays): number {
  let decay = 0;
  if (d.daysSinceLogin >= 1) decay += DECAY_PER_DAY_WITHOUT_LOGIN;
  if (d.daysSinceContribution >= 7 && d.daysSinceContribution % 7 === 0) {
    decay += DECAY_PER_WEEK_WITHOUT_CONTRIBUTION;
  }
  if (d.daysSinceMajorAction >= 30 && d.daysSinceMajorAction % 30 === 0) {
    decay += DECAY_PER_MONTH_WITHOUT_MAJOR_ACTION;
  }
  return decay;
}

/** Decay floors (GAME §1.2). */
export const DECAY_FLOORS = {
  verified: 100,
  contributor: 500,
  veteran: 1000,
  founder: 5000,
} as const;

/** Contributions needed for the contributor floor. */
export const CONTRIBUTOR_MIN_CONTRIBUTIONS = 10;
/** Days active needed for the veteran floor. */
export const VETERAN_MIN_DAYS_ACTIVE = 365;

/** What a player's decay floor depends on. */
export interface DecayFloorInput {
  verified: boolean;
  contributions: number;
  daysActive: number;
  /** Founder title (account created before launch). */
  founder: boolean;
  /** Founding-resistant status (reached 10000 influence); also floors at 5000 (GAME §1 unlocks). */
  foundingResistant?: boolean;
}

/**
 * The influence a player never decays below: the largest applicable floor
 * (verified 100, ≥ 10 contributions 500, ≥ 365 days active 1000, founder 5000), else 0.
 */
export function decayFloor(p: DecayFloorInput): number {
  let floor = 0;
  if (p.verified) floor = Math.max(floor, DECAY_FLOORS.verified);
  if (p.contributions >= CONTRIBUTOR_MIN_CONTRIBUTIONS) floor = Math.max(floor, DECAY_FLOORS.contributor);
  if (p.daysActive >= VETERAN_MIN_DAYS_ACTIVE) floor = Math.max(floor, DECAY_FLOORS.veteran);
  if (p.founder || p.foundingResistant) floor = Math.max(floor, DECAY_FLOORS.founder);
  return floor;
}

/**
 * The factor all dimensions are scaled by: target / influence with
 * target = max(floor, influence − decay). 1 when nothing decays (decay ≤ 0,
 * influence ≤ floor, or influence 0) — decay never raises influence.
 * @example decayFactor(1000, 100, 0) // 0.9
 * @example decayFactor(150, 100, 100) // 100 / 150
 */
export function decayFactor(influenceValue: number, decay: number, floor: number): number {
  if (!(decay > 0) || influenceValue <= floor || influenceValue <= 0) return 1;
  return Math.max(floor, influenceValue - decay) / influenceValue;
}

/** Inputs of {@link applyDecay}. */
export interface ApplyDecayInput {
  /** Influence to remove (from {@link dailyDecay}). */
  decay: number;
  /** Influence floor (from {@link decayFloor}). */
  floor: number;
  /** The multipliers the player's influence is computed with. */
  multipliers?: InfluenceMultipliers;
}

/**
 * Applies decay to a reputation: each dimension becomes ceil(dim × target / influence),
 * where influence is computed with `multipliers` and target = max(floor, influence − decay).
 * Rounding is *up* so the new influence is never below the target (so never below the floor);
 * the player therefore loses at most the decayed amount, possibly a fraction less.
 * If influence ≤ floor or decay ≤ 0 the reputation is returned unchanged (a copy).
 *
 * The arithmetic is exact integer arithmetic: with influence = N / D (N an integer,
 * see the weights in percent and multipliers in tenths), target = T / D and the new
 * dimension is ceil(dim · T / N). The SQL worker must compute the same with exact
 * `numeric` (or bigint) arithmetic, not floats.
 */
export function applyDecay(rep: Reputation, input: ApplyDecayInput): Reputation {
  const { numerator: n, denominator: d } = influenceFraction(rep, input.multipliers);
  const decay = input.decay;
  const floor = input.floor;
  // Compare in numerator units: influence ≤ floor ⇔ n ≤ floor·d.
  if (!(decay > 0) || n <= 0 || n <= floor * d) return { ...rep };
  const t = Math.max(floor * d, n - decay * d);
  const scale = (dim: number): number => {
    if (dim <= 0) return dim;
    // ceil(dim·t / n) in integers; dim·t < 2^53 for dims ≤ 10000.
    const product = dim * t;
    let q = Math.floor(product / n);
    // The float quotient is rounded; correct q to the exact floor before taking the ceiling.
    while (q * n > product) q--;
    while ((q + 1) * n <= product) q++;
    return q * n === product ? q : q + 1;
  };
  return {
    technicalMastery: scale(rep.technicalMastery),
    truthScore: scale(rep.truthScore),
    impactRating: scale(rep.impactRating),
    teachingHonor: scale(rep.teachingHonor),
    artisticVision: scale(rep.artisticVision),
  };
}

/**
 * Units of `resource` a balance loses on one decay run of the resource's period:
 * floor(balance × rateBps / 10000); 0n for non-decaying resources and non-positive balances.
 * @example resourceDecayAmount('cpu_cycles', 1005n) // 100n (10 % daily)
 */
export function resourceDecayAmount(resource: Resource, balance: bigint): bigint {
  const decay = RESOURCE_INFO[resource].decay;
  if (decay === null || balance <= 0n) return 0n;
  return (balance * BigInt(decay.rateBps)) / 10000n;
}
