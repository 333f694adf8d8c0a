import { createHash } from 'node:crypto';
import webpush from 'web-push';
import { deleteGonePushSubscription, pushSubscriptionsOf, type Db, type PushSubscriptionRow } from '@datavism/db';
import type { WebPushConfig } from '../config';
import type { Logger } from '../logger';
import { DeliveryError, type Delivery, type SentBy, type Sender } from './senders';

/** How long a push service keeps an undelivered message (a device that is off): an urgent event is stale after an hour. */
export const WEB_PUSH_TTL_SECONDS = 3600;
/** Plaintext budget of one push message (RFC 8291 leaves 3993 bytes in one 4096-byte record; keep a margin). */
const PAYLOAD_MAX_BYTES = 3000;

/** What the service worker receives (decrypted) in a `push` event. */
export interface WebPushPayload {
  title: string;
  body: string;
  /** Where a click leads: the notification's link (relative links resolve against the client's origin). */
  url: string;
  kind: string;
  tier: string;
  /** The delivery's idempotency key: the notification's tag, so a repeated push replaces, never duplicates. */
  tag: string;
}

const clip = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

/** The push message's JSON, its body clipped so the whole fits one push message. */
export function webPushPayload(d: Delivery): string {
  const payload: WebPushPayload = { title: clip(d.title, 200), body: clip(d.body, 1000), url: d.link ?? '/', kind: d.kind, tier: d.tier, tag: d.key };
  let json = JSON.stringify(payload);
  while (Buffer.byteLength(json) > PAYLOAD_MAX_BYTES && payload.body.length > 1) {
    payload.body = clip(payload.body, Math.floor(payload.body.length / 2));
    json = JSON.stringify(payload);
  }
  if (Buffer.byteLength(json) > PAYLOAD_MAX_BYTES) json = JSON.stringify({ ...payload, url: '/', title: clip(payload.title, 60) });
  return json;
}

/**
 * Whether the server may POST to this endpoint: its host (or host:port) is one of `hosts` or a
 * subdomain of one; `*` allows any. Push endpoints come from clients, so without this a player
 * could make the server POST to an internal address.
 */
export function endpointAllowed(endpoint: string, hosts: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  if (hosts.includes('*')) return true;
  const host = url.hostname.toLowerCase();
  const hostPort = url.port ? `${host}:${url.port}` : host;
  return hosts.some((h) => (h.includes(':') ? hostPort === h : host === h || host.endsWith(`.${h}`)));
}

/** One subscription's result: delivered, gone (404/410: deleted), worth retrying, or refused for good. */
export type SubscriptionOutcome = { outcome: 'sent' | 'gone' } | { outcome: 'retry' | 'failed'; error: string };

/**
 * Sends one encrypted push message (RFC 8291 aes128gcm, VAPID RFC 8292) to one subscription.
 * `web-push` builds the request (payload encryption, VAPID JWT with aud = the endpoint's origin,
 * TTL, Urgency, Topic); fetch sends it, aborted at `timeoutMs`, never following a redirect.
 * Never throws.
 */
export async function sendWebPush(
  sub: Pick<PushSubscriptionRow, 'endpoint' | 'p256dh' | 'auth'>, payload: string,
  o: { vapid: WebPushConfig; timeoutMs: number; urgency: 'high' | 'normal'; topic: string },
): Promise<SubscriptionOutcome> {
  let details: ReturnType<typeof webpush.generateRequestDetails>;
  try {
    details = webpush.generateRequestDetails({ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } }, payload, {
      vapidDetails: { subject: o.vapid.subject, publicKey: o.vapid.publicKey, privateKey: o.vapid.privateKey },
      TTL: WEB_PUSH_TTL_SECONDS, urgency: o.urgency, topic: o.topic, contentEncoding: 'aes128gcm',
    });
  } catch (err) {
    return { outcome: 'failed', error: `cannot encrypt for this subscription: ${(err as Error).message}` };
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(details.headers)) if (k.toLowerCase() !== 'content-length') headers[k] = String(v);
  let res: Response;
  try {
    res = await fetch(details.endpoint, {
      method: 'POST', headers, body: details.body ? new Uint8Array(details.body) : undefined, redirect: 'manual', signal: AbortSignal.timeout(o.timeoutMs),
    });
  } catch (err) {
    return { outcome: 'retry', error: `push service unreachable: ${(err as Error).message}` };
  }
  await res.arrayBuffer().catch(() => undefined);
  if (res.status >= 200 && res.status < 300) return { outcome: 'sent' };
  if (res.status === 404 || res.status === 410) return { outcome: 'gone' };
  const error = `push service answered HTTP ${res.status}`;
  return res.status === 408 || res.status === 429 || res.status >= 500 ? { outcome: 'retry', error } : { outcome: 'failed', error };
}

/** A 32-character base64url Topic (the push service keeps only the newest pending message of a topic). */
const topicOf = (key: string) => createHash('sha256').update(key).digest('base64url').slice(0, 32);

/**
 * The push channel's sender: Web Push to every subscription of the player (in parallel; at most
 * WEB_PUSH_MAX_SUBSCRIPTIONS, each send bounded by the send timeout), and the configured push
 * webhook as well (`fallback`). A player without subscriptions gets the fallback alone (the
 * webhook, or the log sender), recorded under its name.
 *
 * Outcome: a subscription the push service says is gone (404/410) is deleted; any subscription
 * that failed in a way worth retrying (network, timeout, 408, 429, 5xx) fails the delivery with a
 * retryable error, so the outbox retries it with backoff — the retry reaches every subscription
 * again, which the service worker absorbs (the notification's tag is the delivery key: a repeat
 * replaces the notification on screen instead of adding one). Other refusals (400, 403, 413…)
 * are logged; if every subscription refused, the delivery is a permanent failure (dead letter).
 */
export class WebPushSender implements Sender {
  readonly name = 'webpush' as const;

  constructor(
    private readonly db: () => Db,
    private readonly config: WebPushConfig,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
    private readonly fallback: Sender,
  ) {}

  async send(d: Delivery): Promise<SentBy> {
    const subs = (await pushSubscriptionsOf(this.db(), d.playerId)).filter((sub) => {
      const ok = endpointAllowed(sub.endpoint, this.config.endpointHosts);
      if (!ok) this.logger.warn({ delivery: d.key, endpoint: sub.endpoint }, 'web push: endpoint host no longer allowed, skipped');
      return ok;
    });
    if (subs.length === 0) return this.sendFallback(d);

    const payload = webPushPayload(d);
    const options = { vapid: this.config, timeoutMs: this.timeoutMs, urgency: d.tier === 'urgent' ? 'high' as const : 'normal' as const, topic: topicOf(d.key) };
    const withWebhook = this.fallback.name !== 'log';
    const [outcomes, webhook] = await Promise.all([
      Promise.all(subs.map((sub) => sendWebPush(sub, payload, options))),
      withWebhook ? this.sendFallback(d).then(() => null, (err: unknown) => err) : Promise.resolve(null),
    ]);

    let gone = 0;
    const retry: string[] = [];
    const failed: string[] = [];
    await Promise.all(outcomes.map(async (o, i) => {
      if (o.outcome === 'gone') {
        gone++;
        await deleteGonePushSubscription(this.db(), subs[i]).catch((err: unknown) => {
          this.logger.warn({ err, endpoint: subs[i].endpoint }, 'web push: deleting a gone subscription failed');
        });
        this.logger.info({ delivery: d.key, player: d.playerId, endpoint: subs[i].endpoint }, 'web push: subscription gone, deleted');
      } else if (o.outcome === 'retry') retry.push(o.error);
      else if (o.outcome === 'failed') {
        failed.push(o.error);
        this.logger.warn({ delivery: d.key, player: d.playerId, endpoint: subs[i].endpoint, err: o.error }, 'web push: refused');
      }
    }));
    const name = withWebhook ? 'webpush+webhook' : 'webpush';
    // Every subscription was gone: the player has none left; the delivery goes where it would without them.
    if (gone === subs.length) {
      if (!withWebhook) return this.sendFallback(d);
      if (webhook) throw webhook;
      return { sender: this.fallback.name };
    }
    if (webhook) {
      const e = webhook as Error;
      throw new DeliveryError(e.message, e instanceof DeliveryError && e.permanent && retry.length === 0, { cause: e, sender: name });
    }
    if (retry.length > 0) throw new DeliveryError(`web push: ${retry.length} of ${subs.length} subscriptions failed: ${retry[0]}`, false, { sender: name });
    if (failed.length === subs.length - gone) throw new DeliveryError(`web push refused: ${failed[0]}`, true, { sender: name });
    return { sender: name };
  }

  async close(): Promise<void> {
    await this.fallback.close?.();
  }

  /** The fallback's send; its errors carry its name (the outbox records which sender failed). */
  private async sendFallback(d: Delivery): Promise<SentBy> {
    try {
      await this.fallback.send(d);
    } catch (err) {
      if (err instanceof DeliveryError) throw new DeliveryError(err.message, err.permanent, { cause: err.cause, sender: err.sender ?? this.fallback.name });
      throw new DeliveryError(String((err as Error)?.message ?? err), false, { cause: err, sender: this.fallback.name });
    }
    return { sender: this.fallback.name };
  }
}
