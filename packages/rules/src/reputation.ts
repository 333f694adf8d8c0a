/**
 * Reputation, influence, ranks, unlocks, specializations and combat rating (GAME §1).
 */

/** The five reputation dimensions of a player, each an integer 0..10000. */
export interface Reputation {
  technicalMastery: number;
  truthScore: number;
  impactRating: number;
  teachingHonor: number;
  artisticVision: number;
}

/** The dimension names, in the order of the influence formula. */
export const REPUTATION_DIMENSIONS = [
  'technicalMastery',
  'truthScore',
  'impactRating',
  'teachingHonor',
  'artisticVision',
] as const satisfies readonly (keyof Reputation)[];

/** One reputation dimension. */
export type ReputationDimension = (typeof REPUTATION_DIMENSIONS)[number];

/** Inclusive bounds of every reputation dimension. */
export const REPUTATION_MIN = 0;
export const REPUTATION_MAX = 10000;

/**
 * A reputation with `delta` added to one dimension, clamped to 0..10000 and truncated to
 * an integer. Use it for every gain or loss (e.g. −100 impactRating for a lost siege).
 */
export function adjustReputation(rep: Reputation, dimension: ReputationDimension, delta: number): Reputation {
  const value = Math.trunc(rep[dimension] + delta);
  return { ...rep, [dimension]: Math.min(REPUTATION_MAX, Math.max(REPUTATION_MIN, value)) };
}

/** Influence weights in percent (0.25 / 0.25 / 0.30 / 0.10 / 0.10). */
const WEIGHT_PERCENT: Readonly<Record<ReputationDimension, number>> = {
  technicalMastery: 25,
  truthScore: 25,
  impactRating: 30,
  teachingHonor: 10,
  artisticVision: 10,
};

/** Conditions that multiply influence (they multiply with each other). */
export interface InfluenceMultipliers {
  /** Achievement `first_blood`: ×1.5. */
  firstBlood?: boolean;
  /** Achievement `mass_awakening`: ×1.3. */
  massAwakening?: boolean;
  /** Currently a squad leader: ×1.2. */
  squadLeader?: boolean;
}

/**
 * Influence as an exact rational `numerator / denominator` with integer parts.
 * Used by {@link influence} and by decay so both agree to the last digit.
 * @internal exported for decay; not part of the package API.
 */
export function influenceFraction(
  rep: Reputation,
  m: InfluenceMultipliers = {},
): { numerator: number; denominator: number } {
  let numerator = 0;
  for (const dim of REPUTATION_DIMENSIONS) numerator += WEIGHT_PERCENT[dim] * rep[dim];
  let denominator = 100;
  // Multipliers as tenths (15/10, 13/10, 12/10) keep every intermediate an exact integer.
  if (m.firstBlood) { numerator *= 15; denominator *= 10; }
  if (m.massAwakening) { numerator *= 13; denominator *= 10; }
  if (m.squadLeader) { numerator *= 12; denominator *= 10; }
  return { numerator, denominator };
}

/**
 * A player's influence: (0.25·technicalMastery + 0.25·truthScore + 0.30·impactRating
 * + 0.10·teachingHonor + 0.10·artisticVision) × multipliers. Not rounded; computed as one
 * integer division so the result is the correctly rounded float of the exact value.
 *
 * @example
 * influence({ technicalMastery: 1000, truthScore: 1000, impactRating: 1000,
 *             teachingHonor: 1000, artisticVision: 1000 }, { squadLeader: true }); // 1200
 */
export function influence(rep: Reputation, multipliers: InfluenceMultipliers = {}): number {
  const { numerator, denominator } = influenceFraction(rep, multipliers);
  return numerator / denominator;
}

/** Rank names, lowest first. */
export const RANKS = [
  { name: 'Recruit', minInfluence: 0 },
  { name: 'Initiate', minInfluence: 100 },
  { name: 'Operative', minInfluence: 500 },
  { name: 'Warrior', minInfluence: 1000 },
  { name: 'Commander', minInfluence: 5000 },
  { name: 'Architect', minInfluence: 7500 },
  { name: 'Legend', minInfluence: 10000 },
] as const;

/** A rank name. */
export type Rank = (typeof RANKS)[number]['name'];

/** The rank for an influence value (thresholds are inclusive: 100 is Initiate). */
export function rankFor(influenceValue: number): Rank {
  let rank: Rank = RANKS[0].name;
  for (const r of RANKS) if (influenceValue >= r.minInfluence) rank = r.name;
  return rank;
}

/** Index of a rank in {@link RANKS} (Recruit 0 … Legend 6), for "rank X or above" checks. */
export function rankIndex(rank: Rank): number {
  return RANKS.findIndex((r) => r.name === rank);
}

/** Abilities unlocked by influence (GAME §1 table), with their inclusive threshold. */
export const UNLOCKS = [
  { id: 'classified_intel_channel', minInfluence: 100 },
  { id: 'create_custom_challenges', minInfluence: 100 },
  { id: 'handler_channel', minInfluence: 500 },
  { id: 'vote_investigation_priorities', minInfluence: 500 },
  { id: 'strategic_command_channel', minInfluence: 1000 },
  { id: 'design_squad_missions', minInfluence: 1000 },
  { id: 'council_channel', minInfluence: 5000 },
  { id: 'stand_for_player_council', minInfluence: 5000 },
  { id: 'propose_content', minInfluence: 5000 },
  { id: 'founding_resistant', minInfluence: 10000 },
] as const;

/** An unlock id. */
export type UnlockId = (typeof UNLOCKS)[number]['id'];

/** All unlock ids available at an influence value, in table order. */
export function unlocksFor(influenceValue: number): UnlockId[] {
  return UNLOCKS.filter((u) => influenceValue >= u.minInfluence).map((u) => u.id);
}

/** True if `influenceValue` reaches the threshold of unlock `id`. */
export function hasUnlock(influenceValue: number, id: UnlockId): boolean {
  const unlock = UNLOCKS.find((u) => u.id === id);
  return unlock !== undefined && influenceValue >= unlock.minInfluence;
}

/** Profile specializations (GAME §1). */
export type Specialization =
  | 'Code_Master'
  | 'Truth_Seeker'
  | 'Lead_Investigator'
  | 'Master_Teacher'
  | 'Reality_Artist';

/** Inputs of {@link specializations}. */
export interface SpecializationInput {
  technicalMastery: number;
  truthScore: number;
  investigationsLed: number;
  studentsMentored: number;
  contentPassed: number;
}

/** Each specialization needs its input strictly above this value (GAME §1). */
export const SPECIALIZATION_THRESHOLDS = {
  technicalMastery: 7500,
  truthScore: 8000,
  investigationsLed: 10,
  studentsMentored: 20,
  contentPassed: 15,
} as const satisfies Record<keyof SpecializationInput, number>;

/**
 * The specializations a player shows; every threshold is strictly greater-than:
 * technicalMastery > 7500, truthScore > 8000, investigations led > 10,
 * students mentored > 20, content passed > 15.
 */
export function specializations(s: SpecializationInput): Specialization[] {
  const t = SPECIALIZATION_THRESHOLDS;
  const out: Specialization[] = [];
  if (s.technicalMastery > t.technicalMastery) out.push('Code_Master');
  if (s.truthScore > t.truthScore) out.push('Truth_Seeker');
  if (s.investigationsLed > t.investigationsLed) out.push('Lead_Investigator');
  if (s.studentsMentored > t.studentsMentored) out.push('Master_Teacher');
  if (s.contentPassed > t.contentPassed) out.push('Reality_Artist');
  return out;
}

/** Default base of the combat rating (registry parameter `combat_rating_base`). */
export const DEFAULT_COMBAT_RATING_BASE = 10;

/**
 * A player's combat rating: (base + floor(influence / 100)) × 1.1 with Elite_Training.
 * The ×1.1 is not rounded (siege resolution sums floats).
 *
 * @param opts.base tunable base, registry `combat_rating_base`. @default 10
 * @example combatRating(1250) // 22
 * @example combatRating(1250, { eliteTraining: true }) // 24.200000000000003
 */
export function combatRating(
  influenceValue: number,
  opts: { eliteTraining?: boolean; base?: number } = {},
): number {
  const base = opts.base ?? DEFAULT_COMBAT_RATING_BASE;
  const rating = base + Math.floor(Math.max(0, influenceValue) / 100);
  return opts.eliteTraining ? rating * 1.1 : rating;
}

/** True if an account created at `createdAt` holds the Founder title (created strictly before launch). */
export function isFounder(createdAt: Date, launchDate: Date): boolean {
  return createdAt.getTime() < launchDate.getTime();
}
