/**
 * What a siege's declare screen shows (GAME §3.3): both sides' current strength as far as the
 * client can know it. The AC defends with its garrison ×1.3 for holding; a squad defends with
 * the members it has on the territory when the battle window ends, ×1.3 (×1.1 more for an
 * infiltration squad). Attackers count their committed members' combat ratings (×1.2 for a
 * strike team). Pure.
 */
import {
  combatRating, DEFAULT_COMBAT_RATING_BASE, HOLDING_DEFENCE_MULTIPLIER, STRIKE_TEAM_ATTACK_MULTIPLIER,
} from '@datavism/rules';

export interface DefenceView {
  /** The defence's strength now, when it is known (the AC's garrison). */
  strength: number | null;
  text: string;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The defence of a territory as a siege would meet it now. */
export function defenceOf(t: { status: string; garrison: number; holderName: string }): DefenceView {
  if (t.status === 'occupied') {
    const strength = round1(t.garrison * HOLDING_DEFENCE_MULTIPLIER);
    return { strength, text: `AC garrison ${t.garrison.toLocaleString()} × ${HOLDING_DEFENCE_MULTIPLIER} for holding = ${strength.toLocaleString()}` };
  }
  if (t.status === 'liberated') {
    return { strength: null, text: `${t.holderName || 'The holding squad'}'s members on the territory when the battle ends, × ${HOLDING_DEFENCE_MULTIPLIER} for holding` };
  }
  return { strength: null, text: 'Nobody defends it: claim it instead.' };
}

/** My combat rating at the default base (GAME §1): 10 + floor(influence / 100), ×1.1 with Elite_Training. */
export function myCombatRating(influence: number, eliteTraining = false): number {
  return combatRating(influence, { eliteTraining, base: DEFAULT_COMBAT_RATING_BASE });
}

/**
 * How many attackers of rating `rating` must be committed to beat `defence` (strictly
 * stronger wins; ties go to the defender).
 */
export function attackersNeeded(defence: number, rating: number, strikeTeam: boolean): number {
  const each = rating * (strikeTeam ? STRIKE_TEAM_ATTACK_MULTIPLIER : 1);
  if (each <= 0) return Infinity;
  return Math.floor(defence / each + 1e-9) + 1;
}
