import { describe, expect, it } from 'vitest';
import { createPlayer, outboxEntries, withTransaction, writeNotificationTx } from '@datavism/db';
import { restartableGame } from '../utils/restartable';
import { waitFor } from '../utils/env';
import { webhookReceiver } from '../utils/receivers';

// The notification outbox across a SIGKILL mid-delivery (a real server process on Postgres).
//
// What "none twice" means here. The outbox delivers at least once: a row is claimed (leased),
// sent, then marked sent. It guarantees that (1) a row marked sent is never sent again, (2) no two
// processes send one row at the same time, and (3) every attempt of a row carries the same
// idempotency key. A process killed after the receiver got a request but before the row was marked
// sent cannot know whether it arrived, so the row is sent again after the lease runs out: exactly
// the requests in flight at the kill are repeated, with their key, and the receiver drops the
// repeat because it dedups by key. Each delivery takes effect exactly once at the receiver.
const ROWS = 30;
const HELD = 3;

const game = restartableGame('notify', {
  JWT_SECRET: 'n'.repeat(40), NOTIFY_POLL_MS: '100', NOTIFY_SEND_TIMEOUT_MS: '4000', NOTIFY_RETRY_BASE_MS: '200',
});

describe('notification outbox survives a SIGKILL mid-delivery', () => {
  it('every entry is delivered after the restart; only the requests in flight at the kill are repeated, with their key, and the receiver drops them', async () => {
    // The receiver answers the first 5 requests, then holds every answer: the kill lands while
    // requests are in flight.
    const hook = await webhookReceiver((_r, nth) => (nth <= 5 ? 204 : 'hold'));
    try {
      const g = await game();
      const db = g.database.db;
      const ids: string[] = [];
      for (let i = 0; i < ROWS; i++) ids.push((await createPlayer(db, { name: `nr_${i}_${Date.now() % 100000}`, passwordHash: 'x' })).id);
      // An urgent notification for 30 players: 30 push rows in the outbox, committed with it.
      const now = new Date();
      const written = await withTransaction(db, (tx) => writeNotificationTx(tx, {
        kind: 'territory_besieged', tier: 'urgent', title: 'Sector 9 is under siege', body: 'Defend it.', link: '/war/t-9',
        audience: { kind: 'players', playerIds: ids }, relevance: { interested: 0.6, otherwise: 0.6 }, createdAt: now, deliverAt: now,
      }));
      expect(written.outbox).toBe(ROWS);

      await g.start({ NOTIFY_WEBHOOK_URL: hook.url });
      await waitFor(() => hook.held.length >= HELD, 20_000, 'requests in flight');
      await g.server.kill('SIGKILL');
      const seenBeforeKill = new Set(hook.requests.map((r) => r.key));
      const sentAtKill = new Set((await outboxEntries(db, { status: 'sent', limit: 1000 })).map((e) => e.idempotencyKey));
      // In flight at the kill: the receiver got the request, the outbox had not recorded the answer
      // (the held ones, and any answered one whose "sent" did not commit before the kill).
      const inFlight = new Set([...seenBeforeKill].filter((k) => !sentAtKill.has(k)));
      for (const h of hook.held) expect(inFlight.has(h.r.key)).toBe(true);
      expect(inFlight.size).toBeGreaterThanOrEqual(HELD);
      expect(sentAtKill.size).toBeLessThanOrEqual(5);

      // The receiver answers again; the restarted process re-claims the rows once their lease ran out.
      hook.release();
      hook.answer(() => 204);
      await g.start({ NOTIFY_WEBHOOK_URL: hook.url });
      await waitFor(async () => (await outboxEntries(db, { status: 'sent', limit: 1000 })).length === ROWS, 60_000, 'all sent');
      const sent = await outboxEntries(db, { status: 'sent', limit: 1000 });
      const keys = new Set(sent.map((e) => e.idempotencyKey));
      expect(keys.size).toBe(ROWS);

      // Every entry reached the receiver and was processed once.
      expect(new Set(hook.processed.keys())).toEqual(keys);
      const times = new Map<string, number>();
      for (const r of hook.requests) times.set(r.key, (times.get(r.key) ?? 0) + 1);
      for (const key of keys) {
        if (inFlight.has(key)) expect(times.get(key)).toBe(2); // sent again after the restart, same key
        else expect(times.get(key)).toBe(1);
      }
      expect(hook.duplicates).toBe(inFlight.size);
      // Rows marked sent before the kill were not sent again; rows claimed but not yet sent at the
      // kill were sent once, by the restarted process (a second attempt in the outbox's count).
      for (const key of sentAtKill) expect(times.get(key)).toBe(1);
      for (const e of sent) {
        if (!seenBeforeKill.has(e.idempotencyKey)) expect(times.get(e.idempotencyKey)).toBe(1);
        if (inFlight.has(e.idempotencyKey)) expect(e.attempts).toBe(2);
      }
      expect(await outboxEntries(db, { status: 'dead', limit: 10 })).toEqual([]);
    } finally {
      await hook.close();
    }
  }, 180_000);
});
