import { schema, t, type SchemaType } from '@colyseus/schema';

/** One hex territory as every client sees it (GAME §3.1). */
export const Territory = schema({
  id: t.string(),
  q: t.int16(),
  r: t.int16(),
  regionId: t.uint16(),
  name: t.string(),
  terrain: t.string(),
  /** occupied | neutral | liberated | contested */
  status: t.string(),
  /** Holding squad id, "" while the AC or nobody holds it. */
  holder: t.string(),
  garrison: t.uint32(),
  garrisonMax: t.uint32(),
  yieldResource: t.string(),
  yieldPerHour: t.uint32(),
  /** The holding squad's name, "" while the AC or nobody holds it: what players see as the owner. */
  holderName: t.string(),
  /**
   * GAME §4.5: deploying here costs one liberation_key (garrison ×2 and yield ×3 are already in
   * the numbers above). Static: sent once with the territory, never patched.
   */
  restricted: t.boolean(),
}, 'Territory');
export type Territory = SchemaType<typeof Territory>;

/**
 * An online player's avatar, in the `region` room of the region it is deployed in (a client
 * sees the avatars of its own region: it is in that region's room).
 */
export const Avatar = schema({
  id: t.string(),
  name: t.string(),
  rank: t.string(),
  territoryId: t.string(),
  regionId: t.uint16(),
  /** World position (hex layout units), clamped by the server to the territory. */
  x: t.float32(),
  y: t.float32(),
  /** Last movement input sequence the server applied: a client measures input→echo with it. */
  seq: t.uint32(),
  /** Epoch ms when the current deployment's travel ends; 0 when arrived. */
  arrivesAt: t.float64(),
}, 'Avatar');
export type Avatar = SchemaType<typeof Avatar>;

export const Region = schema({
  id: t.uint16(),
  name: t.string(),
}, 'Region');
export type Region = SchemaType<typeof Region>;

/**
 * The shared map, for everyone (GAME §3.1): regions and every territory's status, holder and
 * garrison. Served by `map` rooms (several, over the processes); avatars are not here.
 */
export const WorldMapState = schema({
  regions: t.map(Region),
  territories: t.map(Territory),
}, 'WorldMapState');
export type WorldMapState = SchemaType<typeof WorldMapState>;

/**
 * One region's live avatars: the `region` room of that region (one per region, spread over the
 * processes). A client is in the room of the region it is deployed in.
 */
export const RegionState = schema({
  regionId: t.uint16(),
  avatars: t.map(Avatar),
}, 'RegionState');
export type RegionState = SchemaType<typeof RegionState>;
