// HTTP contracts of Web Push (docs/notifications.md "Web Push"), part of the notifications feature:
// the server's VAPID public key and a browser's push subscription (PushSubscription.toJSON()).
import { z } from 'zod';

/** `GET /api/push/key`: the VAPID public key browsers subscribe with (`applicationServerKey`). */
export interface PushKeyDto {
  /** Uncompressed P-256 public key, base64url. */
  publicKey: string;
}

/**
 * `POST /api/push/subscriptions` (player token): a browser's subscription as
 * `PushSubscription.toJSON()` gives it. `p256dh` is an uncompressed P-256 point (65 bytes, so it
 * starts with `B` in base64url), `auth` a 16-byte secret; both base64url, padding tolerated.
 */
export const PushSubscriptionBody = z.object({
  endpoint: z.url({ protocol: /^https?$/, error: 'endpoint must be an http(s) URL' }).max(2048),
  expirationTime: z.number().nullable().optional(),
  keys: z.object({
    p256dh: z.string().regex(/^B[A-Za-z0-9_-]{86}=?$/, 'p256dh must be an uncompressed P-256 public key, base64url (65 bytes)'),
    auth: z.string().regex(/^[A-Za-z0-9_-]{22}(==)?$/, 'auth must be a 16-byte secret, base64url'),
  }).strict(),
}).strict();
export type PushSubscriptionBody = z.infer<typeof PushSubscriptionBody>;

/** `DELETE /api/push/subscriptions` (player token): the endpoint of one's own subscription. */
export const PushUnsubscribeBody = z.object({
  endpoint: z.url({ protocol: /^https?$/, error: 'endpoint must be an http(s) URL' }).max(2048),
}).strict();
export type PushUnsubscribeBody = z.infer<typeof PushUnsubscribeBody>;

/** The answer to a subscribe: stored; how many this player now has; endpoints dropped to stay within the limit. */
export interface PushSubscribeResponse {
  endpoint: string;
  subscriptions: number;
  replaced: string[];
}

/** `GET /api/push/subscriptions` (player token): the player's subscribed endpoints, newest first. */
export interface PushSubscriptionsDto {
  subscriptions: { endpoint: string; createdAt: string }[];
  max: number;
}
