import type { Delivery, Sender } from './senders';
import { DeliveryError } from './senders';

/** Discord's limits: content 2000, embed title 256, embed description 4096 characters. */
const clip = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

/**
 * The body a Discord or Slack incoming webhook accepts: Discord `{content, embeds:[…]}`, Slack
 * `{text}` (mrkdwn). The player's name is in it: the webhook is the operator's push gateway or
 * channel, not the player's own address.
 */
export function webhookBody(d: Delivery, format: 'discord' | 'slack'): Record<string, unknown> {
  if (format === 'slack') {
    const link = d.link ? `\n<${d.link}|Open>` : '';
    return { text: clip(`*${d.title}* (for ${d.playerName}, ${d.tier})\n${d.body}${link}`, 3000) };
  }
  return {
    content: clip(`${d.playerName}: ${d.title}`, 2000),
    embeds: [{
      title: clip(d.title, 256),
      description: clip(d.body, 4096),
      ...(d.link && /^https?:\/\//.test(d.link) ? { url: d.link } : {}),
      timestamp: d.createdAt.toISOString(),
      footer: { text: clip(`${d.tier} · ${d.kind}`, 2048) },
    }],
  };
}

/**
 * POSTs each push delivery to the configured webhook. The idempotency key goes as the
 * `Idempotency-Key` header (and `X-Datavism-Delivery`): a retry after a lost answer carries the same
 * key, so a receiver that remembers keys drops the repeat. 2xx is delivered; 408, 429 and 5xx and
 * network errors are retried; any other 4xx is permanent.
 */
export class WebhookSender implements Sender {
  readonly name = 'webhook' as const;
  constructor(private readonly url: string, private readonly format: 'discord' | 'slack', private readonly timeoutMs: number) {}

  async send(d: Delivery): Promise<void> {
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': d.key,
          'x-datavism-delivery': d.key,
          'x-datavism-attempt': String(d.attempt),
          'x-datavism-player': d.playerId,
        },
        body: JSON.stringify(webhookBody(d, this.format)),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new DeliveryError(`webhook unreachable: ${(err as Error).message}`, false, { cause: err });
    }
    // Drain the body so the connection can be reused.
    await res.arrayBuffer().catch(() => undefined);
    if (res.ok) return;
    const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
    throw new DeliveryError(`webhook answered HTTP ${res.status}`, !retryable);
  }
}
