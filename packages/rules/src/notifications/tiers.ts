/**
 * Notification tiers and kinds (GAME §8.2): how soon a notification is delivered and on which
 * channels by default.
 */

/** Priority tiers, most pressing first. */
export const NOTIFICATION_TIERS = ['urgent', 'important', 'regular', 'digest'] as const;
export type NotificationTier = (typeof NOTIFICATION_TIERS)[number];

export function isNotificationTier(value: unknown): value is NotificationTier {
  return typeof value === 'string' && (NOTIFICATION_TIERS as readonly string[]).includes(value);
}

/**
 * Every kind of notification the server sends, with its default tier (GAME §8.2). `outbid` (outbid
 * before an auction's last minute) and `digest` are ours: GAME names only the last-minute outbid,
 * and a digest is what more than 5 pending regular notifications become.
 */
export const NOTIFICATION_KIND_TIERS = {
  // urgent
  territory_besieged: 'urgent',
  outbid_last_minute: 'urgent',
  emergency_broadcast: 'urgent',
  // important
  squad_decision_opened: 'important',
  operation_launched: 'important',
  proposal_closing: 'important',
  order_filled: 'important',
  gm_alert: 'important',
  bounty_update: 'important',
  // GAME §8.4: a player at high churn risk (> 0.7) — what reaches them outside the game by default (email)
  handler_checkin: 'important',
  // regular
  outbid: 'regular',
  achievement: 'regular',
  leaderboard_result: 'regular',
  intel_verified: 'regular',
  mentorship_update: 'regular',
  // GAME §8.4: a player at elevated churn risk (> 0.4)
  weekly_highlight: 'regular',
  // digest
  digest: 'digest',
} as const satisfies Record<string, NotificationTier>;
export type NotificationKind = keyof typeof NOTIFICATION_KIND_TIERS;
export const NOTIFICATION_KINDS = Object.keys(NOTIFICATION_KIND_TIERS) as NotificationKind[];

/** The default tier of a kind (GAME §8.2). */
export function defaultTier(kind: NotificationKind): NotificationTier {
  return NOTIFICATION_KIND_TIERS[kind];
}

/** Game minutes an important notification waits before it is delivered. */
export const IMPORTANT_DELAY_GAME_MINUTES = 5;
/** Game hours a regular notification waits before it is delivered. */
export const REGULAR_DELAY_GAME_HOURS = 1;

/** Real milliseconds of one game hour and one game day (TIME_SCALE already applied). */
export interface GameDurations {
  hourMs: number;
  dayMs: number;
}

/**
 * When a notification of `tier` created at `now` is delivered: urgent at once, important after
 * 5 game minutes, regular after 1 game hour, a digest at the start of the next game day (UTC
 * midnight when TIME_SCALE is 1).
 * @example deliverAt('important', 0, { hourMs: 3_600_000, dayMs: 86_400_000 }) // 300_000
 */
export function deliverAt(tier: NotificationTier, now: number, d: GameDurations): number {
  switch (tier) {
    case 'urgent': return now;
    case 'important': return now + (d.hourMs * IMPORTANT_DELAY_GAME_MINUTES) / 60;
    case 'regular': return now + d.hourMs * REGULAR_DELAY_GAME_HOURS;
    case 'digest': return nextDigestAt(now, d.dayMs);
  }
}

/** Start of the game day after the one containing `now`: when a daily digest goes out. */
export function nextDigestAt(now: number, dayMs: number): number {
  return (Math.floor(now / dayMs) + 1) * dayMs;
}

/** Delivery channels beyond the game (in-app delivery always happens). */
export const NOTIFICATION_CHANNELS = ['push', 'email'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/**
 * Which tiers go out of the game by default (GAME §8.2): urgent "in-app and push", important
 * "in-app and email", the daily digest by email; regular stays in-app. A player changes both
 * lists in their settings (turns email/push off or on per tier).
 */
export const DEFAULT_CHANNEL_TIERS: Readonly<Record<NotificationChannel, readonly NotificationTier[]>> = {
  push: ['urgent'],
  email: ['important', 'digest'],
};
