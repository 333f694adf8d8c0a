import { and, asc, desc, eq, gt, lt, or, sql, type SQL } from 'drizzle-orm';
import {
  GameError, assertMayPost, chatRateAllows, hasRole, parseChannel, type ChannelRef, type ChannelViewer,
} from '@datavism/rules';
import type { Db, Tx } from './client';
import { withTransaction } from './ledger';
import { writeAudit, type AuditEntry } from './audit';
import { blockedEitherWay } from './social-blocks';
import { markReadTx } from './social-threads';
import {
  councilMembers, councils, players, socialBans, socialBlocks, socialDmThreads, socialGateUnlocks,
  socialHandlerThreads, socialMessages, socialMutes, squadMembers,
} from './schema/index';
import { isUuid, queryRows } from './sql';
import { playerInfluence } from './squads';

/** A chat message as stored, with its author's name. */
export interface SocialMessage {
  id: number;
  channel: string;
  /** The real author (for a handler reply: the GM; clients are shown "Handler"). */
  authorId: string | null;
  authorName: string;
  asHandler: boolean;
  body: string;
  masked: boolean;
  createdAt: Date;
  removedKind: 'author' | 'moderator' | null;
}

/** What a channel decision needs about a player, plus their name. */
export interface SocialViewer extends ChannelViewer {
  name: string;
}

/** Namespaces of `pg_advisory_xact_lock(int, int)` taken by the social layer. */
const LOCK_CHAT_AUTHOR = 0x50c1a1;

/** Parses a channel key or refuses it with BAD_REQUEST. */
export function channelRef(channel: string): ChannelRef {
  const ref = parseChannel(channel);
  if (!ref) throw new GameError('BAD_REQUEST', `unknown channel "${String(channel).slice(0, 80)}"`);
  return ref;
}

/**
 * The player as channel rules see them at `now`: role, current influence, squad, councils sat on
 * (term running, channel enabled) and open liberation-key unlocks. NOT_FOUND for an unknown player.
 */
export async function socialViewer(db: Db | Tx, playerId: string, now: Date): Promise<SocialViewer> {
  if (!isUuid(playerId)) throw new GameError('NOT_FOUND', 'no such player');
  const [p] = await db.select().from(players).where(eq(players.id, playerId));
  if (!p) throw new GameError('NOT_FOUND', 'no such player');
  const [squad] = await db.select({ squadId: squadMembers.squadId }).from(squadMembers).where(eq(squadMembers.playerId, playerId));
  const seats = await db
    .select({ council: councilMembers.council })
    .from(councilMembers)
    .innerJoin(councils, eq(councils.name, councilMembers.council))
    .where(and(
      eq(councilMembers.playerId, playerId), eq(councils.channelEnabled, true),
      sql`${councilMembers.termStartsAt} <= ${now.toISOString()}::timestamptz`,
      sql`${councilMembers.termEndsAt} > ${now.toISOString()}::timestamptz`,
    ));
  const unlocks = await db
    .select({ channel: socialGateUnlocks.channel, expiresAt: socialGateUnlocks.expiresAt })
    .from(socialGateUnlocks)
    .where(and(eq(socialGateUnlocks.playerId, playerId), sql`${socialGateUnlocks.expiresAt} > ${now.toISOString()}::timestamptz`));
  return {
    playerId, name: p.name, role: p.role, influence: playerInfluence(p), squadId: squad?.squadId ?? null,
    councils: [...new Set(seats.map((s) => s.council))], unlocks,
  };
}

/** The active mute that stops `playerId` posting in `channel` (or everywhere), if any. */
export async function activeMute(db: Db | Tx, playerId: string, channel: string, now: Date): Promise<{ until: Date; channel: string | null } | null> {
  const [row] = await db
    .select({ until: socialMutes.until, channel: socialMutes.channel })
    .from(socialMutes)
    .where(and(
      eq(socialMutes.playerId, playerId),
      sql`${socialMutes.liftedAt} IS NULL`,
      sql`${socialMutes.until} > ${now.toISOString()}::timestamptz`,
      or(sql`${socialMutes.channel} IS NULL`, eq(socialMutes.channel, channel)),
    ))
    .orderBy(desc(socialMutes.until))
    .limit(1);
  return row ?? null;
}

/** True if the player is banned at `now` (an unlifted ban without an end, or ending later). */
export async function isBanned(db: Db | Tx, playerId: string, now: Date): Promise<boolean> {
  if (!isUuid(playerId)) return false;
  const rows = await db
    .select({ id: socialBans.id })
    .from(socialBans)
    .where(and(
      eq(socialBans.playerId, playerId), sql`${socialBans.liftedAt} IS NULL`,
      or(sql`${socialBans.until} IS NULL`, sql`${socialBans.until} > ${now.toISOString()}::timestamptz`),
    ))
    .limit(1);
  return rows.length > 0;
}
/** What {@link postSocialMessage} stores. The body is already sanitised and filtered. */
export interface PostSocialMessageInput {
  channel: string;
  authorId: string;
  body: string;
  masked: boolean;
  now: Date;
  /** A GM answering in a handler thread, shown as "Handler". */
  asHandler?: boolean;
  /** The per-player rate window; null for staff broadcasts and handler replies. */
  limits: { maxPerWindow: number; windowSeconds: number } | null;
  /** Written in the same transaction (GM actions: handler replies, emergency broadcasts). */
  audit?: Omit<AuditEntry, 'actorId' | 'actorRole' | 'target'>;
}

/**
 * Stores a chat message after every check, in one transaction, so a refusal stores nothing:
 * channel access at `now` (gates re-checked on every post), a handler reply only from a GM in a
 * handler thread, BANNED, MUTED (this channel or everywhere), BLOCKED (a DM between players where
 * either blocked the other), CHAT_RATE_LIMITED (the author's messages in the window, counted under
 * a per-author lock so it holds across processes). Updates the DM/handler thread and the author's
 * read marker.
 */
export async function postSocialMessage(db: Db, input: PostSocialMessageInput): Promise<SocialMessage> {
  const ref = channelRef(input.channel);
  if (input.body.length === 0) throw new GameError('BAD_REQUEST', 'empty message');
  return withTransaction(db, async (tx) => {
    const { now, authorId } = input;
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOCK_CHAT_AUTHOR}, hashtext(${authorId}))`);
    const viewer = await socialViewer(tx, authorId, now);
    if (input.asHandler) {
      if (ref.kind !== 'handler') throw new GameError('BAD_REQUEST', 'the handler answers in handler threads only');
      if (!hasRole(viewer.role, 'gm')) throw new GameError('FORBIDDEN', 'only game-masters answer as the handler');
    } else {
      assertMayPost(ref, viewer, now);
    }
    if (await isBanned(tx, authorId, now)) throw new GameError('BANNED', 'this account is banned');
    const mute = await activeMute(tx, authorId, input.channel, now);
    if (mute) {
      throw new GameError('MUTED', `muted ${mute.channel ? `in ${mute.channel}` : 'everywhere'} until ${mute.until.toISOString()}`);
    }
    if (ref.kind === 'dm') {
      const other = ref.playerIds[0] === authorId ? ref.playerIds[1] : ref.playerIds[0];
      if (await blockedEitherWay(tx, authorId, other)) throw new GameError('BLOCKED', 'one of you has blocked the other');
      const [exists] = await tx.select({ id: players.id }).from(players).where(eq(players.id, other));
      if (!exists) throw new GameError('NOT_FOUND', 'no such player');
    }
    if (input.limits) {
      const since = new Date(now.getTime() - input.limits.windowSeconds * 1000);
      const recent = await tx
        .select({ at: socialMessages.createdAt })
        .from(socialMessages)
        .where(and(eq(socialMessages.authorId, authorId), sql`${socialMessages.createdAt} > ${since.toISOString()}::timestamptz`))
        .orderBy(desc(socialMessages.createdAt))
        .limit(input.limits.maxPerWindow);
      const rate = chatRateAllows(recent.map((r) => r.at), now, input.limits);
      if (!rate.allowed) {
        throw new GameError('CHAT_RATE_LIMITED', `at most ${input.limits.maxPerWindow} messages per ${input.limits.windowSeconds} s; retry in ${Math.ceil(rate.retryAfterMs / 1000)} s`);
      }
    }
    const [row] = await tx
      .insert(socialMessages)
      .values({ channel: input.channel, authorId, asHandler: input.asHandler ?? false, body: input.body, masked: input.masked, createdAt: now })
      .returning();
    const id = Number(row.id);
    if (ref.kind === 'dm') {
      await tx.insert(socialDmThreads)
        .values({ channel: input.channel, playerA: ref.playerIds[0], playerB: ref.playerIds[1], lastMessageId: id, createdAt: now })
        .onConflictDoUpdate({ target: socialDmThreads.channel, set: { lastMessageId: id } });
    }
    if (ref.kind === 'handler') {
      const byPlayer = ref.playerId === authorId && !input.asHandler;
      await tx.insert(socialHandlerThreads)
        .values({ playerId: ref.playerId, status: 'open', lastMessageId: id, lastPlayerMessageAt: byPlayer ? now : null, updatedAt: now })
        .onConflictDoUpdate({
          target: socialHandlerThreads.playerId,
          set: byPlayer
            ? { status: 'open', lastMessageId: id, lastPlayerMessageAt: now, updatedAt: now }
            : { lastMessageId: id, updatedAt: now },
        });
    }
    await markReadTx(tx, authorId, input.channel, id, now);
    if (input.audit) {
      await writeAudit(tx, { ...input.audit, actorId: authorId, actorRole: viewer.role, target: `message:${id}`, at: now });
    }
    return {
      id, channel: row.channel, authorId, authorName: viewer.name, asHandler: row.asHandler, body: row.body,
      masked: row.masked, createdAt: row.createdAt, removedKind: null,
    };
  });
}

const messageColumns = {
  id: socialMessages.id,
  channel: socialMessages.channel,
  authorId: socialMessages.authorId,
  authorName: sql<string>`coalesce(${players.name}, '')`,
  asHandler: socialMessages.asHandler,
  body: socialMessages.body,
  masked: socialMessages.masked,
  createdAt: socialMessages.createdAt,
  removedKind: socialMessages.removedKind,
};

function toMessage(r: { id: number | string } & Omit<SocialMessage, 'id'>): SocialMessage {
  return { ...r, id: Number(r.id), removedKind: r.removedKind ?? null };
}

/** One message by id (tombstones included), or null. */
export async function getSocialMessage(db: Db | Tx, id: number): Promise<SocialMessage | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const [row] = await db
    .select(messageColumns)
    .from(socialMessages)
    .leftJoin(players, eq(players.id, socialMessages.authorId))
    .where(eq(socialMessages.id, id));
  return row ? toMessage(row) : null;
}

/** A page of history, newest first, with cursors for the next older and newer pages. */
export interface HistoryPage {
  messages: SocialMessage[];
  /** Pass as `before` for the next older page; null when there is none. */
  older: number | null;
  /** Pass as `after` for the next newer page; null when this page holds the newest message. */
  newer: number | null;
}

/**
 * History of a channel for one reader, newest first: the `limit` messages before `before`
 * (default: the newest), or the `limit` messages right after `after`. Tombstones stay in place;
 * messages of players the reader blocked are left out (handler replies always shown).
 * The caller checks the reader's access.
 */
export async function channelHistory(
  db: Db,
  input: { channel: string; readerId: string; before?: number; after?: number; limit: number },
): Promise<HistoryPage> {
  const notBlocked = sql`(${socialMessages.asHandler} OR ${socialMessages.authorId} IS NULL OR ${socialMessages.authorId} NOT IN (
    SELECT ${socialBlocks.blockedId} FROM ${socialBlocks} WHERE ${socialBlocks.blockerId} = ${input.readerId}::uuid))`;
  const inChannel = eq(socialMessages.channel, input.channel);
  const forward = input.after !== undefined && input.before === undefined;
  const cursor: SQL | undefined = forward
    ? gt(socialMessages.id, input.after!)
    : input.before !== undefined ? lt(socialMessages.id, input.before) : undefined;
  // Whether anything lies beyond the cursor (newer than `before`, older than or at `after`) is
  // the same as "beyond the page's edge": nothing visible sits between the cursor and the page.
  // Asked in the page's own statement (an uncorrelated subquery, run once), not a second query.
  const beyondCursor = forward
    ? sql`${socialMessages.id} <= ${input.after!}`
    : input.before !== undefined ? sql`${socialMessages.id} >= ${input.before}` : undefined;
  const beyond = beyondCursor
    ? sql<boolean>`EXISTS (SELECT 1 FROM ${socialMessages} WHERE ${and(inChannel, notBlocked, beyondCursor)})`
    : sql<boolean>`false`;
  const rows = await db
    .select({ ...messageColumns, beyond })
    .from(socialMessages)
    .leftJoin(players, eq(players.id, socialMessages.authorId))
    .where(and(inChannel, notBlocked, cursor))
    .orderBy(forward ? asc(socialMessages.id) : desc(socialMessages.id))
    .limit(input.limit + 1);
  const more = rows.length > input.limit;
  const page = rows.slice(0, input.limit).map(({ beyond: _, ...r }) => toMessage(r));
  if (forward) page.reverse();
  if (page.length === 0) return { messages: [], older: null, newer: null };
  const behind = rows[0]!.beyond === true;
  const newestId = page[0].id;
  const oldestId = page[page.length - 1].id;
  const older = forward ? (behind ? oldestId : null) : more ? oldestId : null;
  const newer = forward ? (more ? newestId : null) : behind ? newestId : null;
  return { messages: page, older, newer };
}
/** Removal of a message: by its author, or by a moderator (audited with the removed text). */
export interface RemoveMessageInput {
  messageId: number;
  byId: string;
  byRole: string;
  kind: 'author' | 'moderator';
  reason?: string;
  now: Date;
}

/**
 * Replaces a message by a tombstone: body emptied, who removed it kept. An author removes only
 * their own message (NOT_AUTHOR); a moderator's removal is written to the audit log with the
 * text it removed and resolves the open reports of the message, in the same transaction.
 * Removing a tombstone again changes nothing (`changed: false`).
 */
export async function removeSocialMessage(db: Db, input: RemoveMessageInput): Promise<{ message: SocialMessage; changed: boolean }> {
  return withTransaction(db, async (tx) => {
    const locked = await queryRows<{ id: unknown }>(tx, sql`SELECT id FROM social_messages WHERE id = ${input.messageId} FOR UPDATE`);
    if (locked.length === 0) throw new GameError('NOT_FOUND', 'no such message');
    const before = (await getSocialMessage(tx, input.messageId))!;
    if (input.kind === 'author' && before.authorId !== input.byId) throw new GameError('NOT_AUTHOR', 'only its author may delete a message');
    if (before.removedKind) return { message: before, changed: false };
    await tx.update(socialMessages)
      .set({ body: '', removedAt: input.now, removedBy: input.byId, removedKind: input.kind })
      .where(eq(socialMessages.id, input.messageId));
    if (input.kind === 'moderator') {
      await tx.execute(sql`UPDATE social_reports SET status = 'removed', resolved_by = ${input.byId}::uuid, resolved_at = ${input.now.toISOString()}::timestamptz
        WHERE message_id = ${input.messageId} AND status = 'open'`);
      await writeAudit(tx, {
        actorId: input.byId, actorRole: input.byRole, action: 'message.remove', targetPlayerId: before.authorId,
        target: `message:${input.messageId}`, at: input.now,
        details: { channel: before.channel, body: before.body, reason: input.reason ?? null },
      });
    }
    return { message: { ...before, body: '', removedKind: input.kind }, changed: true };
  });
}
/** Sitting members of a council (for the council's own channel). */
export async function sittingCouncilMembers(db: Db, council: string, now: Date): Promise<string[]> {
  const rows = await db
    .selectDistinct({ playerId: councilMembers.playerId })
    .from(councilMembers)
    .where(and(
      eq(councilMembers.council, council),
      sql`${councilMembers.termStartsAt} <= ${now.toISOString()}::timestamptz`,
      sql`${councilMembers.termEndsAt} > ${now.toISOString()}::timestamptz`,
    ));
  return rows.map((r) => r.playerId);
}
