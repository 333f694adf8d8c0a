import { decayResource } from '@datavism/db';
import type { Resource } from '@datavism/rules';
import type { Services } from '../context';
import { settleDue } from './service';

/** Balance decay per GAME §4: cpu_cycles daily, liberation_keys weekly, influence_points monthly (30 days). */
const DECAY_SCHEDULE: ReadonlyArray<{ resource: Resource; days: number }> = [
  { resource: 'cpu_cycles', days: 1 },
  { resource: 'liberation_keys', days: 7 },
  { resource: 'influence_points', days: 30 },
];

const REAL_DAY_MS = 86_400_000;

/** The exchange's jobs: resource decay passes, auction settlement (one-off per auction + a sweep). */
export function registerExchangeJobs(s: Services): void {
  for (const { resource, days } of DECAY_SCHEDULE) {
    const name = `resource-decay:${resource}`;
    s.jobs.register(name, async ({ scheduledFor }) => ({ rows: await decayResource(s.database.db, resource, scheduledFor) }));
    // Calendar days, not scaled game days: decay is paid once per account per UTC day
    // (its idempotency key), so a TIME_SCALE'd cadence would only add empty runs.
    s.jobs.every(name, REAL_DAY_MS * days);
  }
  s.jobs.register('auction-settle', async ({ payload }) => ({
    rows: await settleDue(s, typeof payload.auctionId === 'string' ? payload.auctionId : undefined),
  }));
  s.jobs.register('auction-sweep', async () => ({ rows: await settleDue(s) }));
  // A minute of game time: the backstop for a settlement job that lost its slot.
  s.jobs.every('auction-sweep', s.config.durations.hourMs / 60);
}
