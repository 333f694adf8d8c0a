/**
 * The squad finder (GAME §2): how well a recruiting squad fits a player.
 *
 * score = 0.30·skill + 0.25·pace + 0.20·goal + 0.15·timeZone + 0.10·style, each part in 0..1:
 * - skill: 1 − min(1, |influence − squad median| / max(median, 100));
 * - pace: 1 − |a − b| for activity paces in 0..1;
 * - goal: 1 if the player's preferred class is the squad's class, else 0;
 * - time zone: 1 − min(12, d)/12 where d is the distance between UTC offsets in hours
 *   around the 24-hour clock (UTC+11 and UTC−11 are 2 hours apart);
 * - style: 1 if play styles are equal, else 0.
 * Only squads scoring ≥ 0.7 are offered, best first.
 */

import { squadClass, type SquadClass, type SquadRecruitment, type SquadType } from './squads';

/** The player looking for a squad. */
export interface SquadSeeker {
  influence: number;
  /** Activity pace in 0..1 (0 casual … 1 daily hardcore). */
  activityPace: number;
  preferredClass: SquadClass;
  /** UTC offset in hours, e.g. 1, −5, 5.5. */
  timezoneOffsetHours: number;
  playStyle: string;
}

/** A recruiting squad as the finder sees it. */
export interface SquadListing {
  id: string;
  type: SquadType;
  /** Median influence of the squad's members. */
  medianInfluence: number;
  /** The squad's activity pace in 0..1. */
  activityPace: number;
  /** The squad's main UTC offset in hours. */
  timezoneOffsetHours: number;
  playStyle: string;
  /** Closed squads are never offered. @default 'open' */
  recruitment?: SquadRecruitment;
}

/** Lowest score a squad must reach to be offered. */
export const SQUAD_MATCH_MIN_SCORE = 0.7;

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));

/** Distance in hours between two UTC offsets around the clock (0..12). */
export function timezoneDistanceHours(a: number, b: number): number {
  const d = Math.abs(a - b) % 24;
  return Math.min(d, 24 - d);
}

/** The parts of a squad match score, each in 0..1. */
export interface SquadMatchParts {
  skill: number;
  pace: number;
  goal: number;
  timeZone: number;
  style: number;
}

/** The five parts of the match between a player and a squad. */
export function squadMatchParts(player: SquadSeeker, squad: SquadListing): SquadMatchParts {
  const median = squad.medianInfluence;
  return {
    skill: 1 - Math.min(1, Math.abs(player.influence - median) / Math.max(median, 100)),
    pace: 1 - Math.abs(clamp01(player.activityPace) - clamp01(squad.activityPace)),
    goal: player.preferredClass === squadClass(squad.type) ? 1 : 0,
    timeZone: 1 - Math.min(12, timezoneDistanceHours(player.timezoneOffsetHours, squad.timezoneOffsetHours)) / 12,
    style: player.playStyle === squad.playStyle ? 1 : 0,
  };
}

/**
 * The match score of a squad for a player, in 0..1 (weights 30/25/20/15/10 %).
 * Weighted in whole percents and divided once, so integral parts give exact sums
 * (skill, pace and time zone perfect, nothing else → exactly 0.7).
 */
export function squadMatchScore(player: SquadSeeker, squad: SquadListing): number {
  const p = squadMatchParts(player, squad);
  return (30 * p.skill + 25 * p.pace + 20 * p.goal + 15 * p.timeZone + 10 * p.style) / 100;
}

/**
 * Squads worth offering to a player: not closed, score ≥ 0.7, best first
 * (equal scores keep their input order).
 */
export function findSquads<S extends SquadListing>(player: SquadSeeker, squads: readonly S[]): { squad: S; score: number }[] {
  return squads
    .filter((s) => s.recruitment !== 'closed')
    .map((squad) => ({ squad, score: squadMatchScore(player, squad) }))
    .filter((m) => m.score >= SQUAD_MATCH_MIN_SCORE)
    .sort((a, b) => b.score - a.score);
}
