import { describe, expect, it } from 'vitest';
import { createRng, mulberry32, normaliseSeed } from '../src/random';

describe('seeded random', () => {
  it('random: the same seed gives the same stream', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    for (let i = 0; i < 100; i++) expect(a()).toBe(b());
  });

  it('random: different seeds give different streams', () => {
    expect(mulberry32(1)()).not.toBe(mulberry32(2)());
    expect(normaliseSeed(1.5)).not.toBe(normaliseSeed(1));
    expect(normaliseSeed(7)).toBe(7);
  });

  it('random: floats in [0, 1) and ints within bounds', () => {
    const rng = createRng(9);
    for (let i = 0; i < 1000; i++) {
      const x = rng.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      const n = rng.int(3, 5);
      expect([3, 4, 5]).toContain(n);
    }
  });

  it('random: shuffle is a permutation and leaves the input alone', () => {
    const input = [1, 2, 3, 4, 5, 6, 7, 8];
    const out = createRng(3).shuffle(input);
    expect([...out].sort()).toEqual(input);
    expect(input).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('random: weighted never picks a zero weight', () => {
    const rng = createRng(5);
    for (let i = 0; i < 200; i++) expect(rng.weighted(['a', 'b', 'c'], (x) => (x === 'b' ? 0 : 1))).not.toBe('b');
  });
});
