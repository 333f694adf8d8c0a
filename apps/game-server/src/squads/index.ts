import type { Feature } from '../features/types';
import { SquadRoom } from './SquadRoom';
import { squadRoutes } from './routes';
import { closeOverdueDecisions, registerSquadJobs } from './service';

/** GAME.md feature "squads": the squad room, the squad HTTP API and the decision-close job. */
export const squadsFeature: Feature = {
  name: 'squads',
  defineRooms(server) {
    server.define('squad', SquadRoom).filterBy(['squadId']);
  },
  routes: (s) => squadRoutes(s),
  registerJobs: (s) => registerSquadJobs(s),
  async start(s) {
    if (!s.config.jobsEnabled) return;
    const closed = await closeOverdueDecisions(s, new Date());
    if (closed > 0) s.logger.info({ closed }, 'closed overdue squad decisions');
  },
};
