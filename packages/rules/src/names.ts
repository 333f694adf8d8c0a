/**
 * Seeded place-name generation from syllables, for regions and territories.
 */

import type { Rng } from './random';

const ONSETS = [
  'ka', 'vex', 'dor', 'lyn', 'tra', 'mo', 'zen', 'qua', 'rix', 'sol', 'nar', 'eth',
  'cy', 'ber', 'tal', 'vor', 'pho', 'neo', 'gri', 'dex', 'syn', 'hal', 'kor', 'mir',
];
const MIDDLES = ['a', 'o', 'i', 'e', 'ri', 'lo', 'na', 'ta', 'xi', 'ro', 'va', 'du'];
const CODAS = ['n', 'x', 'th', 'ra', 'ck', 'sk', 'le', 'ne', 'ris', 'don', 'tek', 'ion'];
// Used straight after an onset, so they start with a vowel ('Vexor', not 'Vexck').
const VOWEL_CODAS = ['an', 'ex', 'or', 'is', 'on', 'ar', 'ix', 'el', 'ura', 'ion'];

/** A capitalised word of two or three syllables, e.g. 'Vexaris'. */
export function syllableWord(rng: Rng): string {
  const parts = [rng.pick(ONSETS)];
  if (rng.next() < 0.5) parts.push(rng.pick(MIDDLES), rng.pick(CODAS));
  else parts.push(rng.pick(VOWEL_CODAS));
  const word = parts.join('');
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * A name not yet in `taken` built by `make`; after a few collisions a numeral is appended
 * so generation always terminates. The name is added to `taken`.
 */
export function uniqueName(rng: Rng, taken: Set<string>, make: (rng: Rng) => string): string {
  let name = make(rng);
  for (let attempt = 0; attempt < 4 && taken.has(name); attempt++) name = make(rng);
  if (taken.has(name)) {
    const stem = name;
    for (let n = 2; taken.has(name); n++) name = `${stem} ${n}`;
  }
  taken.add(name);
  return name;
}

const REGION_SUFFIXES = ['Sector', 'District', 'Zone', 'Reach', 'Grid', 'Expanse', 'Basin', 'March'];

/** A region name such as 'Korane District'. */
export function regionName(rng: Rng): string {
  return `${syllableWord(rng)} ${rng.pick(REGION_SUFFIXES)}`;
}

/** A territory name such as 'Dextek Works', with a suffix from the terrain's list. */
export function territoryName(rng: Rng, suffixes: readonly string[]): string {
  return `${syllableWord(rng)} ${rng.pick(suffixes)}`;
}
