/**
 * XP, levels and the daily login streak (GAME §1.3). Days are UTC days written
 * 'YYYY-MM-DD'; the caller passes the clock in.
 */

import { GameError } from './errors';

/**
 * Total XP needed to reach level `level`: 100·(L−1)².
 * @example xpForLevel(1) // 0
 * @example xpForLevel(10) // 8100
 */
export function xpForLevel(level: number): number {
  if (!Number.isInteger(level) || level < 1) {
    throw new GameError('BAD_REQUEST', `level must be an integer ≥ 1, got ${level}`);
  }
  return 100 * (level - 1) ** 2;
}

/**
 * The level a total XP reaches: the largest L with 100·(L−1)² ≤ xp.
 * @example levelForXp(0) // 1
 * @example levelForXp(8099) // 9
 * @example levelForXp(8100) // 10
 */
export function levelForXp(xp: number): number {
  if (!(xp > 0)) return 1;
  let level = Math.floor(Math.sqrt(xp / 100)) + 1;
  // Guard against sqrt rounding at exact squares.
  while (level > 1 && xpForLevel(level) > xp) level--;
  while (xpForLevel(level + 1) <= xp) level++;
  return level;
}

/** XP still missing to reach the next level. @example xpToNextLevel(8100) // 1900 */
export function xpToNextLevel(xp: number): number {
  return xpForLevel(levelForXp(xp) + 1) - Math.max(0, xp);
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** The UTC day of an instant, as 'YYYY-MM-DD'. */
export function utcDay(now: Date): string {
  return `${pad(now.getUTCFullYear(), 4)}-${pad(now.getUTCMonth() + 1, 2)}-${pad(now.getUTCDate(), 2)}`;
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' UTC day. */
export function dayNumber(day: string): number {
  const m = DAY_RE.exec(day);
  if (!m) throw new GameError('BAD_REQUEST', `not a YYYY-MM-DD day: ${day}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000;
}

/** Result of a login for the streak. */
export interface LoginStreakUpdate {
  /** The streak after this login (≥ 1). */
  streak: number;
  /** True if this is the first login of `today`, i.e. a reward is due. */
  firstLoginToday: boolean;
}

/**
 * The login streak after a login on `today`.
 * - the day after the last login: streak + 1;
 * - same day: unchanged, `firstLoginToday` false (a second login grants nothing);
 * - a gap of more than one day, or no earlier login: 1.
 * A last login *after* `today` (clock skew) is treated like the same day: no reward.
 */
export function nextLoginStreak(
  lastLoginDay: string | null,
  today: string,
  streak: number,
): LoginStreakUpdate {
  const t = dayNumber(today);
  if (lastLoginDay === null) return { streak: 1, firstLoginToday: true };
  const last = dayNumber(lastLoginDay);
  if (last >= t) return { streak, firstLoginToday: false };
  if (t - last === 1) return { streak: Math.max(0, streak) + 1, firstLoginToday: true };
  return { streak: 1, firstLoginToday: true };
}

/** What a first login of the day grants at a given streak. */
export interface LoginStreakReward {
  resistance_credits: number;
  xp: number;
  cpu_cycles: number;
  liberation_keys: number;
  truth_tokens: number;
  title: string | null;
}

/** Title granted on the 100th consecutive day. */
export const DEDICATED_RESISTANT_TITLE = 'Dedicated Resistant';

/**
 * The login reward for streak `s` (s ≥ 1). Credits 100·(1+0.1·s), XP 50·(1+0.05·s)
 * and cpu_cycles 10·min(s, 7), each floored to an integer (balances are integers),
 * computed in integer arithmetic. One liberation_key exactly at s = 7, one truth_token
 * exactly at s = 30, the title "Dedicated Resistant" exactly at s = 100 (one-off
 * milestones, not every multiple).
 *
 * @example loginStreakReward(3) // 130 credits, 57 XP (57.5 floored), 30 cpu_cycles
 */
export function loginStreakReward(s: number): LoginStreakReward {
  if (!Number.isInteger(s) || s < 1) {
    throw new GameError('BAD_REQUEST', `streak must be an integer ≥ 1, got ${s}`);
  }
  return {
    resistance_credits: 100 + 10 * s, // 100·(1 + s/10)
    xp: Math.floor((100 + 5 * s) / 2), // 50·(1 + s/20)
    cpu_cycles: 10 * Math.min(s, 7),
    liberation_keys: s === 7 ? 1 : 0,
    truth_tokens: s === 30 ? 1 : 0,
    title: s === 100 ? DEDICATED_RESISTANT_TITLE : null,
  };
}
