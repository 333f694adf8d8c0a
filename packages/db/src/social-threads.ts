import { and, eq, sql } from 'drizzle-orm';
import { GameError, parseChannel } from '@datavism/rules';
import type { Db, Tx } from './client';
import { withTransaction } from './ledger';
import { writeAudit } from './audit';
import { socialHandlerThreads, socialReadMarkers } from './schema/index';
import { isUuid, queryRows, toNumber } from './sql';

// Read markers and unread counts, DM threads and handler threads of the social layer (GAME §8.1).

/** Moves the marker inside the caller's transaction (posting marks the channel read). */
export async function markReadTx(tx: Tx | Db, playerId: string, channel: string, messageId: number, now: Date): Promise<void> {
  await tx.insert(socialReadMarkers)
    .values({ playerId, channel, lastReadId: messageId, updatedAt: now })
    .onConflictDoUpdate({
      target: [socialReadMarkers.playerId, socialReadMarkers.channel],
      set: { lastReadId: sql`greatest(${socialReadMarkers.lastReadId}, ${messageId})`, updatedAt: now },
    });
}

/** Moves a player's read marker forward to `messageId` (never back). The caller checks access. */
export async function markChannelRead(db: Db, playerId: string, channel: string, messageId: number, now: Date): Promise<void> {
  if (!parseChannel(channel)) throw new GameError('BAD_REQUEST', 'unknown channel');
  await markReadTx(db, playerId, channel, messageId, now);
}

/** Unread messages above this count read as "this many or more". */
export const UNREAD_CAP = 100;

/** Per channel: messages after the reader's marker (others', not removed, capped) and the newest id. */
export interface UnreadCount {
  channel: string;
  unread: number;
  lastReadId: number;
  lastMessageId: number | null;
}

/**
 * Unread counts of the given channels for a reader: messages after their read marker that
 * others wrote and that are not removed (at most {@link UNREAD_CAP} counted per channel).
 * Messages of players they blocked do not count.
 */
export async function unreadCounts(db: Db, readerId: string, channels: readonly string[]): Promise<UnreadCount[]> {
  if (channels.length === 0) return [];
  const list = sql.join(channels.map((c) => sql`${c}`), sql`, `);
  const rows = await queryRows<{ channel: string; last_read: unknown; unread: unknown; last_id: unknown }>(db, sql`
    SELECT c.channel, coalesce(r.last_read_id, 0) AS last_read,
      (SELECT count(*) FROM (
        SELECT 1 FROM social_messages m
        WHERE m.channel = c.channel AND m.id > coalesce(r.last_read_id, 0) AND m.removed_at IS NULL
          AND m.author_id IS DISTINCT FROM ${readerId}::uuid
          AND (m.as_handler OR m.author_id IS NULL OR m.author_id NOT IN (SELECT blocked_id FROM social_blocks WHERE blocker_id = ${readerId}::uuid))
        ORDER BY m.id LIMIT ${UNREAD_CAP}) x) AS unread,
      (SELECT max(m.id) FROM social_messages m WHERE m.channel = c.channel) AS last_id
    FROM unnest(ARRAY[${list}]::text[]) AS c(channel)
    LEFT JOIN social_read_markers r ON r.player_id = ${readerId}::uuid AND r.channel = c.channel`);
  return rows.map((r) => ({
    channel: r.channel, unread: toNumber(r.unread), lastReadId: toNumber(r.last_read),
    lastMessageId: r.last_id === null || r.last_id === undefined ? null : toNumber(r.last_id),
  }));
}

/** A player's DM threads, most recent first, with the other party. */
export async function dmThreadsOf(db: Db, playerId: string): Promise<Array<{ channel: string; otherId: string; otherName: string; lastMessageId: number }>> {
  if (!isUuid(playerId)) return [];
  const rows = await queryRows<{ channel: string; other_id: string; other_name: string; last_message_id: unknown }>(db, sql`
    SELECT t.channel, o.id::text AS other_id, o.name AS other_name, t.last_message_id
    FROM social_dm_threads t
    JOIN players o ON o.id = CASE WHEN t.player_a = ${playerId}::uuid THEN t.player_b ELSE t.player_a END
    WHERE t.player_a = ${playerId}::uuid OR t.player_b = ${playerId}::uuid
    ORDER BY t.last_message_id DESC LIMIT 200`);
  return rows.map((r) => ({ channel: r.channel, otherId: r.other_id, otherName: r.other_name, lastMessageId: toNumber(r.last_message_id) }));
}

/** A handler thread in the GMs' list. */
export interface HandlerThread {
  playerId: string;
  playerName: string;
  status: 'open' | 'closed';
  lastMessageId: number;
  lastPlayerMessageAt: Date | null;
  updatedAt: Date;
  /** The player wrote last: the thread waits for the handler. */
  awaitingHandler: boolean;
}

/** Handler threads by status, most recently active first. */
export async function handlerThreads(db: Db, status: 'open' | 'closed' | 'all', limit = 200): Promise<HandlerThread[]> {
  const rows = await queryRows<{
    player_id: string; player_name: string; status: 'open' | 'closed'; last_message_id: unknown;
    last_player_message_at: Date | string | null; updated_at: Date | string; last_as_handler: boolean | null;
  }>(db, sql`
    SELECT t.player_id::text, p.name AS player_name, t.status, t.last_message_id, t.last_player_message_at, t.updated_at,
      m.as_handler AS last_as_handler
    FROM social_handler_threads t
    JOIN players p ON p.id = t.player_id
    LEFT JOIN social_messages m ON m.id = t.last_message_id
    WHERE ${status === 'all' ? sql`true` : sql`t.status = ${status}`}
    ORDER BY t.updated_at DESC LIMIT ${limit}`);
  return rows.map((r) => ({
    playerId: r.player_id, playerName: r.player_name, status: r.status, lastMessageId: toNumber(r.last_message_id),
    lastPlayerMessageAt: r.last_player_message_at ? new Date(r.last_player_message_at) : null,
    updatedAt: new Date(r.updated_at), awaitingHandler: r.last_as_handler === false,
  }));
}

/** A GM closes a handler thread (audited); the player's next message opens it again. */
export async function closeHandlerThread(db: Db, input: { playerId: string; gmId: string; gmRole: string; now: Date }): Promise<void> {
  return withTransaction(db, async (tx) => {
    if (!isUuid(input.playerId)) throw new GameError('NOT_FOUND', 'no such thread');
    const done = await tx.update(socialHandlerThreads)
      .set({ status: 'closed', updatedAt: input.now })
      .where(eq(socialHandlerThreads.playerId, input.playerId))
      .returning({ playerId: socialHandlerThreads.playerId });
    if (done.length === 0) throw new GameError('NOT_FOUND', 'no such thread');
    await writeAudit(tx, {
      actorId: input.gmId, actorRole: input.gmRole, action: 'handler.close', targetPlayerId: input.playerId,
      target: `handler:${input.playerId}`, at: input.now,
    });
  });
}
