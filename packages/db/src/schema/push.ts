import { bigserial, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { players } from './players';

/**
 * A browser's Web Push subscription (docs/notifications.md "Web Push", migration 0029): the push
 * service's endpoint URL and the keys the payload is encrypted for (RFC 8291: the browser's P-256
 * public key `p256dh` and the 16-byte `auth` secret, both base64url). One row per endpoint; a
 * player holds a few (the oldest is replaced beyond the server's limit).
 */
export const pushSubscriptions = pgTable(
  'push_subscriptions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    playerId: uuid('player_id').notNull().references(() => players.id, { onDelete: 'cascade' }),
    endpoint: text('endpoint').notNull().unique('push_subscriptions_endpoint_unique'),
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('push_subscriptions_player_idx').on(t.playerId, t.createdAt)],
);
