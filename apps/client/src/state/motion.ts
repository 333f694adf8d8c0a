/**
 * Smooth avatar motion from discrete server positions. Each server update starts a short
 * glide from where the avatar is drawn *now* to the new position, so updates that arrive
 * faster than the glide never make it jump backwards. Pure functions; callers pass the clock.
 */

/** How long a glide to a new server position takes. */
export const INTERPOLATION_MS = 100;

/** Beyond this distance (layout units) a position change is a teleport (e.g. a deployment). */
export const SNAP_DISTANCE = 3;

export interface Motion {
  /** Where the glide starts. */
  fromX: number;
  fromY: number;
  /** The latest server position (where the glide ends). */
  toX: number;
  toY: number;
  /** Clock time (ms, `performance.now()`-like) when the latest server position arrived. */
  startedAt: number;
}

/** A motion that rests at (x, y). */
export function restingMotion(x: number, y: number, now: number): Motion {
  return { fromX: x, fromY: y, toX: x, toY: y, startedAt: now - INTERPOLATION_MS };
}

/** Glide progress in [0, 1] at `now`. */
export function motionProgress(m: Motion, now: number, durationMs = INTERPOLATION_MS): number {
  if (durationMs <= 0) return 1;
  const t = (now - m.startedAt) / durationMs;
  return t <= 0 ? 0 : t >= 1 ? 1 : t;
}

/**
 * The drawn position at `now`, written into `out` (no allocation: called per avatar per frame).
 */
export function sampleMotion(
  m: Motion,
  now: number,
  out: { x: number; y: number },
  durationMs = INTERPOLATION_MS,
): { x: number; y: number } {
  const t = motionProgress(m, now, durationMs);
  out.x = m.fromX + (m.toX - m.fromX) * t;
  out.y = m.fromY + (m.toY - m.fromY) * t;
  return out;
}

/**
 * The motion after a new server position (x, y) arrives at `now`: glide from the currently
 * drawn point, or snap when the jump is a teleport. Returns `m` itself if nothing changed.
 */
export function retarget(m: Motion, x: number, y: number, now: number, durationMs = INTERPOLATION_MS): Motion {
  if (x === m.toX && y === m.toY) return m;
  const here = sampleMotion(m, now, { x: 0, y: 0 }, durationMs);
  if (Math.hypot(x - here.x, y - here.y) > SNAP_DISTANCE) return restingMotion(x, y, now);
  return { fromX: here.x, fromY: here.y, toX: x, toY: y, startedAt: now };
}
