/** Squad words players read: type names, classes and sizes, perks, roles, decision kinds. */
import { CLASS_BOUNDS, SQUAD_TYPE_CLASS, type SquadType } from '@datavism/rules';

export const SQUAD_TYPE_LABELS: Readonly<Record<string, string>> = {
  strike_team: 'Strike team', infiltration: 'Infiltration', analysis: 'Analysis',
  research: 'Research', training: 'Training', propaganda: 'Propaganda',
  liberation: 'Liberation', peoples: 'People’s', brigade: 'Brigade',
  shadow: 'Shadow', ghost: 'Ghost', handler: 'Handler',
};

export const CLASS_LABELS: Readonly<Record<string, string>> = {
  tactical: 'Tactical', strategic: 'Strategic', mass: 'Mass', elite: 'Elite',
};

export function squadTypeLabel(type: string): string {
  return SQUAD_TYPE_LABELS[type] ?? type.replace(/_/g, ' ');
}

/** "Tactical, 5–10 members" for a squad type. */
export function squadClassLine(type: string): string {
  const cls = SQUAD_TYPE_CLASS[type as SquadType];
  if (!cls) return '';
  const b = CLASS_BOUNDS[cls];
  return `${CLASS_LABELS[cls]}, ${b.min}–${b.max} members`;
}

/** The members a squad of `type` needs to be active (its class minimum). */
export function classMinimum(type: string): number {
  const cls = SQUAD_TYPE_CLASS[type as SquadType];
  return cls ? CLASS_BOUNDS[cls].min : 0;
}

export const PERK_WORDS: Readonly<Record<string, { label: string; effect: string }>> = {
  Extended_Operations: { label: 'Extended operations', effect: 'siege battle windows are 50 % longer' },
  Resource_Sharing: { label: 'Resource sharing', effect: 'members may withdraw up to 10 % of a treasury resource per day' },
  Elite_Training: { label: 'Elite training', effect: 'members’ combat rating ×1.1' },
  Rapid_Deployment: { label: 'Rapid deployment', effect: 'no muster phase before its sieges' },
  Deep_Analysis: { label: 'Deep analysis', effect: 'evidence it gathers counts ×1.5' },
  Ghost_Mode: { label: 'Ghost mode', effect: 'its siege muster is hidden from the defender' },
};

export const RECRUITMENT_WORDS: Readonly<Record<string, string>> = {
  open: 'Open to all', application: 'By application', closed: 'Closed',
};

export const DECISION_KIND_WORDS: Readonly<Record<string, string>> = {
  spend: 'Spend from the treasury',
  distribute_profits: 'Distribute profits by contribution',
  kick: 'Remove a member',
  change_recruitment: 'Change recruitment',
  declare_siege: 'Declare a siege',
};

export const DECISION_STATUS_WORDS: Readonly<Record<string, string>> = {
  open: 'Voting', passed: 'Passed', failed: 'Failed', execution_failed: 'Passed, but could not be carried out',
};

/** The treasury resources (soul-bound ones cannot be contributed). */
export const TREASURY_RESOURCES = ['resistance_credits', 'cpu_cycles', 'data_credits', 'liberation_keys'] as const;
