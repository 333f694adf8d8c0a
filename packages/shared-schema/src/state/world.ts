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
}, 'Territory');
export type Territory = SchemaType<typeof Territory>;

/**
 * An online player's avatar. Avatars are only sent to clients whose view holds
 * them (interest management: a client sees the avatars of its own region).
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

/** The shared world map room's state. */
export const WorldState = schema({
  regions: t.map(Region),
  territories: t.map(Territory),
  avatars: t.map(Avatar).view(),
}, 'WorldState');
export type WorldState = SchemaType<typeof WorldState>;
