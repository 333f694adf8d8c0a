import { describe, expect, it } from 'vitest';
import { hexesWithin } from '../src/hex';
import { HOLDING_DEFENCE_MULTIPLIER } from '../src/siege';
import {
  OUTPOST_GARRISON, RESTRICTED_DEPLOY_KEYS, RESTRICTED_GARRISON_MULTIPLIER, RESTRICTED_SHARE_BPS, RESTRICTED_TERRAINS,
  RESTRICTED_YIELD_MULTIPLIER, STARTING_REACH, TERRAIN_YIELDS, WINNABLE_TARGETS_PER_START, generateWorld, restrictedCount,
  restrictedRank, winnableTargetsNear, type Territory, type World,
} from '../src/world';

/** The same options with restricted marking undone: what the world would be without §4.5. */
function unmarked(t: Territory): Territory {
  if (!t.restricted) return t;
  return {
    ...t, restricted: false, garrison: t.garrison / RESTRICTED_GARRISON_MULTIPLIER,
    garrisonMax: t.garrisonMax / RESTRICTED_GARRISON_MULTIPLIER, yieldPerHour: t.yieldPerHour / RESTRICTED_YIELD_MULTIPLIER,
  };
}

const occupiedDatacentersAndHubs = (w: World) =>
  w.territories.filter((t) => t.status === 'occupied' && (t.terrain === 'datacenter' || t.terrain === 'network_hub'));

describe('restricted territories (GAME §4.5)', () => {
  const seed1 = generateWorld({ seed: 1 });
  const seed42 = generateWorld({ seed: 42 });
  const big = generateWorld({ seed: 1, regions: 40, territories: 10000 });

  it('restricted: the rule\'s numbers — ~5 % (500 bps) of occupied datacenters and network hubs, garrison ×2, yield ×3, 1 key', () => {
    expect(RESTRICTED_SHARE_BPS).toBe(500);
    expect([...RESTRICTED_TERRAINS]).toEqual(['datacenter', 'network_hub']);
    expect(RESTRICTED_GARRISON_MULTIPLIER).toBe(2);
    expect(RESTRICTED_YIELD_MULTIPLIER).toBe(3);
    expect(RESTRICTED_DEPLOY_KEYS).toBe(1n);
    // round(5 % × n)
    expect([0, 9, 10, 20, 37, 50, 1819].map(restrictedCount)).toEqual([0, 0, 1, 1, 2, 3, 91]);
  });

  it('restricted: exact counts for fixed seeds — seed 1: 2 of 37, seed 42: 3 of 50, the 10,000-territory seed 1: 91 of 1,819', () => {
    expect(occupiedDatacentersAndHubs(seed1)).toHaveLength(37);
    expect(seed1.territories.filter((t) => t.restricted).map((t) => t.id)).toEqual(['t-7_-4', 't--6_-1']);
    expect(occupiedDatacentersAndHubs(seed42)).toHaveLength(50);
    expect(seed42.territories.filter((t) => t.restricted).map((t) => t.id)).toEqual(['t-6_-5', 't--10_5', 't--9_9']);
    expect(occupiedDatacentersAndHubs(big)).toHaveLength(1819);
    const restricted = big.territories.filter((t) => t.restricted);
    expect(restricted).toHaveLength(91); // round(1819 × 0.05) = round(90.95)
    expect(restricted.length / 1819).toBeCloseTo(0.05, 2);
  });

  it('restricted: only occupied datacenters and network hubs, never a winnable outpost of a starting area', () => {
    for (const w of [seed1, seed42, big]) {
      for (const t of w.territories.filter((x) => x.restricted)) {
        expect(t.status).toBe('occupied');
        expect(['datacenter', 'network_hub']).toContain(t.terrain);
        expect(t.garrisonMax).toBeGreaterThan(2 * OUTPOST_GARRISON);
        expect(t.garrison * HOLDING_DEFENCE_MULTIPLIER).toBeGreaterThanOrEqual(40);
      }
    }
  });

  it('restricted: garrison and its maximum ×2, yield ×3 of what the territory would have unmarked', () => {
    for (const t of big.territories.filter((x) => x.restricted)) {
      expect(t.garrison).toBe(t.garrisonMax);
      expect(t.garrisonMax % 20).toBe(0); // twice a multiple of ten
      expect(t.yieldPerHour).toBe(3 * TERRAIN_YIELDS[t.terrain].perHour);
      expect(t.yieldResource).toBe(TERRAIN_YIELDS[t.terrain].resource);
    }
    for (const t of big.territories.filter((x) => !x.restricted)) expect(t.yieldPerHour).toBe(TERRAIN_YIELDS[t.terrain].perHour);
    const [t] = seed1.territories.filter((x) => x.id === 't--6_-1');
    expect({ terrain: t.terrain, garrison: t.garrison, garrisonMax: t.garrisonMax, yieldPerHour: t.yieldPerHour })
      .toEqual({ terrain: 'datacenter', garrison: 580, garrisonMax: 580, yieldPerHour: 180 }); // 2 × 290, 3 × 60
  });

  it('restricted: deterministic from the seed — the same seed marks the same territories, the rest of the world is untouched', () => {
    expect(generateWorld({ seed: 1 })).toEqual(seed1);
    const other = generateWorld({ seed: 2 });
    expect(other.territories.filter((t) => t.restricted).map((t) => t.id))
      .not.toEqual(seed1.territories.filter((t) => t.restricted).map((t) => t.id));
    // Undoing the marks gives back a world where nothing is restricted and every yield is the terrain's.
    for (const t of seed1.territories.map(unmarked)) {
      expect(t.restricted).toBe(false);
      expect(t.yieldPerHour).toBe(TERRAIN_YIELDS[t.terrain].perHour);
    }
  });

  it('restricted: the picks are the lowest restrictedRank among the eligible (then id)', () => {
    const eligible = occupiedDatacentersAndHubs(big).filter((t) => unmarked(t).garrisonMax > OUTPOST_GARRISON);
    const expected = eligible
      .map((t) => ({ id: t.id, rank: restrictedRank(1, t.q, t.r) }))
      .sort((a, b) => a.rank - b.rank || (a.id < b.id ? -1 : 1))
      .slice(0, 91).map((x) => x.id).sort();
    expect(big.territories.filter((t) => t.restricted).map((t) => t.id).sort()).toEqual(expected);
  });

  it('restricted: restrictedRank is an integer in [0, 2^31), the same for seeds equal modulo 2^31 (as the migration computes it)', () => {
    expect(restrictedRank(1, 0, 0)).toBe(1822727613);
    expect(restrictedRank(1, -6, -1)).toBe(177444815);
    expect(restrictedRank(-5, 3, -2)).toBe(1130181392);
    expect(restrictedRank(2 ** 31 + 5, 3, -2)).toBe(restrictedRank(5, 3, -2));
    for (let q = -50; q <= 50; q += 7) {
      for (let r = -50; r <= 50; r += 11) {
        const h = restrictedRank(123456789, q, r);
        expect(Number.isInteger(h)).toBe(true);
        expect(h).toBeGreaterThanOrEqual(0);
        expect(h).toBeLessThan(2 ** 31);
      }
    }
  });

  it('restricted: every starting area keeps its 3 winnable targets within 2 hexes (GAME §3.1)', () => {
    for (const w of [seed1, seed42, big]) {
      const hexes = new Map(w.territories.map((t) => [`${t.q},${t.r}`, t]));
      for (const n of w.territories.filter((t) => t.status === 'neutral')) {
        const inReach = hexesWithin(n, STARTING_REACH).filter((h) => hexes.get(`${h.q},${h.r}`)?.status === 'occupied').length;
        expect(winnableTargetsNear(n, hexes)).toBeGreaterThanOrEqual(Math.min(WINNABLE_TARGETS_PER_START, inReach));
      }
    }
  });
});
