import type { NotificationConfig } from '../config';
import type { Logger } from '../logger';
import { SmtpSender } from './smtpSender';
import { WebhookSender } from './webhookSender';

/** One delivery beyond the game, as a sender gets it. */
export interface Delivery {
  /** The outbox row's idempotency key: the same on every attempt of this delivery. */
  key: string;
  channel: 'push' | 'email';
  /** The email address (email); null for push. */
  to: string | null;
  playerId: string;
  playerName: string;
  kind: string;
  tier: string;
  title: string;
  body: string;
  /** Absolute when NOTIFY_LINK_BASE is set, else as the event gave it. */
  link: string | null;
  createdAt: Date;
  /** 1 on the first attempt. */
  attempt: number;
}

/** Which sender delivered, when a sender delegates (the Web Push sender to the webhook or log sender). */
export interface SentBy {
  sender: string;
}

/**
 * A pluggable sender: resolves when the receiver accepted the delivery, throws otherwise. The
 * outbox records `name`, or the `sender` the send resolved with (or its DeliveryError carries).
 */
export interface Sender {
  readonly name: 'log' | 'webhook' | 'smtp' | 'webpush';
  send(d: Delivery): Promise<void | SentBy>;
  close?(): Promise<void>;
}

/**
 * A failed send. `permanent` ones (the receiver refused this delivery for good: HTTP 4xx, SMTP 5xx)
 * are dead-lettered at once; the others are retried with backoff.
 */
export class DeliveryError extends Error {
  /** The sender that failed, when not the one the outbox called. */
  readonly sender?: string;
  constructor(message: string, readonly permanent: boolean, options?: { cause?: unknown; sender?: string }) {
    super(message, options);
    this.name = 'DeliveryError';
    this.sender = options?.sender;
  }
}

/** The default sender: writes the delivery to the log and counts it as delivered. */
export class LogSender implements Sender {
  readonly name = 'log' as const;
  constructor(private readonly logger: Logger) {}
  async send(d: Delivery): Promise<void> {
    this.logger.info({ delivery: d.key, channel: d.channel, player: d.playerId, kind: d.kind, tier: d.tier, title: d.title }, 'notification delivered (log sender)');
  }
}

/** The sender of each channel: push → webhook, email → SMTP, each the log sender when not configured. */
export interface Senders {
  push: Sender;
  email: Sender;
}

export function createSenders(config: NotificationConfig, logger: Logger): Senders {
  const log = new LogSender(logger);
  return {
    push: config.webhookUrl ? new WebhookSender(config.webhookUrl, config.webhookFormat, config.sendTimeoutMs) : log,
    email: config.smtpUrl ? new SmtpSender(config.smtpUrl, config.from, config.sendTimeoutMs) : log,
  };
}

/** A link made absolute with the configured base (relative links mean nothing in an email). */
export function absoluteLink(link: string | null, base: string | undefined): string | null {
  if (!link) return null;
  if (!base) return link;
  try {
    return new URL(link, base).toString();
  } catch {
    return link;
  }
}
