import {
  withTransaction, writeNotificationTx, writePersonalNotificationsTx,
  type NewNotification, type NotificationAudience, type NotificationRecipientRow, type PersonalNotification,
} from '@datavism/db';
import {
  defaultTier, deliverAt, notificationRelevance,
  type NotificationKind, type NotificationTier, type NotificationTopic,
} from '@datavism/rules';
import type { Services } from '../context';
import { publishDelivered } from './live';
import { kickOutbox } from './outbox';

export type { NotificationAudience };

/**
 * Something players should hear about (GAME §8.2). Who hears it is the `audience`; how relevant it
 * is to each of them follows from `affects` (and, per player, whether they follow `affects.topic`),
 * `timeCritical` and `limitedSpots`; when they hear it follows from the tier.
 * @example
 * await notify(s, {
 *   kind: 'territory_besieged', audience: { kind: 'squad', squadId },
 *   affects: { squad: true, topic: 'territory' }, timeCritical: true,
 *   title: 'Sector 7 is under siege', body: 'Strike Team Nova declared a siege; battle in 30 s.',
 *   link: '/war/t-12', dedupeKey: `siege:${siegeId}`,
 * });
 */
export interface NotificationEvent {
  kind: NotificationKind;
  /** @default the kind's tier (GAME §8.2) */
  tier?: NotificationTier;
  audience: NotificationAudience;
  /** What the event touches for the audience: the players themselves, their squad, an interest topic. */
  affects: { player?: boolean; squad?: boolean; topic?: NotificationTopic };
  /** × 2 relevance. */
  timeCritical?: boolean;
  /** Spots are limited and the audience is the players who qualify (× 1.5 relevance). */
  limitedSpots?: boolean;
  title: string;
  body: string;
  /** A client route (e.g. `/war/t-12`), made absolute with NOTIFY_LINK_BASE outside the game. */
  link?: string;
  /** A player who already got a notification with this key does not get this one. */
  dedupeKey?: string;
}

/** What a notify call wrote. */
export interface NotifyResult {
  /** Inbox rows written. */
  recipients: number;
  /** Of them, delivered at once (urgent) and told live. */
  delivered: number;
  /** Outbox rows written (push, email). */
  outbox: number;
}

/**
 * What other features call to notify players (achievements, counter-sieges, GM alerts, …): the
 * one notify path. `notify` never throws: a failure to notify is logged and must not undo or fail
 * the game action that caused it.
 */
export interface Notifier {
  notify(events: NotificationEvent | readonly NotificationEvent[], now?: Date): Promise<NotifyResult>;
}

/** The notifier of this server process. */
export function notifier(s: Services): Notifier {
  return { notify: (events, now) => tryNotify(s, events, now) };
}

const EMPTY: NotifyResult = { recipients: 0, delivered: 0, outbox: 0 };
const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** Relevance for a follower of the event's topic and for anyone else (GAME §8.2 formula). */
function relevanceOf(e: NotificationEvent): { interested: number; otherwise: number } {
  const input = {
    affectsPlayer: e.affects.player, affectsSquad: e.affects.squad, timeCritical: e.timeCritical,
    limitedSpots: e.limitedSpots, qualifies: e.limitedSpots,
  };
  return {
    interested: notificationRelevance({ ...input, matchesInterests: e.affects.topic !== undefined }),
    otherwise: notificationRelevance({ ...input, matchesInterests: false }),
  };
}

/** An event with its tier, delivery time and relevance decided by the rules. */
function decide(s: Services, e: NotificationEvent, now: Date): NewNotification {
  const tier = e.tier ?? defaultTier(e.kind);
  return {
    kind: e.kind, tier, title: clip(e.title, 200), body: clip(e.body, 2000), link: e.link, audience: e.audience,
    relevance: relevanceOf(e), topic: e.affects.topic, dedupeKey: e.dedupeKey, createdAt: now,
    deliverAt: new Date(deliverAt(tier, now.getTime(), s.config.durations)),
  };
}

/**
 * Notifies players: writes the notifications (one set-based statement per event; events for one
 * player each are batched into one statement) and, for urgent ones, their outbox rows, all in one
 * transaction; then tells online recipients of urgent ones live and wakes the outbox worker. The
 * other tiers are delivered by the `notifications-deliver` job when their time comes.
 */
export async function notify(s: Services, events: NotificationEvent | readonly NotificationEvent[], now = new Date()): Promise<NotifyResult> {
  const list = Array.isArray(events) ? (events as readonly NotificationEvent[]) : [events as NotificationEvent];
  if (list.length === 0) return EMPTY;
  const personal: PersonalNotification[] = [];
  const shared: NewNotification[] = [];
  for (const e of list) {
    const n = decide(s, e, now);
    if (n.audience.kind === 'players' && n.audience.playerIds.length === 1) {
      const { audience: _audience, ...rest } = n;
      personal.push({ ...rest, playerId: n.audience.playerIds[0] });
    } else if (n.audience.kind !== 'players' || n.audience.playerIds.length > 0) {
      shared.push(n);
    }
  }
  const written = await withTransaction(s.database.db, async (tx) => {
    const parts = [await writePersonalNotificationsTx(tx, personal)];
    for (const n of shared) parts.push(await writeNotificationTx(tx, n));
    return parts;
  });
  const delivered: NotificationRecipientRow[] = written.flatMap((w) => w.delivered);
  const outbox = written.reduce((sum, w) => sum + w.outbox, 0);
  if (outbox > 0) kickOutbox(s);
  await publishDelivered(s, delivered);
  return { recipients: written.reduce((sum, w) => sum + w.recipients, 0), delivered: delivered.length, outbox };
}

/** {@link notify} for game flows: a failure is logged and counted, never thrown. */
export async function tryNotify(s: Services, events: NotificationEvent | readonly NotificationEvent[], now = new Date()): Promise<NotifyResult> {
  try {
    return await notify(s, events, now);
  } catch (err) {
    s.metrics.errors.inc({ where: 'notifications' });
    s.logger.error({ err }, 'notify failed');
    return EMPTY;
  }
}
