import { and, desc, eq, gte, like, lt, lte, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, Tx } from './client';
import { auditLog, players } from './schema/index';
import { isUuid, likePrefix } from './sql';

/**
 * One moderator or GM action (GAME §9). `action` is a dotted name (`player.mute`,
 * `message.remove`, `handler.reply`, `emergency.broadcast`…); `details` carries what was done
 * (reason, duration, the removed text) as JSON.
 */
export interface AuditEntry {
  actorId: string | null;
  actorRole: string;
  action: string;
  targetPlayerId?: string | null;
  /** What else the action was about: a message id, a channel, a term. */
  target?: string | null;
  details?: Record<string, unknown>;
  /** @default now() in the database */
  at?: Date;
}

/** A stored audit line. */
export interface AuditLine {
  id: number;
  at: Date;
  actorId: string | null;
  actorRole: string;
  action: string;
  targetPlayerId: string | null;
  target: string | null;
  details: Record<string, unknown>;
  /** Names of the actor and the target player, for readers (null for the system or a deleted player). */
  actorName: string | null;
  targetPlayerName: string | null;
}

/**
 * Appends an action to the audit log inside the caller's transaction, so the action and its
 * audit line commit (or roll back) together. The table refuses UPDATE and DELETE (trigger).
 * @example await withTransaction(db, async (tx) => { await mute(tx, …); await writeAudit(tx, { actorId, actorRole: 'moderator', action: 'player.mute', targetPlayerId }); });
 */
export async function writeAudit(tx: Tx | Db, entry: AuditEntry): Promise<number> {
  const [row] = await tx
    .insert(auditLog)
    .values({
      actorId: entry.actorId,
      actorRole: entry.actorRole,
      action: entry.action,
      targetPlayerId: entry.targetPlayerId ?? null,
      target: entry.target ?? null,
      details: entry.details ?? {},
      ...(entry.at ? { at: entry.at } : {}),
    })
    .returning({ id: auditLog.id });
  return row.id;
}

/** Filters of {@link listAudit}; every one optional. */
export interface AuditFilter {
  actorId?: string;
  /** An action (`player.ban`), or every action under a prefix ending in a dot (`flag.`). */
  action?: string;
  /** What the action was about (`flag:12`, `territory:t-3_-2`, a parameter name). */
  target?: string;
  targetPlayerId?: string;
  since?: Date;
  until?: Date;
  /** Paging: lines with an id below this one. */
  before?: number;
  /** @default 100 */
  limit?: number;
}

/** Audit lines matching the filter, newest first. */
export async function listAudit(db: Db, filter: AuditFilter = {}): Promise<AuditLine[]> {
  const where: SQL[] = [];
  if (filter.actorId !== undefined) {
    if (!isUuid(filter.actorId)) return [];
    where.push(eq(auditLog.actorId, filter.actorId));
  }
  if (filter.action !== undefined) {
    where.push(filter.action.endsWith('.') ? like(auditLog.action, likePrefix(filter.action)) : eq(auditLog.action, filter.action));
  }
  if (filter.target !== undefined) where.push(eq(auditLog.target, filter.target));
  if (filter.targetPlayerId !== undefined) {
    if (!isUuid(filter.targetPlayerId)) return [];
    where.push(eq(auditLog.targetPlayerId, filter.targetPlayerId));
  }
  if (filter.since) where.push(gte(auditLog.at, filter.since));
  if (filter.until) where.push(lte(auditLog.at, filter.until));
  if (filter.before !== undefined) where.push(lt(auditLog.id, filter.before));
  const actor = alias(players, 'actor');
  const targetPlayer = alias(players, 'target_player');
  const rows = await db
    .select({
      id: auditLog.id, at: auditLog.at, actorId: auditLog.actorId, actorRole: auditLog.actorRole, action: auditLog.action,
      targetPlayerId: auditLog.targetPlayerId, target: auditLog.target, details: auditLog.details,
      actorName: sql<string | null>`${actor.name}`, targetPlayerName: sql<string | null>`${targetPlayer.name}`,
    })
    .from(auditLog)
    .leftJoin(actor, eq(actor.id, auditLog.actorId))
    .leftJoin(targetPlayer, eq(targetPlayer.id, auditLog.targetPlayerId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(filter.limit ?? 100);
  return rows.map((r) => ({ ...r, id: Number(r.id), actorName: r.actorName ?? null, targetPlayerName: r.targetPlayerName ?? null }));
}
