/**
 * The parameter registry (GAME §10): every *(tunable)* number of the rules with its
 * default, inclusive bounds and the proposal kind that may change it. Values are integers.
 *
 * Bounds are chosen so that no value can break the game: every duration stays positive
 * where a zero would make a phase vanish or a limit meaningless, and upper bounds stop a
 * single proposal from freezing a system (e.g. a week-long siege cooldown).
 */

import { GameError } from './errors';

/** Proposal kinds that may change a parameter (GAME §7.1). */
export type ParameterProposalKind = 'balance' | 'economic';

/** Definition of one tunable parameter. */
export interface ParameterDef {
  readonly name: string;
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly proposalKind: ParameterProposalKind;
  readonly unit: string;
  readonly description: string;
}

/** Every tunable parameter of GAME.md. */
export const PARAMETERS = [
  {
    name: 'combat_rating_base', default: 10, min: 1, max: 100, proposalKind: 'balance', unit: 'rating',
    description: 'Base of a player combat rating, before floor(influence / 100) is added (§1).',
  },
  {
    name: 'squad_decision_period_hours', default: 24, min: 1, max: 168, proposalKind: 'balance', unit: 'hours',
    description: 'How long squad members can vote on a squad decision (§2).',
  },
  {
    name: 'travel_seconds_per_hex', default: 2, min: 0, max: 60, proposalKind: 'balance', unit: 'seconds',
    description: 'Travel time per hex of distance when redeploying (§3.1); 0 means instant.',
  },
  {
    name: 'siege_muster_seconds', default: 30, min: 5, max: 600, proposalKind: 'balance', unit: 'seconds',
    description: 'Length of the muster phase before a siege battle (§3.3).',
  },
  {
    name: 'siege_battle_seconds', default: 60, min: 10, max: 1800, proposalKind: 'balance', unit: 'seconds',
    description: 'Length of the siege battle window, before Extended_Operations (§3.3).',
  },
  {
    name: 'siege_cooldown_seconds', default: 600, min: 0, max: 86400, proposalKind: 'balance', unit: 'seconds',
    description: 'Time after a siege resolution before the territory can be besieged again (§3.3).',
  },
  {
    name: 'territory_abandon_days', default: 7, min: 1, max: 60, proposalKind: 'balance', unit: 'days',
    description: 'Days without any squad member deployed after which a liberated territory reverts to neutral (§3.4).',
  },
  {
    name: 'ac_counter_siege_interval_hours', default: 6, min: 1, max: 168, proposalKind: 'balance', unit: 'game hours',
    description: 'How often the AC strikes back: one counter-siege at most per region every this many game hours (§3.5).',
  },
  {
    name: 'ac_counter_siege_grace_hours', default: 24, min: 1, max: 720, proposalKind: 'balance', unit: 'game hours',
    description: 'A territory liberated less than this long ago is never a counter-siege target (§3.5).',
  },
  {
    name: 'ac_counter_siege_defence_impact', default: 50, min: 0, max: 500, proposalKind: 'balance', unit: 'impactRating',
    description: 'impactRating each committed defender gains when a counter-siege is held off (§3.5).',
  },
  {
    name: 'market_taker_fee_bps', default: 200, min: 0, max: 500, proposalKind: 'economic', unit: 'basis points',
    description: 'Taker fee on market trades and pool swaps, paid to the community treasury (§4.1, §4.2).',
  },
  {
    name: 'intel_confirmations_required', default: 3, min: 2, max: 20, proposalKind: 'balance', unit: 'players',
    description: 'Distinct players who must confirm a claim before it becomes a verified pattern (§6.3).',
  },
  {
    name: 'proposal_deposit_influence_points', default: 100, min: 0, max: 10000, proposalKind: 'economic',
    unit: 'influence_points',
    description: 'Deposit of influence_points to submit a governance proposal, returned at quorum (§7.1).',
  },
  {
    name: 'chat_messages_per_window', default: 5, min: 1, max: 50, proposalKind: 'balance', unit: 'messages',
    description: 'Chat messages a player may send per rate-limit window (§8.1).',
  },
  {
    name: 'chat_window_seconds', default: 10, min: 1, max: 300, proposalKind: 'balance', unit: 'seconds',
    description: 'Length of the chat rate-limit window (§8.1).',
  },
  {
    name: 'chat_max_chars', default: 500, min: 50, max: 1000, proposalKind: 'balance', unit: 'characters',
    description: 'Longest chat message, in characters after control characters are stripped (§8.1).',
  },
  {
    name: 'gated_channel_unlock_days', default: 7, min: 1, max: 90, proposalKind: 'economic', unit: 'days',
    description: 'How long one liberation_key opens the next gated chat channel above the player\'s own (§8.1).',
  },
  {
    name: 'objective_impact_rating', default: 25, min: 0, max: 500, proposalKind: 'balance', unit: 'impactRating',
    description: 'impactRating each contributor of an operation objective gains when that objective is completed (§1, §6.1).',
  },
  {
    name: 'evidence_truth_score', default: 20, min: 0, max: 500, proposalKind: 'balance', unit: 'truthScore',
    description: 'truthScore per piece of evidence gathered in an investigation operation (a verified intel fragment, §1, §6.3).',
  },
  {
    name: 'content_proposal_influence_points', default: 200, min: 0, max: 5000, proposalKind: 'economic', unit: 'influence_points',
    description: 'influence_points minted to the author of a content proposal that passes (§4, §7).',
  },
  {
    name: 'leaderboard_reward_first', default: 1000, min: 0, max: 100000, proposalKind: 'economic', unit: 'resistance_credits',
    description: 'Reward of the 1st place of each weekly leaderboard on Liberation Sunday (§5.1).',
  },
  {
    name: 'leaderboard_reward_second', default: 600, min: 0, max: 100000, proposalKind: 'economic', unit: 'resistance_credits',
    description: 'Reward of the 2nd place of each weekly leaderboard (§5.1).',
  },
  {
    name: 'leaderboard_reward_third', default: 400, min: 0, max: 100000, proposalKind: 'economic', unit: 'resistance_credits',
    description: 'Reward of the 3rd place of each weekly leaderboard (§5.1).',
  },
  {
    name: 'leaderboard_reward_places_4_10', default: 200, min: 0, max: 100000, proposalKind: 'economic', unit: 'resistance_credits',
    description: 'Reward of each of places 4 to 10 of each weekly leaderboard (§5.1).',
  },
  {
    name: 'fairplay_xp_per_hour_cap', default: 5000, min: 100, max: 1000000, proposalKind: 'balance', unit: 'XP per game hour',
    description: 'XP a player may gain in one game hour before a fair-play flag for impossible progress is raised (§9).',
  },
  {
    name: 'mentor_max_mentees', default: 3, min: 1, max: 10, proposalKind: 'balance', unit: 'mentees',
    description: 'How many mentees a mentor may have in active pairings at once (§8.3).',
  },
  {
    name: 'investigation_action_cpu_cycles', default: 5, min: 0, max: 1000, proposalKind: 'economic', unit: 'cpu_cycles',
    description: 'cpu_cycles burned by an operation action that runs an investigation: an intel submission or confirmation filed inside an investigation operation (§4.5).',
  },
  {
    name: 'challenge_hint_data_credits', default: 20, min: 0, max: 10000, proposalKind: 'economic', unit: 'data_credits',
    description: 'data_credits burned to unlock the hint of a challenge (§4.5).',
  },
  {
    name: 'custom_challenge_daily_reward_points', default: 1000, min: 0, max: 1000000, proposalKind: 'balance', unit: 'reward points',
    description: 'Reward points the custom challenges of one creator may pay out per UTC day, all solvers together; solves beyond it pay nothing (§6.4).',
  },
] as const satisfies readonly ParameterDef[];

/** The name of a tunable parameter. */
export type ParameterName = (typeof PARAMETERS)[number]['name'];

/** A full set of parameter values. */
export type ParameterValues = Record<ParameterName, number>;

const BY_NAME: ReadonlyMap<string, ParameterDef> = new Map(PARAMETERS.map((p) => [p.name, p]));

/** True if `name` is a registry parameter. */
export function isParameterName(name: unknown): name is ParameterName {
  return typeof name === 'string' && BY_NAME.has(name);
}

/** The definition of a parameter; throws `UNKNOWN_PARAMETER` for an unknown name. */
export function getParameterDef(name: string): ParameterDef {
  const def = BY_NAME.get(name);
  if (!def) throw new GameError('UNKNOWN_PARAMETER', `unknown parameter: ${name}`);
  return def;
}

/**
 * Checks a proposed value: throws `UNKNOWN_PARAMETER` for an unknown name and
 * `PARAMETER_OUT_OF_BOUNDS` unless the value is an integer within [min, max].
 * Returns the value typed for the parameter.
 */
export function validateParameterValue(name: string, value: number): number {
  const def = getParameterDef(name);
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new GameError('PARAMETER_OUT_OF_BOUNDS', `${name} must be an integer, got ${String(value)}`);
  }
  if (value < def.min || value > def.max) {
    throw new GameError('PARAMETER_OUT_OF_BOUNDS', `${name} must be within ${def.min}..${def.max}, got ${value}`);
  }
  return value;
}

/** Every parameter at its default value. */
export function defaultParameters(): ParameterValues {
  const out = {} as ParameterValues;
  for (const p of PARAMETERS) out[p.name] = p.default;
  return out;
}

/**
 * An immutable set of parameter values: explicit overrides on top of the defaults.
 *
 * @example
 * const params = new ParameterSet({ siege_cooldown_seconds: 300 });
 * params.get('siege_cooldown_seconds'); // 300
 * params.get('travel_seconds_per_hex'); // 2 (default)
 */
export class ParameterSet {
  private readonly values: ParameterValues;

  /** Validates every override; throws like {@link validateParameterValue}. */
  constructor(overrides: Partial<Record<string, number>> = {}) {
    this.values = defaultParameters();
    for (const [name, value] of Object.entries(overrides)) {
      if (value === undefined) continue;
      this.values[name as ParameterName] = validateParameterValue(name, value);
    }
  }

  /** The current value of a parameter (its default unless overridden). */
  get(name: ParameterName): number {
    const value = this.values[name];
    if (value === undefined) throw new GameError('UNKNOWN_PARAMETER', `unknown parameter: ${name}`);
    return value;
  }

  /** A new set with one value changed (validated). */
  with(name: ParameterName, value: number): ParameterSet {
    return new ParameterSet({ ...this.values, [name]: value });
  }

  /** A plain copy of all values. */
  toRecord(): ParameterValues {
    return { ...this.values };
  }
}
