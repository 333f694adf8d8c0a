import { declareCounterSieges, getSiege, type ScheduleJobInput, type SiegeView } from '@datavism/db';
import { activeModifiers, isCounterSiegeHour, siegeCooldownSeconds } from '@datavism/rules';
import type { Services } from '../context';
import { deadlinesCommitted } from '../jobs/deadlines';
import {
  notifyBesieged, publishSiege, publishSquadNotice, publishTerritories, scaled, siegeDeadlines, underAttackNotice,
} from './siegeService';

/**
 * GAME §3.5, the AC strikes back. The strike is a periodic job run once per game hour (its slot
 * claimed, so neither a restart nor a second process runs an hour twice); it acts on the hours
 * `isCounterSiegeHour` names — every `ac_counter_siege_interval_hours`, tunable live. A
 * counter-siege is then a siege like any other: its phase and resolution jobs (`siege-battle`,
 * `siege-resolve`) commit with it, and so does its announcement (`counter-siege-declared`: the
 * map, the war rooms, the defenders' urgent notification), so a crash right after the strike's
 * commit loses none of them.
 */
export const AC_STRIKE_JOB = 'ac-counter-siege';
/** One-off job that announces a committed counter-siege (at its declaration). */
export const COUNTER_SIEGE_DECLARED_JOB = 'counter-siege-declared';

/** A counter-siege's jobs: its announcement now, then the phases of every siege. */
export function counterSiegeDeadlines(siege: SiegeView): ScheduleJobInput[] {
  return [
    { key: `siege:${siege.id}:declared`, name: COUNTER_SIEGE_DECLARED_JOB, runAt: siege.declaredAt, payload: { siegeId: siege.id } },
    ...siegeDeadlines(siege),
  ];
}

/**
 * The strike of one game-hour slot: nothing unless the AC strikes this hour, nothing for a slot an
 * hour or more behind (a server that was down does not fire the strikes it missed in arrears);
 * else {@link declareCounterSieges} with the registry's durations, scaled by `TIME_SCALE`.
 * Returns how many counter-sieges it declared.
 */
export async function acStrike(s: Services, slot: Date, now = new Date()): Promise<number> {
  const hourMs = s.config.durations.hourMs;
  if (!isCounterSiegeHour(slot.getTime(), hourMs, s.parameters.get('ac_counter_siege_interval_hours'))) return 0;
  if (now.getTime() - slot.getTime() >= hourMs) return 0;
  const hour = Math.round(slot.getTime() / hourMs);
  const strike = await declareCounterSieges(s.database.db, {
    slot,
    now,
    musterSeconds: scaled(s, s.parameters.get('siege_muster_seconds')),
    battleSeconds: scaled(s, s.parameters.get('siege_battle_seconds')),
    cooldownSeconds: scaled(s, siegeCooldownSeconds(s.parameters.get('siege_cooldown_seconds'), activeModifiers(now))),
    graceMs: s.parameters.get('ac_counter_siege_grace_hours') * hourMs,
    seed: s.config.world.seed * 1_000_003 + hour,
    deadlines: counterSiegeDeadlines,
  });
  if (!strike.declared || strike.sieges.length === 0) return 0;
  await deadlinesCommitted(s, 'ac-counter-siege', strike.sieges.flatMap(counterSiegeDeadlines));
  for (const siege of strike.sieges) {
    s.logger.info({ siege: siege.id, territory: siege.territoryId, defender: siege.defenderSquadId, strength: siege.acStrength },
      'AC counter-siege declared');
  }
  return strike.sieges.length;
}

/**
 * Job: a committed counter-siege is announced — the map rooms reload the territory, the war
 * rooms add it (and tell the defenders online), the squad's notice channel hears it and its
 * members get the urgent `territory_besieged` notification (deduplicated per siege, so a re-run
 * notifies nobody twice). Nothing once it is resolved.
 */
export async function announceCounterSiege(s: Services, siegeId: string, now = new Date()): Promise<number> {
  const siege = await getSiege(s.database.db, siegeId);
  if (!siege || siege.status === 'resolved') return 0;
  await publishTerritories(s, [siege.territoryId]);
  await publishSiege(s, { siegeId: siege.id, event: 'declared' });
  if (siege.defenderSquadId) {
    await publishSquadNotice(s, siege.defenderSquadId, underAttackNotice(siege, now.getTime()));
    await notifyBesieged(s, siege);
  }
  return 1;
}
