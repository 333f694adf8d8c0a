/**
 * Seeded pseudo-random numbers for deterministic rules (world generation, tie-breaks
 * by lot). Rules never call `Math.random`: the same seed always gives the same stream,
 * so a result can be re-run and checked by anyone who has the seed.
 */

/** A deterministic stream of pseudo-random numbers. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** An element chosen with probability proportional to its weight (weights ≥ 0, sum > 0). */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T;
  /** A shuffled copy of `items` (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
}

/**
 * Normalises any finite number into a 32-bit unsigned seed. Integers in
 * [0, 2^32) map to themselves; other values are mixed so nearby seeds still differ.
 */
export function normaliseSeed(seed: number): number {
  if (Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32) return seed >>> 0;
  // Mix the float's decimal text so e.g. 1.5 and 1 give different streams.
  const text = String(seed);
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  }
  return h >>> 0;
}

/**
 * mulberry32: a small, fast 32-bit generator with good statistical quality for
 * games. Returns floats in [0, 1).
 *
 * @example
 * const next = mulberry32(42); next(); // always the same first value for seed 42
 */
export function mulberry32(seed: number): () => number {
  let a = normaliseSeed(seed);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Creates an {@link Rng} seeded with `seed` (see {@link normaliseSeed}). */
export function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick from an empty array');
      return items[int(0, items.length - 1)];
    },
    weighted<T>(items: readonly T[], weight: (item: T) => number): T {
      let total = 0;
      for (const item of items) total += weight(item);
      if (!(total > 0)) throw new RangeError('weighted pick needs a positive total weight');
      let x = next() * total;
      for (const item of items) {
        x -= weight(item);
        if (x < 0) return item;
      }
      return items[items.length - 1];
    },
    shuffle<T>(items: readonly T[]): T[] {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(0, i);
        const tmp = out[i];
        out[i] = out[j];
        out[j] = tmp;
      }
      return out;
    },
  };
}
