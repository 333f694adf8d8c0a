// HTTP contracts of the leaderboards (GAME §5.1): boards, live standings, archived seasons, titles.
import { z } from 'zod';

const WeekId = z.coerce.number().int().min(197001).max(999953);

/**
 * GET /api/leaderboards/:board query: the period (`week` = the open season, default; `all` =
 * all-time; or a season id IYYYIW such as 202647), whose standing to show next to the top
 * (`around`: a player or squad id; default the caller, or the caller's squad on squad boards),
 * how many of the top and how many neighbours on each side.
 */
export const StandingsQuery = z.object({
  period: z.union([z.enum(['week', 'all']), WeekId]).default('week'),
  around: z.string().uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(100),
  neighbours: z.coerce.number().int().min(0).max(25).default(5),
}).strict();
export type StandingsQuery = z.infer<typeof StandingsQuery>;

/** GET /api/leaderboards/seasons query: one board or all, paged by week (newest first). */
export const SeasonsQuery = z.object({
  board: z.string().regex(/^[a-z_]{2,40}$/).optional(),
  before: WeekId.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
}).strict();
export type SeasonsQuery = z.infer<typeof SeasonsQuery>;

/** A board as the client lists it. */
export interface LeaderboardBoardDto {
  key: string;
  subject: 'player' | 'squad';
  label: string;
  description: string;
  /** The weekly winner's title. */
  title: string;
  /** Scores are integers in 1/10^decimals of the unit (influence gained has 2). */
  decimals: number;
}

/** A weekly season's dates. */
export interface LeaderboardWeekDto {
  id: number;
  label: string;
  startsAt: number;
  closesAt: number;
}

/** GET /api/leaderboards */
export interface LeaderboardsResponse {
  boards: LeaderboardBoardDto[];
  /** The season that is open now and when Liberation Sunday closes it. */
  week: LeaderboardWeekDto;
  /** resistance_credits of places 1..10 (registry). */
  rewards: number[];
}

/** One subject on a board; `rank` is shared by equal scores, the list order is the strict order. */
export interface StandingDto {
  rank: number;
  subjectId: string;
  name: string;
  score: number;
  reachedAt: number;
}

/** A subject's own standing and its neighbours. */
export interface MyStandingDto extends StandingDto {
  /** Other subjects with the same score. */
  tiedWith: number;
  above: StandingDto[];
  below: StandingDto[];
}

/** A rewarded place of a closed season. */
export interface LeaderboardAwardDto {
  place: number;
  subjectId: string;
  name: string;
  score: number;
  reward: number;
  title: string | null;
}

/** An archived season of one board. */
export interface LeaderboardSeasonDto {
  board: string;
  week: LeaderboardWeekDto;
  status: 'closing' | 'closed';
  closedAt: number | null;
  entries: number | null;
  totalScore: number | null;
  awards: LeaderboardAwardDto[];
}

/** GET /api/leaderboards/:board */
export interface StandingsResponse {
  board: LeaderboardBoardDto;
  period: { kind: 'week' | 'all'; week: LeaderboardWeekDto | null };
  /** Subjects with a score above 0. */
  entries: number;
  top: StandingDto[];
  /** The `around` subject (default: the caller or the caller's squad); null when not on the board. */
  me: MyStandingDto | null;
  /** The archived season when the period is a closed week. */
  season: LeaderboardSeasonDto | null;
}

/** GET /api/leaderboards/seasons */
export interface SeasonsResponse {
  seasons: LeaderboardSeasonDto[];
  /** Pass as `before` for the next page; null on the last page. */
  nextBefore: number | null;
}

/** GET /api/leaderboards/titles/:subjectId — weekly titles a player or squad won. */
export interface LeaderboardTitlesResponse {
  titles: { board: string; week: number; title: string }[];
}
