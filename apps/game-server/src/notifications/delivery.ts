import { deliverDueNotifications } from '@datavism/db';
import { nextDigestAt } from '@datavism/rules';
import type { Services } from '../context';
import { publishDelivered } from './live';
import { kickOutbox } from './outbox';

/** The periodic job that delivers important, regular and digest notifications when they are due. */
export const NOTIFICATIONS_DELIVER_JOB = 'notifications-deliver';

/**
 * How often the delivery job runs: every 30 game seconds (a 5-minute delay is kept within 10 %),
 * at least every 30 s and at most once a second in real time.
 */
export function deliveryIntervalMs(s: Pick<Services, 'config'>): number {
  return Math.round(Math.min(30_000, Math.max(1000, s.config.durations.hourMs / 120)));
}

/**
 * One delivery run: digests merged, due notifications delivered with their outbox rows (one
 * transaction, see `deliverDueNotifications`), then online recipients told live and the outbox
 * worker woken. Each run holds its job slot's claim, so across processes one slot runs once; a
 * run killed before its commit leaves its rows pending and the next slot delivers them.
 */
export async function runDelivery(s: Services, now = new Date()): Promise<number> {
  const result = await deliverDueNotifications(s.database.db, {
    now, digestAt: new Date(nextDigestAt(now.getTime(), s.config.durations.dayMs)),
  });
  if (result.outbox > 0) kickOutbox(s);
  await publishDelivered(s, result.delivered);
  if (result.delivered.length > 0 || result.digestsCreated > 0) {
    s.logger.info({ delivered: result.delivered.length, digests: result.digestsCreated, merged: result.merged, outbox: result.outbox }, 'notifications delivered');
  }
  return result.delivered.length;
}

export function registerNotificationJobs(s: Services): void {
  s.jobs.register(NOTIFICATIONS_DELIVER_JOB, async () => ({ rows: await runDelivery(s) }));
  s.jobs.every(NOTIFICATIONS_DELIVER_JOB, deliveryIntervalMs(s));
}
