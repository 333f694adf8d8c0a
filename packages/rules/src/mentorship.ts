/**
 * Mentorship (GAME §8.3): who may mentor, how well a mentor fits a mentee, which mentors are
 * offered, when a mentee may graduate, the mentee's XP while mentored, the decay maintenance of
 * mentoring (§1.2). The rewards themselves are `mentorReward` (progressionSources.ts).
 *
 * compatibility = 0.40·skillGapFit + 0.25·timeZone + 0.20·language + 0.15·style, each in 0..1:
 * - skillGapFit: how much the mentor's strongest dimensions cover the mentee's weakest — the
 *   share of the mentee's two weakest dimensions that are among the mentor's two strongest
 *   (ties widen both sets: a newcomer with five equal dimensions is weak in all five);
 * - timeZone: 1 − min(12, d)/12, d the distance between UTC offsets around the clock (as the
 *   squad finder);
 * - language: 1 if they share a language, else 0;
 * - style: 1 if the mentor's style is the one the mentee asked for, else 0.
 * Only matches ≥ 0.7 are offered, best first; a mentor has at most `mentor_max_mentees` (3).
 * Pure: the caller passes reputations and `now`.
 */

import { GameError } from './errors';
import { influence, REPUTATION_DIMENSIONS, type InfluenceMultipliers, type Reputation, type ReputationDimension } from './reputation';
import { timezoneDistanceHours } from './squad-finder';

/** Influence a mentor needs to register. */
export const MENTOR_MIN_INFLUENCE = 1000;
/** Default of the registry parameter `mentor_max_mentees` (GAME: "at most 3 (tunable)"). */
export const DEFAULT_MENTOR_MAX_MENTEES = 3;
/** Only matches at least this good are offered. */
export const MENTOR_MATCH_MIN_SCORE = 0.7;
/** Lessons a mentee must have completed to graduate. */
export const GRADUATION_MIN_LESSONS = 5;
/** Skills that must have improved to graduate. */
export const GRADUATION_MIN_SKILLS_IMPROVED = 1;
/** A dimension counts as improved when it rose by at least this since the pairing began. */
export const SKILL_IMPROVED_POINTS = 500;
/** A co-op challenge: mentor and mentee solve it within this many game hours of each other. */
export const COOP_WINDOW_GAME_HOURS = 1;
/** Mentee XP bonus while mentored, in percent (+20 %). */
export const MENTEE_XP_BONUS_PERCENT = 20;
/** Decay maintenance points a mentor earns for mentoring a newbie in a week (GAME §1.2). */
export const MENTOR_MAINTENANCE_POINTS = 200;
/** How many of the weakest / strongest dimensions the skill-gap fit compares. */
export const SKILL_GAP_DIMENSIONS = 2;
/** Mentoring styles a mentor offers and a mentee asks for (GAME names "style", not the list). */
export const MENTORING_STYLES = ['structured', 'hands_on', 'socratic', 'exploratory'] as const;
export type MentoringStyle = (typeof MENTORING_STYLES)[number];

/** How a mentor teaches, or what a mentee asks for. */
export interface MentoringPreferences {
  /** UTC offset in whole hours, −12..14. */
  timeZone: number;
  /** Language codes (ISO 639-1, lower case). */
  languages: readonly string[];
  style: MentoringStyle;
}

/** The parts of a compatibility, each in 0..1. */
export interface CompatibilityParts {
  skillGap: number;
  timeZone: number;
  language: number;
  style: number;
}

/** The dimensions at or beyond the k-th value in `order` (ties widen the set). */
function extremeDimensions(rep: Reputation, k: number, strongest: boolean): Set<ReputationDimension> {
  const values = REPUTATION_DIMENSIONS.map((d) => rep[d]).sort((a, b) => (strongest ? b - a : a - b));
  const cut = values[Math.min(k, values.length) - 1]!;
  return new Set(REPUTATION_DIMENSIONS.filter((d) => (strongest ? rep[d] >= cut : rep[d] <= cut)));
}

/**
 * How much the mentor's strongest dimensions cover the mentee's weakest: |weakest ∩ strongest| / 2,
 * capped at 1 (0, 0.5 or 1).
 * @example skillGapFit(mentor strongest in technicalMastery and truthScore, mentee weakest in truthScore and impactRating) // 0.5
 */
export function skillGapFit(mentor: Reputation, mentee: Reputation): number {
  const strongest = extremeDimensions(mentor, SKILL_GAP_DIMENSIONS, true);
  let covered = 0;
  for (const d of extremeDimensions(mentee, SKILL_GAP_DIMENSIONS, false)) if (strongest.has(d)) covered += 1;
  return Math.min(SKILL_GAP_DIMENSIONS, covered) / SKILL_GAP_DIMENSIONS;
}

/** The four parts of a mentor–mentee compatibility. */
export function compatibilityParts(
  mentor: { reputation: Reputation; preferences: MentoringPreferences },
  mentee: { reputation: Reputation; preferences: MentoringPreferences },
): CompatibilityParts {
  const languages = new Set(mentor.preferences.languages);
  return {
    skillGap: skillGapFit(mentor.reputation, mentee.reputation),
    timeZone: 1 - Math.min(12, timezoneDistanceHours(mentor.preferences.timeZone, mentee.preferences.timeZone)) / 12,
    language: mentee.preferences.languages.some((l) => languages.has(l)) ? 1 : 0,
    style: mentor.preferences.style === mentee.preferences.style ? 1 : 0,
  };
}

/**
 * Compatibility in 0..1 = 0.40·skill-gap fit + 0.25·time-zone overlap + 0.20·shared language
 * + 0.15·style match, rounded to 4 decimals (so 0.7 is 0.7, not 0.6999…).
 * @example compatibility(fit 1, same time zone, shared language, other style) // 0.85
 */
export function compatibility(...args: Parameters<typeof compatibilityParts>): number {
  const p = compatibilityParts(...args);
  return Math.round((4000 * p.skillGap + 2500 * p.timeZone + 2000 * p.language + 1500 * p.style)) / 10000;
}

/** A registered mentor as matching sees them. */
export interface MentorCandidate {
  id: string;
  reputation: Reputation;
  preferences: MentoringPreferences;
  /** Mentees in active pairings now. */
  activeMentees: number;
}

/** A mentor offered to a mentee. */
export interface MentorOffer {
  mentorId: string;
  score: number;
  parts: CompatibilityParts;
}

/**
 * The mentors offered to a mentee: never themselves, only mentors with room (fewer than
 * `maxMentees` active mentees), only scores ≥ 0.7, best first (ties: the mentor with fewer
 * mentees, then by id, so the order is stable).
 */
export function matchMentors(
  mentee: { id: string; reputation: Reputation; preferences: MentoringPreferences },
  mentors: readonly MentorCandidate[],
  maxMentees: number = DEFAULT_MENTOR_MAX_MENTEES,
): MentorOffer[] {
  const offers: (MentorOffer & { load: number })[] = [];
  for (const m of mentors) {
    if (m.id === mentee.id || m.activeMentees >= maxMentees) continue;
    const parts = compatibilityParts(m, mentee);
    const score = compatibility(m, mentee);
    if (score >= MENTOR_MATCH_MIN_SCORE) offers.push({ mentorId: m.id, score, parts, load: m.activeMentees });
  }
  offers.sort((a, b) => b.score - a.score || a.load - b.load || (a.mentorId < b.mentorId ? -1 : a.mentorId > b.mentorId ? 1 : 0));
  return offers.map(({ load: _load, ...o }) => o);
}

/** REQUIREMENTS_NOT_MET unless the player's influence (multipliers counted) reaches 1000. */
export function assertMayMentor(rep: Reputation & InfluenceMultipliers): void {
  const value = influence(rep, rep);
  if (value < MENTOR_MIN_INFLUENCE) {
    throw new GameError('REQUIREMENTS_NOT_MET', `mentors need influence ${MENTOR_MIN_INFLUENCE}, you have ${Math.floor(value)}`);
  }
}

/** BAD_REQUEST unless the preferences are well formed (the HTTP body is validated before this). */
export function assertPreferences(p: MentoringPreferences): void {
  if (!Number.isInteger(p.timeZone) || p.timeZone < -12 || p.timeZone > 14) throw new GameError('BAD_REQUEST', 'time zone: a whole UTC offset −12..14');
  if (p.languages.length === 0) throw new GameError('BAD_REQUEST', 'at least one language');
  if (!(MENTORING_STYLES as readonly string[]).includes(p.style)) throw new GameError('BAD_REQUEST', `style: one of ${MENTORING_STYLES.join(', ')}`);
}

/** Growth of each dimension since the pairing began. */
export function skillGrowth(start: Reputation, now: Reputation): Reputation {
  const out = {} as Reputation;
  for (const d of REPUTATION_DIMENSIONS) out[d] = now[d] - start[d];
  return out;
}

/** Dimensions that rose by ≥ 500 since the pairing began (0..5). */
export function skillsImproved(start: Reputation, now: Reputation): number {
  const growth = skillGrowth(start, now);
  return REPUTATION_DIMENSIONS.filter((d) => growth[d] >= SKILL_IMPROVED_POINTS).length;
}

/**
 * REQUIREMENTS_NOT_MET unless the mentee has ≥ 5 lessons completed and ≥ 1 skill improved.
 * @example assertMayGraduate({ lessonsCompleted: 5, skillsImproved: 1 }) // passes
 */
export function assertMayGraduate(p: { lessonsCompleted: number; skillsImproved: number }): void {
  if (p.lessonsCompleted < GRADUATION_MIN_LESSONS) {
    throw new GameError('REQUIREMENTS_NOT_MET', `graduation needs ${GRADUATION_MIN_LESSONS} lessons completed, ${p.lessonsCompleted} so far`);
  }
  if (p.skillsImproved < GRADUATION_MIN_SKILLS_IMPROVED) {
    throw new GameError('REQUIREMENTS_NOT_MET', `graduation needs a skill improved by ${SKILL_IMPROVED_POINTS}, none yet`);
  }
}

/**
 * XP a mentee actually gains for `xp` earned while mentored: +20 %, rounded down (the database
 * trigger `players_mentee_xp` computes the same: gain + gain / 5 in integers).
 * @example menteeXp(100) // 120
 * @example menteeXp(7) // 8
 */
export function menteeXp(xp: number): number {
  if (xp <= 0) return xp;
  return xp + Math.floor((xp * MENTEE_XP_BONUS_PERCENT) / 100);
}

/** True when two solves of one challenge are a co-op challenge: within one game hour of each other. */
export function isCoopSolve(aMs: number, bMs: number, hourMs: number): boolean {
  return Math.abs(aMs - bMs) <= COOP_WINDOW_GAME_HOURS * hourMs;
}

/** The UTC week number of `now` (days since the epoch ÷ 7): maintenance points are earned once per mentor per week. */
export function maintenanceWeek(nowMs: number): number {
  return Math.floor(nowMs / 86_400_000 / 7);
}

/**
 * Decay left after maintenance points absorb it (GAME §1.2): points are spent first, one per
 * influence point of decay.
 * @example absorbDecay(610, 200) // { decay: 410, spent: 200 }
 */
export function absorbDecay(decay: number, points: number): { decay: number; spent: number } {
  const spent = Math.max(0, Math.min(decay, points));
  return { decay: decay - spent, spent };
}

/** BAD_REQUEST unless a rating is an integer 1..5. */
export function assertRating(rating: number): void {
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw new GameError('BAD_REQUEST', `a rating is an integer 1..5, got ${String(rating)}`);
}
