/**
 * The chat word filter (GAME §8.1: "a word filter masks listed words"). Built on `obscenity`:
 * its English dataset and transformers catch leetspeak (`sh1t`), look-alike letters (`ƒuck`),
 * repeated letters (`fuuuck`) and words inside words, while its whitelist keeps innocent words
 * whole (the Scunthorpe problem). A pre-pass joins letters spelled out one by one
 * (`f u c k`, `f.u.c.k`), which the matcher alone reads as separate letters. Admins add terms at
 * run time; the filter is rebuilt from the full list.
 */
import {
  DataSet, RegExpMatcher, englishDataset, englishRecommendedTransformers, parseRawPattern,
} from 'obscenity';
import { GameError } from '../errors';

/** Innocent words the dataset's patterns would otherwise hit (checked by the filter tests). */
export const FILTER_WHITELIST = [
  'shiitake', 'mishit', 'mishits', 'shitake', 'scunthorpe', 'penistone', 'cockburn', 'hancock', 'peacock', 'cocktail',
  'dickens', 'sussex', 'essex', 'middlesex', 'assassin', 'classic', 'passion', 'bass', 'therapist', 'grape',
  'analysis', 'analyst', 'cumulative', 'document', 'circumstance', 'arsenal', 'titan', 'title', 'butterfly',
  'matsushita', 'scrapbook', 'shittim', 'sextant', 'sextet', 'cockpit', 'pussycat', 'pussywillow', 'rapeseed',
  'grapeseed', 'niggardly', 'dickinson', 'retardant', 'retardation', 'cockatoo', 'cockerel', 'shuttlecock',
] as const;

/** An admin's extra term: 2..32 lowercase ASCII letters, digits and single spaces. */
export const FILTER_TERM = /^[a-z0-9]+(?: [a-z0-9]+)*$/;
export const FILTER_TERM_MAX = 32;

/** Normalises an admin's term (trim, lowercase, single spaces) or refuses it with BAD_REQUEST. */
export function normaliseFilterTerm(term: string): string {
  const t = String(term).trim().toLowerCase().replace(/\s+/g, ' ');
  if (t.length < 2 || t.length > FILTER_TERM_MAX || !FILTER_TERM.test(t)) {
    throw new GameError('BAD_REQUEST', `a filter term is 2..${FILTER_TERM_MAX} letters a-z, digits and spaces`);
  }
  return t;
}

/** What the filter did to a message. */
export interface FilterResult {
  text: string;
  masked: boolean;
}

export interface WordFilter {
  /** The text with every matched word replaced by asterisks (one per character). */
  mask(text: string): FilterResult;
  /** The admin terms it was built with. */
  readonly extraTerms: readonly string[];
}

// A spelled-out word: at least 3 single characters, each followed by 1..3 separators.
const SINGLE = /[\p{L}\p{N}$@!|]/u;
const SEPARATOR = /^[\s._\-*+~/\\,:;'"`^]{1,3}$/u;

/**
 * Builds a filter from the English dataset, {@link FILTER_WHITELIST} and the admins' terms.
 * @example createWordFilter(['zorblax']).mask('you z0rblax') // → { text: 'you *******', masked: true }
 */
export function createWordFilter(extraTerms: readonly string[] = []): WordFilter {
  const terms = [...new Set(extraTerms.map(normaliseFilterTerm))];
  const data = new DataSet<{ originalWord: string }>().addAll(englishDataset as unknown as DataSet<{ originalWord: string }>);
  data.addPhrase((p) => {
    p.setMetadata({ originalWord: 'whitelist' });
    for (const w of FILTER_WHITELIST) p.addWhitelistedTerm(w);
    return p;
  });
  for (const term of terms) data.addPhrase((p) => p.setMetadata({ originalWord: term }).addPattern(parseRawPattern(term)));
  const matcher = new RegExpMatcher({ ...data.build(), ...englishRecommendedTransformers });

  const maskMatches = (chars: string[], text: string, indexOf: (i: number) => number[]): boolean => {
    let hit = false;
    for (const m of matcher.getAllMatches(text)) {
      for (let i = m.startIndex; i <= m.endIndex; i++) {
        for (const at of indexOf(i)) {
          if (chars[at] !== undefined && chars[at] !== '*' && !/\s/u.test(chars[at])) {
            chars[at] = '*';
            hit = true;
          }
        }
      }
    }
    return hit;
  };

  return {
    extraTerms: terms,
    mask(text: string): FilterResult {
      // Work on UTF-16 code units: obscenity reports match indices in them.
      const chars = text.split('');
      let masked = maskSpelledOut(chars, (joined, indexOf) => maskMatches(chars, joined, indexOf));
      const after = chars.join('');
      masked = maskMatches(chars, after, (i) => [i]) || masked;
      return { text: chars.join(''), masked };
    },
  };
}

/**
 * Finds runs of single characters separated by spaces or punctuation (`f u c k`, `s.h.i.t`),
 * hands each run's joined letters to `check` with a map back to the original positions.
 */
function maskSpelledOut(chars: string[], check: (joined: string, indexOf: (i: number) => number[]) => boolean): boolean {
  const text = chars.join('');
  // Tokens: maximal runs of non-separator characters with their start offsets.
  const tokens: Array<{ text: string; start: number }> = [];
  const re = /[^\s._\-*+~/\\,:;'"`^]+/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) tokens.push({ text: m[0], start: m.index });
  let hit = false;
  let i = 0;
  while (i < tokens.length) {
    let j = i;
    while (
      j < tokens.length && isSingle(tokens[j].text) &&
      (j === i || SEPARATOR.test(text.slice(tokens[j - 1].start + tokens[j - 1].text.length, tokens[j].start)))
    ) j++;
    if (j - i >= 3) {
      const run = tokens.slice(i, j);
      const joined = run.map((t) => t.text).join('');
      const positions: number[][] = [];
      for (const t of run) for (let k = 0; k < t.text.length; k++) positions.push([t.start + k]);
      hit = check(joined, (at) => positions[at] ?? []) || hit;
      i = j;
    } else {
      i = Math.max(i + 1, j);
    }
  }
  return hit;
}

function isSingle(token: string): boolean {
  const cps = [...token];
  return cps.length === 1 && SINGLE.test(cps[0]);
}
