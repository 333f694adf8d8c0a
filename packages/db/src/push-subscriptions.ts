/**
 * Web Push subscriptions (docs/notifications.md "Web Push"): a player's browsers that receive the
 * urgent notifications as push messages. Saved and removed through the HTTP API (a player manages
 * only their own), read by the push sender, and deleted by it when the push service says the
 * subscription is gone (404/410).
 */
import { sql } from 'drizzle-orm';
import type { Db } from './client';
import { withTransaction } from './ledger';
import { execute, isUuid, queryRows, toNumber } from './sql';

export interface PushSubscriptionRow {
  id: number;
  playerId: string;
  endpoint: string;
  /** The browser's P-256 public key, base64url (65 bytes uncompressed). */
  p256dh: string;
  /** The 16-byte auth secret, base64url. */
  auth: string;
  createdAt: Date;
}

export interface SavePushSubscriptionInput {
  playerId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  now: Date;
  /** Subscriptions a player keeps at most; beyond it the oldest are deleted. */
  max: number;
}

export interface SavePushSubscriptionResult {
  subscription: PushSubscriptionRow;
  /** Endpoints of this player's older subscriptions deleted to stay within `max`. */
  replaced: string[];
}

const toRow = (r: Record<string, unknown>): PushSubscriptionRow => ({
  id: toNumber(r.id),
  playerId: String(r.player_id),
  endpoint: String(r.endpoint),
  p256dh: String(r.p256dh),
  auth: String(r.auth),
  createdAt: new Date(r.created_at as string | Date),
});

/**
 * Saves a subscription for a player. An endpoint is one browser's: saving a known endpoint again
 * (new keys after a re-subscribe, or another player logged in on that browser) replaces its row,
 * which becomes the player's newest. Then the player's subscriptions beyond `max` are deleted,
 * oldest first. Serialized per player (an advisory lock), so concurrent saves never leave more
 * than `max`.
 */
export async function savePushSubscription(db: Db, input: SavePushSubscriptionInput): Promise<SavePushSubscriptionResult> {
  if (input.max < 1) throw new RangeError('max must be at least 1');
  return withTransaction(db, async (tx) => {
    const t = tx as unknown as Db;
    await t.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`push-subscriptions:${input.playerId}`}))`);
    const [row] = await queryRows<Record<string, unknown>>(t, sql`
      INSERT INTO push_subscriptions (player_id, endpoint, p256dh, auth, created_at)
      VALUES (${input.playerId}::uuid, ${input.endpoint}, ${input.p256dh}, ${input.auth}, ${input.now})
      ON CONFLICT (endpoint) DO UPDATE SET player_id = excluded.player_id, p256dh = excluded.p256dh, auth = excluded.auth,
        created_at = excluded.created_at
      RETURNING id, player_id::text AS player_id, endpoint, p256dh, auth, created_at`);
    const replaced = await queryRows<{ endpoint: string }>(t, sql`
      DELETE FROM push_subscriptions WHERE player_id = ${input.playerId}::uuid AND id NOT IN (
        SELECT id FROM push_subscriptions WHERE player_id = ${input.playerId}::uuid
        ORDER BY created_at DESC, id DESC LIMIT ${input.max})
      RETURNING endpoint`);
    return { subscription: toRow(row), replaced: replaced.map((r) => r.endpoint) };
  });
}

/** Deletes a player's subscription by its endpoint; false when the player has none there (another player's is untouched). */
export async function deletePushSubscription(db: Db, input: { playerId: string; endpoint: string }): Promise<boolean> {
  if (!isUuid(input.playerId)) return false;
  return (await execute(db, sql`
    DELETE FROM push_subscriptions WHERE player_id = ${input.playerId}::uuid AND endpoint = ${input.endpoint}`)) > 0;
}

/**
 * Deletes a subscription the push service said is gone (404/410). Matched by id and endpoint, so a
 * row that was replaced meanwhile (same endpoint re-subscribed: new id) is kept.
 */
export async function deleteGonePushSubscription(db: Db, sub: Pick<PushSubscriptionRow, 'id' | 'endpoint'>): Promise<boolean> {
  return (await execute(db, sql`DELETE FROM push_subscriptions WHERE id = ${sub.id} AND endpoint = ${sub.endpoint}`)) > 0;
}

/** A player's subscriptions, newest first. */
export async function pushSubscriptionsOf(db: Db, playerId: string): Promise<PushSubscriptionRow[]> {
  if (!isUuid(playerId)) return [];
  const rows = await queryRows<Record<string, unknown>>(db, sql`
    SELECT id, player_id::text AS player_id, endpoint, p256dh, auth, created_at FROM push_subscriptions
    WHERE player_id = ${playerId}::uuid ORDER BY created_at DESC, id DESC`);
  return rows.map(toRow);
}
