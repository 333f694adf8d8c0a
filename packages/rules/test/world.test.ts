import { describe, expect, it } from 'vitest';
import { GameError } from '../src/errors';
import { hexKey, hexNeighbors } from '../src/hex';
import {
  generateWorld, regrowGarrison, TERRAIN_GARRISON, TERRAIN_YIELDS, TERRAINS, travelSeconds, type Territory,
} from '../src/world';

/** True if every territory with the given filter is reachable from the first through neighbours. */
function connected(ts: Territory[]): boolean {
  if (ts.length === 0) return true;
  const keys = new Set(ts.map(hexKey));
  const seen = new Set([hexKey(ts[0])]);
  const queue = [ts[0] as { q: number; r: number }];
  while (queue.length) {
    const h = queue.pop()!;
    for (const n of hexNeighbors(h)) {
      const k = hexKey(n);
      if (keys.has(k) && !seen.has(k)) {
        seen.add(k);
        queue.push(n);
      }
    }
  }
  return seen.size === keys.size;
}

describe('world generation', () => {
  const world = generateWorld({ seed: 42 });

  it('world: defaults to 12 regions and 228 territories', () => {
    expect(world.regions).toHaveLength(12);
    expect(world.territories).toHaveLength(228);
    expect(world.seed).toBe(42);
  });

  it('world: same seed gives an identical world', () => {
    expect(generateWorld({ seed: 42 })).toEqual(world);
    expect(generateWorld({ seed: 7, regions: 5, territories: 300 })).toEqual(generateWorld({ seed: 7, regions: 5, territories: 300 }));
  });

  it('world: different seeds give different worlds', () => {
    const other = generateWorld({ seed: 43 });
    expect(other.territories.map((t) => t.name)).not.toEqual(world.territories.map((t) => t.name));
  });

  it('world: territories are unique, contiguous hexes with ids t-<q>_<r>', () => {
    const keys = new Set(world.territories.map(hexKey));
    expect(keys.size).toBe(228);
    for (const t of world.territories) expect(t.id).toBe(`t-${t.q}_${t.r}`);
    expect(connected(world.territories)).toBe(true);
  });

  it('world: every region is contiguous, non-empty and contains its centre', () => {
    for (const region of world.regions) {
      const members = world.territories.filter((t) => t.regionId === region.id);
      expect(members.length).toBeGreaterThan(0);
      expect(connected(members)).toBe(true);
      expect(members.some((t) => t.q === region.center.q && t.r === region.center.r)).toBe(true);
    }
    expect(new Set(world.regions.map((r) => r.name)).size).toBe(12);
  });

  it('world: 15 % neutral (round), the rest occupied at full garrison, nothing liberated', () => {
    const neutral = world.territories.filter((t) => t.status === 'neutral');
    const occupied = world.territories.filter((t) => t.status === 'occupied');
    expect(neutral).toHaveLength(34); // round(228 × 0.15) = round(34.2)
    expect(occupied).toHaveLength(194);
    for (const t of occupied) {
      expect(t.garrison).toBe(t.garrisonMax);
      expect(t.holderSquadId).toBeNull();
    }
    for (const t of neutral) expect(t.garrison).toBe(0);
  });

  it('world: yields follow the terrain tables; garrisons are tens, at most the terrain\'s maximum (scaled down near starting areas)', () => {
    for (const t of world.territories) {
      expect(TERRAINS).toContain(t.terrain);
      expect(t.yieldResource).toBe(TERRAIN_YIELDS[t.terrain].resource);
      // A restricted territory (GAME §4.5) yields ×3 and holds a ×2 garrison: test/restricted.test.ts.
      const m = t.restricted ? { yield: 3, garrison: 2 } : { yield: 1, garrison: 1 };
      expect(t.yieldPerHour).toBe(m.yield * TERRAIN_YIELDS[t.terrain].perHour);
      if (t.status === 'occupied') {
        expect(t.garrisonMax).toBeGreaterThanOrEqual(10);
        expect(t.garrisonMax % 10).toBe(0);
        expect(t.garrisonMax).toBeLessThanOrEqual(m.garrison * Math.min(800, TERRAIN_GARRISON[t.terrain].max));
      }
      expect(t.name.length).toBeGreaterThan(3);
    }
    expect(TERRAIN_YIELDS.datacenter.resource).toBe('cpu_cycles');
    expect(TERRAIN_YIELDS.network_hub.resource).toBe('data_credits');
  });

  it('world: territory names are unique', () => {
    expect(new Set(world.territories.map((t) => t.name)).size).toBe(world.territories.length);
  });

  it('world: a 10,000-territory world in 40 regions', () => {
    const big = generateWorld({ seed: 1, regions: 40, territories: 10000 });
    expect(big.territories).toHaveLength(10000);
    expect(big.regions).toHaveLength(40);
    expect(new Set(big.territories.map((t) => t.id)).size).toBe(10000);
    expect(big.territories.filter((t) => t.status === 'neutral')).toHaveLength(1500);
    expect(connected(big.territories)).toBe(true);
    const sizes = big.regions.map((r) => big.territories.filter((t) => t.regionId === r.id).length);
    expect(Math.min(...sizes)).toBeGreaterThan(0);
    expect(Math.max(...sizes)).toBeLessThan(3 * Math.min(...sizes)); // regions of comparable size
  });

  it('world: rejects impossible sizes', () => {
    expect(() => generateWorld({ seed: 1, regions: 0 })).toThrow(GameError);
    expect(() => generateWorld({ seed: 1, regions: 10, territories: 5 })).toThrow(GameError);
  });
});

describe('garrisons and travel', () => {
  it('garrison: regrows 5 % of its maximum per hour, rounded up', () => {
    expect(regrowGarrison(100, 300)).toBe(115);
    expect(regrowGarrison(0, 50)).toBe(3); // ceil(2.5)
    expect(regrowGarrison(0, 800)).toBe(40);
  });

  it('garrison: never exceeds its maximum', () => {
    expect(regrowGarrison(295, 300)).toBe(300);
    expect(regrowGarrison(300, 300)).toBe(300);
  });

  it('travel: 2 s per hex by default', () => {
    expect(travelSeconds({ q: 0, r: 0 }, { q: 3, r: -1 }, 2)).toBe(6);
    expect(travelSeconds({ q: 0, r: 0 }, { q: 0, r: 0 }, 2)).toBe(0);
    expect(travelSeconds({ q: -2, r: 5 }, { q: 3, r: -1 }, 5)).toBe(30);
  });
});
