/**
 * The AC strikes back (GAME §3.5): when the occupier strikes, which liberated territories it
 * targets, with what strength, and how a counter-siege ends. The phases are §3.3's
 * ({@link siegeTimeline} with no perks: the AC has none). Pure: times are epoch ms passed in.
 */

import type { Rng } from './random';
import { resolveBattle, type SiegeResult } from './siege';
import type { SquadType } from './squads';

/**
 * True when the game hour starting at `slotStart` is one the AC strikes in: every
 * `intervalHours` game hours (registry `ac_counter_siege_interval_hours`, default 6), counted
 * from the epoch, so every process and every restart agrees on which hours they are.
 * @example isCounterSiegeHour(6 * 3_600_000, 3_600_000, 6) // true; 7 game hours: false
 */
export function isCounterSiegeHour(slotStart: number, hourMs: number, intervalHours: number): boolean {
  const hour = Math.round(slotStart / hourMs);
  return hour % Math.max(1, Math.round(intervalHours)) === 0;
}

/**
 * The AC's strength in a counter-siege: the strongest garrison among the occupied territories
 * adjacent to the target (0 when there is none — such a territory is never a target).
 * @example counterSiegeStrength([12, 40, 31]) // 40
 */
export function counterSiegeStrength(adjacentGarrisons: readonly number[]): number {
  return adjacentGarrisons.reduce((max, g) => Math.max(max, g), 0);
}

/** A liberated territory as the AC sees it when it strikes. */
export interface CounterSiegeCandidate {
  territoryId: string;
  regionId: number;
  holderSquadId: string;
  /** Its yield per hour: the AC's weight for it. */
  yieldPerHour: number;
  /** When it was last liberated (claimed or won), epoch ms; null when not recorded. */
  liberatedAt: number | null;
  /** Garrisons of the occupied territories adjacent to it; empty: it borders none. */
  adjacentGarrisons: readonly number[];
  /** When the §3.3 cooldown after its last siege resolution ends (epoch ms; 0 when none). */
  readyAt: number;
}

/** A counter-siege the AC declares. */
export interface CounterSiegeTarget {
  territoryId: string;
  regionId: number;
  holderSquadId: string;
  /** The strongest adjacent garrison: the AC's attack, and the territory's garrison if it falls. */
  acStrength: number;
}

/** Inputs of {@link pickCounterSieges}. */
export interface PickCounterSiegesInput {
  candidates: readonly CounterSiegeCandidate[];
  now: number;
  /** Registry `ac_counter_siege_grace_hours` (default 24) in ms: never a territory liberated this recently. */
  graceMs: number;
  /** Squads already defending a running counter-siege: never a second one of theirs. */
  busySquads: ReadonlySet<string>;
  /** Seeded: the same strike on the same map picks the same targets. */
  rng: Rng;
}

/**
 * GAME §3.5: in each region, at most one liberated territory adjacent to an occupied one, drawn
 * with probability proportional to its yield (uniformly when every eligible yield is 0); never
 * one liberated within the grace period, never one still in its siege cooldown, never a second
 * one of a squad that already has one running — nor two of one squad in the same strike
 * (regions are drawn in ascending order, a squad picked in one region is out of the later ones).
 */
export function pickCounterSieges(input: PickCounterSiegesInput): CounterSiegeTarget[] {
  const busy = new Set(input.busySquads);
  const byRegion = new Map<number, CounterSiegeCandidate[]>();
  const sorted = [...input.candidates].sort((a, b) => (a.territoryId < b.territoryId ? -1 : a.territoryId > b.territoryId ? 1 : 0));
  for (const c of sorted) {
    const list = byRegion.get(c.regionId);
    if (list) list.push(c);
    else byRegion.set(c.regionId, [c]);
  }
  const targets: CounterSiegeTarget[] = [];
  for (const regionId of [...byRegion.keys()].sort((a, b) => a - b)) {
    const eligible = byRegion.get(regionId)!.filter((c) =>
      c.adjacentGarrisons.length > 0
      && (c.liberatedAt === null || c.liberatedAt <= input.now - input.graceMs)
      && c.readyAt <= input.now
      && !busy.has(c.holderSquadId));
    if (eligible.length === 0) continue;
    const weight = (c: CounterSiegeCandidate) => Math.max(0, c.yieldPerHour);
    const chosen = eligible.some((c) => weight(c) > 0) ? input.rng.weighted(eligible, weight) : input.rng.pick(eligible);
    busy.add(chosen.holderSquadId);
    targets.push({
      territoryId: chosen.territoryId, regionId, holderSquadId: chosen.holderSquadId,
      acStrength: counterSiegeStrength(chosen.adjacentGarrisons),
    });
  }
  return targets;
}

/** Inputs of {@link resolveCounterSiege}. */
export interface CounterSiegeBattle {
  /** The AC's committed garrison ({@link CounterSiegeTarget.acStrength}). */
  acStrength: number;
  /** Combat ratings of the holder's committed members. */
  defenders: readonly number[];
  defenderType: SquadType;
}

/**
 * Resolves a counter-siege: the AC attacks with its garrison as it stands (no multiplier), the
 * holder defends with Σ committed ratings ×1.3 for holding (×1.1 more for an infiltration squad,
 * as in every §3.3 defence). The AC wins only if strictly stronger.
 * @example resolveCounterSiege({ acStrength: 40, defenders: [10, 10, 10], defenderType: 'analysis' })
 *   // 40 vs 39: the AC retakes the territory
 */
export function resolveCounterSiege(b: CounterSiegeBattle): SiegeResult {
  return resolveBattle(b.acStrength, { kind: 'squad', ratings: [...b.defenders], type: b.defenderType });
}
