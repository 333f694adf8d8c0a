/**
 * The map camera as the rest of the client sees it: where it looks, how far it is, what the
 * pointer hovers, which map mode is on, and fly-to requests the camera rig carries out.
 * Framework-free zustand vanilla store; the R3F camera rig is its only writer of `view`.
 */
import { createStore } from 'zustand/vanilla';

export type MapMode = 'control' | 'terrain';
export type ZoomTier = 'strategic' | 'operational' | 'tactical';

export interface Flight {
  x: number;
  z: number;
  distance: number;
  /** Jump without animation (first framing, shared links). */
  instant: boolean;
  seq: number;
}

export interface MapViewState {
  /** Ground point the camera looks at (layout x, layout y as world z) and its distance. */
  target: { x: number; z: number };
  distance: number;
  /** The view's footprint on the ground (4 corners), for the minimap. */
  footprint: ReadonlyArray<{ x: number; z: number }> | null;
  /** The largest zoom-out: the whole world fits. */
  maxDistance: number;
  mode: MapMode;
  flight: Flight | null;
  /** The hovered territory and the pointer's position in the canvas (px). */
  hover: { id: string; sx: number; sy: number } | null;
  /** True once the camera has been framed (on the hash, my avatar or the whole map). */
  framed: boolean;
}

export const mapViewStore = createStore<MapViewState>()(() => ({
  target: { x: 0, z: 0 }, distance: 30, footprint: null, maxDistance: 600, mode: 'control', flight: null, hover: null, framed: false,
}));

let flightSeq = 0;

/** Asks the camera to fly to ground point (x, z) at `distance` (keeps the current one if absent). */
export function flyTo(x: number, z: number, distance?: number, instant = false): void {
  const s = mapViewStore.getState();
  const d = clampDistance(distance ?? s.distance, s.maxDistance);
  mapViewStore.setState({ flight: { x, z, distance: d, instant, seq: ++flightSeq } });
}

/** Zooms by a factor around the current target (0.5 = twice as close). */
export function zoomBy(factor: number): void {
  const s = mapViewStore.getState();
  flyTo(s.target.x, s.target.z, s.distance * factor);
}

export function setMapMode(mode: MapMode): void {
  mapViewStore.setState({ mode });
}

export const MIN_DISTANCE = 4;

export function clampDistance(d: number, max: number): number {
  return Math.min(max, Math.max(MIN_DISTANCE, d));
}

/** Strategic: the world or many regions; operational: one region; tactical: a few hexes and avatars. */
export function zoomTier(distance: number): ZoomTier {
  if (distance > 70) return 'strategic';
  if (distance > 22) return 'operational';
  return 'tactical';
}

/** Camera distance that shows a square `extent` units across with a 45° field of view. */
export function distanceForExtent(extent: number): number {
  return Math.max(MIN_DISTANCE, extent * 1.5);
}

/** A shared map position: the hex at the view's centre and the zoom (camera distance). */
export interface MapHash { q: number; r: number; zoom: number }

/** Parses `#q,r,zoom` (zoom optional); null when the hash is something else. */
export function parseMapHash(hash: string): MapHash | null {
  const m = /^#?(-?\d{1,5}),(-?\d{1,5})(?:,(\d{1,4}(?:\.\d+)?))?$/.exec(hash.trim());
  if (!m) return null;
  const zoom = m[3] === undefined ? 18 : Number(m[3]);
  return { q: Number(m[1]), r: Number(m[2]), zoom: Math.max(MIN_DISTANCE, zoom) };
}

/** `#q,r,zoom` with the zoom rounded to whole units. */
export function formatMapHash(h: MapHash): string {
  return `#${h.q},${h.r},${Math.round(h.zoom)}`;
}
