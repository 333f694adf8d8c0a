import { describe, expect, it } from 'vitest';
import { GameError } from '../src/errors';
import {
  levelForXp, loginStreakReward, nextLoginStreak, utcDay, xpForLevel, xpToNextLevel,
} from '../src/progression';

describe('levels', () => {
  it('level: L needs 100·(L−1)² XP', () => {
    expect(xpForLevel(1)).toBe(0);
    expect(xpForLevel(2)).toBe(100);
    expect(xpForLevel(3)).toBe(400);
    expect(xpForLevel(10)).toBe(8100);
    expect(xpForLevel(11)).toBe(10000);
  });

  it('level: level 10 at exactly 8100 XP, level 9 one XP before', () => {
    expect(levelForXp(8100)).toBe(10);
    expect(levelForXp(8099)).toBe(9);
    expect(levelForXp(6400)).toBe(9);
  });

  it('level: level 1 at 0 XP, level 2 at 100', () => {
    expect(levelForXp(0)).toBe(1);
    expect(levelForXp(99)).toBe(1);
    expect(levelForXp(100)).toBe(2);
  });

  it('level: round-trips at every exact square up to level 1000', () => {
    for (let L = 1; L <= 1000; L++) {
      expect(levelForXp(xpForLevel(L))).toBe(L);
      if (L > 1) expect(levelForXp(xpForLevel(L) - 1)).toBe(L - 1);
    }
  });

  it('level: XP to next level', () => {
    expect(xpToNextLevel(0)).toBe(100);
    expect(xpToNextLevel(8100)).toBe(1900);
    expect(xpToNextLevel(8099)).toBe(1);
  });

  it('level: rejects level 0', () => {
    expect(() => xpForLevel(0)).toThrow(GameError);
  });
});

describe('login streak', () => {
  it('streak: utcDay uses the UTC date', () => {
    expect(utcDay(new Date('2026-11-06T23:59:59Z'))).toBe('2026-11-06');
    expect(utcDay(new Date('2026-11-06T23:30:00-05:00'))).toBe('2026-11-07');
  });

  it('streak: first ever login starts at 1', () => {
    expect(nextLoginStreak(null, '2026-11-06', 0)).toEqual({ streak: 1, firstLoginToday: true });
  });

  it('streak: consecutive day adds one, across a month end', () => {
    expect(nextLoginStreak('2026-11-05', '2026-11-06', 4)).toEqual({ streak: 5, firstLoginToday: true });
    expect(nextLoginStreak('2026-10-31', '2026-11-01', 6)).toEqual({ streak: 7, firstLoginToday: true });
    expect(nextLoginStreak('2026-12-31', '2027-01-01', 99)).toEqual({ streak: 100, firstLoginToday: true });
  });

  it('streak: a gap resets to 1', () => {
    expect(nextLoginStreak('2026-11-04', '2026-11-06', 30)).toEqual({ streak: 1, firstLoginToday: true });
  });

  it('streak: second login the same day changes nothing and grants nothing', () => {
    expect(nextLoginStreak('2026-11-06', '2026-11-06', 3)).toEqual({ streak: 3, firstLoginToday: false });
  });

  it('streak: reward at s = 1', () => {
    expect(loginStreakReward(1)).toEqual({
      resistance_credits: 110, xp: 52, cpu_cycles: 10, liberation_keys: 0, truth_tokens: 0, title: null,
    });
  });

  it('streak: reward at s = 3 floors 57.5 XP to 57', () => {
    const r = loginStreakReward(3);
    expect([r.resistance_credits, r.xp, r.cpu_cycles]).toEqual([130, 57, 30]);
  });

  it('streak: s = 7 gives one liberation_key and the cpu cap of 70', () => {
    expect(loginStreakReward(7)).toEqual({
      resistance_credits: 170, xp: 67, cpu_cycles: 70, liberation_keys: 1, truth_tokens: 0, title: null,
    });
    expect(loginStreakReward(6).liberation_keys).toBe(0);
    expect(loginStreakReward(8).liberation_keys).toBe(0);
    expect(loginStreakReward(8).cpu_cycles).toBe(70);
  });

  it('streak: s = 30 gives one truth_token', () => {
    expect(loginStreakReward(30)).toEqual({
      resistance_credits: 400, xp: 125, cpu_cycles: 70, liberation_keys: 0, truth_tokens: 1, title: null,
    });
    expect(loginStreakReward(29).truth_tokens).toBe(0);
    expect(loginStreakReward(31).truth_tokens).toBe(0);
  });

  it('streak: s = 100 gives the title Dedicated Resistant', () => {
    expect(loginStreakReward(100)).toEqual({
      resistance_credits: 1100, xp: 300, cpu_cycles: 70, liberation_keys: 0, truth_tokens: 0, title: 'Dedicated Resistant',
    });
    expect(loginStreakReward(99).title).toBeNull();
    expect(loginStreakReward(101).title).toBeNull();
  });

  it('streak: s must be ≥ 1', () => {
    expect(() => loginStreakReward(0)).toThrow(GameError);
  });
});
