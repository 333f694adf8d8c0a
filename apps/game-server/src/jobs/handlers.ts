import { applyReputationDecay, regrowGarrisons } from '@datavism/db';
import { channel, type Services } from '../context';

/** The periodic jobs of the foundation: daily reputation decay (GAME §1.2), hourly AC garrison regrowth (§3.4). */
export function registerJobs(s: Services): void {
  const { jobs, database, config, presence } = s;
  jobs.register('reputation-decay', async ({ scheduledFor }) => applyReputationDecay(database.db, scheduledFor));
  jobs.register('garrison-regrowth', async () => {
    const rows = await regrowGarrisons(database.db);
    if (rows > 0) await presence.publish(channel(config, 'world:territories'), 'all');
    return { rows };
  });
  // Reputation decay counts UTC calendar days since a login/contribution, so it runs once per
  // calendar day whatever TIME_SCALE says (a scaled cadence would charge a day's decay per run).
  jobs.every('reputation-decay', 86_400_000);
  jobs.every('garrison-regrowth', config.durations.hourMs);
}
