/**
 * The seeded world generator (GAME §3.1) and the small map rules that go with it:
 * garrison regrowth (§3.4) and travel time (§3.1).
 */

import { GameError } from './errors';
import { hexDistance, HEX_DIRECTIONS, hexesWithin, type Hex } from './hex';
import { DEFAULT_COMBAT_RATING_BASE } from './reputation';
import { HOLDING_DEFENCE_MULTIPLIER } from './siege';
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
  /**
   * GAME §4.5: a restricted territory (the generator marks ~5 % of occupied datacenters and
   * network hubs): its garrison is ×2, its yield ×3 (both already in `garrison`, `garrisonMax`
   * and `yieldPerHour`), and deploying to it costs one liberation_key. A static flag.
   */
  restricted: boolean;
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

/**
 * GAME §3.1 "winnable from the start": the combined combat rating of four new players
 * (4 × the base rating 10 at influence 0).
 */
export const NEW_SQUAD_STRENGTH = 4 * DEFAULT_COMBAT_RATING_BASE;
/** How far from a starting area (a neutral territory) its winnable targets lie, in hexes. */
export const STARTING_REACH = 2;
/** Occupied territories within {@link STARTING_REACH} of every starting area that a new squad can take. */
export const WINNABLE_TARGETS_PER_START = 3;
/**
 * The strongest garrison (in tens, like every garrison) a new squad beats:
 * 30 × 1.3 = 39 < 40, while 40 × 1.3 = 52 is not.
 */
export const OUTPOST_GARRISON =
  (Math.ceil(NEW_SQUAD_STRENGTH / HOLDING_DEFENCE_MULTIPLIER / 10) - 1) * 10;
/**
 * AC garrisons grow with hex distance from the nearest starting area (GAME §3.1): an occupied
 * territory's maximum is its terrain roll × this percentage, by distance 1, 2, 3, and 4 or more.
 */
export const GARRISON_DISTANCE_PERCENT: readonly number[] = [40, 65, 85, 100];

/** The percentage of the terrain roll an AC garrison keeps at `distance` hexes from a starting area. */
export function garrisonDistancePercent(distance: number): number {
  const table = GARRISON_DISTANCE_PERCENT;
  return table[Math.min(table.length, Math.max(1, distance)) - 1];
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
 * Hex distance (along the map) from each territory to the nearest neutral one — the starting
 * areas of GAME §3.1 — by a multi-source breadth-first search: 0 for a neutral territory,
 * `Infinity` when the map has no neutral territory at all.
 */
export function startingDistances(territories: readonly Pick<Territory, 'q' | 'r' | 'status'>[]): number[] {
  const index = new Map<number, number>();
  territories.forEach((t, i) => index.set(pack(t.q, t.r), i));
  const distance = territories.map((t) => (t.status === 'neutral' ? 0 : Infinity));
  const queue: number[] = [];
  distance.forEach((d, i) => { if (d === 0) queue.push(i); });
  for (let head = 0; head < queue.length; head++) {
    const i = queue[head];
    for (const dir of HEX_DIRECTIONS) {
      const j = index.get(pack(territories[i].q + dir.q, territories[i].r + dir.r));
      if (j !== undefined && distance[j] === Infinity) {
        distance[j] = distance[i] + 1;
        queue.push(j);
      }
    }
  }
  return distance;
}

/**
 * The occupied territories within {@link STARTING_REACH} hexes of a starting area whose garrison
 * a new squad beats (garrison × 1.3 below {@link NEW_SQUAD_STRENGTH}).
 */
export function winnableTargetsNear(start: Hex, byHex: ReadonlyMap<string, Pick<Territory, 'status' | 'garrison'>>): number {
  let n = 0;
  for (const h of hexesWithin(start, STARTING_REACH)) {
    const t = byHex.get(`${h.q},${h.r}`);
    if (t && t.status === 'occupied' && t.garrison * HOLDING_DEFENCE_MULTIPLIER < NEW_SQUAD_STRENGTH) n++;
  }
  return n;
}

/**
 * GAME §3.1 on a freshly generated map (in place): each occupied territory's garrison is its
 * terrain roll scaled by its distance from the nearest starting area
 * ({@link GARRISON_DISTANCE_PERCENT}, rounded to tens, at least 10); then every starting area
 * that has fewer than 3 occupied territories within 2 hexes that a new squad beats gets its
 * nearest, weakest ones (distance, then garrison, then id) cut down to an outpost of
 * {@link OUTPOST_GARRISON}. A starting area with fewer than 3 occupied territories in reach at
 * all (a neutral cluster, the map's edge) keeps what it has. No randomness: the rest of the
 * world is the same as without it.
 */
function shapeGarrisons(territories: Territory[]): void {
  const distance = startingDistances(territories);
  territories.forEach((t, i) => {
    if (t.status !== 'occupied') return;
    const scaled = Math.max(10, Math.round((t.garrisonMax * garrisonDistancePercent(distance[i])) / 1000) * 10);
    t.garrisonMax = scaled;
    t.garrison = scaled;
  });
  const byHex = new Map(territories.map((t) => [`${t.q},${t.r}`, t]));
  for (const start of territories) {
    if (start.status !== 'neutral') continue;
    let missing = WINNABLE_TARGETS_PER_START - winnableTargetsNear(start, byHex);
    if (missing <= 0) continue;
    const candidates = hexesWithin(start, STARTING_REACH)
      .map((h) => byHex.get(`${h.q},${h.r}`))
      .filter((t): t is Territory => t !== undefined && t.status === 'occupied' && t.garrison > OUTPOST_GARRISON)
      .sort((a, b) => hexDistance(a, start) - hexDistance(b, start) || a.garrison - b.garrison || (a.id < b.id ? -1 : 1));
    for (const t of candidates) {
      if (missing-- <= 0) break;
      t.garrisonMax = OUTPOST_GARRISON;
      t.garrison = OUTPOST_GARRISON;
    }
  }
}

/**
 * Generates a deterministic world: a contiguous blob of hex territories split into contiguous
 * regions (graph-Voronoi around spread-out centres), with seeded terrain (each region leans to
 * a dominant terrain), syllable names, round(15 %) neutral territories — the starting areas —
 * and the rest occupied by the AC at full garrison, garrisons growing with distance from the
 * starting areas and at least 3 winnable targets near each (GAME §3.1, `shapeGarrisons`).
 * Nothing is liberated at start. Same options → identical world.
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
      restricted: false,
    };
  });
  territories.sort((a, b) => a.r - b.r || a.q - b.q);
  shapeGarrisons(territories);
  markRestricted(territories, opts.seed);
  return { seed: opts.seed, regions, territories };
}

/** GAME §4.5: the terrains of which the generator marks some occupied territories restricted. */
export const RESTRICTED_TERRAINS: readonly Terrain[] = ['datacenter', 'network_hub'];
/** GAME §4.5 "~5 %": the share of occupied datacenters and network hubs marked restricted, in basis points. */
export const RESTRICTED_SHARE_BPS = 500;
/** GAME §4.5: a restricted territory's AC garrison is ×2 (its maximum too, so regrowth keeps it). */
export const RESTRICTED_GARRISON_MULTIPLIER = 2;
/** GAME §4.5: a restricted territory's hourly yield is ×3. */
export const RESTRICTED_YIELD_MULTIPLIER = 3;
/** GAME §4.5: liberation_keys burned by a deployment to a restricted territory. */
export const RESTRICTED_DEPLOY_KEYS = 1n;

const HASH_MOD = 2 ** 31;
const HASH_OFFSET = 1 << 20;

/**
 * The order in which a world's restricted territories are picked: a hash of the world seed and
 * the hex in [0, 2^31), computed in exact integers (every product stays below 2^53) so that the
 * migration `0028_restricted_territories.sql` computes the very same number in SQL bigints:
 * h = (q' × 92821 + r' × 68917 + seed mod 2^31) mod 2^31 with q' = q + 2^20, r' = r + 2^20, then
 * h ^= h >> 16; h = (h × 2246822 + 374761) mod 2^31; h ^= h >> 13; h = (h × 3266489) mod 2^31;
 * h ^= h >> 16.
 * @example restrictedRank(1, 0, 0) // the same in `0028_restricted_territories.sql`
 */
export function restrictedRank(seed: number, q: number, r: number): number {
  const s = ((seed % HASH_MOD) + HASH_MOD) % HASH_MOD;
  let h = ((q + HASH_OFFSET) * 92821 + (r + HASH_OFFSET) * 68917 + s) % HASH_MOD;
  h ^= h >>> 16;
  h = (h * 2246822 + 374761) % HASH_MOD;
  h ^= h >>> 13;
  h = (h * 3266489) % HASH_MOD;
  h ^= h >>> 16;
  return h;
}

/** How many of `eligible` occupied datacenters and network hubs are restricted: round(5 %). */
export function restrictedCount(occupiedDatacentersAndHubs: number): number {
  return Math.round((occupiedDatacentersAndHubs * RESTRICTED_SHARE_BPS) / 10000);
}

/**
 * GAME §4.5 on a freshly generated, garrison-shaped map (in place): of the occupied datacenters
 * and network hubs (n of them), round(5 % × n) are marked restricted — those of lowest
 * {@link restrictedRank} (then id), skipping the outposts kept winnable for new squads near the
 * starting areas (garrison ≤ {@link OUTPOST_GARRISON}, GAME §3.1), so doubling never takes a
 * starting area's winnable targets away. A restricted territory's garrison and maximum are ×2,
 * its yield ×3. No randomness drawn: the rest of the world is the same as without it.
 */
function markRestricted(territories: Territory[], seed: number): void {
  const pool = territories.filter((t) => t.status === 'occupied' && RESTRICTED_TERRAINS.includes(t.terrain));
  const wanted = restrictedCount(pool.length);
  const ranked = pool
    .filter((t) => t.garrisonMax > OUTPOST_GARRISON)
    .map((t) => ({ t, rank: restrictedRank(seed, t.q, t.r) }))
    .sort((a, b) => a.rank - b.rank || (a.t.id < b.t.id ? -1 : a.t.id > b.t.id ? 1 : 0));
  for (const { t } of ranked.slice(0, wanted)) {
    t.restricted = true;
    t.garrison *= RESTRICTED_GARRISON_MULTIPLIER;
    t.garrisonMax *= RESTRICTED_GARRISON_MULTIPLIER;
    t.yieldPerHour *= RESTRICTED_YIELD_MULTIPLIER;
  }
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
