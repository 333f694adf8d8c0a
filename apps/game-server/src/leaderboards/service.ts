import {
  closeEndedLeaderboardWeeks, foldLeaderboardRanks, getLeaderboardSeason, leaderboardAround, leaderboardBoards, leaderboardEntries,
  leaderboardTop, listLeaderboardSeasons, squadIdOfPlayer, type LeaderboardSeason, type Standing,
} from '@datavism/db';
import {
  ALL_TIME_PERIOD, GameError, LEADERBOARDS, formatLeaderboardScore, leaderboardDef, leaderboardRewardParams, leaderboardRewards,
  leaderboardWeek, leaderboardWeekById, type LeaderboardDef, type LeaderboardWeek,
} from '@datavism/rules';
import type {
  LeaderboardBoardDto, LeaderboardSeasonDto, LeaderboardWeekDto, LeaderboardsResponse, SeasonsQuery, SeasonsResponse, StandingDto,
  StandingsQuery, StandingsResponse,
} from '@datavism/shared-schema';
import type { Services } from '../context';
import { notifier, type NotificationEvent } from '../notifications/index';

/**
 * The calendar's clock: the real clock plus `CLOCK_OFFSET_MS` (0 in production). Liberation
 * Sunday is read from it, so a test can stand a few seconds before a Sunday.
 */
export function calendarNow(s: Services): Date {
  return new Date(Date.now() + s.config.clockOffsetMs);
}

/** The board of a key; NOT_FOUND otherwise. */
export function requireBoard(key: string): LeaderboardDef {
  const def = leaderboardDef(key);
  if (!def) throw new GameError('NOT_FOUND', `no leaderboard "${key}"`);
  return def;
}

export const boardDto = (b: LeaderboardDef): LeaderboardBoardDto => ({
  key: b.key, subject: b.subject, label: b.label, description: b.description, title: b.title, decimals: b.decimals,
});

export const weekDto = (w: LeaderboardWeek): LeaderboardWeekDto => ({
  id: w.id, label: w.label, startsAt: w.startsAt.getTime(), closesAt: w.closesAt.getTime(),
});

const standingDto = (x: Standing): StandingDto => ({
  rank: x.rank, subjectId: x.subjectId, name: x.name, score: x.score, reachedAt: x.reachedAt.getTime(),
});

function seasonDto(x: LeaderboardSeason): LeaderboardSeasonDto {
  return {
    board: x.key, week: weekDto(leaderboardWeekById(x.week)!), status: x.status, closedAt: x.closedAt?.getTime() ?? null,
    entries: x.entries, totalScore: x.totalScore,
    awards: x.awards.map((a) => ({ place: a.place, subjectId: a.subjectId, name: a.name, score: a.score, reward: a.reward, title: a.title })),
  };
}

/** Rewards of places 1..10 as the registry says now. */
export function currentRewards(s: Services): number[] {
  return leaderboardRewards(leaderboardRewardParams(s.parameters));
}

/** GET /api/leaderboards: the boards, the open season, the rewards. */
export function leaderboardIndex(s: Services): LeaderboardsResponse {
  return { boards: LEADERBOARDS.map(boardDto), week: weekDto(leaderboardWeek(calendarNow(s))), rewards: currentRewards(s) };
}

/**
 * The standings of a board in a period: the top, the size, and the standing of `around` (by
 * default the viewer, or the viewer's squad on a squad board) with its neighbours.
 */
export async function standings(s: Services, key: string, q: StandingsQuery, viewerId: string): Promise<StandingsResponse> {
  const def = requireBoard(key);
  const db = s.database.db;
  let period: number;
  if (q.period === 'all') period = ALL_TIME_PERIOD;
  else if (q.period === 'week') period = (await leaderboardBoards(db)).find((b) => b.board === def.code)!.openWeek;
  else {
    if (!leaderboardWeekById(q.period)) throw new GameError('BAD_REQUEST', `period: ${q.period} is not a week (IYYYIW)`);
    period = q.period;
  }
  const subject = q.around ?? (def.subject === 'player' ? viewerId : await squadIdOfPlayer(db, viewerId));
  const [top, around, season] = await Promise.all([
    leaderboardTop(db, def.code, period, q.limit),
    subject ? leaderboardAround(db, def.code, period, subject, q.neighbours) : Promise.resolve(null),
    period === ALL_TIME_PERIOD ? Promise.resolve(null) : getLeaderboardSeason(db, def.code, period),
  ]);
  const entries = around ? around.entries : await leaderboardEntries(db, def.code, period);
  const week = period === ALL_TIME_PERIOD ? null : leaderboardWeekById(period)!;
  return {
    board: boardDto(def),
    period: { kind: week ? 'week' : 'all', week: week ? weekDto(week) : null },
    entries,
    top: top.map(standingDto),
    me: around
      ? { ...standingDto(around.me), tiedWith: around.me.tiedWith, above: around.above.map(standingDto), below: around.below.map(standingDto) }
      : null,
    season: season ? seasonDto(season) : null,
  };
}

/**
 * Archived seasons, newest first. A page holds whole weeks (all boards of its oldest week), so
 * `nextBefore` never splits one.
 */
export async function seasons(s: Services, q: SeasonsQuery): Promise<SeasonsResponse> {
  const board = q.board === undefined ? undefined : requireBoard(q.board).code;
  const db = s.database.db;
  let rows = await listLeaderboardSeasons(db, { board, beforeWeek: q.before, limit: q.limit });
  let nextBefore: number | null = null;
  if (rows.length === q.limit) {
    nextBefore = rows[rows.length - 1]!.week;
    if (board === undefined) {
      const oldest = await listLeaderboardSeasons(db, { beforeWeek: nextBefore + 1, limit: LEADERBOARDS.length });
      rows = [...rows.filter((r) => r.week !== nextBefore), ...oldest.filter((r) => r.week === nextBefore)];
    }
  }
  return { seasons: rows.map(seasonDto), nextBefore };
}

/** One archived season with the top of its frozen standings. */
export async function season(s: Services, key: string, week: number): Promise<{ season: LeaderboardSeasonDto; top: StandingDto[] }> {
  const def = requireBoard(key);
  const found = await getLeaderboardSeason(s.database.db, def.code, week);
  if (!found) throw new GameError('NOT_FOUND', `no season ${week} of ${key}`);
  const top = await leaderboardTop(s.database.db, def.code, week, 100);
  return { season: seasonDto(found), top: top.map(standingDto) };
}

/**
 * The Liberation Sunday job: closes every board whose week has ended on the calendar clock (each
 * exactly once, whatever runs it how often) and tells the rewarded players and squads. The notice
 * is best effort after the commit (a crash right there loses it; the rewards are already paid).
 */
export async function runLeaderboardClose(s: Services, now = calendarNow(s)): Promise<LeaderboardSeason[]> {
  const settled = await closeEndedLeaderboardWeeks(s.database.db, { now, rewards: currentRewards(s) });
  const events: NotificationEvent[] = [];
  for (const season of settled) {
    const def = leaderboardDef(season.board)!;
    const label = leaderboardWeekById(season.week)!.label;
    for (const a of season.awards) {
      const title = `Leaderboard ${label}: #${a.place} in ${def.label}`;
      const body = `${def.subject === 'squad' ? 'Your squad' : 'You'} placed #${a.place} in ${def.label} `
        + `with ${formatLeaderboardScore(a.score, def.decimals)}: +${a.reward} resistance_credits${a.title ? ` and the title ${a.title}` : ''}.`;
      events.push({
        kind: 'leaderboard_result', tier: 'regular', title, body, link: `/leaderboards/${def.key}?period=${season.week}`,
        audience: def.subject === 'player' ? { kind: 'players', playerIds: [a.subjectId] } : { kind: 'squad', squadId: a.subjectId },
        affects: def.subject === 'player' ? { player: true } : { squad: true },
        dedupeKey: `leaderboard:${season.board}:${season.week}:${a.place}`,
      });
    }
  }
  if (events.length > 0) await notifier(s).notify(events, now);
  if (settled.length > 0) s.logger.info({ seasons: settled.map((x) => `${x.key}:${x.week}`) }, 'leaderboards closed');
  return settled;
}

const FOLD_BATCH = 20_000;

/** Folds the pending scores into the rank counts until none is left (or another process folds). */
export async function foldAll(s: Services): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await foldLeaderboardRanks(s.database.db, FOLD_BATCH);
    if (n > 0) total += n;
    if (n < FOLD_BATCH) return total;
  }
}
