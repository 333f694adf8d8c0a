import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@colyseus/sdk';
import type { Db } from '@datavism/db';
import { startGame, type RunningGame } from '../utils/game';
import { api } from '../utils/http';
import { waitFor } from '../utils/env';
import { directPlayer, fund, joinMarket } from '../utils/market';
import { joinWar, makeSquad, pickTerritory, q } from './territory-fixtures';

// The notifications today's systems raise where their events happen (GAME §8.2 default tiers),
// through real HTTP and SDK clients. TIME_SCALE 60: an important notification's 5 game minutes
// are 5 s, the auction's last minute is 1 s, a siege's 30 s muster 0.5 s.
let run: RunningGame;
let db: Db;
let secret: string;
let adminToken: string;
const live: any[] = [];
const used = new Set<string>();

interface Row { player_id: string; kind: string; tier: string; delivered: boolean; wait_ms: number; relevance: number; title: string }

/** Every notification of these players, oldest first, with whether it is delivered and its delay. */
async function notificationsOf(playerIds: string[]): Promise<Row[]> {
  return q<Row>(db, `SELECT r.player_id::text AS player_id, n.kind, n.tier, r.delivered_at IS NOT NULL AS delivered,
      (extract(epoch from r.deliver_at - n.created_at) * 1000)::int AS wait_ms, r.relevance, n.title
    FROM notification_recipients r JOIN notifications n ON n.id = r.notification_id
    WHERE r.player_id = ANY($1::uuid[]) ORDER BY n.id, r.player_id`, [playerIds]);
}

async function activeNow(ids: string[]): Promise<void> {
  await q(db, 'UPDATE players SET last_login_at = now() WHERE id = ANY($1::uuid[])', [ids]);
}

beforeAll(async () => {
  run = await startGame({ db: 'postgres', env: { TIME_SCALE: '60', ADMIN_NAME: 'wired_admin', ADMIN_PASSWORD: 'admin-password-1' } });
  db = run.game.services.database.db;
  secret = run.game.services.config.jwtSecret;
  adminToken = (await api(run.url, 'POST', '/api/auth/login', { name: 'wired_admin', password: 'admin-password-1' })).body.token;
  await run.game.services.parameters.set({ name: 'travel_seconds_per_hex', value: 0, changedBy: 'test', reason: 'no travel' });
  await run.game.services.presence.subscribe(`${run.game.services.config.redisPrefix}:social`, (e: any) => live.push(e));
});
afterAll(async () => {
  await run?.close();
});

describe('notifications raised by the game', () => {
  it('a siege on your squad’s territory: every member of the holding squad, urgent, at once and live; not the attackers', async () => {
    const holders = await makeSquad(db, secret, { type: 'infiltration', size: 5 });
    const t = await pickTerritory(db, 'neutral', used);
    await q(db, `UPDATE territories SET status = 'liberated', holder_squad_id = $1 WHERE id = $2`, [holders.id, t]);
    const attackers = await makeSquad(db, secret, { type: 'analysis', size: 5 });
    const leader = await joinWar(run.url, attackers.members[0]!.token);
    try {
      leader.room.send('declare_siege', { territoryId: t });
      await waitFor(() => leader.declared[0] ?? leader.errors[0], 5000, 'siege declared');
      expect(leader.errors).toEqual([]);
      const rows = await waitFor(async () => {
        const r = await notificationsOf(holders.members.map((m) => m.id));
        return r.length === 5 ? r : null;
      }, 5000, 'holders notified');
      expect(rows.every((r) => r.kind === 'territory_besieged' && r.tier === 'urgent' && r.delivered && r.wait_ms === 0)).toBe(true);
      // Affects their squad (0.3) and follows the territory topic (0.2), time critical: × 2 = 1.
      expect(rows.map((r) => Number(r.relevance))).toEqual([1, 1, 1, 1, 1]);
      expect(await notificationsOf(attackers.members.map((m) => m.id))).toEqual([]);
      const event = await waitFor(() => live.find((e) => e.notification?.kind === 'territory_besieged' && e.playerIds.includes(holders.members[0]!.id)), 5000, 'live');
      expect(event.playerIds).toHaveLength(5);
      const inbox = await api(run.url, 'GET', '/api/notifications', undefined, holders.members[3]!.token);
      expect(inbox.body.notifications[0]).toMatchObject({ kind: 'territory_besieged', tier: 'urgent', read: false });
    } finally {
      await leader.close();
    }
  });

  it('outbid: regular before the last minute, urgent (and at once) in it', async () => {
    const [a, b] = [await directPlayer(db, secret, 'ob'), await directPlayer(db, secret, 'ob')];
    await fund(db, a.id, { resistance_credits: 10_000n });
    await fund(db, b.id, { resistance_credits: 10_000n });
    const created = await api(run.url, 'POST', '/api/auctions', {
      itemKind: 'title', itemName: 'Night Courier', reservePrice: '100', durationSeconds: 3600, idempotencyKey: 'wired-1',
    }, adminToken);
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await api(run.url, 'POST', `/api/auctions/${id}/bids`, { amount: '100', idempotencyKey: 'a1' }, a.token)).status).toBe(200);
    expect((await api(run.url, 'POST', `/api/auctions/${id}/bids`, { amount: '200', idempotencyKey: 'b1' }, b.token)).status).toBe(200);
    expect(await notificationsOf([a.id, b.id])).toEqual([expect.objectContaining({
      player_id: a.id, kind: 'outbid', tier: 'regular', delivered: false, wait_ms: 60_000, title: 'Outbid on Night Courier',
    })]);
    // The last minute (1 s at TIME_SCALE 60): A's bid extends the auction and B hears at once.
    await q(db, `UPDATE auctions SET ends_at = now() + interval '700 milliseconds' WHERE id = $1`, [id]);
    const last = await api(run.url, 'POST', `/api/auctions/${id}/bids`, { amount: '300', idempotencyKey: 'a2' }, a.token);
    expect(last.body.extended).toBe(true);
    const rows = await notificationsOf([b.id]);
    expect(rows).toEqual([expect.objectContaining({ kind: 'outbid_last_minute', tier: 'urgent', delivered: true, wait_ms: 0 })]);
    expect(Number(rows[0]!.relevance)).toBe(1);
  });

  it('a squad decision opened: the other members, important (delivered 5 game minutes later)', async () => {
    const squad = await makeSquad(db, secret, { type: 'strike_team', size: 3 });
    const client = new Client(run.url);
    client.auth.token = squad.members[0]!.token;
    const room = await client.joinOrCreate('squad', { squadId: squad.id });
    try {
      room.send('propose', { kind: 'change_recruitment', recruitment: 'closed' });
      const rows = await waitFor(async () => {
        const r = await notificationsOf(squad.members.map((m) => m.id));
        return r.length === 2 ? r : null;
      }, 5000, 'members notified');
      expect(rows.map((r) => r.player_id).sort()).toEqual([squad.members[1]!.id, squad.members[2]!.id].sort());
      expect(rows.every((r) => r.kind === 'squad_decision_opened' && r.tier === 'important' && !r.delivered && r.wait_ms === 5000)).toBe(true);
      // Delivered by the job once due.
      await waitFor(async () => (await notificationsOf([squad.members[1]!.id]))[0]?.delivered, 15_000, 'delivered');
    } finally {
      await room.leave();
    }
  });

  it('an operation launched: the players who qualify (active in the last 7 days), important; not an inactive one', async () => {
    const [active, inactive] = [await directPlayer(db, secret, 'op'), await directPlayer(db, secret, 'op')];
    await activeNow([active.id]);
    const created = await api(run.url, 'POST', '/api/gm/operations', {
      operation: {
        type: 'flashpoint', name: 'Blackout', durationHours: 2, pool: { resource: 'resistance_credits', amount: 100 },
        objectives: [{ tier: 'primary', kind: 'solve_challenges', title: 'Solve', target: 1 }],
      },
    }, adminToken);
    expect(created.status).toBe(201);
    const rows = await waitFor(async () => {
      const r = await notificationsOf([active.id, inactive.id]);
      return r.length > 0 ? r : null;
    }, 5000, 'qualifier notified');
    // Once, although the operation entered its briefing and its active phase.
    expect(rows).toEqual([expect.objectContaining({ player_id: active.id, kind: 'operation_launched', tier: 'important', title: 'Operation Blackout launched' })]);
    // Follows the operations topic (0.2), time critical (a 2-hour flashpoint): 0.4.
    expect(Number(rows[0]!.relevance)).toBe(0.4);
  });

  it('your order filled: the maker of a resting order, important; written off the market tick, in the inbox after 5 game minutes', async () => {
    const [maker, taker] = [await directPlayer(db, secret, 'mk'), await directPlayer(db, secret, 'mk')];
    await fund(db, maker.id, { cpu_cycles: 1000n });
    await fund(db, taker.id, { resistance_credits: 100_000n });
    const m = await joinMarket(run.url, maker.token, 'cpu_cycles');
    const t = await joinMarket(run.url, taker.token, 'cpu_cycles');
    try {
      m.room.send('place_order', { clientOrderId: 's1', side: 'sell', type: 'limit', price: 50, size: 10 });
      expect((await m.answer('s1')).orderId).toBeDefined();
      t.room.send('place_order', { clientOrderId: 'b1', side: 'buy', type: 'limit', price: 50, size: 10 });
      expect((await t.answer('b1')).fills).toHaveLength(1);
      const rows = await waitFor(async () => {
        const r = await notificationsOf([maker.id, taker.id]);
        return r.length > 0 ? r : null;
      }, 5000, 'maker notified');
      expect(rows).toEqual([expect.objectContaining({ player_id: maker.id, kind: 'order_filled', tier: 'important', delivered: false, wait_ms: 5000 })]);
      expect(Number(rows[0]!.relevance)).toBe(0.7);
      const inbox = await waitFor(async () => {
        const res = await api(run.url, 'GET', '/api/notifications', undefined, maker.token);
        return res.body.notifications.length > 0 ? res.body : null;
      }, 15_000, 'in the inbox');
      expect(inbox.notifications[0]).toMatchObject({ kind: 'order_filled', title: 'Your CPU cycles order filled' });
      expect(inbox.notifications[0].body).toMatch(/filled \(last fill at 50\)/);
    } finally {
      await m.room.leave();
      await t.room.leave();
    }
  });
});

describe('a proposal you have not voted on closes within 24 h', () => {
  // TIME_SCALE 3600: a game hour is a second, so the sweep runs every second.
  let gov: RunningGame;
  beforeAll(async () => {
    gov = await startGame({ db: 'postgres', env: { TIME_SCALE: '3600' } });
  });
  afterAll(async () => {
    await gov?.close();
  });

  it('the active non-voters are told once (important); voters and inactive players are not', async () => {
    const gdb = gov.game.services.database.db;
    const gsecret = gov.game.services.config.jwtSecret;
    const [voter, silent, away, author] = [
      await directPlayer(gdb, gsecret, 'gv'), await directPlayer(gdb, gsecret, 'gv'), await directPlayer(gdb, gsecret, 'gv'), await directPlayer(gdb, gsecret, 'gv'),
    ];
    await q(gdb, 'UPDATE players SET last_login_at = now() WHERE id = ANY($1::uuid[])', [[voter.id, silent.id, author.id]]);
    // Closes in 30 game hours (30 s): outside the 24-hour notice at first.
    const [p] = await q<{ id: string }>(gdb, `INSERT INTO proposals (kind, title, author_id, deposit, closes_at)
      VALUES ('feature', 'Open the archives', $1, 0, now() + interval '30 seconds') RETURNING id::text AS id`, [author.id]);
    await q(gdb, `INSERT INTO proposal_votes (proposal_id, player_id, support, weight) VALUES ($1, $2, true, 1)`, [p!.id, voter.id]);
    const of = (ids: string[]) => q<Row>(gdb, `SELECT r.player_id::text AS player_id, n.kind, n.tier, r.relevance
      FROM notification_recipients r JOIN notifications n ON n.id = r.notification_id WHERE r.player_id = ANY($1::uuid[])`, [ids]);
    await new Promise((r) => setTimeout(r, 2500));
    expect(await of([voter.id, silent.id, away.id, author.id])).toEqual([]);
    // Within 24 game hours of its close (after 6 s), the sweep tells the active non-voters, once.
    const rows = await waitFor(async () => {
      const r = await of([voter.id, silent.id, away.id, author.id]);
      return r.length >= 2 ? r : null;
    }, 15_000, 'non-voters told');
    await new Promise((r) => setTimeout(r, 2500));
    const again = await of([voter.id, silent.id, away.id, author.id]);
    expect(again.map((r) => r.player_id).sort()).toEqual([silent.id, author.id].sort());
    expect(again.every((r) => r.kind === 'proposal_closing' && r.tier === 'important' && Number(r.relevance) === 1)).toBe(true);
    expect(rows.length).toBe(2);
  });
});
