/**
 * Web Push subscriptions (migration 0029, docs/notifications.md "Web Push") on both drivers: save
 * and list, one row per endpoint (a re-subscribe or another player on that browser replaces it),
 * at most `max` per player with the oldest replaced (also under concurrent saves), a player
 * deletes only their own, the sender's delete of a gone subscription spares a newer row of the
 * same endpoint, and the rows go with their player.
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { deleteGonePushSubscription, deletePushSubscription, pushSubscriptionsOf, savePushSubscription } from '../src/index';
import { KINDS, countRows, newPlayer, useDatabase } from './harness';

const endpoint = (n: string) => `https://push.example.test/send/${n}`;
const keys = (n: number) => ({ p256dh: `BP${'k'.repeat(83)}${n}`, auth: `auth-secret-${n}` });
const t = (s: number) => new Date(Date.UTC(2026, 5, 1, 12, 0, s));

describe.each(KINDS)('push subscriptions on %s', (kind) => {
  const ctx = useDatabase(kind);

  it('saves and lists a player\'s subscriptions, newest first', async () => {
    const p = await newPlayer(ctx.db);
    const a = await savePushSubscription(ctx.db, { playerId: p.id, endpoint: endpoint(`${p.id}-a`), ...keys(1), now: t(1), max: 5 });
    expect(a.replaced).toEqual([]);
    expect(a.subscription).toMatchObject({ playerId: p.id, endpoint: endpoint(`${p.id}-a`), ...keys(1), createdAt: t(1) });
    await savePushSubscription(ctx.db, { playerId: p.id, endpoint: endpoint(`${p.id}-b`), ...keys(2), now: t(2), max: 5 });
    const list = await pushSubscriptionsOf(ctx.db, p.id);
    expect(list.map((s) => s.endpoint)).toEqual([endpoint(`${p.id}-b`), endpoint(`${p.id}-a`)]);
    expect(typeof list[0].id).toBe('number');
    expect(await pushSubscriptionsOf(ctx.db, 'not-a-uuid')).toEqual([]);
  });

  it('one row per endpoint: a re-subscribe replaces the keys, another player on that browser takes it over', async () => {
    const [p, q] = [await newPlayer(ctx.db), await newPlayer(ctx.db)];
    const e = endpoint(`${p.id}-shared`);
    const first = await savePushSubscription(ctx.db, { playerId: p.id, endpoint: e, ...keys(1), now: t(1), max: 5 });
    const again = await savePushSubscription(ctx.db, { playerId: p.id, endpoint: e, ...keys(2), now: t(2), max: 5 });
    expect(again.subscription.id).toBe(first.subscription.id);
    expect(await pushSubscriptionsOf(ctx.db, p.id)).toEqual([expect.objectContaining({ endpoint: e, ...keys(2), createdAt: t(2) })]);
    await savePushSubscription(ctx.db, { playerId: q.id, endpoint: e, ...keys(3), now: t(3), max: 5 });
    expect(await pushSubscriptionsOf(ctx.db, p.id)).toEqual([]);
    expect(await pushSubscriptionsOf(ctx.db, q.id)).toEqual([expect.objectContaining({ endpoint: e, ...keys(3) })]);
    expect(await countRows(ctx.db, sql`SELECT count(*) AS n FROM push_subscriptions WHERE endpoint = ${e}`)).toBe(1);
  });

  it('keeps at most max per player: the oldest is replaced; re-saving an old one makes it the newest', async () => {
    const p = await newPlayer(ctx.db);
    for (let i = 1; i <= 3; i++) {
      const r = await savePushSubscription(ctx.db, { playerId: p.id, endpoint: endpoint(`${p.id}-${i}`), ...keys(i), now: t(i), max: 3 });
      expect(r.replaced).toEqual([]);
    }
    // Re-saving #1 refreshes it, so #2 is now the oldest.
    await savePushSubscription(ctx.db, { playerId: p.id, endpoint: endpoint(`${p.id}-1`), ...keys(1), now: t(4), max: 3 });
    const r = await savePushSubscription(ctx.db, { playerId: p.id, endpoint: endpoint(`${p.id}-5`), ...keys(5), now: t(5), max: 3 });
    expect(r.replaced).toEqual([endpoint(`${p.id}-2`)]);
    expect((await pushSubscriptionsOf(ctx.db, p.id)).map((s) => s.endpoint))
      .toEqual([endpoint(`${p.id}-5`), endpoint(`${p.id}-1`), endpoint(`${p.id}-3`)]);
  });

  it('concurrent saves of one player never leave more than max', async () => {
    const p = await newPlayer(ctx.db);
    await Promise.all(Array.from({ length: 8 }, (_, i) =>
      savePushSubscription(ctx.db, { playerId: p.id, endpoint: endpoint(`${p.id}-c${i}`), ...keys(i), now: t(i), max: 3 })));
    expect(await countRows(ctx.db, sql`SELECT count(*) AS n FROM push_subscriptions WHERE player_id = ${p.id}::uuid`)).toBe(3);
  });

  it('a player deletes only their own subscription', async () => {
    const [p, q] = [await newPlayer(ctx.db), await newPlayer(ctx.db)];
    await savePushSubscription(ctx.db, { playerId: p.id, endpoint: endpoint(`${p.id}-x`), ...keys(1), now: t(1), max: 5 });
    expect(await deletePushSubscription(ctx.db, { playerId: q.id, endpoint: endpoint(`${p.id}-x`) })).toBe(false);
    expect(await pushSubscriptionsOf(ctx.db, p.id)).toHaveLength(1);
    expect(await deletePushSubscription(ctx.db, { playerId: p.id, endpoint: endpoint(`${p.id}-x`) })).toBe(true);
    expect(await deletePushSubscription(ctx.db, { playerId: p.id, endpoint: endpoint(`${p.id}-x`) })).toBe(false);
    expect(await pushSubscriptionsOf(ctx.db, p.id)).toEqual([]);
    expect(await deletePushSubscription(ctx.db, { playerId: 'nope', endpoint: endpoint('x') })).toBe(false);
  });

  it('a gone subscription is deleted by id and endpoint (a newer row of that endpoint stays)', async () => {
    const [p, q] = [await newPlayer(ctx.db), await newPlayer(ctx.db)];
    const e = endpoint(`${p.id}-gone`);
    const { subscription } = await savePushSubscription(ctx.db, { playerId: p.id, endpoint: e, ...keys(1), now: t(1), max: 5 });
    expect(await deleteGonePushSubscription(ctx.db, { id: subscription.id, endpoint: e })).toBe(true);
    expect(await pushSubscriptionsOf(ctx.db, p.id)).toEqual([]);
    const again = await savePushSubscription(ctx.db, { playerId: q.id, endpoint: e, ...keys(2), now: t(2), max: 5 });
    expect(again.subscription.id).not.toBe(subscription.id);
    expect(await deleteGonePushSubscription(ctx.db, { id: subscription.id, endpoint: e })).toBe(false);
    expect(await pushSubscriptionsOf(ctx.db, q.id)).toHaveLength(1);
  });

  it('an unknown player cannot hold a subscription; a player\'s rows go with them', async () => {
    await expect(savePushSubscription(ctx.db, {
      playerId: '00000000-0000-0000-0000-000000000000', endpoint: endpoint('orphan'), ...keys(1), now: t(1), max: 5,
    })).rejects.toThrow();
    const p = await newPlayer(ctx.db);
    await savePushSubscription(ctx.db, { playerId: p.id, endpoint: endpoint(`${p.id}-del`), ...keys(1), now: t(1), max: 5 });
    await ctx.db.execute(sql`DELETE FROM players WHERE id = ${p.id}::uuid`);
    expect(await countRows(ctx.db, sql`SELECT count(*) AS n FROM push_subscriptions WHERE endpoint = ${endpoint(`${p.id}-del`)}`)).toBe(0);
  });
});
