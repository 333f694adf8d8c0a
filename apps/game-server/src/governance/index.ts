import { ensureCouncils } from '@datavism/db';
import type { Feature } from '../features/types';
import { CouncilRoom } from './CouncilRoom';
import { governanceRoutes } from './routes';
import { registerGovernanceJobs } from './service';

/** GAME.md feature "governance" (§7, §10): the council room, its HTTP routes and its durable jobs. */
export const governanceFeature: Feature = {
  name: 'governance',
  defineRooms(server) {
    server.define('council', CouncilRoom);
  },
  routes: (s) => governanceRoutes(s),
  registerJobs: (s) => registerGovernanceJobs(s),
  async start(s) {
    await ensureCouncils(s.database.db);
  },
};
