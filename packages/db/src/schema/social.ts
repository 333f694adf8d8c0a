import { sql } from 'drizzle-orm';
import {
  bigint, bigserial, boolean, check, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import { players } from './players';

/**
 * Every chat message of every channel (GAME §8.1), squad chat included. `id` orders a world's
 * messages and is the paging cursor. `authorId` is the real author — for a handler reply the GM,
 * kept for audit while clients are shown "Handler" (`asHandler`). A removed message keeps its row
 * as a tombstone: body emptied, who removed it recorded.
 */
export const socialMessages = pgTable(
  'social_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channel: text('channel').notNull(),
    authorId: uuid('author_id').references(() => players.id),
    asHandler: boolean('as_handler').notNull().default(false),
    body: text('body').notNull(),
    masked: boolean('masked').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    removedAt: timestamp('removed_at', { withTimezone: true }),
    removedBy: uuid('removed_by').references(() => players.id),
    /** author | moderator */
    removedKind: text('removed_kind', { enum: ['author', 'moderator'] }),
  },
  (t) => [
    index('social_messages_channel_idx').on(t.channel, t.id),
    index('social_messages_author_idx').on(t.authorId, t.createdAt),
    check('social_messages_body_length', sql`char_length(${t.body}) <= 1000`),
    check('social_messages_tombstone', sql`(${t.removedAt} IS NULL) = (${t.removedKind} IS NULL) AND (${t.removedAt} IS NULL OR ${t.body} = '')`),
  ],
);

/** The two parties of a DM thread, so a player's threads are found without scanning messages. */
export const socialDmThreads = pgTable(
  'social_dm_threads',
  {
    channel: text('channel').primaryKey(),
    playerA: uuid('player_a').notNull().references(() => players.id),
    playerB: uuid('player_b').notNull().references(() => players.id),
    lastMessageId: bigint('last_message_id', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('social_dm_threads_a_idx').on(t.playerA), index('social_dm_threads_b_idx').on(t.playerB)],
);

/** A player's handler thread with the GM team: open while the player waits for an answer. */
export const socialHandlerThreads = pgTable(
  'social_handler_threads',
  {
    playerId: uuid('player_id').primaryKey().references(() => players.id),
    status: text('status', { enum: ['open', 'closed'] }).notNull().default('open'),
    lastMessageId: bigint('last_message_id', { mode: 'number' }).notNull(),
    lastPlayerMessageAt: timestamp('last_player_message_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('social_handler_threads_status_idx').on(t.status, t.updatedAt)],
);

/** How far a player has read a channel (unread counts survive reconnects and new logins). */
export const socialReadMarkers = pgTable(
  'social_read_markers',
  {
    playerId: uuid('player_id').notNull().references(() => players.id),
    channel: text('channel').notNull(),
    lastReadId: bigint('last_read_id', { mode: 'number' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.playerId, t.channel] })],
);

/** Block lists: the blocker sees nothing from the blocked, who cannot DM them. */
export const socialBlocks = pgTable(
  'social_blocks',
  {
    blockerId: uuid('blocker_id').notNull().references(() => players.id),
    blockedId: uuid('blocked_id').notNull().references(() => players.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.blockerId, t.blockedId] }), check('social_blocks_not_self', sql`${t.blockerId} <> ${t.blockedId}`)],
);

/** Liberation-key unlocks of gated channels. */
export const socialGateUnlocks = pgTable(
  'social_gate_unlocks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    playerId: uuid('player_id').notNull().references(() => players.id),
    channel: text('channel').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** The burn of the key in the ledger. */
    transferId: bigint('transfer_id', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('social_gate_unlocks_player_idx').on(t.playerId, t.expiresAt)],
);

/** Reports of a message by players; one per (message, reporter). */
export const socialReports = pgTable(
  'social_reports',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    messageId: bigint('message_id', { mode: 'number' }).notNull().references(() => socialMessages.id),
    reporterId: uuid('reporter_id').notNull().references(() => players.id),
    reason: text('reason').notNull(),
    status: text('status', { enum: ['open', 'removed', 'dismissed'] }).notNull().default('open'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedBy: uuid('resolved_by').references(() => players.id),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('social_reports_message_reporter_unique').on(t.messageId, t.reporterId),
    index('social_reports_status_idx').on(t.status, t.id),
  ],
);

/** Mutes: per channel or everywhere (`channel` null), until a time; lifting keeps the row. */
export const socialMutes = pgTable(
  'social_mutes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    playerId: uuid('player_id').notNull().references(() => players.id),
    channel: text('channel'),
    until: timestamp('until', { withTimezone: true }).notNull(),
    reason: text('reason').notNull(),
    createdBy: uuid('created_by').notNull().references(() => players.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    liftedAt: timestamp('lifted_at', { withTimezone: true }),
  },
  (t) => [index('social_mutes_player_idx').on(t.playerId, t.until)],
);

/** Bans: no login, no HTTP, no room; `until` null is permanent; lifting keeps the row. */
export const socialBans = pgTable(
  'social_bans',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    playerId: uuid('player_id').notNull().references(() => players.id),
    until: timestamp('until', { withTimezone: true }),
    reason: text('reason').notNull(),
    createdBy: uuid('created_by').notNull().references(() => players.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    liftedAt: timestamp('lifted_at', { withTimezone: true }),
  },
  (t) => [index('social_bans_player_idx').on(t.playerId)],
);

/** The admins' extra word-filter terms. */
export const socialFilterTerms = pgTable('social_filter_terms', {
  term: text('term').primaryKey(),
  addedBy: uuid('added_by').notNull().references(() => players.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Every moderator and GM action (GAME §9), written in the action's own transaction. Append-only:
 * a trigger refuses UPDATE, DELETE and TRUNCATE (migration 0015).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id').references(() => players.id),
    actorRole: text('actor_role').notNull(),
    action: text('action').notNull(),
    targetPlayerId: uuid('target_player_id').references(() => players.id),
    target: text('target'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_actor_idx').on(t.actorId, t.at),
    index('audit_log_action_idx').on(t.action, t.at),
  ],
);
