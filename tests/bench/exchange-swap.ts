/**
 * Exchange swap benchmark. A script, not a test:
 *
 *   npx tsx tests/bench/exchange-swap.ts            (from the repo root)
 *
 * 1. Swap quotes per second (rules): `quoteSwap` + `swapFee` on one pool whose reserves move
 *    with each swap (`applySwap`), 200 000 seeded swaps (mulberry32, seed 11), median of 5 runs.
 * 2. Swaps committed per second through the service (`swapOnPool`: pool row lock, ledger legs,
 *    fee, swap row — one transaction each) on a fresh Postgres database: N players swapping
 *    concurrently with a pool of 12 connections, (a) all on one pool (serialized by the lock),
 *    (b) spread over the three pools, and (c) one client swapping sequentially (the per-swap
 *    transaction latency). Also p50/p99 latency per swap.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { applySwap, mulberry32, quoteSwap, swapFee } from '@datavism/rules';
import {
  createPlayer, createTestDatabase, ledgerInvariant, mint, seedPools, swapOnPool, withTransaction, type Db,
} from '@datavism/db';
import { machine, median, percentile } from './machine';

export interface ExchangeSwapBenchResult {
  machine: string;
  quotesPerSec: number;
  sequential: { swaps: number; swapsPerSec: number; p50Ms: number; p99Ms: number };
  onePool: { swaps: number; swapsPerSec: number; p50Ms: number; p99Ms: number };
  threePools: { swaps: number; swapsPerSec: number; p50Ms: number; p99Ms: number };
  invariantHolds: boolean;
}

function quoteBench(count = 200_000, runs = 5): number {
  const rand = mulberry32(11);
  const inputs = Array.from({ length: count }, () => ({ amountIn: 100n + BigInt(Math.floor(rand() * 10_000)), buy: rand() < 0.5 }));
  const timings: number[] = [];
  for (let r = 0; r < runs + 1; r++) {
    let pool = { reserveIn: 1_000_000_000n, reserveOut: 1_000_000_000n };
    const t0 = performance.now();
    for (const { amountIn, buy } of inputs) {
      const oriented = buy ? pool : { reserveIn: pool.reserveOut, reserveOut: pool.reserveIn };
      quoteSwap({ amountIn, ...oriented, feeBps: 200 });
      swapFee(amountIn, 200);
      const { newReserves } = applySwap(oriented, { amountIn, feeBps: 200, minOut: 0n });
      pool = buy ? newReserves : { reserveIn: newReserves.reserveOut, reserveOut: newReserves.reserveIn };
    }
    if (r > 0) timings.push(performance.now() - t0);
  }
  return Math.round(count / (median(timings) / 1000));
}

async function serviceBench(db: Db, resources: readonly ('cpu_cycles' | 'data_credits' | 'liberation_keys')[], players: string[], perPlayer: number, tag: string) {
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(players.map(async (id, i) => {
    for (let j = 0; j < perPlayer; j++) {
      const resource = resources[(i + j) % resources.length]!;
      const s = performance.now();
      await swapOnPool(db, { playerId: id, resource, direction: j % 2 === 0 ? 'buy' : 'sell', amountIn: 100n, minOut: 0n, feeBps: 200, clientKey: `${tag}-${j}` });
      latencies.push(performance.now() - s);
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  const swaps = players.length * perPlayer;
  return {
    swaps, swapsPerSec: Math.round(swaps / seconds),
    p50Ms: Number(percentile(latencies, 50).toFixed(2)), p99Ms: Number(percentile(latencies, 99).toFixed(2)),
  };
}

export async function runExchangeSwapBench({ players = 24, perPlayer = 100 } = {}): Promise<ExchangeSwapBenchResult> {
  const quotesPerSec = quoteBench();
  const test = await createTestDatabase('postgres', { poolSize: 12 });
  try {
    const db = test.database.db;
    await seedPools(db, [
      { resource: 'cpu_cycles', reserveResource: 1_000_000_000n, reserveCredits: 1_000_000_000n },
      { resource: 'data_credits', reserveResource: 1_000_000_000n, reserveCredits: 1_000_000_000n },
      { resource: 'liberation_keys', reserveResource: 1_000_000_000n, reserveCredits: 1_000_000_000n },
    ]);
    const ids: string[] = [];
    for (let i = 0; i < players; i++) {
      const p = await createPlayer(db, { name: `bench-${i}-${Date.now().toString(36)}`, passwordHash: 'x' });
      await withTransaction(db, async (tx) => {
        for (const r of ['resistance_credits', 'cpu_cycles', 'data_credits', 'liberation_keys'] as const) {
          await mint(tx, { kind: 'player', id: p.id }, r, 10_000_000n, 'bench');
        }
      });
      ids.push(p.id);
    }
    await serviceBench(db, ['cpu_cycles'], ids.slice(0, 4), 10, 'warm');
    const sequential = await serviceBench(db, ['cpu_cycles'], ids.slice(0, 1), 300, 'seq');
    const onePool = await serviceBench(db, ['cpu_cycles'], ids, perPlayer, 'one');
    const threePools = await serviceBench(db, ['cpu_cycles', 'data_credits', 'liberation_keys'], ids, perPlayer, 'three');
    const invariantHolds = (await ledgerInvariant(db)).every((l) => l.holds);
    return { machine: machine(), quotesPerSec, sequential, onePool, threePools, invariantHolds };
  } finally {
    await test.drop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runExchangeSwapBench();
  console.log(`machine: ${result.machine}`);
  console.log(`swap quotes (quoteSwap + swapFee + applySwap), rules: ${result.quotesPerSec.toLocaleString('en')} /s`);
  for (const [label, r] of [['one client, sequential', result.sequential], ['one pool (lock-serialized)', result.onePool], ['three pools', result.threePools]] as const) {
    console.log(`swaps committed on Postgres, ${label}: ${r.swapsPerSec.toLocaleString('en')} /s over ${r.swaps} swaps, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms`);
  }
  console.log(`ledger invariant after the run: ${result.invariantHolds ? 'holds' : 'BROKEN'}`);
}
