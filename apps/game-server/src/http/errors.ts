import type { NextFunction, Request, Response } from 'express';
import { GameError } from '@datavism/rules';
import type { ErrorPayload } from '@datavism/shared-schema';
import type { ZodError } from 'zod';
import { isUnavailable, UNAVAILABLE_MESSAGE } from '../ops/unavailable';

const STATUS: Record<string, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  NAME_TAKEN: 409,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  // social (GAME §8.1, §9)
  BANNED: 403,
  MUTED: 403,
  BLOCKED: 403,
  CHANNEL_LOCKED: 403,
  NOT_AUTHOR: 403,
  CHAT_RATE_LIMITED: 429,
  // sinks and the bounty board (GAME §4.5): one's own challenge or bounty
  OWN_CHALLENGE: 403,
  OWN_BOUNTY: 403,
  // mentorship (GAME §8.3): the state of a pairing or a mentor's capacity is in the way
  MENTOR_FULL: 409,
  ALREADY_MENTORED: 409,
  ALREADY_RATED: 409,
  PAIRING_NOT_ACTIVE: 409,
  INTERNAL: 500,
};

/** HTTP status for a domain error code; rule violations default to 422. */
export function statusFor(code: string): number {
  return STATUS[code] ?? 422;
}

export function zodIssues(error: ZodError): ErrorPayload['issues'] {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** Express error handler: GameError → its status and `{code, message}`; a database out of reach → 503 UNAVAILABLE; anything else → 500. */
export function errorHandler(onUnexpected: (err: unknown) => void) {
  return (err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof GameError) {
      res.status(statusFor(err.code)).json({ code: err.code, message: err.message } satisfies ErrorPayload);
      return;
    }
    const e = err as { type?: string; status?: number };
    if (e?.type === 'entity.too.large') {
      res.status(413).json({ code: 'BAD_REQUEST', message: 'request body too large' });
      return;
    }
    if (e?.type === 'entity.parse.failed') {
      res.status(400).json({ code: 'BAD_REQUEST', message: 'malformed JSON body' });
      return;
    }
    if (isUnavailable(err)) {
      res.status(503).json({ code: 'UNAVAILABLE', message: UNAVAILABLE_MESSAGE } satisfies ErrorPayload);
      return;
    }
    onUnexpected(err);
    res.status(500).json({ code: 'INTERNAL', message: 'internal error' } satisfies ErrorPayload);
  };
}

/**
 * Parse a body with a zod schema or throw a BAD_REQUEST GameError carrying the issues. No body at
 * all reads as `{}`; a `null` body is refused like any other non-object where an object is expected.
 */
export function parseBody<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: ZodError } }, body: unknown): T {
  const result = schema.safeParse(body === undefined ? {} : body);
  if (!result.success) {
    const first = result.error.issues[0];
    throw new GameError('BAD_REQUEST', first ? `${first.path.join('.') || 'body'}: ${first.message}` : 'invalid body');
  }
  return result.data;
}
