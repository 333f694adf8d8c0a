import { describe, expect, it } from 'vitest';
import {
  areAdjacent, hexDistance, hexesWithin, hexKey, hexNeighbors, hexRing, hexRound, hexToPixel, pixelToHex,
} from '../src/hex';

const O = { q: 0, r: 0 };

describe('hex math', () => {
  it('hex: distance in axial coordinates', () => {
    expect(hexDistance(O, O)).toBe(0);
    expect(hexDistance(O, { q: 1, r: 0 })).toBe(1);
    expect(hexDistance(O, { q: 2, r: -1 })).toBe(2);
    expect(hexDistance(O, { q: 3, r: -3 })).toBe(3);
    expect(hexDistance({ q: -2, r: 5 }, { q: 3, r: -1 })).toBe(6);
    expect(hexDistance({ q: 1, r: 1 }, { q: -1, r: -1 })).toBe(4);
  });

  it('hex: six distinct neighbours, each adjacent', () => {
    const ns = hexNeighbors({ q: 2, r: -1 });
    expect(ns).toHaveLength(6);
    expect(new Set(ns.map(hexKey)).size).toBe(6);
    for (const n of ns) {
      expect(hexDistance(n, { q: 2, r: -1 })).toBe(1);
      expect(areAdjacent(n, { q: 2, r: -1 })).toBe(true);
    }
  });

  it('hex: adjacency is distance exactly 1', () => {
    expect(areAdjacent(O, O)).toBe(false);
    expect(areAdjacent(O, { q: 1, r: -1 })).toBe(true);
    expect(areAdjacent(O, { q: 1, r: 1 })).toBe(false);
  });

  it('hex: pointy-top pixel centres', () => {
    expect(hexToPixel(O, 10)).toEqual({ x: 0, y: 0 });
    expect(hexToPixel({ q: 1, r: 0 }, 10).x).toBeCloseTo(10 * Math.sqrt(3), 12);
    expect(hexToPixel({ q: 1, r: 0 }, 10).y).toBe(0);
    expect(hexToPixel({ q: 0, r: 1 }, 10).x).toBeCloseTo(5 * Math.sqrt(3), 12);
    expect(hexToPixel({ q: 0, r: 1 }, 10).y).toBe(15);
  });

  it('hex: pixelToHex inverts hexToPixel over a disc', () => {
    for (const h of hexesWithin({ q: 3, r: -7 }, 6)) {
      expect(pixelToHex(hexToPixel(h, 17), 17)).toEqual(h);
    }
  });

  it('hex: a point near a centre maps to that hex', () => {
    const c = hexToPixel({ q: 4, r: -2 }, 1);
    expect(pixelToHex({ x: c.x + 0.4, y: c.y - 0.3 }, 1)).toEqual({ q: 4, r: -2 });
  });

  it('hex: rounding keeps q + r + s = 0 and returns the nearest cell', () => {
    expect(hexRound({ q: 0.2, r: 0.1 })).toEqual({ q: 0, r: 0 });
    expect(hexRound({ q: 0.9, r: -0.1 })).toEqual({ q: 1, r: 0 });
    expect(hexRound({ q: -0.4, r: 0.45 })).toEqual({ q: 0, r: 0 });
    expect(hexRound({ q: 1.6, r: -0.7 })).toEqual({ q: 2, r: -1 });
  });

  it('hex: rings and discs have 6·k and 3·r·(r+1)+1 cells', () => {
    expect(hexRing(O, 0)).toEqual([O]);
    expect(hexRing(O, 3)).toHaveLength(18);
    for (const h of hexRing({ q: 1, r: 1 }, 3)) expect(hexDistance(h, { q: 1, r: 1 })).toBe(3);
    const disc = hexesWithin(O, 5);
    expect(disc).toHaveLength(91);
    expect(new Set(disc.map(hexKey)).size).toBe(91);
  });
});
