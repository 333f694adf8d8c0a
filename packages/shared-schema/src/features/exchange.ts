// State and message contracts of the exchange feature: liquidity pools (GAME §4.2) and
// English auctions (GAME §4.3). Amounts travel as decimal strings: they are bigints.
import { schema, t, type SchemaType } from '@colyseus/schema';
import { z } from 'zod';
import { ResourceAmount, amountString } from '../messages/amounts';

/** A non-negative integer amount as a decimal string, up to what a Postgres bigint holds. */
export const AmountString = amountString({ min: 0n });
/** A positive integer amount as a decimal string, up to what a Postgres bigint holds. */
export const PositiveAmountString = ResourceAmount;
/** A client-chosen key that makes a resend idempotent. */
export const ClientKey = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/);

/** One pool as every client sees it. */
export const PoolView = schema({
  resource: t.string(),
  reserveResource: t.string(),
  reserveCredits: t.string(),
  swapCount: t.float64(),
}, 'PoolView');
export type PoolView = SchemaType<typeof PoolView>;

/** One auction as every client sees it. */
export const AuctionView = schema({
  id: t.string(),
  itemKind: t.string(),
  itemName: t.string(),
  itemResource: t.string(),
  itemAmount: t.string(),
  reservePrice: t.string(),
  /** "" while nobody has bid. */
  topBid: t.string(),
  topBidderName: t.string(),
  sellerName: t.string(),
  bidCount: t.uint32(),
  /** Epoch ms; moves on anti-sniping extensions. */
  endsAt: t.float64(),
  /** open | settled */
  status: t.string(),
}, 'AuctionView');
export type AuctionView = SchemaType<typeof AuctionView>;

/** The `auction_house` room: live auctions and pools, plus the live swap fee. */
export const AuctionHouseState = schema({
  auctions: t.map(AuctionView),
  pools: t.map(PoolView),
  feeBps: t.uint16(),
  /** The anti-sniping window in real ms (60 s of game time). */
  snipingWindowMs: t.float64(),
}, 'AuctionHouseState');
export type AuctionHouseState = SchemaType<typeof AuctionHouseState>;

/** `bid` (room message) / `POST /api/auctions/:id/bids`. */
export const BidMessage = z.object({
  auctionId: z.string().uuid(),
  amount: PositiveAmountString,
  idempotencyKey: ClientKey,
}).strict();
export type BidMessage = z.infer<typeof BidMessage>;
/** The body of `POST /api/auctions/:id/bids` (the auction id is in the path). */
export const BidBody = BidMessage.omit({ auctionId: true });

/** `POST /api/pools/:resource/swap` and the room message `swap` (with `resource`). */
export const SwapBody = z.object({
  direction: z.enum(['buy', 'sell']),
  amountIn: PositiveAmountString,
  minOut: AmountString,
  idempotencyKey: ClientKey,
}).strict();
export type SwapBody = z.infer<typeof SwapBody>;

export const SwapMessage = SwapBody.extend({ resource: z.string().min(1).max(32) }).strict();
export type SwapMessage = z.infer<typeof SwapMessage>;

/** `POST /api/auctions` (gm/admin): a system auction. */
export const CreateAuctionBody = z.object({
  itemKind: z.enum(['title', 'cosmetic_set', 'resource']),
  itemName: z.string().trim().min(1).max(80),
  itemResource: z.string().min(1).max(32).optional(),
  itemAmount: PositiveAmountString.optional(),
  reservePrice: PositiveAmountString,
  /** Auction length in seconds of game time (scaled by TIME_SCALE). */
  durationSeconds: z.number().int().min(1).max(30 * 24 * 3600),
  idempotencyKey: ClientKey,
}).strict();
export type CreateAuctionBody = z.infer<typeof CreateAuctionBody>;

/** Server → client after a swap. */
export interface SwapReceiptPayload {
  swapId: number;
  resource: string;
  direction: 'buy' | 'sell';
  amountIn: string;
  amountOut: string;
  fee: string;
  replayed: boolean;
  pool: { resource: string; reserveResource: string; reserveCredits: string; swapCount: number };
}

/** Pools as `GET /api/pools` returns them. */
export interface PoolsResponse {
  feeBps: number;
  pools: Array<{ resource: string; reserveResource: string; reserveCredits: string; swapCount: number }>;
}

/** Message names of the auction_house room, client → server. */
export const EXCHANGE_MESSAGES = ['bid', 'swap'] as const;
