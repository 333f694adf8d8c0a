import { describe, expect, it } from 'vitest';
import {
  DEFAULT_INPUT_TIMING, InputTimingMonitor, assessInputWindow, createRng, detectChallengeFarms, detectImpossibleProgress,
  detectRings, detectVoteRings, detectWashTrades, flagDedupeKey, ledgerAnomalies, xpPerHour,
  type GiveEdge, type RingTotals, type TradeRecord, type VoterRecord,
} from '../src/index';

const HOUR = 3_600_000;
const MIN = 60_000;

/** Feeds arrival times into a monitor; returns the index of the input that raised the flag (or -1) and the flag. */
function feed(times: number[], monitor = new InputTimingMonitor()) {
  for (let i = 0; i < times.length; i++) {
    const flag = monitor.record('s1', 'p1', times[i]);
    if (flag) return { at: i, flag };
  }
  return { at: -1, flag: null };
}
function arrivals(intervals: number[], start = 1_000): number[] {
  const out = [start];
  for (const d of intervals) out.push(out[out.length - 1] + d);
  return out;
}

describe('fair play: automated input (inhuman timing regularity)', () => {
  it('a constant cadence: CV 0, entropy 0, repetition 1 — a regular window', () => {
    const a = assessInputWindow(new Array(64).fill(100));
    expect(a).toMatchObject({ cv: 0, entropyBits: 0, repetition: 1, repetitionLag: 1, maxOverMedian: 1, regular: true });
  });

  it('a constant-rate bot is flagged after exactly 3 windows of 64 intervals (input 193), with the numbers', () => {
    const { at, flag } = feed(arrivals(new Array(300).fill(250)));
    expect(at).toBe(192);
    expect(flag).toMatchObject({ kind: 'automated_input', playerIds: ['p1'], subject: 'p1', count: 192 });
    expect((flag!.evidence.windows as unknown[]).length).toBe(3);
    expect((flag!.evidence.windows as Array<{ cv: number }>)[0].cv).toBe(0);
  });

  it('a jittered bot (uniform ±30 % around 200 ms) is regular: low CV, no pause', () => {
    const rng = createRng(7);
    const intervals = Array.from({ length: 64 }, () => 200 * (0.7 + 0.6 * rng.next()));
    const a = assessInputWindow(intervals);
    expect(a.cv).toBeGreaterThan(0.1);
    expect(a.cv).toBeLessThan(0.35);
    expect(a.maxOverMedian).toBeLessThan(4);
    expect(a.regular).toBe(true);
    expect(feed(arrivals(Array.from({ length: 200 }, () => 200 * (0.7 + 0.6 * rng.next())))).at).toBe(192);
  });

  it('a replayed sequence of intervals repeats at its length', () => {
    const seq = [120, 80, 310, 95, 150];
    const a = assessInputWindow(Array.from({ length: 64 }, (_, i) => seq[i % seq.length]));
    expect(a.repetitionLag).toBe(5);
    expect(a.repetition).toBeGreaterThan(0.95);
    expect(a.cv).toBeGreaterThan(0.35); // irregular by CV: caught by its repetition
    expect(a.regular).toBe(true);
  });

  it('repetition survives network jitter: a replayed sequence with ±10 ms noise still correlates at its length', () => {
    const rng = createRng(3);
    const seq = [120, 80, 310, 95, 150, 240];
    const a = assessInputWindow(Array.from({ length: 64 }, (_, i) => seq[i % seq.length] + (rng.next() - 0.5) * 20));
    expect(a.repetitionLag).toBe(6);
    expect(a.repetition).toBeGreaterThan(0.8);
    expect(a.regular).toBe(true);
  });

  it('a person walking with the 10/s client: bursts of ~100 ms inputs with pauses — never flagged', () => {
    const rng = createRng(11);
    const intervals: number[] = [];
    while (intervals.length < 5000) {
      const burst = rng.int(3, 25);
      for (let i = 0; i < burst; i++) intervals.push(100 + rng.next() * 4);
      intervals.push(400 + rng.next() * 6000); // a pause: looking, turning, reading
    }
    expect(feed(arrivals(intervals)).at).toBe(-1);
    const a = assessInputWindow(intervals.slice(0, 64));
    expect(a.regular).toBe(false);
    expect(a.maxOverMedian).toBeGreaterThan(4);
  });

  it('a regular window breaks the streak: two regular windows, one with a pause, two regular — no flag', () => {
    const regular = new Array(64).fill(100);
    const paused = [...new Array(63).fill(100), 2000];
    expect(feed(arrivals([...regular, ...regular, ...paused, ...regular, ...regular])).at).toBe(-1);
  });

  it('a session is flagged once; forgetting it frees its ring', () => {
    const m = new InputTimingMonitor({ ...DEFAULT_INPUT_TIMING, window: 8, strikes: 1 });
    const times = arrivals(new Array(40).fill(50));
    const flags = times.map((t) => m.record('s', 'p', t)).filter(Boolean);
    expect(flags).toHaveLength(1);
    expect(m.size).toBe(1);
    m.forget('s');
    expect(m.size).toBe(0);
  });
});

describe('fair play: impossible progress (XP per hour above the registry cap)', () => {
  it('a gain over a window of at most an hour is that hour\'s: 5001 XP in 30 min is above 5000, 5000 is not', () => {
    const w = { elapsedMs: 30 * MIN, hourMs: HOUR, capPerHour: 5000 };
    const flags = detectImpossibleProgress([{ playerId: 'a', xpGained: 5001 }, { playerId: 'b', xpGained: 5000 }], w);
    expect(flags.map((f) => f.playerIds[0])).toEqual(['a']);
    expect(flags[0].evidence).toMatchObject({ xpGained: 5001, gameHours: 1, xpPerHour: 5001, cap: 5000 });
  });

  it('over a longer window the rate is per game hour: 9000 XP in 2 h is 4500/h, 12000 in 2 h is 6000/h', () => {
    const w = { elapsedMs: 2 * HOUR, hourMs: HOUR, capPerHour: 5000 };
    expect(xpPerHour(9000, w)).toBe(4500);
    expect(detectImpossibleProgress([{ playerId: 'a', xpGained: 9000 }, { playerId: 'b', xpGained: 12000 }], w).map((f) => f.subject)).toEqual(['b']);
  });

  it('game hours follow TIME_SCALE: at 1440 a game hour is 2.5 s', () => {
    const w = { elapsedMs: 10_000, hourMs: 2_500, capPerHour: 5000 }; // 4 game hours
    expect(xpPerHour(20_000, w)).toBe(5000);
    expect(detectImpossibleProgress([{ playerId: 'a', xpGained: 20_004 }], w)).toHaveLength(1);
  });
});

describe('fair play: wash trades', () => {
  const t = (buyerId: string, sellerId: string, at: number): TradeRecord => ({ instrument: 'cpu_cycles', buyerId, sellerId, at });
  const backAndForth = (n: number, spacing: number) => Array.from({ length: n }, (_, i) => (i % 2 ? t('a', 'b', i * spacing) : t('b', 'a', i * spacing)));

  it('10 trades back and forth within 10 minutes: one flag for the pair with the counts', () => {
    const flags = detectWashTrades(backAndForth(10, 30_000));
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ kind: 'wash_trading', playerIds: ['a', 'b'], subject: 'a|b', count: 10 });
    expect(flags[0].evidence).toMatchObject({ trades: 10, bought: { a: 5, b: 5 }, instruments: ['cpu_cycles'] });
  });

  it('9 trades, one direction only, or spread over more than the window: no flag', () => {
    expect(detectWashTrades(backAndForth(9, 30_000))).toEqual([]);
    expect(detectWashTrades(Array.from({ length: 12 }, (_, i) => t('a', 'b', i * 1000)))).toEqual([]);
    expect(detectWashTrades(backAndForth(10, 70_000))).toEqual([]); // 9 gaps × 70 s = 10.5 min
  });

  it('honest traders meeting many counterparties are not a pair pattern', () => {
    const trades = Array.from({ length: 60 }, (_, i) => t(`buyer${i % 12}`, `seller${i % 7}`, i * 5000));
    expect(detectWashTrades(trades)).toEqual([]);
  });
});

describe('fair play: closed rings (endorsements, intel confirmations)', () => {
  const totals = (edges: GiveEdge[], extra: Record<string, Partial<RingTotals>> = {}) => {
    const m = new Map<string, RingTotals>();
    for (const e of edges) {
      const f = m.get(e.from) ?? { given: 0, received: 0 };
      f.given += e.count;
      m.set(e.from, f);
      const g = m.get(e.to) ?? { given: 0, received: 0 };
      g.received += e.count;
      m.set(e.to, g);
    }
    for (const [k, v] of Object.entries(extra)) m.set(k, { ...m.get(k)!, ...v });
    return m;
  };

  it('three accounts endorsing each other round and round: one ring with every member\'s numbers', () => {
    const edges = [{ from: 'a', to: 'b', count: 3 }, { from: 'b', to: 'c', count: 3 }, { from: 'c', to: 'a', count: 3 }];
    const flags = detectRings('endorsement_ring', 'endorsements', edges, totals(edges));
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ kind: 'endorsement_ring', playerIds: ['a', 'b', 'c'], subject: 'a|b|c', count: 9 });
    expect((flags[0].evidence.members as unknown[])[0]).toEqual({ playerId: 'a', given: 3, received: 3, givenInside: 3, receivedInside: 3 });
  });

  it('a pair that keeps endorsing each other is a ring of two', () => {
    const edges = [{ from: 'x', to: 'y', count: 4 }, { from: 'y', to: 'x', count: 3 }];
    expect(detectRings('endorsement_ring', 'endorsements', edges, totals(edges)).map((f) => f.subject)).toEqual(['x|y']);
  });

  it('not a ring: members who give or receive mostly outside, too few gifts, one-way stars', () => {
    const edges = [{ from: 'a', to: 'b', count: 3 }, { from: 'b', to: 'a', count: 3 }];
    expect(detectRings('endorsement_ring', 'e', edges, totals(edges, { a: { given: 10 } }))).toEqual([]); // a gave 7 elsewhere
    expect(detectRings('endorsement_ring', 'e', edges, totals(edges, { b: { received: 9 } }))).toEqual([]);
    const few = [{ from: 'a', to: 'b', count: 2 }, { from: 'b', to: 'a', count: 2 }];
    expect(detectRings('endorsement_ring', 'e', few, totals(few))).toEqual([]);
    const star = ['b', 'c', 'd', 'e'].map((to) => ({ from: 'a', to, count: 3 }));
    expect(detectRings('endorsement_ring', 'e', star, totals(star))).toEqual([]);
  });
});

describe('fair play: vote rings', () => {
  const proposals = ['p1', 'p2', 'p3'];
  const voter = (id: string, createdAt: number, castAt: number, o: { funders?: string[]; support?: boolean[] } = {}): VoterRecord => ({
    playerId: id, createdAt, funders: o.funders ?? [],
    votes: proposals.map((p, i) => ({ proposalId: p, support: o.support?.[i] ?? i !== 1, at: castAt + i * HOUR })),
  });

  it('accounts created together voting identically within minutes on 3 proposals: one ring', () => {
    const voters = [voter('a', 0, 10 * HOUR), voter('b', 5 * MIN, 10 * HOUR + MIN), voter('c', 12 * MIN, 10 * HOUR + 2 * MIN)];
    const flags = detectVoteRings(voters);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ kind: 'vote_ring', playerIds: ['a', 'b', 'c'], count: 9 });
    expect(flags[0].evidence).toMatchObject({ members: 3, createdSpanMs: 12 * MIN, sharedFunders: [] });
    expect((flags[0].evidence.proposals as Array<{ castSpanMs: number }>).map((p) => p.castSpanMs)).toEqual([2 * MIN, 2 * MIN, 2 * MIN]);
  });

  it('funded by the same account links accounts created far apart', () => {
    const voters = ['a', 'b', 'c'].map((id, i) => voter(id, i * 30 * 24 * HOUR, 100 * 24 * HOUR + i * MIN, { funders: ['boss'] }));
    expect(detectVoteRings(voters)[0].evidence).toMatchObject({ sharedFunders: ['boss'] });
  });

  it('not a ring: like-minded but not coordinated, created apart without a funder, a differing vote, two proposals only', () => {
    expect(detectVoteRings(['a', 'b', 'c'].map((id, i) => voter(id, i * MIN, i * 5 * HOUR)))).toEqual([]);
    expect(detectVoteRings(['a', 'b', 'c'].map((id, i) => voter(id, i * 2 * HOUR, 50 * HOUR + i * MIN)))).toEqual([]);
    expect(detectVoteRings([voter('a', 0, 0), voter('b', MIN, MIN), voter('c', 2 * MIN, 2 * MIN, { support: [true, true, true] })])).toEqual([]);
    const two = ['a', 'b', 'c'].map((id, i) => ({ ...voter(id, i * MIN, i * MIN), votes: voter(id, 0, 0).votes.slice(0, 2) }));
    expect(detectVoteRings(two)).toEqual([]);
  });
});

describe('fair play: alts farming custom challenges', () => {
  const solve = (creatorId: string, solverId: string, n: number) => ({ creatorId, solverId, challengeId: `${creatorId}-c${n}`, createdAt: n * HOUR, solvedAt: n * HOUR + 2 * MIN });

  it('one account solving all of a creator\'s challenges: flagged with the share and the solve delay', () => {
    const flags = detectChallengeFarms([1, 2, 3, 4].map((n) => solve('maker', 'alt', n)));
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ kind: 'challenge_farm', playerIds: ['alt', 'maker'], subject: 'maker>alt', count: 4 });
    expect(flags[0].evidence).toMatchObject({ solves: 4, creatorSolves: 4, share: 1, distinctSolvers: 1, medianSolveDelayMs: 2 * MIN });
  });

  it('a creator with a real audience, or a solver with two solves: no flag', () => {
    const audience = [1, 2, 3, 4].flatMap((n) => ['f1', 'f2', 'f3', 'f4', 'f5'].map((s) => solve('maker', s, n)));
    expect(detectChallengeFarms(audience)).toEqual([]);
    expect(detectChallengeFarms([solve('m', 'alt', 1), solve('m', 'alt', 2)])).toEqual([]);
  });
});

describe('fair play: ledger anomalies and flag keys', () => {
  it('a broken resource line and an account whose balance is not the sum of its legs', () => {
    const flags = ledgerAnomalies(
      [
        { resource: 'cpu_cycles', balances: '1000', minted: '1200', burned: '100', broken: 0, holds: false },
        { resource: 'data_credits', balances: '5', minted: '5', burned: '0', broken: 0, holds: true },
      ],
      [{ accountId: 7, kind: 'player', ownerId: 'p7', resource: 'cpu_cycles', balance: '50', legs: '40' }],
    );
    expect(flags.map((f) => f.subject)).toEqual(['resource:cpu_cycles', 'account:7:cpu_cycles']);
    expect(flags[0].evidence).toMatchObject({ expected: '1100', difference: '-100' });
    expect(flags[1]).toMatchObject({ playerIds: ['p7'], evidence: { difference: '10' } });
  });

  it('one flag per kind, subject and UTC day', () => {
    expect(flagDedupeKey({ kind: 'wash_trading', subject: 'a|b' }, '2027-03-01')).toBe('wash_trading:a|b:2027-03-01');
  });
});
