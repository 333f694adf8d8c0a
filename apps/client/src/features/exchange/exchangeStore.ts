/**
 * The exchange as this client knows it: pools and auctions mirrored from the `auction_house`
 * room, plus the exact swap preview (rules' `quoteSwap`, bigint) so the number shown before a
 * swap is the number the server pays. Framework-free: a zustand vanilla store and functions.
 */
import { Client, type Room } from '@colyseus/sdk';
import { createStore } from 'zustand/vanilla';
import { minimumBid, quoteSwap, swapFee, swapLegs, type Resource, type SwapDirection } from '@datavism/rules';
import type { CreateAuctionBody, ErrorPayload, SwapReceiptPayload } from '@datavism/shared-schema';
import { apiRequest } from '../../net/api';
import { requestProfileRefresh } from '../../net/profileSync';
import { formatResource } from '../../state/profileView';
import { pushToast, toastError } from '../../state/worldStore';

export interface PoolRow { resource: string; reserveResource: bigint; reserveCredits: bigint; swapCount: number }
export interface AuctionRow {
  id: string; itemKind: string; itemName: string; itemResource: string; itemAmount: string; reservePrice: bigint;
  topBid: bigint | null; topBidderName: string; sellerName: string; bidCount: number; endsAt: number; status: string;
}

export interface ExchangeState {
  status: 'idle' | 'connecting' | 'connected' | 'error';
  pools: readonly PoolRow[];
  auctions: readonly AuctionRow[];
  feeBps: number;
  lastSwap: SwapReceiptPayload | null;
  lastError: unknown;
}

export const exchangeStore = createStore<ExchangeState>()(() => ({
  status: 'idle', pools: [], auctions: [], feeBps: 200, lastSwap: null, lastError: null,
}));

type Wire = Record<string, unknown>;
type WireMap = { forEach(cb: (v: Wire) => void): void };

/** Copy the decoded room state into plain rows (bigints parsed from their decimal strings). */
export function rowsFromState(state: { pools?: WireMap; auctions?: WireMap; feeBps?: number }): Pick<ExchangeState, 'pools' | 'auctions' | 'feeBps'> {
  const pools: PoolRow[] = [];
  state.pools?.forEach((p) => pools.push({
    resource: String(p.resource), reserveResource: BigInt(String(p.reserveResource || '0')),
    reserveCredits: BigInt(String(p.reserveCredits || '0')), swapCount: Number(p.swapCount),
  }));
  const auctions: AuctionRow[] = [];
  state.auctions?.forEach((a) => auctions.push({
    id: String(a.id), itemKind: String(a.itemKind), itemName: String(a.itemName), itemResource: String(a.itemResource),
    itemAmount: String(a.itemAmount), reservePrice: BigInt(String(a.reservePrice || '0')),
    topBid: a.topBid ? BigInt(String(a.topBid)) : null, topBidderName: String(a.topBidderName), sellerName: String(a.sellerName),
    bidCount: Number(a.bidCount), endsAt: Number(a.endsAt), status: String(a.status),
  }));
  pools.sort((a, b) => a.resource.localeCompare(b.resource));
  auctions.sort((a, b) => (a.status === b.status ? a.endsAt - b.endsAt : a.status === 'open' ? -1 : 1));
  return { pools, auctions, feeBps: state.feeBps ?? 200 };
}

/** The exact preview of a swap: what the server will pay and the fee, or null for no quote. */
export function previewSwap(pool: PoolRow, direction: SwapDirection, amountIn: bigint, feeBps: number): { amountOut: bigint; fee: bigint } | null {
  if (amountIn <= 0n) return null;
  const { assetIn } = swapLegs(pool.resource as Resource, direction);
  const [reserveIn, reserveOut] = assetIn === pool.resource
    ? [pool.reserveResource, pool.reserveCredits] : [pool.reserveCredits, pool.reserveResource];
  return { amountOut: quoteSwap({ amountIn, reserveIn, reserveOut, feeBps }), fee: swapFee(amountIn, feeBps) };
}

/** The lowest bid the server accepts on this auction (reserve, then +5 % rounded up). */
export function nextMinimumBid(a: AuctionRow): bigint {
  return minimumBid(a.reservePrice, a.topBid);
}

/** Parse a whole, non-negative amount typed by the player; null when it is not one. */
export function parseAmount(text: string): bigint | null {
  return /^(0|[1-9][0-9]{0,17})$/.test(text.trim()) ? BigInt(text.trim()) : null;
}

let room: Room | null = null;
let joining: Promise<void> | null = null;
let keySeq = 0;
const newKey = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(keySeq++).toString(36)}`;

/** Join the auction house once per session (re-opening the panel reuses it). */
export function connectExchange(token: string): Promise<void> {
  if (room) return Promise.resolve();
  if (joining) return joining;
  exchangeStore.setState({ status: 'connecting' });
  const client = new Client(location.origin);
  client.auth.token = token;
  joining = client.joinOrCreate('auction_house').then((r) => {
    room = r;
    r.onStateChange((state) => exchangeStore.setState(rowsFromState(state as never)));
    r.onMessage('error', (e: ErrorPayload) => {
      exchangeStore.setState({ lastError: e });
      toastError(e);
    });
    r.onMessage('swapped', (receipt: SwapReceiptPayload) => {
      exchangeStore.setState({ lastSwap: receipt, lastError: null });
      const [paid, got] = receipt.direction === 'buy' ? ['resistance_credits', receipt.resource] : [receipt.resource, 'resistance_credits'];
      pushToast('success', `Swapped ${formatResource(receipt.amountIn, paid)} for ${formatResource(receipt.amountOut, got)} (fee ${formatResource(receipt.fee, paid)}).`);
      requestProfileRefresh({ quiet: true });
    });
    r.onMessage('bid_placed', (b: { amount: string; extended: boolean }) => {
      const amount = formatResource(b.amount, 'resistance_credits');
      pushToast('success', b.extended ? `Bid of ${amount} placed: the auction was extended by a minute.` : `Bid of ${amount} placed.`);
      // The bid is held in escrow: balances change.
      requestProfileRefresh({ quiet: true });
    });
    r.onLeave(() => {
      room = null;
      exchangeStore.setState({ status: 'idle' });
    });
    exchangeStore.setState({ status: 'connected', lastError: null });
  }).catch((err: unknown) => {
    exchangeStore.setState({ status: 'error', lastError: err });
  }).finally(() => {
    joining = null;
  });
  return joining;
}

/** Ask for a swap with the previewed amount as the slippage limit. */
export function sendSwap(resource: string, direction: SwapDirection, amountIn: bigint, minOut: bigint): void {
  if (!room) {
    toastError({ code: 'NOT_CONNECTED', message: '' });
    return;
  }
  room.send('swap', { resource, direction, amountIn: String(amountIn), minOut: String(minOut), idempotencyKey: newKey('swap') });
}

export function sendBid(auctionId: string, amount: bigint): void {
  if (!room) {
    toastError({ code: 'NOT_CONNECTED', message: '' });
    return;
  }
  room.send('bid', { auctionId, amount: String(amount), idempotencyKey: newKey('bid') });
}

/** A system auction (GMs and admins; the server refuses others with FORBIDDEN). Throws ApiError. */
export async function createAuction(token: string, body: Omit<CreateAuctionBody, 'idempotencyKey'>): Promise<void> {
  await apiRequest('/api/auctions', { token, body: { ...body, idempotencyKey: newKey('auction') } });
  pushToast('success', `Auction for ${body.itemName} opened.`);
}

/** Whether a player holding `balance` (decimal string) can pay `amount`. */
export function canAfford(balance: string | undefined, amount: bigint): boolean {
  try {
    return BigInt(balance ?? '0') >= amount;
  } catch {
    return false;
  }
}
