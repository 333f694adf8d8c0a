/**
 * Squad colours: ten resistance hues (no reds, oranges or yellows: those are the AC's, sieges'
 * and my avatar's), handed out so that squads on the map never share one while there are at
 * most ten of them. Each squad has a preferred slot (a hash of its id) and takes the next free
 * one if a squad sorting before it holds that slot — stable as long as the squads on the map
 * stay the same, distinct always.
 */
import { worldStore } from './worldStore';
import type { TerritoryView } from './worldTypes';

/** Ordered so that the first slots differ most. */
export const SQUAD_PALETTE = [
  '#22e0b8', // teal
  '#a064ff', // violet
  '#9be15d', // lime
  '#3d8bff', // blue
  '#e055e8', // magenta
  '#3ddc84', // green
  '#1fc8f0', // cyan
  '#7070ff', // indigo
  '#ff6fd8', // pink
  '#8fdcff', // sky
] as const;

/** 32-bit FNV-1a hash of a string. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The slot a squad prefers. */
export function preferredSlot(squadId: string): number {
  return fnv1a(squadId) % SQUAD_PALETTE.length;
}

/** Colours for a set of squads: distinct for up to ten, each in its preferred slot if free. */
export function assignSquadColours(squadIds: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set<number>();
  for (const id of [...new Set(squadIds)].sort()) {
    let slot = preferredSlot(id);
    for (let k = 0; k < SQUAD_PALETTE.length && taken.has(slot); k++) slot = (slot + 1) % SQUAD_PALETTE.length;
    taken.add(slot);
    if (taken.size >= SQUAD_PALETTE.length) taken.clear(); // more than ten: start sharing
    out.set(id, SQUAD_PALETTE[slot]);
  }
  return out;
}

let assignedFor: ReadonlyMap<string, TerritoryView> | null = null;
let assigned = new Map<string, string>();

/** A squad's colour on the current map (falls back to its preferred slot when not on it). */
export function squadColour(squadId: string): string {
  const territories = worldStore.getState().territories;
  if (territories !== assignedFor) {
    const holders = new Set<string>();
    for (const t of territories.values()) if (t.holder) holders.add(t.holder);
    assigned = assignSquadColours(holders);
    assignedFor = territories;
  }
  return assigned.get(squadId) ?? SQUAD_PALETTE[preferredSlot(squadId)];
}
