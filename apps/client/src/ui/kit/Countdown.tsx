/**
 * A live countdown in words ("in 23 min", "42 s"), ticking every second (4×/s in the last
 * minute); the tooltip gives the local date and time of the deadline.
 */
import { useEffect, useState } from 'react';
import { formatDateTime, formatDuration } from '../../state/time';

/** The current time, refreshed every `ms` while `active`. `clock` lets callers use the server's. */
export function useTicker(ms: number, active = true, clock: () => number = Date.now): number {
  const [now, setNow] = useState(clock);
  useEffect(() => {
    if (!active) return;
    setNow(clock());
    const t = setInterval(() => setNow(clock()), ms);
    return () => clearInterval(t);
  }, [ms, active, clock]);
  return now;
}

export function Countdown({ to, prefix = 'in', done = 'now', clock, testId, className }: {
  /** Epoch ms of the deadline. */
  to: number;
  /** Word before the duration ("in", "ends in", ""). */
  prefix?: string;
  /** Shown once the deadline has passed. */
  done?: string;
  /** Epoch-ms clock (defaults to the local one). */
  clock?: () => number;
  testId?: string;
  className?: string;
}) {
  const first = (clock ?? Date.now)();
  const fast = to - first < 70_000;
  const now = useTicker(fast ? 250 : 1000, Number.isFinite(to) && to > first, clock);
  if (!Number.isFinite(to)) return <span className={className}>—</span>;
  const left = to - now;
  return (
    <time className={`kit-countdown${left < 60_000 && left > 0 ? ' is-soon' : ''}${className ? ` ${className}` : ''}`}
      dateTime={new Date(to).toISOString()} title={formatDateTime(to)} data-testid={testId}>
      {left <= 0 ? done : `${prefix ? `${prefix} ` : ''}${formatDuration(left)}`}
    </time>
  );
}
