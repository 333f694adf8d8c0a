import { describe, expect, it } from 'vitest';
import { activeModifiers } from '../src/calendar';
import {
  LEADERBOARDS, compareStandings, formatLeaderboardScore, influenceGain, influenceHundredths, leaderboardDef, leaderboardReward,
  leaderboardRewardParams, leaderboardRewards, leaderboardWeek, leaderboardWeekById, nextLeaderboardWeek, rankStandings,
  weekHasEnded, type StandingInput,
} from '../src/leaderboards';
import { ParameterSet } from '../src/registry';
import { influence } from '../src/reputation';

const t = (iso: string) => new Date(iso);
const entry = (subjectId: string, score: number, reachedAt: string): StandingInput => ({ subjectId, score, reachedAt: t(reachedAt) });

describe('leaderboards: the boards', () => {
  it('leaderboards: five player boards and three squad boards (GAME §5.1), codes unique and stable', () => {
    expect(LEADERBOARDS.filter((b) => b.subject === 'player').map((b) => b.key))
      .toEqual(['influence_gained', 'sieges_won', 'operation_points', 'intel_verified', 'challenges_solved']);
    expect(LEADERBOARDS.filter((b) => b.subject === 'squad').map((b) => b.key))
      .toEqual(['squad_territories_held', 'squad_sieges_won', 'squad_treasury']);
    expect(LEADERBOARDS.map((b) => b.code)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(LEADERBOARDS.map((b) => b.title)).size).toBe(8);
    expect(leaderboardDef('sieges_won')?.code).toBe(2);
    expect(leaderboardDef(8)?.key).toBe('squad_treasury');
    expect(leaderboardDef('nope')).toBeUndefined();
  });
});

describe('leaderboards: the week closes as Liberation Sunday begins', () => {
  it('week: Saturday 23:59:59.999 UTC is still the closing week; Sunday 00:00 UTC starts the next', () => {
    const sat = leaderboardWeek(t('2026-11-21T23:59:59.999Z'));
    expect(sat).toEqual({ id: 202647, label: '2026-W47', startsAt: t('2026-11-15T00:00:00Z'), closesAt: t('2026-11-22T00:00:00Z') });
    const sun = leaderboardWeek(t('2026-11-22T00:00:00Z'));
    expect(sun).toMatchObject({ id: 202648, label: '2026-W48', startsAt: t('2026-11-22T00:00:00Z'), closesAt: t('2026-11-29T00:00:00Z') });
    // The day that closes a week is Liberation Sunday in the calendar.
    expect(activeModifiers(sat.closesAt).closeWeeklyLeaderboards).toBe(true);
    expect(activeModifiers(new Date(sat.closesAt.getTime() - 1)).closeWeeklyLeaderboards).toBe(false);
  });

  it('week: a Sunday’s own points count for the week that begins that Sunday', () => {
    expect(leaderboardWeek(t('2026-11-22T18:00:00Z')).id).toBe(202648);
    expect(leaderboardWeek(t('2026-11-16T09:00:00Z')).id).toBe(202647); // Monday
  });

  it('week: weekHasEnded is false until the closing Sunday 00:00 UTC, true from then on', () => {
    expect(weekHasEnded(202647, t('2026-11-21T23:59:59.999Z'))).toBe(false);
    expect(weekHasEnded(202647, t('2026-11-22T00:00:00Z'))).toBe(true);
    expect(weekHasEnded(202647, t('2026-12-30T00:00:00Z'))).toBe(true);
    expect(weekHasEnded(190001, t('2026-12-30T00:00:00Z'))).toBe(false); // week 1 of 1900 is out of range
  });

  it('week: ISO numbering across the year end (2026 has 53 weeks; 2027-W01 starts on Sunday 3 January)', () => {
    const w53 = leaderboardWeek(t('2026-12-30T12:00:00Z'));
    expect(w53).toMatchObject({ id: 202653, label: '2026-W53', startsAt: t('2026-12-27T00:00:00Z') });
    const w1 = nextLeaderboardWeek(w53);
    expect(w1).toMatchObject({ id: 202701, startsAt: t('2027-01-03T00:00:00Z'), closesAt: t('2027-01-10T00:00:00Z') });
    expect(leaderboardWeek(t('2027-01-02T23:00:00Z')).id).toBe(202653);
  });

  it('week: ids round-trip; numbers that name no week are refused', () => {
    for (let ms = Date.UTC(2024, 0, 1); ms < Date.UTC(2029, 0, 1); ms += 86_400_000) {
      const w = leaderboardWeek(new Date(ms));
      expect(leaderboardWeekById(w.id)).toEqual(w);
    }
    expect(leaderboardWeekById(202553)).toBeUndefined(); // 2025 has 52 ISO weeks
    expect(leaderboardWeekById(202600)).toBeUndefined();
    expect(leaderboardWeekById(202654)).toBeUndefined();
    expect(leaderboardWeekById(2026.5)).toBeUndefined();
  });
});

describe('leaderboards: order, rank and ties', () => {
  it('tiebreak: equal scores go to whoever reached the score first, then to the smaller id', () => {
    const a = entry('bbbb', 30, '2026-11-16T10:00:00Z');
    const b = entry('aaaa', 30, '2026-11-16T11:00:00Z');
    const c = entry('aaaa', 30, '2026-11-16T10:00:00Z');
    const d = entry('cccc', 31, '2026-11-20T10:00:00Z');
    expect([a, b, c, d].sort(compareStandings).map((e) => `${e.subjectId}@${e.reachedAt.getUTCHours()}`))
      .toEqual(['cccc@10', 'aaaa@10', 'bbbb@10', 'aaaa@11']);
  });

  it('rank: ties share the rank (1, 2, 2, 4), places stay strict, zero scores are not on the board', () => {
    const ranked = rankStandings([
      entry('p1', 50, '2026-11-16T10:00:00Z'),
      entry('p2', 40, '2026-11-17T10:00:00Z'),
      entry('p3', 40, '2026-11-16T12:00:00Z'),
      entry('p4', 10, '2026-11-16T09:00:00Z'),
      entry('p5', 0, '2026-11-16T09:00:00Z'),
    ]);
    expect(ranked.map((r) => [r.subjectId, r.rank, r.place])).toEqual([['p1', 1, 1], ['p3', 2, 2], ['p2', 2, 3], ['p4', 4, 4]]);
  });
});

describe('leaderboards: rewards', () => {
  it('rewards: 1000, 600, 400, then 200 for places 4–10, nothing from place 11', () => {
    expect(leaderboardRewards()).toEqual([1000, 600, 400, 200, 200, 200, 200, 200, 200, 200]);
    expect(leaderboardReward(1)).toBe(1000);
    expect(leaderboardReward(4)).toBe(200);
    expect(leaderboardReward(10)).toBe(200);
    expect(leaderboardReward(11)).toBe(0);
    expect(leaderboardReward(0)).toBe(0);
    expect(leaderboardRewards().reduce((a, b) => a + b, 0)).toBe(3400);
  });

  it('rewards: tunable in the registry', () => {
    const params = leaderboardRewardParams(new ParameterSet({ leaderboard_reward_first: 1500, leaderboard_reward_places_4_10: 50 }));
    expect(leaderboardRewards(params)).toEqual([1500, 600, 400, 50, 50, 50, 50, 50, 50, 50]);
  });
});

describe('leaderboards: scores', () => {
  const rep = (tm: number, ts = 0, ir = 0) => ({ technicalMastery: tm, truthScore: ts, impactRating: ir, teachingHonor: 0, artisticVision: 0 });

  it('influence gained: hundredths of the influence rise at the current multipliers', () => {
    // +20 impactRating (×0.30) +10 technicalMastery (×0.25) = 8.5 influence → 850.
    expect(influenceGain(rep(100, 0, 0), rep(110, 0, 20))).toBe(850);
    // As squad leader (×1.2): 10.2 → 1020.
    expect(influenceGain(rep(100, 0, 0), rep(110, 0, 20), { squadLeader: true })).toBe(1020);
    // A loss gains nothing.
    expect(influenceGain(rep(110, 0, 20), rep(100, 0, 0))).toBe(0);
    // Rounded down per value, so gains add up to the displayed influence's rise.
    expect(influenceHundredths(rep(1), { firstBlood: true, massAwakening: true })).toBe(Math.floor(influence(rep(1), { firstBlood: true, massAwakening: true }) * 100));
    expect(influenceHundredths(rep(1), { firstBlood: true, massAwakening: true })).toBe(48); // 0.25 × 1.95 = 0.4875
  });

  it('score text: hundredths boards show two decimals', () => {
    expect(formatLeaderboardScore(12345, 2)).toBe('123.45');
    expect(formatLeaderboardScore(5, 2)).toBe('0.05');
    expect(formatLeaderboardScore(7, 0)).toBe('7');
  });
});
