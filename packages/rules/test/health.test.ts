import { describe, expect, it } from 'vitest';
import { communityHealth, healthAlerts, healthInputs, healthScore, normalisedEntropy, type HealthCounts } from '../src/index';

const even = { technicalMastery: 100, truthScore: 100, impactRating: 100, teachingHonor: 100, artisticVision: 100 };
const week: HealthCounts = {
  newPlayers: 30, activeLastWeek: 200, retained: 120, activeThisWeek: 250, daysActiveThisWeek: 875,
  chatMessages: 1000, toxicMessages: 50, squadActors: 100, activeInSquad: 150, reputationGained: even,
};

describe('community health (GAME §9)', () => {
  it('each weekly input from the counts: growth, retention, engagement, toxicity, collaboration, diversity, squad participation', () => {
    const i = healthInputs(week);
    expect(i.growth).toBe(0.15); // 30 new ÷ 200 active last week
    expect(i.retention).toBe(0.6); // 120 of last week's 200 active again
    expect(i.engagement).toBe(0.5); // 875 days ÷ 250 players = 3.5 days ÷ 7
    expect(i.toxicity).toBe(0.05); // 50 of 1000 messages
    expect(i.collaboration).toBe(0.4); // 100 of 250 took a squad action
    expect(i.diversity).toBeCloseTo(1, 12); // gains spread evenly over the five dimensions
    expect(i.squadParticipation).toBe(0.6); // 150 of 250 in a squad
  });

  it('score = 0.15·growth + 0.25·retention + 0.25·engagement + 0.15·(1 − toxicity) + 0.10·collaboration + 0.10·diversity', () => {
    // 0.0225 + 0.15 + 0.125 + 0.1425 + 0.04 + 0.1
    expect(healthScore(healthInputs(week))).toBeCloseTo(0.58, 12);
    expect(healthScore({ growth: 1, retention: 1, engagement: 1, toxicity: 0, collaboration: 1, diversity: 1, squadParticipation: 0 })).toBeCloseTo(1, 12);
    expect(healthScore({ growth: 0, retention: 0, engagement: 0, toxicity: 1, collaboration: 0, diversity: 0, squadParticipation: 1 })).toBe(0);
  });

  it('growth is capped at 1; with nobody active last week it is 1 when anyone joined', () => {
    expect(healthInputs({ ...week, newPlayers: 500 }).growth).toBe(1);
    expect(healthInputs({ ...week, activeLastWeek: 0, retained: 0 }).growth).toBe(1);
    expect(healthInputs({ ...week, activeLastWeek: 0, retained: 0, newPlayers: 0 }).growth).toBe(0);
  });

  it('diversity: the normalised entropy of reputation gained across the five dimensions', () => {
    expect(normalisedEntropy([500, 0, 0, 0, 0])).toBe(0);
    expect(normalisedEntropy([0, 0, 0, 0, 0])).toBe(0);
    expect(normalisedEntropy([1, 1, 0, 0, 0])).toBeCloseTo(Math.log(2) / Math.log(5), 12); // 0.4307
    expect(normalisedEntropy([3, 1, 0, 0, 0])).toBeCloseTo(-(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)) / Math.log(5), 12);
  });

  it('alerts when toxicity > 0.1, retention < 0.4, squad participation < 0.3 — not at the thresholds', () => {
    expect(communityHealth(week).alerts).toEqual([]);
    const at = { ...week, toxicMessages: 100, retained: 80, activeInSquad: 75 }; // exactly 0.1, 0.4, 0.3
    expect(communityHealth(at).alerts).toEqual([]);
    const bad = communityHealth({ ...week, toxicMessages: 101, retained: 79, activeInSquad: 74 });
    expect(bad.alerts.map((a) => a.kind)).toEqual(['toxicity', 'retention', 'squadParticipation']);
    expect(bad.alerts[0]).toEqual({ kind: 'toxicity', value: 0.101, threshold: 0.1 });
    expect(bad.alerts[1]).toEqual({ kind: 'retention', value: 0.395, threshold: 0.4 });
    expect(bad.alerts[2]).toEqual({ kind: 'squadParticipation', value: 0.296, threshold: 0.3 });
  });

  it('an empty world raises no alert: an input measured over nobody is 0 and silent', () => {
    const empty: HealthCounts = {
      newPlayers: 0, activeLastWeek: 0, retained: 0, activeThisWeek: 0, daysActiveThisWeek: 0, chatMessages: 0, toxicMessages: 0,
      squadActors: 0, activeInSquad: 0, reputationGained: { ...even, technicalMastery: 0, truthScore: 0, impactRating: 0, teachingHonor: 0, artisticVision: 0 },
    };
    const h = communityHealth(empty);
    expect(h.alerts).toEqual([]);
    expect(h.score).toBeCloseTo(0.15, 12); // only (1 − toxicity) counts
    expect(healthAlerts(healthInputs(empty), empty)).toEqual([]);
  });
});
