/**
 * A "latest wins" rate limiter for messages such as `move`: at most `perSecond` sends per
 * second; a value offered while the window is closed replaces any older pending value and is
 * sent as soon as the window opens, so the last input is never lost. Framework-free; the clock
 * and timer are injectable for tests.
 */

export interface ThrottleClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: ThrottleClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface LatestThrottle<T> {
  /** Sends `value` now if allowed, otherwise keeps it as the pending value. */
  offer(value: T): void;
  /** Drops any pending value and timer. */
  cancel(): void;
  /** True while a value waits for the window to open. */
  readonly pending: boolean;
}

/** Creates a throttle that calls `send` at most `perSecond` times per second. */
export function createLatestThrottle<T>(
  send: (value: T) => void,
  perSecond: number,
  clock: ThrottleClock = realClock,
): LatestThrottle<T> {
  const interval = 1000 / perSecond;
  let lastSentAt = -Infinity;
  let pending: { value: T } | null = null;
  let timer: unknown = null;

  const flush = (): void => {
    timer = null;
    if (!pending) return;
    const { value } = pending;
    pending = null;
    lastSentAt = clock.now();
    send(value);
  };

  return {
    offer(value: T): void {
      pending = { value };
      const wait = lastSentAt + interval - clock.now();
      if (wait <= 0) {
        if (timer !== null) {
          clock.clearTimeout(timer);
          timer = null;
        }
        flush();
      } else if (timer === null) {
        timer = clock.setTimeout(flush, wait);
      }
    },
    cancel(): void {
      pending = null;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
    get pending(): boolean {
      return pending !== null;
    },
  };
}
