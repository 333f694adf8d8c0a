/**
 * Avatar movement inside a territory (GAME §3.1): pure functions the world room calls once per
 * tick with the inputs it queued. The server clamps every step, so a client cannot teleport or
 * leave its territory however it forges its inputs.
 */

export interface Point {
  x: number;
  y: number;
}

export interface MovementLimits {
  /** Longest distance one input may move an avatar (hex layout units). */
  maxStep: number;
  /** Radius around the territory centre the avatar must stay within. */
  radius: number;
}

/** Defaults for a hex of size 1: 0.25 per input (2.5 units/s at 10 inputs/s), stay within 0.75 of the centre. */
export const DEFAULT_MOVEMENT_LIMITS: MovementLimits = { maxStep: 0.25, radius: 0.75 };

/** Move from `position` towards `target`, at most `maxStep`, then keep within `radius` of `center`. */
export function clampMove(position: Point, target: Point, center: Point, limits: MovementLimits = DEFAULT_MOVEMENT_LIMITS): Point {
  let dx = target.x - position.x;
  let dy = target.y - position.y;
  const step = Math.hypot(dx, dy);
  if (step > limits.maxStep) {
    dx = (dx / step) * limits.maxStep;
    dy = (dy / step) * limits.maxStep;
  }
  let x = position.x + dx;
  let y = position.y + dy;
  const ox = x - center.x;
  const oy = y - center.y;
  const off = Math.hypot(ox, oy);
  if (off > limits.radius) {
    x = center.x + (ox / off) * limits.radius;
    y = center.y + (oy / off) * limits.radius;
  }
  return { x, y };
}

export interface MoveInput extends Point {
  avatarId: string;
  seq: number;
}

export interface MovingAvatar extends Point {
  center: Point;
  seq: number;
}

/**
 * Apply one tick's queued inputs in arrival order. Inputs with a sequence number not newer
 * than the avatar's last applied one are stale (reordered or replayed) and ignored.
 * Returns the avatars that moved, with their new position and last applied sequence.
 */
export function stepMovement(
  avatars: ReadonlyMap<string, MovingAvatar>,
  inputs: readonly MoveInput[],
  limits: MovementLimits = DEFAULT_MOVEMENT_LIMITS,
): Map<string, Point & { seq: number }> {
  const moved = new Map<string, Point & { seq: number }>();
  for (const input of inputs) {
    const avatar = avatars.get(input.avatarId);
    if (!avatar) continue;
    const current = moved.get(input.avatarId) ?? avatar;
    if (input.seq <= current.seq && current.seq !== 0) continue;
    const next = clampMove(current, input, avatar.center, limits);
    moved.set(input.avatarId, { ...next, seq: input.seq });
  }
  return moved;
}
