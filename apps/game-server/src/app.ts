import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import { LocalPresence, Server, type Presence } from '@colyseus/core';
import { WebSocketTransport } from '@colyseus/ws-transport';
import { Encoder } from '@colyseus/schema';
import { WebSocket as NodeWebSocket } from 'ws';
import { Redis } from 'ioredis';
import { colyseusKeyPrefix, createRedisPresence } from './ops/presence';
import { placeRoom } from './ops/placement';
import { RedisDriver } from '@colyseus/redis-driver';
import { monitor } from '@colyseus/monitor';
import { openDatabase, saveWorld, worldExists, type Database } from '@datavism/db';
import { generateWorld } from '@datavism/rules';
import type { Config } from './config';
import { channel, setServices, type Services } from './context';
import { createLogger, type Logger } from './logger';
import { createMetrics } from './ops/metrics';
import { InProcessJobRunner } from './jobs/inProcess';
import { BullMqJobRunner } from './jobs/bullmq';
import { registerJobs } from './jobs/handlers';
import { ParameterStore } from './world/parameters';
import { MapRoom } from './world/MapRoom';
import { RegionRoom } from './world/RegionRoom';
import { worldRoutes } from './world/routes';
import { RoomSupervisor } from './ops/roomSupervisor';
import { authRoutes } from './http/authRoutes';
import { opsRoutes } from './http/opsRoutes';
import { gmRoutes } from './http/gmRoutes';
import { requirePlayer } from './http/guards';
import { errorHandler } from './http/errors';
import { ensureAdmin } from './players/admin';
import { FEATURES } from './features/index';

export interface GameServer {
  server: Server;
  services: Services;
  /** Listen on config.port (0 picks a free port); resolves with the port. */
  listen(): Promise<number>;
  shutdown(): Promise<void>;
}

/**
 * Build one game-server process: database (PGlite or Postgres), presence and driver (local or
 * Redis), job runner (in-process or BullMQ), HTTP routes, and the rooms.
 */
// Colyseus 0.18 reads the global WebSocket (Node >= 22 has one); give Node 20 the `ws` class.
(globalThis as { WebSocket?: unknown }).WebSocket ??= NodeWebSocket;

// A 10,000-territory world's full state is about 1 MB; size the encoder for it up front.
Encoder.BUFFER_SIZE = 2 * 1024 * 1024;

export async function createGameServer(
  config: Config,
  opts: { logger?: Logger; database?: Database } = {},
): Promise<GameServer> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const metrics = createMetrics();
  const processId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const database = opts.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  await ensureWorld(database.db, config, logger);
  if (config.admin) await ensureAdmin(database.db, config.admin, logger);

  const keyPrefix = colyseusKeyPrefix(config.redisPrefix);
  const presence: Presence = config.redisUrl ? await createRedisPresence(config.redisUrl, keyPrefix, logger) : new LocalPresence();
  const driver = config.redisUrl ? new RedisDriver(new Redis(config.redisUrl, { keyPrefix })) : undefined;
  const jobDeps = { db: database.db, logger, metrics, processId };
  const jobs = config.redisUrl ? new BullMqJobRunner(jobDeps, config.redisUrl, config.redisPrefix) : new InProcessJobRunner(jobDeps);
  const parameters = new ParameterStore(database.db, presence, channel(config, 'parameters'));
  await parameters.start();

  const services: Services = {
    config, database, logger, metrics, jobs, presence, parameters, processId,
    presenceKind: config.redisUrl ? 'redis' : 'local',
  };
  setServices(services);
  registerJobs(services);
  for (const f of FEATURES) f.registerJobs?.(services);

  const transport = new WebSocketTransport({ maxPayload: config.maxPayloadBytes });
  const server = new Server({
    transport,
    presence,
    driver,
    publicAddress: config.publicAddress,
    selectProcessIdToCreateRoom: placeRoom,
    greet: false,
    gracefullyShutdown: false,
    express: (app) => mountHttp(app, services),
  });
  server.define('map', MapRoom);
  server.define('region', RegionRoom).filterBy(['regionId']);
  for (const f of FEATURES) f.defineRooms?.(server);

  let port = config.port;
  const supervisor = new RoomSupervisor(services);
  return {
    server,
    services,
    async listen() {
      await server.listen(config.port, config.host);
      port = (transport as unknown as { server: { address(): { port: number } } }).server.address().port;
      for (const f of FEATURES) await f.start?.(services);
      if (config.jobsEnabled) await jobs.start();
      supervisor.start();
      logger.info({ port, database: database.kind, presence: services.presenceKind, jobs: jobs.kind }, 'DATAVISM game server listening');
      return port;
    },
    async shutdown() {
      supervisor.stop();
      await jobs.stop();
      for (const f of [...FEATURES].reverse()) await f.stop?.(services).catch(() => {});
      await server.gracefullyShutdown(false).catch(() => {});
      await database.close();
      setServices(null);
    },
  };
}

function mountHttp(app: express.Application, s: Services): void {
  app.set('trust proxy', 'loopback');
  // Keep the exact bytes of JSON bodies: signed webhooks verify their HMAC over them.
  app.use(express.json({ limit: '16kb', verify: (req, _res, buf) => { (req as { rawBody?: Buffer }).rawBody = buf; } }));
  app.use(opsRoutes(s));
  app.use(authRoutes(s));
  app.use(gmRoutes(s));
  app.use(worldRoutes(s));
  for (const f of FEATURES) if (f.routes) app.use(f.routes(s));
  app.use('/colyseus', requirePlayer(s, 'admin'), monitor() as unknown as express.RequestHandler);
  if (existsSync(s.config.clientDist)) {
    app.use(express.static(s.config.clientDist));
    app.get(/^\/(?!api\/|matchmake\/|colyseus\/).*/, (_req, res) => res.sendFile(path.join(s.config.clientDist, 'index.html')));
  } else {
    app.get('/', (_req, res) => res.type('text').send('DATAVISM game server: the client is not built (run `npm run build`).'));
  }
  app.use('/api', (_req, res) => res.status(404).json({ code: 'NOT_FOUND', message: 'no such route' }));
  app.use(errorHandler((err) => {
    s.metrics.errors.inc({ where: 'http' });
    s.logger.error({ err }, 'http handler failed');
  }));
}

/** Generate and persist the world on first start (deterministic from WORLD_SEED). */
async function ensureWorld(db: Services['database']['db'], config: Config, logger: Logger): Promise<void> {
  if (await worldExists(db)) return;
  const world = generateWorld({ seed: config.world.seed, regions: config.world.regions, territories: config.world.territories });
  await saveWorld(db, world);
  logger.info({ seed: world.seed, territories: world.territories.length, regions: world.regions.length }, 'world generated');
}
