/**
 * Derived facts about the map that the scene, the minimap and the legend share: the hex at
 * (q, r), region centres and bounds, which edges of a hex border another region or holder,
 * and the squads on the map. Pure functions over the store's territories.
 */
import type { TerritoryView } from './worldTypes';

/** Axial neighbour offsets, in edge order: neighbour i lies at angle 60°·i on the layout plane. */
export const NEIGHBOURS: ReadonlyArray<readonly [number, number]> = [[1, 0], [0, 1], [-1, 1], [-1, 0], [0, -1], [1, -1]];

/**
 * A hex's key in coordinate maps: one integer (axial q and r each offset into 16 bits), so the
 * 60,000 neighbour look-ups of a 10,000-territory map hash numbers, not freshly built strings.
 */
export const coordKey = (q: number, r: number): number => (q + 32768) * 65536 + (r + 32768);

export interface RegionCentre {
  id: number;
  x: number;
  y: number;
  count: number;
}

export interface MapIndex {
  /** {@link coordKey} → territory id. */
  byCoord: ReadonlyMap<number, string>;
  regions: ReadonlyMap<number, RegionCentre>;
  bounds: { minX: number; maxX: number; minY: number; maxY: number };
  /** Region id → tint 0..3, different from its neighbours' where four tints allow. */
  regionTint: ReadonlyMap<number, number>;
}

/** Indexes a territory map (call again when ids change; statuses do not matter here). */
export function buildMapIndex(territories: ReadonlyMap<string, TerritoryView>): MapIndex {
  const byCoord = new Map<number, string>();
  const sums = new Map<number, RegionCentre>();
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (const t of territories.values()) {
    byCoord.set(coordKey(t.q, t.r), t.id);
    const c = sums.get(t.regionId) ?? { id: t.regionId, x: 0, y: 0, count: 0 };
    c.x += t.cx; c.y += t.cy; c.count++;
    sums.set(t.regionId, c);
    if (t.cx < minX) minX = t.cx;
    if (t.cx > maxX) maxX = t.cx;
    if (t.cy < minY) minY = t.cy;
    if (t.cy > maxY) maxY = t.cy;
  }
  for (const c of sums.values()) { c.x /= c.count; c.y /= c.count; }
  if (!Number.isFinite(minX)) { minX = maxX = minY = maxY = 0; }
  return { byCoord, regions: sums, bounds: { minX, maxX, minY, maxY }, regionTint: colourRegions(territories, byCoord) };
}

/**
 * Greedy colouring of the region adjacency graph with four tints (most-connected regions
 * first), so neighbouring regions differ on the strategic map; a region whose neighbours
 * already use all four takes the least used among them.
 */
export function colourRegions(territories: ReadonlyMap<string, TerritoryView>, byCoord: ReadonlyMap<number, string>): Map<number, number> {
  const adjacent = new Map<number, Set<number>>();
  for (const t of territories.values()) {
    if (!adjacent.has(t.regionId)) adjacent.set(t.regionId, new Set());
    for (const [dq, dr] of NEIGHBOURS) {
      const id = byCoord.get(coordKey(t.q + dq, t.r + dr));
      const n = id === undefined ? undefined : territories.get(id);
      if (n && n.regionId !== t.regionId) adjacent.get(t.regionId)!.add(n.regionId);
    }
  }
  const order = [...adjacent.keys()].sort((a, b) => adjacent.get(b)!.size - adjacent.get(a)!.size || a - b);
  const tint = new Map<number, number>();
  for (const region of order) {
    const used = [0, 0, 0, 0];
    for (const n of adjacent.get(region)!) {
      const c = tint.get(n);
      if (c !== undefined) used[c]++;
    }
    const free = used.indexOf(0);
    tint.set(region, free >= 0 ? free : used.indexOf(Math.min(...used)));
  }
  return tint;
}

/** The neighbour of `t` across edge `i`, if the map has one. */
export function neighbourOf(
  t: { q: number; r: number }, i: number, index: MapIndex, territories: ReadonlyMap<string, TerritoryView>,
): TerritoryView | undefined {
  const [dq, dr] = NEIGHBOURS[i];
  const id = index.byCoord.get(coordKey(t.q + dq, t.r + dr));
  return id === undefined ? undefined : territories.get(id);
}

/**
 * A 6-bit mask of the edges of `t` where its holding squad's ground ends (a neighbour held by
 * someone else, or no neighbour): the outline of a squad's territory. 0 for unheld territories.
 */
export function holderEdgeMask(t: TerritoryView, index: MapIndex, territories: ReadonlyMap<string, TerritoryView>): number {
  if (!t.holder) return 0;
  let mask = 0;
  for (let i = 0; i < 6; i++) {
    const n = neighbourOf(t, i, index, territories);
    if (!n || n.holder !== t.holder) mask |= 1 << i;
  }
  return mask;
}

/** One line segment on the layout plane at height `h`. */
export interface BorderSegment { x1: number; y1: number; x2: number; y2: number; h: number }

const SQRT3_2 = Math.sqrt(3) / 2;

/** Corner `k` (0..5) of a pointy-top hex of circumradius 1, at angle 60°·k − 30° (k = 2 points up). */
export function hexCorner(cx: number, cy: number, k: number, radius = 1): { x: number; y: number } {
  const a = (Math.PI / 180) * (60 * k - 30);
  return { x: cx + radius * Math.cos(a), y: cy + radius * Math.sin(a) };
}

/**
 * The region borders as segments (each shared edge once; the world's rim too), raised to the
 * taller of the two hexes so they stay visible. `height` gives a territory's prism height.
 */
export function regionBorderSegments(
  territories: ReadonlyMap<string, TerritoryView>, index: MapIndex, height: (t: TerritoryView) => number,
): BorderSegment[] {
  const out: BorderSegment[] = [];
  for (const t of territories.values()) {
    for (let i = 0; i < 6; i++) {
      const n = neighbourOf(t, i, index, territories);
      if (n && (n.regionId === t.regionId || n.id < t.id)) continue;
      // Edge i (towards angle 60°·i) runs between corners at 60°·i − 30° and 60°·i + 30°.
      const a = hexCorner(t.cx, t.cy, i);
      const b = hexCorner(t.cx, t.cy, i + 1);
      out.push({ x1: a.x, y1: a.y, x2: b.x, y2: b.y, h: Math.max(height(t), n ? height(n) : 0) + 0.03 });
    }
  }
  return out;
}

/** The squads holding territory, most territories first (the legend's squad list). */
export function squadsOnMap(territories: ReadonlyMap<string, TerritoryView>): Array<{ holder: string; name: string; count: number }> {
  const by = new Map<string, { holder: string; name: string; count: number }>();
  for (const t of territories.values()) {
    if (!t.holder) continue;
    const e = by.get(t.holder) ?? { holder: t.holder, name: t.holderName || 'Unnamed squad', count: 0 };
    e.count++;
    if (t.holderName) e.name = t.holderName;
    by.set(t.holder, e);
  }
  return [...by.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

/** Distance from a hex centre to an edge's middle for circumradius 1. */
export const INRADIUS = SQRT3_2;
