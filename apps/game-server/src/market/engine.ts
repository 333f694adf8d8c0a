/**
 * One instrument's matching engine as the market room runs it: the pure `OrderBook` plus who
 * owns each resting order, and the settlement of one tick's batch of inputs into the rows and
 * ledger moves the room then commits in one transaction (GAME §4.1).
 *
 * No IO here: balances come in (locked by the caller's transaction), a plan goes out. If the
 * commit fails the caller throws this engine away and rebuilds it from the database.
 */
import { orderId } from './orderId';
import { GameError, OrderBook, takerFee, updateCandle, type Candle, type Resource } from '@datavism/rules';
import type { MarketOrderUpdate, NewMarketOrder, NewMarketTrade, StoredCandle, StoredOrder } from '@datavism/db';
import type { MarketFillPayload, OrderAckPayload } from '@datavism/shared-schema';
import { emptyPlan, MoveSet, type InputOutcome, type MoveAccount, type TickPlan } from './plan';

export interface PlaceInput {
  kind: 'place';
  playerId: string;
  clientOrderId: string;
  side: 'buy' | 'sell';
  type: 'limit' | 'market';
  price?: number;
  size: number;
}

export interface CancelInput {
  kind: 'cancel';
  playerId: string;
  orderId: string;
}

export type MarketInput = PlaceInput | CancelInput;

interface Owner {
  playerId: string;
  clientOrderId: string;
  side: 'buy' | 'sell';
  price: bigint;
  size: bigint;
}

const QUOTE: Resource = 'resistance_credits';

/** Everything the engine needs from outside for one tick. */
export interface TickContext {
  /** Balances of the tick's placing / cancelling players, keyed `${playerId}:${resource}`. */
  balances: Map<string, bigint>;
  /** Orders already stored under a (player, client order id) of this tick: resends. */
  existing: StoredOrder[];
  /** The live taker fee, read per taker order. */
  feeBps(): number;
  now: number;
}

/** A tick in progress across its parts (see {@link MarketEngine.beginTick}). */
export interface TickState {
  readonly ctx: TickContext;
  /** The tick's balance changes so far, per player. */
  readonly quoteDeltas: Map<string, bigint>;
  readonly instrumentDeltas: Map<string, bigint>;
  /** Stored orders of the tick's (player, client order id) keys: resends. */
  readonly existing: Map<string, StoredOrder>;
  /** Orders placed earlier in the tick, by (player, client order id). */
  readonly placedNow: Map<string, OrderAckPayload>;
  /** The latest update of each order changed earlier in the tick. */
  readonly updates: Map<string, MarketOrderUpdate>;
}

/** The matching engine of one instrument. */
export class MarketEngine {
  readonly book = new OrderBook({ selfTradePrevention: 'cancel-taker' });
  private readonly owners = new Map<string, Owner>();
  private seq: bigint;
  candle: Candle | undefined;
  lastPrice = 0;

  constructor(
    readonly instrument: Resource,
    options: { lastSeq: bigint; candle?: Candle },
  ) {
    this.seq = options.lastSeq;
    this.candle = options.candle;
  }

  /** Rests stored open orders again, in their arrival order (a restart keeps price-time priority). */
  restore(orders: readonly StoredOrder[]): void {
    for (const o of orders) {
      this.book.limit({ id: o.id, side: o.side, price: Number(o.price), size: Number(o.remaining), owner: o.playerId });
      this.owners.set(o.id, { playerId: o.playerId, clientOrderId: o.clientOrderId, side: o.side, price: o.price, size: o.size });
    }
  }

  /** The owner of a resting order, if it rests here. */
  ownerOf(orderId: string): string | undefined {
    return this.owners.get(orderId)?.playerId;
  }

  /** Applies one tick's inputs in arrival order. Mutates the book: on a failed commit, rebuild. */
  apply(inputs: readonly MarketInput[], ctx: TickContext): TickPlan {
    return this.applyPart(this.beginTick(ctx), inputs);
  }

  /**
   * Starts a tick whose inputs are then applied in consecutive parts ({@link applyPart}): each
   * part's plan is written by its own statement while the next part is matched. The tick's balance
   * changes, resends and client order ids carry across its parts.
   */
  beginTick(ctx: TickContext): TickState {
    return {
      ctx,
      quoteDeltas: new Map(),
      instrumentDeltas: new Map(),
      existing: new Map(ctx.existing.map((o) => [`${o.playerId}:${o.clientOrderId}`, o])),
      placedNow: new Map(),
      updates: new Map(),
    };
  }

  /** Applies the next part of a tick's inputs, in arrival order; its plan holds only this part. */
  applyPart(tick: TickState, inputs: readonly MarketInput[]): TickPlan {
    const { ctx, existing, placedNow } = tick;
    const plan = emptyPlan();
    // The tick's balance changes per player, one map per resource of this market (no key strings).
    const deltasOf = (resource: Resource) => (resource === QUOTE ? tick.quoteDeltas : tick.instrumentDeltas);
    const balance = (playerId: string, resource: Resource) =>
      (ctx.balances.get(`${playerId}:${resource}`) ?? 0n) + (deltasOf(resource).get(playerId) ?? 0n);
    const change = (who: MoveAccount, resource: Resource, delta: bigint) => {
      if (who === 'escrow' || who === 'community') return;
      const deltas = deltasOf(resource);
      deltas.set(who, (deltas.get(who) ?? 0n) + delta);
      plan.touched.add(who);
    };
    const moves = new MoveSet();
    const move = (from: MoveAccount, to: MoveAccount, resource: Resource, amount: bigint, reason: string) => {
      if (amount <= 0n) return;
      moves.add(from, to, resource, amount, reason);
      change(from, resource, -amount);
      change(to, resource, amount);
    };
    // This part's order updates (written with it); the tick's latest ones answer resends.
    const updates = new Map<string, MarketOrderUpdate>();
    const update = (u: MarketOrderUpdate) => {
      updates.set(u.id, u);
      tick.updates.set(u.id, u);
    };
    // The latest candle per start: rows are made once, at the end of the part.
    const candles = new Map<number, Candle>();

    for (const input of inputs) {
      try {
        if (input.kind === 'cancel') {
          plan.outcomes.push(this.cancel(input, move, update));
          continue;
        }
        const key = `${input.playerId}:${input.clientOrderId}`;
        const stored = existing.get(key);
        if (stored) {
          plan.outcomes.push({ kind: 'ack', ack: { ...storedPayload(stored, tick.updates), fills: [], duplicate: true } });
          continue;
        }
        const earlier = placedNow.get(key);
        if (earlier) {
          plan.outcomes.push({ kind: 'ack', ack: { ...earlier, fills: [], duplicate: true } });
          continue;
        }
        const ack = this.place(input, ctx, plan, balance, move, update, candles);
        placedNow.set(key, ack);
        plan.outcomes.push({ kind: 'ack', ack });
      } catch (err) {
        if (err instanceof GameError) plan.outcomes.push({ kind: 'error', error: err });
        else throw err;
      }
    }
    plan.moves = moves.list;
    plan.batch.updates = [...updates.values()];
    plan.batch.candles = [...candles.values()].map((c) => candleRow(this.instrument, c));
    return plan;
  }

  private place(
    input: PlaceInput,
    ctx: TickContext,
    plan: TickPlan,
    balance: (playerId: string, resource: Resource) => bigint,
    move: (from: MoveAccount, to: MoveAccount, resource: Resource, amount: bigint, reason: string) => void,
    update: (u: MarketOrderUpdate) => void,
    candles: Map<number, Candle>,
  ): OrderAckPayload {
    const { playerId, side, type, size } = input;
    const isBuy = side === 'buy';
    const feeBps = ctx.feeBps();
    const S = BigInt(size);
    // The worst the order can cost decides whether it is accepted (nothing changes otherwise).
    if (isBuy) {
      const worst = type === 'limit' ? BigInt(input.price!) * S : this.marketBuyCost(size);
      const need = worst + takerFee(worst, feeBps);
      if (balance(playerId, QUOTE) < need) {
        throw new GameError('INSUFFICIENT_FUNDS', `this order needs up to ${need} resistance_credits (price × size + the taker fee)`);
      }
    } else if (balance(playerId, this.instrument) < S) {
      throw new GameError('INSUFFICIENT_FUNDS', `you hold less than ${size} ${this.instrument}`);
    }

    const id = orderId(ctx.now);
    const result = type === 'limit'
      ? this.book.limit({ id, side, price: input.price!, size, owner: playerId })
      : this.book.market({ id, side, size, owner: playerId });

    const fills: MarketFillPayload[] = [];
    let notional = 0n;
    let feePaid = 0n;
    for (const f of result.fills) {
      const maker = this.owners.get(f.makerId)!;
      const q = BigInt(f.price);
      const s = BigInt(f.size);
      const n = q * s;
      notional += n;
      // The order's fee is takerFee(Σ notional); each trade carries its increment, so the
      // trades' fees sum exactly to the order's fee.
      const cumulative = takerFee(notional, feeBps);
      const fee = cumulative - feePaid;
      feePaid = cumulative;
      const buyer = isBuy ? playerId : maker.playerId;
      const seller = isBuy ? maker.playerId : playerId;
      // The maker's escrow goes to the taker; the taker's side goes to the maker through the
      // escrow account (the market's settlement hub), so a tick's transfers merge per player
      // instead of per pair of counterparties (the trade row keeps who traded with whom).
      const [makerGets, takerGets] = isBuy ? [QUOTE, this.instrument] : [this.instrument, QUOTE];
      const [makerAmount, takerAmount] = isBuy ? [n, s] : [s, n];
      move('escrow', playerId, takerGets, takerAmount, 'market_fill');
      move(playerId, 'escrow', makerGets, makerAmount, 'market_fill');
      move('escrow', maker.playerId, makerGets, makerAmount, 'market_fill');
      const rest = this.book.order(f.makerId);
      const makerRemaining = BigInt(rest?.size ?? 0);
      update({ id: f.makerId, remaining: makerRemaining, status: rest ? 'open' : 'filled' });
      if (!rest) this.owners.delete(f.makerId);
      const trade: NewMarketTrade = {
        instrument: this.instrument, makerOrderId: f.makerId, takerOrderId: id, buyerId: buyer, sellerId: seller,
        takerSide: side, price: q, size: s, fee, at: ctx.now,
      };
      plan.batch.trades.push(trade);
      fills.push({ orderId: id, counterOrderId: f.makerId, price: q.toString(), size: s.toString(), fee: fee.toString() });
      plan.makerFills.push({ playerId: maker.playerId, orderId: f.makerId, counterOrderId: id, price: q, size: s, remaining: makerRemaining });
      this.candle = updateCandle(this.candle, { price: f.price, size: f.size, at: ctx.now });
      candles.set(this.candle.start, this.candle);
      this.lastPrice = f.price;
    }
    if (feePaid > 0n) move(playerId, 'community', QUOTE, feePaid, 'market_fee');

    const takerCancelled = result.cancelled.includes(id);
    const rests = type === 'limit' && result.remaining > 0 && !takerCancelled;
    const remaining = BigInt(result.remaining);
    if (rests) {
      const price = BigInt(input.price!);
      if (isBuy) move(playerId, 'escrow', QUOTE, price * remaining, 'market_escrow');
      else move(playerId, 'escrow', this.instrument, remaining, 'market_escrow');
      this.owners.set(id, { playerId, clientOrderId: input.clientOrderId, side, price, size: S });
    }
    const status: NewMarketOrder['status'] = remaining === 0n ? 'filled' : rests ? 'open' : 'cancelled';
    this.seq += 1n;
    const order: NewMarketOrder = {
      id, playerId, clientOrderId: input.clientOrderId, instrument: this.instrument, side, kind: type,
      price: type === 'limit' ? BigInt(input.price!) : 0n, size: S, remaining, status, seq: this.seq,
    };
    plan.batch.orders.push(order);
    return { ...orderPayload(order), fills, duplicate: false };
  }

  private cancel(
    input: CancelInput,
    move: (from: MoveAccount, to: MoveAccount, resource: Resource, amount: bigint, reason: string) => void,
    update: (u: MarketOrderUpdate) => void,
  ): InputOutcome {
    const owner = this.owners.get(input.orderId);
    const resting = this.book.order(input.orderId);
    if (!owner || !resting) throw new GameError('ORDER_NOT_FOUND', 'no open order with this id on this market');
    if (owner.playerId !== input.playerId) throw new GameError('FORBIDDEN', 'you can only cancel your own orders');
    this.book.cancel(input.orderId);
    this.owners.delete(input.orderId);
    const remaining = BigInt(resting.size);
    const released = owner.side === 'buy' ? owner.price * remaining : remaining;
    move('escrow', input.playerId, owner.side === 'buy' ? QUOTE : this.instrument, released, 'market_cancel');
    update({ id: input.orderId, remaining, status: 'cancelled' });
    return { kind: 'cancelled', orderId: input.orderId, clientOrderId: owner.clientOrderId, released: released.toString() };
  }

  /** What a market buy of `size` would pay at most (walks the asks; STP can only make it less). */
  private marketBuyCost(size: number): bigint {
    let left = BigInt(size);
    let cost = 0n;
    for (const level of this.book.depth(Infinity).asks) {
      const take = left < BigInt(level.size) ? left : BigInt(level.size);
      cost += take * BigInt(level.price);
      left -= take;
      if (left === 0n) break;
    }
    return cost;
  }
}

function candleRow(instrument: string, c: Candle): StoredCandle {
  return {
    instrument, start: c.start, open: BigInt(c.open), high: BigInt(c.high), low: BigInt(c.low),
    close: BigInt(c.close), volume: BigInt(c.volume),
  };
}

/** The owner's view of an order. */
export function orderPayload(o: Omit<NewMarketOrder, 'seq'>): Omit<OrderAckPayload, 'fills' | 'duplicate'> {
  return {
    orderId: o.id, clientOrderId: o.clientOrderId, instrument: o.instrument, side: o.side, type: o.kind,
    price: o.price.toString(), size: o.size.toString(), remaining: o.remaining.toString(), status: o.status,
  };
}

/** A stored order as currently known (a pending update of this tick wins over the stored row). */
function storedPayload(o: StoredOrder, updates: Map<string, MarketOrderUpdate>) {
  const u = updates.get(o.id);
  const base = orderPayload(o);
  if (u) return { ...base, remaining: u.remaining.toString(), status: u.status };
  return base;
}
