import { describe, expect, it } from 'vitest';
import {
  adjustReputation, combatRating, hasUnlock, influence, isFounder, RANKS, rankFor, rankIndex,
  REPUTATION_DIMENSIONS, specializations, unlocksFor, type Reputation,
} from '../src/reputation';

const flat = (v: number): Reputation => ({
  technicalMastery: v, truthScore: v, impactRating: v, teachingHonor: v, artisticVision: v,
});
const only = (dim: keyof Reputation, v: number): Reputation => ({ ...flat(0), [dim]: v });

describe('influence', () => {
  it('influence: weights are 0.25 / 0.25 / 0.30 / 0.10 / 0.10', () => {
    expect(influence(only('technicalMastery', 1000))).toBe(250);
    expect(influence(only('truthScore', 1000))).toBe(250);
    expect(influence(only('impactRating', 1000))).toBe(300);
    expect(influence(only('teachingHonor', 1000))).toBe(100);
    expect(influence(only('artisticVision', 1000))).toBe(100);
    expect(influence(flat(1000))).toBe(1000);
    expect(influence(flat(10000))).toBe(10000);
    expect(influence(flat(0))).toBe(0);
  });

  it('influence: not rounded (0.30 × 1 = 0.3)', () => {
    expect(influence(only('impactRating', 1))).toBe(0.3);
    expect(influence({ technicalMastery: 1, truthScore: 2, impactRating: 3, teachingHonor: 4, artisticVision: 5 }))
      .toBe(2.55); // 0.25 + 0.5 + 0.9 + 0.4 + 0.5
  });

  it('influence: first_blood ×1.5, mass_awakening ×1.3, squad leader ×1.2', () => {
    expect(influence(flat(1000), { firstBlood: true })).toBe(1500);
    expect(influence(flat(1000), { massAwakening: true })).toBe(1300);
    expect(influence(flat(1000), { squadLeader: true })).toBe(1200);
  });

  it('influence: multipliers multiply (1000 × 1.5 × 1.3 × 1.2 = 2340)', () => {
    expect(influence(flat(1000), { firstBlood: true, massAwakening: true })).toBe(1950);
    expect(influence(flat(1000), { firstBlood: true, squadLeader: true })).toBe(1800);
    expect(influence(flat(1000), { massAwakening: true, squadLeader: true })).toBe(1560);
    expect(influence(flat(1000), { firstBlood: true, massAwakening: true, squadLeader: true })).toBe(2340);
    expect(influence(flat(10000), { firstBlood: true, massAwakening: true, squadLeader: true })).toBe(23400);
  });

  it('influence: dimension list is the five of GAME §1', () => {
    expect(REPUTATION_DIMENSIONS).toEqual(['technicalMastery', 'truthScore', 'impactRating', 'teachingHonor', 'artisticVision']);
  });
});

describe('ranks', () => {
  it('rank: every threshold is inclusive', () => {
    const cases: [number, string][] = [
      [0, 'Recruit'], [99.99, 'Recruit'], [100, 'Initiate'], [499, 'Initiate'], [500, 'Operative'],
      [999.9, 'Operative'], [1000, 'Warrior'], [4999, 'Warrior'], [5000, 'Commander'], [7499, 'Commander'],
      [7500, 'Architect'], [9999.99, 'Architect'], [10000, 'Legend'], [23400, 'Legend'],
    ];
    for (const [inf, rank] of cases) expect(rankFor(inf), `influence ${inf}`).toBe(rank);
  });

  it('rank: seven ranks with GAME thresholds, ordered', () => {
    expect(RANKS.map((r) => [r.name, r.minInfluence])).toEqual([
      ['Recruit', 0], ['Initiate', 100], ['Operative', 500], ['Warrior', 1000],
      ['Commander', 5000], ['Architect', 7500], ['Legend', 10000],
    ]);
    expect(rankIndex('Commander')).toBe(4);
    expect(rankIndex('Legend')).toBe(6);
  });
});

describe('unlocks', () => {
  it('unlocks: nothing below 100', () => {
    expect(unlocksFor(99)).toEqual([]);
  });

  it('unlocks: 100 gives the classified-intel channel and custom challenges', () => {
    expect(unlocksFor(100)).toEqual(['classified_intel_channel', 'create_custom_challenges']);
  });

  it('unlocks: 500 adds handler channel and investigation-priority votes', () => {
    expect(unlocksFor(500).slice(2)).toEqual(['handler_channel', 'vote_investigation_priorities']);
    expect(hasUnlock(499, 'handler_channel')).toBe(false);
  });

  it('unlocks: 1000 adds strategic command and squad missions', () => {
    expect(hasUnlock(1000, 'strategic_command_channel')).toBe(true);
    expect(hasUnlock(1000, 'design_squad_missions')).toBe(true);
    expect(hasUnlock(999, 'design_squad_missions')).toBe(false);
  });

  it('unlocks: 5000 adds council channel, standing for council, proposing content', () => {
    expect(unlocksFor(5000).slice(6)).toEqual(['council_channel', 'stand_for_player_council', 'propose_content']);
    expect(hasUnlock(4999.9, 'propose_content')).toBe(false);
  });

  it('unlocks: 10000 is founding-resistant; all ten unlocked', () => {
    expect(hasUnlock(9999, 'founding_resistant')).toBe(false);
    expect(hasUnlock(10000, 'founding_resistant')).toBe(true);
    expect(unlocksFor(10000)).toHaveLength(10);
  });
});

describe('specializations', () => {
  const none = { technicalMastery: 0, truthScore: 0, investigationsLed: 0, studentsMentored: 0, contentPassed: 0 };

  it('specializations: thresholds are strict (exactly at the threshold is not enough)', () => {
    expect(specializations({ technicalMastery: 7500, truthScore: 8000, investigationsLed: 10, studentsMentored: 20, contentPassed: 15 }))
      .toEqual([]);
  });

  it('specializations: one above each threshold earns it', () => {
    expect(specializations({ ...none, technicalMastery: 7501 })).toEqual(['Code_Master']);
    expect(specializations({ ...none, truthScore: 8001 })).toEqual(['Truth_Seeker']);
    expect(specializations({ ...none, investigationsLed: 11 })).toEqual(['Lead_Investigator']);
    expect(specializations({ ...none, studentsMentored: 21 })).toEqual(['Master_Teacher']);
    expect(specializations({ ...none, contentPassed: 16 })).toEqual(['Reality_Artist']);
    expect(specializations({ technicalMastery: 7501, truthScore: 8001, investigationsLed: 11, studentsMentored: 21, contentPassed: 16 }))
      .toHaveLength(5);
  });
});

describe('combat rating', () => {
  it('combat rating: 10 + floor(influence / 100)', () => {
    expect(combatRating(0)).toBe(10);
    expect(combatRating(99.9)).toBe(10);
    expect(combatRating(100)).toBe(11);
    expect(combatRating(1250)).toBe(22);
    expect(combatRating(10000)).toBe(110);
  });

  it('combat rating: ×1.1 with Elite_Training, not rounded', () => {
    expect(combatRating(0, { eliteTraining: true })).toBe(11);
    expect(combatRating(100, { eliteTraining: true })).toBe(11 * 1.1);
    expect(combatRating(100, { eliteTraining: true })).toBeCloseTo(12.1, 12);
  });

  it('combat rating: tunable base', () => {
    expect(combatRating(1250, { base: 20 })).toBe(32);
    expect(combatRating(1250, { base: 20, eliteTraining: true })).toBeCloseTo(35.2, 12);
  });
});

describe('founder and adjustments', () => {
  it('founder: created strictly before launch', () => {
    const launch = new Date('2026-12-01T00:00:00Z');
    expect(isFounder(new Date('2026-11-30T23:59:59.999Z'), launch)).toBe(true);
    expect(isFounder(launch, launch)).toBe(false);
    expect(isFounder(new Date('2026-12-02T00:00:00Z'), launch)).toBe(false);
  });

  it('reputation: gains and losses clamp to 0..10000', () => {
    expect(adjustReputation(only('impactRating', 60), 'impactRating', -100).impactRating).toBe(0);
    expect(adjustReputation(only('impactRating', 9990), 'impactRating', 50).impactRating).toBe(10000);
    expect(adjustReputation(only('impactRating', 500), 'impactRating', -100).impactRating).toBe(400);
  });
});
