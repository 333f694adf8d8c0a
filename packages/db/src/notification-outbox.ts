/**
 * The notification outbox's worker side: claim due rows (FOR UPDATE SKIP LOCKED, with a lease),
 * record the outcome, list and re-queue dead letters. Rows are written by `notifications.ts` in the
 * transaction that delivers their notification.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './client';
import { storedNotification, type NotificationRow, type StoredNotification } from './notifications';
import type { OutboxStatus } from './schema/index';
import { queryRows, toNumber } from './sql';

/** A claimed delivery: the outbox row, its notification's content and the player's name. */
export interface OutboxClaim extends Omit<StoredNotification, 'id'> {
  id: number;
  idempotencyKey: string;
  notificationId: number;
  playerId: string;
  playerName: string;
  channel: 'push' | 'email';
  target: string | null;
  /** This claim's attempt number (1 = first); with `claimedBy` it is the claim's token. */
  attempts: number;
  claimedBy: string;
}

export interface ClaimOutboxInput {
  now: Date;
  limit: number;
  /** How long the claim holds: a row still `sending` after it is claimable again (its sender died). */
  leaseMs: number;
  /** Who claims (process id). */
  claimant: string;
}

/**
 * Claims up to `limit` deliveries that are due: pending rows whose next attempt time has come, and
 * rows whose lease ran out (their process died mid-send). Rows another transaction is claiming
 * are skipped (FOR UPDATE SKIP LOCKED), and a claimed row is leased, so two processes never send
 * one row at the same time. Each claim counts as an attempt.
 */
export async function claimOutbox(db: Db, input: ClaimOutboxInput): Promise<OutboxClaim[]> {
  const leaseUntil = new Date(input.now.getTime() + input.leaseMs);
  const rows = await queryRows<Record<string, unknown>>(db, sql`
    WITH due AS (
      SELECT id FROM notification_outbox
      WHERE (status = 'pending' AND next_attempt_at <= ${input.now}) OR (status = 'sending' AND lease_until <= ${input.now})
      ORDER BY next_attempt_at, id
      LIMIT ${input.limit}
      FOR UPDATE SKIP LOCKED
    ), claimed AS (
      UPDATE notification_outbox o SET status = 'sending', attempts = o.attempts + 1, lease_until = ${leaseUntil},
        claimed_by = ${input.claimant}
      FROM due WHERE o.id = due.id
      RETURNING o.id, o.idempotency_key, o.notification_id, o.player_id, o.channel, o.target, o.attempts, o.claimed_by
    )
    SELECT c.id, c.idempotency_key, c.notification_id, c.player_id::text AS player_id, c.channel, c.target, c.attempts,
      c.claimed_by, p.name AS player_name, n.kind, n.tier, n.title, n.body, n.link, n.created_at
    FROM claimed c JOIN notifications n ON n.id = c.notification_id LEFT JOIN players p ON p.id = c.player_id
    ORDER BY c.id`);
  return rows.map((r) => ({
    ...storedNotification(r as NotificationRow),
    id: toNumber(r.id),
    idempotencyKey: String(r.idempotency_key),
    notificationId: toNumber(r.notification_id),
    playerId: String(r.player_id),
    playerName: String(r.player_name ?? ''),
    channel: r.channel as 'push' | 'email',
    target: (r.target as string | null) ?? null,
    attempts: toNumber(r.attempts),
    claimedBy: String(r.claimed_by),
  }));
}

/** The claim's own row: a row re-claimed by another process after the lease ran out is not ours. */
const ours = (c: Pick<OutboxClaim, 'id' | 'attempts' | 'claimedBy'>) =>
  sql`id = ${c.id} AND status = 'sending' AND attempts = ${c.attempts} AND claimed_by = ${c.claimedBy}`;

/** Records a delivery as sent. Returns false if the claim was lost (the row was claimed again). */
export async function completeOutbox(db: Db, claim: Pick<OutboxClaim, 'id' | 'attempts' | 'claimedBy'>, r: { sender: string; now: Date }): Promise<boolean> {
  const rows = await queryRows(db, sql`
    UPDATE notification_outbox SET status = 'sent', sent_at = ${r.now}, sender = ${r.sender}, lease_until = NULL, last_error = NULL
    WHERE ${ours(claim)} RETURNING id`);
  return rows.length > 0;
}

/**
 * Records a failed attempt: back to `pending` until `retryAt`, or `dead` (retryAt null) after the
 * last attempt. Returns false if the claim was lost.
 */
export async function failOutbox(
  db: Db, claim: Pick<OutboxClaim, 'id' | 'attempts' | 'claimedBy'>, r: { sender: string; error: string; retryAt: Date | null },
): Promise<boolean> {
  const rows = await queryRows(db, sql`
    UPDATE notification_outbox SET status = ${r.retryAt ? 'pending' : 'dead'}, next_attempt_at = coalesce(${r.retryAt}::timestamptz, next_attempt_at),
      lease_until = NULL, sender = ${r.sender}, last_error = ${r.error.slice(0, 2000)}
    WHERE ${ours(claim)} RETURNING id`);
  return rows.length > 0;
}

/** An outbox row as admins see it. */
export interface OutboxEntry {
  id: number;
  idempotencyKey: string;
  notificationId: number;
  playerId: string;
  channel: string;
  target: string | null;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  sender: string | null;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** Outbox rows of one status, newest first, paged by id (`before`). */
export async function outboxEntries(db: Db, q: { status: OutboxStatus; limit: number; before?: number }): Promise<OutboxEntry[]> {
  const rows = await queryRows<Record<string, unknown>>(db, sql`
    SELECT id, idempotency_key, notification_id, player_id::text AS player_id, channel, target, status, attempts,
      next_attempt_at, sender, last_error, created_at, sent_at
    FROM notification_outbox WHERE status = ${q.status} ${q.before === undefined ? sql`` : sql`AND id < ${q.before}`}
    ORDER BY id DESC LIMIT ${q.limit}`);
  return rows.map((r) => ({
    id: toNumber(r.id),
    idempotencyKey: String(r.idempotency_key),
    notificationId: toNumber(r.notification_id),
    playerId: String(r.player_id),
    channel: String(r.channel),
    target: (r.target as string | null) ?? null,
    status: r.status as OutboxStatus,
    attempts: toNumber(r.attempts),
    nextAttemptAt: new Date(r.next_attempt_at as string),
    sender: (r.sender as string | null) ?? null,
    lastError: (r.last_error as string | null) ?? null,
    createdAt: new Date(r.created_at as string),
    sentAt: r.sent_at ? new Date(r.sent_at as string) : null,
  }));
}

/** How many outbox rows are in each status. */
export async function outboxCounts(db: Db): Promise<Record<OutboxStatus, number>> {
  const rows = await queryRows<{ status: OutboxStatus; n: unknown }>(db, sql`SELECT status, count(*) AS n FROM notification_outbox GROUP BY status`);
  const counts: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, dead: 0 };
  for (const r of rows) counts[r.status] = toNumber(r.n);
  return counts;
}

/** Puts a dead delivery back in the queue with a fresh attempt budget. Returns false unless it was dead. */
export async function requeueOutbox(db: Db, id: number, now: Date): Promise<boolean> {
  const rows = await queryRows(db, sql`
    UPDATE notification_outbox SET status = 'pending', attempts = 0, next_attempt_at = ${now}, last_error = NULL
    WHERE id = ${id} AND status = 'dead' RETURNING id`);
  return rows.length > 0;
}
