import { payTerritoryIncome, revertAbandonedTerritories } from '@datavism/db';
import { activeModifiers } from '@datavism/rules';
import { channel, type Services } from '../context';
import { beginDueBattles, resolveDueSieges } from './siegeService';
import { AC_STRIKE_JOB, COUNTER_SIEGE_DECLARED_JOB, acStrike, announceCounterSiege } from './counterSieges';

/**
 * Territory jobs: siege phase changes and resolutions (durable one-off jobs at the persisted
 * deadlines), hourly income into squad treasuries, the daily revert of abandoned territories and
 * the AC's counter-siege strike, checked every game hour (GAME §3.3–§3.5).
 */
export function registerTerritoryJobs(s: Services): void {
  const { jobs, database, config, parameters, presence } = s;
  jobs.register('siege-battle', async () => ({ rows: await beginDueBattles(s, new Date()) }));
  jobs.register('siege-resolve', async () => ({ rows: await resolveDueSieges(s, new Date()) }));
  jobs.register('territory-income', async ({ scheduledFor }) => {
    // ×2 on Squad Wars Saturday: the calendar of the slot's own day decides.
    const multiplier = activeModifiers(scheduledFor).territoryIncomeMultiplier;
    const paid = await payTerritoryIncome(database.db, { slot: scheduledFor.toISOString(), multiplier });
    return { rows: paid.transfers };
  });
  jobs.register('territory-abandon', async ({ scheduledFor }) => {
    const now = new Date(Math.max(Date.now(), scheduledFor.getTime()));
    const cutoff = new Date(now.getTime() - parameters.get('territory_abandon_days') * config.durations.dayMs);
    const ids = await revertAbandonedTerritories(database.db, cutoff, now);
    if (ids.length > 0) await presence.publish(channel(config, 'world:territories'), ids);
    return { rows: ids.length };
  });
  jobs.register(AC_STRIKE_JOB, async ({ scheduledFor }) => ({ rows: await acStrike(s, scheduledFor) }));
  jobs.register(COUNTER_SIEGE_DECLARED_JOB, async ({ payload }) => ({ rows: await announceCounterSiege(s, String(payload.siegeId)) }));
  jobs.every('territory-income', config.durations.hourMs);
  jobs.every(AC_STRIKE_JOB, config.durations.hourMs);
  jobs.every('territory-abandon', config.durations.dayMs);
}
