import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@colyseus/sdk';
import { balanceOf, ledgerInvariant, marketEscrowCheck, setPlayerRole } from '@datavism/db';
import { startGame, type RunningGame } from '../utils/game';
import { api, registerPlayer } from '../utils/http';
import { sleep, waitFor } from '../utils/env';
import { fund, joinMarket } from '../utils/market';

let run: RunningGame;
const db = () => run.game.services.database.db;
const credits = (id: string) => balanceOf(db(), { kind: 'player', id }, 'resistance_credits');
const cpu = (id: string) => balanceOf(db(), { kind: 'player', id }, 'cpu_cycles');

beforeAll(async () => {
  run = await startGame({ db: 'postgres' });
});
afterAll(async () => {
  await run?.close();
});

async function trader(amounts: { credits?: bigint; cpu?: bigint } = {}) {
  const p = await registerPlayer(run.url);
  const before = { credits: await credits(p.player.id), cpu: await cpu(p.player.id) };
  await fund(db(), p.player.id, { resistance_credits: amounts.credits ?? 0n, cpu_cycles: amounts.cpu ?? 0n });
  const m = await joinMarket(run.url, p.token, 'cpu_cycles');
  return { ...p, id: p.player.id, m, before };
}

async function invariantsHold() {
  expect((await ledgerInvariant(db())).filter((l) => !l.holds)).toEqual([]);
  expect((await marketEscrowCheck(db())).filter((l) => !l.holds)).toEqual([]);
}

describe('market room, end to end with real SDK clients', () => {
  it('a crossing limit order trades at the maker price; escrow, fee (2 %, rounded up) and broadcast follow the commit', async () => {
    const seller = await trader({ cpu: 100n });
    const buyer = await trader({ credits: 10_000n });
    const watcher = await trader();

    seller.m.room.send('place_order', { clientOrderId: 's1', side: 'sell', type: 'limit', price: 50, size: 10 });
    const s1 = await seller.m.answer('s1');
    expect(s1).toMatchObject({ status: 'open', remaining: '10', fills: [], duplicate: false, price: '50', size: '10' });
    await waitFor(() => watcher.m.room.state.asks?.length === 1, 5000, 'ask in depth');
    expect(watcher.m.room.state.asks[0]).toMatchObject({ price: 50, size: 10, orders: 1 });
    expect(await cpu(seller.id)).toBe(seller.before.cpu + 90n); // 10 escrowed

    buyer.m.room.send('place_order', { clientOrderId: 'b1', side: 'buy', type: 'limit', price: 60, size: 4 });
    const b1 = await buyer.m.answer('b1');
    // 4 × 50 = 200 notional; taker fee ceil(200 × 2 %) = 4.
    expect(b1).toMatchObject({ status: 'filled', remaining: '0' });
    expect(b1.fills).toEqual([{ orderId: b1.orderId, counterOrderId: s1.orderId, price: '50', size: '4', fee: '4' }]);
    expect(await credits(buyer.id)).toBe(buyer.before.credits + 10_000n - 204n);
    expect(await cpu(buyer.id)).toBe(buyer.before.cpu + 4n);
    expect(await credits(seller.id)).toBe(seller.before.credits + 200n);
    await waitFor(() => seller.m.fills.length === 1, 5000, 'maker fill');
    expect(seller.m.fills[0]).toMatchObject({ orderId: s1.orderId, price: '50', size: '4', remaining: '6', status: 'open' });

    await waitFor(() => watcher.m.room.state.trades?.length === 1, 5000, 'tape');
    expect(watcher.m.room.state.trades[0]).toMatchObject({ price: 50, size: 4, side: 'buy' });
    expect(watcher.m.room.state.asks[0]).toMatchObject({ price: 50, size: 6 });
    expect(watcher.m.room.state.candle).toMatchObject({ open: 50, high: 50, low: 50, close: 50, volume: 4 });
    expect(watcher.m.room.state.feeBps).toBe(200);
    await waitFor(() => buyer.m.balances.some((b) => b.cpu_cycles === String(buyer.before.cpu + 4n)), 5000, 'live balances');

    const trades = await api(run.url, 'GET', '/api/market/cpu_cycles/trades?limit=5');
    expect(trades.status).toBe(200);
    expect(trades.body.trades[0]).toMatchObject({ price: '50', size: '4', fee: '4', side: 'buy', makerOrderId: s1.orderId });
    const candles = await api(run.url, 'GET', `/api/market/cpu_cycles/candles?from=0&to=${Date.now() + 60_000}`);
    expect(candles.body.candles.at(-1)).toMatchObject({ open: '50', close: '50', volume: '4' });
    await invariantsHold();

    // Cancel the rest: its 6 escrowed cpu_cycles come back.
    seller.m.room.send('cancel_order', { orderId: s1.orderId });
    await waitFor(() => seller.m.cancels.length === 1, 5000, 'cancel');
    expect(seller.m.cancels[0]).toMatchObject({ orderId: s1.orderId, released: '6' });
    expect(await cpu(seller.id)).toBe(seller.before.cpu + 96n);
    await waitFor(() => watcher.m.room.state.asks.length === 0, 5000, 'empty book');
    await invariantsHold();
    for (const t of [seller, buyer, watcher]) await t.m.room.leave();
  });

  it('a resent client order id is idempotent: the stored order comes back, nothing new happens', async () => {
    const a = await trader({ credits: 1_000n });
    a.m.room.send('place_order', { clientOrderId: 'same', side: 'buy', type: 'limit', price: 7, size: 3 });
    a.m.room.send('place_order', { clientOrderId: 'same', side: 'buy', type: 'limit', price: 7, size: 3 });
    await waitFor(() => a.m.acks.length === 2, 5000, 'two acks');
    expect(a.m.acks[0].orderId).toBe(a.m.acks[1].orderId);
    expect(a.m.acks.map((x) => x.duplicate).sort()).toEqual([false, true]);
    a.m.room.send('place_order', { clientOrderId: 'same', side: 'buy', type: 'limit', price: 7, size: 3 });
    await waitFor(() => a.m.acks.length === 3, 5000, 'third ack');
    expect(a.m.acks[2]).toMatchObject({ orderId: a.m.acks[0].orderId, duplicate: true, status: 'open' });
    expect(await credits(a.id)).toBe(a.before.credits + 1_000n - 21n);
    a.m.room.send('cancel_order', { orderId: a.m.acks[0].orderId });
    await waitFor(() => a.m.cancels.length === 1, 5000, 'cancel');
    await invariantsHold();
    await a.m.room.leave();
  });

  it('bad input gets typed errors and changes nothing', async () => {
    const a = await trader({ credits: 100n, cpu: 5n });
    const b = await trader({ credits: 1_000n });
    const before = { credits: await credits(a.id), cpu: await cpu(a.id) };
    const bad = [
      { clientOrderId: 'z', side: 'buy', type: 'limit', price: 0, size: 1 },
      { clientOrderId: 'n', side: 'buy', type: 'limit', price: -5, size: 1 },
      { clientOrderId: 'f', side: 'buy', type: 'limit', price: 1.5, size: 1 },
      { clientOrderId: 'h', side: 'sell', type: 'limit', price: 1, size: 1e12 + 1 },
      { clientOrderId: 'm', side: 'buy', type: 'market', price: 3, size: 1 },
      { clientOrderId: 'x', side: 'hold', type: 'limit', price: 3, size: 1 },
    ];
    for (const m of bad) a.m.room.send('place_order', m);
    await waitFor(() => a.m.errors.length >= bad.length, 5000, 'validation errors');
    expect(a.m.errors.slice(0, bad.length).every((e) => e.code === 'BAD_REQUEST')).toBe(true);
    // Each refusal names the order it refuses.
    expect(a.m.errors.slice(0, bad.length).map((e) => e.clientOrderId)).toEqual(bad.map((m) => m.clientOrderId));

    a.m.room.send('place_order', { clientOrderId: 'soul', instrument: 'truth_tokens', side: 'sell', type: 'limit', price: 3, size: 1 });
    expect(await a.m.answer('soul')).toMatchObject({ code: 'SOUL_BOUND', type: 'place_order' });

    // Needs 1,000,000 + the 2 % fee 20,000: far more than the player holds.
    a.m.room.send('place_order', { clientOrderId: 'poor', side: 'buy', type: 'limit', price: 1_000_000, size: 1 });
    expect(await a.m.answer('poor')).toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
    a.m.room.send('place_order', { clientOrderId: 'poor2', side: 'sell', type: 'limit', price: 100, size: Number(before.cpu) + 1 });
    expect(await a.m.answer('poor2')).toMatchObject({ code: 'INSUFFICIENT_FUNDS' });

    b.m.room.send('place_order', { clientOrderId: 'mine', side: 'buy', type: 'limit', price: 2, size: 3 });
    const mine = await b.m.answer('mine');
    a.m.room.send('cancel_order', { orderId: mine.orderId });
    await waitFor(() => a.m.errors.some((e) => e.code === 'FORBIDDEN'), 5000, 'forbidden');
    a.m.room.send('cancel_order', { orderId: '00000000-0000-4000-8000-000000000000' });
    await waitFor(() => a.m.errors.some((e) => e.code === 'ORDER_NOT_FOUND'), 5000, 'not found');

    expect({ credits: await credits(a.id), cpu: await cpu(a.id) }).toEqual(before);
    b.m.room.send('cancel_order', { orderId: mine.orderId });
    await waitFor(() => b.m.cancels.length === 1, 5000, 'cancel');

    const client = new Client(run.url);
    client.auth.token = a.token;
    await expect(client.joinOrCreate('market', { instrument: 'truth_tokens' })).rejects.toThrow();
    await invariantsHold();
    await a.m.room.leave();
    await b.m.room.leave();
  });

  it('self-trades are prevented; a market order takes the best prices and never rests', async () => {
    const a = await trader({ credits: 10_000n, cpu: 50n });
    const b = await trader({ cpu: 50n });
    a.m.room.send('place_order', { clientOrderId: 'ask', side: 'sell', type: 'limit', price: 30, size: 5 });
    await a.m.answer('ask');
    a.m.room.send('place_order', { clientOrderId: 'self', side: 'buy', type: 'limit', price: 30, size: 5 });
    expect(await a.m.answer('self')).toMatchObject({ status: 'cancelled', fills: [], remaining: '5' });

    b.m.room.send('place_order', { clientOrderId: 'ask2', side: 'sell', type: 'limit', price: 31, size: 5 });
    await b.m.answer('ask2');
    const c = await trader({ credits: 1_000n });
    c.m.room.send('place_order', { clientOrderId: 'mkt', side: 'buy', type: 'market', size: 7 });
    const mkt = await c.m.answer('mkt');
    // 5 @ 30 + 2 @ 31 = 212; fee ceil(4.24) = 5.
    expect(mkt).toMatchObject({ status: 'filled', remaining: '0', price: '0' });
    expect(mkt.fills.map((f: any) => [f.price, f.size])).toEqual([['30', '5'], ['31', '2']]);
    expect(await credits(c.id)).toBe(c.before.credits + 1_000n - 217n);
    b.m.room.send('cancel_order', { orderId: (await b.m.answer('ask2')).orderId });
    await waitFor(() => b.m.cancels.length === 1, 5000, 'cancel');
    await invariantsHold();
    for (const t of [a, b, c]) await t.m.room.leave();
  });

  it('wash trading between the same two players is flagged for GMs', async () => {
    const a = await trader({ credits: 100_000n, cpu: 100n });
    const b = await trader({ credits: 100_000n, cpu: 100n });
    for (let i = 0; i < 6; i++) {
      a.m.room.send('place_order', { clientOrderId: `a${i}`, side: 'sell', type: 'limit', price: 10, size: 1 });
      await a.m.answer(`a${i}`);
      b.m.room.send('place_order', { clientOrderId: `b${i}`, side: 'buy', type: 'limit', price: 10, size: 1 });
      await b.m.answer(`b${i}`);
      b.m.room.send('place_order', { clientOrderId: `c${i}`, side: 'sell', type: 'limit', price: 10, size: 1 });
      await b.m.answer(`c${i}`);
      a.m.room.send('place_order', { clientOrderId: `d${i}`, side: 'buy', type: 'limit', price: 10, size: 1 });
      await a.m.answer(`d${i}`);
    }
    const gm = await registerPlayer(run.url);
    await setPlayerRole(db(), gm.player.id, 'gm');
    expect((await api(run.url, 'GET', '/api/gm/flags', undefined, a.token)).status).toBe(403);
    // The wash-trade detector runs over the stored trades (a job each minute; a GM may run it now).
    expect((await api(run.url, 'POST', '/api/gm/fairplay/run', { detectors: ['wash'] }, gm.token)).status).toBe(200);
    const flags = await api(run.url, 'GET', '/api/gm/flags', undefined, gm.token);
    expect(flags.status).toBe(200);
    const flag = flags.body.flags.find((f: any) => f.kind === 'wash_trading' && f.playerIds.includes(a.id));
    expect(flag).toBeDefined();
    expect(flag.playerIds.sort()).toEqual([a.id, b.id].sort());
    // 12 trades; the minute's job may have caught the pair first, from its 10th trade on.
    expect(flag.count).toBeGreaterThanOrEqual(10);
    expect(flag.evidence.trades).toBe(flag.count);
    expect(flag.evidence.bought[a.id] + flag.evidence.bought[b.id]).toBe(flag.count);
    // A second run the same day raises nothing twice.
    await api(run.url, 'POST', '/api/gm/fairplay/run', { detectors: ['wash'] }, gm.token);
    const again = await api(run.url, 'GET', `/api/gm/flags?playerId=${a.id}`, undefined, gm.token);
    expect(again.body.flags.filter((f: any) => f.kind === 'wash_trading')).toHaveLength(1);
    await invariantsHold();
    await a.m.room.leave();
    await b.m.room.leave();
  });
});
