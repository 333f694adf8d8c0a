import { squadColour } from '../state/squadColours';

export { fnv1a } from '../state/squadColours';

/**
 * Colours of the map. Pure functions returning CSS colour strings (sRGB) so the legend (CSS),
 * the minimap (2D canvas) and the scene (three.js) agree. The occupier is a cold crimson, the
 * resistance's squads take cool, saturated hues (teal to violet), contested ground is amber.
 */

export const STATUS_COLORS = {
  occupied: '#a1182c',
  neutral: '#4d5b6e',
  contested: '#ffb224',
  /** Liberated without a holder id (should not happen): the resistance's teal. */
  liberated: '#22e0b8',
} as const;

export const CONTESTED_DIM = '#9a5a00';
/** A territory the AC is taking back (GAME §3.5): the occupier's cold red, brighter than its held ground. */
export const AC_COUNTER_SIEGE_COLOR = '#d4203f';
export const UNKNOWN_STATUS_COLOR = '#6b7788';
export const MY_AVATAR_COLOR = '#fff3b0';
export const OTHER_AVATAR_COLOR = '#4cb8ff';
export const BACKGROUND_COLOR = '#04070c';
export const GROUND_COLOR = '#070b12';
export const SELECTION_COLOR = '#f4f8fb';
export const HOVER_COLOR = '#7fdcff';
export const BEACON_COLOR = '#ffd166';
/** A restricted territory's gold key band (GAME §4.5; the shader's RESTRICTED_GLSL). */
export const RESTRICTED_COLOR = '#ffc238';
export const REGION_BORDER_COLOR = '#9fb6d0';

/** The five terrains, in the shader's index order (GAME §3.1). */
export const TERRAINS = ['urban', 'industrial', 'datacenter', 'wasteland', 'network_hub'] as const;
export type TerrainName = (typeof TERRAINS)[number];

/** Terrain colours of the "terrain" map mode and the legend's icons. */
export const TERRAIN_COLORS: Readonly<Record<TerrainName, string>> = {
  urban: '#8f9bb0',
  industrial: '#c07a32',
  datacenter: '#3f8cff',
  wasteland: '#7a6448',
  network_hub: '#a45ee0',
};

/** What each terrain yields and looks like, for the legend and the territory card. */
export const TERRAIN_INFO: Readonly<Record<TerrainName, { label: string; look: string }>> = {
  urban: { label: 'Urban', look: 'city blocks and towers' },
  industrial: { label: 'Industrial', look: 'hazard stripes and chimneys' },
  datacenter: { label: 'Datacenter', look: 'glowing server racks' },
  wasteland: { label: 'Wasteland', look: 'cracked, empty ground' },
  network_hub: { label: 'Network hub', look: 'signal rings and a mast' },
};

/** Shader index of a terrain (unknown terrains draw as wasteland). */
export function terrainIndex(terrain: string): number {
  const i = (TERRAINS as readonly string[]).indexOf(terrain);
  return i < 0 ? 3 : i;
}

/** CSS colour of a squad: distinct among the squads on the map (state/squadColours). */
export function squadCss(squadId: string): string {
  return squadColour(squadId);
}

/** The base CSS colour of a territory by status and holder (contested pulses around it). */
export function territoryCss(status: string, holder: string): string {
  switch (status) {
    case 'occupied': return STATUS_COLORS.occupied;
    case 'neutral': return STATUS_COLORS.neutral;
    case 'contested': return STATUS_COLORS.contested;
    case 'liberated': return holder ? squadCss(holder) : STATUS_COLORS.liberated;
    default: return UNKNOWN_STATUS_COLOR;
  }
}

/** Pulse factor in [0, 1] for contested hexes at time `tSeconds` (about 1.2 Hz). */
export function contestedPulse(tSeconds: number): number {
  return 0.5 + 0.5 * Math.sin(tSeconds * Math.PI * 2.4);
}

/** Prism height of a territory: occupied hexes rise with their garrison strength. */
export function territoryHeight(status: string, garrison: number, garrisonMax: number): number {
  if (status === 'occupied') {
    const f = garrisonMax > 0 ? Math.min(1, Math.max(0, garrison / garrisonMax)) : 0.5;
    return 0.3 + 0.6 * f;
  }
  if (status === 'contested') return 0.4;
  if (status === 'liberated') return 0.28;
  return 0.18;
}

/** Human words for a status. */
export const STATUS_WORDS: Readonly<Record<string, string>> = {
  occupied: 'Occupied by the AC',
  neutral: 'Neutral',
  liberated: 'Liberated',
  contested: 'Contested',
};
