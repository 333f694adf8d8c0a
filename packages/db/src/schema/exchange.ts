import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { players } from './players';

/**
 * A constant-product liquidity pool of one tradeable resource against resistance_credits
 * (GAME §4.2). The reserves are NOT stored here: they are the balances of the ledger account
 * `{kind: 'pool', id: resource}`, so every unit is covered by the ledger's invariant. This row
 * is what a swap locks (`FOR UPDATE`) so that swaps on one pool serialize.
 */
export const pools = pgTable('pools', {
  resource: text('resource').primaryKey(),
  seededAt: timestamp('seeded_at', { withTimezone: true }).notNull().defaultNow(),
  swapCount: bigint('swap_count', { mode: 'number' }).notNull().default(0),
});

export const SWAP_DIRECTIONS = ['buy', 'sell'] as const;

/** One executed swap; `(player_id, client_key)` makes a client's retry return the same swap. */
export const poolSwaps = pgTable(
  'pool_swaps',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    playerId: uuid('player_id').notNull().references(() => players.id),
    resource: text('resource').notNull().references(() => pools.resource),
    direction: text('direction', { enum: SWAP_DIRECTIONS }).notNull(),
    amountIn: bigint('amount_in', { mode: 'bigint' }).notNull(),
    amountOut: bigint('amount_out', { mode: 'bigint' }).notNull(),
    fee: bigint('fee', { mode: 'bigint' }).notNull(),
    clientKey: text('client_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('pool_swaps_player_key_unique').on(t.playerId, t.clientKey),
    index('pool_swaps_resource_idx').on(t.resource, t.id),
    check('pool_swaps_direction_check', sql`${t.direction} in ('buy', 'sell')`),
    check('pool_swaps_amounts_positive', sql`${t.amountIn} > 0 and ${t.amountOut} > 0 and ${t.fee} >= 0`),
  ],
);

export const AUCTION_STATUSES = ['open', 'settled'] as const;
export type AuctionStatus = (typeof AUCTION_STATUSES)[number];

/**
 * An English auction (GAME §4.3). The item (resource kind) and the top bid sit in the ledger
 * account `{kind: 'auction', id}`; titles and cosmetic sets are granted at settlement.
 * `seller_id` null = a system auction (created by a GM/admin): the price goes to the community.
 */
export const auctions = pgTable(
  'auctions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sellerId: uuid('seller_id').references(() => players.id),
    createdBy: uuid('created_by').notNull().references(() => players.id),
    itemKind: text('item_kind').notNull(),
    itemName: text('item_name').notNull(),
    /** For `resource` items: which resource and how many units. */
    itemResource: text('item_resource'),
    itemAmount: bigint('item_amount', { mode: 'bigint' }),
    reservePrice: bigint('reserve_price', { mode: 'bigint' }).notNull(),
    topBid: bigint('top_bid', { mode: 'bigint' }),
    topBidderId: uuid('top_bidder_id').references(() => players.id),
    bidCount: integer('bid_count').notNull().default(0),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: AUCTION_STATUSES }).notNull().default('open'),
    settledAt: timestamp('settled_at', { withTimezone: true }),
    /** Idempotency of creation: a GM's retried create returns the same auction. */
    clientKey: text('client_key').notNull(),
  },
  (t) => [
    unique('auctions_creator_key_unique').on(t.createdBy, t.clientKey),
    index('auctions_status_ends_idx').on(t.status, t.endsAt),
    check('auctions_status_check', sql`${t.status} in ('open', 'settled')`),
    check('auctions_item_kind_check', sql`${t.itemKind} in ('title', 'cosmetic_set', 'resource')`),
    check('auctions_reserve_positive', sql`${t.reservePrice} > 0`),
  ],
);

/** Every accepted bid, in order; `(bidder_id, client_key)` makes a resent bid a no-op. */
export const auctionBids = pgTable(
  'auction_bids',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    auctionId: uuid('auction_id').notNull().references(() => auctions.id),
    bidderId: uuid('bidder_id').notNull().references(() => players.id),
    amount: bigint('amount', { mode: 'bigint' }).notNull(),
    clientKey: text('client_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('auction_bids_bidder_key_unique').on(t.bidderId, t.clientKey),
    index('auction_bids_auction_idx').on(t.auctionId, t.id),
  ],
);

/** Cosmetic sets a player owns (won at auction). Titles go to `players.titles`. */
export const playerCosmetics = pgTable(
  'player_cosmetics',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    playerId: uuid('player_id').notNull().references(() => players.id),
    name: text('name').notNull(),
    auctionId: uuid('auction_id').references(() => auctions.id),
    acquiredAt: timestamp('acquired_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('player_cosmetics_auction_unique').on(t.auctionId)],
);
