import type { Feature } from '../features/types';
import { registerChurnJob } from './churn';
import { engagementRoutes } from './routes';

export { runChurn, CHURN_JOB, type ChurnOutcome } from './churn';
export { dailyBundle } from './bundle';

/**
 * GAME §8.4 feature "engagement": the daily bundle in one call, the daily churn-risk job (one
 * set-based pass per UTC day, idempotent per day) and its interventions — handler messages,
 * notifications through `notify`, recorded for GMs — and the GM's view of them. Sessions are
 * counted where the world is entered (`world/routes.ts`), wrong answers where challenges are
 * checked (`@datavism/db` intel), squad interactions and level-ups by triggers (migration 0027).
 */
export const engagementFeature: Feature = {
  name: 'engagement',
  routes: (s) => engagementRoutes(s),
  registerJobs: (s) => registerChurnJob(s),
};
