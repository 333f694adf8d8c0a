// HTTP contracts of progression (GAME §1, §2, §5): profiles, the achievement codex, endorsements,
// and the live `notice` a player's world room sends when they earn an achievement.
import { z } from 'zod';

/** The five reputation dimensions (GAME §1). */
export const ReputationDimensionName = z.enum(['technicalMastery', 'truthScore', 'impactRating', 'teachingHonor', 'artisticVision']);

/** `POST /api/endorsements` — endorse a player (by id or name) in one dimension: +10. */
export const EndorseBody = z.object({
  /** The endorsed player's id or name. */
  player: z.string().min(1).max(64),
  dimension: ReputationDimensionName,
}).strict();
export type EndorseBody = z.infer<typeof EndorseBody>;

/** One badge on a profile. */
export interface BadgeDto {
  achievementId: string;
  title: string;
  badge: string;
  rarity: string;
  xp: number;
  earnedAt: string;
  /** Share of players holding it, basis points (daily); null before the first daily run. */
  holdersBps: number | null;
}

/**
 * A profile (`GET /api/profile` for oneself, `GET /api/profile/:player` for anyone): the public
 * part for everyone; `balances`, `xp`, `loginStreak` and `daysActive` only on one's own.
 */
export interface ProgressionProfileDto {
  id: string;
  name: string;
  role: string;
  self: boolean;
  reputation: Record<string, number>;
  influence: {
    /** Before multipliers. */
    base: number;
    multiplier: number;
    total: number;
    /** Floored, as the HUD shows it. */
    value: number;
    applied: { firstBlood: boolean; massAwakening: boolean; squadLeader: boolean };
  };
  rank: { name: string; minInfluence: number; next: { name: string; minInfluence: number } | null; missing: number; progress: number };
  unlocks: { reached: string[]; next: { id: string; minInfluence: number }[] };
  titles: string[];
  founder: boolean;
  foundingResistant: boolean;
  specializations: string[];
  /** The inputs of the specializations that are not reputation. */
  record: {
    investigationsLed: number;
    studentsMentored: number;
    contentPassed: number;
    endorsementPoints: number;
    /** Distinct players rewarded by operations they led (counted up to 1000, mass_awakening). */
    playersRewarded: number;
  };
  level: number;
  badges: BadgeDto[];
  combatRating: number;
  squad: {
    id: string; name: string; type: string; role: string; level: number; levelName: string; memberCount: number; maxMembers: number;
    active: boolean; perks: string[]; missionsCompleted: number; territoriesLiberated: number; evidenceGathered: number;
  } | null;
  /** Mentorship as far as progression records it (graduations); null when there is none. */
  mentorship: { studentsMentored: number; masterTeacher: boolean } | null;
  xp?: number;
  xpForNextLevel?: number;
  loginStreak?: number;
  daysActive?: number;
  balances?: Record<string, string>;
}

/** One codex entry (`GET /api/achievements`): a secret one not yet earned is all `[CLASSIFIED]`. */
export interface CodexEntryDto {
  id: string;
  title: string;
  condition: string;
  xp: number;
  badge: string;
  rarity: string | null;
  secret: boolean;
  earned: boolean;
  earnedAt: string | null;
  holdersBps: number | null;
}

/** `GET /api/achievements`. */
export interface CodexDto {
  achievements: CodexEntryDto[];
  earned: number;
  total: number;
}

/** `GET /api/endorsements`: may I endorse today, whom not yet, what I gave and received. */
export interface EndorsementStatusDto {
  endorsedToday: boolean;
  /** Influence needed to endorse. */
  minInfluence: number;
  cooldowns: { playerId: string; until: string }[];
  given: { playerId: string; name: string; dimension: string; points: number; at: string }[];
  received: { playerId: string; name: string; dimension: string; points: number; at: string }[];
  receivedPoints: number;
}

/** `POST /api/endorsements` answer. */
export interface EndorsementDto {
  targetId: string;
  dimension: string;
  points: number;
  targetReceived: number;
}

/**
 * The `notice` the world room sends to a player who just earned an achievement (a toast):
 * `message` is what any client shows; the rest lets a client draw the badge.
 */
export interface AchievementNoticeDto {
  kind: 'achievement';
  message: string;
  achievement: { id: string; title: string; badge: string; rarity: string; xp: number };
}
