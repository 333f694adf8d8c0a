import type { Feature } from '../features/types';
import { MarketRoom } from './MarketRoom';
import { marketRoutes } from './routes';

/**
 * GAME.md feature "market" (§4.1): one `market` room per instrument (join with
 * `{instrument}`), history and fair-play HTTP routes. Books are rebuilt from the open orders in
 * the database when a market room is created (on first join after a start).
 */
export const marketFeature: Feature = {
  name: 'market',
  defineRooms(server) {
    server.define('market', MarketRoom).filterBy(['instrument']);
  },
  routes: (s) => marketRoutes(s),
};
