import { describe, expect, it } from 'vitest';
import {
  countStv, electionPhaseAt, electionTimeline, formatBlt, isGameError, parseBlt, rankingToNumbers,
  type StvElection,
} from '../src/index';

const DAY = 86_400_000;

describe('governance elections', () => {
  it('timeline: 7 days nomination, 7 campaign, 3 voting by default', () => {
    const t = electionTimeline(new Date(0), DAY);
    expect(t.nominationEndsAt.getTime()).toBe(7 * DAY);
    expect(t.campaignEndsAt.getTime()).toBe(14 * DAY);
    expect(t.votingEndsAt.getTime()).toBe(17 * DAY);
    expect(electionPhaseAt(t, new Date(7 * DAY - 1))).toBe('nomination');
    expect(electionPhaseAt(t, new Date(7 * DAY))).toBe('campaign');
    expect(electionPhaseAt(t, new Date(14 * DAY))).toBe('voting');
    expect(electionPhaseAt(t, new Date(30 * DAY))).toBe('voting');
  });

  it('timeline scales with the game day length', () => {
    const t = electionTimeline(new Date(1000), 10, { nomination: 1, campaign: 2, voting: 3 });
    expect([t.nominationEndsAt, t.campaignEndsAt, t.votingEndsAt].map((d) => d.getTime())).toEqual([1010, 1030, 1060]);
  });

  it('ranking: ids become 1-based candidate numbers', () => {
    expect(rankingToNumbers(['c', 'a'], ['a', 'b', 'c'])).toEqual([3, 1]);
  });

  it('ranking: unknown, repeated or empty → BAD_REQUEST', () => {
    for (const bad of [['x'], ['a', 'a'], []]) {
      let caught: unknown;
      try {
        rankingToNumbers(bad, ['a', 'b']);
      } catch (err) {
        caught = err;
      }
      expect(isGameError(caught, 'BAD_REQUEST')).toBe(true);
    }
  });

  it('BLT export round-trips through parseBlt and counts the same', () => {
    const e: StvElection = {
      title: 'Food "election"',
      seats: 3,
      candidates: ['Oranges', 'Pears', 'Chocolate', 'Strawberries', 'Hamburgers'],
      ballots: [
        { count: 4, ranking: [1] }, { count: 2, ranking: [2, 1] }, { count: 8, ranking: [3, 4] },
        { count: 4, ranking: [3, 5] }, { count: 1, ranking: [4] }, { count: 1, ranking: [5] },
      ],
      withdrawn: [],
    };
    const text = formatBlt(e);
    const back = parseBlt(text);
    expect(back).toEqual({ ...e, title: 'Food election' });
    const a = countStv(e, { method: 'scottish', seed: 's' });
    const b = countStv(back, { method: 'scottish', seed: 's' });
    expect(b.elected).toEqual(a.elected);
    expect(a.elected).toEqual(['Chocolate', 'Oranges', 'Strawberries']);
    expect(a.quota).toBe('6.00000');
  });

  it('BLT export keeps withdrawn candidates', () => {
    const e: StvElection = { title: 't', seats: 1, candidates: ['A', 'B'], ballots: [{ count: 1, ranking: [2, 1] }], withdrawn: [2] };
    expect(parseBlt(formatBlt(e)).withdrawn).toEqual([2]);
  });
});
