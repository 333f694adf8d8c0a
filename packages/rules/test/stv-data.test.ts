import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { countStv, parseBlt } from '../src/stv/index';

// The real ballots of ../shared/data/stv, gzipped into the repository (400 KB instead of 13 MB) so
// that a clone anywhere runs them; fixtures/stv/README.md says what they are.
const DATA = new URL('./fixtures/stv/', import.meta.url);

interface Expected {
  seats: number;
  candidates: number;
  ballots: number;
  elected: string[];
}

const glasgow = JSON.parse(readFileSync(new URL('glasgow-2007/expected.json', DATA), 'utf8')) as Record<string, Expected>;
const edinburgh = readdirSync(new URL('edinburgh-2017/', DATA)).filter((f) => f.endsWith('.blt.gz'))
  .map((f) => f.slice(0, -'.gz'.length)).sort();

function count(dir: string, file: string) {
  const election = parseBlt(gunzipSync(readFileSync(new URL(`${dir}/${file}.gz`, DATA))).toString('utf8'));
  return { election, result: countStv(election, { method: 'scottish' }) };
}

/** Every stage must account for every valid vote: candidates + non-transferable + loss of fractions. */
function expectVotesAccountedFor(result: ReturnType<typeof countStv>): void {
  const units = (s: string): number => Number(s.replace('.', ''));
  for (const stage of result.stages) {
    let total = units(stage.nonTransferable) + units(stage.lossOfFractions);
    for (const v of Object.values(stage.votes)) total += units(v);
    expect(total, `stage ${stage.number}`).toBe(result.valid * 100_000);
  }
}

describe('Glasgow City Council 2007 (21 wards)', () => {
  it('has all 21 wards', () => {
    expect(Object.keys(glasgow)).toHaveLength(21);
  });

  for (const [file, expected] of Object.entries(glasgow)) {
    it(`${file}: elects ${expected.elected.join(', ')}`, () => {
      const { election, result } = count('glasgow-2007', file);
      expect(election.seats).toBe(expected.seats);
      expect(election.candidates).toHaveLength(expected.candidates);
      expect(result.valid).toBe(expected.ballots);
      // expected.json lists the elected alphabetically (no order of election): compare as sets.
      expect([...result.elected].sort()).toEqual([...expected.elected].sort());
      expect(result.elected).toHaveLength(expected.seats);
      expectVotesAccountedFor(result);
    });
  }
});

describe('City of Edinburgh 2017 (17 wards)', () => {
  it('has all 17 wards', () => {
    expect(edinburgh).toHaveLength(17);
  });

  for (const file of edinburgh) {
    it(`${file}: counts to a full set of councillors`, () => {
      const { election, result } = count('edinburgh-2017', file);
      expect(result.elected).toHaveLength(election.seats);
      expect(new Set(result.elected).size).toBe(election.seats);
      expect(result.stages.at(-1)?.elected).toEqual(result.elected);
      expectVotesAccountedFor(result);
    });
  }
});
