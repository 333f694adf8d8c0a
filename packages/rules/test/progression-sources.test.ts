import { describe, expect, it } from 'vitest';
import {
  ENDORSEMENT_POINTS, FOUNDER_TITLE, GameError, assertMayEndorse, evidenceFromHalves, evidenceHalves, gameDay,
  influenceBreakdown, isMasterTeacher, mentorReward, operationLeader, playerTitles, rankProgress, unlockProgress,
  type EndorsementCheck, type Reputation,
} from '../src/index';

const DAY = 86_400_000;
const all = (v: number): Reputation => ({ technicalMastery: v, truthScore: v, impactRating: v, teachingHonor: v, artisticVision: v });

function refusal(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof GameError ? err.code : String(err);
  }
}

describe('endorsements (GAME §1)', () => {
  const base: EndorsementCheck = {
    endorserId: 'a', targetId: 'b', endorser: all(100), lastEndorsementDay: null, lastOfPairAt: null, nowMs: 100 * DAY + 5, dayMs: DAY,
  };

  it('endorsement: +10 to one dimension, influence ≥ 100 needed (100 exactly is enough)', () => {
    expect(ENDORSEMENT_POINTS).toBe(10);
    expect(refusal(() => assertMayEndorse(base))).toBeNull();
    expect(refusal(() => assertMayEndorse({ ...base, endorser: all(99) }))).toBe('REQUIREMENTS_NOT_MET');
    // Multipliers count: 70 × 1.5 (first_blood) = 105.
    expect(refusal(() => assertMayEndorse({ ...base, endorser: { ...all(70), firstBlood: true } }))).toBeNull();
  });

  it('endorsement: never oneself (checked first), once per game day, not the same player twice in 7 days', () => {
    expect(refusal(() => assertMayEndorse({ ...base, targetId: 'a', endorser: all(0) }))).toBe('SELF_ENDORSEMENT');
    expect(refusal(() => assertMayEndorse({ ...base, lastEndorsementDay: 100 }))).toBe('ENDORSED_TODAY');
    expect(refusal(() => assertMayEndorse({ ...base, lastEndorsementDay: 99 }))).toBeNull();
    expect(refusal(() => assertMayEndorse({ ...base, lastOfPairAt: base.nowMs - 7 * DAY + 1 }))).toBe('ENDORSED_RECENTLY');
    expect(refusal(() => assertMayEndorse({ ...base, lastOfPairAt: base.nowMs - 7 * DAY }))).toBeNull();
  });

  it('endorsement: game days follow TIME_SCALE (a 60 s day)', () => {
    expect(gameDay(59_999, 60_000)).toBe(0);
    expect(gameDay(60_000, 60_000)).toBe(1);
    const fast = { ...base, dayMs: 60_000, nowMs: 10 * 60_000 };
    expect(refusal(() => assertMayEndorse({ ...fast, lastEndorsementDay: 9, lastOfPairAt: 3 * 60_000 }))).toBeNull();
    expect(refusal(() => assertMayEndorse({ ...fast, lastEndorsementDay: 9, lastOfPairAt: 3 * 60_000 + 1 }))).toBe('ENDORSED_RECENTLY');
  });
});

describe('reputation sources (GAME §1, §2, §8.3)', () => {
  it('mentoring: teachingHonor 100 × skills improved, influence_points 50 × rating; Master Teacher above 10 graduations', () => {
    expect(mentorReward({ skillsImproved: 2, rating: 4 })).toEqual({ teachingHonor: 200, influencePoints: 200 });
    expect(mentorReward({ skillsImproved: 5 })).toEqual({ teachingHonor: 500, influencePoints: 0 });
    expect(mentorReward({ rating: 5 })).toEqual({ teachingHonor: 0, influencePoints: 250 });
    expect(refusal(() => mentorReward({ rating: 0 }))).toBe('BAD_REQUEST');
    expect(refusal(() => mentorReward({ rating: 6 }))).toBe('BAD_REQUEST');
    expect(refusal(() => mentorReward({ skillsImproved: 6 }))).toBe('BAD_REQUEST');
    expect([isMasterTeacher(10), isMasterTeacher(11)]).toEqual([false, true]);
  });

  it('evidence: ×1.5 with Deep_Analysis, exact in halves', () => {
    expect(evidenceHalves(1, false)).toBe(2);
    expect(evidenceHalves(1, true)).toBe(3);
    // Two pieces with Deep_Analysis count 3, one counts 1 (floor), three count 4.
    expect(evidenceFromHalves(evidenceHalves(2, true))).toBe(3);
    expect(evidenceFromHalves(evidenceHalves(1, true))).toBe(1);
    expect(evidenceFromHalves(evidenceHalves(3, true))).toBe(4);
    expect(evidenceFromHalves(evidenceHalves(3, false))).toBe(3);
  });

  it('operation leader: the top contributor, ties to the earlier participant, nobody without points', () => {
    const p = (playerId: string, points: number, seq: number) => ({ playerId, points, seq });
    expect(operationLeader([p('a', 10, 2), p('b', 30, 3), p('c', 30, 1)])?.playerId).toBe('c');
    expect(operationLeader([p('a', 0, 1)])).toBeNull();
    expect(operationLeader([p('', 50, 1), p('b', 1, 2)])?.playerId).toBe('b');
  });
});

describe('profile (GAME §1)', () => {
  it('influence breakdown: multipliers multiply (1.5 · 1.3 · 1.2 = 2.34)', () => {
    const b = influenceBreakdown(all(1000), { firstBlood: true, massAwakening: true, squadLeader: true });
    expect(b).toEqual({ base: 1000, multiplier: 2.34, total: 2340, applied: { firstBlood: true, massAwakening: true, squadLeader: true } });
    expect(influenceBreakdown(all(1000), { massAwakening: true })).toMatchObject({ multiplier: 1.3, total: 1300 });
    expect(influenceBreakdown(all(100))).toMatchObject({ base: 100, multiplier: 1, total: 100 });
  });

  it('rank progress: thresholds 100, 500, 1000, 5000, 7500, 10000', () => {
    expect(rankProgress(0)).toEqual({ rank: 'Recruit', minInfluence: 0, next: { rank: 'Initiate', minInfluence: 100 }, missing: 100, progress: 0 });
    expect(rankProgress(750)).toEqual({ rank: 'Operative', minInfluence: 500, next: { rank: 'Warrior', minInfluence: 1000 }, missing: 250, progress: 0.5 });
    expect(rankProgress(6250)).toMatchObject({ rank: 'Commander', next: { rank: 'Architect', minInfluence: 7500 }, progress: 0.5 });
    expect(rankProgress(10000)).toEqual({ rank: 'Legend', minInfluence: 10000, next: null, missing: 0, progress: 1 });
  });

  it('unlocks: reached, and the next threshold\'s', () => {
    expect(unlockProgress(99)).toEqual({
      reached: [], next: [{ id: 'classified_intel_channel', minInfluence: 100 }, { id: 'create_custom_challenges', minInfluence: 100 }],
    });
    expect(unlockProgress(1000).reached).toEqual([
      'classified_intel_channel', 'create_custom_challenges', 'handler_channel', 'vote_investigation_priorities',
      'strategic_command_channel', 'design_squad_missions',
    ]);
    expect(unlockProgress(1000).next.map((u) => u.id)).toEqual(['council_channel', 'stand_for_player_council', 'propose_content']);
    expect(unlockProgress(10000).next).toEqual([]);
  });

  it('titles: Founder first for accounts created before launch', () => {
    expect(playerTitles({ founder: true, titles: ['Dedicated Resistant'] })).toEqual([FOUNDER_TITLE, 'Dedicated Resistant']);
    expect(playerTitles({ founder: false, titles: ['Master Teacher'] })).toEqual(['Master Teacher']);
  });
});
