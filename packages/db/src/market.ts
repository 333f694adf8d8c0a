/**
 * Persistence of the spot market (GAME §4.1): orders, trades, candles, and the
 * market's group commit — one tick's orders, trades, order updates and ledger transfers written
 * together in the caller's transaction with a handful of set-based statements.
 */
import { sql, type SQL } from 'drizzle-orm';
import { GameError, RESOURCES, type Resource } from '@datavism/rules';
import type { Db, Tx } from './client';
import { accountId, balancesForUpdate, completePlayerAccounts, creditCte, playerAccountsCtes, transferCtes } from './ledger';
import { queryRows, toBigInt, toNumber } from './sql';

/** An order row as the market reads it back. */
export interface StoredOrder {
  id: string;
  playerId: string;
  clientOrderId: string;
  instrument: string;
  side: 'buy' | 'sell';
  kind: 'limit' | 'market';
  price: bigint;
  size: bigint;
  remaining: bigint;
  status: 'open' | 'filled' | 'cancelled';
  seq: bigint;
  createdAt: Date;
}

/** A new order of the tick, with its state after matching. */
export type NewMarketOrder = Omit<StoredOrder, 'createdAt'>;

/** A resting order that traded or was cancelled during the tick. */
export interface MarketOrderUpdate {
  id: string;
  remaining: bigint;
  status: 'open' | 'filled' | 'cancelled';
}

/** One trade to record. */
export interface NewMarketTrade {
  instrument: string;
  makerOrderId: string;
  takerOrderId: string;
  buyerId: string;
  sellerId: string;
  takerSide: 'buy' | 'sell';
  price: bigint;
  size: bigint;
  fee: bigint;
  /** Epoch ms. */
  at: number;
}

/** A stored trade, for history. */
export interface StoredTrade extends Omit<NewMarketTrade, 'at'> {
  id: bigint;
  at: Date;
}

/** A 1-minute candle; `start` in epoch ms. */
export interface StoredCandle {
  instrument: string;
  start: number;
  open: bigint;
  high: bigint;
  low: bigint;
  close: bigint;
  volume: bigint;
}

/** One ledger transfer between accounts known by id (both legs are written). */
export interface MarketLedgerMove {
  from: number;
  to: number;
  resource: Resource;
  amount: bigint;
  reason: string;
}

/** Everything one market tick commits. */
export interface MarketBatch {
  orders: NewMarketOrder[];
  updates: MarketOrderUpdate[];
  trades: NewMarketTrade[];
  moves: MarketLedgerMove[];
  candles: StoredCandle[];
}

/**
 * Row sets go to Postgres as one JSON array of arrays (callers write bigints as strings, which
 * the casts read back exactly), unpacked with `jsonb_array_elements` and `x->>i`: no replacer
 * call per value in Node, and about half the bytes of an array of objects for Postgres to parse
 * (BENCHMARKS.md, issue 4). Flat lists of ids go as plain JSON arrays.
 */
type Cell = string | number | null;
function tuples(rows: ReadonlyArray<readonly Cell[]>): string {
  return JSON.stringify(rows);
}

function balanceKey(account: number, resource: string): string {
  return `${account}:${resource}`;
}

/** The ledger account ids of players (created on first use), in one statement for the whole set. */
export async function playerAccountIds(tx: Db, playerIds: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (playerIds.length === 0) return out;
  const rows = await queryRows<{ id: unknown; owner_id: string }>(
    tx,
    sql`WITH ${playerAccountsCtes(playerIds)} SELECT id, owner_id FROM player_accounts`,
  );
  for (const r of rows) out.set(r.owner_id, toNumber(r.id));
  await completePlayerAccounts(tx, playerIds, out);
  return out;
}

/** The id of a system account used by the market (`escrow`, `community`). */
export function marketSystemAccountId(tx: Db, kind: 'escrow' | 'community'): Promise<number> {
  return accountId(tx, { kind });
}

/**
 * Locks the balance rows of `accounts × resources` (in account-id order, like the ledger, so
 * no deadlock with single transfers) until the transaction ends, and returns their amounts
 * keyed `account:resource` (missing rows read as 0n).
 */
export async function lockBalances(
  tx: Db,
  accountIds: readonly number[],
  resources: readonly Resource[],
): Promise<Map<string, bigint>> {
  const out = new Map<string, bigint>();
  if (accountIds.length === 0) return out;
  const rows = await queryRows<{ account_id: unknown; resource: string; amount: unknown }>(
    tx,
    balancesForUpdate(
      sql`SELECT (jsonb_array_elements_text(${JSON.stringify([...new Set(accountIds)])}::jsonb))::bigint`,
      sql`SELECT jsonb_array_elements_text(${JSON.stringify(resources)}::jsonb)`,
    ),
  );
  for (const r of rows) out.set(balanceKey(toNumber(r.account_id), r.resource), toBigInt(r.amount));
  return out;
}

/** The balance key used by {@link lockBalances}. */
export { balanceKey as marketBalanceKey };

const ORDER_COLUMNS = sql`o.id, o.player_id, o.client_order_id, o.instrument, o.side, o.kind, o.price::text AS price,
  o.size::text AS size, o.seq::text AS seq, o.created_at`;

/**
 * The current state of an order row `o` with its open row `b` (LEFT JOINed): a row stored `open` is
 * resting while its open row exists (with that row's remaining) and filled once it is gone.
 */
const ORDER_STATE = sql`CASE WHEN o.status <> 'open' THEN o.status WHEN b.order_id IS NOT NULL THEN 'open' ELSE 'filled' END AS status,
  (CASE WHEN o.status <> 'open' THEN o.remaining WHEN b.order_id IS NOT NULL THEN b.remaining ELSE 0 END)::text AS remaining`;

/** Resting orders: open rows `b` with their order rows `o`. */
const RESTING = sql`market_open_orders b JOIN market_orders o ON o.player_id = b.player_id AND o.client_order_id = b.client_order_id`;

function toOrder(r: Record<string, unknown>): StoredOrder {
  return {
    id: String(r.id),
    playerId: String(r.player_id),
    clientOrderId: String(r.client_order_id),
    instrument: String(r.instrument),
    side: r.side as StoredOrder['side'],
    kind: r.kind as StoredOrder['kind'],
    price: toBigInt(r.price),
    size: toBigInt(r.size),
    remaining: toBigInt(r.remaining),
    status: r.status as StoredOrder['status'],
    seq: toBigInt(r.seq),
    createdAt: new Date(r.created_at as string | Date),
  };
}

/** Orders already placed under these (player, client order id) pairs: a resend returns them. */
export async function findOrdersByClientId(
  tx: Db,
  keys: ReadonlyArray<{ playerId: string; clientOrderId: string }>,
): Promise<StoredOrder[]> {
  if (keys.length === 0) return [];
  const rows = await queryRows(
    tx,
    sql`SELECT ${ORDER_COLUMNS}, ${ORDER_STATE} FROM market_orders o LEFT JOIN market_open_orders b ON b.order_id = o.id
        WHERE (o.player_id, o.client_order_id) IN (
          SELECT (k->>0)::uuid, k->>1 FROM jsonb_array_elements(${tuples(keys.map((k) => [k.playerId, k.clientOrderId]))}::jsonb) AS k)`,
  );
  return rows.map(toOrder);
}

/** The open orders of an instrument in arrival order: what a book is rebuilt from. */
export async function loadOpenOrders(db: Db, instrument: string): Promise<StoredOrder[]> {
  const rows = await queryRows(
    db,
    sql`SELECT ${ORDER_COLUMNS}, 'open' AS status, b.remaining::text AS remaining FROM ${RESTING}
        WHERE b.instrument = ${instrument} ORDER BY b.seq`,
  );
  return rows.map(toOrder);
}

/** The highest arrival number used on an instrument (0n when none). */
export async function lastOrderSeq(db: Db, instrument: string): Promise<bigint> {
  const [row] = await queryRows<{ seq: unknown }>(
    db,
    sql`SELECT coalesce(max(seq), 0)::text AS seq FROM market_orders WHERE instrument = ${instrument}`,
  );
  return toBigInt(row?.seq);
}

/** A player's open orders, on one instrument or all, oldest first. */
export async function openOrdersOfPlayer(db: Db, playerId: string, instrument?: string): Promise<StoredOrder[]> {
  const rows = await queryRows(
    db,
    sql`SELECT ${ORDER_COLUMNS}, 'open' AS status, b.remaining::text AS remaining FROM ${RESTING}
        WHERE b.player_id = ${playerId} ${instrument === undefined ? sql`` : sql`AND b.instrument = ${instrument}`}
        ORDER BY b.seq`,
  );
  return rows.map(toOrder);
}

const TRADE_COLUMNS = sql`id::text AS id, instrument, maker_order_id, taker_order_id, buyer_id, seller_id, taker_side,
  price::text AS price, size::text AS size, fee::text AS fee, at`;

function toTrade(r: Record<string, unknown>): StoredTrade {
  return {
    id: toBigInt(r.id),
    instrument: String(r.instrument),
    makerOrderId: String(r.maker_order_id),
    takerOrderId: String(r.taker_order_id),
    buyerId: String(r.buyer_id),
    sellerId: String(r.seller_id),
    takerSide: r.taker_side as 'buy' | 'sell',
    price: toBigInt(r.price),
    size: toBigInt(r.size),
    fee: toBigInt(r.fee),
    at: new Date(r.at as string | Date),
  };
}

/** The latest trades of an instrument, newest first. */
export async function listMarketTrades(db: Db, instrument: string, limit: number): Promise<StoredTrade[]> {
  const rows = await queryRows(
    db,
    sql`SELECT ${TRADE_COLUMNS} FROM market_trades WHERE instrument = ${instrument} ORDER BY id DESC LIMIT ${limit}`,
  );
  return rows.map(toTrade);
}

/** Persisted candles of an instrument with `from ≤ start < to` (epoch ms), oldest first, at most `limit`. */
export async function listMarketCandles(
  db: Db,
  instrument: string,
  range: { from: number; to: number; limit: number },
): Promise<StoredCandle[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`SELECT instrument, (extract(epoch from start) * 1000)::bigint::text AS start, open::text AS open, high::text AS high,
          low::text AS low, close::text AS close, volume::text AS volume
        FROM market_candles
        WHERE instrument = ${instrument} AND start >= to_timestamp(${range.from}::double precision / 1000)
          AND start < to_timestamp(${range.to}::double precision / 1000)
        ORDER BY start DESC LIMIT ${range.limit}`,
  );
  return rows
    .map((r) => ({
      instrument: String(r.instrument),
      start: Number(r.start),
      open: toBigInt(r.open),
      high: toBigInt(r.high),
      low: toBigInt(r.low),
      close: toBigInt(r.close),
      volume: toBigInt(r.volume),
    }))
    .reverse();
}

/**
 * Writes one market tick in the caller's transaction: new orders, order updates, trades,
 * candles, and the ledger moves (a `transfers` row and its two `ledger_entries` legs per
 * move — the caller merges its moves — and the net balance change per account and resource).
 *
 * The caller has locked the debited balance rows ({@link lockBalances}) and checked every debit
 * against them; the conditional debit here is the last line of defence: a shortfall throws
 * `INSUFFICIENT_FUNDS` and the caller's transaction rolls back.
 */
export async function writeMarketBatch(tx: Db, batch: MarketBatch): Promise<void> {
  // One statement, one round trip: its parts run on one snapshot, so an order placed in this batch
  // is inserted in its final state (a later fill of it in the batch is folded into the row) and
  // only the orders of earlier batches are updated or leave the open orders.
  const latest = new Map(batch.updates.map((u) => [u.id, u]));
  const placed = new Set(batch.orders.map((o) => o.id));
  const orders = batch.orders.map((o) => {
    const u = latest.get(o.id);
    return u ? { ...o, remaining: u.remaining, status: u.status } : o;
  });
  const updates = [...latest.values()].filter((u) => !placed.has(u.id));
  const resting = orders.filter((o) => o.status === 'open');
  // Orders of earlier ticks: a partial fill updates the open row's remaining; a full fill deletes
  // the open row (the order row, stored `open`, then reads as filled); a cancel deletes it and
  // records the status and released remaining on the order row.
  const partial = updates.filter((u) => u.status === 'open');
  const closed = updates.filter((u) => u.status !== 'open').map((u) => u.id);
  const cancelled = updates.filter((u) => u.status === 'cancelled');
  const ledger = ledgerRows(batch.moves);
  // Only the non-empty parts enter the statement: a part that writes nothing would still lock its
  // table, and a tick with no trades has no business waiting on the trades or candles tables.
  const parts: SQL[] = [];
  if (orders.length > 0) {
    parts.push(sql`new_orders AS (
        INSERT INTO market_orders (id, player_id, client_order_id, instrument, side, kind, price, size, remaining, status, seq)
        SELECT (x->>0)::uuid, (x->>1)::uuid, x->>2, x->>3, x->>4, x->>5, (x->>6)::bigint, (x->>7)::bigint,
          (x->>8)::bigint, x->>9, (x->>10)::bigint
        FROM jsonb_array_elements(${tuples(orders.map((o) => [
          o.id, o.playerId, o.clientOrderId, o.instrument, o.side, o.kind, o.price.toString(), o.size.toString(),
          o.remaining.toString(), o.status, o.seq.toString(),
        ]))}::jsonb) AS x)`);
  }
  if (resting.length > 0) {
    parts.push(sql`new_open AS (
        INSERT INTO market_open_orders (order_id, instrument, seq, player_id, client_order_id, remaining)
        SELECT (x->>0)::uuid, x->>1, (x->>2)::bigint, (x->>3)::uuid, x->>4, (x->>5)::bigint
        FROM jsonb_array_elements(${tuples(resting.map((o) => [
          o.id, o.instrument, o.seq.toString(), o.playerId, o.clientOrderId, o.remaining.toString(),
        ]))}::jsonb) AS x)`);
  }
  if (partial.length > 0) {
    parts.push(sql`partly_filled AS (
        UPDATE market_open_orders b SET remaining = (x->>1)::bigint
        FROM jsonb_array_elements(${tuples(partial.map((u) => [u.id, u.remaining.toString()]))}::jsonb) AS x
        WHERE b.order_id = (x->>0)::uuid)`);
  }
  if (closed.length > 0) {
    parts.push(sql`closed AS (
        DELETE FROM market_open_orders
        WHERE order_id IN (SELECT x::uuid FROM jsonb_array_elements_text(${JSON.stringify(closed)}::jsonb) AS x)
        RETURNING order_id, player_id, client_order_id)`);
  }
  if (cancelled.length > 0) {
    parts.push(sql`cancelled AS (
        UPDATE market_orders o SET status = 'cancelled', remaining = (x->>1)::bigint
        FROM jsonb_array_elements(${tuples(cancelled.map((u) => [u.id, u.remaining.toString()]))}::jsonb) AS x
        JOIN closed c ON c.order_id = (x->>0)::uuid
        WHERE o.player_id = c.player_id AND o.client_order_id = c.client_order_id)`);
  }
  if (batch.trades.length > 0) {
    parts.push(sql`trades AS (
        INSERT INTO market_trades (instrument, maker_order_id, taker_order_id, buyer_id, seller_id, taker_side, price, size, fee, at)
        SELECT x->>0, (x->>1)::uuid, (x->>2)::uuid, (x->>3)::uuid, (x->>4)::uuid, x->>5, (x->>6)::bigint,
          (x->>7)::bigint, (x->>8)::bigint, to_timestamp((x->>9)::bigint / 1000.0)
        FROM jsonb_array_elements(${tuples(batch.trades.map((t) => [
          t.instrument, t.makerOrderId, t.takerOrderId, t.buyerId, t.sellerId, t.takerSide, t.price.toString(),
          t.size.toString(), t.fee.toString(), t.at,
        ]))}::jsonb) WITH ORDINALITY AS e(x, n)
        ORDER BY n)`);
  }
  if (batch.candles.length > 0) {
    parts.push(sql`candles AS (
        INSERT INTO market_candles (instrument, start, open, high, low, close, volume)
        SELECT x->>0, to_timestamp((x->>1)::bigint / 1000.0), (x->>2)::bigint, (x->>3)::bigint, (x->>4)::bigint,
          (x->>5)::bigint, (x->>6)::bigint
        FROM jsonb_array_elements(${tuples(batch.candles.map((c) => [
          c.instrument, c.start, c.open.toString(), c.high.toString(), c.low.toString(), c.close.toString(), c.volume.toString(),
        ]))}::jsonb) AS x
        ON CONFLICT (instrument, start) DO UPDATE SET high = excluded.high, low = excluded.low, close = excluded.close,
          volume = excluded.volume)`);
  }
  if (ledger.transfers.length > 0) {
    parts.push(transferCtes('new_transfers', sql`
        SELECT (x->>0)::bigint, (x->>1)::bigint, x->>2, (x->>3)::bigint, x->>4, NULL::text
        FROM jsonb_array_elements(${tuples(ledger.transfers)}::jsonb) WITH ORDINALITY AS e(x, n)
        ORDER BY n`));
  }
  if (ledger.debits.length > 0) {
    parts.push(sql`debited AS (
        UPDATE balances b SET amount = b.amount - x.d
        FROM (SELECT (e->>0)::bigint AS a, e->>1 AS r, (e->>2)::bigint AS d FROM jsonb_array_elements(${tuples(ledger.debits)}::jsonb) AS e) x
        WHERE b.account_id = x.a AND b.resource = x.r AND b.amount >= x.d
        RETURNING 1)`);
  }
  if (ledger.credits.length > 0) {
    parts.push(creditCte('credited', sql`
        SELECT (e->>0)::bigint AS a, e->>1 AS r, (e->>2)::bigint AS d FROM jsonb_array_elements(${tuples(ledger.credits)}::jsonb) AS e
        ORDER BY a, r`));
  }
  if (parts.length > 0) {
    const debited = ledger.debits.length > 0 ? sql`(SELECT count(*) FROM debited)::int` : sql`0`;
    const [row] = await queryRows<{ debited: unknown }>(tx, sql`WITH ${sql.join(parts, sql`, `)} SELECT ${debited} AS debited`);
    // The conditional debit is the last line of defence: a shortfall rolls the whole tick back.
    if (toNumber(row?.debited) !== ledger.debits.length) {
      throw new GameError('INSUFFICIENT_FUNDS', 'a market debit exceeded its balance; the tick is rolled back');
    }
  }
}

/**
 * The ledger's double entry for many moves at once, as rows: one transfer per move (the market
 * engine already merges a tick's moves per (from, to, resource, reason) as it plans them; the
 * trades table keeps every fill), and the net balance change per (account, resource) as debits
 * and credits.
 */
function ledgerRows(moves: readonly MarketLedgerMove[]): { transfers: Cell[][]; debits: Cell[][]; credits: Cell[][] } {
  const live = moves.filter((m) => m.amount > 0n);
  const net = new Map<string, { account: number; resource: string; delta: bigint }>();
  const add = (account: number, resource: string, delta: bigint) => {
    const k = balanceKey(account, resource);
    const e = net.get(k);
    if (e) e.delta += delta;
    else net.set(k, { account, resource, delta });
  };
  for (const m of live) {
    if (m.from === m.to) throw new GameError('BAD_REQUEST', 'a market move from an account to itself');
    add(m.from, m.resource, -m.amount);
    add(m.to, m.resource, m.amount);
  }
  const changes = [...net.values()];
  return {
    transfers: live.map((m) => [m.from, m.to, m.resource, m.amount.toString(), m.reason]),
    debits: changes.filter((e) => e.delta < 0n).map((e) => [e.account, e.resource, (-e.delta).toString()]),
    credits: changes.filter((e) => e.delta > 0n).map((e) => [e.account, e.resource, e.delta.toString()]),
  };
}

/** Per resource: the market escrow account's balance and what the open orders say it must hold. */
export interface MarketEscrowLine {
  resource: Resource;
  escrow: bigint;
  openOrders: bigint;
  holds: boolean;
}

/**
 * The market's conservation check: what the market moved into the escrow account and not out
 * again (the entries of its `market_*` transfers) is, per resource, exactly the open orders'
 * remaining escrow — Σ price × remaining of open buys in resistance_credits, Σ remaining of open
 * sells in their instrument. The escrow account is shared (operation pools and contributions,
 * proposal deposits sit there too), so its balance alone says nothing about the market.
 */
export async function marketEscrowCheck(db: Db): Promise<MarketEscrowLine[]> {
  const rows = await queryRows<{ resource: string; escrow: unknown; open_orders: unknown }>(
    db,
    sql`SELECT r.resource,
          (SELECT coalesce(sum(e.delta), 0) FROM ledger_entries e
             JOIN accounts a ON a.id = e.account_id AND a.kind = 'escrow'
             JOIN transfers t ON t.id = e.transfer_id AND t.reason LIKE 'market\_%'
            WHERE e.resource = r.resource)::text AS escrow,
          ((SELECT coalesce(sum(o.price * b.remaining), 0) FROM ${RESTING}
              WHERE o.side = 'buy' AND r.resource = 'resistance_credits')
           + (SELECT coalesce(sum(b.remaining), 0) FROM ${RESTING}
              WHERE o.side = 'sell' AND o.instrument = r.resource))::text AS open_orders
        FROM (VALUES ${sql.join(RESOURCES.map((r) => sql`(${r})`), sql`, `)}) AS r(resource)`,
  );
  return rows.map((r) => {
    const escrow = toBigInt(r.escrow);
    const openOrders = toBigInt(r.open_orders);
    return { resource: r.resource as Resource, escrow, openOrders, holds: escrow === openOrders };
  });
}

/** Convenience for tests and tools: run a market batch in its own transaction. */
export function commitMarketBatch(db: Db, batch: MarketBatch): Promise<void> {
  return db.transaction((tx) => writeMarketBatch(tx as Tx, batch));
}
