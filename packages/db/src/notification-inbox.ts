/**
 * A player's notification inbox (GAME §8.2): delivered notifications with read state, paged by
 * notification id, the unread count, and the player's notification settings.
 */
import { sql } from 'drizzle-orm';
import { DEFAULT_CHANNEL_TIERS, type NotificationTier } from '@datavism/rules';
import type { Db } from './client';
import { storedNotification, textArraySql, type NotificationRow, type StoredNotification } from './notifications';
import { isUuid, queryRows, toNumber } from './sql';

/** One inbox entry: the notification, its relevance for this player, when they read it. */
export interface InboxEntry extends StoredNotification {
  relevance: number;
  readAt: Date | null;
  /** For a digest: how many notifications it merges. */
  items: number;
}

export interface InboxQuery {
  /** Only entries older than this notification id (the previous page's last id). */
  before?: number;
  /** @default 20 */
  limit?: number;
  unreadOnly?: boolean;
}

/**
 * A player's delivered notifications, newest first, `limit` per page; pass the last id as `before`
 * for the next page. Notifications merged into a digest are listed by {@link digestItems}.
 */
export async function notificationInbox(db: Db, playerId: string, q: InboxQuery = {}): Promise<InboxEntry[]> {
  if (!isUuid(playerId)) return [];
  const rows = await queryRows<NotificationRow & { relevance: unknown; read_at: Date | string | null; items: unknown }>(db, sql`
    SELECT n.id, n.kind, n.tier, n.title, n.body, n.link, n.created_at, r.relevance, r.read_at,
      CASE WHEN r.tier = 'digest' THEN (SELECT count(*) FROM notification_recipients i
        WHERE i.digest_id = r.notification_id AND i.player_id = r.player_id) ELSE 0 END AS items
    FROM notification_recipients r JOIN notifications n ON n.id = r.notification_id
    WHERE r.player_id = ${playerId}::uuid AND r.delivered_at IS NOT NULL AND r.digest_id IS NULL
      ${q.before === undefined ? sql`` : sql`AND r.notification_id < ${q.before}`}
      ${q.unreadOnly ? sql`AND r.read_at IS NULL` : sql``}
    ORDER BY r.notification_id DESC
    LIMIT ${q.limit ?? 20}`);
  return rows.map(inboxEntry);
}

/** The notifications a digest of this player merged, most recent first. */
export async function digestItems(db: Db, playerId: string, digestId: number): Promise<InboxEntry[]> {
  if (!isUuid(playerId)) return [];
  const rows = await queryRows<NotificationRow & { relevance: unknown; read_at: Date | string | null }>(db, sql`
    SELECT n.id, n.kind, n.tier, n.title, n.body, n.link, n.created_at, r.relevance, r.read_at, 0 AS items
    FROM notification_recipients r JOIN notifications n ON n.id = r.notification_id
    WHERE r.player_id = ${playerId}::uuid AND r.digest_id = ${digestId}
    ORDER BY r.notification_id DESC`);
  return rows.map(inboxEntry);
}

function inboxEntry(r: NotificationRow & { relevance: unknown; read_at: Date | string | null; items?: unknown }): InboxEntry {
  return { ...storedNotification(r), relevance: Number(r.relevance), readAt: r.read_at ? new Date(r.read_at) : null, items: toNumber(r.items) };
}

/** How many delivered notifications the player has not read (a digest counts once). */
export async function unreadNotificationCount(db: Db, playerId: string): Promise<number> {
  if (!isUuid(playerId)) return 0;
  const [row] = await queryRows<{ n: unknown }>(db, sql`
    SELECT count(*) AS n FROM notification_recipients
    WHERE player_id = ${playerId}::uuid AND read_at IS NULL AND delivered_at IS NOT NULL AND digest_id IS NULL`);
  return toNumber(row?.n);
}

/**
 * Marks one delivered notification read (a digest with its items). Returns false when the player
 * has no such delivered notification; reading it again changes nothing.
 */
export async function markNotificationRead(db: Db, playerId: string, notificationId: number, now: Date): Promise<boolean> {
  if (!isUuid(playerId)) return false;
  const rows = await queryRows<{ notification_id: unknown }>(db, sql`
    WITH target AS (
      SELECT notification_id FROM notification_recipients
      WHERE player_id = ${playerId}::uuid AND notification_id = ${notificationId} AND delivered_at IS NOT NULL
    ), marked AS (
      UPDATE notification_recipients r SET read_at = ${now}
      WHERE r.player_id = ${playerId}::uuid AND r.read_at IS NULL
        AND (r.notification_id IN (SELECT notification_id FROM target) OR r.digest_id IN (SELECT notification_id FROM target))
      RETURNING 1
    )
    SELECT notification_id FROM target`);
  return rows.length > 0;
}

/** Marks every delivered notification of the player read; returns how many inbox entries it marked. */
export async function markAllNotificationsRead(db: Db, playerId: string, now: Date): Promise<number> {
  if (!isUuid(playerId)) return 0;
  const [row] = await queryRows<{ n: unknown }>(db, sql`
    WITH marked AS (
      UPDATE notification_recipients SET read_at = ${now}
      WHERE player_id = ${playerId}::uuid AND read_at IS NULL AND delivered_at IS NOT NULL
      RETURNING digest_id
    ) SELECT count(*) FILTER (WHERE digest_id IS NULL) AS n FROM marked`);
  return toNumber(row?.n);
}

/** A player's notification settings (GAME §8.2: email/push per tier). */
export interface NotificationSettings {
  email: string | null;
  emailTiers: NotificationTier[];
  pushTiers: NotificationTier[];
  /** Interest topics; null = every topic. */
  interests: string[] | null;
}

/** The settings of a player without a row: the GAME §8.2 defaults, no email address, every topic. */
export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  email: null,
  emailTiers: [...DEFAULT_CHANNEL_TIERS.email],
  pushTiers: [...DEFAULT_CHANNEL_TIERS.push],
  interests: null,
};

export async function notificationSettings(db: Db, playerId: string): Promise<NotificationSettings> {
  if (!isUuid(playerId)) return DEFAULT_NOTIFICATION_SETTINGS;
  const [row] = await queryRows<{ email: string | null; email_tiers: unknown; push_tiers: unknown; interests: unknown }>(db, sql`
    SELECT email, email_tiers, push_tiers, interests FROM notification_settings WHERE player_id = ${playerId}::uuid`);
  if (!row) return DEFAULT_NOTIFICATION_SETTINGS;
  return {
    email: row.email,
    emailTiers: textArray(row.email_tiers) as NotificationTier[],
    pushTiers: textArray(row.push_tiers) as NotificationTier[],
    interests: row.interests === null ? null : textArray(row.interests),
  };
}

/** Changes some of a player's settings (the others keep their value) and returns them all. */
export async function saveNotificationSettings(
  db: Db, playerId: string, change: Partial<NotificationSettings>, now: Date,
): Promise<NotificationSettings> {
  const next = { ...(await notificationSettings(db, playerId)), ...change };
  await db.execute(sql`
    INSERT INTO notification_settings (player_id, email, email_tiers, push_tiers, interests, updated_at)
    VALUES (${playerId}::uuid, ${next.email}, ${textArraySql(next.emailTiers)}, ${textArraySql(next.pushTiers)},
      ${next.interests === null ? null : textArraySql(next.interests)}, ${now})
    ON CONFLICT (player_id) DO UPDATE SET email = excluded.email, email_tiers = excluded.email_tiers,
      push_tiers = excluded.push_tiers, interests = excluded.interests, updated_at = excluded.updated_at`);
  return next;
}

/** A text[] from either driver (node-postgres parses it; PGlite too, but be tolerant of `{a,b}`). */
function textArray(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === 'string') return v.replace(/^\{|\}$/g, '').split(',').filter(Boolean);
  return [];
}
