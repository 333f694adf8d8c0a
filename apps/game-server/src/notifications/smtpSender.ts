import nodemailer, { type Transporter } from 'nodemailer';
import type { Delivery, Sender } from './senders';
import { DeliveryError } from './senders';

/**
 * Sends email deliveries through SMTP (nodemailer). The idempotency key is the Message-ID
 * (`<key@domain>`, ':' spelled '.') and the `X-Datavism-Delivery` header: a retry of the same
 * delivery is the same message, which mail systems and the player can recognise. SMTP 5xx
 * answers are permanent, everything else (4xx, connection errors, timeouts) is retried.
 */
export class SmtpSender implements Sender {
  readonly name = 'smtp' as const;
  private readonly transport: Transporter;
  private readonly domain: string;

  constructor(smtpUrl: string, private readonly from: string, timeoutMs: number) {
    const url = new URL(smtpUrl);
    this.transport = nodemailer.createTransport({
      host: url.hostname,
      port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
      secure: url.protocol === 'smtps:',
      auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
      // Plain smtp:// to a local relay (or a test receiver) without TLS unless it offers it.
      ignoreTLS: url.searchParams.get('tls') === 'off',
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
    this.domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'datavism.invalid';
  }

  /** The Message-ID of a delivery: its idempotency key at the sender's domain. */
  messageId(key: string): string {
    return `<${key.replace(/[^A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]/g, '.')}@${this.domain}>`;
  }

  async send(d: Delivery): Promise<void> {
    if (!d.to) throw new DeliveryError('no email address', true);
    try {
      await this.transport.sendMail({
        from: this.from,
        to: d.to,
        subject: `[DATAVISM] ${d.title}`,
        text: `${d.body}${d.link ? `\n\n${d.link}` : ''}\n\n— ${d.tier} notification for ${d.playerName}`,
        messageId: this.messageId(d.key),
        headers: { 'X-Datavism-Delivery': d.key, 'X-Datavism-Attempt': String(d.attempt) },
      });
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      throw new DeliveryError(`smtp failed: ${(err as Error).message}`, code !== undefined && code >= 500, { cause: err });
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
