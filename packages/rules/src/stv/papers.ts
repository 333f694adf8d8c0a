/**
 * The ballot papers of a count, grouped into parcels of identical rankings.
 *
 * Two papers with the same ranking are always held by the same candidate at the same value
 * (every rule acts on a paper only through its ranking and value), so a parcel of `count`
 * identical papers can be moved as one. Each candidate keeps the list of parcels it holds:
 * a transfer touches only those, never the whole election.
 */
import { GameError } from '../errors';
import { UNIT } from './fixed';
import type { StvBallot } from './types';

/** Candidate status codes (a Uint8Array indexed by candidate). */
export const CONTINUING = 0;
export const ELECTED = 1;
export const EXCLUDED = 2;
export const WITHDRAWN = 3;

export class Papers {
  /** Number of valid papers: at least one preference for a non-withdrawn candidate. */
  readonly valid: number;

  private constructor(
    /** All rankings back to back, 0-based candidate indices, withdrawn candidates removed. */
    private readonly prefs: Int32Array,
    private readonly end: Int32Array,
    /** Index into `prefs` of the candidate currently holding the parcel. */
    private readonly pos: Int32Array,
    private readonly count: Float64Array,
    /** Value of each paper of the parcel, in 1e-5 units. */
    private readonly value: Float64Array,
    private readonly holdings: number[][],
  ) {
    let valid = 0;
    for (let g = 0; g < count.length; g++) valid += count[g];
    this.valid = valid;
  }

  /** Groups the ballots into parcels; throws on counts or rankings that are not well formed. */
  static fromBallots(ballots: readonly StvBallot[], status: Uint8Array): Papers {
    const n = status.length;
    const index = new Map<string, number>();
    const rankings: number[][] = [];
    const counts: number[] = [];
    let valid = 0;
    const seen = new Uint8Array(n);
    for (let b = 0; b < ballots.length; b++) {
      const { count, ranking } = ballots[b];
      if (!Number.isSafeInteger(count) || count < 1) {
        throw new GameError('BAD_REQUEST', `ballot ${b + 1}: count must be a positive integer, got ${count}`);
      }
      const kept: number[] = [];
      for (const c of ranking) {
        if (!Number.isInteger(c) || c < 1 || c > n) {
          throw new GameError('BAD_REQUEST', `ballot ${b + 1}: candidate number ${c} is not in 1 … ${n}`);
        }
        if (seen[c - 1]) throw new GameError('BAD_REQUEST', `ballot ${b + 1}: candidate ${c} is ranked twice`);
        seen[c - 1] = 1;
        if (status[c - 1] !== WITHDRAWN) kept.push(c - 1);
      }
      for (const c of ranking) seen[c - 1] = 0;
      if (kept.length === 0) continue; // blank once withdrawn candidates are skipped: not a valid vote
      valid += count;
      const key = kept.join(',');
      const g = index.get(key);
      if (g === undefined) {
        index.set(key, rankings.length);
        rankings.push(kept);
        counts.push(count);
      } else {
        counts[g] += count;
      }
    }
    // Vote totals are sums of count × value in 1e-5 units; keep them exact.
    if (valid * UNIT > Number.MAX_SAFE_INTEGER) {
      throw new GameError('BAD_REQUEST', `too many ballots (${valid}) for exact 5-dp arithmetic`);
    }
    let total = 0;
    for (const r of rankings) total += r.length;
    const prefs = new Int32Array(total);
    const end = new Int32Array(rankings.length);
    const pos = new Int32Array(rankings.length);
    let at = 0;
    for (let g = 0; g < rankings.length; g++) {
      pos[g] = at;
      prefs.set(rankings[g], at);
      at += rankings[g].length;
      end[g] = at;
    }
    const holdings = Array.from({ length: n }, (): number[] => []);
    return new Papers(prefs, end, pos, Float64Array.from(counts), new Float64Array(rankings.length), holdings);
  }

  /** Rule 45: each parcel goes to its first preference at value one; `votes` is credited. */
  distributeFirstPreferences(votes: Float64Array): void {
    for (let g = 0; g < this.count.length; g++) {
      const c = this.prefs[this.pos[g]];
      this.value[g] = UNIT;
      votes[c] += this.count[g] * UNIT;
      this.holdings[c].push(g);
    }
  }

  /**
   * Moves every parcel held by `from` to the next preference whose status is CONTINUING,
   * setting each paper's value to `valueOf(old value, papers)`. `credit(to, units, papers)` is
   * called per parcel, with `to = -1` for a non-transferable parcel.
   *
   * @returns the total value moved, non-transferable parcels included.
   */
  transfer(
    from: number,
    status: Uint8Array,
    valueOf: (value: number, papers: number) => number,
    credit: (to: number, units: number, papers: number) => void,
  ): number {
    const { prefs, end, pos, count, value, holdings } = this;
    const held = holdings[from];
    holdings[from] = [];
    let moved = 0;
    for (const g of held) {
      const v = valueOf(value[g], count[g]);
      value[g] = v;
      let p = pos[g] + 1;
      const e = end[g];
      while (p < e && status[prefs[p]] !== CONTINUING) p++;
      const units = count[g] * v;
      moved += units;
      if (p < e) {
        pos[g] = p;
        const to = prefs[p];
        holdings[to].push(g);
        credit(to, units, count[g]);
      } else {
        pos[g] = e;
        credit(-1, units, count[g]);
      }
    }
    return moved;
  }
}
