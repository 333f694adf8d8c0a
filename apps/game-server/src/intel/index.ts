import type { Feature } from '../features/types';
import { intelRoutes } from './routes';
import { sweepInvestigations } from './service';

/** How often verified patterns without their investigation are looked for (a crash backstop). */
const INVESTIGATION_SWEEP_MS = 60_000;

/**
 * GAME.md §6.3–6.4 "collective intelligence and skill challenges": the intel board and
 * challenge HTTP API. A verified pattern is announced through the world room's `notice`
 * (presence channel `broadcast`), so no room of its own.
 */
export const intelFeature: Feature = {
  name: 'intel',
  routes: (s) => intelRoutes(s),
  registerJobs(s) {
    s.jobs.register('intel-investigation-sweep', async () => ({ rows: await sweepInvestigations(s, new Date()) }));
    s.jobs.every('intel-investigation-sweep', INVESTIGATION_SWEEP_MS);
  },
};
