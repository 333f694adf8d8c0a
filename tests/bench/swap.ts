/**
 * Swap-quote benchmark: exact bigint constant-product quotes per second. A script, not a test:
 *
 *   npx tsx tests/bench/swap.ts            (from the repo root)
 *
 * Inputs: 100 000 seeded random quotes (mulberry32, seed 7) on pools with reserves of
 * 10^6…10^15 units, inputs up to 1 % of the reserve, fees 0…500 bps. Each run quotes all of
 * them with `quoteSwap` and, separately, inverts each with `quoteSwapIn`; figures are the
 * median of ≥ 5 runs after a warm-up pass.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { mulberry32, quoteSwap, quoteSwapIn } from '@datavism/rules';
import { median } from './machine';

/** What {@link runSwapBench} measured. */
export interface SwapBenchResult {
  quotes: number;
  runs: number;
  quoteSwap: { medianMs: number; quotesPerSec: number };
  quoteSwapIn: { medianMs: number; quotesPerSec: number };
  machine: { cpu: string; cores: number; node: string };
}

interface Case {
  amountIn: bigint;
  amountOut: bigint;
  reserveIn: bigint;
  reserveOut: bigint;
  feeBps: number;
}

function generateCases(count: number, seed = 7): Case[] {
  const rand = mulberry32(seed);
  const reserve = () => BigInt(Math.floor(10 ** (6 + rand() * 9)));
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) {
    const reserveIn = reserve();
    const reserveOut = reserve();
    const amountIn = 1n + BigInt(Math.floor(rand() * Number(reserveIn / 100n)));
    const amountOut = 1n + BigInt(Math.floor(rand() * Number(reserveOut / 100n)));
    cases.push({ amountIn, amountOut, reserveIn, reserveOut, feeBps: Math.floor(rand() * 501) });
  }
  return cases;
}

/** Milliseconds to run `quote` over every case (the sum keeps the results alive). */
function timeQuotes(cases: readonly Case[], quote: (c: Case) => bigint): number {
  const t0 = performance.now();
  let sink = 0n;
  for (let i = 0; i < cases.length; i++) sink += quote(cases[i]);
  const ms = performance.now() - t0;
  if (sink < 0n) throw new Error('unreachable');
  return ms;
}

/** Runs the benchmark; `runs` timed runs (≥ 5). */
export async function runSwapBench({ quotes = 100_000, runs = 7 } = {}): Promise<SwapBenchResult> {
  if (runs < 5) throw new Error('need at least 5 runs for a median');
  const cases = generateCases(quotes);
  timeQuotes(cases, quoteSwap);
  timeQuotes(cases, quoteSwapIn);
  const outMs: number[] = [];
  const inMs: number[] = [];
  for (let r = 0; r < runs; r++) {
    outMs.push(timeQuotes(cases, quoteSwap));
    inMs.push(timeQuotes(cases, quoteSwapIn));
  }
  const cpus = os.cpus();
  const a = median(outMs);
  const b = median(inMs);
  return {
    quotes,
    runs,
    quoteSwap: { medianMs: a, quotesPerSec: (quotes / a) * 1000 },
    quoteSwapIn: { medianMs: b, quotesPerSec: (quotes / b) * 1000 },
    machine: { cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, node: process.version },
  };
}

async function main(): Promise<void> {
  const r = await runSwapBench();
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(`machine: ${r.machine.cpu}, ${r.machine.cores} cores, node ${r.machine.node}`);
  console.log(`${fmt(r.quotes)} quotes per run, median of ${r.runs} runs`);
  console.log(`quoteSwap:   ${fmt(r.quoteSwap.quotesPerSec)} quotes/s (${r.quoteSwap.medianMs.toFixed(1)} ms)`);
  console.log(`quoteSwapIn: ${fmt(r.quoteSwapIn.quotesPerSec)} quotes/s (${r.quoteSwapIn.medianMs.toFixed(1)} ms)`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
