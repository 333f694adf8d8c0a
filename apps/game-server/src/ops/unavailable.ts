import { ErrorCode, ServerError } from '@colyseus/core';
import type { Services } from '../context';

/** Postgres SQLSTATEs of a connection lost or refused (class 08), a shutdown (57P0x), too many connections. */
const PG_UNAVAILABLE = new Set(['08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03', '53300']);
const NODE_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);
const MESSAGE_UNAVAILABLE = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended/i;

/**
 * Whether an error means a backing service (Postgres, Redis) is unreachable rather than a bug:
 * the caller answers a typed UNAVAILABLE ("not confirmed, retry shortly") instead of INTERNAL.
 * Walks the `cause` chain (drizzle wraps the driver's error).
 */
export function isUnavailable(err: unknown): boolean {
  for (let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 6; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && (PG_UNAVAILABLE.has(e.code) || NODE_UNAVAILABLE.has(e.code))) return true;
    if (typeof e.message === 'string' && MESSAGE_UNAVAILABLE.test(e.message)) return true;
  }
  return false;
}

/** The refusal's text when a backing service is down. */
export const UNAVAILABLE_MESSAGE = 'the game servers cannot reach their database right now: your action was not confirmed; retry in a few seconds';

/** Whether the shared registry (Redis: presence, matchmaking) answers; always true with local presence. */
export function registryReachable(s: Pick<Services, 'presence' | 'presenceKind'>): boolean {
  if (s.presenceKind !== 'redis') return true;
  const pub = (s.presence as unknown as { pub?: { status?: string } }).pub;
  return pub?.status === 'ready';
}

/**
 * Joins need the shared registry (matchmaking, seats across processes): while Redis is away they
 * are refused at once with a clear error instead of hanging until its client gives up. Rooms
 * already joined keep serving their clients.
 */
export function assertRegistryReachable(s: Pick<Services, 'presence' | 'presenceKind'>): void {
  if (!registryReachable(s)) {
    throw new ServerError(ErrorCode.APPLICATION_ERROR, 'UNAVAILABLE: joining is paused while the game servers cannot reach Redis (their shared registry); retry in a few seconds');
  }
}
