import type { Services } from '../context';
import { tryNotify, type NotificationEvent } from './notify';

/** A resting order that filled completely, as the market room reports it after its commit. */
export interface FilledOrder {
  playerId: string;
  orderId: string;
  instrument: string;
  /** Price of the last fill, in resistance_credits per unit. */
  price: bigint;
}

/** How long fills gather before they are written: the market tick never waits for notifications. */
const FLUSH_MS = 1000;
/** Beyond this many waiting fills (the database is down), new ones are dropped and counted. */
const MAX_WAITING = 100_000;

/**
 * "Your order filled" (GAME §8.2, important) without touching the market's hot path: the room
 * hands over the resting orders that filled in a tick (no await, no query), and once a second the
 * fills gathered meanwhile are written as one notification per player in ONE statement. At most
 * one write is in flight; fills arriving during it wait for the next. The orders a taker places
 * are answered in the room at once and are not notified. A crash loses at most the last second's
 * fills' notifications (the trades themselves are durable).
 */
export class OrderFillNotifier {
  private waiting: FilledOrder[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;

  constructor(private readonly s: Services) {}

  /** Called by the market room after a tick's commit. */
  add(fills: readonly FilledOrder[]): void {
    if (fills.length === 0) return;
    if (this.waiting.length + fills.length > MAX_WAITING) {
      this.s.metrics.errors.inc({ where: 'notifications-order-fills-dropped' });
      return;
    }
    this.waiting.push(...fills);
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  /** Writes what is waiting (tests call it to skip the wait). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.writing) {
      await this.writing;
      if (this.waiting.length > 0) this.timer ??= setTimeout(() => void this.flush(), 0);
      return;
    }
    const fills = this.waiting;
    this.waiting = [];
    if (fills.length === 0) return;
    this.writing = tryNotify(this.s, orderFilledEvents(fills)).then(() => undefined);
    await this.writing;
    this.writing = null;
  }
}

/** A market's resource as players read it ("cpu_cycles" → "CPU cycles"), not its id. */
export function instrumentWords(instrument: string): string {
  return instrument.replace(/_/g, ' ').replace(/^cpu\b/, 'CPU');
}

/** One event per player: their orders that filled since the last write. */
export function orderFilledEvents(fills: readonly FilledOrder[]): NotificationEvent[] {
  const byPlayer = new Map<string, FilledOrder[]>();
  for (const f of fills) {
    const list = byPlayer.get(f.playerId);
    if (list) list.push(f);
    else byPlayer.set(f.playerId, [f]);
  }
  return [...byPlayer].map(([playerId, orders]) => {
    const lines = orders.slice(0, 5).map((o) => `Your ${instrumentWords(o.instrument)} order filled (last fill at ${o.price}).`);
    if (orders.length > 5) lines.push(`… and ${orders.length - 5} more.`);
    return {
      kind: 'order_filled',
      audience: { kind: 'players', playerIds: [playerId] },
      affects: { player: true, topic: 'market' },
      title: orders.length === 1 ? `Your ${instrumentWords(orders[0].instrument)} order filled` : `${orders.length} of your orders filled`,
      body: lines.join('\n'),
      link: `/market/${orders[0].instrument}`,
    } satisfies NotificationEvent;
  });
}

const notifiers = new WeakMap<Services, OrderFillNotifier>();

/** This process's order-fill notifier (one per server). */
export function orderFillNotifier(s: Services): OrderFillNotifier {
  let n = notifiers.get(s);
  if (!n) notifiers.set(s, (n = new OrderFillNotifier(s)));
  return n;
}

/** Writes the fills still waiting (at shutdown). */
export async function flushOrderFills(s: Services): Promise<void> {
  await notifiers.get(s)?.flush();
}
