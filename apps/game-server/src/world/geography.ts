import { loadWorld, type Db } from '@datavism/db';
import { hexDistance, hexToPixel } from '@datavism/rules';

/** Where a territory is: what never changes after the world is generated. */
export interface Place {
  id: string;
  q: number;
  r: number;
  regionId: number;
}

/**
 * The world's fixed geography (territory coordinates and regions), loaded once per process and
 * shared by its region rooms: a deploy is checked against any territory of the world, and a
 * new avatar stands at its territory's centre.
 */
export class Geography {
  private constructor(readonly places: ReadonlyMap<string, Place>, readonly regionIds: ReadonlySet<number>) {}

  static async load(db: Db): Promise<Geography> {
    const world = await loadWorld(db);
    if (!world) throw new Error('no world in the database: the server generates it at first start');
    const places = new Map<string, Place>();
    for (const t of world.territories) places.set(t.id, { id: t.id, q: t.q, r: t.r, regionId: t.regionId });
    return new Geography(places, new Set(world.regions.map((r) => r.id)));
  }

  place(territoryId: string): Place | undefined {
    return this.places.get(territoryId);
  }

  centre(territoryId: string): { x: number; y: number } {
    return hexToPixel(this.places.get(territoryId)!, 1);
  }

  distance(a: string, b: string): number {
    return hexDistance(this.places.get(a)!, this.places.get(b)!);
  }
}

const cache = new WeakMap<Db, Promise<Geography>>();

/** The process's geography for this database (loaded on first use). */
export function geography(db: Db): Promise<Geography> {
  let g = cache.get(db);
  if (!g) {
    g = Geography.load(db);
    g.catch(() => cache.delete(db));
    cache.set(db, g);
  }
  return g;
}
