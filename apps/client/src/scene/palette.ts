/**
 * Colours of the map. Pure functions returning CSS colour strings (sRGB) so the
 * legend (CSS) and the scene (three.js) agree.
 */

export const STATUS_COLORS = {
  occupied: '#7a1518',
  neutral: '#9aa3ad',
  contested: '#ff8c1a',
  /** Liberated without a holder id (should not happen): a generic green. */
  liberated: '#2e9e5b',
} as const;

export const CONTESTED_DIM = '#b8540a';
export const UNKNOWN_STATUS_COLOR = '#c9ced4';
export const MY_AVATAR_COLOR = '#ffe100';
export const OTHER_AVATAR_COLOR = '#283593';
export const BACKGROUND_COLOR = '#e9eef2';
export const GROUND_COLOR = '#d5dde4';
export const SELECTION_COLOR = '#ffffff';

/** 32-bit FNV-1a hash of a string. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A stable colour for a squad id. Hues avoid the reds and oranges of `occupied` and
 * `contested` and the yellow of my avatar (they fall in 90°–320°).
 */
export function squadHsl(squadId: string): { h: number; s: number; l: number } {
  const hash = fnv1a(squadId);
  const h = 90 + (hash % 230);
  const s = 0.55 + ((hash >>> 8) % 20) / 100;
  const l = 0.42 + ((hash >>> 16) % 14) / 100;
  return { h, s, l };
}

/** CSS colour of a squad id. */
export function squadCss(squadId: string): string {
  const { h, s, l } = squadHsl(squadId);
  return `hsl(${h}, ${Math.round(s * 100)}%, ${Math.round(l * 100)}%)`;
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
    return 0.2 + 0.5 * f;
  }
  if (status === 'contested') return 0.35;
  if (status === 'liberated') return 0.25;
  return 0.15;
}
