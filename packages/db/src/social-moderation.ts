import { and, desc, eq, or, sql } from 'drizzle-orm';
import { GameError, channelAccess, hasRole, normaliseFilterTerm, type SocialRole } from '@datavism/rules';
import type { Db, Tx } from './client';
import { withTransaction } from './ledger';
import { writeAudit } from './audit';
import { players, socialBans, socialFilterTerms, socialMessages, socialMutes, socialReports } from './schema/index';
import { channelRef, getSocialMessage, socialViewer } from './social';
import { isUuid, queryRows, toNumber } from './sql';

/** Who acts: a moderator, gm or admin (the route checked the role). */
export interface Moderator {
  id: string;
  role: string;
}

/** A moderator may act on players of a lower role only (a moderator cannot mute a gm). */
async function requireOutranks(tx: Db | Tx, actor: Moderator, targetId: string): Promise<{ id: string; name: string; role: string }> {
  if (!isUuid(targetId)) throw new GameError('NOT_FOUND', 'no such player');
  const [target] = await tx.select({ id: players.id, name: players.name, role: players.role }).from(players).where(eq(players.id, targetId));
  if (!target) throw new GameError('NOT_FOUND', 'no such player');
  if (target.id === actor.id) throw new GameError('FORBIDDEN', 'you cannot act on yourself');
  const order: SocialRole[] = ['player', 'moderator', 'gm', 'admin'];
  const next = order[order.indexOf(target.role as SocialRole) + 1];
  if (!next || !hasRole(actor.role, next)) throw new GameError('FORBIDDEN', `a ${actor.role} cannot act on a ${target.role}`);
  return target;
}

// ---- reports ----

/**
 * A player reports a message they can read, with a reason. One report per (message, player):
 * a second is ALREADY_DONE, as is reporting a removed message. Own messages cannot be reported.
 */
export async function reportMessage(db: Db, input: { messageId: number; reporterId: string; reason: string; now: Date }): Promise<{ id: number }> {
  return withTransaction(db, async (tx) => {
    const message = await getSocialMessage(tx, input.messageId);
    if (!message) throw new GameError('NOT_FOUND', 'no such message');
    const viewer = await socialViewer(tx, input.reporterId, input.now);
    const access = channelAccess(channelRef(message.channel), viewer, input.now);
    if (!access.read) throw new GameError('NOT_FOUND', 'no such message');
    if (message.authorId === input.reporterId && !message.asHandler) throw new GameError('BAD_REQUEST', 'you cannot report your own message');
    if (message.removedKind) throw new GameError('ALREADY_DONE', 'that message was removed already');
    const [row] = await tx.insert(socialReports)
      .values({ messageId: input.messageId, reporterId: input.reporterId, reason: input.reason, createdAt: input.now })
      .onConflictDoNothing()
      .returning({ id: socialReports.id });
    if (!row) throw new GameError('ALREADY_DONE', 'you reported this message already');
    return { id: Number(row.id) };
  });
}

/** A report in the moderators' queue, with the message as it stands. */
export interface ReportView {
  id: number;
  status: 'open' | 'removed' | 'dismissed';
  reason: string;
  createdAt: Date;
  reporterId: string;
  reporterName: string;
  messageId: number;
  channel: string;
  authorId: string | null;
  authorName: string;
  body: string;
  removed: boolean;
  /** Open reports on the same message. */
  openReportsOnMessage: number;
}

/** The moderators' queue: reports by status (default open), oldest first, paged by id. */
export async function reportQueue(db: Db, input: { status?: 'open' | 'removed' | 'dismissed'; after?: number; limit?: number } = {}): Promise<ReportView[]> {
  const rows = await queryRows<{
    id: unknown; status: ReportView['status']; reason: string; created_at: Date | string; reporter_id: string; reporter_name: string;
    message_id: unknown; channel: string; author_id: string | null; author_name: string | null; body: string; removed: boolean; open_count: unknown;
  }>(db, sql`
    SELECT r.id, r.status, r.reason, r.created_at, r.reporter_id::text, rp.name AS reporter_name,
      m.id AS message_id, m.channel, m.author_id::text, ap.name AS author_name, m.body, (m.removed_at IS NOT NULL) AS removed,
      (SELECT count(*) FROM social_reports o WHERE o.message_id = m.id AND o.status = 'open') AS open_count
    FROM social_reports r
    JOIN social_messages m ON m.id = r.message_id
    JOIN players rp ON rp.id = r.reporter_id
    LEFT JOIN players ap ON ap.id = m.author_id
    WHERE r.status = ${input.status ?? 'open'} AND r.id > ${input.after ?? 0}
    ORDER BY r.id LIMIT ${input.limit ?? 100}`);
  return rows.map((r) => ({
    id: toNumber(r.id), status: r.status, reason: r.reason, createdAt: new Date(r.created_at), reporterId: r.reporter_id,
    reporterName: r.reporter_name, messageId: toNumber(r.message_id), channel: r.channel, authorId: r.author_id,
    authorName: r.author_name ?? '', body: r.body, removed: r.removed, openReportsOnMessage: toNumber(r.open_count),
  }));
}

/** A moderator dismisses an open report (audited). NOT_FOUND / ALREADY_DONE otherwise. */
export async function dismissReport(db: Db, input: { reportId: number; by: Moderator; now: Date }): Promise<void> {
  return withTransaction(db, async (tx) => {
    const [row] = await tx.select().from(socialReports).where(eq(socialReports.id, input.reportId)).for('update');
    if (!row) throw new GameError('NOT_FOUND', 'no such report');
    if (row.status !== 'open') throw new GameError('ALREADY_DONE', `the report is ${row.status} already`);
    await tx.update(socialReports).set({ status: 'dismissed', resolvedBy: input.by.id, resolvedAt: input.now }).where(eq(socialReports.id, input.reportId));
    const [m] = await tx.select({ authorId: socialMessages.authorId }).from(socialMessages).where(eq(socialMessages.id, row.messageId));
    await writeAudit(tx, {
      actorId: input.by.id, actorRole: input.by.role, action: 'report.dismiss', targetPlayerId: m?.authorId ?? null,
      target: `report:${input.reportId}`, at: input.now, details: { messageId: Number(row.messageId), reason: row.reason },
    });
  });
}

// ---- mutes ----

/** A stored mute. */
export interface MuteView {
  id: number;
  playerId: string;
  channel: string | null;
  until: Date;
  reason: string;
  createdBy: string;
  createdAt: Date;
}

/**
 * Mutes a player until `until`, in one channel or everywhere (`channel` null); audited in the
 * same transaction. Only a higher role may mute (FORBIDDEN otherwise).
 */
export async function mutePlayer(
  db: Db,
  input: { playerId: string; channel: string | null; until: Date; reason: string; by: Moderator; now: Date },
): Promise<MuteView> {
  if (input.channel !== null) channelRef(input.channel);
  if (input.until <= input.now) throw new GameError('BAD_REQUEST', 'a mute ends in the future');
  return withTransaction(db, async (tx) => {
    await requireOutranks(tx, input.by, input.playerId);
    const [row] = await tx.insert(socialMutes).values({
      playerId: input.playerId, channel: input.channel, until: input.until, reason: input.reason, createdBy: input.by.id, createdAt: input.now,
    }).returning();
    await writeAudit(tx, {
      actorId: input.by.id, actorRole: input.by.role, action: 'player.mute', targetPlayerId: input.playerId,
      target: input.channel ?? 'everywhere', at: input.now,
      details: { until: input.until.toISOString(), reason: input.reason, channel: input.channel },
    });
    return { ...row, id: Number(row.id) };
  });
}

/**
 * Lifts a player's active mutes: those of one channel, the everywhere mutes (`channel` null),
 * or all of them (`channel` undefined). Audited; returns how many were lifted.
 */
export async function unmutePlayer(db: Db, input: { playerId: string; channel?: string | null; by: Moderator; now: Date }): Promise<number> {
  return withTransaction(db, async (tx) => {
    await requireOutranks(tx, input.by, input.playerId);
    const which = input.channel === undefined ? sql`true` : input.channel === null ? sql`channel IS NULL` : sql`channel = ${input.channel}`;
    const lifted = await queryRows<{ id: unknown }>(tx, sql`
      UPDATE social_mutes SET lifted_at = ${input.now.toISOString()}::timestamptz
      WHERE player_id = ${input.playerId}::uuid AND lifted_at IS NULL AND until > ${input.now.toISOString()}::timestamptz AND ${which}
      RETURNING id`);
    await writeAudit(tx, {
      actorId: input.by.id, actorRole: input.by.role, action: 'player.unmute', targetPlayerId: input.playerId,
      target: input.channel === undefined ? 'all' : input.channel ?? 'everywhere', at: input.now, details: { lifted: lifted.length },
    });
    return lifted.length;
  });
}

/** Active mutes (optionally of one player), newest first. */
export async function activeMutes(db: Db, now: Date, playerId?: string): Promise<MuteView[]> {
  if (playerId !== undefined && !isUuid(playerId)) return [];
  const rows = await db.select().from(socialMutes).where(and(
    sql`${socialMutes.liftedAt} IS NULL`, sql`${socialMutes.until} > ${now.toISOString()}::timestamptz`,
    playerId ? eq(socialMutes.playerId, playerId) : undefined,
  )).orderBy(desc(socialMutes.id)).limit(500);
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

// ---- bans ----

/** A ban in force. */
export interface BanView {
  playerId: string;
  /** null: permanent. */
  until: Date | null;
}

/**
 * Bans a player until `until` (null: until lifted); audited. The caller refuses their tokens and
 * closes their connections on every process.
 */
export async function banPlayer(db: Db, input: { playerId: string; until: Date | null; reason: string; by: Moderator; now: Date }): Promise<BanView> {
  if (input.until && input.until <= input.now) throw new GameError('BAD_REQUEST', 'a ban ends in the future');
  return withTransaction(db, async (tx) => {
    await requireOutranks(tx, input.by, input.playerId);
    await tx.insert(socialBans).values({
      playerId: input.playerId, until: input.until, reason: input.reason, createdBy: input.by.id, createdAt: input.now,
    });
    await writeAudit(tx, {
      actorId: input.by.id, actorRole: input.by.role, action: 'player.ban', targetPlayerId: input.playerId, at: input.now,
      details: { until: input.until?.toISOString() ?? null, reason: input.reason },
    });
    return { playerId: input.playerId, until: input.until };
  });
}

/** Lifts a player's bans (audited); returns how many were in force. */
export async function unbanPlayer(db: Db, input: { playerId: string; by: Moderator; now: Date }): Promise<number> {
  return withTransaction(db, async (tx) => {
    await requireOutranks(tx, input.by, input.playerId);
    const lifted = await tx.update(socialBans).set({ liftedAt: input.now }).where(and(
      eq(socialBans.playerId, input.playerId), sql`${socialBans.liftedAt} IS NULL`,
      or(sql`${socialBans.until} IS NULL`, sql`${socialBans.until} > ${input.now.toISOString()}::timestamptz`),
    )).returning({ id: socialBans.id });
    await writeAudit(tx, {
      actorId: input.by.id, actorRole: input.by.role, action: 'player.unban', targetPlayerId: input.playerId, at: input.now,
      details: { lifted: lifted.length },
    });
    return lifted.length;
  });
}

/** Every ban in force at `now` (each process keeps them in memory to refuse requests at once). */
export async function activeBans(db: Db, now: Date): Promise<BanView[]> {
  const rows = await db.select({ playerId: socialBans.playerId, until: socialBans.until }).from(socialBans).where(and(
    sql`${socialBans.liftedAt} IS NULL`,
    or(sql`${socialBans.until} IS NULL`, sql`${socialBans.until} > ${now.toISOString()}::timestamptz`),
  ));
  // A player with several bans: the longest one binds.
  const byPlayer = new Map<string, Date | null>();
  for (const r of rows) {
    const held = byPlayer.get(r.playerId);
    if (held === null) continue;
    byPlayer.set(r.playerId, r.until === null || held === undefined || r.until > held ? r.until : held);
  }
  return [...byPlayer].map(([playerId, until]) => ({ playerId, until }));
}

// ---- word filter terms ----

/** The admins' extra filter terms, alphabetically. */
export async function filterTerms(db: Db): Promise<string[]> {
  return (await db.select({ term: socialFilterTerms.term }).from(socialFilterTerms).orderBy(socialFilterTerms.term)).map((r) => r.term);
}

/** Adds a filter term (normalised; idempotent), audited. Returns the stored term. */
export async function addFilterTerm(db: Db, input: { term: string; by: Moderator; now: Date }): Promise<{ term: string; added: boolean }> {
  const term = normaliseFilterTerm(input.term);
  return withTransaction(db, async (tx) => {
    const added = await tx.insert(socialFilterTerms).values({ term, addedBy: input.by.id, createdAt: input.now }).onConflictDoNothing().returning();
    if (added.length > 0) {
      await writeAudit(tx, { actorId: input.by.id, actorRole: input.by.role, action: 'filter.add', target: term, at: input.now });
    }
    return { term, added: added.length > 0 };
  });
}

/** Removes a filter term, audited; NOT_FOUND when it is not listed. */
export async function removeFilterTerm(db: Db, input: { term: string; by: Moderator; now: Date }): Promise<void> {
  const term = String(input.term).trim().toLowerCase().replace(/\s+/g, ' ');
  return withTransaction(db, async (tx) => {
    const gone = await tx.delete(socialFilterTerms).where(eq(socialFilterTerms.term, term)).returning();
    if (gone.length === 0) throw new GameError('NOT_FOUND', 'no such filter term');
    await writeAudit(tx, { actorId: input.by.id, actorRole: input.by.role, action: 'filter.remove', target: term, at: input.now });
  });
}

/** Community-health input (GAME §9 toxicity): messages masked by the filter or removed by a moderator. */
export async function chatToxicity(db: Db, since: Date, until: Date): Promise<{ messages: number; masked: number; removed: number }> {
  const [row] = await queryRows<{ messages: unknown; masked: unknown; removed: unknown }>(db, sql`
    SELECT count(*) AS messages, count(*) FILTER (WHERE masked) AS masked, count(*) FILTER (WHERE removed_kind = 'moderator') AS removed
    FROM social_messages WHERE created_at >= ${since.toISOString()}::timestamptz AND created_at < ${until.toISOString()}::timestamptz`);
  return { messages: toNumber(row.messages), masked: toNumber(row.masked), removed: toNumber(row.removed) };
}

