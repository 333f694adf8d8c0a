/**
 * `npm run bench [-- NAME ...]`: run the benchmarks (all, or the named ones) one after another
 * and print their figures. Each benchmark file exports an async `run…Bench()` and prints its own
 * lines; this runner only sequences them so they never compete for the 2 cores.
 */
import { machine } from './machine';

const BENCHES: Record<string, { file: string; fn: string }> = {
  orderbook: { file: './orderbook', fn: 'runOrderBookBench' },
  swap: { file: './swap', fn: 'runSwapBench' },
  stv: { file: './stv', fn: 'runStvBench' },
  decay: { file: './decay', fn: 'runDecayBench' },
  'world-load': { file: './world-load', fn: 'runWorldLoadBench' },
  'territory-siege': { file: './territory-siege', fn: 'runTerritorySiegeBench' },
  'squads-decisions': { file: './squads-decisions', fn: 'runSquadsBench' },
  'market-durable': { file: './market-durable', fn: 'runMarketDurableBench' },
  'exchange-swap': { file: './exchange-swap', fn: 'runExchangeSwapBench' },
  operations: { file: './operations', fn: 'runOperationsBench' },
  intel: { file: './intel', fn: 'runIntelBench' },
  governance: { file: './governance', fn: 'runGovernanceBench' },
  leaderboards: { file: './leaderboards', fn: 'runLeaderboardsBench' },
  'client-render': { file: './client-render', fn: 'runClientRenderBench' },
  health: { file: './health', fn: 'runHealthBench' },
  fairplay: { file: './fairplay', fn: 'runFairplayBench' },
  'input-timing': { file: './input-timing', fn: 'runInputTimingBench' },
  social: { file: './social', fn: 'runSocialBench' },
  churn: { file: './churn', fn: 'runChurnBench' },
  'achievement-overhead': { file: './achievement-overhead', fn: 'runAchievementOverheadBench' },
};

async function main(names: string[]) {
  const selected = names.length ? names : Object.keys(BENCHES);
  console.log(`machine: ${machine()}`);
  for (const name of selected) {
    const bench = BENCHES[name];
    if (!bench) {
      console.error(`unknown benchmark "${name}"; known: ${Object.keys(BENCHES).join(', ')}`);
      process.exitCode = 2;
      continue;
    }
    let mod: Record<string, unknown>;
    try {
      mod = await import(bench.file);
    } catch (err) {
      console.log(`\n== ${name}: not available (${(err as Error).message.split('\n')[0]})`);
      continue;
    }
    const fn = mod[bench.fn] ?? Object.values(mod).find((v) => typeof v === 'function' && /^run.*Bench$/.test((v as { name: string }).name));
    if (typeof fn !== 'function') {
      console.log(`\n== ${name}: no ${bench.fn}() exported`);
      continue;
    }
    console.log(`\n== ${name}`);
    const started = Date.now();
    const result = await (fn as () => Promise<unknown>)();
    console.log(JSON.stringify(result, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
    console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
}

main(process.argv.slice(2)).then(() => process.exit(process.exitCode ?? 0), (err) => {
  console.error(err);
  process.exit(1);
});
