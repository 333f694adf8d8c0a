/**
 * Notifications (GAME §8.2): the set-based fan-out, delivery of what is due (with the digest
 * merge), and the outbox rows both write in their own transaction. Inbox reads and settings are in
 * `notification-inbox.ts`, the outbox worker's claims in `notification-outbox.ts`.
 */
import { sql, type SQL } from 'drizzle-orm';
import {
  DEFAULT_CHANNEL_TIERS, DIGEST_MERGE_THRESHOLD, OUT_OF_GAME_MIN_RELEVANCE, digestText, type NotificationTier,
} from '@datavism/rules';
import type { Db } from './client';
import { queryRows, toNumber } from './sql';

/**
 * Who receives a notification, resolved in the database by the statement that writes it:
 * - `players`: these players;
 * - `squad`: the squad's members (optionally except some, e.g. the actor);
 * - `everyone`: every player;
 * - `query`: any set-based audience, a SELECT whose first column is a player id (e.g. "players who
 *   qualify for this operation", "players who have not voted on this proposal").
 */
export type NotificationAudience =
  | { kind: 'players'; playerIds: readonly string[] }
  | { kind: 'squad'; squadId: string; exceptPlayerIds?: readonly string[] }
  | { kind: 'everyone' }
  | { kind: 'query'; select: SQL };

/** One notification to write, everything decided: the rules have computed tier, time and relevance. */
export interface NewNotification {
  kind: string;
  tier: NotificationTier;
  title: string;
  body: string;
  link?: string;
  audience: NotificationAudience;
  /**
   * GAME §8.2 relevance for a recipient who follows `topic` and for one who does not (the caller
   * computes both with the rule; which one applies is decided per row from the player's settings).
   * A recipient whose relevance is 0 is not written.
   */
  relevance: { interested: number; otherwise: number };
  topic?: string;
  /** A player who already has a notification with this key does not get this one. */
  dedupeKey?: string;
  createdAt: Date;
  deliverAt: Date;
}

/** A recipient row just written or just delivered. */
export interface NotificationRecipientRow {
  notificationId: number;
  playerId: string;
}

/** What a write did: the recipients written, which of them are delivered already, outbox rows. */
export interface WrittenNotifications {
  recipients: number;
  /** Recipients delivered at once (urgent): tell them live after the commit. */
  delivered: NotificationRecipientRow[];
  outbox: number;
}

/** A text[] parameter (tier names and topics: plain words, nothing to quote). */
export const textArraySql = (items: readonly string[]) => sql`${`{${items.join(',')}}`}::text[]`;

/**
 * The outbox rows for recipients delivered in this statement: a CTE over `source` (a CTE with
 * notification_id, player_id, tier, relevance). One row per channel the player's settings (or
 * the GAME §8.2 defaults) allow for the tier, only when the relevance may leave the game, email
 * only with an address. The idempotency key names the delivery: notification, player, channel.
 */
function outboxCte(source: string, now: Date): SQL {
  return sql`INSERT INTO notification_outbox (idempotency_key, notification_id, player_id, channel, target, next_attempt_at, created_at)
    SELECT 'n' || d.notification_id || ':' || d.player_id || ':' || ch.channel, d.notification_id, d.player_id, ch.channel,
      CASE WHEN ch.channel = 'email' THEN s.email END, ${now}, ${now}
    FROM ${sql.raw(source)} d
    CROSS JOIN (VALUES ('push'), ('email')) AS ch(channel)
    LEFT JOIN notification_settings s ON s.player_id = d.player_id
    WHERE d.relevance >= ${OUT_OF_GAME_MIN_RELEVANCE}
      AND d.tier = ANY(CASE ch.channel WHEN 'push' THEN coalesce(s.push_tiers, ${textArraySql(DEFAULT_CHANNEL_TIERS.push)})
        ELSE coalesce(s.email_tiers, ${textArraySql(DEFAULT_CHANNEL_TIERS.email)}) END)
      AND (ch.channel = 'push' OR s.email IS NOT NULL)
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING 1`;
}

/**
 * The end both writers share, after their `written` CTE (the recipient rows inserted): the outbox
 * rows of those delivered at once, and one result row per recipient.
 */
function deliveredWithOutbox(now: Date): SQL {
  return sql`delivered AS (SELECT * FROM written WHERE delivered_at IS NOT NULL),
    outbox AS (${outboxCte('delivered', now)})
    SELECT notification_id, player_id::text AS player_id, delivered_at IS NOT NULL AS delivered,
      (SELECT count(*) FROM outbox) AS outbox
    FROM written`;
}

interface WrittenRow extends Record<string, unknown> {
  notification_id: unknown;
  player_id: string;
  delivered: boolean;
  outbox: unknown;
}

function writtenResult(rows: WrittenRow[]): WrittenNotifications {
  return {
    recipients: rows.length,
    delivered: rows.filter((r) => r.delivered).map((r) => ({ notificationId: toNumber(r.notification_id), playerId: r.player_id })),
    outbox: toNumber(rows[0]?.outbox),
  };
}

function audienceSql(a: NotificationAudience): SQL {
  switch (a.kind) {
    case 'players':
      return sql`SELECT DISTINCT x::uuid FROM jsonb_array_elements_text(${JSON.stringify(a.playerIds)}::jsonb) AS x`;
    case 'squad':
      return sql`SELECT m.player_id FROM squad_members m WHERE m.squad_id = ${a.squadId}::uuid
        AND m.player_id::text NOT IN (SELECT jsonb_array_elements_text(${JSON.stringify(a.exceptPlayerIds ?? [])}::jsonb))`;
    case 'everyone':
      return sql`SELECT p.id FROM players p`;
    case 'query':
      return a.select;
  }
}

/** Relevance of the row's player: the interested value when the player follows the topic (no list = every topic). */
const relevanceOf = (topic: SQL, interested: SQL, otherwise: SQL) =>
  sql`CASE WHEN ${topic} IS NOT NULL AND (s.interests IS NULL OR ${topic} = ANY(s.interests)) THEN ${interested} ELSE ${otherwise} END`;

/**
 * Writes one notification for its whole audience in ONE statement (INSERT … SELECT with
 * data-modifying CTEs): the notification row, a recipient row per player of the audience (minus
 * relevance 0 and players who already have its dedupe key) and, when it is delivered at once, its
 * outbox rows. A 100-member squad is one statement, not 100. Runs in the caller's transaction.
 */
export async function writeNotificationTx(tx: Db, n: NewNotification): Promise<WrittenNotifications> {
  const deliveredAt = n.deliverAt.getTime() <= n.createdAt.getTime() ? n.createdAt : null;
  const dedupe = n.dedupeKey ?? null;
  const rows = await queryRows<WrittenRow>(tx, sql`
    WITH audience AS (
      SELECT a.player_id, ${relevanceOf(sql`${n.topic ?? null}::text`, sql`${n.relevance.interested}::float8`, sql`${n.relevance.otherwise}::float8`)} AS relevance
      FROM (SELECT DISTINCT player_id FROM (${audienceSql(n.audience)}) AS q(player_id)) AS a
      LEFT JOIN notification_settings s ON s.player_id = a.player_id
    ), fresh AS (
      SELECT player_id, relevance FROM audience
      WHERE relevance > 0
        AND (${dedupe}::text IS NULL OR NOT EXISTS (SELECT 1 FROM notification_recipients r
          WHERE r.player_id = audience.player_id AND r.dedupe_key = ${dedupe}::text))
    ), n AS (
      INSERT INTO notifications (kind, tier, title, body, link, created_at, deliver_at)
      SELECT ${n.kind}, ${n.tier}, ${n.title}, ${n.body}, ${n.link ?? null}, ${n.createdAt}, ${n.deliverAt}
      WHERE EXISTS (SELECT 1 FROM fresh)
      RETURNING id
    ), written AS (
      INSERT INTO notification_recipients (notification_id, player_id, tier, relevance, deliver_at, delivered_at, dedupe_key)
      SELECT n.id, f.player_id, ${n.tier}, f.relevance, ${n.deliverAt}, ${deliveredAt}::timestamptz, ${dedupe}::text FROM n CROSS JOIN fresh f
      ON CONFLICT DO NOTHING
      RETURNING notification_id, player_id, tier, relevance, delivered_at
    ), ${deliveredWithOutbox(n.createdAt)}`);
  return writtenResult(rows);
}

/** One notification for one player with its own text (e.g. "your order filled"), written in a batch. */
export interface PersonalNotification extends Omit<NewNotification, 'audience'> {
  playerId: string;
}

/**
 * Writes many one-player notifications (each with its own text) in ONE statement: the rows go as
 * one JSON parameter, ids are drawn from the sequence in a materialised CTE so notification and
 * recipient rows pair up without a round trip. What the market's tick uses: one call per tick.
 */
export async function writePersonalNotificationsTx(tx: Db, items: readonly PersonalNotification[]): Promise<WrittenNotifications> {
  if (items.length === 0) return { recipients: 0, delivered: [], outbox: 0 };
  const input = JSON.stringify(items.map((i) => ({
    player_id: i.playerId, kind: i.kind, tier: i.tier, title: i.title, body: i.body, link: i.link ?? null,
    rel_i: i.relevance.interested, rel_o: i.relevance.otherwise, topic: i.topic ?? null, dedupe_key: i.dedupeKey ?? null,
    created_at: i.createdAt.toISOString(), deliver_at: i.deliverAt.toISOString(),
    delivered_at: i.deliverAt.getTime() <= i.createdAt.getTime() ? i.createdAt.toISOString() : null,
  })));
  const rows = await queryRows<WrittenRow>(tx, sql`
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${input}::jsonb) AS x(player_id uuid, kind text, tier text, title text, body text,
        link text, rel_i float8, rel_o float8, topic text, dedupe_key text, created_at timestamptz, deliver_at timestamptz,
        delivered_at timestamptz)
    ), fresh AS MATERIALIZED (
      SELECT nextval(pg_get_serial_sequence('notifications', 'id')) AS id, f.* FROM (
        SELECT x.*, ${relevanceOf(sql`x.topic`, sql`x.rel_i`, sql`x.rel_o`)} AS relevance
        FROM input x LEFT JOIN notification_settings s ON s.player_id = x.player_id
        WHERE x.dedupe_key IS NULL OR NOT EXISTS (SELECT 1 FROM notification_recipients r
          WHERE r.player_id = x.player_id AND r.dedupe_key = x.dedupe_key)
      ) f WHERE f.relevance > 0
    ), n AS (
      INSERT INTO notifications (id, kind, tier, title, body, link, created_at, deliver_at)
      SELECT id, kind, tier, title, body, link, created_at, deliver_at FROM fresh
    ), written AS (
      INSERT INTO notification_recipients (notification_id, player_id, tier, relevance, deliver_at, delivered_at, dedupe_key)
      SELECT id, player_id, tier, relevance, deliver_at, delivered_at, dedupe_key FROM fresh
      ON CONFLICT DO NOTHING
      RETURNING notification_id, player_id, tier, relevance, delivered_at
    ), ${deliveredWithOutbox(items[0].createdAt)}`);
  return writtenResult(rows);
}

// Serialises delivery runs across processes (two job slots may overlap): "DVNOTIFY" in ASCII.
const DELIVERY_LOCK_KEY = 0x44564e4f54494659n;

export interface DeliverDueInput {
  now: Date;
  /** When a digest created now goes out (the rules' next digest time). */
  digestAt: Date;
  /** Most recipient rows delivered by one run; the rest wait for the next. @default 50000 */
  limit?: number;
}

export interface DeliveryResult {
  /** Digests created by this run. */
  digestsCreated: number;
  /** Regular notifications merged into a digest by this run. */
  merged: number;
  /** Recipient rows delivered (to the inbox; tell them live after the commit). */
  delivered: NotificationRecipientRow[];
  outbox: number;
}

/**
 * One delivery run, in one transaction (the caller's job claims its slot; an advisory lock keeps
 * overlapping runs of two processes apart):
 * 1. a player with more than 5 pending regular notifications gets a digest (if none is pending);
 * 2. every pending regular notification of a player with a pending digest is merged into it;
 * 3. digests that are due get their text (the rules' `digestText`, most relevant first);
 * 4. every due recipient row is delivered (a digest with its items) and its outbox rows written.
 * Restart-safe: nothing is delivered twice (a row is delivered once, by the update that sets
 * `delivered_at`), and a run that died before its commit left everything pending for the next.
 */
export async function deliverDueNotifications(db: Db, input: DeliverDueInput): Promise<DeliveryResult> {
  const { now, digestAt } = input;
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${DELIVERY_LOCK_KEY.toString()}::bigint)`);
    const [created] = await queryRows<{ n: unknown }>(tx, sql`
      WITH pending AS (
        SELECT player_id, max(relevance) AS relevance FROM notification_recipients
        WHERE delivered_at IS NULL AND digest_id IS NULL AND tier = 'regular'
        GROUP BY player_id HAVING count(*) > ${DIGEST_MERGE_THRESHOLD}
      ), need AS MATERIALIZED (
        SELECT nextval(pg_get_serial_sequence('notifications', 'id')) AS id, p.player_id, p.relevance FROM pending p
        WHERE NOT EXISTS (SELECT 1 FROM notification_recipients d
          WHERE d.player_id = p.player_id AND d.tier = 'digest' AND d.delivered_at IS NULL)
      ), n AS (
        INSERT INTO notifications (id, kind, tier, title, body, created_at, deliver_at)
        SELECT id, 'digest', 'digest', '', '', ${now}, ${digestAt} FROM need
      ), r AS (
        INSERT INTO notification_recipients (notification_id, player_id, tier, relevance, deliver_at)
        SELECT id, player_id, 'digest', relevance, ${digestAt} FROM need
      )
      SELECT count(*) AS n FROM need`);
    const merged = await queryRows<{ n: unknown }>(tx, sql`
      WITH m AS (
        UPDATE notification_recipients r SET digest_id = d.notification_id
        FROM notification_recipients d
        WHERE d.tier = 'digest' AND d.delivered_at IS NULL AND d.player_id = r.player_id
          AND r.tier = 'regular' AND r.delivered_at IS NULL AND r.digest_id IS NULL
        RETURNING 1
      ) SELECT count(*) AS n FROM m`);
    await writeDigestTexts(tx, now);
    const delivered = await queryRows<{ notification_id: unknown; player_id: string; outbox: unknown }>(tx, sql`
      WITH due AS (
        UPDATE notification_recipients r SET delivered_at = ${now}
        WHERE (r.player_id, r.notification_id) IN (
          SELECT player_id, notification_id FROM notification_recipients
          WHERE delivered_at IS NULL AND digest_id IS NULL AND deliver_at <= ${now}
          ORDER BY deliver_at LIMIT ${input.limit ?? 50_000})
        RETURNING r.notification_id, r.player_id, r.tier, r.relevance
      ), items AS (
        UPDATE notification_recipients r SET delivered_at = ${now}
        FROM due WHERE due.tier = 'digest' AND r.digest_id = due.notification_id AND r.player_id = due.player_id
        RETURNING 1
      ), outbox AS (${outboxCte('due', now)})
      -- (data-modifying CTEs run to completion whether or not the query reads them: \`items\` too)
      SELECT notification_id, player_id::text AS player_id, (SELECT count(*) FROM outbox) AS outbox
      FROM due`);
    return {
      digestsCreated: toNumber(created?.n),
      merged: toNumber(merged[0]?.n),
      delivered: delivered.map((r) => ({ notificationId: toNumber(r.notification_id), playerId: r.player_id })),
      outbox: toNumber(delivered[0]?.outbox),
    };
  });
}

/** Sets the title and body of the digests due at `now` from their items (one read, one write). */
async function writeDigestTexts(tx: Db, now: Date): Promise<void> {
  const items = await queryRows<{ digest_id: unknown; title: string; relevance: unknown; created_at: Date | string }>(tx, sql`
    SELECT d.notification_id AS digest_id, n.title, r.relevance, n.created_at
    FROM notification_recipients d
    JOIN notification_recipients r ON r.digest_id = d.notification_id AND r.player_id = d.player_id
    JOIN notifications n ON n.id = r.notification_id
    WHERE d.tier = 'digest' AND d.delivered_at IS NULL AND d.digest_id IS NULL AND d.deliver_at <= ${now}`);
  if (items.length === 0) return;
  const byDigest = new Map<number, { title: string; relevance: number; createdAt: number }[]>();
  for (const i of items) {
    const id = toNumber(i.digest_id);
    const list = byDigest.get(id) ?? [];
    list.push({ title: i.title, relevance: Number(i.relevance), createdAt: new Date(i.created_at).getTime() });
    byDigest.set(id, list);
  }
  const texts = [...byDigest].map(([id, list]) => ({ id, ...digestText(list) }));
  await tx.execute(sql`
    UPDATE notifications n SET title = x.title, body = x.body
    FROM jsonb_to_recordset(${JSON.stringify(texts)}::jsonb) AS x(id bigint, title text, body text)
    WHERE n.id = x.id`);
}

/** The notifications with these ids as clients see them (for live delivery after a commit). */
export async function notificationsByIds(db: Db, ids: readonly number[]): Promise<StoredNotification[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows<NotificationRow>(db, sql`
    SELECT id, kind, tier, title, body, link, created_at FROM notifications
    WHERE id IN (SELECT (jsonb_array_elements_text(${JSON.stringify([...new Set(ids)])}::jsonb))::bigint)`);
  return rows.map(storedNotification);
}

/** A notification's content (shared by all its recipients). */
export interface StoredNotification {
  id: number;
  kind: string;
  tier: NotificationTier;
  title: string;
  body: string;
  link: string | null;
  createdAt: Date;
}

export interface NotificationRow extends Record<string, unknown> {
  id: unknown;
  kind: string;
  tier: string;
  title: string;
  body: string;
  link: string | null;
  created_at: Date | string;
}

export function storedNotification(r: NotificationRow): StoredNotification {
  return {
    id: toNumber(r.id), kind: r.kind, tier: r.tier as NotificationTier, title: r.title, body: r.body, link: r.link,
    createdAt: new Date(r.created_at),
  };
}
