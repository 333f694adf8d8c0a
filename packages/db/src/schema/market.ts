import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Order sides and statuses of the spot market (GAME §4.1). */
export const ORDER_SIDES = ['buy', 'sell'] as const;
export const ORDER_STATUSES = ['open', 'filled', 'cancelled'] as const;
export const ORDER_KINDS = ['limit', 'market'] as const;

/**
 * One order on a market book, as placed. `seq` is the book's arrival order (price-time priority
 * survives a restart: books are rebuilt ordered by it). A market order never rests: it is stored
 * `filled` or `cancelled` (its unfilled rest dropped) with `price` = 0.
 *
 * Written for the market tick's group commit (migration 0014): the row is inserted once, in its
 * final state when the order closes in its own tick, else as `open`; a fill never touches it. While
 * the order rests, its live `remaining` is in {@link marketOpenOrders}; a fill updates or deletes
 * that row only. So the current state of an `open` row is: resting with the open row's
 * `remaining`, or `filled` (remaining 0) once the open row is gone; a cancel writes `cancelled`
 * and the remaining it released here. The only index is the primary key (player, client order id),
 * which makes a resend idempotent; `player_id` has no foreign key (no row lock on `players` per
 * order): the market room writes only authenticated players' ids, and players are never deleted.
 */
export const marketOrders = pgTable(
  'market_orders',
  {
    /** A UUID v7 made by the market room (time-ordered); trades name orders by it. */
    id: uuid('id').notNull(),
    playerId: uuid('player_id').notNull(),
    clientOrderId: text('client_order_id').notNull(),
    instrument: text('instrument').notNull(),
    side: text('side', { enum: ORDER_SIDES }).notNull(),
    kind: text('kind', { enum: ORDER_KINDS }).notNull().default('limit'),
    price: bigint('price', { mode: 'bigint' }).notNull(),
    size: bigint('size', { mode: 'bigint' }).notNull(),
    remaining: bigint('remaining', { mode: 'bigint' }).notNull(),
    status: text('status', { enum: ORDER_STATUSES }).notNull(),
    seq: bigint('seq', { mode: 'bigint' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // A resend of the same client order id is idempotent: the server answers with this row.
    primaryKey({ name: 'market_orders_player_client_pk', columns: [t.playerId, t.clientOrderId] }),
    check('market_orders_side_check', sql`${t.side} in ('buy', 'sell')`),
    check('market_orders_status_check', sql`${t.status} in ('open', 'filled', 'cancelled')`),
    check('market_orders_amounts_check', sql`${t.size} > 0 and ${t.remaining} >= 0 and ${t.remaining} <= ${t.size} and ${t.price} >= 0`),
  ],
);

/**
 * The resting orders (a row while an order rests, deleted when it fills or is cancelled, in the
 * same transaction): their live `remaining` (a partial fill updates it in place — no index covers
 * it, so the update is HOT; the table is kept half empty), what a book is rebuilt from, and a
 * player's open orders. (player, client order id) leads to the order's row.
 */
export const marketOpenOrders = pgTable(
  'market_open_orders',
  {
    orderId: uuid('order_id').primaryKey(),
    instrument: text('instrument').notNull(),
    seq: bigint('seq', { mode: 'bigint' }).notNull(),
    playerId: uuid('player_id').notNull(),
    clientOrderId: text('client_order_id').notNull(),
    remaining: bigint('remaining', { mode: 'bigint' }).notNull(),
  },
  (t) => [
    index('market_open_orders_book_idx').on(t.instrument, t.seq),
    index('market_open_orders_player_idx').on(t.playerId),
    check('market_open_orders_remaining_check', sql`${t.remaining} > 0`),
  ],
);

/**
 * One trade: always at the maker's price; `fee` is the taker's fee share of this trade, in
 * resistance_credits. `id` (from a sequence) orders the trades. The table has a single index, its
 * primary key (instrument, id), which serves the history (an instrument's latest trades): a tick
 * writes one index entry per trade (migration 0013).
 */
export const marketTrades = pgTable(
  'market_trades',
  {
    id: bigserial('id', { mode: 'bigint' }).notNull(),
    instrument: text('instrument').notNull(),
    makerOrderId: uuid('maker_order_id').notNull(),
    takerOrderId: uuid('taker_order_id').notNull(),
    buyerId: uuid('buyer_id').notNull(),
    sellerId: uuid('seller_id').notNull(),
    /** The taker's side: `buy` means the taker lifted an ask. */
    takerSide: text('taker_side', { enum: ORDER_SIDES }).notNull(),
    price: bigint('price', { mode: 'bigint' }).notNull(),
    size: bigint('size', { mode: 'bigint' }).notNull(),
    fee: bigint('fee', { mode: 'bigint' }).notNull(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.instrument, t.id] })],
);

/** Persisted 1-minute candles (GAME §4.1). */
export const marketCandles = pgTable(
  'market_candles',
  {
    instrument: text('instrument').notNull(),
    start: timestamp('start', { withTimezone: true, precision: 3 }).notNull(),
    open: bigint('open', { mode: 'bigint' }).notNull(),
    high: bigint('high', { mode: 'bigint' }).notNull(),
    low: bigint('low', { mode: 'bigint' }).notNull(),
    close: bigint('close', { mode: 'bigint' }).notNull(),
    volume: bigint('volume', { mode: 'bigint' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.instrument, t.start] })],
);
