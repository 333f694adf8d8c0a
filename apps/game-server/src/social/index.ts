import type { Feature } from '../features/types';
import { SocialRoom } from './SocialRoom';
import { socialRoutes } from './routes';
import { socialRuntime } from './runtime';
import { socialStaffRoutes } from './staffRoutes';

/**
 * GAME §8.1 and the moderation of §9: chat channels (global, squad, DMs, handler threads,
 * emergency, gated and council channels), history and read markers, the word filter, reports,
 * mutes, bans and the audit log; the `social` room delivers chat, emergency banners and
 * notifications live.
 */
export const socialFeature: Feature = {
  name: 'social',
  defineRooms(server) {
    server.define('social', SocialRoom);
  },
  routes(s) {
    const router = socialRoutes(s);
    router.use(socialStaffRoutes(s));
    return router;
  },
  async start(s) {
    await socialRuntime(s).start();
  },
  async stop(s) {
    await socialRuntime(s).stop();
  },
};
