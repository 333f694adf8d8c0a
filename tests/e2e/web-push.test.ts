import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@datavism/db';
import { startGame, type RunningGame } from '../utils/game';
import { api } from '../utils/http';
import { waitFor } from '../utils/env';
import { webhookReceiver } from '../utils/receivers';
import { decryptAes128gcm, makeSubscription, pushService, verifyVapid, type PushRequest } from '../utils/webPush';
import { besiegeHeld, makeSquad, q, type TestSquad } from './territory-fixtures';

// Web Push end to end (docs/notifications.md "Web Push"), in process on Postgres: a push service
// started here (the server may POST to it: WEB_PUSH_ENDPOINT_HOSTS), subscriptions made like a
// browser makes them (a P-256 key pair and an auth secret) and registered over HTTP, an urgent
// notification caused by the game (a siege declared through the war room on the squad's
// territory), and what reaches the push service checked from the receiving side: the VAPID JWT
// verified with GET /api/push/key's key, the aes128gcm payload decrypted with the subscription's
// private key. TIME_SCALE 60 (a siege's muster is 0.5 s); retries after 200 ms.
let run: RunningGame;
let db: Db;
let secret: string;
let service: Awaited<ReturnType<typeof pushService>>;
let vapidKey: string;
const used = new Set<string>();
const SUBJECT = 'mailto:ops@datavism.test';

interface OutboxRow { status: string; sender: string | null; attempts: number; last_error: string | null }
async function pushRowsOf(playerId: string): Promise<OutboxRow[]> {
  return q<OutboxRow>(db, `SELECT status, sender, attempts, last_error FROM notification_outbox
    WHERE player_id = $1 AND channel = 'push' ORDER BY id`, [playerId]);
}

/** A siege on a territory the squad holds, declared by a fresh attacking squad through the war room. */
async function besiege(holders: TestSquad): Promise<void> {
  await besiegeHeld(run.url, db, secret, holders, used);
}

beforeAll(async () => {
  service = await pushService();
  run = await startGame({
    db: 'postgres',
    env: {
      TIME_SCALE: '60', NOTIFY_POLL_MS: '100', NOTIFY_RETRY_BASE_MS: '200', NOTIFY_MAX_ATTEMPTS: '4',
      WEB_PUSH_ENDPOINT_HOSTS: service.host, VAPID_SUBJECT: SUBJECT, WEB_PUSH_MAX_SUBSCRIPTIONS: '3',
    },
  });
  db = run.game.services.database.db;
  secret = run.game.services.config.jwtSecret;
  await run.game.services.parameters.set({ name: 'travel_seconds_per_hex', value: 0, changedBy: 'test', reason: 'no travel' });
});
afterAll(async () => {
  await run?.close();
  await service?.close();
});

describe('web push', () => {
  it('GET /api/push/key: the VAPID public key, generated into DATA_DIR, without a token', async () => {
    const res = await api(run.url, 'GET', '/api/push/key');
    expect(res.status).toBe(200);
    vapidKey = res.body.publicKey;
    expect(vapidKey).toMatch(/^B[A-Za-z0-9_-]{86}$/);
    expect(vapidKey).toBe(run.game.services.config.notifications.webPush.publicKey);
  });

  it('subscriptions: bad bodies are typed 400s that store nothing; a player keeps 3 at most (oldest replaced) and deletes only their own', async () => {
    const squad = await makeSquad(db, secret, { type: 'infiltration', size: 2 });
    const [me, other] = squad.members as [TestSquad['members'][0], TestSquad['members'][0]];
    const good = makeSubscription(service.url).json;
    const bad: [string, unknown, RegExp][] = [
      ['no keys', { endpoint: good.endpoint }, /^keys/],
      ['not a URL', { ...good, endpoint: 'not a url' }, /^endpoint/],
      ['not http(s)', { ...good, endpoint: 'ftp://127.0.0.1/x' }, /^endpoint/],
      ['a host the server does not send to', { ...good, endpoint: 'http://10.0.0.1:6379/x' }, /^endpoint: not a push service/],
      ['p256dh not base64url', { ...good, keys: { ...good.keys, p256dh: '<script>' } }, /^keys\.p256dh/],
      ['p256dh not on the curve', { ...good, keys: { ...good.keys, p256dh: `B${'A'.repeat(86)}` } }, /^keys\.p256dh: not a P-256/],
      ['auth too short', { ...good, keys: { ...good.keys, auth: 'abc' } }, /^keys\.auth/],
      ['unknown field', { ...good, extra: 1 }, /^body|extra|Unrecognized/i],
      ['not an object', [good], /./],
    ];
    for (const [what, body, message] of bad) {
      const res = await api(run.url, 'POST', '/api/push/subscriptions', body, me.token);
      expect(res.status, what).toBe(400);
      expect(res.body.code, what).toBe('BAD_REQUEST');
      expect(res.body.message, what).toMatch(message);
    }
    expect((await api(run.url, 'POST', '/api/push/subscriptions', good)).status).toBe(401);
    expect((await api(run.url, 'GET', '/api/push/subscriptions', undefined, me.token)).body).toEqual({ subscriptions: [], max: 3 });

    const subs = [0, 1, 2, 3].map(() => makeSubscription(service.url).json);
    for (const [i, sub] of subs.entries()) {
      const res = await api(run.url, 'POST', '/api/push/subscriptions', sub, me.token);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ endpoint: sub.endpoint, subscriptions: Math.min(i + 1, 3), replaced: i === 3 ? [subs[0]!.endpoint] : [] });
    }
    const listed = (await api(run.url, 'GET', '/api/push/subscriptions', undefined, me.token)).body.subscriptions;
    expect(listed.map((x: { endpoint: string }) => x.endpoint)).toEqual([subs[3]!.endpoint, subs[2]!.endpoint, subs[1]!.endpoint]);

    // Another player cannot remove mine; bad bodies; then I remove mine.
    const theirs = await api(run.url, 'DELETE', '/api/push/subscriptions', { endpoint: subs[3]!.endpoint }, other.token);
    expect(theirs).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect((await api(run.url, 'DELETE', '/api/push/subscriptions', { endpoint: 42 }, me.token)).status).toBe(400);
    expect((await api(run.url, 'DELETE', '/api/push/subscriptions', {}, me.token)).status).toBe(400);
    expect((await api(run.url, 'GET', '/api/push/subscriptions', undefined, me.token)).body.subscriptions).toHaveLength(3);
    for (const sub of subs.slice(1)) {
      expect(await api(run.url, 'DELETE', '/api/push/subscriptions', { endpoint: sub.endpoint }, me.token))
        .toMatchObject({ status: 200, body: { endpoint: sub.endpoint, deleted: true } });
    }
    expect((await api(run.url, 'GET', '/api/push/subscriptions', undefined, me.token)).body.subscriptions).toEqual([]);
  });

  it('an urgent notification from the game reaches each subscribed browser: VAPID-signed, encrypted for it; a player without one goes to the log sender', async () => {
    const holders = await makeSquad(db, secret, { type: 'infiltration', size: 2 });
    const [subscribed, plain] = holders.members as [TestSquad['members'][0], TestSquad['members'][0]];
    const phone = makeSubscription(service.url);
    const laptop = makeSubscription(service.url);
    for (const sub of [phone, laptop]) {
      expect((await api(run.url, 'POST', '/api/push/subscriptions', sub.json, subscribed.token)).status).toBe(201);
    }

    await besiege(holders);

    const got = await waitFor(() => {
      const r = [phone, laptop].map((sub) => service.requests.find((x) => x.path === sub.path));
      return r.every(Boolean) ? (r as PushRequest[]) : null;
    }, 10_000, 'a push to each subscription');
    const inbox = await api(run.url, 'GET', '/api/notifications', undefined, subscribed.token);
    const notification = inbox.body.notifications[0];
    expect(notification).toMatchObject({ kind: 'territory_besieged', tier: 'urgent' });

    for (const [i, sub] of [phone, laptop].entries()) {
      const req = got[i]!;
      expect(req.headers['content-encoding']).toBe('aes128gcm');
      expect(req.headers.ttl).toBe('3600');
      expect(req.headers.urgency).toBe('high');
      expect(req.headers.topic).toMatch(/^[A-Za-z0-9_-]{32}$/);
      const claims = verifyVapid(String(req.headers.authorization), vapidKey);
      expect(claims.aud).toBe(service.url); // the endpoint's origin
      expect(claims.sub).toBe(SUBJECT);
      expect(claims.exp * 1000).toBeGreaterThan(Date.now());
      expect(claims.exp * 1000).toBeLessThanOrEqual(Date.now() + 24 * 3_600_000);
      const payload = JSON.parse(decryptAes128gcm(req.body, sub));
      expect(payload).toEqual({
        title: notification.title, body: notification.body, url: notification.link, kind: 'territory_besieged', tier: 'urgent',
        tag: expect.stringMatching(/^n\d+:/),
      });
      expect(payload.title).toMatch(/siege/i);
    }
    // The other subscription's keys cannot read this one's message.
    expect(() => decryptAes128gcm(got[0]!.body, laptop)).toThrow();

    const rows = await waitFor(async () => {
      const r = [...await pushRowsOf(subscribed.id), ...await pushRowsOf(plain.id)];
      return r.length === 2 && r.every((x) => x.status === 'sent') ? r : null;
    }, 5000, 'outbox rows sent');
    expect(rows.map((r) => [r.sender, r.attempts])).toEqual([['webpush', 1], ['log', 1]]);
  });

  it('a push service that fails is retried (same topic); 410 Gone deletes the subscription; push muted in the settings sends nothing', async () => {
    const holders = await makeSquad(db, secret, { type: 'infiltration', size: 2 });
    const [member, muted] = holders.members as [TestSquad['members'][0], TestSquad['members'][0]];
    const sub = makeSubscription(service.url);
    const mutedSub = makeSubscription(service.url);
    expect((await api(run.url, 'POST', '/api/push/subscriptions', sub.json, member.token)).status).toBe(201);
    expect((await api(run.url, 'POST', '/api/push/subscriptions', mutedSub.json, muted.token)).status).toBe(201);
    // A player who turned push off for every tier (GAME §8.2) gets no push message.
    expect((await api(run.url, 'PUT', '/api/notifications/settings', { pushTiers: [] }, muted.token)).status).toBe(200);
    service.answer((r, nth) => (r.path === sub.path ? (nth === 1 ? 503 : 410) : 201));

    await besiege(holders);

    const requests = await waitFor(() => {
      const r = service.requests.filter((x) => x.path === sub.path);
      return r.length >= 2 ? r : null;
    }, 10_000, 'the retry');
    expect(requests.map((r) => r.status)).toEqual([503, 410]);
    expect(requests[1]!.headers.topic).toBe(requests[0]!.headers.topic);
    expect(JSON.parse(decryptAes128gcm(requests[1]!.body, sub)).tag).toBe(JSON.parse(decryptAes128gcm(requests[0]!.body, sub)).tag);

    const subs = await waitFor(async () => {
      const r = await api(run.url, 'GET', '/api/push/subscriptions', undefined, member.token);
      return r.body.subscriptions.length === 0 ? r.body.subscriptions : null;
    }, 5000, 'the gone subscription deleted');
    expect(subs).toEqual([]);
    // With no subscription left, the delivery went where it goes without one (the log sender).
    const [row] = await waitFor(async () => {
      const r = await pushRowsOf(member.id);
      return r[0]?.status === 'sent' ? r : null;
    }, 5000, 'outbox row sent');
    expect(row).toMatchObject({ status: 'sent', sender: 'log', attempts: 2 });

    // The muted player: in the inbox, no outbox row, nothing sent to their browser.
    const inbox = await api(run.url, 'GET', '/api/notifications', undefined, muted.token);
    expect(inbox.body.notifications[0]).toMatchObject({ kind: 'territory_besieged', tier: 'urgent' });
    expect(await pushRowsOf(muted.id)).toEqual([]);
    expect(service.requests.filter((x) => x.path === mutedSub.path)).toEqual([]);
    expect((await api(run.url, 'GET', '/api/push/subscriptions', undefined, muted.token)).body.subscriptions).toHaveLength(1);
  });
});

describe('web push with a push webhook configured as well', () => {
  let game: RunningGame;
  let hook: Awaited<ReturnType<typeof webhookReceiver>>;
  beforeAll(async () => {
    hook = await webhookReceiver();
    game = await startGame({
      db: 'postgres',
      env: { TIME_SCALE: '60', NOTIFY_POLL_MS: '100', NOTIFY_RETRY_BASE_MS: '200', NOTIFY_WEBHOOK_URL: hook.url, WEB_PUSH_ENDPOINT_HOSTS: service.host },
    });
    await game.game.services.parameters.set({ name: 'travel_seconds_per_hex', value: 0, changedBy: 'test', reason: 'no travel' });
  });
  afterAll(async () => {
    await game?.close();
    await hook?.close();
  });

  it('both get the delivery (sender webpush+webhook); a player without a subscription gets the webhook alone', async () => {
    const gdb = game.game.services.database.db;
    const gsecret = game.game.services.config.jwtSecret;
    const holders = await makeSquad(gdb, gsecret, { type: 'infiltration', size: 2 });
    const [subscribed, plain] = holders.members as [TestSquad['members'][0], TestSquad['members'][0]];
    const sub = makeSubscription(service.url);
    expect((await api(game.url, 'POST', '/api/push/subscriptions', sub.json, subscribed.token)).status).toBe(201);

    await besiegeHeld(game.url, gdb, gsecret, holders, new Set());

    const pushed = await waitFor(() => service.requests.find((r) => r.path === sub.path), 10_000, 'the push');
    expect(JSON.parse(decryptAes128gcm(pushed.body, sub))).toMatchObject({ kind: 'territory_besieged', tier: 'urgent' });
    await waitFor(() => [subscribed, plain].every((p) => [...hook.processed.values()].some((r) => r.player === p.id)), 10_000, 'webhook deliveries');
    const rows = await waitFor(async () => {
      const r = await q<OutboxRow & { player_id: string }>(gdb, `SELECT player_id::text AS player_id, status, sender, attempts FROM notification_outbox
        WHERE player_id = ANY($1::uuid[]) AND channel = 'push'`, [[subscribed.id, plain.id]]);
      return r.length === 2 && r.every((x) => x.status === 'sent') ? r : null;
    }, 5000, 'outbox rows sent');
    expect(Object.fromEntries(rows.map((r) => [r.player_id, r.sender]))).toEqual({ [subscribed.id]: 'webpush+webhook', [plain.id]: 'webhook' });
  });
});
