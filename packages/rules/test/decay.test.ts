import { describe, expect, it } from 'vitest';
import { applyDecay, dailyDecay, decayFactor, decayFloor, resourceDecayAmount } from '../src/decay';
import { influence, type Reputation } from '../src/reputation';

const flat = (v: number): Reputation => ({
  technicalMastery: v, truthScore: v, impactRating: v, teachingHonor: v, artisticVision: v,
});
const active = { daysSinceLogin: 0, daysSinceContribution: 0, daysSinceMajorAction: 0 };
const noFloor = { verified: false, contributions: 0, daysActive: 0, founder: false };

describe('daily decay amount', () => {
  it('decay: nothing for a player active today', () => {
    expect(dailyDecay(active)).toBe(0);
  });

  it('decay: −10 for each day without login', () => {
    expect(dailyDecay({ ...active, daysSinceLogin: 1 })).toBe(10);
    expect(dailyDecay({ ...active, daysSinceLogin: 5 })).toBe(10);
  });

  it('decay: −100 on the day each week without contribution completes', () => {
    expect(dailyDecay({ ...active, daysSinceContribution: 6 })).toBe(0);
    expect(dailyDecay({ ...active, daysSinceContribution: 7 })).toBe(100);
    expect(dailyDecay({ ...active, daysSinceContribution: 8 })).toBe(0);
    expect(dailyDecay({ ...active, daysSinceContribution: 14 })).toBe(100);
  });

  it('decay: −500 on the day each 30-day month without major action completes', () => {
    expect(dailyDecay({ ...active, daysSinceMajorAction: 29 })).toBe(0);
    expect(dailyDecay({ ...active, daysSinceMajorAction: 30 })).toBe(500);
    expect(dailyDecay({ ...active, daysSinceMajorAction: 31 })).toBe(0);
    expect(dailyDecay({ ...active, daysSinceMajorAction: 60 })).toBe(500);
  });

  it('decay: all three on one day add up to 610', () => {
    expect(dailyDecay({ daysSinceLogin: 210, daysSinceContribution: 210, daysSinceMajorAction: 210 })).toBe(610);
  });

  it('decay: a 30-day absence costs 30·10 + 4·100 + 500 = 1200', () => {
    let total = 0;
    for (let d = 1; d <= 30; d++) total += dailyDecay({ daysSinceLogin: d, daysSinceContribution: d, daysSinceMajorAction: d });
    expect(total).toBe(1200);
  });
});

describe('decay floors', () => {
  it('decay floor: 0 without any floor', () => {
    expect(decayFloor(noFloor)).toBe(0);
  });

  it('decay floor: verified account 100', () => {
    expect(decayFloor({ ...noFloor, verified: true })).toBe(100);
  });

  it('decay floor: contributor (≥ 10 contributions) 500', () => {
    expect(decayFloor({ ...noFloor, contributions: 9 })).toBe(0);
    expect(decayFloor({ ...noFloor, contributions: 10 })).toBe(500);
    expect(decayFloor({ ...noFloor, verified: true, contributions: 10 })).toBe(500);
  });

  it('decay floor: veteran (≥ 365 days active) 1000', () => {
    expect(decayFloor({ ...noFloor, daysActive: 364 })).toBe(0);
    expect(decayFloor({ ...noFloor, daysActive: 365, contributions: 10, verified: true })).toBe(1000);
  });

  it('decay floor: founder 5000, the largest floor wins', () => {
    expect(decayFloor({ verified: true, contributions: 50, daysActive: 400, founder: true })).toBe(5000);
    expect(decayFloor({ ...noFloor, foundingResistant: true })).toBe(5000);
  });
});

describe('applying decay', () => {
  it('decay factor: influence falls by the decay', () => {
    expect(decayFactor(1000, 100, 0)).toBe(0.9);
    expect(decayFactor(1000, 0, 0)).toBe(1);
  });

  it('decay factor: stops at the floor and never raises influence', () => {
    expect(decayFactor(150, 100, 100)).toBe(100 / 150);
    expect(decayFactor(100, 100, 100)).toBe(1);
    expect(decayFactor(80, 10, 100)).toBe(1);
  });

  it('decay: scales all five dimensions by the same factor', () => {
    const rep = flat(1000); // influence 1000
    const after = applyDecay(rep, { decay: 100, floor: 0 });
    expect(after).toEqual(flat(900));
    expect(influence(after)).toBe(900);
  });

  it('decay: −10 on influence 1000 with uneven dimensions rounds each dimension up', () => {
    const rep: Reputation = { technicalMastery: 2000, truthScore: 1000, impactRating: 500, teachingHonor: 333, artisticVision: 0 };
    // influence = 500 + 250 + 150 + 33.3 = 933.3; target 923.3; factor 0.98928...
    const after = applyDecay(rep, { decay: 10, floor: 0 });
    expect(after).toEqual({ technicalMastery: 1979, truthScore: 990, impactRating: 495, teachingHonor: 330, artisticVision: 0 });
    expect(influence(after)).toBeGreaterThanOrEqual(923.3);
    expect(influence(after)).toBeLessThan(933.3);
  });

  it('decay: stops at the verified floor 100', () => {
    const rep = flat(120); // influence 120
    const after = applyDecay(rep, { decay: 610, floor: 100 });
    expect(after).toEqual(flat(100));
    expect(influence(after)).toBe(100);
  });

  it('decay: never below the contributor floor 500 even with uneven dimensions', () => {
    const rep: Reputation = { technicalMastery: 1999, truthScore: 7, impactRating: 1001, teachingHonor: 13, artisticVision: 3 };
    const after = applyDecay(rep, { decay: 610, floor: 500 });
    expect(influence(rep)).toBeGreaterThan(500);
    expect(influence(after)).toBeGreaterThanOrEqual(500);
    expect(influence(after)).toBeLessThan(501);
  });

  it('decay: veteran floor 1000 and founder floor 5000 stop the fall', () => {
    expect(influence(applyDecay(flat(1200), { decay: 500, floor: 1000 }))).toBe(1000);
    expect(influence(applyDecay(flat(5100), { decay: 610, floor: 5000 }))).toBe(5000);
  });

  it('decay: a player at or below the floor is unchanged', () => {
    expect(applyDecay(flat(100), { decay: 610, floor: 100 })).toEqual(flat(100));
    expect(applyDecay(flat(50), { decay: 610, floor: 100 })).toEqual(flat(50));
  });

  it('decay: influence is measured with the player multipliers', () => {
    // base 1000, squad leader → influence 1200; −120 → 1080 = factor 0.9
    const after = applyDecay(flat(1000), { decay: 120, floor: 0, multipliers: { squadLeader: true } });
    expect(after).toEqual(flat(900));
    expect(influence(after, { squadLeader: true })).toBe(1080);
  });

  it('decay: to zero without floor', () => {
    expect(applyDecay(flat(10), { decay: 610, floor: 0 })).toEqual(flat(0));
  });
});

describe('resource decay', () => {
  it('resource decay: cpu_cycles 10 % daily, floored', () => {
    expect(resourceDecayAmount('cpu_cycles', 1000n)).toBe(100n);
    expect(resourceDecayAmount('cpu_cycles', 1009n)).toBe(100n);
    expect(resourceDecayAmount('cpu_cycles', 9n)).toBe(0n);
  });

  it('resource decay: liberation_keys 5 % weekly', () => {
    expect(resourceDecayAmount('liberation_keys', 100n)).toBe(5n);
    expect(resourceDecayAmount('liberation_keys', 39n)).toBe(1n);
  });

  it('resource decay: influence_points 2 % monthly', () => {
    expect(resourceDecayAmount('influence_points', 1000n)).toBe(20n);
  });

  it('resource decay: the other resources never decay', () => {
    for (const r of ['resistance_credits', 'data_credits', 'truth_tokens'] as const) {
      expect(resourceDecayAmount(r, 1_000_000n)).toBe(0n);
    }
    expect(resourceDecayAmount('cpu_cycles', 0n)).toBe(0n);
  });

  it('resource decay: exact on huge balances', () => {
    expect(resourceDecayAmount('cpu_cycles', 12345678901234567890n)).toBe(1234567890123456789n);
  });
});
