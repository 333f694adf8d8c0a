/**
 * Order book benchmark: our OrderBook against the `nodejs-order-book` npm package on the
 * same seeded stream of limit orders. A script, not a test:
 *
 *   npx tsx tests/bench/orderbook.ts            (from the repo root)
 *
 * The stream (see {@link generateLimitStream}): 200 000 limit orders around a fixed mid price
 * of 100 000; each order is a buy or a sell with equal odds and a size uniform in 1…100.
 * - 70 % are passive: a buy at mid − 1 − U{0…49} or a sell at mid + 1 + U{0…49}, so they
 *   rest inside a 50-tick band on their own side of the mid;
 * - 30 % are crossing (marketable limits): a buy at mid + 50 + U{0…9} or a sell at
 *   mid − 50 − U{0…9}, priced through the whole opposite band, so they trade whenever the
 *   other side holds anything (from the first few orders on; the script prints the share of
 *   orders that actually traded) and sweep it best price first. An unfilled rest rests.
 * Ids are "o0", "o1", …; a mulberry32 PRNG seeded with 42 makes the stream reproducible.
 *
 * Both books get the same stream; afterwards every order's remaining resting size must be
 * identical in both (the mismatch count printed must be 0). Timing: one warm-up pass each,
 * then ≥ 5 interleaved runs (alternating which book goes first), each on a fresh book;
 * figures are medians.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { OrderBook as LibOrderBook, Side as LibSide } from 'nodejs-order-book';
import { OrderBook, mulberry32 } from '@datavism/rules';
import { median } from './machine';

/** One order of the stream. */
export interface StreamOrder {
  id: string;
  side: 'buy' | 'sell';
  price: number;
  size: number;
}

/** What {@link runOrderBookBench} measured. */
export interface OrderBookBenchResult {
  orders: number;
  runs: number;
  /** Share of orders that produced at least one fill in our book. */
  tradedShare: number;
  fills: number;
  /** Resting orders whose presence or remaining size differ between the two books. */
  mismatches: number;
  ours: { medianMs: number; ordersPerSec: number };
  library: { medianMs: number; ordersPerSec: number };
  /** ours / library orders per second. */
  ratio: number;
  machine: { cpu: string; cores: number; node: string };
}

/** The seeded stream described in the file comment. */
export function generateLimitStream(count = 200_000, crossingShare = 0.3, seed = 42): StreamOrder[] {
  const rand = mulberry32(seed);
  const int = (n: number) => Math.floor(rand() * n); // U{0…n−1}
  const mid = 100_000;
  const stream: StreamOrder[] = [];
  for (let i = 0; i < count; i++) {
    const buy = rand() < 0.5;
    const crossing = rand() < crossingShare;
    const offset = crossing ? -(50 + int(10)) : 1 + int(50); // > 0: own side; < 0: across the mid
    const price = buy ? mid - offset : mid + offset;
    stream.push({ id: `o${i}`, side: buy ? 'buy' : 'sell', price, size: 1 + int(100) });
  }
  return stream;
}

function feedOurs(stream: readonly StreamOrder[]): { book: OrderBook; traded: number; fills: number } {
  const book = new OrderBook();
  let traded = 0;
  let fills = 0;
  for (let i = 0; i < stream.length; i++) {
    const r = book.limit(stream[i]);
    if (r.fills.length > 0) traded++;
    fills += r.fills.length;
  }
  return { book, traded, fills };
}

function feedLibrary(stream: readonly StreamOrder[]): LibOrderBook {
  const book = new LibOrderBook();
  for (let i = 0; i < stream.length; i++) {
    const o = stream[i];
    const r = book.limit({ id: o.id, side: o.side === 'buy' ? LibSide.BUY : LibSide.SELL, size: o.size, price: o.price });
    if (r.err !== null) throw new Error(`nodejs-order-book rejected ${o.id}: ${r.err.message}`);
  }
  return book;
}

function time(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** Runs the comparison; `runs` timed runs per book (≥ 5). */
export async function runOrderBookBench({ orders = 200_000, runs = 7 } = {}): Promise<OrderBookBenchResult> {
  if (runs < 5) throw new Error('need at least 5 runs for a median');
  const stream = generateLimitStream(orders);

  // Correctness first (also the warm-up): the same stream must leave the same resting orders.
  const ours = feedOurs(stream);
  const lib = feedLibrary(stream);
  let mismatches = 0;
  for (const o of stream) {
    const a = ours.book.order(o.id)?.size;
    const b = lib.order(o.id)?.size;
    if (a !== b) mismatches++;
  }

  const oursMs: number[] = [];
  const libMs: number[] = [];
  for (let r = 0; r < runs; r++) {
    if (r % 2 === 0) {
      oursMs.push(time(() => feedOurs(stream)));
      libMs.push(time(() => feedLibrary(stream)));
    } else {
      libMs.push(time(() => feedLibrary(stream)));
      oursMs.push(time(() => feedOurs(stream)));
    }
  }
  const oursMedian = median(oursMs);
  const libMedian = median(libMs);
  const cpus = os.cpus();
  return {
    orders,
    runs,
    tradedShare: ours.traded / orders,
    fills: ours.fills,
    mismatches,
    ours: { medianMs: oursMedian, ordersPerSec: (orders / oursMedian) * 1000 },
    library: { medianMs: libMedian, ordersPerSec: (orders / libMedian) * 1000 },
    ratio: libMedian / oursMedian,
    machine: { cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, node: process.version },
  };
}

async function main(): Promise<void> {
  const r = await runOrderBookBench();
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(`machine: ${r.machine.cpu}, ${r.machine.cores} cores, node ${r.machine.node}`);
  console.log(
    `stream: ${fmt(r.orders)} limit orders, ${(r.tradedShare * 100).toFixed(1)} % traded, ${fmt(r.fills)} fills; median of ${r.runs} interleaved runs`,
  );
  console.log(`resting-state mismatches vs nodejs-order-book: ${r.mismatches}`);
  console.log(`@datavism/rules OrderBook: ${fmt(r.ours.ordersPerSec)} orders/s (${r.ours.medianMs.toFixed(1)} ms)`);
  console.log(`nodejs-order-book:         ${fmt(r.library.ordersPerSec)} orders/s (${r.library.medianMs.toFixed(1)} ms)`);
  console.log(`ratio: ${r.ratio.toFixed(2)}×`);
  if (r.mismatches !== 0) process.exitCode = 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
