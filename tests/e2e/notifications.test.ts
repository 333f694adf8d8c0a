import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Room } from '@colyseus/sdk';
import { OUTBOX_STATUSES, createPlayer, outboxEntries, type OutboxEntry } from '@datavism/db';
import { notify, signToken } from '@datavism/game-server';
import { startGame, type RunningGame } from '../utils/game';
import { api } from '../utils/http';
import { playerName, sleep, waitFor } from '../utils/env';
import { smtpReceiver, webhookReceiver } from '../utils/receivers';

// Notifications end to end on Postgres, in process: the webhook and SMTP senders against receivers
// started here, retries and dead letters, the delayed tiers, the inbox over HTTP, and live delivery
// on the social presence channel. TIME_SCALE 600: an important notification's 5 game minutes are
// 0.5 s, and the delivery job runs every second.
let run: RunningGame;
let hook: Awaited<ReturnType<typeof webhookReceiver>>;
let smtp: Awaited<ReturnType<typeof smtpReceiver>>;
const live: any[] = [];

interface P { id: string; name: string; token: string }
const s = () => run.game.services;

async function player(): Promise<P> {
  const name = playerName('nt');
  const p = await createPlayer(s().database.db, { name, passwordHash: 'unused' });
  return { id: p.id, name, token: signToken(s().config.jwtSecret, { sub: p.id, name }) };
}

/** The outbox rows of one notification, oldest first. */
async function outboxOf(notificationId: string): Promise<OutboxEntry[]> {
  const all: OutboxEntry[] = [];
  for (const status of OUTBOX_STATUSES) all.push(...await outboxEntries(s().database.db, { status, limit: 1000 }));
  return all.filter((e) => e.notificationId === Number(notificationId)).sort((x, y) => x.id - y.id);
}

const siege = (playerIds: string[], title = 'Sector 7 is under siege') => ({
  kind: 'territory_besieged' as const, audience: { kind: 'players' as const, playerIds },
  affects: { squad: true, topic: 'territory' as const }, timeCritical: true,
  title, body: 'Strike Team Nova declared a siege; the battle starts in 30 s.', link: '/war/t-1',
});

beforeAll(async () => {
  hook = await webhookReceiver();
  smtp = await smtpReceiver();
  run = await startGame({
    db: 'postgres',
    env: {
      TIME_SCALE: '600', NOTIFY_WEBHOOK_URL: hook.url, SMTP_URL: smtp.url, NOTIFY_FROM: 'DATAVISM <notify@datavism.test>',
      NOTIFY_LINK_BASE: 'https://play.datavism.test', NOTIFY_POLL_MS: '100', NOTIFY_RETRY_BASE_MS: '200', NOTIFY_MAX_ATTEMPTS: '3',
      ADMIN_NAME: 'notify_admin', ADMIN_PASSWORD: 'admin-password-1',
    },
  });
  // What every social room hears (the social room itself is another feature's).
  await s().presence.subscribe(`${s().config.redisPrefix}:social`, (e: any) => live.push(e));
});
afterAll(async () => {
  await run?.close();
  await hook?.close();
  await smtp?.close();
});

describe('notifications end to end', () => {
  it('urgent: in the inbox at once, told live on the social channel, POSTed once to the webhook as Discord JSON with its idempotency key', async () => {
    const [a, b] = [await player(), await player()];
    const result = await notify(s(), { ...siege([a.id, b.id]), dedupeKey: 'siege:e2e-1' });
    // Push for both (GAME §8.2 default for urgent); no email without an address.
    expect(result).toEqual({ recipients: 2, delivered: 2, outbox: 2 });

    const event = await waitFor(() => live.find((e) => e.kind === 'notification' && e.playerIds.includes(a.id)), 5000, 'live event');
    expect(event.playerIds.sort()).toEqual([a.id, b.id].sort());
    expect(event.notification).toMatchObject({ kind: 'territory_besieged', tier: 'urgent', title: 'Sector 7 is under siege', link: '/war/t-1' });

    const inbox = await api(run.url, 'GET', '/api/notifications', undefined, a.token);
    expect(inbox.status).toBe(200);
    expect(inbox.body.unread).toBe(1);
    expect(inbox.body.notifications).toEqual([expect.objectContaining({
      id: event.notification.id, kind: 'territory_besieged', tier: 'urgent', read: false, readAt: null, relevance: 1, items: 0,
    })]);

    await waitFor(() => [a, b].every((p) => [...hook.processed.values()].some((r) => r.player === p.id)), 10_000, 'webhook deliveries');
    const rows = await waitFor(async () => {
      const r = await outboxOf(event.notification.id);
      return r.length === 2 && r.every((x) => x.status === 'sent') ? r : null;
    }, 5000, 'outbox sent');
    expect(rows.map((r) => [r.channel, r.sender, r.attempts])).toEqual([['push', 'webhook', 1], ['push', 'webhook', 1]]);
    const request = hook.processed.get(rows[0].idempotencyKey)!;
    expect(request.attempt).toBe(1);
    expect(request.body.content).toMatch(/: Sector 7 is under siege$/);
    expect(request.body.embeds[0]).toMatchObject({
      title: 'Sector 7 is under siege', description: 'Strike Team Nova declared a siege; the battle starts in 30 s.',
      url: 'https://play.datavism.test/war/t-1', footer: { text: 'urgent · territory_besieged' },
    });
    // The dedupe key: the same siege notifies nobody twice.
    expect(await notify(s(), { ...siege([a.id, b.id]), dedupeKey: 'siege:e2e-1' })).toEqual({ recipients: 0, delivered: 0, outbox: 0 });
    expect(hook.duplicates).toBe(0);
  });

  it('live through the social room: an online SDK client gets its urgent notification at once and an important one after its delay; another player\'s client gets neither', async () => {
    const [me, other] = [await player(), await player()];
    const seat = async (p: P) => {
      const client = new Client(run.url);
      client.auth.token = p.token;
      const room: Room<any, any> = await client.joinOrCreate('social');
      const got: any[] = [];
      room.onMessage('notification', (n) => got.push(n));
      for (const type of ['me', 'channels', 'chat', 'unread', 'error', 'emergency']) room.onMessage(type, () => {});
      return { room, got };
    };
    const [mine, theirs] = [await seat(me), await seat(other)];
    try {
      await notify(s(), siege([me.id], 'Live siege'));
      const urgent = await waitFor(() => mine.got.find((n) => n.title === 'Live siege'), 5000, 'urgent notification on the client');
      expect(urgent).toMatchObject({ kind: 'territory_besieged', tier: 'urgent', link: '/war/t-1' });
      expect(typeof urgent.id).toBe('string');
      expect(Date.parse(urgent.createdAt)).toBeGreaterThan(0);

      const sent = Date.now();
      await notify(s(), { ...siege([me.id], 'Live decision'), kind: 'squad_decision_opened' });
      const important = await waitFor(() => mine.got.find((n) => n.title === 'Live decision'), 10_000, 'important notification on the client');
      expect(important.tier).toBe('important');
      expect(Date.now() - sent).toBeGreaterThanOrEqual(500); // 5 game minutes at TIME_SCALE 600
      expect(theirs.got).toEqual([]);
    } finally {
      await mine.room.leave();
      await theirs.room.leave();
    }
  });

  it('webhook failures: a 503 is retried with the same key; a 400 is dead at once, listed for admins, re-queued', async () => {
    const [flaky, refused] = [await player(), await player()];
    hook.answer((r) => {
      if (r.player === flaky.id) return r.attempt === 1 ? 503 : 204;
      if (r.player === refused.id) return 400;
      return 204;
    });
    const { delivered } = await notify(s(), siege([flaky.id, refused.id], 'Retry me'));
    expect(delivered).toBe(2);
    await waitFor(() => [...hook.processed.values()].some((r) => r.player === flaky.id), 10_000, 'flaky delivered on retry');
    const flakyRequests = hook.requests.filter((r) => r.player === flaky.id);
    expect(flakyRequests.map((r) => r.attempt)).toEqual([1, 2]);
    expect(new Set(flakyRequests.map((r) => r.key)).size).toBe(1);
    expect(flakyRequests[1].at - flakyRequests[0].at).toBeGreaterThanOrEqual(180); // NOTIFY_RETRY_BASE_MS 200

    const admin = await api(run.url, 'POST', '/api/auth/login', { name: 'notify_admin', password: 'admin-password-1' });
    const dead = await waitFor(async () => {
      const res = await api(run.url, 'GET', '/api/admin/notifications/outbox?status=dead', undefined, admin.body.token);
      return res.body.entries?.find((e: any) => e.playerId === refused.id);
    }, 10_000, 'dead letter');
    expect(dead).toMatchObject({ status: 'dead', attempts: 1, channel: 'push', sender: 'webhook', lastError: 'webhook answered HTTP 400' });
    expect((await api(run.url, 'GET', '/api/admin/notifications/outbox', undefined, flaky.token)).status).toBe(403);

    hook.answer(() => 204);
    const retried = await api(run.url, 'POST', `/api/admin/notifications/outbox/${dead.id}/retry`, undefined, admin.body.token);
    expect(retried.body).toEqual({ id: dead.id, status: 'pending' });
    await waitFor(() => hook.processed.has(dead.idempotencyKey), 10_000, 're-queued delivery');
    expect((await api(run.url, 'POST', `/api/admin/notifications/outbox/${dead.id}/retry`, undefined, admin.body.token)).status).toBe(404);
  });

  it('email: per-player tiers; an important notification waits its 5 game minutes, then is emailed once with the key as Message-ID', async () => {
    const c = await player();
    expect((await api(run.url, 'PUT', '/api/notifications/settings', { email: 'not an address' }, c.token)).status).toBe(400);
    expect((await api(run.url, 'PUT', '/api/notifications/settings', { emailTiers: ['loud'] }, c.token)).status).toBe(400);
    expect((await api(run.url, 'GET', '/api/notifications/settings', undefined, c.token)).body)
      .toEqual({ email: null, emailTiers: ['important', 'digest'], pushTiers: ['urgent'], interests: null });
    const saved = await api(run.url, 'PUT', '/api/notifications/settings', { email: `${c.name}@players.test`, pushTiers: [] }, c.token);
    expect(saved.body).toEqual({ email: `${c.name}@players.test`, emailTiers: ['important', 'digest'], pushTiers: [], interests: null });

    const sent = Date.now();
    const result = await notify(s(), {
      kind: 'order_filled', audience: { kind: 'players', playerIds: [c.id] }, affects: { player: true, topic: 'market' },
      title: 'Your order filled', body: 'Sold 40 cpu_cycles at 12.', link: '/market/cpu_cycles',
    });
    expect(result).toEqual({ recipients: 1, delivered: 0, outbox: 0 });
    expect((await api(run.url, 'GET', '/api/notifications/unread', undefined, c.token)).body).toEqual({ unread: 0 });

    const mail = await waitFor(() => smtp.mails.find((m) => m.to.includes(`${c.name}@players.test`)), 10_000, 'email');
    expect(Date.now() - sent).toBeGreaterThanOrEqual(500);
    expect(mail.headers.subject).toBe('[DATAVISM] Your order filled');
    expect(mail.from).toBe('notify@datavism.test');
    const inbox = await api(run.url, 'GET', '/api/notifications', undefined, c.token);
    expect(inbox.body.notifications).toHaveLength(1);
    const [row] = await outboxOf(inbox.body.notifications[0].id);
    expect(row).toMatchObject({ channel: 'email', status: 'sent', sender: 'smtp', attempts: 1 });
    expect(mail.headers['message-id']).toBe(`<${row.idempotencyKey.replace(/:/g, '.')}@datavism.test>`);
    expect(mail.headers['x-datavism-delivery']).toBe(row.idempotencyKey);
    expect(mail.text).toContain('https://play.datavism.test/market/cpu_cycles');

    // Urgent goes by email only once the player adds the tier; push is off for them.
    const before = smtp.mails.length;
    const urgent = await notify(s(), siege([c.id], 'Urgent by email?'));
    expect(urgent.outbox).toBe(0);
    await api(run.url, 'PUT', '/api/notifications/settings', { emailTiers: ['urgent', 'important'] }, c.token);
    expect((await notify(s(), siege([c.id], 'Urgent by email'))).outbox).toBe(1);
    await waitFor(() => smtp.mails.find((m) => m.headers.subject === '[DATAVISM] Urgent by email'), 10_000, 'urgent email');
    await sleep(300);
    expect(smtp.mails.length).toBe(before + 1);
  });

  it('inbox over HTTP: newest first with a cursor, mark one read (not another player\'s), mark all read', async () => {
    const [d, other] = [await player(), await player()];
    for (let i = 0; i < 5; i++) await notify(s(), { ...siege([d.id], `n${i}`), tier: 'urgent' });
    const page1 = await api(run.url, 'GET', '/api/notifications?limit=2', undefined, d.token);
    expect(page1.body.notifications.map((n: any) => n.title)).toEqual(['n4', 'n3']);
    expect(page1.body.unread).toBe(5);
    const page2 = await api(run.url, 'GET', `/api/notifications?limit=2&before=${page1.body.nextBefore}`, undefined, d.token);
    const page3 = await api(run.url, 'GET', `/api/notifications?limit=2&before=${page2.body.nextBefore}`, undefined, d.token);
    expect(page2.body.notifications.map((n: any) => n.title)).toEqual(['n2', 'n1']);
    expect(page3.body.notifications.map((n: any) => n.title)).toEqual(['n0']);
    expect(page3.body.nextBefore).toBeNull();
    expect((await api(run.url, 'GET', '/api/notifications?before=abc', undefined, d.token)).status).toBe(400);

    const id = page2.body.notifications[0].id;
    expect((await api(run.url, 'POST', `/api/notifications/${id}/read`, undefined, other.token)).status).toBe(404);
    expect((await api(run.url, 'POST', `/api/notifications/${id}/read`, undefined, d.token)).body).toEqual({ id, read: true, unread: 4 });
    const unread = await api(run.url, 'GET', '/api/notifications?unread=1&limit=10', undefined, d.token);
    expect(unread.body.notifications.map((n: any) => n.title)).toEqual(['n4', 'n3', 'n1', 'n0']);
    expect((await api(run.url, 'POST', '/api/notifications/read-all', undefined, d.token)).body).toEqual({ marked: 4, unread: 0 });
    expect((await api(run.url, 'GET', '/api/notifications', undefined)).status).toBe(401);
  });
});
