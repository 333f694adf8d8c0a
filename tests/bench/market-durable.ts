/**
 * Durable market benchmarks (GAME §4.1: trades are durable before they are acknowledged).
 *
 * 1. Group-commit throughput: trades per second committed to Postgres through the market room's
 *    per-tick path (match → one transaction with orders, trades, order updates, ledger transfers →
 *    acknowledge). Many crossing orders are queued into one tick of an in-process server's market
 *    room; the clock runs from the queueing until the tick's commit has acknowledged every input.
 * 2. Order → acknowledgement latency seen by real SDK clients at a steady 5,000 orders/s against
 *    a server in its own process (so load generator and server do not share an event loop).
 *
 * `npx tsx tests/bench/market-durable.ts` (needs Postgres; DATABASE_URL as for the tests).
 */
import { pathToFileURL } from 'node:url';
import { matchMaker } from '@colyseus/core';
import { ledgerInvariant, marketEscrowCheck, openDatabase } from '@datavism/db';
import { startGame } from '../utils/game';
import { freshPostgresDatabase } from '../utils/pg';
import { startServerProcess } from '../utils/process';
import { sleep, tempDir, waitFor } from '../utils/env';
import { directPlayer, fund, joinMarket } from '../utils/market';
import { machine, machineBusySeconds, median, percentile, stealMeter } from './machine';
import { describeHistogram, histogramDelta, readHistogram } from './server-metrics';

export interface MarketDurableFigures {
  machine: string;
  commit: {
    tradesPerTick: number; runs: number[]; medianTradesPerSecond: number; invariantsHold: boolean; steal: number[];
    /** CPU per trade of the crossing tick, µs: this process (server + bench) and every other process (on a quiet machine: Postgres). */
    nodeMicros: number[]; otherMicros: number[];
  };
  latency: { targetOrdersPerSecond: number; sentOrders: number; answered: number; achievedOrdersPerSecond: number; p50Ms: number; p99Ms: number; maxMs: number };
}

/** Part 1: trades/s through the room's group commit (in-process server, Postgres). */
async function commitThroughput(tradesPerTick: number, rounds: number): Promise<MarketDurableFigures['commit']> {
  const run = await startGame({ db: 'postgres' });
  try {
    const db = run.game.services.database.db;
    const secret = run.game.services.config.jwtSecret;
    const players: string[] = [];
    for (let i = 0; i < 200; i++) {
      const p = await directPlayer(db, secret, 'bench');
      await fund(db, p.id, { resistance_credits: 10_000_000_000n, cpu_cycles: 100_000_000n });
      players.push(p.id);
    }
    const joiner = await directPlayer(db, secret, 'bench');
    const watcher = await joinMarket(run.url, joiner.token, 'cpu_cycles');
    const [listing] = await matchMaker.query({ name: 'market' });
    const room = matchMaker.getLocalRoomById(listing.roomId) as unknown as {
      queue: Array<{ input: unknown; client: { send(type: string, m: unknown): void }; at: number }>;
      pendingInputs: number;
    };
    let answered = 0;
    let filled = 0;
    const failures: unknown[] = [];
    // Only real outcomes count: an INTERNAL error (a failed commit) answers too, and would make
    // a rolled-back tick look fast.
    const client = {
      send: (type: string, m: unknown) => {
        answered++;
        if (type === 'order_ack') filled += (m as { fills: unknown[] }).fills.length;
        else failures.push(m);
      },
    };
    const enqueueAndWait = async (inputs: unknown[]) => {
      const target = answered + inputs.length;
      const t0 = performance.now();
      for (const input of inputs) room.queue.push({ input, client, at: performance.now() });
      while (answered < target) await sleep(1);
      return (performance.now() - t0) / 1000;
    };
    const runs: number[] = [];
    const steal: number[] = [];
    const nodeMicros: number[] = [];
    const otherMicros: number[] = [];
    let seq = 0;
    for (let r = 0; r < rounds; r++) {
      // Resting asks from half the players (one tick, no trades)…
      const asks = Array.from({ length: tradesPerTick }, (_, i) => ({
        kind: 'place', playerId: players[i % 100], clientOrderId: `a${seq++}`, side: 'sell', type: 'limit', price: 100 + (i % 50), size: 1,
      }));
      await enqueueAndWait(asks);
      // …then as many crossing bids from the other half: every bid is one trade, all in one tick.
      const bids = Array.from({ length: tradesPerTick }, (_, i) => ({
        kind: 'place', playerId: players[100 + (i % 100)], clientOrderId: `b${seq++}`, side: 'buy', type: 'limit', price: 200, size: 1,
      }));
      const filledBefore = filled;
      const stolen = stealMeter();
      const node0 = process.cpuUsage();
      const busy0 = machineBusySeconds();
      const seconds = await enqueueAndWait(bids);
      steal.push(stolen());
      const node = process.cpuUsage(node0);
      const nodeSeconds = (node.user + node.system) / 1e6;
      nodeMicros.push((nodeSeconds * 1e6) / tradesPerTick);
      otherMicros.push(((machineBusySeconds() - busy0 - nodeSeconds) * 1e6) / tradesPerTick);
      if (failures.length > 0 || filled - filledBefore !== tradesPerTick) {
        throw new Error(`the crossing tick did not trade as planned: ${filled - filledBefore} fills, first failure ${JSON.stringify(failures[0])}`);
      }
      runs.push(tradesPerTick / seconds);
    }
    const invariantsHold = (await ledgerInvariant(db)).every((l) => l.holds) && (await marketEscrowCheck(db)).every((l) => l.holds);
    await watcher.room.leave();
    return { tradesPerTick, runs, medianTradesPerSecond: median(runs), invariantsHold, steal, nodeMicros, otherMicros };
  } finally {
    await run.close();
  }
}

/** Part 2: order → ack latency from SDK clients at a steady rate, server in a child process. */
async function ackLatency(ordersPerSecond: number, seconds: number, clients: number): Promise<MarketDurableFigures['latency']> {
  const pg = await freshPostgresDatabase('mbench');
  const secret = 'bench-secret-'.padEnd(40, 'x');
  const port = 30000 + Math.floor(Math.random() * 2000);
  const server = await startServerProcess(port, { DATABASE_URL: pg.url, JWT_SECRET: secret, DATA_DIR: tempDir(), JOBS: 'off', LOG_LEVEL: 'error' });
  const database = await openDatabase({ databaseUrl: pg.url, poolSize: 2 });
  try {
    const traders = [];
    for (let i = 0; i < clients; i++) {
      const p = await directPlayer(database.db, secret, 'lat');
      await fund(database.db, p.id, { resistance_credits: 10_000_000_000n, data_credits: 100_000_000n });
      traders.push(await joinMarket(server.url, p.token, 'data_credits'));
    }
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    for (const t of traders) {
      t.room.onMessage('order_ack', (a: { clientOrderId: string }) => latencies.push(performance.now() - sentAt.get(a.clientOrderId)!));
      t.room.onMessage('error', (e: { clientOrderId?: string }) => {
        if (e.clientOrderId) latencies.push(performance.now() - sentAt.get(e.clientOrderId)!);
      });
    }
    const total = ordersPerSecond * seconds;
    const perMs = ordersPerSecond / 1000;
    const commits0 = await readHistogram(server.url, 'datavism_room_commit_seconds', 'market');
    const inputs0 = await readHistogram(server.url, 'datavism_room_input_seconds', 'market');
    const t0 = performance.now();
    let sent = 0;
    while (sent < total) {
      const due = Math.min(total, Math.floor((performance.now() - t0) * perMs));
      for (; sent < due; sent++) {
        const t = traders[sent % clients];
        const id = `o${sent}`;
        const buy = sent % 2 === 0;
        sentAt.set(id, performance.now());
        t.room.send('place_order', { clientOrderId: id, side: buy ? 'buy' : 'sell', type: 'limit', price: buy ? 100 + (sent % 7) : 98 + (sent % 7), size: 1 + (sent % 5) });
      }
      await sleep(2);
    }
    const sendSeconds = (performance.now() - t0) / 1000;
    await waitFor(() => latencies.length >= total, 120_000, 'every order answered');
    // The server's own view: its tick transactions and each order's received → answered time.
    const commits = histogramDelta(await readHistogram(server.url, 'datavism_room_commit_seconds', 'market'), commits0);
    const inputs = histogramDelta(await readHistogram(server.url, 'datavism_room_input_seconds', 'market'), inputs0);
    console.log(`market server side: tick transactions ${describeHistogram(commits)} (${(inputs.count / Math.max(1, commits.count)).toFixed(0)} orders per tick); `
      + `order received → answered ${describeHistogram(inputs)}`);
    for (const t of traders) await t.room.leave();
    return {
      targetOrdersPerSecond: ordersPerSecond, sentOrders: total, answered: latencies.length,
      achievedOrdersPerSecond: total / sendSeconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99),
      maxMs: Math.max(...latencies),
    };
  } finally {
    await server.kill('SIGKILL');
    await database.close();
    await pg.drop();
  }
}

export async function runMarketDurableBench(options: { tradesPerTick?: number; rounds?: number; ordersPerSecond?: number; seconds?: number } = {}): Promise<MarketDurableFigures> {
  // MARKET_BENCH_ONLY=commit skips part 2 (e.g. to profile the commit path alone); =latency skips part 1.
  const commit = process.env.MARKET_BENCH_ONLY === 'latency'
    ? { tradesPerTick: 0, runs: [], medianTradesPerSecond: NaN, invariantsHold: true, steal: [], nodeMicros: [], otherMicros: [] }
    : await commitThroughput(options.tradesPerTick ?? 20_000, options.rounds ?? 3);
  const latency = process.env.MARKET_BENCH_ONLY === 'commit'
    ? { targetOrdersPerSecond: 0, sentOrders: 0, answered: 0, achievedOrdersPerSecond: 0, p50Ms: NaN, p99Ms: NaN, maxMs: NaN }
    : await ackLatency(options.ordersPerSecond ?? 5_000, options.seconds ?? 6, 50);
  const f: MarketDurableFigures = { machine: machine(), commit, latency };
  console.log(`machine: ${f.machine}`);
  if (commit.runs.length > 0) console.log(`market group commit: ${commit.tradesPerTick.toLocaleString('en')} crossing orders in one tick → `
    + `${commit.runs.map((r) => Math.round(r).toLocaleString('en')).join(' / ')} trades/s committed to Postgres `
    + `(median ${Math.round(commit.medianTradesPerSecond).toLocaleString('en')}; goal ≥ 20,000); invariants hold: ${commit.invariantsHold}; `
    + `CPU steal by the VM host ${commit.steal.map((x) => `${(x * 100).toFixed(0)} %`).join(' / ')}; CPU per trade: `
    + `Node ${commit.nodeMicros.map((x) => x.toFixed(1)).join(' / ')} µs, other processes (Postgres) ${commit.otherMicros.map((x) => x.toFixed(1)).join(' / ')} µs`);
  console.log(`market order→ack latency (50 SDK clients, server process): ${latency.sentOrders.toLocaleString('en')} orders at `
    + `${Math.round(latency.achievedOrdersPerSecond).toLocaleString('en')}/s (target ${latency.targetOrdersPerSecond.toLocaleString('en')}/s): `
    + `p50 ${latency.p50Ms.toFixed(1)} ms, p99 ${latency.p99Ms.toFixed(1)} ms, max ${latency.maxMs.toFixed(1)} ms`);
  return f;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runMarketDurableBench().then(() => process.exit(0), (err) => {
    console.error(err);
    process.exit(1);
  });
}
