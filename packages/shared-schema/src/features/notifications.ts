// HTTP contracts of the notifications feature (GAME §8.2), owned by that feature. The live
// `notification` message (NotificationDto) is part of the social room's contract (./social).
import { z } from 'zod';
import { NOTIFICATION_TIERS, NOTIFICATION_TOPICS } from '@datavism/rules';
import type { NotificationDto } from './social';

/** `GET /api/notifications` query: a page of the inbox, newest first. */
export const InboxQuery = z.object({
  /** The previous page's `nextBefore`: only older notifications. */
  before: z.string().regex(/^\d{1,18}$/, 'before must be a notification id').optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** `1`: unread ones only. */
  unread: z.enum(['0', '1']).optional(),
});

/** One inbox entry: the notification as live clients get it, plus read state and relevance. */
export interface InboxEntryDto extends NotificationDto {
  read: boolean;
  /** ISO 8601, when read. */
  readAt: string | null;
  /** GAME §8.2 relevance of this notification for the player, 0..1. */
  relevance: number;
  /** For a digest: how many notifications it merges (GET /api/notifications/:id/items lists them). */
  items: number;
}

export interface InboxResponse {
  notifications: InboxEntryDto[];
  unread: number;
  /** Pass as `before` for the next page; null on the last page. */
  nextBefore: string | null;
}

const Tiers = z.array(z.enum(NOTIFICATION_TIERS)).max(NOTIFICATION_TIERS.length).transform((t) => [...new Set(t)]);

/**
 * `PUT /api/notifications/settings`: any subset. `emailTiers` / `pushTiers` say which tiers go to
 * email and push (GAME §8.2: "a player can turn off email/push per tier"); `email: null` removes the
 * address; `interests: null` follows every topic.
 */
export const NotificationSettingsBody = z.object({
  email: z.email().max(254).nullable().optional(),
  emailTiers: Tiers.optional(),
  pushTiers: Tiers.optional(),
  interests: z.array(z.enum(NOTIFICATION_TOPICS)).max(NOTIFICATION_TOPICS.length).transform((t) => [...new Set(t)]).nullable().optional(),
}).strict();
export type NotificationSettingsBody = z.infer<typeof NotificationSettingsBody>;

export interface NotificationSettingsDto {
  email: string | null;
  emailTiers: string[];
  pushTiers: string[];
  interests: string[] | null;
}

/** `GET /api/admin/notifications/outbox` query (role admin): dead letters by default. */
export const OutboxQuery = z.object({
  status: z.enum(['pending', 'sending', 'sent', 'dead']).default('dead'),
  before: z.string().regex(/^\d{1,18}$/).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** An outbox row as admins see it. */
export interface OutboxEntryDto {
  id: string;
  idempotencyKey: string;
  notificationId: string;
  playerId: string;
  channel: string;
  /** Email address (email deliveries); null for push. */
  target: string | null;
  status: 'pending' | 'sending' | 'sent' | 'dead';
  attempts: number;
  nextAttemptAt: string;
  sender: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}
