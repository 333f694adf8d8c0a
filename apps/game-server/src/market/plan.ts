/**
 * What one market tick plans, before it is written: the rows, the ledger moves (merged as they are
 * planned), each input's outcome and the makers' fills. A big tick is planned in parts; the room
 * joins the parts' results for delivery.
 */
import type { GameError, Resource } from '@datavism/rules';
import type { MarketBatch, NewMarketTrade } from '@datavism/db';
import type { MakerFillPayload, OrderAckPayload } from '@datavism/shared-schema';

/** An account in a planned move: a player by id, or the market's system accounts. */
export type MoveAccount = string | 'escrow' | 'community';

/** A ledger move before account ids are resolved (players by id). */
export interface PlannedMove {
  from: MoveAccount;
  to: MoveAccount;
  resource: Resource;
  amount: bigint;
  reason: string;
}

/** What one input came to; sent to its client only after the commit. */
export type InputOutcome =
  | { kind: 'ack'; ack: OrderAckPayload }
  | { kind: 'cancelled'; orderId: string; clientOrderId: string; released: string }
  | { kind: 'error'; error: GameError };

export interface TickPlan {
  batch: Omit<MarketBatch, 'moves'>;
  moves: PlannedMove[];
  outcomes: InputOutcome[];
  /** Fills of resting orders, per maker player (their payloads are made only for makers online). */
  makerFills: MakerFill[];
  /** Players whose balances changed. */
  touched: Set<string>;
}

/** A fill of a resting order, for its maker. */
export interface MakerFill {
  playerId: string;
  orderId: string;
  counterOrderId: string;
  price: bigint;
  size: bigint;
  remaining: bigint;
}

/** The maker's `fill` message. */
export function makerFillPayload(f: MakerFill): MakerFillPayload {
  return {
    orderId: f.orderId, counterOrderId: f.counterOrderId, price: f.price.toString(), size: f.size.toString(), fee: '0',
    remaining: f.remaining.toString(), status: f.remaining > 0n ? 'open' : 'filled',
  };
}

/**
 * A tick's ledger moves, merged per (from, to, resource, reason) as they are planned: the tick
 * writes one transfer per distinct move, and a 20,000-trade tick plans ≈ 60,000 moves between a
 * few hundred pairs of accounts (nested maps: no key string per move).
 */
export class MoveSet {
  readonly list: PlannedMove[] = [];
  private readonly byFrom = new Map<MoveAccount, Map<MoveAccount, PlannedMove[]>>();

  add(from: MoveAccount, to: MoveAccount, resource: Resource, amount: bigint, reason: string): void {
    let byTo = this.byFrom.get(from);
    if (!byTo) this.byFrom.set(from, (byTo = new Map()));
    let moves = byTo.get(to);
    if (!moves) byTo.set(to, (moves = []));
    for (const m of moves) {
      if (m.resource === resource && m.reason === reason) {
        m.amount += amount;
        return;
      }
    }
    const m = { from, to, resource, amount, reason };
    moves.push(m);
    this.list.push(m);
  }
}

/** A plan with nothing in it yet. */
export function emptyPlan(): TickPlan {
  return {
    batch: { orders: [], updates: [], trades: [], candles: [] },
    moves: [],
    outcomes: [],
    makerFills: [],
    touched: new Set(),
  };
}

/** What the room delivers after a tick's commit: answers, makers' fills, the trades, the players whose balances moved. */
export interface TickResult {
  outcomes: InputOutcome[];
  makerFills: MakerFill[];
  trades: NewMarketTrade[];
  touched: Set<string>;
}

/** A tick's result from the plans of its parts, in order (only what delivery reads is joined). */
export function tickResult(plans: readonly TickPlan[]): TickResult {
  if (plans.length === 1) {
    const [p] = plans;
    return { outcomes: p.outcomes, makerFills: p.makerFills, trades: p.batch.trades, touched: p.touched };
  }
  const result: TickResult = { outcomes: [], makerFills: [], trades: [], touched: new Set() };
  for (const p of plans) {
    result.outcomes.push(...p.outcomes);
    result.makerFills.push(...p.makerFills);
    result.trades.push(...p.batch.trades);
    for (const t of p.touched) result.touched.add(t);
  }
  return result;
}
