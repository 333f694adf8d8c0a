import { describe, expect, it } from 'vitest';
import { GameError } from '../src/errors';
import { findSquads, squadMatchScore, timezoneDistanceHours, type SquadListing, type SquadSeeker } from '../src/squad-finder';
import {
  contributionScoreDelta, distributeProRata, isTreasuryGuardian, resourceSharingAllowance, TREASURY_GUARDIAN_SCORE,
} from '../src/treasury';

describe('treasury', () => {
  it('treasury: contribution score weights resistance_credits 1, cpu_cycles 0.5, data_credits 2', () => {
    expect(contributionScoreDelta('resistance_credits', 1000n)).toBe(1000);
    expect(contributionScoreDelta('cpu_cycles', 1000n)).toBe(500);
    expect(contributionScoreDelta('cpu_cycles', 5)).toBe(2.5);
    expect(contributionScoreDelta('data_credits', 1000n)).toBe(2000);
    expect(contributionScoreDelta('liberation_keys', 1000n)).toBe(0);
  });

  it('treasury: Treasury_Guardian strictly above 10000', () => {
    expect(TREASURY_GUARDIAN_SCORE).toBe(10000);
    expect(isTreasuryGuardian(10000)).toBe(false);
    expect(isTreasuryGuardian(10000.5)).toBe(true);
  });

  it('treasury: Resource_Sharing allows floor(10 %) per day', () => {
    expect(resourceSharingAllowance(1000n)).toBe(100n);
    expect(resourceSharingAllowance(1239n)).toBe(123n);
    expect(resourceSharingAllowance(9n)).toBe(0n);
    expect(resourceSharingAllowance(0n)).toBe(0n);
  });

  it('treasury: pro-rata split sums exactly to the total (largest remainder)', () => {
    expect(distributeProRata(10n, [{ id: 'a', weight: 1 }, { id: 'b', weight: 2 }])).toEqual([
      { id: 'a', amount: 3n }, { id: 'b', amount: 7n },
    ]);
    const three = distributeProRata(100n, [{ id: 'a', weight: 1 }, { id: 'b', weight: 1 }, { id: 'c', weight: 1 }]);
    expect(three.map((x) => x.amount)).toEqual([34n, 33n, 33n]); // tie on remainder: earlier first
  });

  it('treasury: pro-rata with fractional scores and a zero weight', () => {
    const split = distributeProRata(7n, [{ id: 'a', weight: 2.5 }, { id: 'b', weight: 0 }, { id: 'c', weight: 0.5 }, { id: 'd', weight: 0.1 }]);
    expect(split.reduce((s, x) => s + x.amount, 0n)).toBe(7n);
    expect(split.find((x) => x.id === 'b')!.amount).toBe(0n);
    expect(split.map((x) => x.amount)).toEqual([6n, 0n, 1n, 0n]); // 5.65, 0, 1.13, 0.23
  });

  it('treasury: pro-rata exact for huge totals', () => {
    const total = 10n ** 30n + 1n;
    const split = distributeProRata(total, [{ id: 'a', weight: 1 }, { id: 'b', weight: 3 }]);
    expect(split[0].amount + split[1].amount).toBe(total);
    expect(split[1].amount).toBe(750000000000000000000000000001n);
  });

  it('treasury: pro-rata rejects negative totals and weights, and nothing to weigh', () => {
    expect(() => distributeProRata(-1n, [{ id: 'a', weight: 1 }])).toThrow(GameError);
    expect(() => distributeProRata(1n, [{ id: 'a', weight: -1 }])).toThrow(GameError);
    expect(() => distributeProRata(1n, [{ id: 'a', weight: 0 }])).toThrow(GameError);
    expect(distributeProRata(0n, [])).toEqual([]);
  });
});

describe('squad finder', () => {
  const player: SquadSeeker = {
    influence: 1000, activityPace: 0.5, preferredClass: 'tactical', timezoneOffsetHours: 1, playStyle: 'stealth',
  };
  const perfect: SquadListing = {
    id: 'perfect', type: 'infiltration', medianInfluence: 1000, activityPace: 0.5, timezoneOffsetHours: 1, playStyle: 'stealth',
  };

  it('finder: a perfect match scores 1', () => {
    expect(squadMatchScore(player, perfect)).toBe(1);
  });

  it('finder: weights 30 / 25 / 20 / 15 / 10 %', () => {
    expect(squadMatchScore(player, { ...perfect, medianInfluence: 500 })).toBe(0.7); // skill 0: |1000−500|/500
    expect(squadMatchScore({ ...player, activityPace: 0 }, { ...perfect, activityPace: 1.5 })).toBe(0.75); // pace 0 (1.5 clamps to 1)
    expect(squadMatchScore(player, { ...perfect, activityPace: 1 })).toBe(0.875); // pace 0.5
    expect(squadMatchScore(player, { ...perfect, type: 'research' })).toBe(0.8); // goal 0
    expect(squadMatchScore(player, { ...perfect, timezoneOffsetHours: -11 })).toBe(0.85); // 12 h apart
    expect(squadMatchScore(player, { ...perfect, playStyle: 'assault' })).toBe(0.9); // style 0
  });

  it('finder: skill closeness is relative to the median, at least 100', () => {
    expect(squadMatchScore(player, { ...perfect, medianInfluence: 2000 })).toBe(0.85); // |1000−2000|/2000 = 0.5
    expect(squadMatchScore({ ...player, influence: 50 }, { ...perfect, medianInfluence: 0 })).toBe(0.85); // 50/100
  });

  it('finder: time zones wrap around the clock', () => {
    expect(timezoneDistanceHours(11, -11)).toBe(2);
    expect(timezoneDistanceHours(5.5, -3)).toBe(8.5);
    expect(timezoneDistanceHours(0, 12)).toBe(12);
  });

  it('finder: only squads scoring ≥ 0.7, best first, closed squads never', () => {
    const squads: SquadListing[] = [
      { ...perfect, id: 'edge', playStyle: 'assault', type: 'research' }, // 0.7
      { ...perfect, id: 'low', playStyle: 'assault', type: 'research', activityPace: 0.4 }, // 0.675
      perfect,
      { ...perfect, id: 'closed', recruitment: 'closed' },
      { ...perfect, id: 'good', playStyle: 'assault' }, // 0.9
    ];
    const found = findSquads(player, squads);
    expect(found.map((f) => f.squad.id)).toEqual(['perfect', 'good', 'edge']);
    expect(found.map((f) => f.score)).toEqual([1, 0.9, 0.7]);
  });
});
