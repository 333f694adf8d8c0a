/**
 * The seeded world generator (GAME §3.1) and the small map rules that go with it:
 * garrison regrowth (§3.4) and travel time (§3.1).
 */

import { GameError } from './errors';
import { hexDistance, HEX_DIRECTIONS, type Hex } from './hex';
import { regionName, territoryName, uniqueName } from './names';
import { createRng, type Rng } from './random';
import type { Resource } from './resources';

/** Terrain kinds. */
export const TERRAINS = ['urban', 'industrial', 'datacenter', 'wasteland', 'network_hub'] as const;
/** A terrain kind. */
export type Terrain = (typeof TERRAINS)[number];

/**
 * Hourly yield by terrain, in the resource's smallest unit. Only resources whose
 * "comes from" column in GAME §4 lists territory income are yielded (resistance_credits,
 * cpu_cycles, data_credits); liberation_keys and soul-bound resources are not.
 */
export const TERRAIN_YIELDS: Readonly<Record<Terrain, { resource: Resource; perHour: number }>> = {
  urban: { resource: 'resistance_credits', perHour: 50 },
  industrial: { resource: 'cpu_cycles', perHour: 20 },
  datacenter: { resource: 'cpu_cycles', perHour: 60 },
  wasteland: { resource: 'resistance_credits', perHour: 10 },
  network_hub: { resource: 'data_credits', perHour: 15 },
};

/** AC garrison maximum by terrain (inclusive range, multiples of 10; overall 50..800). */
export const TERRAIN_GARRISON: Readonly<Record<Terrain, { min: number; max: number }>> = {
  wasteland: { min: 50, max: 150 },
  urban: { min: 150, max: 400 },
  industrial: { min: 200, max: 500 },
  network_hub: { min: 300, max: 650 },
  datacenter: { min: 400, max: 800 },
};

/** Relative frequency of each terrain. */
const TERRAIN_WEIGHTS: Readonly<Record<Terrain, number>> = {
  urban: 30,
  industrial: 20,
  datacenter: 12,
  wasteland: 28,
  network_hub: 10,
};

const TERRAIN_SUFFIXES: Readonly<Record<Terrain, readonly string[]>> = {
  urban: ['Sprawl', 'Blocks', 'Heights', 'Quarter', 'Arcade'],
  industrial: ['Works', 'Foundry', 'Yards', 'Refinery', 'Mills'],
  datacenter: ['Core', 'Vault', 'Array', 'Stacks', 'Farm'],
  wasteland: ['Wastes', 'Flats', 'Scar', 'Barrens', 'Dunes'],
  network_hub: ['Nexus', 'Relay', 'Junction', 'Spire', 'Node'],
};

/** Territory status (GAME §3.1). */
export type TerritoryStatus = 'occupied' | 'neutral' | 'liberated' | 'contested';

/** One hex of the map. */
export interface Territory {
  /** 't-<q>_<r>', e.g. 't-3_-2'. */
  id: string;
  q: number;
  r: number;
  regionId: number;
  name: string;
  terrain: Terrain;
  yieldResource: Resource;
  yieldPerHour: number;
  status: TerritoryStatus;
  holderSquadId: string | null;
  /** Current AC garrison strength (0 unless occupied). */
  garrison: number;
  /** The AC garrison's maximum on this territory (rolled for every territory). */
  garrisonMax: number;
}

/** A contiguous group of territories. */
export interface Region {
  /** 1-based. */
  id: number;
  name: string;
  /** The territory the region grew from. */
  center: Hex;
}

/** A generated world. */
export interface World {
  seed: number;
  regions: Region[];
  territories: Territory[];
}

/** Options of {@link generateWorld}. */
export interface GenerateWorldOptions {
  seed: number;
  /** @default 12 */
  regions?: number;
  /** @default 19 × regions (228 for the default 12 regions) */
  territories?: number;
}

/** Share of territories that start neutral, in basis points (15 %). */
export const NEUTRAL_SHARE_BPS = 1500;
/** Default number of regions. */
export const DEFAULT_REGIONS = 12;
/** Default territories per region. */
export const DEFAULT_TERRITORIES_PER_REGION = 19;
const MAX_TERRITORIES = 200_000;

/** The id of the territory at a hex: 't-<q>_<r>'. */
export function territoryId(h: Hex): string {
  return `t-${h.q}_${h.r}`;
}

// Packs a hex into one number for fast Map keys (|q|, |r| < 2^20 is far beyond any world).
const OFFSET = 1 << 20;
const pack = (q: number, r: number): number => (q + OFFSET) * 2 * OFFSET + (r + OFFSET);

/** Grows a contiguous blob of `count` hexes from the origin (random frontier growth). */
function growBlob(rng: Rng, count: number): Hex[] {
  const cells: Hex[] = [];
  const seen = new Set<number>([pack(0, 0)]);
  const frontier: Hex[] = [{ q: 0, r: 0 }];
  while (cells.length < count) {
    const i = rng.int(0, frontier.length - 1);
    const cell = frontier[i];
    frontier[i] = frontier[frontier.length - 1];
    frontier.pop();
    cells.push(cell);
    for (const d of HEX_DIRECTIONS) {
      const q = cell.q + d.q;
      const r = cell.r + d.r;
      const key = pack(q, r);
      if (!seen.has(key)) {
        seen.add(key);
        frontier.push({ q, r });
      }
    }
  }
  return cells;
}

/** Picks well-spread region centres: a random first one, then farthest-point sampling. */
function pickCenters(rng: Rng, cells: Hex[], count: number): number[] {
  const centers = [rng.int(0, cells.length - 1)];
  const minDist = cells.map((c) => hexDistance(c, cells[centers[0]]));
  while (centers.length < count) {
    let best = -1;
    for (let i = 0; i < cells.length; i++) if (best < 0 || minDist[i] > minDist[best]) best = i;
    centers.push(best);
    const c = cells[best];
    for (let i = 0; i < cells.length; i++) minDist[i] = Math.min(minDist[i], hexDistance(cells[i], c));
  }
  return centers;
}

/** Assigns every cell to a region by multi-source BFS over the map, so regions are contiguous. */
function assignRegions(cells: Hex[], centers: number[]): number[] {
  const index = new Map<number, number>();
  cells.forEach((c, i) => index.set(pack(c.q, c.r), i));
  const region = new Array<number>(cells.length).fill(0);
  const queue: number[] = [];
  centers.forEach((ci, k) => {
    region[ci] = k + 1;
    queue.push(ci);
  });
  for (let head = 0; head < queue.length; head++) {
    const i = queue[head];
    for (const d of HEX_DIRECTIONS) {
      const j = index.get(pack(cells[i].q + d.q, cells[i].r + d.r));
      if (j !== undefined && region[j] === 0) {
        region[j] = region[i];
        queue.push(j);
      }
    }
  }
  return region;
}

const LLOYD_STEPS = 4;

/** Moves each centre (in place) to its region's cell nearest the region's mean position. */
function recenter(cells: Hex[], regionOf: number[], centers: number[]): void {
  const sumQ = new Array<number>(centers.length).fill(0);
  const sumR = new Array<number>(centers.length).fill(0);
  const size = new Array<number>(centers.length).fill(0);
  regionOf.forEach((region, i) => {
    sumQ[region - 1] += cells[i].q;
    sumR[region - 1] += cells[i].r;
    size[region - 1]++;
  });
  const mean = centers.map((_, k) => ({ q: sumQ[k] / size[k], r: sumR[k] / size[k] }));
  const best = centers.map(() => Infinity);
  regionOf.forEach((region, i) => {
    const k = region - 1;
    const d = hexDistance(cells[i], mean[k]);
    if (d < best[k]) {
      best[k] = d;
      centers[k] = i;
    }
  });
}

/**
 * Generates a deterministic world: a contiguous blob of hex territories split into contiguous
 * regions (graph-Voronoi around spread-out centres), with seeded terrain (each region leans to
 * a dominant terrain), syllable names, round(15 %) neutral territories and the rest occupied
 * by the AC at full garrison. Nothing is liberated at start. Same options → identical world.
 *
 * @example generateWorld({ seed: 1 }).territories.length // 228
 */
export function generateWorld(opts: GenerateWorldOptions): World {
  const regionCount = opts.regions ?? DEFAULT_REGIONS;
  const count = opts.territories ?? DEFAULT_TERRITORIES_PER_REGION * regionCount;
  if (!Number.isInteger(regionCount) || regionCount < 1) {
    throw new GameError('BAD_REQUEST', `regions must be a positive integer, got ${regionCount}`);
  }
  if (!Number.isInteger(count) || count < regionCount || count > MAX_TERRITORIES) {
    throw new GameError('BAD_REQUEST', `territories must be an integer in ${regionCount}..${MAX_TERRITORIES}`);
  }
  const rng = createRng(opts.seed);
  const cells = growBlob(rng, count);
  const centers = pickCenters(rng, cells, regionCount);
  let regionOf = assignRegions(cells, centers);
  // Farthest-point centres hug the map's edge; four Lloyd steps pull them inwards so
  // regions come out closer in size.
  for (let step = 0; step < LLOYD_STEPS; step++) {
    recenter(cells, regionOf, centers);
    regionOf = assignRegions(cells, centers);
  }

  const regionNames = new Set<string>();
  const regions: Region[] = centers.map((ci, k) => ({
    id: k + 1,
    name: uniqueName(rng, regionNames, regionName),
    center: { q: cells[ci].q, r: cells[ci].r },
  }));
  const dominant = regions.map(() => rng.weighted(TERRAINS, (t) => TERRAIN_WEIGHTS[t]));

  const neutralCount = Math.round((count * NEUTRAL_SHARE_BPS) / 10000);
  const neutral = new Set(rng.shuffle(cells.map((_, i) => i)).slice(0, neutralCount));

  const names = new Set<string>();
  const territories: Territory[] = cells.map((cell, i) => {
    const regionId = regionOf[i];
    const terrain = rng.next() < 0.5 ? dominant[regionId - 1] : rng.weighted(TERRAINS, (t) => TERRAIN_WEIGHTS[t]);
    const g = TERRAIN_GARRISON[terrain];
    const garrisonMax = rng.int(g.min / 10, g.max / 10) * 10;
    const isNeutral = neutral.has(i);
    return {
      id: territoryId(cell),
      q: cell.q,
      r: cell.r,
      regionId,
      name: uniqueName(rng, names, (x) => territoryName(x, TERRAIN_SUFFIXES[terrain])),
      terrain,
      yieldResource: TERRAIN_YIELDS[terrain].resource,
      yieldPerHour: TERRAIN_YIELDS[terrain].perHour,
      status: isNeutral ? 'neutral' : 'occupied',
      holderSquadId: null,
      garrison: isNeutral ? 0 : garrisonMax,
      garrisonMax,
    };
  });
  territories.sort((a, b) => a.r - b.r || a.q - b.q);
  return { seed: opts.seed, regions, territories };
}

/** Hourly AC regrowth share of the maximum, in percent (GAME §3.4: 5 %). */
export const GARRISON_REGROWTH_PERCENT = 5;

/**
 * An AC garrison after one hourly regrowth: min(max, garrison + ceil(5 % of max)),
 * computed in integers.
 * @example regrowGarrison(100, 300) // 115
 * @example regrowGarrison(295, 300) // 300
 */
export function regrowGarrison(garrison: number, garrisonMax: number): number {
  if (garrison >= garrisonMax) return garrisonMax;
  const step = Math.ceil((garrisonMax * GARRISON_REGROWTH_PERCENT) / 100);
  return Math.min(garrisonMax, garrison + step);
}

/**
 * Seconds a deployment move takes: hex distance × seconds per hex
 * (registry `travel_seconds_per_hex`, default 2).
 * @example travelSeconds({ q: 0, r: 0 }, { q: 3, r: -1 }, 2) // 6
 */
export function travelSeconds(from: Hex, to: Hex, secondsPerHex: number): number {
  return hexDistance(from, to) * secondsPerHex;
}
