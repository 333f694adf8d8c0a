import { describe, expect, it } from 'vitest';
import {
  counterSiegeStrength, isCounterSiegeHour, pickCounterSieges, resolveCounterSiege, type CounterSiegeCandidate,
} from '../src/counterSiege';
import { createRng } from '../src/random';
import { defaultParameters } from '../src/registry';
import { siegeTimeline } from '../src/siege';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 4, 6, 0, 0);
const GRACE = 24 * HOUR;

function candidate(over: Partial<CounterSiegeCandidate> & { territoryId: string }): CounterSiegeCandidate {
  return {
    regionId: 1, holderSquadId: `squad-${over.territoryId}`, yieldPerHour: 10, liberatedAt: NOW - 48 * HOUR,
    adjacentGarrisons: [30], readyAt: 0, ...over,
  };
}

const pick = (candidates: CounterSiegeCandidate[], busy: string[] = [], seed = 1) =>
  pickCounterSieges({ candidates, now: NOW, graceMs: GRACE, busySquads: new Set(busy), rng: createRng(seed) });

describe('the AC strikes back: when (GAME §3.5)', () => {
  it('counter-siege: the AC strikes every 6 game hours by default', () => {
    const interval = defaultParameters().ac_counter_siege_interval_hours;
    expect(interval).toBe(6);
    const hours = Array.from({ length: 25 }, (_, h) => h).filter((h) => isCounterSiegeHour(NOW - 6 * HOUR + h * HOUR, HOUR, interval));
    // NOW is 06:00 UTC, an hour divisible by 6 since the epoch: 00:00, 06:00, 12:00, 18:00.
    expect(hours).toEqual([0, 6, 12, 18, 24]);
  });

  it('counter-siege: the interval is counted in game hours (TIME_SCALE 360: a game hour is 10 s)', () => {
    const hourMs = HOUR / 360;
    expect(isCounterSiegeHour(60 * hourMs, hourMs, 6)).toBe(true);
    expect(isCounterSiegeHour(61 * hourMs, hourMs, 6)).toBe(false);
    expect(isCounterSiegeHour(61 * hourMs, hourMs, 1)).toBe(true);
  });

  it('counter-siege: the same §3.3 phases with no perks — 30 s muster, 60 s battle', () => {
    expect(siegeTimeline({ declaredAt: NOW, musterSeconds: 30, battleSeconds: 60, rapidDeployment: false, extendedOperations: false }))
      .toEqual({ musterEndsAt: NOW + 30_000, battleEndsAt: NOW + 90_000, revealedToDefenderAt: NOW });
  });
});

describe('the AC strikes back: which territories and with what strength', () => {
  it('counter-siege: the AC attacks with the strongest adjacent garrison', () => {
    expect(counterSiegeStrength([12, 40, 31])).toBe(40);
    expect(counterSiegeStrength([])).toBe(0);
    expect(pick([candidate({ territoryId: 't1', adjacentGarrisons: [12, 40, 31] })]))
      .toEqual([{ territoryId: 't1', regionId: 1, holderSquadId: 'squad-t1', acStrength: 40 }]);
  });

  it('counter-siege: only a territory adjacent to an occupied one is a target', () => {
    expect(pick([candidate({ territoryId: 't1', adjacentGarrisons: [] })])).toEqual([]);
  });

  it('counter-siege: never a territory liberated in the last 24 h (exactly 24 h ago is fair game)', () => {
    expect(pick([candidate({ territoryId: 't1', liberatedAt: NOW - GRACE + 1 })])).toEqual([]);
    expect(pick([candidate({ territoryId: 't1', liberatedAt: NOW - GRACE })]).map((t) => t.territoryId)).toEqual(['t1']);
    expect(defaultParameters().ac_counter_siege_grace_hours).toBe(24);
  });

  it('counter-siege: never one still in its siege cooldown', () => {
    expect(pick([candidate({ territoryId: 't1', readyAt: NOW + 1 })])).toEqual([]);
    expect(pick([candidate({ territoryId: 't1', readyAt: NOW })])).toHaveLength(1);
  });

  it('counter-siege: at most one per region, one in each region', () => {
    const targets = pick([
      candidate({ territoryId: 'a1', regionId: 1 }), candidate({ territoryId: 'a2', regionId: 1 }),
      candidate({ territoryId: 'b1', regionId: 2 }), candidate({ territoryId: 'b2', regionId: 2 }),
      candidate({ territoryId: 'c1', regionId: 3, adjacentGarrisons: [] }),
    ]);
    expect(targets.map((t) => t.regionId)).toEqual([1, 2]);
  });

  it('counter-siege: never a second one of a squad while one runs, nor two of one squad in one strike', () => {
    const same = [
      candidate({ territoryId: 'a1', regionId: 1, holderSquadId: 'S' }),
      candidate({ territoryId: 'b1', regionId: 2, holderSquadId: 'S' }),
    ];
    expect(pick(same)).toEqual([{ territoryId: 'a1', regionId: 1, holderSquadId: 'S', acStrength: 30 }]);
    expect(pick(same, ['S'])).toEqual([]);
    // A busy squad's territory is skipped and the region takes another squad's.
    const mixed = [candidate({ territoryId: 'a1', holderSquadId: 'S' }), candidate({ territoryId: 'a2', holderSquadId: 'T' })];
    expect(pick(mixed, ['S']).map((t) => t.territoryId)).toEqual(['a2']);
  });

  it('counter-siege: weighted by yield — a 3× yield is picked about 3× as often; a 0 yield never beside a positive one', () => {
    const cs = [candidate({ territoryId: 'low', yieldPerHour: 10 }), candidate({ territoryId: 'high', yieldPerHour: 30 }),
      candidate({ territoryId: 'none', yieldPerHour: 0 })];
    const counts = new Map<string, number>();
    for (let seed = 0; seed < 4000; seed++) {
      const [t] = pick(cs, [], seed);
      counts.set(t!.territoryId, (counts.get(t!.territoryId) ?? 0) + 1);
    }
    expect(counts.get('none')).toBeUndefined();
    const ratio = counts.get('high')! / counts.get('low')!;
    expect(ratio).toBeGreaterThan(2.6);
    expect(ratio).toBeLessThan(3.4);
  });

  it('counter-siege: the same seed and map give the same targets, whatever the candidates’ order', () => {
    const cs = Array.from({ length: 12 }, (_, i) => candidate({ territoryId: `t${i}`, regionId: i % 3, yieldPerHour: 5 + i }));
    expect(pick([...cs].reverse(), [], 42)).toEqual(pick(cs, [], 42));
  });
});

describe('the AC strikes back: resolution', () => {
  it('counter-siege: defenders hold with 3 × 10 × 1.3 = 39 against a garrison of 30', () => {
    expect(resolveCounterSiege({ acStrength: 30, defenders: [10, 10, 10], defenderType: 'analysis' }))
      .toEqual({ attackerStrength: 30, defenderStrength: 39, attackerWins: false });
  });

  it('counter-siege: the AC retakes it with 40 against 39 (strictly stronger)', () => {
    expect(resolveCounterSiege({ acStrength: 40, defenders: [10, 10, 10], defenderType: 'analysis' }))
      .toEqual({ attackerStrength: 40, defenderStrength: 39, attackerWins: true });
  });

  it('counter-siege: a tie (39 vs 39) goes to the defenders', () => {
    expect(resolveCounterSiege({ acStrength: 39, defenders: [10, 10, 10], defenderType: 'analysis' }).attackerWins).toBe(false);
  });

  it('counter-siege: nobody committed — the AC wins with any garrison above 0', () => {
    expect(resolveCounterSiege({ acStrength: 1, defenders: [], defenderType: 'analysis' }))
      .toEqual({ attackerStrength: 1, defenderStrength: 0, attackerWins: true });
  });

  it('counter-siege: an infiltration holder defends ×1.1 more, as in every §3.3 defence (3 × 10 × 1.3 × 1.1 = 42.9)', () => {
    expect(resolveCounterSiege({ acStrength: 42, defenders: [10, 10, 10], defenderType: 'infiltration' }))
      .toEqual({ attackerStrength: 42, defenderStrength: 42.9, attackerWins: false });
  });

  it('counter-siege: a held-off counter-siege gives each committed defender +50 impactRating by default', () => {
    expect(defaultParameters().ac_counter_siege_defence_impact).toBe(50);
  });
});
