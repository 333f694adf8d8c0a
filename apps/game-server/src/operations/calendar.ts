/**
 * The weekly and monthly calendar (GAME §6.5) wired to real effects. One daily job reads
 * `activeModifiers(now)` and acts; every action is idempotent by its day (or month), so a
 * re-run, a restart or a second process changes nothing.
 *
 * - Flashpoint Friday: the `friday_flashpoint` template, once per Friday, its XP ×2.
 * - First Friday: `global_strike_day`, once per month.
 * - Last weekend: `mega_raid` (a liberation war on occupied territories), once per month.
 * Liberation Sunday's leaderboards (operation points among them) are closed by the leaderboards
 * feature (`apps/game-server/src/leaderboards`).
 * Challenge XP (Workshop Wednesday), intel data_credits (Monday), income ×2 and halved
 * siege cooldowns (Saturday) are read from the same `activeModifiers(now)` by their features.
 */
import { occupiedTerritoryIds } from '@datavism/db';
import { activeModifiers, utcDay } from '@datavism/rules';
import type { Services } from '../context';
import { launchOperation, loadTemplate, templateToInput } from './service';

/** Targets of the Mega Raid. */
const MEGA_RAID_TARGETS = 5;

export interface CalendarRun {
  launched: string[];
}

/** One launch the calendar makes on a day: a template, the idempotency key of its slot, its XP multiplier. */
export interface CalendarLaunch {
  templateKey: string;
  sourceKey: string;
  xpMultiplier?: number;
  /** The Mega Raid targets occupied territories (chosen when it launches). */
  targetsOccupied?: number;
}

/** What the calendar launches on the UTC day of `now` (GAME §6.5) — the job's plan and the GM console's coming week. */
export function calendarPlan(now: Date): CalendarLaunch[] {
  const mods = activeModifiers(now);
  const day = utcDay(now);
  const plan: CalendarLaunch[] = [];
  if (mods.event === 'flashpoint_friday') {
    plan.push({ templateKey: 'friday_flashpoint', sourceKey: `calendar:flashpoint:${day}`, xpMultiplier: mods.flashpointXpMultiplier });
  }
  if (mods.globalStrikeDay) plan.push({ templateKey: 'global_strike_day', sourceKey: `calendar:global_strike:${day.slice(0, 7)}` });
  if (mods.megaRaid) {
    // Keyed by the raid's Saturday's month: the Sunday after a month's last Saturday may be the 1st.
    const saturday = mods.dayName === 'sunday' ? utcDay(new Date(now.getTime() - 86_400_000)) : day;
    plan.push({ templateKey: 'mega_raid', sourceKey: `calendar:mega_raid:${saturday.slice(0, 7)}`, targetsOccupied: MEGA_RAID_TARGETS });
  }
  return plan;
}

/** Runs the calendar for the UTC day of `now`. */
export async function runCalendar(s: Services, now: Date): Promise<CalendarRun> {
  const launched: string[] = [];
  for (const step of calendarPlan(now)) {
    const template = await loadTemplate(s, step.templateKey);
    const targetTerritories = step.targetsOccupied ? await occupiedTerritoryIds(s.database.db, step.targetsOccupied) : undefined;
    const input = templateToInput(s, template, {
      now, templateKey: step.templateKey, sourceKey: step.sourceKey, xpMultiplier: step.xpMultiplier, targetTerritories,
    });
    const { operation, created } = await launchOperation(s, input, now);
    if (created) launched.push(operation.id);
  }
  return { launched };
}
