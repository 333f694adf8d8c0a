/**
 * Where reputation, influence_points and squad counters come from (GAME §1, §2, §8.3), for the
 * amounts GAME.md states. Amounts it leaves open are registry parameters (`registry.ts`:
 * `objective_impact_rating`, `evidence_truth_score`, `content_proposal_influence_points`).
 */

import { GameError } from './errors';

// ---- mentorship (GAME §8.3) ----

/** teachingHonor per mentee skill improved at graduation. */
export const MENTOR_TEACHING_HONOR_PER_SKILL = 100;
/** influence_points per point of the mentee's rating (1–5). */
export const MENTOR_INFLUENCE_POINTS_PER_RATING = 50;
/** Title of a mentor with more than 10 graduations. */
export const MASTER_TEACHER_TITLE = 'Master Teacher';
/** A mentor needs more than this many graduations for {@link MASTER_TEACHER_TITLE}. */
export const MASTER_TEACHER_MIN_GRADUATIONS = 10;

/** What a mentor earns: at graduation 100 × skills improved teachingHonor; for a rating 50 × rating influence_points. */
export interface MentorReward {
  teachingHonor: number;
  influencePoints: number;
}

/**
 * The mentor's reward for a graduation (`skillsImproved`, 0–5 dimensions that rose by ≥ 500)
 * and/or the mentee's rating (1–5). Throws BAD_REQUEST outside those ranges.
 * @example mentorReward({ skillsImproved: 2, rating: 4 }) // { teachingHonor: 200, influencePoints: 200 }
 */
export function mentorReward(input: { skillsImproved?: number; rating?: number }): MentorReward {
  const skills = input.skillsImproved ?? 0;
  if (!Number.isInteger(skills) || skills < 0 || skills > 5) {
    throw new GameError('BAD_REQUEST', `skills improved must be an integer 0..5, got ${String(input.skillsImproved)}`);
  }
  const rating = input.rating ?? 0;
  if (input.rating !== undefined && (!Number.isInteger(rating) || rating < 1 || rating > 5)) {
    throw new GameError('BAD_REQUEST', `a mentor rating is an integer 1..5, got ${String(input.rating)}`);
  }
  return { teachingHonor: MENTOR_TEACHING_HONOR_PER_SKILL * skills, influencePoints: MENTOR_INFLUENCE_POINTS_PER_RATING * rating };
}

/** "Master Teacher": more than 10 graduations. */
export function isMasterTeacher(graduations: number): boolean {
  return graduations > MASTER_TEACHER_MIN_GRADUATIONS;
}

// ---- squads: evidence with Deep_Analysis (GAME §2) ----

/**
 * Evidence is counted in halves so that Deep_Analysis's ×1.5 stays exact: each piece adds 2 halves,
 * 3 with Deep_Analysis; the squad's `evidenceGathered` is floor(halves / 2).
 * @example evidenceHalves(1, true) // 3
 */
export function evidenceHalves(pieces: number, deepAnalysis: boolean): number {
  return pieces * (deepAnalysis ? 3 : 2);
}

/** The squad's evidenceGathered for its evidence halves. @example evidenceFromHalves(9) // 4 */
export function evidenceFromHalves(halves: number): number {
  return Math.floor(halves / 2);
}

// ---- operations (GAME §6.1) ----

/**
 * The player who led an operation: its top contributor at resolution (most points, ties to the
 * earlier participant), or null when nobody has points. Our reading of "operations they led".
 */
export function operationLeader<T extends { playerId: string; points: number; seq: number }>(participants: readonly T[]): T | null {
  let best: T | null = null;
  for (const p of participants) {
    if (p.points <= 0 || p.playerId === '') continue;
    if (!best || p.points > best.points || (p.points === best.points && p.seq < best.seq)) best = p;
  }
  return best;
}
