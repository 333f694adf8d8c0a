/**
 * Relevance of an event to one player (GAME §8.2), and what it decides.
 *
 * The formula works in hundredths so every result is exact (0.2 × 1.5 is 0.30000000000000004 in
 * floating point, 20 × 3 / 2 is 30): the parts are multiples of 10, so × 2 and × 3/2 stay integers.
 */

/** What an event touches for one recipient. */
export interface RelevanceInput {
  /** It affects the player themself (+0.5). */
  affectsPlayer?: boolean;
  /** It affects the player's squad (+0.3). */
  affectsSquad?: boolean;
  /** It matches one of the player's interests (+0.2). */
  matchesInterests?: boolean;
  /** It is time critical (× 2). */
  timeCritical?: boolean;
  /** Spots are limited (× 1.5, only if the player qualifies). */
  limitedSpots?: boolean;
  /** The player qualifies for the limited spots. */
  qualifies?: boolean;
}

/** Relevance in hundredths, 0..100. */
export function relevancePoints(i: RelevanceInput): number {
  let points = (i.affectsPlayer ? 50 : 0) + (i.affectsSquad ? 30 : 0) + (i.matchesInterests ? 20 : 0);
  if (i.timeCritical) points *= 2;
  if (i.limitedSpots && i.qualifies) points = (points * 3) / 2;
  return Math.min(100, points);
}

/**
 * Relevance of an event to a player, 0..1 (GAME §8.2): +0.5 if it affects them, +0.3 if it
 * affects their squad, +0.2 if it matches their interests; × 2 if time critical; × 1.5 if spots
 * are limited and the player qualifies; capped at 1.
 * @example notificationRelevance({ affectsSquad: true, timeCritical: true }) // 0.6
 */
export function notificationRelevance(i: RelevanceInput): number {
  return relevancePoints(i) / 100;
}

/**
 * What relevance is for:
 * - a player for whom an event has relevance 0 (it touches neither them, their squad nor their
 *   interests) is not notified at all;
 * - below {@link OUT_OF_GAME_MIN_RELEVANCE} a notification stays in the game (inbox and live), it
 *   never goes to email or push, whatever the player's tier settings say;
 * - a digest lists its items by relevance, highest first.
 */
export const OUT_OF_GAME_MIN_RELEVANCE = 0.4;

/** Whether a notification of this relevance is stored and shown to the player at all. */
export function isNotified(relevance: number): boolean {
  return relevance > 0;
}

/** Whether a notification of this relevance may leave the game (email, push). */
export function mayLeaveGame(relevance: number): boolean {
  return relevance >= OUT_OF_GAME_MIN_RELEVANCE;
}

/**
 * Interest topics a player may follow; an event names the one it belongs to. A player who never
 * chose follows every topic (interests narrow, they do not opt in).
 */
export const NOTIFICATION_TOPICS = [
  'territory', 'squads', 'market', 'auctions', 'operations', 'governance', 'intel', 'mentorship', 'achievements',
] as const;
export type NotificationTopic = (typeof NOTIFICATION_TOPICS)[number];

/**
 * Broadcast audiences ("players who qualify for this operation", "players who have not voted on
 * this proposal") count only players who logged in within this many days: a long-gone account is
 * not told about a live event it can no longer act on.
 */
export const BROADCAST_ACTIVE_DAYS = 7;
