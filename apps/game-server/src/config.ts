import { createECDH, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * The only module that reads the environment. Everything else receives a `Config`.
 * Invalid values stop the process at boot with a message naming the variable.
 */
/**
 * Where `FAULT_INJECT` can kill the process: right after a state change and the deadline rows
 * it arms committed, before the job runner is told (`after-commit:<point>`).
 */
export const FAULT_POINTS = [
  'siege-declare', 'squad-decision-propose', 'proposal-propose', 'election-open', 'election-count',
  'auction-open', 'auction-bid', 'operation-launch', 'operation-retime', 'ac-counter-siege',
  'bounty-post',
] as const;
export type FaultPoint = (typeof FAULT_POINTS)[number];
const FaultSpec = z.enum(FAULT_POINTS.map((p) => `after-commit:${p}`) as [string, ...string[]]);

/** The push services of today's browsers (Chrome/Android, Firefox, Safari, Edge): endpoint hosts and their subdomains. */
export const DEFAULT_PUSH_HOSTS = ['fcm.googleapis.com', 'android.googleapis.com', 'push.services.mozilla.com', 'push.apple.com', 'notify.windows.com'];

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
  /** Testing and demos: the calendar clock (Liberation Sunday's leaderboard close) runs this many ms ahead of the real one. */
  CLOCK_OFFSET_MS: z.coerce.number().int().min(-10 * 365 * 86_400_000).max(10 * 365 * 86_400_000).default(0),
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
  /**
   * Achievement bookkeeping in the operation contribution path (the refused actions that cost a
   * player perfect_run, GAME §5). `off` or `alternate` (on in even {@link DETECTION_SLICE_MS} slices of
   * the clock, off in odd ones) only to measure its cost (tests/bench/achievement-overhead.ts).
   */
  ACHIEVEMENT_DETECTION: z.enum(['on', 'off', 'alternate']).default('on'),
  /** HMAC-SHA256 secret of the operations webhook (POST /api/triggers); unset = webhook disabled. */
  TRIGGER_SECRET: z.string().min(16, 'TRIGGER_SECRET must be at least 16 characters').optional(),
  /** Testing only: comma-separated `after-commit:<point>` where the process SIGKILLs itself. */
  FAULT_INJECT: z.string().transform((v) => v.split(',').map((p) => p.trim()).filter(Boolean)).pipe(z.array(FaultSpec)).default([]),
  /** Notifications (GAME §8.2): the push webhook (Discord/Slack-compatible); unset = push goes to the log sender. */
  NOTIFY_WEBHOOK_URL: z.string().url().refine((u) => /^https?:/.test(u), 'NOTIFY_WEBHOOK_URL must be http(s)').optional(),
  NOTIFY_WEBHOOK_FORMAT: z.enum(['discord', 'slack']).default('discord'),
  /** SMTP server for email (smtp:// or smtps://, credentials in the URL); unset = email goes to the log sender. */
  SMTP_URL: z.string().url().refine((u) => /^smtps?:/.test(u), 'SMTP_URL must be smtp:// or smtps://').optional(),
  NOTIFY_FROM: z.string().min(3).default('DATAVISM <notifications@datavism.invalid>'),
  /** Base URL that makes a notification's relative link absolute in emails and webhooks. */
  NOTIFY_LINK_BASE: z.string().url().optional(),
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  NOTIFY_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(2000),
  NOTIFY_RETRY_MAX_MS: z.coerce.number().int().min(10).max(86_400_000).default(3_600_000),
  NOTIFY_SEND_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  NOTIFY_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  /** Web Push (VAPID, RFC 8292): the server's P-256 key pair, base64url; unset = generated once into DATA_DIR. Both or neither. */
  VAPID_PUBLIC_KEY: z.string().regex(/^[A-Za-z0-9_-]{87}$/, 'VAPID_PUBLIC_KEY must be an uncompressed P-256 public key, base64url (87 characters)').optional(),
  VAPID_PRIVATE_KEY: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'VAPID_PRIVATE_KEY must be a P-256 private key, base64url (43 characters)').optional(),
  /** Who push services contact about this sender: a mailto: or https: URL. */
  VAPID_SUBJECT: z.string().regex(/^(mailto:\S+@\S+|https:\/\/\S+)$/, 'VAPID_SUBJECT must be a mailto: or https: URL').default('mailto:notifications@datavism.invalid'),
  /**
   * Push services a subscription's endpoint may point at (the server POSTs there): comma-separated
   * hosts, each also matching its subdomains; `*` allows any host. The default lists the browsers'.
   */
  WEB_PUSH_ENDPOINT_HOSTS: z.string().default(DEFAULT_PUSH_HOSTS.join(','))
    .transform((v) => v.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^(\*|[a-z0-9.-]+(:\d{1,5})?)$/, 'WEB_PUSH_ENDPOINT_HOSTS: hosts (host or host:port) or *')).min(1)),
  /** Push subscriptions one player keeps (browsers/devices); beyond it the oldest is replaced. */
  WEB_PUSH_MAX_SUBSCRIPTIONS: z.coerce.number().int().min(1).max(50).default(5),
}).refine((e) => (e.VAPID_PUBLIC_KEY === undefined) === (e.VAPID_PRIVATE_KEY === undefined), {
  message: 'set both VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, or neither (then a pair is generated into DATA_DIR)',
  path: ['VAPID_PRIVATE_KEY'],
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
  /** The calendar clock runs this far ahead of the real clock (0 in production; tests reach a Sunday with it). */
  clockOffsetMs: number;
  world: { seed: number; regions: number; territories?: number };
  launchDate: Date;
  admin?: { name: string; password?: string };
  logLevel: string;
  clientDist: string;
  maxPayloadBytes: number;
  reconnectSeconds: number;
  patchRateMs: number;
  jobsEnabled: boolean;
  /** ACHIEVEMENT_DETECTION: record refused operation actions for perfect_run (see {@link detectionOn}). */
  achievementDetection: 'on' | 'off' | 'alternate';
  /** Real milliseconds of one game hour / day after TIME_SCALE. */
  durations: { hourMs: number; dayMs: number };
  /** Webhook signing secret (GAME §6.2); undefined = POST /api/triggers answers 401. */
  triggerSecret?: string;
  /** Fault points armed by `FAULT_INJECT` (crash tests); empty in production. */
  faultInject: ReadonlySet<string>;
  /** Delivery of notifications beyond the game (GAME §8.2): senders, retries, outbox polling. */
  notifications: NotificationConfig;
}

/** Senders and retry policy of the notification outbox. */
export interface NotificationConfig {
  /** Push deliveries POST here; undefined = the log sender. */
  webhookUrl?: string;
  webhookFormat: 'discord' | 'slack';
  /** Email deliveries go through this SMTP server; undefined = the log sender. */
  smtpUrl?: string;
  from: string;
  linkBase?: string;
  /** Attempts before a delivery is dead-lettered. */
  maxAttempts: number;
  /** First retry delay; doubles per attempt up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** One send's time limit; a claim's lease is twice this. */
  sendTimeoutMs: number;
  /** How often each process looks for outbox rows that are due. */
  pollMs: number;
  /** Web Push to the players' browsers (docs/notifications.md "Web Push"). */
  webPush: WebPushConfig;
}

/** Web Push: the VAPID key pair and subject, which push services endpoints may use, the per-player limit. */
export interface WebPushConfig {
  /** Uncompressed P-256 public key, base64url: the browsers' `applicationServerKey`. */
  publicKey: string;
  /** P-256 private key (32 bytes), base64url: signs the VAPID JWTs. */
  privateKey: string;
  /** `mailto:` or `https:` contact for the push services. */
  subject: string;
  /** Allowed endpoint hosts (`host` or `host:port`, subdomains included); `['*']` = any. */
  endpointHosts: string[];
  maxSubscriptions: number;
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
    clockOffsetMs: e.CLOCK_OFFSET_MS,
    world: { seed: e.WORLD_SEED, regions: e.WORLD_REGIONS, territories: e.WORLD_TERRITORIES || undefined },
    launchDate: e.LAUNCH_DATE,
    admin: e.ADMIN_NAME ? { name: e.ADMIN_NAME, password: e.ADMIN_PASSWORD } : undefined,
    logLevel: e.LOG_LEVEL,
    clientDist: e.CLIENT_DIST ? path.resolve(base, e.CLIENT_DIST) : path.resolve(here, '../../client/dist'),
    maxPayloadBytes: e.MAX_PAYLOAD_BYTES,
    reconnectSeconds: e.RECONNECT_SECONDS,
    patchRateMs: e.PATCH_RATE_MS,
    jobsEnabled: e.JOBS === 'on',
    achievementDetection: e.ACHIEVEMENT_DETECTION,
    durations: { hourMs: 3_600_000 / e.TIME_SCALE, dayMs: 86_400_000 / e.TIME_SCALE },
    triggerSecret: e.TRIGGER_SECRET,
    faultInject: new Set(e.FAULT_INJECT),
    notifications: {
      webhookUrl: e.NOTIFY_WEBHOOK_URL,
      webhookFormat: e.NOTIFY_WEBHOOK_FORMAT,
      smtpUrl: e.SMTP_URL,
      from: e.NOTIFY_FROM,
      linkBase: e.NOTIFY_LINK_BASE,
      maxAttempts: e.NOTIFY_MAX_ATTEMPTS,
      retryBaseMs: e.NOTIFY_RETRY_BASE_MS,
      retryMaxMs: Math.max(e.NOTIFY_RETRY_BASE_MS, e.NOTIFY_RETRY_MAX_MS),
      sendTimeoutMs: e.NOTIFY_SEND_TIMEOUT_MS,
      pollMs: e.NOTIFY_POLL_MS,
      webPush: {
        ...vapidKeys(dataDir, e.VAPID_PUBLIC_KEY, e.VAPID_PRIVATE_KEY),
        subject: e.VAPID_SUBJECT,
        endpointHosts: e.WEB_PUSH_ENDPOINT_HOSTS,
        maxSubscriptions: e.WEB_PUSH_MAX_SUBSCRIPTIONS,
      },
    },
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

/**
 * The VAPID key pair: from the environment (checked to be a pair), else generated once into
 * `DATA_DIR/vapid-keys.json` like the JWT secret, so browsers' subscriptions (made for this public
 * key) survive restarts. Several processes must share it (set the variables, or one DATA_DIR).
 */
function vapidKeys(dataDir: string, publicKey?: string, privateKey?: string): { publicKey: string; privateKey: string } {
  const derive = (priv: string) => {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(Buffer.from(priv, 'base64url'));
    return ecdh.getPublicKey().toString('base64url');
  };
  if (publicKey && privateKey) {
    let derived: string;
    try {
      derived = derive(privateKey);
    } catch {
      throw new Error('Invalid configuration:\n  VAPID_PRIVATE_KEY: not a P-256 private key');
    }
    if (derived !== publicKey) throw new Error('Invalid configuration:\n  VAPID_PUBLIC_KEY: is not the public key of VAPID_PRIVATE_KEY');
    return { publicKey, privateKey };
  }
  const file = path.join(dataDir, 'vapid-keys.json');
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { publicKey: string; privateKey: string };
    if (derive(stored.privateKey) !== stored.publicKey) throw new Error(`${file}: the VAPID public key does not match the private key`);
    return { publicKey: stored.publicKey, privateKey: stored.privateKey };
  }
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  // VAPID wants the private key as exactly 32 bytes (left-padded if it has leading zeros).
  const priv = ecdh.getPrivateKey();
  const keys = {
    publicKey: ecdh.getPublicKey().toString('base64url'),
    privateKey: Buffer.concat([Buffer.alloc(Math.max(0, 32 - priv.length)), priv]).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}

/** The clock slices of ACHIEVEMENT_DETECTION=alternate: the benchmark compares the two halves of one run. */
export const DETECTION_SLICE_MS = 2000;

/** Whether achievement detection runs at `nowMs` (epoch) under `mode`. */
export function detectionOn(mode: Config['achievementDetection'], nowMs: number): boolean {
  return mode === 'alternate' ? Math.floor(nowMs / DETECTION_SLICE_MS) % 2 === 0 : mode === 'on';
}
