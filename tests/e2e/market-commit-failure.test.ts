import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchMaker } from '@colyseus/core';
import { balanceOf, ledgerInvariant, marketEscrowCheck } from '@datavism/db';
import { startGame, type RunningGame } from '../utils/game';
import { directPlayer, fund, joinMarket } from '../utils/market';
import { sleep, waitFor } from '../utils/env';

// A fresh database: the market's first tick is the one that creates the escrow account. Jobs
// off: on a Friday the calendar's operations would escrow their pools (and create it) first.
let run: RunningGame;
const db = () => run.game.services.database.db;
const sql = async (text: string): Promise<any[]> => (await (db() as any).$client.query(text)).rows;
const systemAccounts = async () => Number((await sql(`SELECT count(*) AS n FROM accounts WHERE kind IN ('escrow', 'community')`))[0].n);

beforeAll(async () => {
  run = await startGame({ db: 'postgres', env: { JOBS: 'off' } });
});
afterAll(async () => {
  await run?.close();
});

describe('a market tick whose commit fails', () => {
  it('leaves no trace, an order placed during the rebuild waits for it (up to one tick\'s worth, then RATE_LIMITED), and the next tick does not reuse account ids from the rolled-back transaction', async () => {
    expect(await systemAccounts()).toBe(0);
    const seller = await directPlayer(db(), run.game.services.config.jwtSecret);
    await fund(db(), seller.id, { cpu_cycles: 100n });
    const m = await joinMarket(run.url, seller.token, 'cpu_cycles');

    await sql(`CREATE FUNCTION test_fail_tick() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$`);
    await sql(`CREATE TRIGGER test_fail_tick BEFORE INSERT ON market_orders FOR EACH STATEMENT EXECUTE FUNCTION test_fail_tick()`);
    // Another session holds the candles table, so the book's rebuild after the failure waits.
    const holder = await (db() as any).$client.connect();
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE market_candles IN ACCESS EXCLUSIVE MODE');
    try {
      m.room.send('place_order', { clientOrderId: 'a', side: 'sell', type: 'limit', price: 50, size: 10 });
      expect(await m.answer('a')).toMatchObject({ code: 'INTERNAL', clientOrderId: 'a' });
      expect(await systemAccounts()).toBe(0); // the escrow account created in that tick rolled back with it
      await sql('DROP TRIGGER test_fail_tick ON market_orders');
      await waitFor(async () => (await sql(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%market_candles%'`)).length > 0, 10_000, 'the rebuild waiting');

      // An order placed while the book is being rebuilt waits for it; it is not refused.
      m.room.send('place_order', { clientOrderId: 'b', side: 'sell', type: 'limit', price: 50, size: 10 });
      await sleep(300);
      expect(m.errors.filter((e) => e.clientOrderId !== 'a')).toEqual([]);

      // At most one tick's worth (20,000 inputs) waits: with the queue full, an order is refused
      // with RATE_LIMITED and its own clientOrderId. (The filler is queued straight into the room:
      // no client may send that many that fast; they are cancels of an unknown order.)
      const [listing] = await matchMaker.query({ name: 'market' });
      const room = matchMaker.getLocalRoomById(listing.roomId) as unknown as { queue: unknown[] };
      expect(room.queue).toHaveLength(1);
      const filler = { send: () => {} };
      for (let i = room.queue.length; i < 20_000; i++) {
        room.queue.push({ input: { kind: 'cancel', playerId: seller.id, orderId: `none-${i}` }, client: filler, at: performance.now() });
      }
      m.room.send('place_order', { clientOrderId: 'c', side: 'sell', type: 'limit', price: 50, size: 1 });
      expect(await m.answer('c')).toMatchObject({ code: 'RATE_LIMITED', clientOrderId: 'c', type: 'place_order' });
      expect(room.queue).toHaveLength(20_000);
    } finally {
      await holder.query('COMMIT');
      holder.release();
    }
    expect(await m.answer('b')).toMatchObject({ clientOrderId: 'b', status: 'open', remaining: '10' });
    expect(await balanceOf(db(), { kind: 'player', id: seller.id }, 'cpu_cycles')).toBe(90n);
    expect(await balanceOf(db(), { kind: 'escrow' }, 'cpu_cycles')).toBe(10n);
    expect((await ledgerInvariant(db())).filter((l) => !l.holds)).toEqual([]);
    expect((await marketEscrowCheck(db())).filter((l) => !l.holds)).toEqual([]);
  });
});
