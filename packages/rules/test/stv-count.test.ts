import { describe, expect, it } from 'vitest';
import { countStv, parseBlt, type StvElection } from '../src/stv/index';

/** Builds an election from names and `[count, ...names in preference order]` rows. */
function election(seats: number, candidates: string[], rows: Array<[number, ...string[]]>, withdrawn: string[] = []): StvElection {
  const num = (name: string): number => {
    const i = candidates.indexOf(name);
    if (i < 0) throw new Error(`unknown candidate ${name}`);
    return i + 1;
  };
  return {
    title: 'test',
    seats,
    candidates,
    ballots: rows.map(([count, ...names]) => ({ count, ranking: names.map(num) })),
    withdrawn: withdrawn.map(num),
  };
}

const scottish = { method: 'scottish' } as const;

describe('countStv (Scottish rules)', () => {
  it('food election: quota 6, Chocolate, Orange, Strawberry elected in that order', () => {
    const r = countStv(
      election(3, ['Orange', 'Pear', 'Chocolate', 'Strawberry', 'Bonbon'], [
        [4, 'Orange'],
        [2, 'Pear', 'Orange'],
        [8, 'Chocolate', 'Strawberry'],
        [4, 'Chocolate', 'Bonbon'],
        [1, 'Strawberry'],
        [1, 'Bonbon'],
      ]),
      scottish,
    );
    expect(r.quota).toBe('6.00000');
    expect(r.valid).toBe(20);
    expect(r.elected).toEqual(['Chocolate', 'Orange', 'Strawberry']);
    expect(r.excluded).toEqual(['Pear', 'Bonbon']);
    expect(r.stages.map((s) => s.action)).toEqual([
      { kind: 'first' },
      {
        kind: 'surplus',
        candidate: 'Chocolate',
        surplus: '6.00000',
        transferValues: [{ paperValue: '1.00000', papers: 12, transferValue: '0.50000' }],
      },
      { kind: 'exclusion', candidate: 'Pear' },
      { kind: 'exclusion', candidate: 'Bonbon' },
    ]);
    const [first, surplus, pear, bonbon] = r.stages;
    expect(first.votes).toEqual({ Orange: '4.00000', Pear: '2.00000', Chocolate: '12.00000', Strawberry: '1.00000', Bonbon: '1.00000' });
    expect(first.newlyElected).toEqual(['Chocolate']);
    expect(surplus.transfers).toEqual({ Chocolate: '-6.00000', Strawberry: '4.00000', Bonbon: '2.00000' });
    expect(surplus.votes).toMatchObject({ Chocolate: '6.00000', Strawberry: '5.00000', Bonbon: '3.00000' });
    expect(pear.transfers).toEqual({ Pear: '-2.00000', Orange: '2.00000' });
    expect(pear.newlyElected).toEqual(['Orange']);
    // Bonbon's own paper and the 4 Chocolate>Bonbon papers (at 0.5) have no further preference.
    expect(bonbon.nonTransferable).toBe('3.00000');
    expect(bonbon.nonTransferablePapers).toBe(5);
    expect(bonbon.filledLastVacancies).toBe(true);
    expect(bonbon.elected).toEqual(['Chocolate', 'Orange', 'Strawberry']);
    expect(bonbon.excluded).toEqual(['Pear', 'Bonbon']);
  });

  it('truncates transfer values to 5 dp and records the loss of fractions (Rule 48(3))', () => {
    // Quota 6; A's surplus 3 of 9 gives 0.33333 per paper, so B gets 2.99997, not 3.
    const r = countStv(election(2, ['A', 'B', 'C'], [[9, 'A', 'B'], [3, 'B'], [4, 'C']]), scottish);
    expect(r.quota).toBe('6.00000');
    const s2 = r.stages[1];
    expect(s2.action).toMatchObject({ kind: 'surplus', candidate: 'A', transferValues: [{ transferValue: '0.33333' }] });
    expect(s2.votes.B).toBe('5.99997');
    expect(s2.lossOfFractions).toBe('0.00003');
    expect(s2.newlyElected).toEqual([]);
    expect(r.elected).toEqual(['A', 'B']);
  });

  it('transfers every paper of a later-elected candidate at surplus × its value / total (weighted inclusive Gregory)', () => {
    // Quota 6. A's surplus 6/12 = 0.5 lifts B to 8; B's surplus 2/8 then moves B's own papers
    // at 0.25 and the papers B got from A at 0.5 × 2/8 = 0.125.
    const r = countStv(
      election(4, ['A', 'B', 'C', 'D', 'E'], [[12, 'A', 'B', 'C'], [2, 'B', 'C'], [6, 'D'], [5, 'E']]),
      scottish,
    );
    expect(r.quota).toBe('6.00000');
    const s3 = r.stages[2];
    expect(s3.action).toEqual({
      kind: 'surplus',
      candidate: 'B',
      surplus: '2.00000',
      transferValues: [
        { paperValue: '1.00000', papers: 2, transferValue: '0.25000' },
        { paperValue: '0.50000', papers: 12, transferValue: '0.12500' },
      ],
    });
    expect(s3.transfers).toEqual({ B: '-2.00000', C: '2.00000' });
    expect(r.elected).toEqual(['A', 'D', 'B', 'E']);
  });

  it('never counts withdrawn candidates: their preferences are skipped and blank papers are not valid', () => {
    const e = election(1, ['A', 'B', 'C'], [[3, 'B', 'A'], [2, 'B'], [2, 'C'], [1, 'A']], ['B']);
    const r = countStv(e, scottish);
    expect(r.withdrawn).toEqual(['B']);
    expect(r.valid).toBe(6); // the 2 papers for B alone are blank once B is withdrawn
    expect(r.quota).toBe('4.00000');
    expect(Object.keys(r.stages[0].votes)).toEqual(['A', 'C']);
    expect(r.stages[0].votes).toEqual({ A: '4.00000', C: '2.00000' });
    expect(r.elected).toEqual(['A']);
  });

  it('withdrawn line in a BLT file is honoured', () => {
    const r = countStv(parseBlt('3 1\n-1\n5 1 2 0\n3 3 0\n0\n"A" "B" "C" "T"'), scottish);
    expect(r.elected).toEqual(['B']);
    expect(r.stages[0].votes).toEqual({ B: '5.00000', C: '3.00000' });
  });

  it('tracks exhausted papers from exclusions and surpluses as non-transferable', () => {
    // Quota 4. A's surplus 2/6: 3 papers go on to C at 0.33333, 3 have no next preference.
    const r = countStv(election(2, ['A', 'B', 'C', 'D'], [[3, 'A'], [3, 'A', 'C'], [2, 'B'], [1, 'C'], [2, 'D']]), scottish);
    expect(r.quota).toBe('4.00000');
    const s2 = r.stages[1];
    expect(s2.nonTransferable).toBe('0.99999');
    expect(s2.nonTransferablePapers).toBe(3);
    expect(s2.votes.C).toBe('1.99999');
    expect(s2.lossOfFractions).toBe('0.00002');
    // Then D (2) vs B (2) vs C (1.99999): C goes, its 4 papers are exhausted.
    const s3 = r.stages[2];
    expect(s3.action).toEqual({ kind: 'exclusion', candidate: 'C' });
    expect(s3.nonTransferable).toBe('2.99998');
    expect(s3.nonTransferablePapers).toBe(7);
  });

  it('transfers the largest surplus first and breaks equal surpluses by the prior stage (Rule 49(2))', () => {
    // Quota 6. A's surplus (TV 0.5) lifts B from 5 and C from 4 to 7 each: B was ahead at stage 1.
    const r = countStv(
      election(4, ['A', 'B', 'C', 'D', 'E'], [[4, 'A', 'B', 'D'], [6, 'A', 'C', 'E'], [2, 'A'], [5, 'B'], [4, 'C'], [3, 'D'], [2, 'E']]),
      scottish,
    );
    expect(r.quota).toBe('6.00000');
    expect(r.stages[1].votes).toMatchObject({ B: '7.00000', C: '7.00000' });
    expect(r.stages[1].newlyElected).toEqual(['B', 'C']);
    expect(r.stages[2].action).toMatchObject({ kind: 'surplus', candidate: 'B' });
    expect(r.stages[2].tieBreaks).toContainEqual({ purpose: 'surplus', tied: ['B', 'C'], by: 'prior-stage', stage: 1, chosen: 'B' });
    // 1/7 = 0.14285 for B's own papers, 0.5/7 = 0.07142 for the papers B got from A.
    expect(r.stages[2].action).toMatchObject({
      transferValues: [
        { paperValue: '1.00000', papers: 5, transferValue: '0.14285' },
        { paperValue: '0.50000', papers: 4, transferValue: '0.07142' },
      ],
    });
    expect(r.stages[2].transfers).toEqual({ B: '-1.00000', D: '0.28568' });
  });

  it('excludes the lower of tied candidates at the most recent stage where they differed (Rule 51(2)(a))', () => {
    // Quota 6. After A's surplus, B and C both have 3; at stage 1 C had 1 and B 3, so C goes.
    const r = countStv(election(2, ['A', 'B', 'C', 'D'], [[8, 'A', 'C'], [3, 'B'], [1, 'C'], [4, 'D']]), scottish);
    expect(r.stages[1].votes).toMatchObject({ B: '3.00000', C: '3.00000' });
    expect(r.stages[2].action).toEqual({ kind: 'exclusion', candidate: 'C' });
    expect(r.stages[2].tieBreaks).toEqual([{ purpose: 'exclusion', tied: ['B', 'C'], by: 'prior-stage', stage: 1, chosen: 'C' }]);
    expect(r.elected).toEqual(['A', 'D']);
  });

  it('breaks a tie that held at every stage by lot, reproducibly from the recorded seed (Rule 51(2)(b))', () => {
    const e = election(1, ['A', 'B', 'C'], [[2, 'A'], [2, 'B'], [3, 'C']]);
    const first = countStv(e, { method: 'scottish', seed: 'council-2025' });
    expect(first.seed).toBe('council-2025');
    const lot = first.stages[1].tieBreaks?.[0];
    expect(lot).toMatchObject({ purpose: 'exclusion', tied: ['A', 'B'], by: 'lot' });
    expect(first.stages[1].action).toEqual({ kind: 'exclusion', candidate: lot?.chosen });
    // The same seed gives the same draw, every time.
    expect(countStv(e, { method: 'scottish', seed: 'council-2025' })).toEqual(first);
    // The draw depends on the seed: over a few seeds both candidates get drawn.
    const drawn = new Set<string>();
    for (let seed = 0; seed < 32; seed++) drawn.add(countStv(e, { method: 'scottish', seed }).excluded[0]);
    expect([...drawn].sort()).toEqual(['A', 'B']);
    // Without a seed one is derived from the election and recorded, so a re-run matches.
    const auto = countStv(e, scottish);
    expect(typeof auto.seed).toBe('string');
    expect(countStv(e, { method: 'scottish', seed: auto.seed })).toEqual(auto);
    expect(countStv(e, scottish)).toEqual(auto);
  });

  it('elects the continuing candidates when they equal the vacancies left (Rule 52), even below quota', () => {
    const r = countStv(election(3, ['A', 'B', 'C'], [[5, 'A'], [1, 'B'], [1, 'C']]), scottish);
    expect(r.stages).toHaveLength(1);
    expect(r.stages[0].filledLastVacancies).toBe(true);
    expect(r.elected[0]).toBe('A'); // by quota; B and C then fill the last two vacancies
    expect(new Set(r.elected)).toEqual(new Set(['A', 'B', 'C']));
    // Fewer candidates than seats: all are elected, the rest of the seats stay empty.
    expect(countStv(election(3, ['A', 'B'], [[1, 'A']]), scottish).elected).toEqual(['A', 'B']);
  });

  it('does not transfer a surplus after the last vacancy is filled', () => {
    const r = countStv(election(1, ['A', 'B'], [[9, 'A', 'B'], [1, 'B']]), scottish);
    expect(r.stages).toHaveLength(1);
    expect(r.elected).toEqual(['A']);
  });

  it('rejects an unknown method and inconsistent ballots', () => {
    const e = election(1, ['A', 'B'], [[1, 'A']]);
    expect(() => countStv(e, { method: 'meek' as 'scottish' })).toThrow(/unknown STV method "meek"/);
    expect(() => countStv({ ...e, ballots: [{ count: 1, ranking: [3] }] }, scottish)).toThrow(/candidate number 3 is not in 1 … 2/);
    expect(() => countStv({ ...e, ballots: [{ count: 0, ranking: [1] }] }, scottish)).toThrow(/positive integer/);
    expect(() => countStv({ ...e, seats: 0 }, scottish)).toThrow(/seats must be a positive integer/);
  });
});
