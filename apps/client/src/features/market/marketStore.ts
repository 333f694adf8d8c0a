/**
 * The market panel's framework-free core: one connection to a `market` room (one instrument at
 * a time), a vanilla zustand store mirroring depth, tape, candle, my orders and balances, and the
 * actions (place, cancel). React subscribes with selectors.
 */
import { Client, type Room } from '@colyseus/sdk';
import { createStore } from 'zustand/vanilla';
import type { MakerFillPayload, MarketOrderPayload, OrderAckPayload } from '@datavism/shared-schema';
import { requestProfileRefresh } from '../../net/profileSync';
import { errorText } from '../../state/errorText';
import { formatAmount, resourceLabel } from '../../state/profileView';

export const MARKET_INSTRUMENTS = ['cpu_cycles', 'data_credits', 'liberation_keys'] as const;
export type Instrument = (typeof MARKET_INSTRUMENTS)[number];

export interface Level { price: number; size: number; orders: number }
export interface TapeTrade { id: string; price: number; size: number; side: string; at: number }
export interface CandleBar { start: number; open: number; high: number; low: number; close: number; volume: number }

export interface MarketView {
  instrument: Instrument;
  status: 'idle' | 'connecting' | 'live' | 'error';
  bids: Level[];
  asks: Level[];
  trades: TapeTrade[];
  candle: CandleBar | null;
  /** Candles from history, oldest first (the live one is merged in by the chart). */
  history: CandleBar[];
  referencePrice: number;
  lastPrice: number;
  feeBps: number;
  myOrders: MarketOrderPayload[];
  balances: Record<string, string>;
  /** The last answer to my own order / cancel, or error. */
  notice: { kind: 'ok' | 'error'; text: string } | null;
}

export const marketStore = createStore<MarketView>()(() => ({
  instrument: 'cpu_cycles', status: 'idle', bids: [], asks: [], trades: [], candle: null, history: [],
  referencePrice: 0, lastPrice: 0, feeBps: 0, myOrders: [], balances: {}, notice: null,
}));

let room: Room | null = null;
let counter = 0;

function plain<T>(arr: Iterable<T> | undefined, pick: (x: any) => T): T[] {
  return arr ? Array.from(arr, pick) : [];
}

/** Joins the market of `instrument` (leaving the previous one). */
export async function openMarket(token: string, instrument: Instrument): Promise<void> {
  await closeMarket();
  marketStore.setState({ instrument, status: 'connecting', bids: [], asks: [], trades: [], candle: null, history: [], myOrders: [], notice: null });
  try {
    const client = new Client(location.origin);
    client.auth.token = token;
    const r = await client.joinOrCreate('market', { instrument });
    room = r;
    r.onStateChange((s: any) => {
      marketStore.setState({
        bids: plain(s.bids, (l) => ({ price: l.price, size: l.size, orders: l.orders })),
        asks: plain(s.asks, (l) => ({ price: l.price, size: l.size, orders: l.orders })),
        trades: plain(s.trades, (t) => ({ id: t.id, price: t.price, size: t.size, side: t.side, at: t.at })),
        candle: s.candle && s.candle.start ? { start: s.candle.start, open: s.candle.open, high: s.candle.high, low: s.candle.low, close: s.candle.close, volume: s.candle.volume } : null,
        referencePrice: s.referencePrice, lastPrice: s.lastPrice, feeBps: s.feeBps, status: 'live',
      });
    });
    r.onMessage('my_orders', (orders: MarketOrderPayload[]) => marketStore.setState({ myOrders: orders }));
    r.onMessage('balances', (b: Record<string, string>) => {
      marketStore.setState({ balances: b });
      // The market pushes balances after my trades: the HUD follows.
      requestProfileRefresh({ quiet: true });
    });
    r.onMessage('order_ack', (ack: OrderAckPayload) => {
      const mine = marketStore.getState().myOrders.filter((o) => o.orderId !== ack.orderId);
      const { fills: _f, duplicate: _d, ...order } = ack;
      marketStore.setState({
        myOrders: ack.status === 'open' ? [...mine, order] : mine,
        notice: { kind: 'ok', text: describeAck(ack, instrument) },
      });
      requestProfileRefresh({ quiet: true });
    });
    r.onMessage('fill', (f: MakerFillPayload) => {
      const orders = marketStore.getState().myOrders
        .map((o) => (o.orderId === f.orderId ? { ...o, remaining: f.remaining, status: f.status } : o))
        .filter((o) => o.status === 'open');
      marketStore.setState({ myOrders: orders, notice: { kind: 'ok', text: f.status === 'filled' ? 'One of your orders was filled.' : 'One of your orders was partly filled.' } });
      requestProfileRefresh({ quiet: true });
    });
    r.onMessage('order_cancelled', (c: { orderId: string }) => {
      marketStore.setState({
        myOrders: marketStore.getState().myOrders.filter((o) => o.orderId !== c.orderId),
        notice: { kind: 'ok', text: 'Order cancelled; its escrow is back in your balance.' },
      });
      requestProfileRefresh({ quiet: true });
    });
    r.onMessage('error', (e: { code: string; message: string }) => marketStore.setState({ notice: { kind: 'error', text: errorText(e) } }));
    void loadHistory(instrument);
  } catch (err) {
    marketStore.setState({ status: 'error', notice: { kind: 'error', text: errorText(err) } });
  }
}

/** "Bought 10 CPU cycles in 2 fills; 5 rest on the book at 12." */
export function describeAck(ack: OrderAckPayload, instrument: string): string {
  let filled = 0n;
  try { filled = BigInt(ack.size) - BigInt(ack.remaining); } catch { /* malformed: say nothing traded */ }
  const verb = ack.side === 'buy' ? 'Bought' : 'Sold';
  const what = resourceLabel(instrument);
  const head = filled > 0n ? `${verb} ${formatAmount(filled.toString())} ${what} in ${ack.fills.length} fill${ack.fills.length === 1 ? '' : 's'}` : 'Nothing traded yet';
  if (ack.status === 'open') return `${head}; ${formatAmount(ack.remaining)} rest on the book at ${formatAmount(ack.price)}.`;
  if (ack.status === 'filled') return `${head}.`;
  return `${head}; the rest was cancelled (${ack.status}).`;
}

async function loadHistory(instrument: Instrument): Promise<void> {
  const res = await fetch(`/api/market/${instrument}/candles`);
  if (!res.ok) return;
  const body = (await res.json()) as { candles: Array<Record<string, string | number>> };
  if (marketStore.getState().instrument !== instrument) return;
  marketStore.setState({
    history: body.candles.map((c) => ({
      start: Number(c.start), open: Number(c.open), high: Number(c.high), low: Number(c.low), close: Number(c.close), volume: Number(c.volume),
    })),
  });
}

export async function closeMarket(): Promise<void> {
  const r = room;
  room = null;
  if (r) await r.leave().catch(() => {});
}

/** Sends an order with a fresh client order id (a resend of the same id would be idempotent). */
export function placeOrder(order: { side: 'buy' | 'sell'; type: 'limit' | 'market'; price?: number; size: number }): void {
  if (!room) return;
  const clientOrderId = `${Date.now().toString(36)}-${(counter++).toString(36)}`;
  const { side, type, size, price } = order;
  room.send('place_order', type === 'limit' ? { clientOrderId, side, type, price, size } : { clientOrderId, side, type, size });
}

export function cancelOrder(orderId: string): void {
  room?.send('cancel_order', { orderId });
}
