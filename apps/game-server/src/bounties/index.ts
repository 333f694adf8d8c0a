import type { Feature } from '../features/types';
import { bountyRoutes } from './routes';
import { registerBountyJobs } from './service';

/**
 * GAME.md §4.5 "the bounty board": HTTP routes to post, list and claim bounties, and the durable
 * deadline job that refunds an unclaimed bounty (a `scheduled_jobs` row written with the posting).
 */
export const bountiesFeature: Feature = {
  name: 'bounties',
  routes: (s) => bountyRoutes(s),
  registerJobs: (s) => registerBountyJobs(s),
};
