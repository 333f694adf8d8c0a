import { Redis } from 'ioredis';
import { RedisPresence } from '@colyseus/redis-presence';
import type { Logger } from '../logger';

/**
 * The key prefix of a world's Colyseus keys (room registry, seat reservations, presence hashes):
 * without it two worlds on one Redis database would share `roomcaches` and matchmake into each
 * other's rooms. Pub/sub channels are not keys (ioredis leaves them alone); the rooms' and
 * processes' channels carry unique ids, ours carry the prefix already.
 */
export const colyseusKeyPrefix = (redisPrefix: string) => `${redisPrefix}:colyseus:`;

/**
 * RedisPresence with a subscriber connection that survives a long Redis outage. RedisPresence
 * opens its subscriber with `enableReadyCheck: false`; with ioredis 5.11, after a disconnection
 * of more than a few seconds such a connection reports `ready` but never answers another
 * SUBSCRIBE (reproduced with a TCP proxy cut for 12 s): every room created afterwards hung in its
 * presence subscription. A subscriber with the default ready check recovers; it is connected
 * (ready check done) before anything subscribes, since a ready check behind a queued SUBSCRIBE
 * is refused in subscriber mode.
 */
export async function createRedisPresence(redisUrl: string, keyPrefix: string, logger: Logger): Promise<RedisPresence> {
  const sub = new Redis(redisUrl, { lazyConnect: true, keyPrefix });
  sub.setMaxListeners(0);
  sub.on('error', (e) => logger.warn({ err: e.message }, 'presence subscriber connection error'));
  await sub.connect();
  const presence = new RedisPresence(new Redis(redisUrl, { keyPrefix }));
  const self = presence as unknown as { sub: Redis; pub: Redis; resubscribeAll(): void };
  self.sub.disconnect();
  sub.on('ready', () => self.resubscribeAll());
  self.sub = sub;
  self.pub.on('error', () => {});
  return presence;
}
