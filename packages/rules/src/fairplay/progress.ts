/**
 * Impossible progress (GAME §9): XP per game hour above the registry's cap
 * (`fairplay_xp_per_hour_cap`, default 5000). The job compares each player's XP with the mark it
 * left at its previous run; gains over a window shorter than an hour count as that hour's (a
 * window is never stretched into a rate above what was earned).
 */
import type { FlagDraft } from './flags';

/** One player's XP gained since the previous run. */
export interface XpGain {
  playerId: string;
  xpGained: number;
}

export interface ProgressWindow {
  /** Real ms between the previous run and this one. */
  elapsedMs: number;
  /** Real ms of one game hour (TIME_SCALE applied). */
  hourMs: number;
  /** XP per game hour allowed. */
  capPerHour: number;
}

/** XP per game hour of a gain over the window: the gain itself when the window is at most an hour. */
export function xpPerHour(xpGained: number, w: Pick<ProgressWindow, 'elapsedMs' | 'hourMs'>): number {
  const hours = Math.max(1, w.elapsedMs / w.hourMs);
  return xpGained / hours;
}

/** The players whose XP rate over the window is above the cap. */
export function detectImpossibleProgress(gains: readonly XpGain[], w: ProgressWindow): FlagDraft[] {
  const out: FlagDraft[] = [];
  const hours = Math.max(1, w.elapsedMs / w.hourMs);
  for (const g of gains) {
    const rate = xpPerHour(g.xpGained, w);
    if (rate <= w.capPerHour) continue;
    out.push({
      kind: 'impossible_progress',
      playerIds: [g.playerId],
      subject: g.playerId,
      detail: `${g.xpGained} XP in ${hours.toFixed(2)} game hour(s): ${Math.round(rate)} XP/hour, cap ${w.capPerHour}`,
      evidence: { xpGained: g.xpGained, gameHours: Math.round(hours * 1000) / 1000, xpPerHour: Math.round(rate), cap: w.capPerHour, elapsedMs: w.elapsedMs },
      count: g.xpGained,
    });
  }
  return out;
}
