import type { Feature } from '../features/types';
import { registerDetectorJobs } from './detectors';
import { registerHealthJob } from './health';
import { gmConsoleRoutes } from './routes';

export { recordInputTiming, forgetInputTiming } from './inputTiming';
export { runDetectors, DETECTORS, type Detector } from './detectors';
export { runCommunityHealth, HEALTH_JOB } from './health';

/**
 * GAME §9 feature "gm": game-masters who see and steer the world. Community health (a daily
 * job, one set-based pass, history kept, alerts to GMs), the fair-play detectors (jobs where the
 * data is recorded, automated input in the region rooms) writing one flags table, the actions on
 * flags, world-map control, roles, parameters, job runs and the audit log over HTTP for the
 * console at /gm.
 */
export const gmFeature: Feature = {
  name: 'gm',
  routes: (s) => gmConsoleRoutes(s),
  registerJobs(s) {
    registerHealthJob(s);
    registerDetectorJobs(s);
  },
};
