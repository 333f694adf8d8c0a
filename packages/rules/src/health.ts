/**
 * Community health (GAME §9): a daily score from weekly inputs, each in 0..1, and the alerts GMs get.
 *
 * score = 0.15·growth + 0.25·retention + 0.25·engagement + 0.15·(1 − toxicity)
 *       + 0.10·collaboration + 0.10·diversity
 *
 * The database counts what happened in the week (one set-based pass); these functions turn the
 * counts into the inputs, the score and the alerts, so the formula lives in one place.
 */
import { REPUTATION_DIMENSIONS, type ReputationDimension } from './reputation';

/** What one week's pass counts (the week is the 7 UTC days ending with the computed day). */
export interface HealthCounts {
  /** Accounts created this week. */
  newPlayers: number;
  /** Players with at least one day active this week (a day's first login). */
  activeThisWeek: number;
  /** Players with at least one day active in the 7 days before this week. */
  activeLastWeek: number;
  /** Of last week's active players, those active again this week. */
  retained: number;
  /** Σ over this week's active players of their days active this week (each 1..7). */
  daysActiveThisWeek: number;
  /** Chat messages posted this week, in every channel. */
  chatMessages: number;
  /** Of them, masked by the word filter or removed by a moderator after a report. */
  toxicMessages: number;
  /** This week's active players who took a squad action this week (vote, contribute, siege, squad chat). */
  squadActors: number;
  /** This week's active players who are in a squad. */
  activeInSquad: number;
  /** Reputation gained this week, per dimension (rises only; decay is not a gain). */
  reputationGained: Readonly<Record<ReputationDimension, number>>;
}

/** The seven weekly inputs of GAME §9, each in 0..1. */
export interface HealthInputs {
  growth: number;
  retention: number;
  engagement: number;
  toxicity: number;
  collaboration: number;
  diversity: number;
  squadParticipation: number;
}

/** Weights of the score (GAME §9). `toxicity` enters as (1 − toxicity). Squad participation only alerts. */
export const HEALTH_WEIGHTS = {
  growth: 0.15, retention: 0.25, engagement: 0.25, toxicity: 0.15, collaboration: 0.10, diversity: 0.10,
} as const;

/** Alert thresholds (GAME §9): toxicity above, retention and squad participation below. */
export const HEALTH_ALERT_THRESHOLDS = { toxicity: 0.1, retention: 0.4, squadParticipation: 0.3 } as const;

export type HealthAlertKind = keyof typeof HEALTH_ALERT_THRESHOLDS;

/** One alert: which input, its value, the threshold it crossed. */
export interface HealthAlert {
  kind: HealthAlertKind;
  value: number;
  threshold: number;
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : 0);
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/**
 * Normalised Shannon entropy of a distribution given by non-negative weights: H / ln(k), k the
 * number of categories (here the five reputation dimensions). 1 when spread evenly, 0 when all
 * weight sits in one category or there is none.
 * @example normalisedEntropy([1, 1, 1, 1, 1]) // 1
 */
export function normalisedEntropy(weights: readonly number[]): number {
  const total = weights.reduce((a, w) => a + Math.max(0, w), 0);
  if (total <= 0 || weights.length < 2) return 0;
  let h = 0;
  for (const w of weights) {
    if (w <= 0) continue;
    const p = w / total;
    h -= p * Math.log(p);
  }
  return clamp01(h / Math.log(weights.length));
}

/**
 * The inputs from a week's counts. A ratio over nobody is 0 (no messages: no toxicity; nobody
 * active last week: growth is 1 when anyone joined, else 0).
 */
export function healthInputs(c: HealthCounts): HealthInputs {
  const growth = c.activeLastWeek > 0 ? Math.min(1, c.newPlayers / c.activeLastWeek) : c.newPlayers > 0 ? 1 : 0;
  return {
    growth,
    retention: clamp01(ratio(c.retained, c.activeLastWeek)),
    engagement: clamp01(ratio(c.daysActiveThisWeek, c.activeThisWeek) / 7),
    toxicity: clamp01(ratio(c.toxicMessages, c.chatMessages)),
    collaboration: clamp01(ratio(c.squadActors, c.activeThisWeek)),
    diversity: normalisedEntropy(REPUTATION_DIMENSIONS.map((d) => c.reputationGained[d] ?? 0)),
    squadParticipation: clamp01(ratio(c.activeInSquad, c.activeThisWeek)),
  };
}

/** The community health score (GAME §9), 0..1. */
export function healthScore(i: HealthInputs): number {
  const w = HEALTH_WEIGHTS;
  return w.growth * i.growth + w.retention * i.retention + w.engagement * i.engagement
    + w.toxicity * (1 - i.toxicity) + w.collaboration * i.collaboration + w.diversity * i.diversity;
}

/**
 * The alerts of a day (GAME §9): toxicity > 0.1, retention < 0.4, squad participation < 0.3. An
 * input measured over nobody (no messages, nobody active last week or this week) raises none:
 * an empty world is not an unhealthy one.
 */
export function healthAlerts(i: HealthInputs, c: HealthCounts): HealthAlert[] {
  const t = HEALTH_ALERT_THRESHOLDS;
  const out: HealthAlert[] = [];
  if (c.chatMessages > 0 && i.toxicity > t.toxicity) out.push({ kind: 'toxicity', value: i.toxicity, threshold: t.toxicity });
  if (c.activeLastWeek > 0 && i.retention < t.retention) out.push({ kind: 'retention', value: i.retention, threshold: t.retention });
  if (c.activeThisWeek > 0 && i.squadParticipation < t.squadParticipation) {
    out.push({ kind: 'squadParticipation', value: i.squadParticipation, threshold: t.squadParticipation });
  }
  return out;
}

/** A day's health: the inputs, the score and the alerts. */
export function communityHealth(c: HealthCounts): { inputs: HealthInputs; score: number; alerts: HealthAlert[] } {
  const inputs = healthInputs(c);
  return { inputs, score: healthScore(inputs), alerts: healthAlerts(inputs, c) };
}
