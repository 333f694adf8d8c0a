import type { NextFunction, Request, Response } from 'express';
import { GameError } from '@datavism/rules';
import type { ErrorPayload } from '@datavism/shared-schema';
import type { ZodError } from 'zod';

const STATUS: Record<string, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  NAME_TAKEN: 409,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

/** HTTP status for a domain error code; rule violations default to 422. */
export function statusFor(code: string): number {
  return STATUS[code] ?? 422;
}

export function zodIssues(error: ZodError): ErrorPayload['issues'] {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** Express error handler: GameError → its status and `{code, message}`; anything else → 500. */
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
    onUnexpected(err);
    res.status(500).json({ code: 'INTERNAL', message: 'internal error' } satisfies ErrorPayload);
  };
}

/** Parse a body with a zod schema or throw a BAD_REQUEST GameError carrying the issues. */
export function parseBody<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: ZodError } }, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    const first = result.error.issues[0];
    throw new GameError('BAD_REQUEST', first ? `${first.path.join('.') || 'body'}: ${first.message}` : 'invalid body');
  }
  return result.data;
}
