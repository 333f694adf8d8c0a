import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One POST the webhook receiver got. */
export interface WebhookRequest {
  key: string;
  attempt: number;
  player: string;
  body: any;
  at: number;
}

/** What the receiver answers a request with: an HTTP status, or 'hold' (no answer until released). */
export type WebhookAnswer = number | 'hold';

/**
 * A webhook receiver (Discord/Slack-style endpoint) for tests. It records every request and
 * dedups by the Idempotency-Key header the way a careful receiver does: a request it accepts (2xx,
 * or held: it does the work on receipt and the answer may never reach the sender) is processed
 * once per key — `processed` holds each key's first such request, `duplicates` counts the later
 * requests for a key already processed (answered 2xx without doing the work again).
 */
export async function webhookReceiver(answer: (r: WebhookRequest, nth: number) => WebhookAnswer = () => 204) {
  const requests: WebhookRequest[] = [];
  const processed = new Map<string, WebhookRequest>();
  const held: { res: ServerResponse; r: WebhookRequest }[] = [];
  let duplicates = 0;
  let decide = answer;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const r: WebhookRequest = {
        key: String(req.headers['idempotency-key'] ?? ''), attempt: Number(req.headers['x-datavism-attempt'] ?? 0),
        player: String(req.headers['x-datavism-player'] ?? ''), body: JSON.parse(raw || '{}'), at: Date.now(),
      };
      requests.push(r);
      if (processed.has(r.key)) {
        duplicates++;
        res.statusCode = 200; // already done: acknowledge, do nothing
        res.end();
        return;
      }
      const a = decide(r, requests.length);
      if (a === 'hold' || (a >= 200 && a < 300)) processed.set(r.key, r);
      if (a === 'hold') {
        held.push({ res, r });
        return;
      }
      res.statusCode = a;
      res.end();
    });
  });
  // Keep-alive sockets would keep the server from closing.
  server.keepAliveTimeout = 100;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    processed,
    held,
    get duplicates() { return duplicates; },
    /** Change how later requests are answered. */
    answer(next: (r: WebhookRequest, nth: number) => WebhookAnswer) { decide = next; },
    /** Answer every held request (a dead client's socket makes this a no-op for it). */
    release(status = 204) {
      for (const h of held.splice(0)) {
        h.res.statusCode = status;
        h.res.end();
      }
    },
    close: () => new Promise<void>((resolve) => {
      for (const h of held.splice(0)) h.res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** One email the SMTP receiver accepted, with its headers (lower-case names). */
export interface ReceivedMail {
  from: string;
  to: string[];
  headers: Record<string, string>;
  text: string;
}

/** An SMTP receiver (smtp-server) for tests: no TLS, no auth, keeps every message. */
export async function smtpReceiver() {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (d: Buffer) => (raw += d.toString('utf8')));
      stream.on('end', () => {
        const [head, ...rest] = raw.split(/\r?\n\r?\n/);
        const headers: Record<string, string> = {};
        for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
          const i = line.indexOf(':');
          if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
        }
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          headers,
          text: rest.join('\n\n'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}?tls=off`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
