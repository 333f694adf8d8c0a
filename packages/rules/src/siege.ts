/**
 * Siege rules (GAME §3.3): timeline, resolution, cooldown and who may declare.
 * Times are epoch milliseconds passed in by the caller.
 */

import type { ActiveModifiers } from './calendar';
import { areAdjacent, hexEquals, type Hex } from './hex';
import type { SquadType } from './squads';

/** Inputs of {@link siegeTimeline}. */
export interface SiegeTimelineInput {
  /** When the siege was declared (epoch ms). */
  declaredAt: number;
  /** Registry `siege_muster_seconds` (default 30). */
  musterSeconds: number;
  /** Registry `siege_battle_seconds` (default 60). */
  battleSeconds: number;
  /** Attacker has Rapid_Deployment: no muster. */
  rapidDeployment: boolean;
  /** Attacker has Extended_Operations: battle window ×1.5. */
  extendedOperations: boolean;
  /** Attacker has Ghost_Mode: the muster is hidden from the defender. */
  ghostMode?: boolean;
}

/** When each phase of a siege ends (epoch ms). */
export interface SiegeTimeline {
  /** End of the muster; equals `declaredAt` with Rapid_Deployment. */
  musterEndsAt: number;
  /** End of the battle window: committed members are counted at this instant. */
  battleEndsAt: number;
  /** When the defender learns of the siege: `declaredAt`, or `musterEndsAt` with Ghost_Mode. */
  revealedToDefenderAt: number;
}

/** Battle window multiplier of Extended_Operations. */
export const EXTENDED_OPERATIONS_BATTLE_MULTIPLIER = 1.5;

/**
 * The siege timeline: muster (skipped with Rapid_Deployment), then the battle window
 * (×1.5 with Extended_Operations, rounded to whole ms).
 * @example siegeTimeline({ declaredAt: 0, musterSeconds: 30, battleSeconds: 60,
 *   rapidDeployment: false, extendedOperations: true }) // musterEndsAt 30000, battleEndsAt 120000
 */
export function siegeTimeline(t: SiegeTimelineInput): SiegeTimeline {
  const musterEndsAt = t.rapidDeployment ? t.declaredAt : t.declaredAt + t.musterSeconds * 1000;
  const battleMs = t.battleSeconds * 1000 * (t.extendedOperations ? EXTENDED_OPERATIONS_BATTLE_MULTIPLIER : 1);
  return {
    musterEndsAt,
    battleEndsAt: musterEndsAt + Math.round(battleMs),
    revealedToDefenderAt: t.ghostMode ? musterEndsAt : t.declaredAt,
  };
}

/** Attack multiplier of a strike_team. */
export const STRIKE_TEAM_ATTACK_MULTIPLIER = 1.2;
/** Defence multiplier for holding the territory (squad or AC). */
export const HOLDING_DEFENCE_MULTIPLIER = 1.3;
/** Extra defence multiplier of an infiltration squad. */
export const INFILTRATION_DEFENCE_MULTIPLIER = 1.1;

/** The defender of a siege: the AC's garrison, or the holding squad's committed members. */
export type SiegeDefender =
  | { kind: 'ac'; garrison: number }
  | { kind: 'squad'; ratings: number[]; type: SquadType };

/** Inputs of {@link resolveSiege}. */
export interface SiegeBattle {
  /** Combat ratings of the committed attackers. */
  attackers: number[];
  attackerType: SquadType;
  defender: SiegeDefender;
}

/** Outcome of a siege. */
export interface SiegeResult {
  attackerStrength: number;
  defenderStrength: number;
  /** True only if the attacker is strictly stronger: ties go to the defender. */
  attackerWins: boolean;
}

/** Rounds to 1e-6 so float noise (e.g. 11 × 1.1 = 12.100000000000001) cannot decide a battle. */
const settle = (x: number): number => Math.round(x * 1e6) / 1e6;

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

/**
 * Resolves a siege. Attacker strength = Σ ratings, ×1.2 for a strike_team. Defender
 * strength = Σ committed defenders' ratings, or the garrison for the AC, ×1.3 for holding
 * the territory — the AC holds an occupied territory, so its garrison gets ×1.3 too —
 * and ×1.1 more if the defending squad is infiltration. Both strengths are rounded to
 * 6 decimals, then the attacker wins only if strictly stronger.
 *
 * @example resolveSiege({ attackers: [65], attackerType: 'analysis',
 *   defender: { kind: 'ac', garrison: 50 } }) // 65 vs 65: defender holds
 */
export function resolveSiege(b: SiegeBattle): SiegeResult {
  return resolveBattle(sum(b.attackers) * (b.attackerType === 'strike_team' ? STRIKE_TEAM_ATTACK_MULTIPLIER : 1), b.defender);
}

/**
 * A battle between an attack already summed (a squad's, or the AC's garrison in a counter-siege,
 * GAME §3.5) and a defender with §3.3's defence multipliers; ties go to the defender.
 * @example resolveBattle(40, { kind: 'squad', ratings: [10, 10, 10], type: 'analysis' }) // 40 vs 39: attacker wins
 */
export function resolveBattle(attack: number, defender: SiegeDefender): SiegeResult {
  let defence: number;
  if (defender.kind === 'ac') {
    defence = defender.garrison * HOLDING_DEFENCE_MULTIPLIER;
  } else {
    defence = sum(defender.ratings) * HOLDING_DEFENCE_MULTIPLIER;
    if (defender.type === 'infiltration') defence *= INFILTRATION_DEFENCE_MULTIPLIER;
  }
  const attackerStrength = settle(attack);
  const defenderStrength = settle(defence);
  return { attackerStrength, defenderStrength, attackerWins: attackerStrength > defenderStrength };
}

/**
 * The siege cooldown in whole seconds: base × the calendar's multiplier (0.5 on Squad
 * Wars Saturday), rounded up so an odd base never gets shorter than half.
 * The multiplier is that of the day the cooldown is checked (the new declaration).
 * @example siegeCooldownSeconds(600, { siegeCooldownMultiplier: 0.5 }) // 300
 */
export function siegeCooldownSeconds(
  baseSeconds: number,
  modifiers: Pick<ActiveModifiers, 'siegeCooldownMultiplier'>,
): number {
  return Math.ceil(baseSeconds * modifiers.siegeCooldownMultiplier);
}

/** Milliseconds of cooldown left after a resolution at `resolvedAt` (0 when it has expired). */
export function siegeCooldownRemainingMs(resolvedAt: number, now: number, cooldownSeconds: number): number {
  return Math.max(0, resolvedAt + cooldownSeconds * 1000 - now);
}

/**
 * True if a squad may besiege `target`: it must be adjacent to a territory the squad
 * holds, or any territory while the squad holds none. A squad never besieges its own
 * territory.
 */
export function canDeclareSiege(p: { squadHoldings: Hex[]; target: Hex }): boolean {
  if (p.squadHoldings.some((h) => hexEquals(h, p.target))) return false;
  if (p.squadHoldings.length === 0) return true;
  return p.squadHoldings.some((h) => areAdjacent(h, p.target));
}

/** impactRating change of every committed attacker when their siege is lost (GAME §3.3). */
export const SIEGE_LOSS_IMPACT = -100;
/**
 * impactRating gain of every committed attacker when their siege is won. GAME.md gives no
 * number; +50 is half the loss, so attackers break even only by winning two sieges for each
 * one they lose — declaring a siege is a real risk.
 */
export const SIEGE_WIN_IMPACT = 50;
/** technicalMastery gain of every committed attacker on a win (GAME §1: winning sieges; our number). */
export const SIEGE_WIN_TECHNICAL_MASTERY = 25;
