import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Room } from '@colyseus/sdk';
import { balanceOf, ledgerInvariant, mint, withTransaction, type AccountRef } from '@datavism/db';
import { createGameServer, loadConfig } from '@datavism/game-server';
import { quoteSwap } from '@datavism/rules';
import { startGame, type RunningGame } from '../utils/game';
import { api, registerPlayer } from '../utils/http';
import { sleep, tempDir, waitFor } from '../utils/env';
import { freshPostgresDatabase } from '../utils/pg';

// TIME_SCALE 60: the anti-sniping window (60 s of game time) is 1 s; an auction of 180 game
// seconds lasts 3 s.
const ENV = { TIME_SCALE: '60', ADMIN_NAME: 'exchange_admin', ADMIN_PASSWORD: 'admin password 1' };
let run: RunningGame;
let adminToken: string;

const me = (id: string): AccountRef => ({ kind: 'player', id });

async function fund(id: string, amount: bigint, resource: 'resistance_credits' | 'liberation_keys' = 'resistance_credits') {
  const db = run.game.services.database.db;
  await withTransaction(db, (tx) => mint(tx, me(id), resource, amount, 'test_funding'));
}

async function joinHouse(token: string): Promise<{ room: Room<any, any>; errors: any[]; messages: Map<string, any[]> }> {
  const client = new Client(run.url);
  client.auth.token = token;
  const room = await client.joinOrCreate('auction_house');
  const errors: any[] = [];
  const messages = new Map<string, any[]>();
  room.onMessage('error', (e) => errors.push(e));
  for (const type of ['bid_placed', 'swapped']) room.onMessage(type, (m) => messages.set(type, [...(messages.get(type) ?? []), m]));
  return { room, errors, messages };
}

beforeAll(async () => {
  run = await startGame({ db: 'postgres', env: ENV });
  const login = await api(run.url, 'POST', '/api/auth/login', { name: ENV.ADMIN_NAME, password: ENV.ADMIN_PASSWORD });
  adminToken = login.body.token;
});
afterAll(async () => {
  await run?.close();
});

describe('exchange: pools and auctions end to end', () => {
  it('swap over HTTP: quote = rules quoteSwap = result; the room shows the new reserves; refusals change nothing', async () => {
    const a = await registerPlayer(run.url);
    const watcher = await registerPlayer(run.url);
    await fund(a.player.id, 50_000n);
    // Registering counts as the day's login, which pays a streak bonus: measure from here.
    const start = await balanceOf(run.game.services.database.db, me(a.player.id), 'resistance_credits');
    const startCpu = await balanceOf(run.game.services.database.db, me(a.player.id), 'cpu_cycles');
    const W = await joinHouse(watcher.token);
    await waitFor(() => W.room.state.pools?.get('cpu_cycles'), 5000, 'pools in state');

    const pools = await api(run.url, 'GET', '/api/pools');
    expect(pools.body.feeBps).toBe(200);
    const cpu = pools.body.pools.find((p: any) => p.resource === 'cpu_cycles');
    const preview = quoteSwap({ amountIn: 20_000n, reserveIn: BigInt(cpu.reserveCredits), reserveOut: BigInt(cpu.reserveResource), feeBps: 200 });
    const quote = await api(run.url, 'GET', '/api/pools/cpu_cycles/quote?amountIn=20000&direction=buy');
    expect(quote.body).toMatchObject({ amountOut: String(preview), fee: '400' });

    const tooGreedy = await api(run.url, 'POST', '/api/pools/cpu_cycles/swap', { direction: 'buy', amountIn: '20000', minOut: String(preview + 1n), idempotencyKey: 's0' }, a.token);
    expect(tooGreedy).toMatchObject({ status: 422, body: { code: 'SLIPPAGE_EXCEEDED' } });
    const soulBound = await api(run.url, 'POST', '/api/pools/truth_tokens/swap', { direction: 'buy', amountIn: '10', minOut: '0', idempotencyKey: 's1' }, a.token);
    expect(soulBound).toMatchObject({ status: 422, body: { code: 'SOUL_BOUND' } });
    const bad = await api(run.url, 'POST', '/api/pools/cpu_cycles/swap', { direction: 'buy', amountIn: '1.5', minOut: '0', idempotencyKey: 's2' }, a.token);
    expect(bad.status).toBe(400);
    expect(await balanceOf(run.game.services.database.db, me(a.player.id), 'resistance_credits')).toBe(start);

    const swapped = await api(run.url, 'POST', '/api/pools/cpu_cycles/swap', { direction: 'buy', amountIn: '20000', minOut: String(preview), idempotencyKey: 's3' }, a.token);
    expect(swapped).toMatchObject({ status: 200, body: { amountOut: String(preview), fee: '400', replayed: false } });
    const expected = { reserveCredits: String(BigInt(cpu.reserveCredits) + 19_600n), reserveResource: String(BigInt(cpu.reserveResource) - preview) };
    expect(swapped.body.pool).toMatchObject(expected);
    await waitFor(() => W.room.state.pools.get('cpu_cycles').reserveCredits === expected.reserveCredits, 5000, 'watcher sees the swap');
    expect(W.room.state.pools.get('cpu_cycles').reserveResource).toBe(expected.reserveResource);
    expect(await balanceOf(run.game.services.database.db, me(a.player.id), 'cpu_cycles')).toBe(startCpu + preview);

    // A swap as a room message answers `swapped` to the sender.
    const A = await joinHouse(a.token);
    A.room.send('swap', { resource: 'cpu_cycles', direction: 'sell', amountIn: '1000', minOut: '1', idempotencyKey: 's4' });
    const receipt = (await waitFor(() => A.messages.get('swapped'), 5000, 'swapped'))[0];
    expect(receipt).toMatchObject({ direction: 'sell', amountIn: '1000', fee: '20' });
    await A.room.leave();
    await W.room.leave();
  });

  it('auction: bids live in the room, +5 % edge, outbid released, anti-sniping, settled by the job', async () => {
    const a = await registerPlayer(run.url);
    const b = await registerPlayer(run.url);
    await fund(a.player.id, 10_000n);
    await fund(b.player.id, 10_000n);
    const A = await joinHouse(a.token);
    const B = await joinHouse(b.token);
    const db = run.game.services.database.db;
    const startA = await balanceOf(db, me(a.player.id), 'resistance_credits');
    const startB = await balanceOf(db, me(b.player.id), 'resistance_credits');

    const forbidden = await api(run.url, 'POST', '/api/auctions', { itemKind: 'title', itemName: 'Nope', reservePrice: '1', durationSeconds: 60, idempotencyKey: 'x' }, a.token);
    expect(forbidden).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const created = await api(run.url, 'POST', '/api/auctions', {
      itemKind: 'resource', itemName: '40 liberation keys', itemResource: 'liberation_keys', itemAmount: '40',
      reservePrice: '1000', durationSeconds: 180, idempotencyKey: 'lot-1',
    }, adminToken);
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await waitFor(() => B.room.state.auctions?.get(id), 5000, 'B sees the auction');

    A.room.send('bid', { auctionId: id, amount: '1000', idempotencyKey: 'a1' });
    await waitFor(() => B.room.state.auctions.get(id).topBid === '1000', 5000, 'B sees A bid');
    expect(B.room.state.auctions.get(id).topBidderName).toBe(a.name);

    B.room.send('bid', { auctionId: id, amount: '1049', idempotencyKey: 'b1' });
    await waitFor(() => B.errors.find((e) => e.type === 'bid'), 5000, 'BID_TOO_LOW');
    expect(B.errors[0]).toMatchObject({ code: 'BID_TOO_LOW', type: 'bid' });
    B.room.send('bid', { auctionId: id, amount: '1050', idempotencyKey: 'b2' });
    await waitFor(() => A.room.state.auctions.get(id).topBid === '1050', 5000, 'A sees B outbid');
    expect(await balanceOf(db, me(a.player.id), 'resistance_credits')).toBe(startA);
    expect(await balanceOf(db, me(b.player.id), 'resistance_credits')).toBe(startB - 1_050n);

    // Wait into the last second (the scaled 60 s window), then bid: the end moves by 1 s.
    const endsAt = A.room.state.auctions.get(id).endsAt as number;
    await sleep(Math.max(0, endsAt - Date.now() - 600));
    A.room.send('bid', { auctionId: id, amount: '1103', idempotencyKey: 'a2' });
    const placed = (await waitFor(() => A.messages.get('bid_placed')?.find((m) => m.amount === '1103'), 5000, 'bid placed'));
    expect(placed.extended).toBe(true);
    expect(placed.endsAt).toBe(endsAt + 1000);
    await waitFor(() => B.room.state.auctions.get(id).endsAt === endsAt + 1000, 5000, 'B sees the extension');

    // The settlement job pays once: A gets the lot, the community the price.
    await waitFor(() => B.room.state.auctions.get(id).status === 'settled', 10_000, 'settled');
    expect(await balanceOf(db, me(a.player.id), 'liberation_keys')).toBe(40n);
    expect(await balanceOf(db, me(a.player.id), 'resistance_credits')).toBe(startA - 1_103n);
    expect(await balanceOf(db, me(b.player.id), 'resistance_credits')).toBe(startB);
    expect(await balanceOf(db, { kind: 'auction', id }, 'resistance_credits')).toBe(0n);
    for (const line of await ledgerInvariant(db)) expect(line, line.resource).toMatchObject({ holds: true });
    await A.room.leave();
    await B.room.leave();
  });
});

describe('exchange: auction settlement survives a restart', () => {
  it('an auction that ends while the server is down is settled once by the next process', async () => {
    const pg = await freshPostgresDatabase('exch');
    const env = { ...ENV, DATABASE_URL: pg.url, PORT: '0', HOST: '127.0.0.1', DATA_DIR: tempDir(), LOG_LEVEL: 'silent', JWT_SECRET: 'y'.repeat(40) };
    try {
      let game = await createGameServer(loadConfig(env));
      let port = await game.listen();
      const url = `http://127.0.0.1:${port}`;
      const admin = await api(url, 'POST', '/api/auth/login', { name: ENV.ADMIN_NAME, password: ENV.ADMIN_PASSWORD });
      const bidder = await registerPlayer(url);
      await withTransaction(game.services.database.db, (tx) => mint(tx, me(bidder.player.id), 'resistance_credits', 5_000n, 'test'));
      const created = await api(url, 'POST', '/api/auctions', { itemKind: 'title', itemName: 'Night Courier', reservePrice: '700', durationSeconds: 120, idempotencyKey: 't1' }, admin.body.token);
      const id = created.body.id as string;
      const bid = await api(url, 'POST', `/api/auctions/${id}/bids`, { amount: '700', idempotencyKey: 'b' }, bidder.token);
      expect(bid.status).toBe(200);
      await game.shutdown();
      await sleep(Math.max(0, Number(bid.body.endsAt) - Date.now() + 200));

      game = await createGameServer(loadConfig(env));
      port = await game.listen();
      const db = game.services.database.db;
      await waitFor(async () => (await pg.query('SELECT status FROM auctions WHERE id = $1', [id]))[0]?.status === 'settled', 10_000, 'settled after restart');
      const titles = (await pg.query('SELECT titles FROM players WHERE id = $1', [bidder.player.id]))[0].titles;
      expect(titles).toContain('Night Courier');
      expect(await balanceOf(db, { kind: 'community' }, 'resistance_credits')).toBe(700n);
      // Running the job again pays nothing more.
      const { settleAuction } = await import('@datavism/db');
      expect(await settleAuction(db, id, new Date())).toMatchObject({ settled: false, reason: 'already_settled' });
      expect(await balanceOf(db, { kind: 'community' }, 'resistance_credits')).toBe(700n);
      await game.shutdown();
    } finally {
      await pg.drop();
    }
  });
});
