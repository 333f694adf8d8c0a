/**
 * Pointy-top axial hex layout with size 1 (the server's layout): a territory at (q, r) has its
 * centre at x = √3·(q + r/2), y = 1.5·r. Avatar positions use the same units. The scene draws
 * the map on the XZ plane, so a layout `y` becomes a world `z`.
 */

const SQRT3 = Math.sqrt(3);

/** Distance from a hex centre to the middle of an edge (the inscribed circle radius). */
export const HEX_INRADIUS = SQRT3 / 2;

export interface Point {
  x: number;
  y: number;
}

/** Centre of hex (q, r) in layout units. */
export function hexCenter(q: number, r: number): Point {
  return { x: SQRT3 * (q + r / 2), y: 1.5 * r };
}

/** Axial coordinates of the hex that contains the layout point (x, y). */
export function pointToHex(x: number, y: number): { q: number; r: number } {
  const fq = (SQRT3 / 3) * x - y / 3;
  const fr = (2 / 3) * y;
  return roundAxial(fq, fr);
}

/** Rounds fractional axial coordinates to the nearest hex (via cube rounding). */
function roundAxial(fq: number, fr: number): { q: number; r: number } {
  const fs = -fq - fr;
  let q = Math.round(fq);
  let r = Math.round(fr);
  const s = Math.round(fs);
  const dq = Math.abs(q - fq);
  const dr = Math.abs(r - fr);
  const ds = Math.abs(s - fs);
  if (dq > dr && dq > ds) q = -r - s;
  else if (dr > ds) r = -q - s;
  return { q: q + 0, r: r + 0 };
}

/** Hex distance between two axial coordinates. */
export function hexDistance(a: { q: number; r: number }, b: { q: number; r: number }): number {
  const dq = a.q - b.q;
  const dr = a.r - b.r;
  return (Math.abs(dq) + Math.abs(dr) + Math.abs(dq + dr)) / 2;
}

/**
 * Keeps `p` within `radius` of `center` (a disc, conservative inside the hex): the client uses it
 * so its movement intent never runs far outside what the server will accept.
 */
export function clampToDisc(p: Point, center: Point, radius: number): Point {
  const dx = p.x - center.x;
  const dy = p.y - center.y;
  const d = Math.hypot(dx, dy);
  if (d <= radius || d === 0) return { x: p.x, y: p.y };
  const k = radius / d;
  return { x: center.x + dx * k, y: center.y + dy * k };
}
