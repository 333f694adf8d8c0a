/**
 * Tie-breaking of the Scottish rules: first by the most recent preceding stage at which the
 * tied candidates had unequal votes (Rules 49(2), 51(2)(a)), then by lot (Rules 49(3),
 * 51(2)(b)) drawn from a seeded PRNG so anyone holding the seed can re-run the draw.
 */
import { createRng, type Rng } from '../random';
import type { StvTieBreak } from './types';

/** 32-bit FNV-1a of a string. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Maps a recorded seed to the PRNG seed: numbers as they are, strings hashed. */
export function lotRng(seed: string | number): Rng {
  return createRng(typeof seed === 'number' ? seed : fnv1a(seed));
}

/**
 * The default seed when the caller gives none: a hash of everything that defines the
 * election, so the same ballots always draw the same lots.
 */
export function electionSeed(
  title: string,
  seats: number,
  candidates: readonly string[],
  ballots: ReadonlyArray<{ count: number; ranking: readonly number[] }>,
  withdrawn: readonly number[],
): string {
  let h = fnv1a(`${title}\u0000${seats}\u0000${candidates.join('\u0000')}\u0000${withdrawn.join(',')}`);
  for (const b of ballots) {
    h = Math.imul(h ^ b.count, 0x01000193);
    for (const c of b.ranking) h = Math.imul(h ^ c, 0x01000193);
    h = Math.imul(h ^ 0xffff, 0x01000193);
  }
  return `election-${(h >>> 0).toString(16).padStart(8, '0')}`;
}

/** Breaks ties between candidates (indices) using the vote history of the count. */
export class TieBreaker {
  private rng: Rng | undefined;
  readonly log: StvTieBreak[] = [];

  constructor(
    private readonly seed: string | number,
    private readonly names: readonly string[],
    /** Votes (units) of every candidate at the end of each stage so far; the last is the current stage. */
    private readonly history: ReadonlyArray<ArrayLike<number>>,
  ) {}

  /**
   * Picks one of `tied` (equal current votes): the one with the most (`highest`) or fewest
   * (`lowest`) votes at the most recent preceding stage where they differed, narrowing the
   * group stage by stage; whoever is still tied after stage 1 is settled by lot.
   */
  pick(tied: readonly number[], want: 'highest' | 'lowest', purpose: StvTieBreak['purpose']): number {
    if (tied.length === 1) return tied[0];
    let group = [...tied].sort((a, b) => a - b);
    let decidedAt: number | undefined;
    for (let s = this.history.length - 2; s >= 0 && group.length > 1; s--) {
      const votes = this.history[s];
      let best = votes[group[0]];
      for (const c of group) best = want === 'highest' ? Math.max(best, votes[c]) : Math.min(best, votes[c]);
      const narrowed = group.filter((c) => votes[c] === best);
      if (narrowed.length < group.length) {
        group = narrowed;
        decidedAt = s + 1;
      }
    }
    const names = tied.map((c) => this.names[c]);
    if (group.length === 1) {
      this.log.push({ purpose, tied: names, by: 'prior-stage', stage: decidedAt, chosen: this.names[group[0]] });
      return group[0];
    }
    this.rng ??= lotRng(this.seed);
    const chosen = group[this.rng.int(0, group.length - 1)];
    this.log.push({ purpose, tied: names, by: 'lot', chosen: this.names[chosen] });
    return chosen;
  }

  /** Takes the tie-breaks recorded since the last call (they belong to the stage being published). */
  drain(): StvTieBreak[] {
    return this.log.splice(0, this.log.length);
  }
}
