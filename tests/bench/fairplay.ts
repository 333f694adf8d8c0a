/**
 * Fair-play detectors on a seeded simulated population (GAME §9): labelled cheaters mixed with
 * varied honest players, each detector of `@datavism/rules` run as the server runs it, precision
 * and recall per detector (goal: recall ≥ 95 %, false-positive rate ≤ 1 % of honest accounts).
 *
 *   npx tsx tests/bench/fairplay.ts [SEED]        npm run bench -- fairplay
 *
 * The unit is the account: a cheater is caught when a flag names it, an honest account is a false
 * positive when any flag names it. Cheats the detectors are not built to catch (a bot that pauses
 * like a person, wash trades spread over more than the window) are reported on their own lines and
 * not counted in the goal.
 */
import { pathToFileURL } from 'node:url';
import {
  DEFAULT_RING_OPTIONS, InputTimingMonitor, WASH_MIN_TRADES, WASH_WINDOW_MS, createRng, detectChallengeFarms, detectImpossibleProgress,
  detectRings, detectVoteRings, detectWashTrades, ledgerAnomalies,
  type CustomSolve, type FlagDraft, type GiveEdge, type RingTotals, type Rng, type TradeRecord, type VoterRecord,
} from '@datavism/rules';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

export interface DetectorScore {
  detector: string;
  honest: number;
  cheaters: number;
  caught: number;
  falsePositives: number;
  precision: number;
  recall: number;
  falsePositiveRate: number;
  goalMet: boolean;
  /** Cheats out of scope, reported apart: how many, how many caught. */
  outOfScope?: { label: string; accounts: number; caught: number };
  /** Caught of each kind of cheater ("caught/total"). */
  byKind: Record<string, string>;
}

const gauss = (rng: Rng) => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
const uniform = (rng: Rng, a: number, b: number) => a + (b - a) * rng.next();

/** A cheater's kind: the letters its id starts with, and a size like `3x` (`constant12` → `constant`, `ring3x_4_1` → `ring3x`). */
const kindOf = (id: string) => /^[a-z-]+(\d+x)?/i.exec(id)![0];

function score(detector: string, flags: FlagDraft[], honest: readonly string[], cheaters: readonly string[], outOfScope?: { label: string; ids: string[] }): DetectorScore {
  const named = new Set(flags.flatMap((f) => f.playerIds));
  const byKind: Record<string, string> = {};
  for (const kind of new Set(cheaters.map(kindOf))) {
    const mine = cheaters.filter((c) => kindOf(c) === kind);
    byKind[kind] = `${mine.filter((c) => named.has(c)).length}/${mine.length}`;
  }
  const caught = cheaters.filter((c) => named.has(c)).length;
  const falsePositives = honest.filter((h) => named.has(h)).length;
  const precision = caught + falsePositives === 0 ? 1 : caught / (caught + falsePositives);
  const recall = cheaters.length === 0 ? 1 : caught / cheaters.length;
  const falsePositiveRate = honest.length === 0 ? 0 : falsePositives / honest.length;
  return {
    detector, honest: honest.length, cheaters: cheaters.length, caught, falsePositives,
    precision: round(precision), recall: round(recall), falsePositiveRate: round(falsePositiveRate, 5),
    goalMet: recall >= 0.95 && falsePositiveRate <= 0.01, byKind,
    ...(outOfScope ? { outOfScope: { label: outOfScope.label, accounts: outOfScope.ids.length, caught: outOfScope.ids.filter((c) => named.has(c)).length } } : {}),
  };
}
const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

// ---- automated input ----

/** Arrival times (ms) at the server of a session's inputs: client send times plus network jitter. */
function arrivals(sends: number[], rng: Rng, jitterMs: number): number[] {
  let last = -Infinity;
  return sends.map((t) => (last = Math.max(last + 0.5, t + Math.abs(gauss(rng)) * jitterMs)));
}

/** An honest session: walks with the client's 10/s throttle (a held key) between pauses, per persona. */
function personSends(rng: Rng, persona: string, inputs: number): number[] {
  const out: number[] = [];
  let t = 0;
  const frame = persona === 'slow-device' ? 1000 / uniform(rng, 20, 40) : 1000 / 60;
  while (out.length < inputs) {
    const burst = persona === 'marathon' ? rng.int(15, 60) : persona === 'tapper' ? rng.int(1, 3) : rng.int(3, 15);
    for (let i = 0; i < burst; i++) {
      // The throttle sends 100 ms after the previous send, on the next frame that offers a position.
      t += persona === 'slow-device' ? Math.ceil(100 / frame) * frame : 100 + rng.next() * 4;
      out.push(t);
    }
    t += persona === 'marathon' ? uniform(rng, 300, 1500)
      : persona === 'tapper' ? uniform(rng, 150, 700)
        : Math.min(30_000, Math.exp(Math.log(2000) + 0.9 * gauss(rng)));
  }
  return out.slice(0, inputs);
}

function botSends(rng: Rng, kind: string, inputs: number): number[] {
  const period = uniform(rng, 100, kind === 'replay' ? 400 : 1000);
  const spread = uniform(rng, 0.1, 0.5);
  const seq = Array.from({ length: rng.int(3, 8) }, () => uniform(rng, 80, 400));
  const out: number[] = [];
  let t = 0;
  for (let i = 0; i < inputs; i++) {
    if (kind === 'constant') t += period;
    else if (kind === 'jittered-uniform') t += period * (1 - spread + 2 * spread * rng.next());
    else if (kind === 'jittered-gauss') t += Math.max(20, period * (1 + (spread / 2) * gauss(rng)));
    else if (kind === 'replay') t += seq[i % seq.length];
    else {
      // Out of scope: a bot that pauses like a person every 10–30 inputs.
      t += period * (1 - spread + 2 * spread * rng.next());
      if (rng.int(1, 20) === 1) t += uniform(rng, 1000, 5000);
    }
    out.push(t);
  }
  return out;
}

function automatedInput(rng: Rng): DetectorScore {
  const monitor = new InputTimingMonitor();
  const flags: FlagDraft[] = [];
  const honest: string[] = [];
  const cheaters: string[] = [];
  const sly: string[] = [];
  const jitters = [1, 3, 8, 20];
  const feed = (id: string, sends: number[]) => {
    for (const t of arrivals(sends, rng, jitters[rng.int(0, jitters.length - 1)])) {
      const f = monitor.record(id, id, t);
      if (f) flags.push(f);
    }
    monitor.forget(id);
  };
  const personas = ['casual', 'casual', 'marathon', 'tapper', 'slow-device'];
  for (let i = 0; i < 3000; i++) {
    const id = `h${i}`;
    honest.push(id);
    feed(id, personSends(rng, personas[i % personas.length], rng.int(200, 900)));
  }
  for (const kind of ['constant', 'jittered-uniform', 'jittered-gauss', 'replay']) {
    for (let i = 0; i < 250; i++) {
      const id = `${kind}${i}`;
      cheaters.push(id);
      feed(id, botSends(rng, kind, rng.int(200, 900)));
    }
  }
  for (let i = 0; i < 100; i++) {
    sly.push(`sly${i}`);
    feed(`sly${i}`, botSends(rng, 'pausing', 600));
  }
  return score('automated_input', flags, honest, cheaters, { label: 'bots pausing like people', ids: sly });
}

// ---- impossible progress ----

function impossibleProgress(rng: Rng): DetectorScore {
  const honest: string[] = [];
  const cheaters: string[] = [];
  const flags: FlagDraft[] = [];
  // 24 hourly runs over 20,000 honest players and 200 cheaters.
  for (let hour = 0; hour < 24; hour++) {
    const gains = [];
    for (let i = 0; i < 20_000; i++) {
      if (hour === 0) honest.push(`h${i}`);
      const r = rng.next();
      let xp = 0;
      if (r < 0.3) xp += 52; // a day's login
      if (r < 0.2) xp += 50 * rng.int(0, 6); // challenges solved this hour
      if (r < 0.02) xp += rng.int(200, 2500); // an operation's XP payout share
      if (r < 0.002) xp += 2000; // an achievement (perfect_run)
      if (xp > 0) gains.push({ playerId: `h${i}`, xpGained: xp });
    }
    for (let i = 0; i < 200; i++) {
      if (hour === 0) cheaters.push(`c${i}`);
      // A farming script runs a few hours a day: 6,000–60,000 XP in such an hour.
      if ((i + hour) % 6 === 0) gains.push({ playerId: `c${i}`, xpGained: rng.int(6000, 60_000) });
    }
    flags.push(...detectImpossibleProgress(gains, { elapsedMs: HOUR, hourMs: HOUR, capPerHour: 5000 }));
  }
  return score('impossible_progress', flags, honest, cheaters);
}

// ---- wash trades ----

function washTrades(rng: Rng): DetectorScore {
  const trades: TradeRecord[] = [];
  const honest = Array.from({ length: 2000 }, (_, i) => `t${i}`);
  const makers = honest.slice(0, 100); // market makers: many trades with many counterparties
  const span = 4 * HOUR;
  for (let i = 0; i < 40_000; i++) {
    const taker = honest[rng.int(100, honest.length - 1)];
    const maker = makers[rng.int(0, makers.length - 1)];
    const buys = rng.next() < 0.5;
    trades.push({ instrument: 'cpu_cycles', buyerId: buys ? taker : maker, sellerId: buys ? maker : taker, at: rng.int(0, span) });
  }
  // Honest friends trading repeatedly, one way (a supplier and a buyer).
  for (let i = 0; i < 50; i++) {
    const [a, b] = [honest[100 + 2 * i], honest[101 + 2 * i]];
    const start = rng.int(0, span);
    for (let k = 0; k < rng.int(5, 20); k++) trades.push({ instrument: 'data_credits', buyerId: a, sellerId: b, at: start + k * 20_000 });
  }
  const cheaters: string[] = [];
  const slow: string[] = [];
  for (let i = 0; i < 100; i++) {
    const [a, b] = [`w${i}a`, `w${i}b`];
    const isSlow = i >= 80;
    (isSlow ? slow : cheaters).push(a, b);
    const n = rng.int(10, 40);
    const gap = isSlow ? uniform(rng, 90_000, 300_000) : uniform(rng, 5000, 55_000);
    const start = rng.int(0, span - n * gap);
    for (let k = 0; k < n; k++) trades.push({ instrument: 'cpu_cycles', buyerId: k % 2 ? a : b, sellerId: k % 2 ? b : a, at: Math.round(start + k * gap) });
  }
  trades.sort((x, y) => x.at - y.at);
  // The job: every minute, the trades of the last 10 minutes.
  const flags: FlagDraft[] = [];
  let from = 0;
  let to = 0;
  for (let now = MIN; now <= span + 10 * MIN; now += MIN) {
    while (to < trades.length && trades[to].at <= now) to++;
    while (from < to && trades[from].at < now - WASH_WINDOW_MS) from++;
    flags.push(...detectWashTrades(trades.slice(from, to), { minTrades: WASH_MIN_TRADES, windowMs: WASH_WINDOW_MS }));
  }
  return score('wash_trading', flags, honest, cheaters, { label: 'wash trades spread over more than 10 min', ids: slow });
}

// ---- give-graphs: endorsements, intel confirmations ----

/** The ring detector's view of a list of gifts, as the database narrows it (givers with ≥ minGiven). */
function ringFlags(kind: 'endorsement_ring' | 'intel_ring', gifts: Array<[string, string]>): FlagDraft[] {
  const given = new Map<string, number>();
  for (const [a] of gifts) given.set(a, (given.get(a) ?? 0) + 1);
  const givers = new Set([...given].filter(([, n]) => n >= DEFAULT_RING_OPTIONS.minGiven).map(([a]) => a));
  const weights = new Map<string, number>();
  const totals = new Map<string, RingTotals>();
  for (const [a, b] of gifts) {
    const ta = totals.get(a) ?? { given: 0, received: 0 };
    ta.given++;
    totals.set(a, ta);
    const tb = totals.get(b) ?? { given: 0, received: 0 };
    tb.received++;
    totals.set(b, tb);
    if (givers.has(a) && givers.has(b)) weights.set(`${a}>${b}`, (weights.get(`${a}>${b}`) ?? 0) + 1);
  }
  const edges: GiveEdge[] = [...weights].map(([k, count]) => {
    const [from, to] = k.split('>');
    return { from, to, count };
  });
  return detectRings(kind, kind === 'endorsement_ring' ? 'endorsements' : 'intel confirmations', edges, totals);
}

function endorsementRings(rng: Rng): DetectorScore {
  const honest = Array.from({ length: 20_000 }, (_, i) => `e${i}`);
  const gifts: Array<[string, string]> = [];
  // 30 days; an honest endorser has 5–30 friends (a neighbourhood) and endorses one now and then,
  // never the same one twice in 7 days; couples (2 %) endorse each other more but not only.
  // Friendships are mutual: a player's friends are their neighbours on both sides.
  const friends = (i: number) => Array.from({ length: 5 + (i % 26) }, (_, k) => honest[(i + honest.length + (k % 2 ? 1 : -1) * (1 + (k >> 1))) % honest.length]);
  for (let i = 0; i < honest.length; i++) {
    const mine = friends(i);
    const partner = i % 50 === 0 ? honest[(i + 1) % honest.length] : null;
    const last = new Map<string, number>();
    for (let day = 0; day < 30; day++) {
      if (rng.next() > 0.35) continue;
      const to = partner && rng.next() < 0.55 ? partner : mine[rng.int(0, mine.length - 1)];
      if ((last.get(to) ?? -99) > day - 7 || to === honest[i]) continue;
      last.set(to, day);
      gifts.push([honest[i], to]);
    }
  }
  const cheaters: string[] = [];
  for (let r = 0; r < 60; r++) {
    const size = 2 + (r % 5);
    const ring = Array.from({ length: size }, (_, k) => `ring${size}x_${r}_${k}`);
    cheaters.push(...ring);
    const last = new Map<string, number>();
    for (let day = 0; day < 30; day++) {
      for (const a of ring) {
        // Every day a member endorses a ring member it may endorse again (the server's 7-day
        // rule); on the days it may not, now and then an outsider, to look ordinary.
        const to = ring.find((b) => b !== a && (last.get(`${a}>${b}`) ?? -99) <= day - 7);
        if (to) {
          last.set(`${a}>${to}`, day);
          gifts.push([a, to]);
        } else if (rng.next() < 0.1) {
          gifts.push([a, honest[rng.int(0, honest.length - 1)]]);
        }
      }
    }
  }
  return score('endorsement_ring', ringFlags('endorsement_ring', gifts), honest, cheaters);
}

function intelRings(rng: Rng): DetectorScore {
  const honest = Array.from({ length: 8000 }, (_, i) => `i${i}`);
  const gifts: Array<[string, string]> = [];
  // Honest claims: a submitter, confirmed by 0–6 players picked by the claim's visibility.
  for (let c = 0; c < 12_000; c++) {
    const submitter = honest[rng.int(0, honest.length - 1)];
    for (let k = rng.int(0, 6); k > 0; k--) {
      const confirmer = honest[Math.floor(honest.length * rng.next() ** 2)];
      if (confirmer !== submitter) gifts.push([confirmer, submitter]);
    }
  }
  const cheaters: string[] = [];
  for (let r = 0; r < 80; r++) {
    const ring = Array.from({ length: 3 + (r % 3) }, (_, k) => `alt${r}_${k}`);
    cheaters.push(...ring);
    for (const a of ring) {
      for (let c = rng.int(2, 5); c > 0; c--) for (const b of ring) if (b !== a) gifts.push([b, a]);
    }
  }
  return score('intel_ring', ringFlags('intel_ring', gifts), honest, cheaters);
}

// ---- custom-challenge farms ----

function challengeFarms(rng: Rng): DetectorScore {
  const players = Array.from({ length: 10_000 }, (_, i) => `c${i}`);
  const solves: CustomSolve[] = [];
  let id = 0;
  // Honest creators: 1–10 challenges each, solved by players who find them (popular ones more).
  for (let k = 0; k < 800; k++) {
    const creator = players[k];
    const reach = rng.next() ** 2; // how known the creator is
    for (let c = rng.int(1, 10); c > 0; c--) {
      const challengeId = `ch${id++}`;
      for (let s = Math.round(reach * 40) + rng.int(0, 3); s > 0; s--) {
        const solver = players[rng.int(800, players.length - 1)];
        solves.push({ creatorId: creator, solverId: solver, challengeId, createdAt: 0, solvedAt: rng.int(MIN, DAY) });
      }
    }
  }
  const cheaters: string[] = [];
  for (let f = 0; f < 100; f++) {
    const [maker, alt] = [`maker${f}`, `alt${f}`];
    cheaters.push(maker, alt);
    for (let c = rng.int(3, 12); c > 0; c--) {
      const challengeId = `ch${id++}`;
      solves.push({ creatorId: maker, solverId: alt, challengeId, createdAt: 0, solvedAt: rng.int(MIN, 10 * MIN) });
      // Now and then a stranger solves one too.
      if (rng.next() < 0.1) solves.push({ creatorId: maker, solverId: players[rng.int(800, players.length - 1)], challengeId, createdAt: 0, solvedAt: HOUR });
    }
  }
  // The database hands the rule only creators with ≥ 3 solves; the rule decides the rest.
  return score('challenge_farm', detectChallengeFarms(solves), players, cheaters);
}

// ---- vote rings ----

function voteRings(rng: Rng): DetectorScore {
  const proposals = Array.from({ length: 20 }, (_, i) => ({ id: `p${i}`, opensAt: i * 1.5 * DAY, closesAt: i * 1.5 * DAY + 3 * DAY, yes: rng.next() }));
  const voters: VoterRecord[] = [];
  const honest: string[] = [];
  // 20,000 honest voters registered over two years (30 an hour at peak, so many are created
  // within the same hour), each voting on the proposals they see, at their own time.
  for (let i = 0; i < 20_000; i++) {
    const id = `v${i}`;
    honest.push(id);
    const votes = proposals.filter(() => rng.next() < 0.25).map((p) => ({
      proposalId: p.id, support: rng.next() < p.yes, at: p.opensAt + rng.int(0, p.closesAt - p.opensAt),
    }));
    voters.push({ playerId: id, createdAt: -rng.int(0, 730) * DAY + rng.int(0, 40) * MIN, funders: rng.next() < 0.05 ? [`squad${rng.int(0, 400)}`] : [], votes });
  }
  const cheaters: string[] = [];
  for (let r = 0; r < 60; r++) {
    const size = rng.int(3, 10);
    const born = -rng.int(1, 60) * DAY;
    const funded = r % 2 === 0;
    const chosen = proposals.filter(() => rng.next() < 0.4).slice(0, rng.int(3, 8));
    if (chosen.length < 3) chosen.push(...proposals.slice(0, 3 - chosen.length));
    const when = chosen.map((p) => p.opensAt + rng.int(0, p.closesAt - p.opensAt - HOUR));
    for (let k = 0; k < size; k++) {
      const id = `ring${r}_${k}`;
      cheaters.push(id);
      voters.push({
        playerId: id,
        // Created together (within 20 minutes), or over months but funded by the same account.
        createdAt: funded ? born - rng.int(0, 90) * DAY : born + rng.int(0, 20) * MIN,
        funders: funded ? [`boss${r}`] : [],
        votes: chosen.map((p, j) => ({ proposalId: p.id, support: true, at: when[j] + rng.int(0, 5 * MIN) })),
      });
    }
  }
  return score('vote_ring', detectVoteRings(voters), honest, cheaters);
}

// ---- ledger anomalies ----

function ledgerCheck(rng: Rng): DetectorScore {
  const accounts = Array.from({ length: 50_000 }, (_, i) => ({ accountId: i + 1, kind: 'player', ownerId: `l${i}`, resource: 'cpu_cycles', balance: String(rng.int(0, 10_000)) }));
  const broken = new Set(Array.from({ length: 100 }, () => rng.int(0, accounts.length - 1)));
  const mismatches = accounts
    .map((a, i) => ({ ...a, legs: broken.has(i) ? String(Number(a.balance) + rng.int(1, 500)) : a.balance }))
    .filter((a) => a.balance !== a.legs);
  const flags = ledgerAnomalies([], mismatches);
  return score('ledger_anomaly', flags, accounts.filter((_, i) => !broken.has(i)).map((a) => a.ownerId), [...broken].map((i) => accounts[i].ownerId));
}

export async function runFairplayBench(options: { seed?: number } = {}): Promise<{ seed: number; detectors: DetectorScore[]; seconds: number }> {
  const seed = options.seed ?? 20270301;
  const started = performance.now();
  const detectors = [automatedInput, impossibleProgress, washTrades, endorsementRings, intelRings, challengeFarms, voteRings, ledgerCheck]
    .map((d, i) => d(createRng(seed + i)));
  return { seed, detectors, seconds: round((performance.now() - started) / 1000, 1) };
}

function print(r: { seed: number; detectors: DetectorScore[]; seconds: number }): void {
  console.log(`seed ${r.seed}, ${r.seconds} s`);
  console.log('detector              honest  cheaters  caught  false+  precision  recall   FP rate   goal');
  for (const d of r.detectors) {
    console.log(`${d.detector.padEnd(20)} ${String(d.honest).padStart(7)} ${String(d.cheaters).padStart(9)} ${String(d.caught).padStart(7)} ${String(d.falsePositives).padStart(7)}`
      + `  ${(d.precision * 100).toFixed(1).padStart(8)} %  ${(d.recall * 100).toFixed(1).padStart(5)} %  ${(d.falsePositiveRate * 100).toFixed(3).padStart(6)} %  ${d.goalMet ? 'met' : 'MISSED'}`);
    console.log(`  by kind: ${Object.entries(d.byKind).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    if (d.outOfScope) console.log(`  out of scope: ${d.outOfScope.label}: ${d.outOfScope.caught} of ${d.outOfScope.accounts} caught`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runFairplayBench({ seed: process.argv[2] ? Number(process.argv[2]) : undefined })
    .then(print)
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
