/**
 * Leaderboards (GAME §5.1): the boards, the weekly season that Liberation Sunday closes (§6.5),
 * the order of a board and its ranks, and the rewards by place. Pure: the caller passes `now`.
 */
import type { InfluenceMultipliers, Reputation } from './reputation';
import { influenceFraction } from './reputation';
import type { ParameterName } from './registry';

/** Who a board ranks. */
export type LeaderboardSubject = 'player' | 'squad';

/** One board. `code` is its stable number in the database (migration 0020 seeds the same list). */
export interface LeaderboardDef {
  readonly code: number;
  readonly key: string;
  readonly subject: LeaderboardSubject;
  /** Scores are integers in 1/10^decimals of the displayed unit (influence in hundredths). */
  readonly decimals: number;
  /** The title the week's winner earns. */
  readonly title: string;
  readonly label: string;
  readonly description: string;
}

/** Every board: five for players, three for squads. Codes never change once shipped. */
export const LEADERBOARDS = [
  {
    code: 1, key: 'influence_gained', subject: 'player', decimals: 2, title: 'Voice_of_the_Week', label: 'Influence gained',
    description: 'Influence gained from reputation this week (each rise counted at the player’s multipliers; losses and decay do not subtract).',
  },
  {
    code: 2, key: 'sieges_won', subject: 'player', decimals: 0, title: 'Siegebreaker_of_the_Week', label: 'Sieges won',
    description: 'Sieges won while committed on the winning side (attacker, or defender of a squad-held territory).',
  },
  {
    code: 3, key: 'operation_points', subject: 'player', decimals: 0, title: 'Operative_of_the_Week', label: 'Operation points',
    description: 'Contribution points earned in operations.',
  },
  {
    code: 4, key: 'intel_verified', subject: 'player', decimals: 0, title: 'Truth_Hunter_of_the_Week', label: 'Intel verified',
    description: 'Verified intel patterns the player submitted or confirmed.',
  },
  {
    code: 5, key: 'challenges_solved', subject: 'player', decimals: 0, title: 'Codebreaker_of_the_Week', label: 'Challenges solved',
    description: 'Skill challenges solved.',
  },
  {
    code: 6, key: 'squad_territories_held', subject: 'squad', decimals: 0, title: 'Liberators_of_the_Week', label: 'Territories held',
    description: 'Territories the squad holds; the weekly board counts them at the close, the all-time board adds each week’s count (territory-weeks).',
  },
  {
    code: 7, key: 'squad_sieges_won', subject: 'squad', decimals: 0, title: 'Warband_of_the_Week', label: 'Squad sieges won',
    description: 'Sieges the squad won, attacking or defending with at least one committed member.',
  },
  {
    code: 8, key: 'squad_treasury', subject: 'squad', decimals: 2, title: 'War_Chest_of_the_Week', label: 'Treasury contributions',
    description: 'Contribution score its members paid into the treasury (resistance_credits ×1, cpu_cycles ×0.5, data_credits ×2).',
  },
] as const satisfies readonly LeaderboardDef[];

/** A board's key. */
export type LeaderboardKey = (typeof LEADERBOARDS)[number]['key'];

const BY_KEY: ReadonlyMap<string, LeaderboardDef> = new Map(LEADERBOARDS.map((b) => [b.key, b]));
const BY_CODE: ReadonlyMap<number, LeaderboardDef> = new Map(LEADERBOARDS.map((b) => [b.code, b]));

/** True if `key` names a board. */
export function isLeaderboardKey(key: unknown): key is LeaderboardKey {
  return typeof key === 'string' && BY_KEY.has(key);
}

/** The board of a key or code, or undefined. */
export function leaderboardDef(keyOrCode: string | number): LeaderboardDef | undefined {
  return typeof keyOrCode === 'number' ? BY_CODE.get(keyOrCode) : BY_KEY.get(keyOrCode);
}

// ---- the week ----

/** Period number of the all-time boards (weekly periods are IYYYIW numbers, e.g. 202647). */
export const ALL_TIME_PERIOD = 0;

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/**
 * One weekly season. It runs from a Liberation Sunday 00:00 UTC to the next one: the board closes
 * as Liberation Sunday begins, so the closing Sunday's own points count for the week after.
 * `id` is the ISO week (year × 100 + week) of the Monday inside it; `label` spells it.
 */
export interface LeaderboardWeek {
  id: number;
  label: string;
  startsAt: Date;
  closesAt: Date;
}

/** ISO-8601 week-numbering year and week of a UTC day (Monday-based weeks, week 1 holds 4 January). */
function isoWeek(day: Date): { year: number; week: number } {
  const d = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
  const dow = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - dow); // the Thursday of this ISO week decides its year
  const year = d.getUTCFullYear();
  const week = Math.floor((d.getTime() - Date.UTC(year, 0, 1)) / WEEK_MS) + 1;
  return { year, week };
}

function weekStartingAt(startsAt: Date): LeaderboardWeek {
  const { year, week } = isoWeek(new Date(startsAt.getTime() + DAY_MS));
  return {
    id: year * 100 + week,
    label: `${year}-W${String(week).padStart(2, '0')}`,
    startsAt,
    closesAt: new Date(startsAt.getTime() + WEEK_MS),
  };
}

/**
 * The season `now` falls in.
 * @example leaderboardWeek(new Date('2026-11-21T23:59:59Z')).id // 202647, closes 2026-11-22T00:00Z
 */
export function leaderboardWeek(now: Date): LeaderboardWeek {
  const day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return weekStartingAt(new Date(day - now.getUTCDay() * DAY_MS));
}

/** The season with this id (an IYYYIW number), or undefined for a number that names no week. */
export function leaderboardWeekById(id: number): LeaderboardWeek | undefined {
  if (!Number.isInteger(id)) return undefined;
  const year = Math.floor(id / 100);
  const week = id % 100;
  if (year < 1970 || year > 9999 || week < 1 || week > 53) return undefined;
  // Monday of ISO week 1 is the Monday on or before 4 January; the season starts the day before.
  const jan4 = Date.UTC(year, 0, 4);
  const monday1 = jan4 - ((new Date(jan4).getUTCDay() || 7) - 1) * DAY_MS;
  const found = weekStartingAt(new Date(monday1 + (week - 1) * WEEK_MS - DAY_MS));
  return found.id === id ? found : undefined;
}

/** The season after `week`. */
export function nextLeaderboardWeek(week: LeaderboardWeek): LeaderboardWeek {
  return weekStartingAt(week.closesAt);
}

/** True when the season `weekId` is over at `now` (Liberation Sunday has begun, or a later day). */
export function weekHasEnded(weekId: number, now: Date): boolean {
  const week = leaderboardWeekById(weekId);
  return week !== undefined && now.getTime() >= week.closesAt.getTime();
}

// ---- order, rank, rewards ----

/** One scored subject of a board. */
export interface StandingInput {
  subjectId: string;
  score: number;
  /** When the subject reached its current score. */
  reachedAt: Date;
}

/** A standing with its rank (ties share it) and its place (the strict order that rewards follow). */
export interface RankedStanding extends StandingInput {
  rank: number;
  place: number;
}

/**
 * The order of a board: higher score first; on equal scores whoever reached the score earlier,
 * then the smaller subject id (uuid text order, as the database compares uuids).
 */
export function compareStandings(a: StandingInput, b: StandingInput): number {
  if (a.score !== b.score) return b.score - a.score;
  const t = a.reachedAt.getTime() - b.reachedAt.getTime();
  if (t !== 0) return t;
  return a.subjectId < b.subjectId ? -1 : a.subjectId > b.subjectId ? 1 : 0;
}

/**
 * Ranks standings (entries with a score of 0 are not on the board). Rank is standard competition
 * ranking — 1 + the number of subjects with a strictly higher score, so equal scores share a rank
 * ("1, 2, 2, 4") — and place is the position in {@link compareStandings} order, which decides
 * rewards and titles.
 */
export function rankStandings(entries: readonly StandingInput[]): RankedStanding[] {
  const sorted = entries.filter((e) => e.score > 0).sort(compareStandings);
  let rank = 0;
  return sorted.map((e, i) => {
    if (i === 0 || sorted[i - 1]!.score !== e.score) rank = i + 1;
    return { ...e, rank, place: i + 1 };
  });
}

/** Places a weekly board pays (GAME §5.1). */
export const REWARDED_PLACES = 10;

/** The reward parameters (resistance_credits), read from the registry. */
export interface LeaderboardRewardParams {
  first: number;
  second: number;
  third: number;
  /** Each of places 4–10. */
  fourthToTenth: number;
}

/** GAME §5.1 defaults: 1000, 600, 400, then 200 for places 4–10. */
export const DEFAULT_LEADERBOARD_REWARDS: LeaderboardRewardParams = { first: 1000, second: 600, third: 400, fourthToTenth: 200 };

/** The reward parameters as the registry holds them now (GAME §10: a passed proposal may change them). */
export function leaderboardRewardParams(parameters: { get(name: ParameterName): number }): LeaderboardRewardParams {
  return {
    first: parameters.get('leaderboard_reward_first'),
    second: parameters.get('leaderboard_reward_second'),
    third: parameters.get('leaderboard_reward_third'),
    fourthToTenth: parameters.get('leaderboard_reward_places_4_10'),
  };
}

/** resistance_credits for `place` (1-based); 0 outside the top 10. */
export function leaderboardReward(place: number, params: LeaderboardRewardParams = DEFAULT_LEADERBOARD_REWARDS): number {
  if (!Number.isInteger(place) || place < 1 || place > REWARDED_PLACES) return 0;
  if (place === 1) return params.first;
  if (place === 2) return params.second;
  if (place === 3) return params.third;
  return params.fourthToTenth;
}

/** Rewards for places 1..10, in order. */
export function leaderboardRewards(params: LeaderboardRewardParams = DEFAULT_LEADERBOARD_REWARDS): number[] {
  return Array.from({ length: REWARDED_PLACES }, (_, i) => leaderboardReward(i + 1, params));
}

// ---- scores ----

/**
 * Influence in hundredths, rounded down: the unit of the `influence_gained` board. The database
 * trigger computes the same integer from the same fraction (a test compares them).
 */
export function influenceHundredths(rep: Reputation, multipliers: InfluenceMultipliers = {}): number {
  const { numerator, denominator } = influenceFraction(rep, multipliers);
  return Math.floor((numerator * 100) / denominator);
}

/**
 * What a reputation change adds to `influence_gained`: the rise of influence (hundredths) at the
 * player's current multipliers, or 0 when it did not rise. A multiplier that switches on (becoming
 * squad leader) is not a gain: it would be farmed by handing leadership back and forth.
 */
export function influenceGain(before: Reputation, after: Reputation, multipliers: InfluenceMultipliers = {}): number {
  return Math.max(0, influenceHundredths(after, multipliers) - influenceHundredths(before, multipliers));
}

/** A score as players read it (e.g. 12345 on a 2-decimal board → "123.45"). */
export function formatLeaderboardScore(score: number, decimals: number): string {
  if (decimals <= 0) return String(score);
  const sign = score < 0 ? '-' : '';
  const digits = String(Math.abs(score)).padStart(decimals + 1, '0');
  return `${sign}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}
