/**
 * What resources buy (GAME §4.5) where the price is a rule rather than a registry number, and the
 * cap that stops custom challenges from minting unlimited rewards (issue 14, "fair play").
 * The tunable prices are registry parameters: `investigation_action_cpu_cycles` (5),
 * `challenge_hint_data_credits` (20), `custom_challenge_daily_reward_points` (1000).
 */
import { GameError } from './errors';

/** truth_tokens a council candidacy deposits (GAME §4.5: one), returned at the count. */
export const CANDIDACY_DEPOSIT_TRUTH_TOKENS = 1n;

/**
 * The reward points a solve of a creator's custom challenge may still pay today: the challenge's
 * points, cut to what is left of the creator's daily cap (`custom_challenge_daily_reward_points`)
 * after the points their challenges already paid this UTC day. 0 once the cap is reached: the
 * solve still counts, it pays nothing.
 * @example cappedCustomChallengePoints(300, 900, 1000) // 100
 */
export function cappedCustomChallengePoints(points: number, paidToday: number, dailyCap: number): number {
  const left = Math.max(0, dailyCap - Math.max(0, paidToday));
  return Math.max(0, Math.min(points, left));
}

/** `OWN_CHALLENGE` when a creator tries to solve their own custom challenge. */
export function assertNotOwnChallenge(createdBy: string | null, playerId: string): void {
  if (createdBy !== null && createdBy === playerId) throw new GameError('OWN_CHALLENGE', 'you cannot solve a challenge you created');
}
