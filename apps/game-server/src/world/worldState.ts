import { loadWorld, type Db } from '@datavism/db';
import { hexDistance, type Territory as TerritoryRow } from '@datavism/rules';
import { Region, Territory, type WorldState } from '@datavism/shared-schema';

type State = InstanceType<typeof WorldState>;

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
export async function reloadTerritories(db: Db, ids: string[] | 'all'): Promise<TerritoryRow[]> {
  const world = await mustLoadWorld(db);
  if (ids === 'all') return world.territories;
  const wanted = new Set(ids);
  return world.territories.filter((t) => wanted.has(t.id));
}

/** Copy territory rows into the synced state, touching only fields that changed. */
export function applyTerritories(state: State, rows: readonly TerritoryRow[]): void {
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
      state.territories.set(row.id, t);
    }
    const holder = row.holderSquadId ?? '';
    if (t.status !== row.status) t.status = row.status;
    if (t.holder !== holder) t.holder = holder;
    if (t.garrison !== row.garrison) t.garrison = row.garrison;
    if (t.garrisonMax !== row.garrisonMax) t.garrisonMax = row.garrisonMax;
  }
}

/** Where a player without a deployment starts: the neutral territory nearest the map's centre. */
export function spawnTerritoryId(state: State): string {
  let best: { id: string; d: number } | null = null;
  for (const t of state.territories.values()) {
    if (t.status !== 'neutral') continue;
    const d = hexDistance(t, { q: 0, r: 0 });
    if (!best || d < best.d || (d === best.d && t.id < best.id)) best = { id: t.id, d };
  }
  if (best) return best.id;
  const first = state.territories.keys().next();
  if (first.done) throw new Error('the world has no territories');
  return first.value;
}

async function mustLoadWorld(db: Db) {
  const world = await loadWorld(db);
  if (!world) throw new Error('no world in the database: the server generates it at first start');
  return world;
}
