import { describe, expect, it } from 'vitest';
import { councilFromState, moveItem, quorumProgress, stageSeries, type ElectionResult, type ProposalRow } from '../src/features/governance/councilStore';

const proposal = (over: Partial<ProposalRow> = {}): ProposalRow => ({
  id: 'p', kind: 'economic', title: 't', description: '', authorName: 'a', parameterName: '', parameterValue: 0, status: 'open',
  createdAt: 0, closesAt: 10, yesWeight: 2, noWeight: 1, voters: 3, quorumBps: 1500, thresholdBps: 6000, ...over,
});

describe('council chamber helpers', () => {
  it('quorum bar: cast share of eligible weight against the quorum share (inclusive)', () => {
    expect(quorumProgress(proposal(), 20)).toEqual({ cast: 0.15, quorum: 0.15, reached: true });
    expect(quorumProgress(proposal({ noWeight: 0 }), 20).reached).toBe(false);
    expect(quorumProgress(proposal(), 0)).toMatchObject({ cast: 0, reached: false });
  });

  it('drag and drop reorders a ranking', () => {
    expect(moveItem(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 2)).toEqual(['b', 'c', 'a']);
  });

  it('state rows: open proposals first, soonest deadline first', () => {
    const map = (items: object[]) => ({ forEach: (cb: (v: any) => void) => items.forEach(cb) });
    const rows = councilFromState({
      proposals: map([proposal({ id: 'x', status: 'passed', closesAt: 1 }), proposal({ id: 'y', closesAt: 9 }), proposal({ id: 'z', closesAt: 5 })]),
      elections: map([]), eligibleWeight: 20,
    });
    expect(rows.proposals.map((p) => p.id)).toEqual(['z', 'y', 'x']);
    expect(rows.eligibleWeight).toBe(20);
  });

  it('stage chart series: votes per candidate per stage as numbers', () => {
    const result = {
      quota: '6.00000', elected: [], seed: 's', valid: 20,
      stages: [
        { number: 1, action: { kind: 'first' }, votes: { A: '12.00000', B: '2.00000' }, transfers: {}, nonTransferable: '0.00000', elected: ['A'], excluded: [] },
        { number: 2, action: { kind: 'surplus', candidate: 'A' }, votes: { A: '6.00000', B: '8.00000' }, transfers: {}, nonTransferable: '0.00000', elected: ['A'], excluded: [] },
      ],
    } satisfies ElectionResult;
    expect(stageSeries(result)).toEqual({ candidates: ['A', 'B'], stages: [[12, 2], [6, 8]] });
  });
});
