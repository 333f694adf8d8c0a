/**
 * Axial hex-grid math for the territory map (pointy-top hexes).
 * Coordinates are axial `{q, r}`; the implied cube coordinate is s = −q − r.
 */

/** An axial hex coordinate. */
export interface Hex {
  q: number;
  r: number;
}

/** A point in pixel space. */
export interface PixelPoint {
  x: number;
  y: number;
}

/** The six axial directions, clockwise from east. */
export const HEX_DIRECTIONS: readonly Hex[] = [
  { q: 1, r: 0 },
  { q: 1, r: -1 },
  { q: 0, r: -1 },
  { q: -1, r: 0 },
  { q: -1, r: 1 },
  { q: 0, r: 1 },
];

/** −0 → 0, so coordinates compare and print cleanly. */
const clean = (n: number): number => (n === 0 ? 0 : n);

/**
 * Number of steps between two hexes.
 * @example hexDistance({ q: 0, r: 0 }, { q: 2, r: -1 }) // 2
 */
export function hexDistance(a: Hex, b: Hex): number {
  const dq = a.q - b.q;
  const dr = a.r - b.r;
  return (Math.abs(dq) + Math.abs(dr) + Math.abs(dq + dr)) / 2;
}

/** The six neighbours of a hex, in {@link HEX_DIRECTIONS} order. */
export function hexNeighbors(h: Hex): Hex[] {
  return HEX_DIRECTIONS.map((d) => ({ q: h.q + d.q, r: h.r + d.r }));
}

/** True if two hexes share an edge (distance exactly 1). */
export function areAdjacent(a: Hex, b: Hex): boolean {
  return hexDistance(a, b) === 1;
}

/** True if two hexes are the same cell. */
export function hexEquals(a: Hex, b: Hex): boolean {
  return a.q === b.q && a.r === b.r;
}

/**
 * Centre of a pointy-top hex in pixels, for hexes of circumradius `size`.
 * x = size·√3·(q + r/2), y = size·3/2·r.
 */
export function hexToPixel(h: Hex, size: number): PixelPoint {
  return {
    x: clean(size * Math.sqrt(3) * (h.q + h.r / 2)),
    y: clean(size * 1.5 * h.r),
  };
}

/**
 * Rounds fractional axial coordinates to the nearest hex (cube rounding: round all three
 * cube coordinates, then fix the one with the largest rounding error).
 */
export function hexRound(h: Hex): Hex {
  const s = -h.q - h.r;
  let rq = Math.round(h.q);
  let rr = Math.round(h.r);
  const rs = Math.round(s);
  const dq = Math.abs(rq - h.q);
  const dr = Math.abs(rr - h.r);
  const ds = Math.abs(rs - s);
  if (dq > dr && dq > ds) rq = -rr - rs;
  else if (dr > ds) rr = -rq - rs;
  return { q: clean(rq), r: clean(rr) };
}

/** The hex containing a pixel (inverse of {@link hexToPixel}). */
export function pixelToHex(p: PixelPoint, size: number): Hex {
  const q = ((Math.sqrt(3) / 3) * p.x - p.y / 3) / size;
  const r = ((2 / 3) * p.y) / size;
  return hexRound({ q, r });
}

/** All hexes within `radius` steps of `center` (a disc of 3·r·(r+1)+1 cells), ordered by ring. */
export function hexesWithin(center: Hex, radius: number): Hex[] {
  const out: Hex[] = [];
  for (let k = 0; k <= radius; k++) out.push(...hexRing(center, k));
  return out;
}

/** The hexes exactly `radius` steps from `center` (6·radius cells; the centre for 0). */
export function hexRing(center: Hex, radius: number): Hex[] {
  if (radius === 0) return [{ q: center.q, r: center.r }];
  const out: Hex[] = [];
  let h: Hex = { q: center.q + HEX_DIRECTIONS[4].q * radius, r: center.r + HEX_DIRECTIONS[4].r * radius };
  for (let side = 0; side < 6; side++) {
    for (let step = 0; step < radius; step++) {
      out.push(h);
      h = { q: h.q + HEX_DIRECTIONS[side].q, r: h.r + HEX_DIRECTIONS[side].r };
    }
  }
  return out;
}

/** A stable string key for a hex, e.g. for Maps: '3,-2'. */
export function hexKey(h: Hex): string {
  return `${h.q},${h.r}`;
}
