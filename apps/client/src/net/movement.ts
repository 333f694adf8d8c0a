/**
 * Keyboard movement of my avatar inside its territory (WASD / arrow keys). Framework-free:
 * key listeners on a DOM target, and a `tick` the render loop calls each frame. The avatar
 * walks relative to the camera's facing; the wanted position is clamped to the territory
 * and kept near the last server position, then sent through the connection's 10/s throttle.
 */
import { clampToDisc, type Point } from '../state/hex';
import { myAvatar, worldStore } from '../state/worldStore';

/** Walking speed in layout units per second (a hex is √3 ≈ 1.73 wide). */
export const WALK_SPEED = 1.2;
/** How far the wanted position may run ahead of the server's position. */
export const MAX_LEAD = 0.6;
/** Keep the wanted position within this distance of the territory centre (server: 0.75). */
export const MOVE_RADIUS = 0.72;

const KEY_DIRS: Record<string, readonly [number, number]> = {
  KeyW: [0, 1], ArrowUp: [0, 1],
  KeyS: [0, -1], ArrowDown: [0, -1],
  KeyA: [-1, 0], ArrowLeft: [-1, 0],
  KeyD: [1, 0], ArrowRight: [1, 0],
};

/** Sum of held keys as (right, forward), each in −1..1; (0, 0) when idle. */
export function keyAxes(held: ReadonlySet<string>): { right: number; forward: number } {
  let right = 0;
  let forward = 0;
  for (const code of held) {
    const d = KEY_DIRS[code];
    if (d) { right += d[0]; forward += d[1]; }
  }
  return { right: Math.sign(right), forward: Math.sign(forward) };
}

/**
 * One step of the wanted position: from `from`, walk along the camera-relative axes for
 * `dt` seconds, then clamp into the territory disc and within `MAX_LEAD` of the server.
 * `facing` is the camera's forward direction on the map plane (unit vector).
 */
export function stepIntent(
  from: Point, axes: { right: number; forward: number }, facing: Point, dt: number,
  territoryCenter: Point, server: Point,
): Point {
  // Right of the facing on the map plane: a camera looking toward −y has +x on its right.
  const rx = -facing.y;
  const ry = facing.x;
  let dx = facing.x * axes.forward + rx * axes.right;
  let dy = facing.y * axes.forward + ry * axes.right;
  const len = Math.hypot(dx, dy);
  if (len === 0) return from;
  dx = (dx / len) * WALK_SPEED * dt;
  dy = (dy / len) * WALK_SPEED * dt;
  const moved = clampToDisc({ x: from.x + dx, y: from.y + dy }, territoryCenter, MOVE_RADIUS);
  return clampToDisc(moved, server, MAX_LEAD);
}

function isTextInput(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  return t.isContentEditable || t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT';
}

export interface MovementController {
  /** Starts listening to keys on `target` (`wake` is called when a key starts a walk); returns a function that stops. */
  attach(target: Window, wake?: () => void): () => void;
  /** Advances the wanted position by `dt` seconds and offers it to `send`. */
  tick(dt: number, facing: Point, nowMs: number): void;
  /** Where my avatar should be drawn while walking (client prediction), else null. */
  predicted(): Point | null;
  /** True while keys are held or a walk is settling: the scene must keep rendering. */
  active(): boolean;
}

/** After the keys are released, keep predicting until the server echoes the last move. */
const SETTLE_MS = 600;

/**
 * Creates a controller that sends wanted positions through `send` (already throttled);
 * `lastSentSeq` tells it which `seq` the server must echo before prediction stops.
 */
export function createMovementController(
  send: (x: number, y: number) => void,
  lastSentSeq: () => number,
): MovementController {
  const held = new Set<string>();
  let intent: Point | null = null;
  let releasedAt: number | null = null;

  let onActive: (() => void) | null = null;
  const onDown = (e: KeyboardEvent): void => {
    if (!(e.code in KEY_DIRS) || isTextInput(e.target) || e.metaKey || e.ctrlKey || e.altKey) return;
    held.add(e.code);
    e.preventDefault(); // arrow keys would scroll the page
    onActive?.();
  };
  const onUp = (e: KeyboardEvent): void => { held.delete(e.code); };
  const onBlur = (): void => held.clear();

  return {
    attach(target, wake) {
      onActive = wake ?? null;
      target.addEventListener('keydown', onDown);
      target.addEventListener('keyup', onUp);
      target.addEventListener('blur', onBlur);
      return () => {
        target.removeEventListener('keydown', onDown);
        target.removeEventListener('keyup', onUp);
        target.removeEventListener('blur', onBlur);
        held.clear();
        intent = null;
      };
    },
    tick(dt, facing, nowMs) {
      const s = worldStore.getState();
      const me = myAvatar(s);
      const territory = me ? s.territories.get(me.territoryId) : undefined;
      const axes = keyAxes(held);
      // arrivesAt > 0: travelling; the server refuses moves until arrival.
      if (!me || !territory || me.arrivesAt > 0) {
        intent = null;
        return;
      }
      if (axes.right === 0 && axes.forward === 0) {
        // Settle: draw the last wanted position until the server has applied it.
        if (intent !== null) {
          releasedAt ??= nowMs;
          if (me.seq >= lastSentSeq() || nowMs - releasedAt > SETTLE_MS) intent = null;
        }
        return;
      }
      releasedAt = null;
      const server = { x: me.x, y: me.y };
      const next = stepIntent(intent ?? server, axes, facing, dt, { x: territory.cx, y: territory.cy }, server);
      if (intent && next.x === intent.x && next.y === intent.y) return;
      intent = next;
      send(next.x, next.y);
    },
    predicted() {
      return intent;
    },
    active() {
      return held.size > 0 || intent !== null;
    },
  };
}
