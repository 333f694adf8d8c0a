/**
 * Achievements and badges (GAME §5): the twelve definitions, the condition each one checks and
 * the codex a client may see (secret ones redacted until earned). Pure: the database grants
 * them, exactly once, from the events that cause them.
 */

import type { Specialization } from './reputation';
import { xpForLevel } from './progression';

/** Badge rarities, most common first (GAME §5). */
export const BADGE_RARITIES = ['common', 'uncommon', 'rare', 'epic', 'legendary', 'mythic'] as const;
/** A badge rarity. */
export type BadgeRarity = (typeof BADGE_RARITIES)[number];

/** One achievement of the §5 table. */
export interface AchievementDef {
  readonly id: string;
  /** Shown in the codex (for a secret one only once earned). */
  readonly title: string;
  /** The condition in words (for a secret one only once earned). */
  readonly condition: string;
  readonly xp: number;
  readonly badge: string;
  /** Our choice where GAME.md names the rarities but not which badge has which. */
  readonly rarity: BadgeRarity;
  readonly secret: boolean;
}

/** The twelve achievements of GAME §5, in table order. */
export const ACHIEVEMENTS = [
  { id: 'first_blood', title: 'First Blood', condition: 'Complete a first challenge', xp: 100, badge: 'bronze_star', rarity: 'common', secret: false },
  { id: 'level_10', title: 'Level 10', condition: 'Reach level 10', xp: 1000, badge: 'silver_shield', rarity: 'uncommon', secret: false },
  { id: 'all_paths', title: 'All Paths', condition: 'All five specializations', xp: 10000, badge: 'rainbow_crown', rarity: 'legendary', secret: false },
  { id: 'boss_slayer', title: 'Boss Slayer', condition: 'Win a siege against an AC garrison ≥ 500', xp: 500, badge: 'sword_icon', rarity: 'rare', secret: false },
  { id: 'perfect_run', title: 'Perfect Run', condition: 'Complete an operation with no failed action', xp: 2000, badge: 'perfect_star', rarity: 'rare', secret: false },
  { id: 'speed_demon', title: 'Speed Demon', condition: 'Complete a flashpoint within its first 2 hours', xp: 1500, badge: 'lightning_bolt', rarity: 'rare', secret: false },
  { id: 'squad_founder', title: 'Squad Founder', condition: 'Found a squad that reaches level 2', xp: 1000, badge: 'crown_icon', rarity: 'uncommon', secret: false },
  { id: 'mentor_master', title: 'Mentor Master', condition: 'Graduate 10 mentees', xp: 5000, badge: 'teacher_hat', rarity: 'epic', secret: false },
  { id: 'community_pillar', title: 'Community Pillar', condition: 'Receive 1000 reputation from peers (endorsements)', xp: 10000, badge: 'pillar_badge', rarity: 'epic', secret: false },
  { id: 'truth_seeker', title: 'Truth Seeker', condition: 'First verified intel pattern', xp: 2000, badge: 'magnifying_glass', rarity: 'uncommon', secret: false },
  { id: 'ghost_protocol', title: 'Ghost Protocol', condition: 'Complete all handler secret missions', xp: 10000, badge: 'ghost_icon', rarity: 'legendary', secret: true },
  { id: 'the_revelation', title: 'The Revelation', condition: 'Verify the hidden objective of a liberation war', xp: 100000, badge: 'eye_icon', rarity: 'mythic', secret: true },
] as const satisfies readonly AchievementDef[];

/** An achievement id. */
export type AchievementId = (typeof ACHIEVEMENTS)[number]['id'];

const BY_ID: ReadonlyMap<string, AchievementDef> = new Map(ACHIEVEMENTS.map((a) => [a.id, a]));

/** True if `x` names one of the twelve achievements. */
export function isAchievementId(x: unknown): x is AchievementId {
  return typeof x === 'string' && BY_ID.has(x);
}

/** The definition of an achievement (undefined for an unknown id). */
export function achievementDef(id: string): AchievementDef | undefined {
  return BY_ID.get(id);
}

// ---- the conditions, with GAME.md's numbers ----

/** level_10: the XP of level 10, 100·(10−1)² = 8100. */
export const LEVEL_10_XP = xpForLevel(10);
/** boss_slayer: the smallest AC garrison that counts. */
export const BOSS_SLAYER_MIN_GARRISON = 500;
/** speed_demon: a flashpoint completed within this many game hours of going active. */
export const SPEED_DEMON_GAME_HOURS = 2;
/** squad_founder: the level the founded squad must reach. */
export const SQUAD_FOUNDER_LEVEL = 2;
/** mentor_master: graduated mentees. */
export const MENTOR_MASTER_GRADUATIONS = 10;
/** community_pillar: reputation received from endorsements. */
export const COMMUNITY_PILLAR_POINTS = 1000;
/** mass_awakening (GAME §1, the ×1.3 multiplier): distinct players rewarded by operations the player led. */
export const MASS_AWAKENING_PLAYERS = 1000;
/**
 * ghost_protocol: the handlers (operation NPC voices) whose secret missions — hidden objectives —
 * a player must each have completed once. Our reading of "all handler secret missions": the
 * default templates give hidden objectives to these three voices.
 */
export const SECRET_MISSION_HANDLERS = ['Cipher', 'Oracle', 'Vanguard'] as const;

/** level_10: XP went from below 8100 to 8100 or more. */
export function reachesLevel10(xpBefore: number, xpAfter: number): boolean {
  return xpBefore < LEVEL_10_XP && xpAfter >= LEVEL_10_XP;
}

/** all_paths: the player shows all five specializations. */
export function holdsAllPaths(specs: readonly Specialization[]): boolean {
  return new Set(specs).size === 5;
}

/** boss_slayer: a siege won against the AC with a garrison of at least 500 (not against a squad). */
export function slaysBoss(siege: { attackerWon: boolean; acGarrison: number | null }): boolean {
  return siege.attackerWon && siege.acGarrison !== null && siege.acGarrison >= BOSS_SLAYER_MIN_GARRISON;
}

/**
 * speed_demon: a successful flashpoint whose completion came within 2 game hours of going active.
 * @param hourMs one game hour in ms (TIME_SCALE)
 */
export function isSpeedRun(op: { type: string; success: boolean; activeAt: number; completedAt: number; hourMs: number }): boolean {
  return op.type === 'flashpoint' && op.success && op.completedAt - op.activeAt <= SPEED_DEMON_GAME_HOURS * op.hourMs;
}

/** squad_founder: the squad reached level 2. */
export function foundsSquad(level: number): boolean {
  return level >= SQUAD_FOUNDER_LEVEL;
}

/** mentor_master: 10 graduated mentees. */
export function mastersMentoring(graduations: number): boolean {
  return graduations >= MENTOR_MASTER_GRADUATIONS;
}

/** community_pillar: 1000 reputation received from endorsements. */
export function isCommunityPillar(endorsementPointsReceived: number): boolean {
  return endorsementPointsReceived >= COMMUNITY_PILLAR_POINTS;
}

/** mass_awakening: 1000 distinct players rewarded by operations the player led. */
export function awakensMasses(distinctPlayersRewarded: number): boolean {
  return distinctPlayersRewarded >= MASS_AWAKENING_PLAYERS;
}

/** ghost_protocol: a secret mission completed under every handler of {@link SECRET_MISSION_HANDLERS}. */
export function completesGhostProtocol(handlersDone: Iterable<string>): boolean {
  const done = new Set(handlersDone);
  return SECRET_MISSION_HANDLERS.every((h) => done.has(h));
}

/** the_revelation: the completed objective is the hidden one of a liberation war. */
export function isRevelation(objective: { operationType: string; tier: string }): boolean {
  return objective.operationType === 'liberation_war' && objective.tier === 'hidden';
}

// ---- the codex: what a client may see ----

/** The redacted title of an unearned secret achievement. */
export const CLASSIFIED = '[CLASSIFIED]';

/** One codex entry as a client sees it (a secret one, before it is earned, carries nothing). */
export interface CodexEntry {
  /** The achievement id; for an unearned secret one `classified-<n>` (n = its place among the secret ones). */
  id: string;
  title: string;
  condition: string;
  xp: number;
  badge: string;
  rarity: BadgeRarity | null;
  secret: boolean;
  earned: boolean;
  /** ISO time it was earned. */
  earnedAt: string | null;
  /** Share of players who hold the badge, in basis points (recomputed daily); null when redacted or never computed. */
  holdersBps: number | null;
}

/**
 * The codex entry of `def` for a viewer: everything for a public achievement or an earned secret
 * one; for an unearned secret one only `[CLASSIFIED]` — no id, condition, XP, badge, rarity or share.
 */
export function codexEntry(
  def: AchievementDef,
  earnedAt: Date | null,
  holdersBps: number | null,
  secretIndex = 0,
): CodexEntry {
  if (def.secret && earnedAt === null) {
    return {
      id: `classified-${secretIndex + 1}`, title: CLASSIFIED, condition: CLASSIFIED, xp: 0, badge: '', rarity: null,
      secret: true, earned: false, earnedAt: null, holdersBps: null,
    };
  }
  return {
    id: def.id, title: def.title, condition: def.condition, xp: def.xp, badge: def.badge, rarity: def.rarity,
    secret: def.secret, earned: earnedAt !== null, earnedAt: earnedAt?.toISOString() ?? null, holdersBps,
  };
}

/** The whole codex for a viewer, in table order. */
export function codex(earned: ReadonlyMap<string, Date>, holdersBps: ReadonlyMap<string, number>): CodexEntry[] {
  let secret = 0;
  return ACHIEVEMENTS.map((def) => {
    const entry = codexEntry(def, earned.get(def.id) ?? null, holdersBps.get(def.id) ?? null, secret);
    if (def.secret) secret++;
    return entry;
  });
}

/**
 * The share of players holding a badge in basis points, rounded down (0 with no players).
 * @example holdersShareBps(1, 3) // 3333
 */
export function holdersShareBps(holders: number, players: number): number {
  if (players <= 0) return 0;
  return Math.floor((Math.min(holders, players) * 10000) / players);
}
