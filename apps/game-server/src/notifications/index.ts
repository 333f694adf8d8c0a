import { Router } from 'express';
import type { Feature } from '../features/types';
import { registerNotificationJobs } from './delivery';
import { flushOrderFills } from './orderFills';
import { startOutboxWorker, stopOutboxWorker } from './outbox';
import { registerProposalClosingJob } from './proposals';
import { pushRoutes } from './pushRoutes';
import { notificationRoutes } from './routes';
import { createSenders } from './senders';
import { WebPushSender } from './webPush';

export { notify, tryNotify, notifier, type Notifier, type NotificationEvent, type NotifyResult } from './notify';

/**
 * GAME §8.2 feature "notifications": the inbox HTTP API, the delivery job (important, regular,
 * digest), the job telling non-voters of proposals that close within 24 h, and the outbox worker
 * that sends push (Web Push to the players' browsers, and the webhook) and email (SMTP) deliveries;
 * live delivery goes through the social room.
 */
export const notificationsFeature: Feature = {
  name: 'notifications',
  routes: (s) => Router().use(notificationRoutes(s), pushRoutes(s)),
  registerJobs(s) {
    registerNotificationJobs(s);
    registerProposalClosingJob(s);
  },
  async start(s) {
    // Like the periodic jobs, the outbox is drained by the processes that run jobs.
    if (!s.config.jobsEnabled) return;
    const c = s.config.notifications;
    const senders = createSenders(c, s.logger);
    // Push: Web Push to the player's subscribed browsers, with the webhook (or the log sender) behind it.
    startOutboxWorker(s, { ...senders, push: new WebPushSender(() => s.database.db, c.webPush, c.sendTimeoutMs, s.logger, senders.push) });
  },
  async stop(s) {
    await flushOrderFills(s);
    await stopOutboxWorker(s);
  },
};
