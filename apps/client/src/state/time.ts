/**
 * The one time formatter of the client. Durations read like speech ("42 s", "4 min 05 s",
 * "23 min", "2 h 05 min", "3 d 4 h"), deadlines as "in 23 min", moments as the player's local
 * date and time. Pure functions; callers pass `now` so tests and countdowns agree.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const pad2 = (n: number) => n.toString().padStart(2, '0');

/**
 * A duration in words. Seconds are rounded up, so a countdown never shows "0 s" while time
 * remains; precision falls as the duration grows (seconds only below 10 min).
 * @example formatDuration(42_000) // "42 s"
 * @example formatDuration(245_000) // "4 min 05 s"
 * @example formatDuration(7_500_000) // "2 h 05 min"
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '0 s';
  const total = Math.ceil(ms / SECOND);
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  if (total < 600) return `${minutes} min ${pad2(total % 60)} s`;
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${pad2(minutes % 60)} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

/** "in 23 min" until `at`, or `done` once it has passed. */
export function formatIn(at: number, now: number, done = 'now'): string {
  return at - now <= 0 ? done : `in ${formatDuration(at - now)}`;
}

/** "23 min ago" since `at` ("just now" under 10 s). */
export function formatAgo(at: number, now: number): string {
  const ms = now - at;
  return ms < 10 * SECOND ? 'just now' : `${formatDuration(ms)} ago`;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const clockFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dateFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short' });
const yearFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/**
 * A moment in the player's local time: "today 18:05", "tomorrow 09:00", "Tue 14 Jul, 18:05",
 * or with the year when it is more than ~6 months away.
 */
export function formatDateTime(at: number | string | Date, now: number = Date.now()): string {
  const d = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(d.getTime())) return '—';
  const today = new Date(now);
  const time = timeFormat.format(d);
  if (sameDay(d, today)) return `today ${time}`;
  const tomorrow = new Date(now + DAY);
  if (sameDay(d, tomorrow)) return `tomorrow ${time}`;
  const yesterday = new Date(now - DAY);
  if (sameDay(d, yesterday)) return `yesterday ${time}`;
  if (Math.abs(d.getTime() - now) > 180 * DAY) return yearFormat.format(d);
  return `${dateFormat.format(d)}, ${time}`;
}

/** Local wall-clock time with seconds ("18:05:12"), for trade tapes and logs. */
export function formatClock(at: number): string {
  return clockFormat.format(new Date(at));
}

/** Epoch ms of an ISO string / epoch number / null (NaN when absent or invalid). */
export function toEpoch(at: string | number | null | undefined): number {
  if (at === null || at === undefined || at === '') return Number.NaN;
  return typeof at === 'number' ? at : Date.parse(at);
}

/** An ISO-8601 instant inside server text ("2026-12-04T06:30:00.000Z"). */
const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;

/**
 * Server sentences (notices, notification bodies) carry instants as ISO strings — the one form
 * every channel (push, e-mail, webhook) can read. Shown to a player, each becomes local time.
 * @example humanizeTimes('deploy there before 2026-12-04T06:30:00.000Z') // "deploy there before today 07:30"
 */
export function humanizeTimes(text: string, now: number = Date.now()): string {
  return text.replace(ISO_INSTANT, (iso) => {
    const at = Date.parse(iso);
    return Number.isNaN(at) ? iso : formatDateTime(at, now);
  });
}
