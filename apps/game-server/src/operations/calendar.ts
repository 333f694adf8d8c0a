/**
 * The weekly and monthly calendar (GAME §6.5) wired to real effects. One daily job reads
 * `activeModifiers(now)` and acts; every action is idempotent by its day (or month), so a
 * re-run, a restart or a second process changes nothing.
 *
 * - Flashpoint Friday: the `friday_flashpoint` template, once per Friday, its XP ×2.
 * - First Friday: `global_strike_day`, once per month.
 * - Last weekend: `mega_raid` (a liberation war on occupied territories), once per month.
 * - Liberation Sunday: the week's operations leaderboard is closed and rewarded, once.
 * Challenge XP (Workshop Wednesday), intel data_credits (Monday), income ×2 and halved
 * siege cooldowns (Saturday) are read from the same `activeModifiers(now)` by their features.
 */
import { closeWeeklyLeaderboard, occupiedTerritoryIds, type LeaderboardWinner } from '@datavism/db';
import { activeModifiers, utcDay } from '@datavism/rules';
import type { Services } from '../context';
import { launchOperation, loadTemplate, templateToInput } from './service';

/** Liberation Sunday rewards (resistance_credits) for places 1, 2, 3 of the week's operations leaderboard. */
export const WEEKLY_LEADERBOARD_REWARDS = [1000, 500, 250] as const;

/** Targets of the Mega Raid. */
const MEGA_RAID_TARGETS = 5;

export interface CalendarRun {
  launched: string[];
  leaderboard: LeaderboardWinner[] | null;
}

/** Runs the calendar for the UTC day of `now`. */
export async function runCalendar(s: Services, now: Date): Promise<CalendarRun> {
  const mods = activeModifiers(now);
  const day = utcDay(now);
  const launched: string[] = [];
  const launch = async (templateKey: string, sourceKey: string, extra: { xpMultiplier?: number; targetTerritories?: string[] } = {}) => {
    const template = await loadTemplate(s, templateKey);
    const { operation, created } = await launchOperation(s, templateToInput(s, template, { now, templateKey, sourceKey, ...extra }), now);
    if (created) launched.push(operation.id);
  };
  if (mods.event === 'flashpoint_friday') {
    await launch('friday_flashpoint', `calendar:flashpoint:${day}`, { xpMultiplier: mods.flashpointXpMultiplier });
  }
  if (mods.globalStrikeDay) await launch('global_strike_day', `calendar:global_strike:${day.slice(0, 7)}`);
  if (mods.megaRaid) {
    // Keyed by the raid's Saturday's month: the Sunday after a month's last Saturday may be the 1st.
    const saturday = mods.dayName === 'sunday' ? utcDay(new Date(now.getTime() - 86_400_000)) : day;
    await launch('mega_raid', `calendar:mega_raid:${saturday.slice(0, 7)}`, { targetTerritories: await occupiedTerritoryIds(s.database.db, MEGA_RAID_TARGETS) });
  }
  let leaderboard: LeaderboardWinner[] | null = null;
  if (mods.closeWeeklyLeaderboards) {
    const monday = utcDay(new Date(now.getTime() - 6 * 86_400_000));
    leaderboard = await closeWeeklyLeaderboard(s.database.db, monday, WEEKLY_LEADERBOARD_REWARDS);
  }
  return { launched, leaderboard };
}
