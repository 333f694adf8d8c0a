import { describe, expect, it } from 'vitest';
import { GameError } from '../src/errors';
import {
  BOUNTY_CLAIM_STAKE, BOUNTY_MAX_HOURS, assertMayClaimBounty, bountyFulfilled, validateBountyPost,
} from '../src/bounties';
import { CANDIDACY_DEPOSIT_TRUTH_TOKENS, assertNotOwnChallenge, cappedCustomChallengePoints } from '../src/sinks';
import { challengeHint } from '../src/intel/hints';
import { generateChallenge, tamperedRecordIds } from '../src/intel/challenges';
import { defaultParameters } from '../src/registry';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return err instanceof GameError ? err.code : 'not a GameError';
  }
  return undefined;
};

const NOW = new Date('2026-03-10T12:00:00Z');
const HOUR = 3_600_000;
const post = { kind: 'verify_intel', target: 'leak', resource: 'data_credits', amount: 50n, hours: 24, hourMs: HOUR, now: NOW };

describe('bounty board (GAME §4.5)', () => {
  it('bounties: a claim stakes exactly one truth_token; a candidacy deposits one', () => {
    expect(BOUNTY_CLAIM_STAKE).toBe(1n);
    expect(CANDIDACY_DEPOSIT_TRUTH_TOKENS).toBe(1n);
  });

  it('bounties: a post is checked and its deadline is now + hours × game hour', () => {
    expect(validateBountyPost(post)).toEqual({ kind: 'verify_intel', resource: 'data_credits', deadline: new Date('2026-03-11T12:00:00Z') });
    // A game hour of 2.5 s (TIME_SCALE 1440): 24 game hours = 60 s.
    expect(validateBountyPost({ ...post, hourMs: 2500 }).deadline.getTime()).toBe(NOW.getTime() + 60_000);
    expect(validateBountyPost({ ...post, kind: 'liberate_territory', target: 't--3_2' }).kind).toBe('liberate_territory');
    expect(validateBountyPost({ ...post, kind: 'solve_challenge', target: '5b7c0f4e-1f7a-4f6e-9a59-0a4c2f9d1e11' }).kind).toBe('solve_challenge');
  });

  it('bounties: soul-bound rewards, bad kinds, targets, amounts and durations are refused', () => {
    expect(codeOf(() => validateBountyPost({ ...post, resource: 'truth_tokens' }))).toBe('SOUL_BOUND');
    expect(codeOf(() => validateBountyPost({ ...post, resource: 'influence_points' }))).toBe('SOUL_BOUND');
    expect(codeOf(() => validateBountyPost({ ...post, resource: 'gold' }))).toBe('BAD_REQUEST');
    expect(codeOf(() => validateBountyPost({ ...post, kind: 'assassinate' }))).toBe('BAD_REQUEST');
    expect(codeOf(() => validateBountyPost({ ...post, target: 'Not A Slug' }))).toBe('BAD_REQUEST');
    expect(codeOf(() => validateBountyPost({ ...post, kind: 'liberate_territory', target: 'leak' }))).toBe('BAD_REQUEST');
    expect(codeOf(() => validateBountyPost({ ...post, kind: 'solve_challenge', target: 'leak' }))).toBe('BAD_REQUEST');
    expect(codeOf(() => validateBountyPost({ ...post, amount: 0n }))).toBe('BAD_REQUEST');
    expect(codeOf(() => validateBountyPost({ ...post, hours: 0 }))).toBe('BAD_REQUEST');
    expect(codeOf(() => validateBountyPost({ ...post, hours: BOUNTY_MAX_HOURS + 1 }))).toBe('BAD_REQUEST');
    expect(codeOf(() => validateBountyPost({ ...post, hours: 1.5 }))).toBe('BAD_REQUEST');
  });

  it('bounties: the poster cannot claim; a paid, refunded or expired bounty is closed', () => {
    const b = { posterId: 'p', status: 'open' as const, deadline: new Date(NOW.getTime() + HOUR) };
    expect(codeOf(() => assertMayClaimBounty(b, 'p', NOW))).toBe('OWN_BOUNTY');
    expect(codeOf(() => assertMayClaimBounty(b, 'q', NOW))).toBeUndefined();
    expect(codeOf(() => assertMayClaimBounty({ ...b, status: 'paid' }, 'q', NOW))).toBe('BOUNTY_CLOSED');
    expect(codeOf(() => assertMayClaimBounty({ ...b, status: 'refunded' }, 'q', NOW))).toBe('BOUNTY_CLOSED');
    // The deadline itself is already closed.
    expect(codeOf(() => assertMayClaimBounty(b, 'q', b.deadline))).toBe('BOUNTY_CLOSED');
  });

  it('bounties: fulfilment counts only work done since the posting', () => {
    const createdAt = NOW;
    const before = new Date(NOW.getTime() - 1);
    expect(bountyFulfilled({ kind: 'verify_intel', createdAt }, { verifiedPatternsAt: [before] })).toBe(false);
    expect(bountyFulfilled({ kind: 'verify_intel', createdAt }, { verifiedPatternsAt: [before, NOW] })).toBe(true);
    expect(bountyFulfilled({ kind: 'verify_intel', createdAt }, {})).toBe(false);
    expect(bountyFulfilled({ kind: 'solve_challenge', createdAt }, { solvedAt: before })).toBe(false);
    expect(bountyFulfilled({ kind: 'solve_challenge', createdAt }, { solvedAt: new Date(NOW.getTime() + 5) })).toBe(true);
    expect(bountyFulfilled({ kind: 'solve_challenge', createdAt }, { solvedAt: null })).toBe(false);
  });

  it('bounties: a territory counts when the claimant\'s squad holds it liberated and did not hold it at the posting', () => {
    const t = { status: 'liberated', holderSquadId: 's1', holderAtPost: null, claimantSquadId: 's1' };
    const b = { kind: 'liberate_territory' as const, createdAt: NOW };
    expect(bountyFulfilled(b, { territory: t })).toBe(true);
    expect(bountyFulfilled(b, { territory: { ...t, holderAtPost: 's2' } })).toBe(true);
    expect(bountyFulfilled(b, { territory: { ...t, holderAtPost: 's1' } })).toBe(false);
    expect(bountyFulfilled(b, { territory: { ...t, claimantSquadId: 's2' } })).toBe(false);
    expect(bountyFulfilled(b, { territory: { ...t, claimantSquadId: null, holderSquadId: null } })).toBe(false);
    expect(bountyFulfilled(b, { territory: { ...t, status: 'contested' } })).toBe(false);
    expect(bountyFulfilled(b, {})).toBe(false);
  });
});

describe('sinks (GAME §4.5) and the custom-challenge cap', () => {
  it('sinks: registry prices are 5 cpu_cycles per investigation action, 20 data_credits per hint, a 1000-point daily cap', () => {
    const p = defaultParameters();
    expect(p.investigation_action_cpu_cycles).toBe(5);
    expect(p.challenge_hint_data_credits).toBe(20);
    expect(p.custom_challenge_daily_reward_points).toBe(1000);
  });

  it('custom challenges: a solve pays what is left of the creator\'s daily cap, then nothing', () => {
    expect(cappedCustomChallengePoints(300, 0, 1000)).toBe(300);
    expect(cappedCustomChallengePoints(300, 900, 1000)).toBe(100);
    expect(cappedCustomChallengePoints(300, 1000, 1000)).toBe(0);
    expect(cappedCustomChallengePoints(300, 1500, 1000)).toBe(0);
    expect(cappedCustomChallengePoints(300, 0, 0)).toBe(0);
  });

  it('custom challenges: the creator cannot solve their own', () => {
    expect(codeOf(() => assertNotOwnChallenge('me', 'me'))).toBe('OWN_CHALLENGE');
    expect(codeOf(() => assertNotOwnChallenge('me', 'you'))).toBeUndefined();
    expect(codeOf(() => assertNotOwnChallenge(null, 'you'))).toBeUndefined();
  });

  it('hints: a generated puzzle narrows to half its records, the tampered one among them, never to one', () => {
    for (let seed = 1; seed <= 200; seed++) {
      for (let d = 1; d <= 5; d++) {
        const g = generateChallenge(seed, d);
        const h = challengeHint({ kind: 'generated', seed: g.seed, data: g.data, answer: g.answer });
        expect(h.suspects).toHaveLength(Math.ceil(g.data.records.length / 2));
        expect(h.suspects).toContain(tamperedRecordIds(g.data)[0]);
        expect(new Set(h.suspects).size).toBe(h.suspects!.length);
        // Deterministic: every buyer sees the same hint.
        expect(challengeHint({ kind: 'generated', seed: g.seed, data: g.data, answer: g.answer })).toEqual(h);
      }
    }
  });

  it('hints: a custom challenge tells the answer\'s words and length, not the answer', () => {
    expect(challengeHint({ kind: 'custom', seed: null, data: null, answer: '  Nimbus   Corp ' })).toEqual({
      text: 'The answer is 2 words, 11 characters long.', suspects: null,
    });
    expect(challengeHint({ kind: 'custom', seed: null, data: null, answer: 'x' }).text).toBe('The answer is 1 word, 1 character long.');
  });
});
