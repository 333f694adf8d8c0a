import { describe, expect, it } from 'vitest';
import { createLatestThrottle, type ThrottleClock } from '../src/net/throttle';

/** A manual clock: timers fire only when `advance` passes their due time. */
function fakeClock() {
  let now = 0;
  let timers: Array<{ due: number; fn: () => void; id: number }> = [];
  let nextId = 1;
  const clock: ThrottleClock = {
    now: () => now,
    setTimeout: (fn, ms) => { const id = nextId++; timers.push({ due: now + ms, fn, id }); return id; },
    clearTimeout: (h) => { timers = timers.filter((t) => t.id !== h); },
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const next = timers.filter((t) => t.due <= end).sort((a, b) => a.due - b.due)[0];
      if (!next) break;
      timers = timers.filter((t) => t !== next);
      now = next.due;
      next.fn();
    }
    now = end;
  };
  return { clock, advance };
}

describe('move throttle (latest wins, 10/s)', () => {
  it('sends the first value at once', () => {
    const { clock } = fakeClock();
    const sent: number[] = [];
    const t = createLatestThrottle<number>((v) => sent.push(v), 10, clock);
    t.offer(1);
    expect(sent).toEqual([1]);
  });

  it('coalesces values inside the window and sends the latest when it opens', () => {
    const { clock, advance } = fakeClock();
    const sent: number[] = [];
    const t = createLatestThrottle<number>((v) => sent.push(v), 10, clock);
    t.offer(1);
    advance(20); t.offer(2);
    advance(20); t.offer(3);
    expect(sent).toEqual([1]);
    expect(t.pending).toBe(true);
    advance(60); // 100 ms after the first send
    expect(sent).toEqual([1, 3]);
    expect(t.pending).toBe(false);
  });

  it('never exceeds 10 sends in any second under a 60 Hz stream of offers', () => {
    const { clock, advance } = fakeClock();
    const sentAt: number[] = [];
    const t = createLatestThrottle<number>(() => sentAt.push(clock.now()), 10, clock);
    for (let i = 0; i < 600; i++) { t.offer(i); advance(1000 / 60); }
    for (const start of sentAt) {
      expect(sentAt.filter((s) => s >= start && s < start + 1000).length).toBeLessThanOrEqual(10);
    }
    expect(sentAt.length).toBeGreaterThanOrEqual(98);
  });

  it('cancel drops the pending value', () => {
    const { clock, advance } = fakeClock();
    const sent: number[] = [];
    const t = createLatestThrottle<number>((v) => sent.push(v), 10, clock);
    t.offer(1); t.offer(2); t.cancel();
    advance(500);
    expect(sent).toEqual([1]);
  });
});
