import type { Feature } from '../features/types';
import { registerTerritoryJobs } from './jobs';
import { WarRoom } from './WarRoom';
import { territoryRoutes } from './routes';

/**
 * GAME.md §3 territory warfare: claims, sieges (the `war` room), income and abandonment jobs.
 * Other features declare sieges through `./siegeService` (`declareSiege`).
 */
export const territoryFeature: Feature = {
  name: 'territory',
  defineRooms(server) {
    server.define('war', WarRoom);
  },
  routes: (s) => territoryRoutes(s),
  registerJobs: registerTerritoryJobs,
};
