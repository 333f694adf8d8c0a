import { loadWorld, type Db, type StoredTerritory } from '@datavism/db';
import { hexDistance } from '@datavism/rules';
import { Region, Territory } from '@datavism/shared-schema';

/** Any room state holding the map: the map rooms' (and the old world room's). */
interface State {
  regions: { set(id: string, region: InstanceType<typeof Region>): unknown };
  territories: Map<string, InstanceType<typeof Territory>> | {
    get(id: string): InstanceType<typeof Territory> | undefined;
    set(id: string, t: InstanceType<typeof Territory>): unknown;
    has(id: string): boolean;
    values(): IterableIterator<InstanceType<typeof Territory>>;
    keys(): IterableIterator<string>;
  };
}

/** Fill a world room's state with the persisted regions and territories. */
export async function loadWorldState(db: Db, state: State): Promise<void> {
  const world = await mustLoadWorld(db);
  for (const r of world.regions) {
    const region = new Region();
    region.id = r.id;
    region.name = r.name;
    state.regions.set(String(r.id), region);
  }
  applyTerritories(state, world.territories);
}

/** Territories to refresh after a change elsewhere (a job, another process): some ids, or all. */
export async function reloadTerritories(db: Db, ids: string[] | 'all'): Promise<StoredTerritory[]> {
  const world = await mustLoadWorld(db);
  if (ids === 'all') return world.territories;
  const wanted = new Set(ids);
  return world.territories.filter((t) => wanted.has(t.id));
}

/** Copy territory rows into the synced state, touching only fields that changed. */
export function applyTerritories(state: State, rows: readonly StoredTerritory[]): void {
  for (const row of rows) {
    let t = state.territories.get(row.id);
    if (!t) {
      t = new Territory();
      t.id = row.id;
      t.q = row.q;
      t.r = row.r;
      t.regionId = row.regionId;
      t.name = row.name;
      t.terrain = row.terrain;
      t.yieldResource = row.yieldResource;
      t.yieldPerHour = row.yieldPerHour;
      t.restricted = row.restricted;
      state.territories.set(row.id, t);
    }
    const holder = row.holderSquadId ?? '';
    const holderName = row.holderName ?? '';
    if (t.status !== row.status) t.status = row.status;
    if (t.holder !== holder) t.holder = holder;
    if (t.holderName !== holderName) t.holderName = holderName;
    if (t.garrison !== row.garrison) t.garrison = row.garrison;
    if (t.garrisonMax !== row.garrisonMax) t.garrisonMax = row.garrisonMax;
  }
}

/**
 * Where a player without a deployment starts: the neutral territory nearest the map's centre. Never
 * a restricted one (a liberated restricted territory can revert to neutral): a new player holds no
 * liberation_key, and the spawn must be a free deployment near winnable targets (GAME §3.1).
 */
export function spawnTerritoryId(state: State): string {
  return spawnTerritory(state.territories.values());
}

/** {@link spawnTerritoryId} over any territories (map state or database rows). */
export function spawnTerritory(territories: Iterable<{ id: string; q: number; r: number; status: string; restricted?: boolean }>): string {
  let best: { id: string; d: number } | null = null;
  let first: string | null = null;
  for (const t of territories) {
    first ??= t.id;
    if (t.status !== 'neutral' || t.restricted) continue;
    const d = hexDistance(t, { q: 0, r: 0 });
    if (!best || d < best.d || (d === best.d && t.id < best.id)) best = { id: t.id, d };
  }
  if (best) return best.id;
  if (first === null) throw new Error('the world has no territories');
  return first;
}

async function mustLoadWorld(db: Db) {
  const world = await loadWorld(db);
  if (!world) throw new Error('no world in the database: the server generates it at first start');
  return world;
}
