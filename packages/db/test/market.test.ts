/**
 * Market persistence: the group commit writes orders, trades and the ledger's double entry in
 * one transaction; a shortfall rolls the whole tick back. Run on PGlite and Postgres.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  balanceOf, createPlayer, createTestDatabase, findOrdersByClientId, ledgerInvariant, listMarketCandles,
  listMarketTrades, loadOpenOrders, lockBalances, openOrdersOfPlayer, marketBalanceKey, marketEscrowCheck, marketSystemAccountId, mint,
  playerAccountIds, withTransaction, writeMarketBatch, type Db, type MarketBatch, type NewMarketOrder, type TestDatabase,
} from '../src/index';
import type { Resource } from '@datavism/rules';

const empty = (): MarketBatch => ({ orders: [], updates: [], trades: [], moves: [], candles: [] });

/** A tick that only rests `order`, moving `escrowed` of `resource` from its player into escrow. */
async function restOrder(tx: Db, order: NewMarketOrder, resource: Resource, escrowed: bigint): Promise<void> {
  const ids = await playerAccountIds(tx, [order.playerId]);
  const escrow = await marketSystemAccountId(tx, 'escrow');
  const batch = empty();
  batch.orders.push(order);
  batch.moves.push({ from: ids.get(order.playerId)!, to: escrow, resource, amount: escrowed, reason: 'market_escrow' });
  await writeMarketBatch(tx, batch);
}

describe.each(['pglite', 'postgres'] as const)('market persistence on %s', (kind) => {
  let test: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    db = test.database.db;
  });
  afterAll(async () => {
    await test?.drop();
  });

  async function newPlayer(): Promise<string> {
    const p = await createPlayer(db, { name: `m_${randomUUID().slice(0, 8)}`, passwordHash: 'x' });
    return p.id;
  }

  it('a tick: escrow at placement, a fill moves escrow to the counterparty, the fee to the community', async () => {
    const seller = await newPlayer();
    const buyer = await newPlayer();
    await withTransaction(db, async (tx) => {
      await mint(tx, { kind: 'player', id: seller }, 'cpu_cycles', 100n, 'test');
      await mint(tx, { kind: 'player', id: buyer }, 'resistance_credits', 10_000n, 'test');
    });
    const sellId = randomUUID();
    const buyId = randomUUID();
    await withTransaction(db, async (tx) => {
      const ids = await playerAccountIds(tx, [seller, buyer]);
      const escrow = await marketSystemAccountId(tx, 'escrow');
      const community = await marketSystemAccountId(tx, 'community');
      const locked = await lockBalances(tx, [...ids.values(), escrow], ['resistance_credits', 'cpu_cycles']);
      expect(locked.get(marketBalanceKey(ids.get(seller)!, 'cpu_cycles'))).toBe(100n);
      const batch = empty();
      // The seller rests 10 @ 50 (escrows 10 cpu); the buyer takes 4 (pays 200 + fee 4 = ceil(2 %)).
      batch.orders.push(
        { id: sellId, playerId: seller, clientOrderId: 's1', instrument: 'cpu_cycles', side: 'sell', kind: 'limit', price: 50n, size: 10n, remaining: 6n, status: 'open', seq: 1n },
        { id: buyId, playerId: buyer, clientOrderId: 'b1', instrument: 'cpu_cycles', side: 'buy', kind: 'limit', price: 60n, size: 4n, remaining: 0n, status: 'filled', seq: 2n },
      );
      batch.trades.push({ instrument: 'cpu_cycles', makerOrderId: sellId, takerOrderId: buyId, buyerId: buyer, sellerId: seller, takerSide: 'buy', price: 50n, size: 4n, fee: 4n, at: 120_500 });
      batch.moves.push(
        { from: ids.get(seller)!, to: escrow, resource: 'cpu_cycles', amount: 10n, reason: 'market_escrow' },
        { from: escrow, to: ids.get(buyer)!, resource: 'cpu_cycles', amount: 4n, reason: 'market_fill' },
        { from: ids.get(buyer)!, to: ids.get(seller)!, resource: 'resistance_credits', amount: 200n, reason: 'market_fill' },
        { from: ids.get(buyer)!, to: community, resource: 'resistance_credits', amount: 4n, reason: 'market_fee' },
      );
      batch.candles.push({ instrument: 'cpu_cycles', start: 120_000, open: 50n, high: 50n, low: 50n, close: 50n, volume: 4n });
      await writeMarketBatch(tx, batch);
    });
    expect(await balanceOf(db, { kind: 'player', id: seller }, 'cpu_cycles')).toBe(90n);
    expect(await balanceOf(db, { kind: 'player', id: seller }, 'resistance_credits')).toBe(200n);
    expect(await balanceOf(db, { kind: 'player', id: buyer }, 'resistance_credits')).toBe(9_796n);
    expect(await balanceOf(db, { kind: 'player', id: buyer }, 'cpu_cycles')).toBe(4n);
    expect(await balanceOf(db, { kind: 'community' }, 'resistance_credits')).toBe(4n);
    expect((await ledgerInvariant(db)).every((l) => l.holds)).toBe(true);
    expect((await marketEscrowCheck(db)).every((l) => l.holds)).toBe(true);
    const open = await loadOpenOrders(db, 'cpu_cycles');
    expect(open.map((o) => [o.id, o.remaining])).toEqual([[sellId, 6n]]);
    const again = await findOrdersByClientId(db, [{ playerId: buyer, clientOrderId: 'b1' }, { playerId: seller, clientOrderId: 'nope' }]);
    expect(again.map((o) => o.id)).toEqual([buyId]);
    const [trade] = await listMarketTrades(db, 'cpu_cycles', 10);
    expect(trade).toMatchObject({ price: 50n, size: 4n, fee: 4n, makerOrderId: sellId, takerOrderId: buyId });
    expect(trade.at.getTime()).toBe(120_500);
    const candles = await listMarketCandles(db, 'cpu_cycles', { from: 0, to: 200_000, limit: 10 });
    expect(candles).toEqual([{ instrument: 'cpu_cycles', start: 120_000, open: 50n, high: 50n, low: 50n, close: 50n, volume: 4n }]);
    expect((await openOrdersOfPlayer(db, seller)).map((o) => o.id)).toEqual([sellId]);

    // A partial fill keeps the order open; a cancel closes it and releases the rest of its escrow.
    await withTransaction(db, async (tx) => {
      const batch = empty();
      batch.updates.push({ id: sellId, remaining: 6n, status: 'open' });
      await writeMarketBatch(tx, batch);
    });
    expect((await loadOpenOrders(db, 'cpu_cycles')).map((o) => [o.id, o.remaining])).toEqual([[sellId, 6n]]);
    await withTransaction(db, async (tx) => {
      const ids = await playerAccountIds(tx, [seller]);
      const escrow = await marketSystemAccountId(tx, 'escrow');
      const batch = empty();
      batch.updates.push({ id: sellId, remaining: 6n, status: 'cancelled' });
      batch.moves.push({ from: escrow, to: ids.get(seller)!, resource: 'cpu_cycles', amount: 6n, reason: 'market_cancel' });
      await writeMarketBatch(tx, batch);
    });
    expect(await loadOpenOrders(db, 'cpu_cycles')).toEqual([]);
    expect(await openOrdersOfPlayer(db, seller)).toEqual([]);
    expect((await findOrdersByClientId(db, [{ playerId: seller, clientOrderId: 's1' }]))[0]).toMatchObject({ status: 'cancelled', remaining: 6n });
    expect(await balanceOf(db, { kind: 'player', id: seller }, 'cpu_cycles')).toBe(96n);
    expect((await marketEscrowCheck(db)).every((l) => l.holds)).toBe(true);
    expect((await ledgerInvariant(db)).every((l) => l.holds)).toBe(true);

    // A resting order of an earlier tick filled in two later ticks: partly (its live remaining
    // changes), then fully (it reads as filled with 0 left and leaves the open orders).
    const restId = randomUUID();
    const fill = (remaining: bigint, status: 'open' | 'filled', size: bigint, seq: bigint) => withTransaction(db, async (tx) => {
      const ids = await playerAccountIds(tx, [seller, buyer]);
      const escrow = await marketSystemAccountId(tx, 'escrow');
      const batch = empty();
      const takerId = randomUUID();
      batch.orders.push({ id: takerId, playerId: buyer, clientOrderId: `t${seq}`, instrument: 'cpu_cycles', side: 'buy', kind: 'limit', price: 40n, size, remaining: 0n, status: 'filled', seq });
      batch.updates.push({ id: restId, remaining, status });
      batch.trades.push({ instrument: 'cpu_cycles', makerOrderId: restId, takerOrderId: takerId, buyerId: buyer, sellerId: seller, takerSide: 'buy', price: 40n, size, fee: 0n, at: 130_000 });
      batch.moves.push(
        { from: escrow, to: ids.get(buyer)!, resource: 'cpu_cycles', amount: size, reason: 'market_fill' },
        { from: ids.get(buyer)!, to: ids.get(seller)!, resource: 'resistance_credits', amount: 40n * size, reason: 'market_fill' },
      );
      await writeMarketBatch(tx, batch);
    });
    await withTransaction(db, (tx) => restOrder(tx,
      { id: restId, playerId: seller, clientOrderId: 'r1', instrument: 'cpu_cycles', side: 'sell', kind: 'limit', price: 40n, size: 3n, remaining: 3n, status: 'open', seq: 3n },
      'cpu_cycles', 3n));
    await fill(1n, 'open', 2n, 4n);
    expect((await loadOpenOrders(db, 'cpu_cycles')).map((o) => [o.id, o.remaining, o.status])).toEqual([[restId, 1n, 'open']]);
    expect((await findOrdersByClientId(db, [{ playerId: seller, clientOrderId: 'r1' }]))[0]).toMatchObject({ status: 'open', remaining: 1n, size: 3n });
    expect((await marketEscrowCheck(db)).every((l) => l.holds)).toBe(true);
    await fill(0n, 'filled', 1n, 5n);
    expect(await loadOpenOrders(db, 'cpu_cycles')).toEqual([]);
    expect((await findOrdersByClientId(db, [{ playerId: seller, clientOrderId: 'r1' }]))[0]).toMatchObject({ status: 'filled', remaining: 0n, size: 3n });
    expect((await findOrdersByClientId(db, [{ playerId: buyer, clientOrderId: 't4' }]))[0]).toMatchObject({ status: 'filled', remaining: 0n });
    expect(await balanceOf(db, { kind: 'player', id: seller }, 'cpu_cycles')).toBe(93n);
    expect((await marketEscrowCheck(db)).every((l) => l.holds)).toBe(true);
    expect((await ledgerInvariant(db)).every((l) => l.holds)).toBe(true);
  });

  it('a debit beyond the balance rolls the whole tick back: no order, no trade, no money moved', async () => {
    const p = await newPlayer();
    await withTransaction(db, (tx) => mint(tx, { kind: 'player', id: p }, 'resistance_credits', 10n, 'test'));
    const orderId = randomUUID();
    await expect(withTransaction(db, (tx) => restOrder(tx,
      { id: orderId, playerId: p, clientOrderId: 'x', instrument: 'data_credits', side: 'buy', kind: 'limit', price: 11n, size: 1n, remaining: 1n, status: 'open', seq: 1n },
      'resistance_credits', 11n))).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
    expect(await balanceOf(db, { kind: 'player', id: p }, 'resistance_credits')).toBe(10n);
    expect(await findOrdersByClientId(db, [{ playerId: p, clientOrderId: 'x' }])).toEqual([]);
    expect((await ledgerInvariant(db)).every((l) => l.holds)).toBe(true);
  });
});
