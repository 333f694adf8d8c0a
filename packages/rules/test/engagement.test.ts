import { describe, expect, it } from 'vitest';
import {
  CHURN_INTERVENTIONS, churnRisk, churnTerms, churnTier, easierChallengeDifficulty, interventionsFor, loginBonusOutlook, suggestSquad,
  type ChurnInputs,
} from '../src/index';

/** A player who trips none of the four terms: average sessions, a squad, a recent level-up, no failures. */
const steady: ChurnInputs = { sessions: 4, averageSessions: 4, squadInteractions: 3, daysSinceLevelUp: 2, failedChallenges: 5 };

describe('churn risk (GAME §8.4)', () => {
  it('each term alone with its exact weight: sessions 0.3, squad 0.2, level-up 0.2, failed challenges 0.3', () => {
    expect(churnRisk(steady).risk).toBe(0);
    expect(churnRisk({ ...steady, sessions: 1 }).risk).toBe(0.3); // 1 < 4 / 2
    expect(churnRisk({ ...steady, squadInteractions: 2 }).risk).toBe(0.2); // < 3
    expect(churnRisk({ ...steady, daysSinceLevelUp: 14 }).risk).toBe(0.2); // no level-up for 14 days
    expect(churnRisk({ ...steady, failedChallenges: 6 }).risk).toBe(0.3); // > 5
  });

  it('sessions: strictly below half the average of active players', () => {
    expect(churnTerms({ ...steady, sessions: 2, averageSessions: 4 }).sessions).toBe(false); // exactly half
    expect(churnTerms({ ...steady, sessions: 1, averageSessions: 2.5 }).sessions).toBe(true); // 1 < 1.25
    expect(churnTerms({ ...steady, sessions: 2, averageSessions: 4.2 }).sessions).toBe(true); // 2 < 2.1
    expect(churnTerms({ ...steady, sessions: 0, averageSessions: 0 }).sessions).toBe(false); // nobody active: no average to fall below
    expect(churnTerms({ ...steady, sessions: 0, averageSessions: 1 }).sessions).toBe(true);
  });

  it('the other boundaries: 3 squad interactions, 13.9 vs 14 days, 5 vs 6 failures', () => {
    expect(churnTerms({ ...steady, squadInteractions: 3 }).squadInteractions).toBe(false);
    expect(churnTerms({ ...steady, squadInteractions: 0 }).squadInteractions).toBe(true);
    expect(churnTerms({ ...steady, daysSinceLevelUp: 13.9 }).noLevelUp).toBe(false);
    expect(churnTerms({ ...steady, daysSinceLevelUp: 400 }).noLevelUp).toBe(true);
    expect(churnTerms({ ...steady, failedChallenges: 5 }).failedChallenges).toBe(false);
    expect(churnTerms({ ...steady, failedChallenges: 6 }).failedChallenges).toBe(true);
  });

  it('sums are exact decimals and the cap holds at 1 with every term', () => {
    const all = churnRisk({ sessions: 0, averageSessions: 3, squadInteractions: 0, daysSinceLevelUp: 90, failedChallenges: 40 });
    expect(all.hundredths).toBe(100);
    expect(all.risk).toBe(1);
    expect(all.terms).toEqual({ sessions: true, squadInteractions: true, noLevelUp: true, failedChallenges: true });
    expect(churnRisk({ ...steady, sessions: 0, squadInteractions: 0, daysSinceLevelUp: 20 }).risk).toBe(0.7); // not 0.7000000000000001
    expect(churnRisk({ ...steady, squadInteractions: 0, daysSinceLevelUp: 20 }).risk).toBe(0.4);
    expect(churnRisk({ ...steady, sessions: 0, failedChallenges: 6, squadInteractions: 0 }).risk).toBe(0.8);
  });

  it('tiers: exactly 0.7 is not above 0.7 (elevated); exactly 0.4 is not above 0.4 (nothing)', () => {
    expect(churnTier(100)).toBe('high');
    expect(churnTier(80)).toBe('high');
    expect(churnTier(71)).toBe('high');
    expect(churnTier(70)).toBe('elevated');
    expect(churnTier(50)).toBe('elevated');
    expect(churnTier(41)).toBe('elevated');
    expect(churnTier(40)).toBe('low');
    expect(churnTier(0)).toBe('low');
    // 0.3 + 0.2 + 0.2 (a quiet, squadless veteran without failures) is the elevated tier, not the high one.
    expect(churnRisk({ sessions: 0, averageSessions: 2, squadInteractions: 0, daysSinceLevelUp: 30, failedChallenges: 0 }).tier).toBe('elevated');
  });

  it('> 0.7: a handler message, an easier challenge, a squad event; > 0.4: a progress highlight, the squad\'s needs, a mentor offer', () => {
    expect(interventionsFor('high')).toEqual(['handler_message', 'easier_challenge', 'squad_event']);
    expect(interventionsFor('elevated')).toEqual(['progress_highlight', 'squad_needs', 'mentor_offer']);
    expect(interventionsFor('low')).toEqual([]);
    expect(CHURN_INTERVENTIONS.high).toHaveLength(3);
  });

  it('the easier challenge: one difficulty below the level\'s, never below 1', () => {
    expect(easierChallengeDifficulty(1)).toBe(1); // level 1 plays difficulty 1 already
    expect(easierChallengeDifficulty(3)).toBe(1); // difficulty 2 → 1
    expect(easierChallengeDifficulty(8)).toBe(3); // difficulty 4 → 3
    expect(easierChallengeDifficulty(30)).toBe(4); // difficulty 5 → 4
  });
});

describe('the daily bundle\'s pure parts', () => {
  it('login bonus (GAME §1.3): claimed today at the stored streak, or what today\'s first login pays', () => {
    expect(loginBonusOutlook('2026-05-10', 3, '2026-05-10')).toEqual({
      claimedToday: true, streak: 3, reward: { resistance_credits: 130, xp: 57, cpu_cycles: 30, liberation_keys: 0, truth_tokens: 0, title: null },
    });
    // Yesterday's login at streak 6: today's first login makes it 7 (a liberation key).
    expect(loginBonusOutlook('2026-05-09', 6, '2026-05-10')).toEqual({
      claimedToday: false, streak: 7, reward: { resistance_credits: 170, xp: 67, cpu_cycles: 70, liberation_keys: 1, truth_tokens: 0, title: null },
    });
    expect(loginBonusOutlook('2026-05-01', 20, '2026-05-10')).toMatchObject({ claimedToday: false, streak: 1, reward: { resistance_credits: 110, xp: 52, cpu_cycles: 10 } });
    expect(loginBonusOutlook(null, 0, '2026-05-10')).toMatchObject({ claimedToday: false, streak: 1 });
  });

  it('a squad to suggest: recruiting with room, median influence closest to the player\'s, then the larger', () => {
    const sq = (id: string, recruitment: string, memberCount: number, maxMembers: number, medianInfluence: number) => ({ id, recruitment, memberCount, maxMembers, medianInfluence });
    const squads = [
      sq('closed', 'closed', 3, 10, 200), sq('full', 'open', 10, 10, 200), sq('far', 'open', 2, 10, 900),
      sq('near', 'application', 2, 10, 250), sq('near-big', 'open', 6, 10, 150),
    ];
    expect(suggestSquad(200, squads)?.id).toBe('near-big'); // 50 away like "near", but larger
    expect(suggestSquad(800, squads)?.id).toBe('far');
    expect(suggestSquad(200, squads.slice(0, 2))).toBeNull();
  });
});
