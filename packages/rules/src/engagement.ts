/**
 * Engagement (GAME §8.4): the churn-risk formula, its two intervention tiers, and the pure parts
 * of the daily bundle (the login bonus outlook, the easier challenge, a squad to suggest).
 *
 * risk = 0.3 if sessions last week < half the average (over the week's active players)
 *      + 0.2 if < 3 squad interactions last week
 *      + 0.2 if no level-up for 14 days
 *      + 0.3 if > 5 failed challenges last week, capped at 1;
 * > 0.7 → a handler message, an easier challenge, an invitation to a squad event;
 * > 0.4 → a progress highlight, the squad's needs, a mentor offer.
 *
 * Risks are kept in hundredths (integers) so every sum is exact: 0.3 + 0.2 + 0.2 is 70, which is
 * not above 70 — exactly 0.7 is the lower tier, exactly 0.4 gets nothing. The database computes the
 * same sum in its one set-based pass from the constants below (one source for both).
 */
import { difficultyForLevel } from './intel/challenges';
import { loginStreakReward, nextLoginStreak, type LoginStreakReward } from './progression';

/** Each term's weight, in hundredths (GAME §8.4). */
export const CHURN_WEIGHTS = { sessions: 30, squadInteractions: 20, noLevelUp: 20, failedChallenges: 30 } as const;

/** What each term compares against (GAME §8.4). */
export const CHURN_LIMITS = {
  /** Sessions below this share of the week's average over active players. */
  sessionsShareOfAverage: 0.5,
  /** Fewer squad interactions than this in the week. */
  minSquadInteractions: 3,
  /** No level-up for this many days. */
  levelUpDays: 14,
  /** More failed challenges than this in the week. */
  maxFailedChallenges: 5,
} as const;

/** The cap on the risk, in hundredths (GAME §8.4: capped at 1). */
export const CHURN_RISK_CAP = 100;

/** Tier thresholds in hundredths: strictly above 70 is high, strictly above 40 elevated. */
export const CHURN_HIGH_ABOVE = 70;
export const CHURN_ELEVATED_ABOVE = 40;

/** Days in "last week": the 7 UTC days ending with the scored day. */
export const CHURN_WEEK_DAYS = 7;

/**
 * Who is scored: players whose last daily login is within this many days of the scored day. A
 * player gone longer has churned already; scoring them would send daily messages to no one.
 */
export const CHURN_SCORED_WITHIN_DAYS = 28;

/** One intervention kind reaches a player at most once in this many days (GAME is silent). */
export const CHURN_INTERVENTION_COOLDOWN_DAYS = 7;

/** The trending operation is the active one with the most distinct contributors in this many hours. */
export const TRENDING_WINDOW_HOURS = 24;

/** The interventions of each tier (GAME §8.4). */
export const CHURN_INTERVENTIONS = {
  high: ['handler_message', 'easier_challenge', 'squad_event'],
  elevated: ['progress_highlight', 'squad_needs', 'mentor_offer'],
} as const;

export type ChurnTier = 'high' | 'elevated' | 'low';
export type InterventionKind = (typeof CHURN_INTERVENTIONS)[keyof typeof CHURN_INTERVENTIONS][number];
export const INTERVENTION_KINDS: readonly InterventionKind[] = [...CHURN_INTERVENTIONS.high, ...CHURN_INTERVENTIONS.elevated];

/** One player's week, as the churn formula reads it. */
export interface ChurnInputs {
  /** Sessions (entries into the world) in the 7 days. */
  sessions: number;
  /** Mean sessions of the week's active players (those with ≥ 1 session); 0 when nobody was active. */
  averageSessions: number;
  /** Squad interactions in the 7 days (votes, treasury contributions, sieges declared, squad chat). */
  squadInteractions: number;
  /** Whole days since the last level-up (or since the account was created, if it never levelled up). */
  daysSinceLevelUp: number;
  /** Wrong challenge answers in the 7 days. */
  failedChallenges: number;
}

/** Which of the four terms apply. */
export interface ChurnTerms {
  sessions: boolean;
  squadInteractions: boolean;
  noLevelUp: boolean;
  failedChallenges: boolean;
}

/** A scored player: the risk in hundredths and as a number, the terms and the tier. */
export interface ChurnScore {
  /** 0..100. */
  hundredths: number;
  /** 0..1, an exact decimal (hundredths ÷ 100). */
  risk: number;
  terms: ChurnTerms;
  tier: ChurnTier;
}

/** The four terms of GAME §8.4 for one player's week. */
export function churnTerms(i: ChurnInputs): ChurnTerms {
  return {
    sessions: i.sessions < i.averageSessions * CHURN_LIMITS.sessionsShareOfAverage,
    squadInteractions: i.squadInteractions < CHURN_LIMITS.minSquadInteractions,
    noLevelUp: i.daysSinceLevelUp >= CHURN_LIMITS.levelUpDays,
    failedChallenges: i.failedChallenges > CHURN_LIMITS.maxFailedChallenges,
  };
}

/** The tier of a risk in hundredths: > 70 high, > 40 elevated, else low (0.7 and 0.4 are not above). */
export function churnTier(hundredths: number): ChurnTier {
  if (hundredths > CHURN_HIGH_ABOVE) return 'high';
  if (hundredths > CHURN_ELEVATED_ABOVE) return 'elevated';
  return 'low';
}

/**
 * GAME §8.4 churn risk.
 * @example churnRisk({ sessions: 1, averageSessions: 4, squadInteractions: 0, daysSinceLevelUp: 30, failedChallenges: 0 }).risk // 0.7
 */
export function churnRisk(i: ChurnInputs): ChurnScore {
  const terms = churnTerms(i);
  const sum = (terms.sessions ? CHURN_WEIGHTS.sessions : 0) + (terms.squadInteractions ? CHURN_WEIGHTS.squadInteractions : 0)
    + (terms.noLevelUp ? CHURN_WEIGHTS.noLevelUp : 0) + (terms.failedChallenges ? CHURN_WEIGHTS.failedChallenges : 0);
  const hundredths = Math.min(CHURN_RISK_CAP, sum);
  return { hundredths, risk: hundredths / 100, terms, tier: churnTier(hundredths) };
}

/** The interventions a tier sends (none for low). */
export function interventionsFor(tier: ChurnTier): readonly InterventionKind[] {
  return tier === 'low' ? [] : CHURN_INTERVENTIONS[tier];
}

/** The easier challenge offered at high risk: one difficulty below the player's level's, at least 1. */
export function easierChallengeDifficulty(level: number): number {
  return Math.max(1, difficultyForLevel(level) - 1);
}

/** The handler's message to a player at high risk (the same words for each; the rest is in their Today panel). */
export const HANDLER_CHECKIN_MESSAGE =
  'Operative, the network has missed you this week. Nothing big is asked: an easier challenge is waiting for you, '
  + 'and your squad has something planned you can join. Open Today in the dock — and answer here if anything stands in your way.';

/** The notification texts of the two tiers. */
export const CHURN_NOTIFICATIONS = {
  high: { title: 'Your handler wants a word', body: 'A message from your handler, an easier challenge and an invitation from your squad are waiting in Today.' },
  elevated: { title: 'Your week in the resistance', body: 'How far you have come, what your squad needs and a mentor who could help: see Today.' },
} as const;

/** The day's login bonus as the daily bundle shows it (GAME §1.3). */
export interface LoginBonusOutlook {
  /** Today's first login happened (the bonus was paid). */
  claimedToday: boolean;
  /** The streak it was paid at, or will be paid at by today's first login. */
  streak: number;
  reward: LoginStreakReward;
}

/**
 * Today's login bonus: paid already (the streak stored) or what the first login of today pays (the
 * streak it would reach).
 */
export function loginBonusOutlook(lastLoginDay: string | null, streak: number, today: string): LoginBonusOutlook {
  const next = nextLoginStreak(lastLoginDay, today, streak);
  const s = next.firstLoginToday ? next.streak : Math.max(1, streak);
  return { claimedToday: !next.firstLoginToday, streak: s, reward: loginStreakReward(s) };
}

/** A squad a squadless player might join (the fields the suggestion reads). */
export interface SquadOpening {
  id: string;
  recruitment: string;
  memberCount: number;
  maxMembers: number;
  medianInfluence: number;
}

/**
 * The squad to suggest to a squadless player: one that recruits and has room, whose members'
 * median influence is closest to the player's (the squad finder's skill term), then the larger;
 * null when none recruits.
 */
export function suggestSquad<S extends SquadOpening>(influence: number, squads: readonly S[]): S | null {
  let best: S | null = null;
  for (const s of squads) {
    if (s.recruitment === 'closed' || s.memberCount >= s.maxMembers) continue;
    if (!best) { best = s; continue; }
    const d = Math.abs(s.medianInfluence - influence) - Math.abs(best.medianInfluence - influence);
    if (d < 0 || (d === 0 && s.memberCount > best.memberCount)) best = s;
  }
  return best;
}
