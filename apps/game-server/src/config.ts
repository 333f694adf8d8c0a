import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * The only module that reads the environment. Everything else receives a `Config`.
 * Invalid values stop the process at boot with a message naming the variable.
 */
const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(2567),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().url().optional(),
  REDIS_URL: z.string().url().optional(),
  /** Prefix for every Redis key and channel this server uses (lets tests share one Redis). */
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]*$/).default('dv'),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
  /** Address clients use to reach THIS process (host:port) when several processes share a world. */
  PUBLIC_ADDRESS: z.string().optional(),
  /** Game time runs this many times faster than real time for durations (1440: a day in a minute). */
  TIME_SCALE: z.coerce.number().positive().max(1_000_000).default(1),
  WORLD_SEED: z.coerce.number().int().default(1),
  WORLD_REGIONS: z.coerce.number().int().min(1).max(1000).default(12),
  WORLD_TERRITORIES: z.coerce.number().int().min(0).max(100_000).default(0),
  /** Accounts created before this date carry the Founder title (GAME §1). */
  LAUNCH_DATE: z.coerce.date().default(new Date('2027-01-01T00:00:00Z')),
  ADMIN_NAME: z.string().optional(),
  ADMIN_PASSWORD: z.string().min(8).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CLIENT_DIST: z.string().optional(),
  MAX_PAYLOAD_BYTES: z.coerce.number().int().min(256).max(1_048_576).default(16_384),
  RECONNECT_SECONDS: z.coerce.number().min(0).max(600).default(20),
  PATCH_RATE_MS: z.coerce.number().int().min(10).max(1000).default(50),
  /** Run the periodic jobs (decay, regrowth) in this process. */
  JOBS: z.enum(['on', 'off']).default('on'),
  /** HMAC-SHA256 secret of the operations webhook (POST /api/triggers); unset = webhook disabled. */
  TRIGGER_SECRET: z.string().min(16, 'TRIGGER_SECRET must be at least 16 characters').optional(),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  redisUrl?: string;
  redisPrefix: string;
  jwtSecret: string;
  publicAddress?: string;
  timeScale: number;
  world: { seed: number; regions: number; territories?: number };
  launchDate: Date;
  admin?: { name: string; password?: string };
  logLevel: string;
  clientDist: string;
  maxPayloadBytes: number;
  reconnectSeconds: number;
  patchRateMs: number;
  jobsEnabled: boolean;
  /** Real milliseconds of one game hour / day after TIME_SCALE. */
  durations: { hourMs: number; dayMs: number };
  /** Webhook signing secret (GAME §6.2); undefined = POST /api/triggers answers 401. */
  triggerSecret?: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** Parse the environment into a Config; throws an Error listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = Env.safeParse(stripEmpty(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const base = env.INIT_CWD ?? process.cwd();
  const dataDir = path.resolve(base, e.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    jwtSecret: e.JWT_SECRET ?? persistentSecret(dataDir),
    publicAddress: e.PUBLIC_ADDRESS,
    timeScale: e.TIME_SCALE,
    world: { seed: e.WORLD_SEED, regions: e.WORLD_REGIONS, territories: e.WORLD_TERRITORIES || undefined },
    launchDate: e.LAUNCH_DATE,
    admin: e.ADMIN_NAME ? { name: e.ADMIN_NAME, password: e.ADMIN_PASSWORD } : undefined,
    logLevel: e.LOG_LEVEL,
    clientDist: e.CLIENT_DIST ? path.resolve(base, e.CLIENT_DIST) : path.resolve(here, '../../client/dist'),
    maxPayloadBytes: e.MAX_PAYLOAD_BYTES,
    reconnectSeconds: e.RECONNECT_SECONDS,
    patchRateMs: e.PATCH_RATE_MS,
    jobsEnabled: e.JOBS === 'on',
    durations: { hourMs: 3_600_000 / e.TIME_SCALE, dayMs: 86_400_000 / e.TIME_SCALE },
    triggerSecret: e.TRIGGER_SECRET,
  };
}

/** Empty strings count as unset, so `FOO= npm start` behaves like no FOO. */
function stripEmpty(env: Record<string, string | undefined>) {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
}

/** A JWT secret generated once and kept in DATA_DIR, so tokens survive restarts. */
function persistentSecret(dataDir: string): string {
  const file = path.join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
