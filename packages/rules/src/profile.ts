/**
 * What a profile shows that the rules derive (GAME §1): influence with its multipliers, progress
 * to the next rank, the unlocks reached and the next ones, and the titles a player carries.
 */

import {
  RANKS, UNLOCKS, influence, rankFor, type InfluenceMultipliers, type Rank, type Reputation, type UnlockId,
} from './reputation';

/** Influence before and after its multipliers. */
export interface InfluenceBreakdown {
  /** 0.25·tm + 0.25·ts + 0.30·ir + 0.10·th + 0.10·av. */
  base: number;
  /** The product of the multipliers that apply (1.5 · 1.3 · 1.2 at most). */
  multiplier: number;
  /** base × multiplier, exactly as {@link influence} computes it. */
  total: number;
  applied: { firstBlood: boolean; massAwakening: boolean; squadLeader: boolean };
}

/**
 * Influence and where it comes from.
 * @example influenceBreakdown(all(1000), { squadLeader: true }) // base 1000, multiplier 1.2, total 1200
 */
export function influenceBreakdown(rep: Reputation, m: InfluenceMultipliers = {}): InfluenceBreakdown {
  const applied = { firstBlood: Boolean(m.firstBlood), massAwakening: Boolean(m.massAwakening), squadLeader: Boolean(m.squadLeader) };
  // Tenths, like the influence formula, so 1.5·1.3·1.2 prints as 2.34 and not 2.3400000000000003.
  let tenths = 1000;
  if (applied.firstBlood) tenths = (tenths * 15) / 10;
  if (applied.massAwakening) tenths = (tenths * 13) / 10;
  if (applied.squadLeader) tenths = (tenths * 12) / 10;
  return { base: influence(rep), multiplier: tenths / 1000, total: influence(rep, applied), applied };
}

/** Where a player stands between their rank and the next. */
export interface RankProgress {
  rank: Rank;
  /** The threshold of the current rank. */
  minInfluence: number;
  /** The next rank and its threshold, or null for Legend. */
  next: { rank: Rank; minInfluence: number } | null;
  /** Influence still missing for the next rank (0 for Legend). */
  missing: number;
  /** 0..1 of the way from this rank's threshold to the next (1 for Legend). */
  progress: number;
}

/**
 * Progress to the next rank.
 * @example rankProgress(750) // Operative (500), next Warrior (1000), missing 250, progress 0.5
 */
export function rankProgress(influenceValue: number): RankProgress {
  const rank = rankFor(influenceValue);
  const i = RANKS.findIndex((r) => r.name === rank);
  const current = RANKS[i];
  const next = RANKS[i + 1];
  if (!next) return { rank, minInfluence: current.minInfluence, next: null, missing: 0, progress: 1 };
  const span = next.minInfluence - current.minInfluence;
  const progress = Math.min(1, Math.max(0, (influenceValue - current.minInfluence) / span));
  return {
    rank, minInfluence: current.minInfluence, next: { rank: next.name, minInfluence: next.minInfluence },
    missing: Math.max(0, next.minInfluence - influenceValue), progress,
  };
}

/** The unlocks a player has and the ones at the next threshold. */
export interface UnlockProgress {
  reached: UnlockId[];
  /** The unlocks of the lowest threshold not yet reached (empty at 10000). */
  next: { id: UnlockId; minInfluence: number }[];
}

/** @example unlockProgress(600).next // [{ id: strategic_command_channel, minInfluence: 1000 }, { id: design_squad_missions, minInfluence: 1000 }] */
export function unlockProgress(influenceValue: number): UnlockProgress {
  const reached = UNLOCKS.filter((u) => influenceValue >= u.minInfluence).map((u) => u.id);
  const pending = UNLOCKS.filter((u) => influenceValue < u.minInfluence);
  const threshold = pending[0]?.minInfluence;
  return {
    reached,
    next: pending.filter((u) => u.minInfluence === threshold).map((u) => ({ id: u.id, minInfluence: u.minInfluence })),
  };
}

/** The Founder title (GAME §1): accounts created before the launch date. */
export const FOUNDER_TITLE = 'Founder';

/** A player's titles: Founder first when they hold it, then the earned ones in the order earned. */
export function playerTitles(p: { founder: boolean; titles: readonly string[] }): string[] {
  const earned = p.titles.filter((t) => t !== FOUNDER_TITLE);
  return p.founder ? [FOUNDER_TITLE, ...earned] : [...earned];
}
