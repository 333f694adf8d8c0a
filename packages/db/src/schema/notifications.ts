import { sql } from 'drizzle-orm';
import {
  bigint, bigserial, check, doublePrecision, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import { NOTIFICATION_TIERS } from '@datavism/rules';
import { players } from './players';

/** Outbox row lifecycle: pending → sending (claimed, leased) → sent | pending (retry) | dead. */
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'dead'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * One notification as written once for all its recipients (GAME §8.2): the event's kind, tier and
 * text. A digest is a notification of its own with one recipient.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    tier: text('tier', { enum: NOTIFICATION_TIERS }).notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    link: text('link'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    deliverAt: timestamp('deliver_at', { withTimezone: true }).notNull(),
  },
  (t) => [check('notifications_tier_check', sql`${t.tier} in ('urgent', 'important', 'regular', 'digest')`)],
);

/**
 * One recipient of a notification: the inbox row with its read state. Written by one
 * INSERT … SELECT per event (the fan-out). `tier` and `deliver_at` are copied from the notification
 * so the delivery job finds what is due, and the digest merge what is pending, in one partial index.
 * `player_id` carries no foreign key: recipients come from the players table or squad rosters, and
 * players are never deleted (a 100,000-player broadcast would check each row).
 */
export const notificationRecipients = pgTable(
  'notification_recipients',
  {
    notificationId: bigint('notification_id', { mode: 'number' })
      .notNull()
      .references(() => notifications.id, { onDelete: 'cascade' }),
    playerId: uuid('player_id').notNull(),
    tier: text('tier', { enum: NOTIFICATION_TIERS }).notNull(),
    /** GAME §8.2 relevance for this player, 0 < r ≤ 1 (exact hundredths). */
    relevance: doublePrecision('relevance').notNull(),
    deliverAt: timestamp('deliver_at', { withTimezone: true }).notNull(),
    /** When it reached the inbox (and live clients, and the outbox); null while pending. */
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    readAt: timestamp('read_at', { withTimezone: true }),
    /** The digest this regular notification was merged into (then not listed on its own). */
    digestId: bigint('digest_id', { mode: 'number' }),
    /** A second notification with the same key for the same player is not written. */
    dedupeKey: text('dedupe_key'),
  },
  (t) => [
    // The inbox: a player's notifications newest first, paged by notification id.
    primaryKey({ name: 'notification_recipients_pk', columns: [t.playerId, t.notificationId] }),
    index('notification_recipients_pending_idx').on(t.deliverAt).where(sql`${t.deliveredAt} IS NULL AND ${t.digestId} IS NULL`),
    index('notification_recipients_unread_idx').on(t.playerId).where(sql`${t.readAt} IS NULL AND ${t.deliveredAt} IS NOT NULL`),
    index('notification_recipients_digest_idx').on(t.digestId).where(sql`${t.digestId} IS NOT NULL`),
    uniqueIndex('notification_recipients_dedupe_idx').on(t.playerId, t.dedupeKey).where(sql`${t.dedupeKey} IS NOT NULL`),
  ],
);

/**
 * A player's notification settings: which tiers go to email and to push, the email address, and
 * the interest topics (null = every topic). A player without a row has the defaults of GAME §8.2.
 */
export const notificationSettings = pgTable('notification_settings', {
  playerId: uuid('player_id').primaryKey().references(() => players.id),
  email: text('email'),
  emailTiers: text('email_tiers').array().notNull().default(sql`'{important,digest}'::text[]`),
  pushTiers: text('push_tiers').array().notNull().default(sql`'{urgent}'::text[]`),
  interests: text('interests').array(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The transactional outbox of deliveries beyond the game (push, email): written in the transaction
 * that delivers the notification, drained by the outbox worker of every process. A row is claimed
 * with FOR UPDATE SKIP LOCKED and leased until `lease_until`; its `idempotency_key` goes with every
 * attempt (Idempotency-Key header, Message-ID) so a receiver can drop a repeat.
 */
export const notificationOutbox = pgTable(
  'notification_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    idempotencyKey: text('idempotency_key').notNull().unique('notification_outbox_idempotency_key_unique'),
    notificationId: bigint('notification_id', { mode: 'number' }).notNull(),
    playerId: uuid('player_id').notNull(),
    channel: text('channel').notNull(),
    /** The email address for `email`; null for `push` (the configured webhook). */
    target: text('target'),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    claimedBy: text('claimed_by'),
    /** Which sender delivered it: log | webhook | smtp. */
    sender: text('sender'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    check('notification_outbox_channel_check', sql`${t.channel} in ('push', 'email')`),
    check('notification_outbox_status_check', sql`${t.status} in ('pending', 'sending', 'sent', 'dead')`),
    index('notification_outbox_ready_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('notification_outbox_leased_idx').on(t.leaseUntil).where(sql`${t.status} = 'sending'`),
    index('notification_outbox_dead_idx').on(t.id).where(sql`${t.status} = 'dead'`),
  ],
);
