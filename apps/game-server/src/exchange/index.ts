import type { Feature } from '../features/types';
import { AuctionHouseRoom } from './AuctionHouseRoom';
import { registerExchangeJobs } from './jobs';
import { exchangeRoutes } from './routes';
import { seedExchange } from './service';

/**
 * GAME §4.2–§4.3 and the §4 decay table: liquidity pools, English auctions, resource decay.
 * The order books are the market feature's.
 */
export const exchangeFeature: Feature = {
  name: 'exchange',
  defineRooms(server) {
    server.define('auction_house', AuctionHouseRoom);
  },
  routes: exchangeRoutes,
  registerJobs: registerExchangeJobs,
  async start(s) {
    await seedExchange(s);
  },
};
