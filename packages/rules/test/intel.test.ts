import { describe, expect, it } from 'vitest';
import {
  GameError, answerMatches, assertChallengeOpen, assertCustomChallengeAllowed, assertMayConfirm, challengeRecordCount,
  claimKeyOf, customChallengeReward, dailyChallengeSeed, difficultyForLevel, distinctGroups, generateChallenge,
  generatedChallengeReward, normaliseClaimKey, patternVerifies, recordIsConsistent, tamperedRecordIds, verifiedPatternReward,
  activeModifiers, type IntelConfirmer,
} from '../src/index';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof GameError ? e.code : 'not a GameError';
  }
  return undefined;
}

describe('intel: claim keys', () => {
  it('lower-cases, strips punctuation and collapses whitespace', () => {
    expect(normaliseClaimKey('  The Mayor,  OWNS  "Acme"! ')).toBe('the mayor owns acme');
    expect(normaliseClaimKey('the mayor owns acme')).toBe(normaliseClaimKey('THE\tMAYOR\nowns... ACME?!'));
    expect(normaliseClaimKey('Überwachung: 24/7 — überall')).toBe('überwachung 247 überall');
  });
  it('refuses claims with nothing left after normalisation, or too long', () => {
    expect(codeOf(() => claimKeyOf('!!! ?? ..'))).toBe('BAD_REQUEST');
    expect(codeOf(() => claimKeyOf('x'.repeat(281)))).toBe('BAD_REQUEST');
    expect(claimKeyOf('Camera #12 is live')).toBe('camera 12 is live');
  });
});

describe('intel: verification rule', () => {
  const c = (playerId: string, squadId: string | null): IntelConfirmer => ({ playerId, squadId });
  it('3 confirmers from one squad do not verify', () => {
    expect(patternVerifies([c('a', 's1'), c('b', 's1'), c('c', 's1')], 3)).toBe(false);
  });
  it('3 confirmers from 2 squads verify', () => {
    expect(patternVerifies([c('a', 's1'), c('b', 's1'), c('c', 's2')], 3)).toBe(true);
  });
  it('squadless players count as their own groups', () => {
    expect(distinctGroups([c('a', null), c('b', null), c('c', 's1')])).toBe(3);
    expect(patternVerifies([c('a', null), c('b', 's1'), c('c', 's1')], 3)).toBe(true);
  });
  it('2 confirmers are not enough at the default threshold; the registry value is honoured', () => {
    expect(patternVerifies([c('a', 's1'), c('b', 's2')])).toBe(false);
    expect(patternVerifies([c('a', 's1'), c('b', 's2')], 2)).toBe(true);
    expect(patternVerifies([c('a', 's1'), c('b', 's2'), c('c', null)], 4)).toBe(false);
  });
  it('the same player twice counts once', () => {
    expect(patternVerifies([c('a', 's1'), c('a', 's1'), c('b', 's2')], 3)).toBe(false);
  });
  it('self-confirmation and double confirmation are refused', () => {
    expect(codeOf(() => assertMayConfirm([c('sub', null)], 'sub', 'sub'))).toBe('ALREADY_CONFIRMED');
    expect(codeOf(() => assertMayConfirm([c('sub', null), c('b', 's1')], 'b', 'sub'))).toBe('ALREADY_CONFIRMED');
    expect(codeOf(() => assertMayConfirm([c('sub', null)], 'b', 'sub'))).toBeUndefined();
  });
  it('rewards: 100 truthScore, 1 truth_token, 100 data_credits (150 on Intelligence Monday)', () => {
    expect(verifiedPatternReward(1)).toEqual({ truthScore: 100, truthTokens: 1n, dataCredits: 100n });
    const monday = activeModifiers(new Date('2027-03-01T12:00:00Z'));
    expect(monday.intelDataCreditsMultiplier).toBe(1.5);
    expect(verifiedPatternReward(monday.intelDataCreditsMultiplier).dataCredits).toBe(150n);
  });
});

describe('challenges: generator', () => {
  it('is deterministic per (seed, difficulty)', () => {
    expect(generateChallenge(42, 3)).toEqual(generateChallenge(42, 3));
    expect(generateChallenge(42, 3)).not.toEqual(generateChallenge(43, 3));
    expect(generateChallenge(42, 3).data.records).toHaveLength(18);
  });
  it('property: every generated puzzle has exactly one answer (2,500 seeds × 5 difficulties, brute force)', () => {
    for (let seed = 0; seed < 2500; seed++) {
      for (let d = 1; d <= 5; d++) {
        const ch = generateChallenge(seed * 7919 + 13, d);
        const ids = ch.data.records.map((r) => r.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.length).toBe(challengeRecordCount(d));
        // Brute force: try every record id as the answer; exactly one is the tampered one.
        const breaking = tamperedRecordIds(ch.data);
        if (breaking.length !== 1 || breaking[0] !== ch.answer) throw new Error(`seed ${seed} d ${d}: ${breaking.join(',')} vs ${ch.answer}`);
        const accepted = ids.filter((id) => answerMatches(ch.answer, id));
        if (accepted.length !== 1) throw new Error(`seed ${seed} d ${d}: ${accepted.length} answers`);
        for (const r of ch.data.records) if (r.amount <= 0) throw new Error(`seed ${seed}: non-positive amount`);
      }
    }
  });
  it('answers compare case-insensitively and trimmed', () => {
    const ch = generateChallenge(7, 1);
    expect(answerMatches(ch.answer, `  ${ch.answer.toLowerCase()} `)).toBe(true);
    expect(answerMatches(ch.answer, 'R-0000')).toBe(false);
    const honest = ch.data.records.find((r) => r.id !== ch.answer)!;
    expect(recordIsConsistent(ch.data, honest)).toBe(true);
  });
  it('difficulty follows the level; the daily seed is stable', () => {
    expect([1, 2, 3, 4, 5, 8, 9, 30].map(difficultyForLevel)).toEqual([1, 1, 2, 2, 3, 4, 5, 5]);
    expect(dailyChallengeSeed('2027-03-03', 2)).toBe(dailyChallengeSeed('2027-03-03', 2));
    expect(dailyChallengeSeed('2027-03-03', 2)).not.toBe(dailyChallengeSeed('2027-03-04', 2));
  });
});

describe('challenges: rewards and custom challenges', () => {
  it('generated: 10 technicalMastery, 50 XP, 20 cpu_cycles per difficulty; Workshop Wednesday +25 % XP', () => {
    expect(generatedChallengeReward(2)).toEqual({ technicalMastery: 20, xp: 100, cpuCycles: 40n });
    const wednesday = activeModifiers(new Date('2027-03-03T12:00:00Z'));
    expect(wednesday.challengeXpMultiplier).toBe(1.25);
    expect(generatedChallengeReward(2, wednesday.challengeXpMultiplier)).toEqual({ technicalMastery: 20, xp: 125, cpuCycles: 40n });
  });
  it('custom: points XP, points cpu_cycles, ⌈points/10⌉ technicalMastery', () => {
    expect(customChallengeReward(105)).toEqual({ technicalMastery: 11, xp: 105, cpuCycles: 105n });
    expect(customChallengeReward(100, 1.25).xp).toBe(125);
  });
  it('custom challenges need influence ≥ 100 and reward ≤ influence', () => {
    const now = new Date('2027-03-01T00:00:00Z');
    const win = { startsAt: now, endsAt: new Date(now.getTime() + 3600_000), now };
    expect(codeOf(() => assertCustomChallengeAllowed({ creatorInfluence: 99.5, rewardPoints: 10, ...win }))).toBe('REQUIREMENTS_NOT_MET');
    expect(codeOf(() => assertCustomChallengeAllowed({ creatorInfluence: 150, rewardPoints: 151, ...win }))).toBe('REQUIREMENTS_NOT_MET');
    expect(codeOf(() => assertCustomChallengeAllowed({ creatorInfluence: 150, rewardPoints: 150, ...win }))).toBeUndefined();
    expect(codeOf(() => assertCustomChallengeAllowed({ creatorInfluence: 150, rewardPoints: 10, ...win, endsAt: now }))).toBe('BAD_REQUEST');
  });
  it('a challenge is open in [start, end)', () => {
    const s = new Date('2027-03-01T00:00:00Z');
    const e = new Date('2027-03-02T00:00:00Z');
    expect(codeOf(() => assertChallengeOpen(s, e, s))).toBeUndefined();
    expect(codeOf(() => assertChallengeOpen(s, e, e))).toBe('CHALLENGE_NOT_OPEN');
    expect(codeOf(() => assertChallengeOpen(s, e, new Date(s.getTime() - 1)))).toBe('CHALLENGE_NOT_OPEN');
  });
});
