/**
 * Crash safety of the market (GAME §4.1 "trades are durable before they are acknowledged"):
 * players place crossing orders continuously against a real server process, the process is
 * SIGKILLed mid-stream and started again on the same database. Every trade any client was told
 * about exists, escrow equals the open orders' remaining amounts, the ledger invariant holds,
 * and the rebuilt book shows exactly the open orders.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerInvariant, marketEscrowCheck, openDatabase, type Database } from '@datavism/db';
import { freshPostgresDatabase } from '../utils/pg';
import { startServerProcess, type ServerProcess } from '../utils/process';
import { sleep, tempDir, waitFor } from '../utils/env';
import { directPlayer, fund, joinMarket, type MarketClient } from '../utils/market';

const SECRET = 'crash-test-secret-'.padEnd(40, 'x');
let pg: Awaited<ReturnType<typeof freshPostgresDatabase>>;
let server: ServerProcess | undefined;
let database: Database | undefined;

beforeAll(async () => {
  pg = await freshPostgresDatabase('mcrash');
});
afterAll(async () => {
  await server?.kill('SIGKILL');
  await database?.close();
  await pg?.drop();
});

function env(): Record<string, string> {
  return { DATABASE_URL: pg.url, JWT_SECRET: SECRET, DATA_DIR: tempDir(), JOBS: 'off' };
}

describe('market crash safety', () => {
  it('SIGKILL mid-stream: every acknowledged trade is durable, escrow and ledger balance, the book is rebuilt', async () => {
    const port = 28000 + Math.floor(Math.random() * 2000);
    server = await startServerProcess(port, env());
    database = await openDatabase({ databaseUrl: pg.url, poolSize: 2 });
    const db = database.db;

    const traders: Array<{ id: string; token: string; m: MarketClient }> = [];
    for (let i = 0; i < 8; i++) {
      const p = await directPlayer(db, SECRET, 'crash');
      await fund(db, p.id, { resistance_credits: 1_000_000n, liberation_keys: 10_000n });
      traders.push({ ...p, m: await joinMarket(server.url, p.token, 'liberation_keys') });
    }

    // Everyone streams crossing orders (buyers bid 101…105, sellers ask 100…104) until the kill.
    let streaming = true;
    let n = 0;
    const loops = traders.map(async (t, i) => {
      for (let round = 0; streaming; round++) {
        const k = n++;
        const side = (round + i) % 2 === 0 ? 'buy' : 'sell';
        const price = side === 'buy' ? 101 + (k % 5) : 100 + (k % 5);
        try {
          t.m.room.send('place_order', { clientOrderId: `c${k}`, side, type: 'limit', price, size: 1 + (k % 3) });
        } catch {
          return; // socket gone
        }
        await sleep(10);
      }
    });
    await waitFor(() => traders.reduce((s, t) => s + t.m.acks.filter((a) => a.fills.length > 0).length, 0) >= 30, 60_000, 'trades acknowledged');
    await server.kill('SIGKILL');
    streaming = false;
    await Promise.all(loops);
    server = undefined;

    // What the clients were told: fills in acks (taker side) and maker fill notices.
    const told = new Set<string>();
    for (const t of traders) {
      for (const a of t.m.acks) for (const f of a.fills) told.add(`${f.orderId}|${f.counterOrderId}|${f.price}|${f.size}`);
      for (const f of t.m.fills) told.add(`${f.counterOrderId}|${f.orderId}|${f.price}|${f.size}`);
    }
    expect(told.size).toBeGreaterThanOrEqual(30);

    const rows = await pg.query('SELECT taker_order_id, maker_order_id, price::text AS price, size::text AS size FROM market_trades');
    const stored = new Set(rows.map((r) => `${r.taker_order_id}|${r.maker_order_id}|${r.price}|${r.size}`));
    const missing = [...told].filter((t) => !stored.has(t));
    expect(missing).toEqual([]);
    expect((await ledgerInvariant(db)).filter((l) => !l.holds)).toEqual([]);
    expect((await marketEscrowCheck(db)).filter((l) => !l.holds)).toEqual([]);

    // Start again on the same database: the book comes back from the open orders.
    server = await startServerProcess(port + 1, env());
    const watcher = await directPlayer(db, SECRET, 'crash');
    const w = await joinMarket(server.url, watcher.token, 'liberation_keys');
    const open = await pg.query(`SELECT o.side, o.price::int AS price, sum(b.remaining)::int AS size, count(*)::int AS orders
      FROM market_open_orders b JOIN market_orders o ON o.player_id = b.player_id AND o.client_order_id = b.client_order_id
      WHERE b.instrument = 'liberation_keys' GROUP BY o.side, o.price`);
    const expected = (side: string, dir: number) => open.filter((o) => o.side === side)
      .sort((a, b) => dir * (a.price - b.price)).slice(0, 20).map((o) => ({ price: o.price, size: o.size, orders: o.orders }));
    await waitFor(() => w.room.state.instrument === 'liberation_keys', 5000, 'state');
    const levels = (arr: any) => [...arr].map((l: any) => ({ price: l.price, size: l.size, orders: l.orders }));
    expect(levels(w.room.state.bids)).toEqual(expected('buy', -1));
    expect(levels(w.room.state.asks)).toEqual(expected('sell', 1));
    expect(w.room.state.bids.length + w.room.state.asks.length).toBeGreaterThan(0);

    // And it trades on: a resend of a pre-crash client order id is answered from the database.
    const t0 = traders[0];
    const again = await joinMarket(server.url, t0.token, 'liberation_keys');
    const firstAck = t0.m.acks[0];
    again.room.send('place_order', { clientOrderId: firstAck.clientOrderId, side: firstAck.side, type: 'limit', price: Number(firstAck.price), size: Number(firstAck.size) });
    const resent = await again.answer(firstAck.clientOrderId);
    expect(resent).toMatchObject({ orderId: firstAck.orderId, duplicate: true });
    expect((await ledgerInvariant(db)).filter((l) => !l.holds)).toEqual([]);
    expect((await marketEscrowCheck(db)).filter((l) => !l.holds)).toEqual([]);
    await w.room.leave();
    await again.room.leave();
  }, 240_000);
});
