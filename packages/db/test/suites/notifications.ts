import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import {
  claimOutbox, completeOutbox, createOperation, createSquad, joinOperation, operationQualifiers, proposalNonVoters, proposalsClosingBy, deliverDueNotifications, digestItems, failOutbox, markAllNotificationsRead,
  markNotificationRead, notificationInbox, notificationSettings, outboxEntries, requeueOutbox, saveNotificationSettings,
  unreadNotificationCount, withTransaction, writeNotificationTx, writePersonalNotificationsTx,
  type Db, type NewNotification, type Player,
} from '../../src/index';
import { countRows, newPlayer, rowsOf, type Ctx } from '../harness';

const NOW = new Date('2026-11-21T12:00:00Z');
const MIN = 60_000;
const later = (ms: number) => new Date(NOW.getTime() + ms);

/** An event for `audience`, delivered at once unless `deliverAt` says otherwise. */
function event(audience: NewNotification['audience'], extra: Partial<NewNotification> = {}): NewNotification {
  return {
    kind: 'territory_besieged', tier: 'urgent', title: 'Under siege', body: 'Sector 7 is besieged', link: '/war/t1',
    audience, relevance: { interested: 0.6, otherwise: 0.6 }, createdAt: NOW, deliverAt: NOW, ...extra,
  };
}

async function players(db: Db, n: number): Promise<Player[]> {
  const out: Player[] = [];
  for (let i = 0; i < n; i++) out.push(await newPlayer(db));
  return out;
}

/** A squad of `size` members (rows written directly: the membership rules are not under test). */
async function bigSquad(db: Db, size: number): Promise<{ squadId: string; members: string[] }> {
  const leader = await newPlayer(db);
  const squad = await createSquad(db, { leaderId: leader.id, name: `N-${leader.id.slice(0, 8)}`, type: 'liberation' });
  const rows = await rowsOf<{ id: string }>(db, sql`
    WITH p AS (
      INSERT INTO players (name, name_key, password_hash)
      SELECT 'n' || md5(random()::text), 'n' || md5(random()::text), 'x' FROM generate_series(1, ${size - 1})
      RETURNING id
    ), m AS (INSERT INTO squad_members (squad_id, player_id, role) SELECT ${squad.id}::uuid, id, 'member' FROM p)
    SELECT id::text AS id FROM p`);
  return { squadId: squad.id, members: [leader.id, ...rows.map((r) => r.id)] };
}

/** Notifications, inbox, digest and outbox, run by db.test.ts against each database. */
export function notificationsSuite(ctx: Ctx): void {
  describe('notifications', () => {
    it('fan-out: a 100-member squad gets one notification in ONE statement (one command id for every row it wrote)', async () => {
      const { db } = ctx;
      const { squadId, members } = await bigSquad(db, 100);
      const written = await withTransaction(db, (tx) => writeNotificationTx(tx, event({ kind: 'squad', squadId })));
      expect(written.recipients).toBe(100);
      expect(written.delivered).toHaveLength(100);
      // Urgent goes to push by default (GAME §8.2); nobody has an email address yet.
      expect(written.outbox).toBe(100);
      const id = written.delivered[0].notificationId;
      expect(new Set(written.delivered.map((d) => d.notificationId))).toEqual(new Set([id]));
      expect(new Set(written.delivered.map((d) => d.playerId))).toEqual(new Set(members));
      // Rows written by one statement share its transaction id and command id (cmin); a second
      // statement in the same transaction would have another command id.
      const stamps = await rowsOf<{ stamp: string }>(db, sql`
        SELECT DISTINCT xmin::text || '/' || cmin::text AS stamp FROM (
          SELECT xmin, cmin FROM notifications WHERE id = ${id}
          UNION ALL SELECT xmin, cmin FROM notification_recipients WHERE notification_id = ${id}
          UNION ALL SELECT xmin, cmin FROM notification_outbox WHERE notification_id = ${id}) s`);
      expect(stamps).toHaveLength(1);
      expect(await countRows(db, sql`SELECT count(*) AS n FROM notification_recipients WHERE notification_id = ${id}`)).toBe(100);
    });

    it('fan-out: except the actor, a dedupe key writes nothing twice, relevance 0 is not notified', async () => {
      const { db } = ctx;
      const { squadId, members } = await bigSquad(db, 5);
      const first = await writeNotificationTx(db, event({ kind: 'squad', squadId, exceptPlayerIds: [members[0]] }, { dedupeKey: 'siege:1' }));
      expect(first.recipients).toBe(4);
      const again = await writeNotificationTx(db, event({ kind: 'squad', squadId }, { dedupeKey: 'siege:1' }));
      expect(again.recipients).toBe(1); // only the actor, who had no row with that key
      expect(again.delivered[0].playerId).toBe(members[0]);
      const none = await writeNotificationTx(db, event({ kind: 'squad', squadId }, { dedupeKey: 'siege:1' }));
      expect(none).toEqual({ recipients: 0, delivered: [], outbox: 0 });
      // A topic only some follow: the others' relevance is 0 and they get nothing.
      await saveNotificationSettings(db, members[1], { interests: ['governance'] }, NOW);
      const topical = await writeNotificationTx(db, event({ kind: 'players', playerIds: members.slice(1, 3) }, {
        kind: 'intel_verified', tier: 'urgent', topic: 'intel', relevance: { interested: 0.2, otherwise: 0 },
      }));
      expect(topical.delivered.map((d) => d.playerId)).toEqual([members[2]]);
      // 0.2 stays in the game: no push row although urgent goes to push.
      expect(topical.outbox).toBe(0);
      const [row] = await rowsOf<{ relevance: number }>(db, sql`SELECT relevance FROM notification_recipients
        WHERE notification_id = ${topical.delivered[0].notificationId}`);
      expect(Number(row.relevance)).toBe(0.2);
    });

    it('inbox: newest first, paged by cursor, unread count, mark one and all read; pending ones are not listed', async () => {
      const { db } = ctx;
      const [p, other] = await players(db, 2);
      for (let i = 0; i < 25; i++) {
        await writeNotificationTx(db, event({ kind: 'players', playerIds: [p.id] }, { title: `n${i}`, createdAt: later(i), deliverAt: later(i) }));
      }
      // An important one is pending for 5 minutes: not in the inbox yet.
      await writeNotificationTx(db, event({ kind: 'players', playerIds: [p.id, other.id] }, { tier: 'important', kind: 'order_filled', title: 'later', deliverAt: later(5 * MIN) }));
      const page1 = await notificationInbox(db, p.id, { limit: 10 });
      expect(page1.map((e) => e.title)).toEqual(Array.from({ length: 10 }, (_, i) => `n${24 - i}`));
      const page2 = await notificationInbox(db, p.id, { limit: 10, before: page1[9].id });
      const page3 = await notificationInbox(db, p.id, { limit: 10, before: page2[9].id });
      expect(page2.map((e) => e.title)).toEqual(Array.from({ length: 10 }, (_, i) => `n${14 - i}`));
      expect(page3.map((e) => e.title)).toEqual(['n4', 'n3', 'n2', 'n1', 'n0']);
      expect(page1[0]).toMatchObject({ kind: 'territory_besieged', tier: 'urgent', body: 'Sector 7 is besieged', link: '/war/t1', readAt: null, relevance: 0.6 });
      expect(await unreadNotificationCount(db, p.id)).toBe(25);

      expect(await markNotificationRead(db, p.id, page1[3].id, later(MIN))).toBe(true);
      expect(await markNotificationRead(db, p.id, page1[3].id, later(2 * MIN))).toBe(true); // again: no change
      expect(await markNotificationRead(db, other.id, page1[3].id, later(MIN))).toBe(false); // not theirs
      expect(await unreadNotificationCount(db, p.id)).toBe(24);
      const read = (await notificationInbox(db, p.id, { limit: 4 }))[3];
      expect(read.readAt).toEqual(later(MIN));
      expect((await notificationInbox(db, p.id, { limit: 50, unreadOnly: true })).map((e) => e.title)).not.toContain('n21');

      expect(await markAllNotificationsRead(db, p.id, later(3 * MIN))).toBe(24);
      expect(await unreadNotificationCount(db, p.id)).toBe(0);
      expect(await unreadNotificationCount(db, other.id)).toBe(0);

      // Once due, the important one is delivered (to both) and unread.
      const run = await deliverDueNotifications(db, { now: later(5 * MIN), digestAt: later(24 * 60 * MIN) });
      expect(run.delivered.filter((d) => d.playerId === p.id || d.playerId === other.id)).toHaveLength(2);
      expect(await unreadNotificationCount(db, p.id)).toBe(1);
      expect((await notificationInbox(db, other.id))[0].title).toBe('later');
    });

    it('delivery: important waits for its time, then goes to email (with an address) exactly once', async () => {
      const { db } = ctx;
      const [a, b] = await players(db, 2);
      await saveNotificationSettings(db, a.id, { email: 'a@example.test' }, NOW);
      expect(await notificationSettings(db, a.id)).toEqual({ email: 'a@example.test', emailTiers: ['important', 'digest'], pushTiers: ['urgent'], interests: null });
      const w = await writeNotificationTx(db, event({ kind: 'players', playerIds: [a.id, b.id] }, {
        kind: 'squad_decision_opened', tier: 'important', deliverAt: later(5 * MIN),
      }));
      expect(w).toMatchObject({ recipients: 2, delivered: [], outbox: 0 });
      const early = await deliverDueNotifications(db, { now: later(5 * MIN - 1), digestAt: later(24 * 60 * MIN) });
      expect(early.delivered.filter((d) => d.notificationId === w.delivered[0]?.notificationId)).toHaveLength(0);
      expect(await unreadNotificationCount(db, a.id)).toBe(0);
      const due = await deliverDueNotifications(db, { now: later(5 * MIN), digestAt: later(24 * 60 * MIN) });
      const mine = due.delivered.filter((d) => d.playerId === a.id || d.playerId === b.id);
      expect(mine).toHaveLength(2);
      const outbox = await rowsOf<{ player_id: string; channel: string; target: string }>(db, sql`
        SELECT player_id::text AS player_id, channel, target FROM notification_outbox WHERE notification_id = ${mine[0].notificationId}`);
      expect(outbox).toEqual([{ player_id: a.id, channel: 'email', target: 'a@example.test' }]);
      const again = await deliverDueNotifications(db, { now: later(6 * MIN), digestAt: later(24 * 60 * MIN) });
      expect(again.delivered.filter((d) => d.notificationId === mine[0].notificationId)).toHaveLength(0);
    });

    it('digest: 5 pending regular notifications stay apart, a 6th merges them into one digest delivered the next day', async () => {
      const { db } = ctx;
      const [five, six] = await players(db, 2);
      const digestAt = new Date('2026-11-22T00:00:00Z');
      for (let i = 0; i < 6; i++) {
        const to = i < 5 ? [five.id, six.id] : [six.id];
        await writeNotificationTx(db, event({ kind: 'players', playerIds: to }, {
          kind: 'achievement', tier: 'regular', title: `badge ${i}`, relevance: { interested: i === 2 ? 0.5 : 0.2, otherwise: 0.2 },
          topic: 'achievements', createdAt: later(i), deliverAt: later(60 * MIN + i),
        }));
      }
      const run = await deliverDueNotifications(db, { now: later(10 * MIN), digestAt });
      expect(run.digestsCreated).toBe(1);
      expect(run.merged).toBe(6);
      // An hour later the five are delivered one by one; the six are not.
      await deliverDueNotifications(db, { now: later(61 * MIN), digestAt });
      expect((await notificationInbox(db, five.id)).map((e) => e.title)).toEqual(['badge 4', 'badge 3', 'badge 2', 'badge 1', 'badge 0']);
      expect(await notificationInbox(db, six.id)).toEqual([]);
      // A 7th regular one joins the pending digest.
      await writeNotificationTx(db, event({ kind: 'players', playerIds: [six.id] }, {
        kind: 'leaderboard_result', tier: 'regular', title: 'rank 3', relevance: { interested: 0.5, otherwise: 0.5 }, createdAt: later(62 * MIN), deliverAt: later(122 * MIN),
      }));
      await deliverDueNotifications(db, { now: later(70 * MIN), digestAt });
      expect(await notificationInbox(db, six.id)).toEqual([]);
      const day = await deliverDueNotifications(db, { now: digestAt, digestAt: new Date('2026-11-23T00:00:00Z') });
      expect(day.delivered.filter((d) => d.playerId === six.id)).toHaveLength(1);
      const [digest] = await notificationInbox(db, six.id);
      expect(digest).toMatchObject({ kind: 'digest', tier: 'digest', title: '7 updates', items: 7, relevance: 0.5 });
      expect(digest.body.split('\n')).toEqual(['• rank 3', '• badge 2', '• badge 5', '• badge 4', '• badge 3', '• badge 1', '• badge 0']);
      expect((await digestItems(db, six.id, digest.id)).map((i) => i.title)).toEqual(['rank 3', 'badge 5', 'badge 4', 'badge 3', 'badge 2', 'badge 1', 'badge 0']);
      expect(await unreadNotificationCount(db, six.id)).toBe(1);
      expect(await markNotificationRead(db, six.id, digest.id, digestAt)).toBe(true);
      expect((await digestItems(db, six.id, digest.id)).every((i) => i.readAt !== null)).toBe(true);
      expect(await unreadNotificationCount(db, six.id)).toBe(0);
    });

    it('personal notifications: many players, each with its own text, in one statement', async () => {
      const { db } = ctx;
      const ps = await players(db, 3);
      const items = ps.map((p, i) => ({
        playerId: p.id, kind: 'order_filled', tier: 'important' as const, title: 'Order filled', body: `sold ${i + 1}`,
        relevance: { interested: 0.5, otherwise: 0.5 }, dedupeKey: `fill:${p.id}`, createdAt: NOW, deliverAt: later(5 * MIN),
      }));
      const w = await writePersonalNotificationsTx(db, items);
      expect(w.recipients).toBe(3);
      const rows = await rowsOf<{ stamp: string; n: number }>(db, sql`
        SELECT DISTINCT r.xmin::text || '/' || r.cmin::text AS stamp FROM notification_recipients r
        WHERE r.player_id IN (${sql.join(ps.map((p) => sql`${p.id}::uuid`), sql`, `)})`);
      expect(rows).toHaveLength(1);
      expect((await writePersonalNotificationsTx(db, items)).recipients).toBe(0);
      await deliverDueNotifications(db, { now: later(5 * MIN), digestAt: later(24 * 60 * MIN) });
      expect((await notificationInbox(db, ps[2].id)).map((e) => e.body)).toEqual(['sold 3']);
    });

    it('audiences: operation qualifiers (active players not in it; a squad mission\'s members) and proposal non-voters, set-based', async () => {
      const { db } = ctx;
      const now = new Date();
      const recently = new Date(now.getTime() - 6 * 86_400_000);
      const long = new Date(now.getTime() - 8 * 86_400_000);
      const [joined, active, stale] = await players(db, 3);
      await db.execute(sql`UPDATE players SET last_login_at = CASE WHEN id = ${stale.id}::uuid THEN ${long}::timestamptz ELSE ${recently}::timestamptz END
        WHERE id IN (${joined.id}::uuid, ${active.id}::uuid, ${stale.id}::uuid)`);
      const { operation } = await createOperation(db, {
        type: 'rapid', name: 'Op', briefing: '', handler: 'h', phase: 'active', startsAt: now, activeAt: now,
        endsAt: new Date(now.getTime() + 3_600_000), objectives: [{ tier: 'primary', kind: 'solve_challenges', title: 's', target: 1 }],
      });
      await joinOperation(db, operation.id, { id: joined.id, name: joined.name });
      const op = await writeNotificationTx(db, event(operationQualifiers({ id: operation.id, squadId: null }, now), { dedupeKey: `op:${operation.id}` }));
      const told = new Set(op.delivered.map((d) => d.playerId));
      expect([told.has(joined.id), told.has(active.id), told.has(stale.id)]).toEqual([false, true, false]);

      const { squadId, members } = await bigSquad(db, 3);
      const mission = await writeNotificationTx(db, event(operationQualifiers({ id: operation.id, squadId }, now)));
      expect(new Set(mission.delivered.map((d) => d.playerId))).toEqual(new Set(members));

      const [p] = await rowsOf<{ id: string }>(db, sql`INSERT INTO proposals (kind, title, author_id, deposit, closes_at)
        VALUES ('feature', 'Archives', ${active.id}::uuid, 0, ${new Date(now.getTime() + 3_600_000)}) RETURNING id::text AS id`);
      await db.execute(sql`INSERT INTO proposal_votes (proposal_id, player_id, support, weight) VALUES (${p.id}::uuid, ${joined.id}::uuid, true, 1)`);
      expect((await proposalsClosingBy(db, now, new Date(now.getTime() + 86_400_000))).map((x) => x.id)).toContain(p.id);
      expect((await proposalsClosingBy(db, now, new Date(now.getTime() + 60_000))).map((x) => x.id)).not.toContain(p.id);
      const votes = await writeNotificationTx(db, event(proposalNonVoters(p.id, now)));
      const nonVoters = new Set(votes.delivered.map((d) => d.playerId));
      expect([nonVoters.has(joined.id), nonVoters.has(active.id), nonVoters.has(stale.id)]).toEqual([false, true, false]);
    });

    it('outbox: claims are disjoint and leased; a lost claim cannot complete; retries then dead; requeue', async () => {
      const { db } = ctx;
      // Only this suite writes outbox rows: settle the earlier tests' so the claims below see ours.
      await db.execute(sql`UPDATE notification_outbox SET status = 'sent' WHERE status <> 'sent'`);
      const ps = await players(db, 6);
      await writeNotificationTx(db, event({ kind: 'players', playerIds: ps.map((p) => p.id) }, { createdAt: later(1000 * MIN), deliverAt: later(1000 * MIN) }));
      const t = later(1000 * MIN);
      // Two concurrent claimers never get the same row.
      const [c1, c2] = await Promise.all([
        claimOutbox(db, { now: t, limit: 4, leaseMs: 10_000, claimant: 'a' }),
        claimOutbox(db, { now: t, limit: 4, leaseMs: 10_000, claimant: 'b' }),
      ]);
      const ids = [...c1, ...c2].map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      const mine = [...c1, ...c2].filter((c) => ps.some((p) => p.id === c.playerId));
      expect(mine).toHaveLength(6);
      expect(mine[0]).toMatchObject({ channel: 'push', title: 'Under siege', attempts: 1, tier: 'urgent' });
      expect(mine[0].idempotencyKey).toBe(`n${mine[0].notificationId}:${mine[0].playerId}:push`);
      // Leased: nothing to claim until the lease runs out, then the rows come back (attempt 2).
      expect((await claimOutbox(db, { now: later(1000 * MIN + 9_999), limit: 100, leaseMs: 10_000, claimant: 'c' })).filter((c) => ids.includes(c.id))).toEqual([]);
      const again = (await claimOutbox(db, { now: later(1000 * MIN + 10_000), limit: 100, leaseMs: 10_000, claimant: 'c' })).filter((c) => ids.includes(c.id));
      expect(again).toHaveLength(ids.length);
      expect(again[0].attempts).toBe(2);
      // The first claimant's late answer does not count; the new one's does.
      expect(await completeOutbox(db, mine[0], { sender: 'log', now: t })).toBe(false);
      const redo = again.find((c) => c.id === mine[0].id)!;
      expect(await completeOutbox(db, redo, { sender: 'webhook', now: t })).toBe(true);
      // A failure goes back to pending until its retry time, the last one to dead.
      const failing = again.find((c) => c.id === mine[1].id)!;
      expect(await failOutbox(db, failing, { sender: 'webhook', error: 'HTTP 503', retryAt: later(1001 * MIN) })).toBe(true);
      expect((await claimOutbox(db, { now: later(1001 * MIN - 1), limit: 100, leaseMs: 10_000, claimant: 'd' })).some((c) => c.id === failing.id)).toBe(false);
      const third = (await claimOutbox(db, { now: later(1001 * MIN), limit: 100, leaseMs: 10_000, claimant: 'd' })).find((c) => c.id === failing.id)!;
      expect(third.attempts).toBe(3);
      expect(await failOutbox(db, third, { sender: 'webhook', error: 'HTTP 500', retryAt: null })).toBe(true);
      const dead = await outboxEntries(db, { status: 'dead', limit: 10 });
      expect(dead.find((d) => d.id === failing.id)).toMatchObject({ status: 'dead', attempts: 3, lastError: 'HTTP 500', sender: 'webhook' });
      expect(await requeueOutbox(db, failing.id, later(1002 * MIN))).toBe(true);
      expect(await requeueOutbox(db, failing.id, later(1002 * MIN))).toBe(false);
      const requeued = (await claimOutbox(db, { now: later(1002 * MIN), limit: 100, leaseMs: 10_000, claimant: 'e' })).find((c) => c.id === failing.id)!;
      expect(requeued.attempts).toBe(1);
    });
  });
}
