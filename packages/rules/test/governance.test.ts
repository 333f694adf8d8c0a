import { describe, expect, it } from 'vitest';
import { COUNCILS, mayPropose, mayStandFor, PROPOSAL_RULES, proposalOutcome, voteWeight } from '../src/governance';

describe('vote weight', () => {
  const base = { influence: 0, daysActive: 0, contributionScore: 0 };

  it('vote weight: 1 for a new player with no influence', () => {
    expect(voteWeight(base)).toBe(1);
  });

  it('vote weight: + log10(influence + 1)', () => {
    expect(voteWeight({ ...base, influence: 9 })).toBe(2);
    expect(voteWeight({ ...base, influence: 99 })).toBe(3);
    expect(voteWeight({ ...base, influence: 9999 })).toBe(5);
  });

  it('vote weight: +0.5 only for more than 30 days active', () => {
    expect(voteWeight({ ...base, daysActive: 30 })).toBe(1);
    expect(voteWeight({ ...base, daysActive: 31 })).toBe(1.5);
  });

  it('vote weight: another +0.5 for more than 90 days', () => {
    expect(voteWeight({ ...base, daysActive: 90 })).toBe(1.5);
    expect(voteWeight({ ...base, daysActive: 91 })).toBe(2);
  });

  it('vote weight: another +1.0 for more than 365 days', () => {
    expect(voteWeight({ ...base, daysActive: 365 })).toBe(2);
    expect(voteWeight({ ...base, daysActive: 366 })).toBe(3);
  });

  it('vote weight: +0.5 for a contribution score above 1000', () => {
    expect(voteWeight({ ...base, contributionScore: 1000 })).toBe(1);
    expect(voteWeight({ ...base, contributionScore: 1000.5 })).toBe(1.5);
  });

  it('vote weight: all bonuses add up (99 influence, 400 days, 2000 score → 1 + 2 + 2 + 0.5 = 5.5)', () => {
    expect(voteWeight({ influence: 99, daysActive: 400, contributionScore: 2000 })).toBe(5.5);
  });

  it('vote weight: capped at 10', () => {
    expect(voteWeight({ influence: 999999, daysActive: 1000, contributionScore: 5000 })).toBe(9.5); // 1 + 6 + 2.5
    expect(voteWeight({ influence: 9999999, daysActive: 1000, contributionScore: 5000 })).toBe(10); // 10.5 capped
  });
});

describe('proposals', () => {
  it('proposal rules: GAME §7.1 table', () => {
    expect(PROPOSAL_RULES.feature).toEqual({ periodDays: 7, quorumBps: 1000, thresholdBps: 5000 });
    expect(PROPOSAL_RULES.content).toEqual({ periodDays: 7, quorumBps: 1000, thresholdBps: 5000 });
    expect(PROPOSAL_RULES.balance).toEqual({ periodDays: 3, quorumBps: 1500, thresholdBps: 6000 });
    expect(PROPOSAL_RULES.economic).toEqual({ periodDays: 3, quorumBps: 1500, thresholdBps: 6000 });
    expect(PROPOSAL_RULES.emergency).toEqual({ periodDays: 1, quorumBps: 500, thresholdBps: 6670 });
  });

  it('proposal quorum: feature needs 10 % of eligible weight, inclusive', () => {
    expect(proposalOutcome({ kind: 'feature', yesWeight: 100, noWeight: 0, eligibleWeight: 1000 })).toEqual({ quorumReached: true, passed: true });
    expect(proposalOutcome({ kind: 'feature', yesWeight: 99, noWeight: 0, eligibleWeight: 1000 })).toEqual({ quorumReached: false, passed: false });
  });

  it('proposal threshold: feature passes at more than 50 %, a 50/50 tie fails', () => {
    expect(proposalOutcome({ kind: 'feature', yesWeight: 51, noWeight: 49, eligibleWeight: 1000 }).passed).toBe(true);
    expect(proposalOutcome({ kind: 'content', yesWeight: 50, noWeight: 50, eligibleWeight: 1000 })).toEqual({ quorumReached: true, passed: false });
  });

  it('proposal: balance needs 15 % quorum and 60 % yes, both inclusive', () => {
    expect(proposalOutcome({ kind: 'balance', yesWeight: 90, noWeight: 60, eligibleWeight: 1000 })).toEqual({ quorumReached: true, passed: true });
    expect(proposalOutcome({ kind: 'balance', yesWeight: 89, noWeight: 60, eligibleWeight: 1000 })).toEqual({ quorumReached: false, passed: false });
    expect(proposalOutcome({ kind: 'economic', yesWeight: 59, noWeight: 41, eligibleWeight: 100 })).toEqual({ quorumReached: true, passed: false });
    expect(proposalOutcome({ kind: 'economic', yesWeight: 60, noWeight: 40, eligibleWeight: 100 }).passed).toBe(true);
  });

  it('proposal: emergency needs 5 % quorum and 66.7 % (667/1000) yes', () => {
    expect(proposalOutcome({ kind: 'emergency', yesWeight: 667, noWeight: 333, eligibleWeight: 20000 })).toEqual({ quorumReached: true, passed: true });
    expect(proposalOutcome({ kind: 'emergency', yesWeight: 666, noWeight: 334, eligibleWeight: 20000 })).toEqual({ quorumReached: true, passed: false });
    expect(proposalOutcome({ kind: 'emergency', yesWeight: 2, noWeight: 1, eligibleWeight: 3 }).passed).toBe(false); // 66.67 % < 66.7 %
    expect(proposalOutcome({ kind: 'emergency', yesWeight: 667, noWeight: 333, eligibleWeight: 20001 }).quorumReached).toBe(false);
  });

  it('proposal: no eligible weight or no votes never reaches quorum', () => {
    expect(proposalOutcome({ kind: 'feature', yesWeight: 0, noWeight: 0, eligibleWeight: 0 })).toEqual({ quorumReached: false, passed: false });
    expect(proposalOutcome({ kind: 'feature', yesWeight: 0, noWeight: 0, eligibleWeight: 10 })).toEqual({ quorumReached: false, passed: false });
  });

  it('proposal: emergency only by council members, content from 5000 influence', () => {
    expect(mayPropose('emergency', { influence: 10000, isCouncilMember: false })).toBe(false);
    expect(mayPropose('emergency', { influence: 0, isCouncilMember: true })).toBe(true);
    expect(mayPropose('content', { influence: 4999, isCouncilMember: false })).toBe(false);
    expect(mayPropose('content', { influence: 5000, isCouncilMember: false })).toBe(true);
    expect(mayPropose('balance', { influence: 0, isCouncilMember: false })).toBe(true);
  });
});

describe('councils', () => {
  const nobody = { level: 1, technicalMastery: 0, artisticVision: 0, influence: 0 };

  it('councils: seats and terms of GAME §7.3', () => {
    expect(Object.fromEntries(Object.entries(COUNCILS).map(([k, v]) => [k, [v.seats, v.termDays]]))).toEqual({
      player: [21, 90], technical: [7, 60], creative: [7, 60], strategic: [5, 90],
    });
  });

  it('councils: player council from level 10', () => {
    expect(mayStandFor('player', { ...nobody, level: 9 })).toBe(false);
    expect(mayStandFor('player', { ...nobody, level: 10 })).toBe(true);
  });

  it('councils: technical council from technicalMastery 8000', () => {
    expect(mayStandFor('technical', { ...nobody, technicalMastery: 7999 })).toBe(false);
    expect(mayStandFor('technical', { ...nobody, technicalMastery: 8000 })).toBe(true);
  });

  it('councils: creative council from artisticVision 5000', () => {
    expect(mayStandFor('creative', { ...nobody, artisticVision: 4999 })).toBe(false);
    expect(mayStandFor('creative', { ...nobody, artisticVision: 5000 })).toBe(true);
  });

  it('councils: strategic council from rank Commander (influence 5000)', () => {
    expect(mayStandFor('strategic', { ...nobody, influence: 4999.9 })).toBe(false);
    expect(mayStandFor('strategic', { ...nobody, influence: 5000 })).toBe(true);
    expect(mayStandFor('strategic', { ...nobody, influence: 12000 })).toBe(true);
  });
});
