// State and message contracts of the market feature (GAME §4.1), owned by that feature.
import { schema, t, type SchemaType } from '@colyseus/schema';
import { z } from 'zod';
import { PG_BIGINT_MAX, amountNumber } from '../messages/amounts';

/** Largest price or size the market accepts (in the smallest unit). */
export const MARKET_MAX_AMOUNT = 1_000_000_000_000;
/** Price levels per side clients are shown. */
export const MARKET_DEPTH_LEVELS = 20;
/** Trades kept in the live tape. */
export const MARKET_TAPE_LENGTH = 50;

/** One aggregated price level of the depth ladder. */
export const MarketLevel = schema({
  price: t.float64(),
  size: t.float64(),
  orders: t.uint32(),
}, 'MarketLevel');
export type MarketLevel = SchemaType<typeof MarketLevel>;

/** One trade of the live tape. */
export const MarketTrade = schema({
  id: t.string(),
  price: t.float64(),
  size: t.float64(),
  /** The taker's side. */
  side: t.string(),
  at: t.float64(),
}, 'MarketTrade');
export type MarketTrade = SchemaType<typeof MarketTrade>;

/** The live 1-minute candle. */
export const MarketCandle = schema({
  start: t.float64(),
  open: t.float64(),
  high: t.float64(),
  low: t.float64(),
  close: t.float64(),
  volume: t.float64(),
}, 'MarketCandle');
export type MarketCandle = SchemaType<typeof MarketCandle>;

/** The state of one instrument's market room. */
export const MarketState = schema({
  instrument: t.string(),
  bids: t.array(MarketLevel),
  asks: t.array(MarketLevel),
  /** Newest first. */
  trades: t.array(MarketTrade),
  candle: MarketCandle,
  /** GAME §4.4, in resistance_credits' smallest unit. */
  referencePrice: t.float64(),
  /** The live taker fee (registry `market_taker_fee_bps`). */
  feeBps: t.uint16(),
  lastPrice: t.float64(),
}, 'MarketState');
export type MarketState = SchemaType<typeof MarketState>;

const amount = amountNumber({ max: MARKET_MAX_AMOUNT });

/** A buy escrows price × size in one ledger amount: the product must fit a bigint too. */
function notionalFits(m: { price?: number; size: number }): boolean {
  if (m.price === undefined || !Number.isSafeInteger(m.price) || !Number.isSafeInteger(m.size)) return true;
  return BigInt(m.price) * BigInt(m.size) <= PG_BIGINT_MAX;
}

/** `place_order`: a limit order (`price` required) or a market order (no price). */
export const PlaceOrderMessage = z.object({
  clientOrderId: z.string().min(1).max(64),
  /** Optional check: must name the room's instrument. */
  instrument: z.string().min(1).max(32).optional(),
  side: z.enum(['buy', 'sell']),
  type: z.enum(['limit', 'market']).default('limit'),
  price: amount.optional(),
  size: amount,
}).strict().refine((m) => (m.type === 'limit') === (m.price !== undefined), {
  message: 'a limit order needs a price; a market order has none',
  path: ['price'],
}).refine(notionalFits, { message: `price × size must be at most ${PG_BIGINT_MAX}`, path: ['size'] });
export type PlaceOrderMessage = z.infer<typeof PlaceOrderMessage>;

/** `cancel_order`: cancel one of your own resting orders. */
export const CancelOrderMessage = z.object({
  orderId: z.string().uuid(),
}).strict();
export type CancelOrderMessage = z.infer<typeof CancelOrderMessage>;

/** Message names of the market room, client → server. */
export const MARKET_MESSAGES = ['place_order', 'cancel_order'] as const;

/** One fill as reported to a client (amounts as decimal strings: they are bigints on the server). */
export interface MarketFillPayload {
  orderId: string;
  counterOrderId: string;
  price: string;
  size: string;
  /** The taker's fee share of this fill, in resistance_credits ("0" for a maker). */
  fee: string;
}

/** An order as the owner sees it. */
export interface MarketOrderPayload {
  orderId: string;
  clientOrderId: string;
  instrument: string;
  side: 'buy' | 'sell';
  type: 'limit' | 'market';
  price: string;
  size: string;
  remaining: string;
  status: 'open' | 'filled' | 'cancelled';
}

/** `order_ack` (server → client): sent only once the order and its fills are committed. */
export interface OrderAckPayload extends MarketOrderPayload {
  fills: MarketFillPayload[];
  /** True when this client order id was placed before: the stored order is returned unchanged. */
  duplicate: boolean;
}

/** `fill` (server → maker): one of your resting orders traded. */
export interface MakerFillPayload extends MarketFillPayload {
  remaining: string;
  status: 'open' | 'filled';
}

/** `balances` (server → client): your quote and instrument balances after a committed tick. */
export interface MarketBalancesPayload {
  resistance_credits: string;
  [resource: string]: string;
}

/** Server → client message names of the market room. */
export const MARKET_SERVER_MESSAGES = {
  orderAck: 'order_ack',
  orderCancelled: 'order_cancelled',
  fill: 'fill',
  balances: 'balances',
  myOrders: 'my_orders',
} as const;
