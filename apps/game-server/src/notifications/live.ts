import { notificationsByIds, type NotificationRecipientRow, type StoredNotification } from '@datavism/db';
import type { NotificationDto } from '@datavism/shared-schema';
import type { Services } from '../context';
import { publishSocial } from '../social/publish';

/** Player ids per presence message: a broadcast to every player goes in pieces of this size. */
const PLAYERS_PER_EVENT = 1000;

/** A notification as clients receive it (live and in the inbox). */
export function notificationDto(n: StoredNotification): NotificationDto {
  return {
    id: String(n.id), kind: n.kind, tier: n.tier, title: n.title, body: n.body, createdAt: n.createdAt.toISOString(),
    ...(n.link ? { link: n.link } : {}),
  };
}

/**
 * Tells online clients about notifications just delivered (after the commit): one social event per
 * notification and up to 1000 recipients, on the presence channel every social room listens to;
 * each room sends `notification` to its clients among `playerIds`. Best effort, never throws: a
 * player who is offline, a failed publish, or a process that dies before this leaves the
 * notification in the inbox only.
 */
export async function publishDelivered(s: Services, delivered: readonly NotificationRecipientRow[]): Promise<number> {
  if (delivered.length === 0) return 0;
  try {
    return await publishEach(s, delivered);
  } catch (err) {
    s.metrics.errors.inc({ where: 'notifications-live' });
    s.logger.error({ err }, 'live notification publish failed');
    return 0;
  }
}

async function publishEach(s: Services, delivered: readonly NotificationRecipientRow[]): Promise<number> {
  const recipients = new Map<number, string[]>();
  for (const d of delivered) {
    const list = recipients.get(d.notificationId) ?? [];
    list.push(d.playerId);
    recipients.set(d.notificationId, list);
  }
  let events = 0;
  for (const n of await notificationsByIds(s.database.db, [...recipients.keys()])) {
    const playerIds = recipients.get(n.id) ?? [];
    const notification = notificationDto(n);
    for (let i = 0; i < playerIds.length; i += PLAYERS_PER_EVENT) {
      await publishSocial(s, { kind: 'notification', playerIds: playerIds.slice(i, i + PLAYERS_PER_EVENT), notification });
      events++;
    }
  }
  return events;
}
