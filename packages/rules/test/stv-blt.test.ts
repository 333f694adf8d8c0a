import { describe, expect, it } from 'vitest';
import { BltParseError, parseBlt } from '../src/stv/index';

const FOOD = `5 3
4 1 0
2 2 1 0
8 3 4 0
4 3 5 0
1 4 0
1 5 0
0
"Orange"
"Pear"
"Chocolate"
"Strawberry"
"Bonbon"
"Food election"
`;

/** The line number a parse error reports, or the error message if it is not a BltParseError. */
function errorOf(text: string): { line: number; message: string } {
  try {
    parseBlt(text);
  } catch (err) {
    expect(err).toBeInstanceOf(BltParseError);
    const e = err as BltParseError;
    expect(e.code).toBe('BAD_REQUEST');
    return { line: e.line, message: e.message };
  }
  throw new Error('expected parseBlt to throw');
}

describe('parseBlt', () => {
  it('reads header, ballots with 1-based candidate numbers, names and title', () => {
    const e = parseBlt(FOOD);
    expect(e.seats).toBe(3);
    expect(e.title).toBe('Food election');
    expect(e.candidates).toEqual(['Orange', 'Pear', 'Chocolate', 'Strawberry', 'Bonbon']);
    expect(e.withdrawn).toEqual([]);
    expect(e.ballots).toEqual([
      { count: 4, ranking: [1] },
      { count: 2, ranking: [2, 1] },
      { count: 8, ranking: [3, 4] },
      { count: 4, ranking: [3, 5] },
      { count: 1, ranking: [4] },
      { count: 1, ranking: [5] },
    ]);
  });

  it('reads withdrawn candidates from one or more lines of negative numbers', () => {
    const e = parseBlt('4 2\n-2 -4\n-1\n3 1 2 3 0\n0\n"A"\n"B"\n"C"\n"D"\n"T"\n');
    expect(e.withdrawn).toEqual([2, 4, 1]);
    expect(e.ballots).toEqual([{ count: 3, ranking: [1, 2, 3] }]);
  });

  it('tolerates comments, blank lines, CRLF, padded lines and stray spaces in names', () => {
    const text =
      '# a ward\r\n3 1   \r\n\r\n2 1 3 0  # two papers\r\n1 2 0\r\n0\r\n' +
      '"Ann  Smith " "Bob # not a comment"\r\n"Cy"\r\n\r\n"Ward  1"   \r\n';
    const e = parseBlt(text);
    expect(e.candidates).toEqual(['Ann Smith', 'Bob # not a comment', 'Cy']);
    expect(e.title).toBe('Ward 1');
    expect(e.ballots).toEqual([
      { count: 2, ranking: [1, 3] },
      { count: 1, ranking: [2] },
    ]);
  });

  it('rejects equal rankings with a clear message naming the line', () => {
    const err = errorOf('3 1\n2 1=2 3 0\n0\n"A"\n"B"\n"C"\n"T"\n');
    expect(err.line).toBe(2);
    expect(err.message).toMatch(/^BLT line 2: equal rankings \("="\) are not supported/);
  });

  it('rejects malformed files, naming the line', () => {
    const names = '"A"\n"B"\n"C"\n"T"\n';
    expect(errorOf('')).toMatchObject({ message: expect.stringMatching(/empty file/) });
    expect(errorOf('3\n0\n' + names)).toMatchObject({ line: 1, message: expect.stringMatching(/candidates seats/) });
    expect(errorOf('3 0\n0\n' + names)).toMatchObject({ line: 1, message: expect.stringMatching(/at least one seat/) });
    expect(errorOf('3 1\n1 1 4 0\n0\n' + names)).toMatchObject({ line: 2, message: expect.stringMatching(/candidate number 4 is not in 1 … 3/) });
    expect(errorOf('3 1\n1 1 2\n0\n' + names)).toMatchObject({ line: 2, message: expect.stringMatching(/must end with 0/) });
    expect(errorOf('3 1\n1 1 0 2\n0\n' + names)).toMatchObject({ line: 2, message: expect.stringMatching(/after the terminating 0/) });
    expect(errorOf('3 1\n1 2 1 2 0\n0\n' + names)).toMatchObject({ line: 2, message: expect.stringMatching(/ranked twice/) });
    expect(errorOf('3 1\n1.5 1 0\n0\n' + names)).toMatchObject({ line: 2, message: expect.stringMatching(/expected a ballot weight, found "1.5"/) });
    expect(errorOf('3 1\n\n-3 x\n0\n' + names)).toMatchObject({ line: 3, message: expect.stringMatching(/withdrawn candidate/) });
    expect(errorOf('3 1\n-4\n0\n' + names)).toMatchObject({ line: 2, message: expect.stringMatching(/must be -1 … -3/) });
    expect(errorOf('3 1\n1 1 0\n"A"\n"B"\n"C"\n"T"\n')).toMatchObject({ line: 3, message: expect.stringMatching(/before the "0" line/) });
    expect(errorOf('3 1\n1 1 0\n')).toMatchObject({ message: expect.stringMatching(/missing the "0" line/) });
    expect(errorOf('3 1\n1 1 0\n0\n"A"\n"B"\n"T"\n')).toMatchObject({ line: 6, message: expect.stringMatching(/expected 3 candidate names and a title, found 3/) });
    expect(errorOf('3 1\n1 1 0\n0\n"A"\n"B"\nC\n"T"\n')).toMatchObject({ line: 6, message: expect.stringMatching(/in double quotes/) });
    expect(errorOf('3 1\n1 1 0\n0\n"A"\n"B"\n"A"\n"T"\n')).toMatchObject({ line: 6, message: expect.stringMatching(/"A" appears twice/) });
    expect(errorOf('3 1\n1 1 0\n0\n' + names + '"extra"\n')).toMatchObject({ line: 8, message: expect.stringMatching(/after the title/) });
  });
});
