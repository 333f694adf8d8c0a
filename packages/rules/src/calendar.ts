/**
 * The weekly and monthly calendar (GAME §6.5), by UTC day of the instant passed in.
 */

/** Weekday names, indexed like `Date.getUTCDay()` (0 = Sunday). */
export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
/** A weekday name. */
export type Weekday = (typeof WEEKDAYS)[number];

/** The weekly events. */
export type WeeklyEvent =
  | 'intelligence_monday'
  | 'workshop_wednesday'
  | 'flashpoint_friday'
  | 'squad_wars_saturday'
  | 'liberation_sunday';

/** The event of each weekday (Tuesday and Thursday have none). */
export const WEEKLY_EVENTS: Readonly<Record<Weekday, WeeklyEvent | null>> = {
  sunday: 'liberation_sunday',
  monday: 'intelligence_monday',
  tuesday: null,
  wednesday: 'workshop_wednesday',
  thursday: null,
  friday: 'flashpoint_friday',
  saturday: 'squad_wars_saturday',
};

/** The calendar's effect on the rules for one UTC day. Multipliers are 1 when inactive. */
export interface ActiveModifiers {
  dayName: Weekday;
  event: WeeklyEvent | null;
  /** Intelligence Monday: data_credits from verified intel ×1.5. */
  intelDataCreditsMultiplier: number;
  /** Workshop Wednesday: XP from challenges ×1.25. */
  challengeXpMultiplier: number;
  /** Flashpoint Friday: XP in the automatic flashpoint ×2. */
  flashpointXpMultiplier: number;
  /** Squad Wars Saturday: territory income ×2. */
  territoryIncomeMultiplier: number;
  /** Squad Wars Saturday: siege cooldowns ×0.5. */
  siegeCooldownMultiplier: number;
  /** Liberation Sunday: the week's leaderboards are closed and rewarded. */
  closeWeeklyLeaderboards: boolean;
  /** First Friday of the month: Global Strike Day (a global operation). */
  globalStrikeDay: boolean;
  /** Last weekend of the month (its last Saturday and the Sunday after it): Mega Raid. */
  megaRaid: boolean;
}

const DAY_MS = 86_400_000;

/** Days in the UTC month of `d`. */
function daysInUtcMonth(d: Date): number {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
}

/** True if `d` is the last Saturday of its UTC month. */
function isLastSaturday(d: Date): boolean {
  return d.getUTCDay() === 6 && d.getUTCDate() + 7 > daysInUtcMonth(d);
}

/**
 * The calendar modifiers active at `now` (its UTC day).
 * The Mega Raid Sunday is the day after the month's last Saturday, even when that
 * Sunday falls on the 1st of the next month (e.g. Sat 2026-01-31 + Sun 2026-02-01).
 *
 * @example activeModifiers(new Date('2026-11-06T12:00:00Z')).globalStrikeDay // true
 */
export function activeModifiers(now: Date): ActiveModifiers {
  const dayName = WEEKDAYS[now.getUTCDay()];
  const event = WEEKLY_EVENTS[dayName];
  const saturday = event === 'squad_wars_saturday';
  const megaRaid =
    isLastSaturday(now) || (dayName === 'sunday' && isLastSaturday(new Date(now.getTime() - DAY_MS)));
  return {
    dayName,
    event,
    intelDataCreditsMultiplier: event === 'intelligence_monday' ? 1.5 : 1,
    challengeXpMultiplier: event === 'workshop_wednesday' ? 1.25 : 1,
    flashpointXpMultiplier: event === 'flashpoint_friday' ? 2 : 1,
    territoryIncomeMultiplier: saturday ? 2 : 1,
    siegeCooldownMultiplier: saturday ? 0.5 : 1,
    closeWeeklyLeaderboards: event === 'liberation_sunday',
    globalStrikeDay: dayName === 'friday' && now.getUTCDate() <= 7,
    megaRaid,
  };
}

/** What the calendar announces: the weekly events and the two monthly ones. */
export type CalendarEventKey = WeeklyEvent | 'global_strike_day' | 'mega_raid';

/** The calendar's events as players read them (GAME §6.5). */
export const CALENDAR_EVENT_TITLES: Readonly<Record<CalendarEventKey, string>> = {
  intelligence_monday: 'Intelligence Monday',
  workshop_wednesday: 'Workshop Wednesday',
  flashpoint_friday: 'Flashpoint Friday',
  squad_wars_saturday: 'Squad Wars Saturday',
  liberation_sunday: 'Liberation Sunday',
  global_strike_day: 'Global Strike Day',
  mega_raid: 'Mega Raid',
};

/** One calendar day's events, from its UTC midnight to the next. */
export interface CalendarDay {
  /** YYYY-MM-DD (UTC). */
  day: string;
  startsAt: Date;
  endsAt: Date;
  events: CalendarEventKey[];
}

/** The events of the UTC day of `d` (empty on a Tuesday or Thursday outside a Mega Raid). */
function eventsOn(d: Date): CalendarEventKey[] {
  const m = activeModifiers(d);
  const out: CalendarEventKey[] = [];
  if (m.event) out.push(m.event);
  if (m.globalStrikeDay) out.push('global_strike_day');
  if (m.megaRaid) out.push('mega_raid');
  return out;
}

/**
 * Today's events and the next day that has any (GAME §6.5), for the client's countdown: "Flashpoint
 * Friday in 2 d 4 h". Every weekday but Tuesday and Thursday has one, so the next is at most two
 * days away.
 * @example calendarOutlook(new Date('2026-12-01T15:00:00Z')).next?.events // ['workshop_wednesday']
 */
export function calendarOutlook(now: Date): { today: CalendarDay; next: CalendarDay | null } {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const dayAt = (t: number): CalendarDay => ({
    day: new Date(t).toISOString().slice(0, 10), startsAt: new Date(t), endsAt: new Date(t + DAY_MS), events: eventsOn(new Date(t)),
  });
  let next: CalendarDay | null = null;
  for (let k = 1; k <= 7 && !next; k++) {
    const d = dayAt(midnight + k * DAY_MS);
    if (d.events.length > 0) next = d;
  }
  return { today: dayAt(midnight), next };
}
