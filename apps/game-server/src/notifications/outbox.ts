import { claimOutbox, completeOutbox, failOutbox, type OutboxClaim } from '@datavism/db';
import type { NotificationConfig } from '../config';
import type { Services } from '../context';
import { Drainer } from '../ops/drainLoop';
import { absoluteLink, DeliveryError, type Sender, type Senders } from './senders';

/** Rows one claim takes; they are sent {@link SEND_CONCURRENCY} at a time. */
const CLAIM_BATCH = 32;
const SEND_CONCURRENCY = 8;

/**
 * Delay before attempt `attempt + 1` after attempt `attempt` failed: base × 2^(attempt − 1),
 * capped. With the defaults (2 s, 1 h): 2 s, 4 s, 8 s, … 64 s, then 128 s.
 */
export function retryDelayMs(attempt: number, c: Pick<NotificationConfig, 'retryBaseMs' | 'retryMaxMs'>): number {
  return Math.min(c.retryMaxMs, c.retryBaseMs * 2 ** Math.max(0, attempt - 1));
}

/**
 * Drains the notification outbox in this process: every `pollMs`, and at once when `kick()`ed
 * after a commit that wrote rows. Delivery is at-least-once: a row is claimed (FOR UPDATE SKIP
 * LOCKED, leased for twice the send timeout, so no two processes send it at once), sent, then
 * marked sent; a process killed between the receiver's answer and that mark leaves the row
 * `sending`, and once the lease runs out another claim sends it again with the same idempotency
 * key. Failures retry with exponential backoff; after `maxAttempts` the row is dead (visible to
 * admins, who can re-queue it).
 */
export class OutboxWorker extends Drainer {
  constructor(private readonly s: Services, private readonly senders: Senders) {
    super(s.config.notifications.pollMs);
  }

  /** Stops polling and waits for the sends in flight (each ends within the send timeout). */
  override async stop(): Promise<void> {
    await super.stop();
    await Promise.all([this.senders.push.close?.(), this.senders.email.close?.()]);
  }

  protected async drain(): Promise<void> {
    const c = this.s.config.notifications;
    try {
      for (;;) {
        if (this.loop.stopped) return;
        const claims = await claimOutbox(this.s.database.db, {
          now: new Date(), limit: CLAIM_BATCH, leaseMs: 2 * c.sendTimeoutMs, claimant: this.s.processId,
        });
        for (let i = 0; i < claims.length; i += SEND_CONCURRENCY) {
          await Promise.all(claims.slice(i, i + SEND_CONCURRENCY).map((claim) => this.deliver(claim)));
        }
        if (claims.length < CLAIM_BATCH) return;
      }
    } catch (err) {
      this.s.metrics.errors.inc({ where: 'notification-outbox' });
      this.s.logger.error({ err }, 'notification outbox drain failed');
    }
  }

  private async deliver(claim: OutboxClaim): Promise<void> {
    const c = this.s.config.notifications;
    const db = this.s.database.db;
    const sender: Sender = claim.channel === 'push' ? this.senders.push : this.senders.email;
    // A row whose every lease ran out (its sender kept dying) is not tried forever.
    if (claim.attempts > c.maxAttempts) {
      await failOutbox(db, claim, { sender: sender.name, error: `abandoned after ${claim.attempts - 1} attempts`, retryAt: null });
      this.count(claim, sender.name, 'dead');
      return;
    }
    let sentBy: string = sender.name;
    try {
      const by = await sender.send({
        key: claim.idempotencyKey, channel: claim.channel, to: claim.target, playerId: claim.playerId, playerName: claim.playerName,
        kind: claim.kind, tier: claim.tier, title: claim.title, body: claim.body, link: absoluteLink(claim.link, c.linkBase),
        createdAt: claim.createdAt, attempt: claim.attempts,
      });
      if (by) sentBy = by.sender;
    } catch (err) {
      const permanent = err instanceof DeliveryError && err.permanent;
      const failedBy = (err instanceof DeliveryError && err.sender) || sender.name;
      const last = permanent || claim.attempts >= c.maxAttempts;
      const retryAt = last ? null : new Date(Date.now() + retryDelayMs(claim.attempts, c));
      await failOutbox(db, claim, { sender: failedBy, error: String((err as Error).message ?? err), retryAt });
      this.count(claim, failedBy, last ? 'dead' : 'retry');
      this.s.logger.warn({ delivery: claim.idempotencyKey, attempt: claim.attempts, err: (err as Error).message, dead: last }, 'notification delivery failed');
      return;
    }
    const mine = await completeOutbox(db, claim, { sender: sentBy, now: new Date() });
    this.count(claim, sentBy, mine ? 'sent' : 'sent-lost-claim');
  }

  private count(claim: OutboxClaim, sender: string, outcome: 'sent' | 'sent-lost-claim' | 'retry' | 'dead'): void {
    this.s.metrics.notificationDeliveries.inc({ channel: claim.channel, sender, outcome });
  }
}

const workers = new WeakMap<Services, OutboxWorker>();

/** Starts this process's outbox worker (feature start, when jobs run here). */
export function startOutboxWorker(s: Services, senders: Senders): OutboxWorker {
  const worker = new OutboxWorker(s, senders);
  workers.set(s, worker);
  worker.start();
  return worker;
}

export async function stopOutboxWorker(s: Services): Promise<void> {
  await workers.get(s)?.stop();
  workers.delete(s);
}

/** Wakes this process's worker after a commit that wrote outbox rows (no-op where none runs). */
export function kickOutbox(s: Services): void {
  workers.get(s)?.kick();
}
