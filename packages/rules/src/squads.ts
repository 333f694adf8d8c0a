/**
 * Squad types, classes, levels, perks, limits and decisions (GAME §2).
 */

/** The twelve squad types, grouped by class. */
export const SQUAD_TYPES = [
  'strike_team', 'infiltration', 'analysis',
  'research', 'training', 'propaganda',
  'liberation', 'peoples', 'brigade',
  'shadow', 'ghost', 'handler',
] as const;

/** A squad type. */
export type SquadType = (typeof SQUAD_TYPES)[number];

/** Recruitment statuses (GAME §2). */
export const SQUAD_RECRUITMENT = ['open', 'application', 'closed'] as const;
/** How a squad recruits. */
export type SquadRecruitment = (typeof SQUAD_RECRUITMENT)[number];

/** A squad as listings and the finder show it (the database's read model and the HTTP payload). */
export interface SquadSummary {
  id: string;
  name: string;
  type: SquadType;
  motto: string;
  recruitment: SquadRecruitment;
  minInfluence: number;
  minRank: string | null;
  level: number;
  memberCount: number;
  maxMembers: number;
  active: boolean;
  activityPace: number;
  timezoneOffsetHours: number;
  playStyle: string;
  /** Median influence of the members (the squad finder's skill reference). */
  medianInfluence: number;
}

/** A squad class; it bounds the squad's size. */
export type SquadClass = 'tactical' | 'strategic' | 'mass' | 'elite';

/** The class of every squad type. */
export const SQUAD_TYPE_CLASS: Readonly<Record<SquadType, SquadClass>> = {
  strike_team: 'tactical', infiltration: 'tactical', analysis: 'tactical',
  research: 'strategic', training: 'strategic', propaganda: 'strategic',
  liberation: 'mass', peoples: 'mass', brigade: 'mass',
  shadow: 'elite', ghost: 'elite', handler: 'elite',
};

/** Member bounds per class (inclusive): the minimum makes a squad active, the maximum caps it. */
export const CLASS_BOUNDS: Readonly<Record<SquadClass, { min: number; max: number }>> = {
  tactical: { min: 5, max: 10 },
  strategic: { min: 10, max: 25 },
  mass: { min: 25, max: 100 },
  elite: { min: 3, max: 5 },
};

const SQUAD_TYPE_SET: ReadonlySet<string> = new Set(SQUAD_TYPES);

/** True if `x` names a squad type. */
export function isSquadType(x: unknown): x is SquadType {
  return typeof x === 'string' && SQUAD_TYPE_SET.has(x);
}

/** The class of a squad type. @example squadClass('ghost') // 'elite' */
export function squadClass(type: SquadType): SquadClass {
  return SQUAD_TYPE_CLASS[type];
}

/** What squad points are made of. */
export interface SquadPointsInput {
  missionsCompleted: number;
  territoriesLiberated: number;
  evidenceGathered: number;
  activeMembers: number;
}

/**
 * Squad points: 100·missions + 500·territories liberated + 50·evidence + 200·active members.
 */
export function squadPoints(p: SquadPointsInput): number {
  return 100 * p.missionsCompleted + 500 * p.territoriesLiberated + 50 * p.evidenceGathered + 200 * p.activeMembers;
}

/** Points at which levels 2..6 start. */
export const SQUAD_LEVEL_THRESHOLDS = [1000, 5000, 15000, 50000, 150000] as const;
/** Member caps of levels 1..6 (index = level − 1). */
export const LEVEL_CAPS = [5, 10, 15, 25, 50, 100] as const;
/** Names of levels 1..6 (index = level − 1). */
export const LEVEL_NAMES = [
  'Recruit Squad', 'Active Cell', 'Proven Unit', 'Elite Force', 'Legendary Brigade', 'Mythic Legion',
] as const;
/** The highest squad level. */
export const MAX_SQUAD_LEVEL = 6;

/** The level for squad points: < 1000 → 1, < 5000 → 2, < 15000 → 3, < 50000 → 4, < 150000 → 5, else 6. */
export function squadLevel(points: number): number {
  let level = 1;
  for (const threshold of SQUAD_LEVEL_THRESHOLDS) if (points >= threshold) level++;
  return level;
}

const levelIndex = (level: number): number => Math.min(MAX_SQUAD_LEVEL, Math.max(1, Math.floor(level))) - 1;

/** The name of a squad level. @example squadLevelName(4) // 'Elite Force' */
export function squadLevelName(level: number): string {
  return LEVEL_NAMES[levelIndex(level)];
}

/**
 * Max members = min(class maximum, max(class minimum, level cap)) (GAME §2): every squad can
 * always recruit up to its class minimum, so a Mass squad (25–100) can become active at level 1.
 * @example maxMembers('brigade', 1) // 25
 * @example maxMembers('brigade', 5) // 50
 * @example maxMembers('shadow', 1) // 5 (elite maximum)
 */
export function maxMembers(type: SquadType, level: number): number {
  const bounds = CLASS_BOUNDS[squadClass(type)];
  return Math.min(bounds.max, Math.max(bounds.min, LEVEL_CAPS[levelIndex(level)]));
}

/** A squad is active (may launch sieges, claim) once it has its class minimum of members. */
export function isSquadActive(type: SquadType, memberCount: number): boolean {
  return memberCount >= CLASS_BOUNDS[squadClass(type)].min;
}

/** Squad perks (GAME §2 table). */
export type SquadPerk =
  | 'Extended_Operations'
  | 'Resource_Sharing'
  | 'Elite_Training'
  | 'Rapid_Deployment'
  | 'Deep_Analysis'
  | 'Ghost_Mode';

/** Each perk with the squad type it needs (null = any) and its minimum level. */
export const SQUAD_PERKS: readonly { perk: SquadPerk; type: SquadType | null; minLevel: number }[] = [
  { perk: 'Extended_Operations', type: null, minLevel: 2 },
  { perk: 'Resource_Sharing', type: null, minLevel: 3 },
  { perk: 'Elite_Training', type: null, minLevel: 4 },
  { perk: 'Rapid_Deployment', type: 'strike_team', minLevel: 3 },
  { perk: 'Deep_Analysis', type: 'research', minLevel: 3 },
  { perk: 'Ghost_Mode', type: 'shadow', minLevel: 2 },
];

/** The perks a squad of `type` has at `level`, in table order. */
export function squadPerks(type: SquadType, level: number): SquadPerk[] {
  return SQUAD_PERKS.filter((p) => (p.type === null || p.type === type) && level >= p.minLevel).map((p) => p.perk);
}

/** True if a squad of `type` at `level` has `perk`. */
export function hasSquadPerk(type: SquadType, level: number, perk: SquadPerk): boolean {
  return squadPerks(type, level).includes(perk);
}

/** Evidence multiplier of Deep_Analysis (×1.5). */
export const DEEP_ANALYSIS_EVIDENCE_MULTIPLIER = 1.5;

/** Territories a squad may hold: 5 × level (GAME §3.2). */
export function territoryLimit(level: number): number {
  return 5 * level;
}

/** Tally of a squad decision. */
export interface DecisionTally {
  yes: number;
  no: number;
  /** Members of the squad when the decision closes. */
  memberCount: number;
}

/**
 * True if a squad decision passes: a simple majority of votes cast (yes > no, so a tie
 * fails) and at least 30 % of members voting, checked exactly as (yes + no)·10 ≥ 3·members
 * (so 3 of 10 members is enough, 2 of 7 is not: 20 < 21).
 */
export function decisionPasses(t: DecisionTally): boolean {
  return t.yes > t.no && (t.yes + t.no) * 10 >= 3 * t.memberCount;
}
