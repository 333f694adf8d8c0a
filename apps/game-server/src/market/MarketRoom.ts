import { Room, type Client } from '@colyseus/core';
import {
  GameError, RESOURCE_INFO, isResource, referencePrice, type Resource,
} from '@datavism/rules';
import {
  CancelOrderMessage, MARKET_DEPTH_LEVELS, MARKET_TAPE_LENGTH, MarketLevel, MarketState, MarketTrade,
  PlaceOrderMessage, type ErrorPayload,
} from '@datavism/shared-schema';
import {
  balancesOf, findOrdersByClientId, lastOrderSeq, listMarketCandles, listMarketTrades, loadOpenOrders,
  lockBalances, marketBalanceKey, marketSystemAccountId, openOrdersOfPlayer, playerAccountIds, withTransaction,
  writeMarketBatch, type Db,
} from '@datavism/db';
import { services } from '../context';
import { RateLimiter } from '../ops/rateLimit';
import { countSentBytes, gameMessage, refOf, roomEdge, unknownMessage, type MessageEdge } from '../rooms/messages';
import { MarketEngine, orderPayload, type MarketInput } from './engine';
import { makerFillPayload, tickResult, type MoveAccount, type TickPlan, type TickResult } from './plan';
import { authenticatePlayer, type AuthData } from '../rooms/auth';
import { orderFillNotifier, type FilledOrder } from '../notifications/orderFills';

const QUOTE: Resource = 'resistance_credits';
/** The simulation tick: inputs queue between ticks and commit together (group commit). */
export const MARKET_TICK_MS = 50;
/** Most inputs one tick takes; the rest wait for the next. */
const MAX_BATCH = 20_000;
/** Inputs per part of a tick (a tick of up to this many is one statement). */
const TICK_PART = 2_500;
const MARKET_REBUILD_RETRY_MS = 1_000;

/**
 * Base values of the reference price (GAME §4.4 gives the formula, not the bases), in
 * resistance_credits' smallest unit per unit.
 */
export const MARKET_BASE_VALUES: Partial<Record<Resource, number>> = {
  cpu_cycles: 10,
  data_credits: 50,
  liberation_keys: 1_000,
};

/**
 * Ticks of all market rooms of this process commit one after the other: their transactions
 * lock overlapping balance rows (players, escrow, community), and serial commits cannot deadlock.
 */
let commitChain: Promise<unknown> = Promise.resolve();
function serialCommit<T>(fn: () => Promise<T>): Promise<T> {
  const run = commitChain.then(fn, fn);
  commitChain = run.catch(() => undefined);
  return run;
}

/**
 * One instrument's spot market (GAME §4.1). Handlers validate and queue; every 50 ms the tick
 * drains the queue, matches with the pure `OrderBook`, commits all of the tick's orders, trades,
 * order updates and ledger transfers in ONE transaction, and only then acknowledges and
 * broadcasts. A failed commit answers INTERNAL and rebuilds the book from the database.
 */
export class MarketRoom extends Room<{ state: InstanceType<typeof MarketState> }> {
  state = new MarketState();
  maxMessagesPerSecond = 400;

  private instrument!: Resource;
  private engine: MarketEngine | undefined;
  private readonly queue: Array<{ input: MarketInput; client: Client; at: number }> = [];
  private committing = false;
  private disposed = false;
  private tape: Array<{ id: string; price: number; size: number; side: string; at: number }> = [];
  private readonly clientsOf = new Map<string, Set<Client>>();
  private readonly playerOf = new Map<string, string>();
  private readonly accountIds = new Map<string, number>();
  private systemIds: { escrow: number; community: number } | undefined;
  private readonly orderLimiter = new RateLimiter(200, 200);
  private readonly errorLimiter = new RateLimiter(20, 10);

  private readonly edge: MessageEdge = roomEdge(
    'market',
    () => this.orderLimiter,
    (client, error) => this.sendError(client, error),
  );

  messages = {
    place_order: gameMessage(this.edge, 'place_order', PlaceOrderMessage, (client, m) => {
      if (m.instrument !== undefined && m.instrument !== this.instrument) {
        if (isResource(m.instrument) && RESOURCE_INFO[m.instrument].soulBound) {
          throw new GameError('SOUL_BOUND', `${m.instrument} is soul-bound: it can never be listed`);
        }
        throw new GameError('BAD_REQUEST', `this is the ${this.instrument} market`);
      }
      this.enqueue(client, {
        kind: 'place', playerId: this.mustPlayer(client), clientOrderId: m.clientOrderId, side: m.side,
        type: m.type, price: m.price, size: m.size,
      });
    }),
    cancel_order: gameMessage(this.edge, 'cancel_order', CancelOrderMessage, (client, m) => {
      this.enqueue(client, { kind: 'cancel', playerId: this.mustPlayer(client), orderId: m.orderId });
    }),
    _: unknownMessage(this.edge),
  };

  static async onAuth(token: string): Promise<AuthData> {
    return authenticatePlayer(token);
  }

  async onCreate(options: { instrument?: unknown }): Promise<void> {
    const instrument = options?.instrument;
    if (!isResource(instrument) || instrument === QUOTE) {
      throw new GameError('BAD_REQUEST', `no market for ${String(instrument)}`);
    }
    if (RESOURCE_INFO[instrument].soulBound || !RESOURCE_INFO[instrument].tradeable) {
      throw new GameError('SOUL_BOUND', `${instrument} is soul-bound: it can never be listed`);
    }
    const s = services();
    this.instrument = instrument;
    this.autoDispose = false;
    this.state.instrument = instrument;
    this.setPatchRate(s.config.patchRateMs);
    await this.rebuild();
    this.setSimulationInterval(() => this.tick(), MARKET_TICK_MS);
    s.metrics.rooms.inc({ room: 'market' });
  }

  async onJoin(client: Client, _options: unknown, auth: AuthData): Promise<void> {
    countSentBytes(client, 'market');
    this.playerOf.set(client.sessionId, auth.playerId);
    let set = this.clientsOf.get(auth.playerId);
    if (!set) this.clientsOf.set(auth.playerId, (set = new Set()));
    set.add(client);
    const db = services().database.db;
    const orders = await openOrdersOfPlayer(db, auth.playerId, this.instrument);
    client.send('my_orders', orders.map(orderPayload));
    client.send('balances', await this.balancesPayload(db, auth.playerId));
    services().metrics.clients.inc({ room: 'market' });
  }

  onLeave(client: Client): void {
    const playerId = this.playerOf.get(client.sessionId);
    this.playerOf.delete(client.sessionId);
    this.orderLimiter.forget(client.sessionId);
    this.errorLimiter.forget(client.sessionId);
    if (!playerId) return;
    services().metrics.clients.dec({ room: 'market' });
    const set = this.clientsOf.get(playerId);
    set?.delete(client);
    if (set && set.size === 0) this.clientsOf.delete(playerId);
  }

  onDispose(): void {
    this.disposed = true;
    services().metrics.rooms.dec({ room: 'market' });
  }

  /** Inputs waiting for the next tick (tests and benchmarks watch it drain). */
  get pendingInputs(): number {
    return this.queue.length;
  }

  /**
   * Queues an input for the next tick. While the book is being rebuilt inputs wait in the queue, up
   * to one tick's worth (a database outage must not grow the queue without bound).
   */
  private enqueue(client: Client, input: MarketInput): void {
    if (!this.engine && this.queue.length >= MAX_BATCH) {
      throw new GameError('RATE_LIMITED', 'the market is recovering and its queue is full; retry in a few seconds');
    }
    this.queue.push({ input, client, at: performance.now() });
  }

  private tick(): void {
    if (this.committing || this.queue.length === 0 || !this.engine) return;
    this.committing = true;
    this.runTick()
      .catch((err) => {
        // Delivery after a commit must not take the process down; the commit itself is durable.
        services().metrics.errors.inc({ where: 'market:deliver' });
        services().logger.error({ err, instrument: this.instrument }, 'market tick delivery failed');
      })
      .finally(() => {
        this.committing = false;
      });
  }

  /** Drains the queue into one transaction; acknowledges only after it committed. */
  private async runTick(): Promise<void> {
    const s = services();
    const items = this.queue.splice(0, MAX_BATCH);
    const engine = this.engine!;
    let result: TickResult;
    try {
      result = await serialCommit(async () => {
        const stopCommit = s.metrics.commitSeconds.startTimer({ room: 'market' });
        const committed = await withTransaction(s.database.db, (tx) => this.commitTick(tx, engine, items.map((i) => i.input)));
        stopCommit();
        return committed;
      });
    } catch (err) {
      s.metrics.errors.inc({ where: 'market:commit' });
      s.logger.error({ err, instrument: this.instrument, inputs: items.length }, 'market tick commit failed; rebuilding the book');
      for (const { client, input } of items) {
        client.send('error', { code: 'INTERNAL', message: 'the market could not commit this tick; nothing of it happened', type: `${input.kind}_order`, ...refOf(input) });
      }
      this.engine = undefined;
      // Account ids first seen in the rolled-back transaction may not exist: forget them all.
      this.accountIds.clear();
      this.systemIds = undefined;
      await this.recover();
      return;
    }
    this.deliver(items, result);
  }

  private async commitTick(tx: Db, engine: MarketEngine, inputs: MarketInput[]): Promise<TickResult> {
    const actors = [...new Set(inputs.map((i) => i.playerId))];
    const places = inputs.flatMap((i) => (i.kind === 'place' ? [{ playerId: i.playerId, clientOrderId: i.clientOrderId }] : []));
    const existing = await findOrdersByClientId(tx, places);
    await this.resolveAccounts(tx, actors);
    const sys = this.systemIds ?? (this.systemIds = {
      escrow: await marketSystemAccountId(tx, 'escrow'),
      community: await marketSystemAccountId(tx, 'community'),
    });
    const locked = await lockBalances(tx, [...actors.map((p) => this.accountIds.get(p)!), sys.escrow, sys.community], [QUOTE, this.instrument]);
    const balances = new Map<string, bigint>();
    for (const p of actors) {
      for (const r of [QUOTE, this.instrument]) balances.set(`${p}:${r}`, locked.get(marketBalanceKey(this.accountIds.get(p)!, r)) ?? 0n);
    }
    const parameters = services().parameters;
    const tick = engine.beginTick({ balances, existing, now: Date.now(), feeBps: () => parameters.get('market_taker_fee_bps') });
    const id = (a: MoveAccount) => (a === 'escrow' ? sys.escrow : a === 'community' ? sys.community : this.accountIds.get(a)!);
    // A big tick goes in parts: each part's statement is sent as soon as the part is matched, and
    // the next part is matched while Postgres executes it (statements on one connection run in
    // order, so a part's debits always follow the earlier parts' credits). Between parts the event
    // loop turns, so the connection sends the next queued statement as soon as one completes.
    const plans: TickPlan[] = [];
    const writes: Promise<void>[] = [];
    let failed = false;
    for (let i = 0; i < inputs.length && !failed; i += TICK_PART) {
      if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const plan = engine.applyPart(tick, inputs.slice(i, i + TICK_PART));
      plans.push(plan);
      await this.resolveAccounts(tx, [...plan.touched]);
      const write = writeMarketBatch(tx, {
        ...plan.batch,
        moves: plan.moves.map((m) => ({ from: id(m.from), to: id(m.to), resource: m.resource, amount: m.amount, reason: m.reason })),
      });
      write.catch(() => {
        failed = true; // the tick fails as a whole below; stop matching the rest
      });
      writes.push(write);
    }
    await Promise.all(writes);
    return tickResult(plans);
  }

  private async resolveAccounts(tx: Db, playerIds: string[]): Promise<void> {
    const missing = playerIds.filter((p) => !this.accountIds.has(p));
    if (missing.length === 0) return;
    for (const [p, id] of await playerAccountIds(tx, missing)) this.accountIds.set(p, id);
  }

  /** After the commit: answers, maker fills, the live state, balances. */
  private deliver(items: Array<{ input: MarketInput; client: Client; at: number }>, result: TickResult): void {
    const latency = services().metrics.inputSeconds.labels({ room: 'market' });
    const answered = performance.now();
    for (const { at } of items) latency.observe((answered - at) / 1000);
    result.outcomes.forEach((outcome, i) => {
      const { client, input } = items[i];
      if (outcome.kind === 'ack') client.send('order_ack', outcome.ack);
      else if (outcome.kind === 'cancelled') client.send('order_cancelled', outcome);
      else {
        services().metrics.rejected.inc({ room: 'market', code: outcome.error.code });
        client.send('error', { code: outcome.error.code, message: outcome.error.message, type: `${input.kind}_order`, ...refOf(input) });
      }
    });
    // Resting orders that filled completely: their makers are notified (GAME §8.2), written off this path.
    const filled: FilledOrder[] = [];
    for (const fill of result.makerFills) {
      if (fill.remaining === 0n) filled.push({ playerId: fill.playerId, orderId: fill.orderId, instrument: this.instrument, price: fill.price });
      const online = this.clientsOf.get(fill.playerId);
      if (!online) continue;
      const payload = makerFillPayload(fill);
      for (const c of online) c.send('fill', payload);
    }
    orderFillNotifier(services()).add(filled);
    const fresh = result.trades.slice(-MARKET_TAPE_LENGTH).reverse().map((t) => ({
      id: `${t.takerOrderId}:${t.makerOrderId}`, price: Number(t.price), size: Number(t.size), side: t.takerSide, at: t.at,
    }));
    this.tape = [...fresh, ...this.tape].slice(0, MARKET_TAPE_LENGTH);
    this.publishState();
    const online = [...result.touched].filter((p) => this.clientsOf.has(p));
    if (online.length > 0) void this.pushBalances(online);
  }

  private async pushBalances(playerIds: string[]): Promise<void> {
    const db = services().database.db;
    for (const p of playerIds) {
      const payload = await this.balancesPayload(db, p).catch(() => null);
      if (!payload) continue;
      for (const c of this.clientsOf.get(p) ?? []) c.send('balances', payload);
    }
  }

  private async balancesPayload(db: Db, playerId: string): Promise<Record<string, string>> {
    const all = await balancesOf(db, { kind: 'player', id: playerId });
    return { [QUOTE]: all[QUOTE].toString(), [this.instrument]: all[this.instrument].toString() };
  }

  /**
   * Rebuilds the book after a failed commit, retrying every second while the database refuses.
   * Inputs that arrive meanwhile wait in the queue: the tick runs only with a book.
   */
  private async recover(): Promise<void> {
    for (;;) {
      try {
        await this.rebuild();
        return;
      } catch (err) {
        services().logger.error({ err, instrument: this.instrument }, 'market rebuild failed; retrying in 1 s');
        await new Promise((resolve) => setTimeout(resolve, MARKET_REBUILD_RETRY_MS));
        if (this.disposed) return;
      }
    }
  }

  /** Rebuilds the book, tape and candle from the database (at creation and after a failed commit). */
  private async rebuild(): Promise<void> {
    const db = services().database.db;
    const [orders, lastSeq, trades, candles] = await Promise.all([
      loadOpenOrders(db, this.instrument),
      lastOrderSeq(db, this.instrument),
      listMarketTrades(db, this.instrument, MARKET_TAPE_LENGTH),
      listMarketCandles(db, this.instrument, { from: 0, to: Date.now() + 120_000, limit: 1 }),
    ]);
    const last = candles[candles.length - 1];
    const engine = new MarketEngine(this.instrument, {
      lastSeq,
      candle: last && {
        start: last.start, open: Number(last.open), high: Number(last.high), low: Number(last.low),
        close: Number(last.close), volume: Number(last.volume),
      },
    });
    engine.restore(orders);
    engine.lastPrice = trades[0] ? Number(trades[0].price) : 0;
    this.tape = trades.map((t) => ({
      id: `${t.takerOrderId}:${t.makerOrderId}`, price: Number(t.price), size: Number(t.size), side: t.takerSide, at: t.at.getTime(),
    }));
    this.engine = engine;
    this.publishState();
  }

  /** Depth (top 20 levels), tape, candle, reference price and the live fee into the room state. */
  private publishState(): void {
    const engine = this.engine;
    if (!engine) return;
    const depth = engine.book.depth(MARKET_DEPTH_LEVELS);
    syncArray(this.state.bids, depth.bids, () => new MarketLevel());
    syncArray(this.state.asks, depth.asks, () => new MarketLevel());
    syncArray(this.state.trades, this.tape, () => new MarketTrade());
    const c = engine.candle;
    if (c) Object.assign(this.state.candle, { start: c.start, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume });
    const volume = engine.book.restingVolume();
    this.state.referencePrice = referencePrice({
      baseValue: MARKET_BASE_VALUES[this.instrument] ?? 1, demandVolume: volume.buy, supplyVolume: volume.sell,
    });
    this.state.feeBps = services().parameters.get('market_taker_fee_bps');
    this.state.lastPrice = engine.lastPrice;
  }

  private mustPlayer(client: Client): string {
    const p = this.playerOf.get(client.sessionId);
    if (!p) throw new GameError('UNAUTHORIZED', 'not joined');
    return p;
  }

  private sendError(client: Client, error: ErrorPayload): void {
    services().metrics.rejected.inc({ room: 'market', code: error.code });
    if (this.errorLimiter.take(client.sessionId, Date.now())) client.send('error', error);
  }
}

/** Makes a schema array hold `rows` (same length, fields assigned in place). */
function syncArray<T extends object>(
  target: { length: number; push(v: T): unknown; pop(): unknown; at(i: number): T | undefined },
  rows: readonly object[],
  make: () => T,
): void {
  while (target.length > rows.length) target.pop();
  while (target.length < rows.length) target.push(make());
  rows.forEach((row, i) => {
    const item = target.at(i)! as Record<string, unknown>;
    for (const [k, v] of Object.entries(row)) if (item[k] !== v) item[k] = v;
  });
}
