import { createHmac, timingSafeEqual } from 'node:crypto';
import express, { Router, type Request } from 'express';
import { getOperationRow, recordTriggerSignature } from '@datavism/db';
import { GameError } from '@datavism/rules';
import { TriggerRequest } from '@datavism/shared-schema';
import type { Services } from '../context';
import { parseBody } from '../http/errors';
import { launchOperation, loadTemplate, operationSummary, templateToInput } from './service';

/** A webhook timestamp older (or further in the future) than this is refused. */
export const TRIGGER_MAX_AGE_SECONDS = 300;

/**
 * The signature a sender puts in `x-datavism-signature`: hex HMAC-SHA256 of
 * `${timestamp}.${rawBody}` with the TRIGGER_SECRET; `timestamp` (unix seconds) goes in
 * `x-datavism-timestamp`.
 */
export function signTrigger(secret: string, timestamp: string, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
}

/**
 * The body as the sender signed it: the exact bytes received (JSON bodies keep their raw bytes in
 * `req.rawBody`). Send it as `text/plain` (or any non-JSON type) and the
 * bytes are verified exactly; an `application/json` body has already been parsed by the
 * server's JSON middleware, so it is verified as its compact `JSON.stringify` form.
 */
function rawBodyOf(req: Request): string {
  const raw = (req as { rawBody?: Buffer }).rawBody;
  if (raw) return raw.toString('utf8');
  return typeof req.body === 'string' ? req.body : JSON.stringify(req.body ?? {});
}

function equalHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * `POST /api/triggers` (GAME §6.2): real-world triggers create the matching operation from
 * its template. 401 bad or missing signature (or no secret configured); 409 a stale timestamp
 * or a signature seen before (replay); 400 a malformed body; the trigger id makes it
 * idempotent (a second delivery with a fresh signature answers 200 with the same operation).
 */
export function triggerRoutes(s: Services): Router {
  const router = Router();
  router.post('/api/triggers', express.text({ type: () => true, limit: '16kb' }), async (req, res) => {
    const secret = s.config.triggerSecret;
    const timestamp = String(req.header('x-datavism-timestamp') ?? '');
    const signature = String(req.header('x-datavism-signature') ?? '').toLowerCase();
    const raw = rawBodyOf(req);
    if (!secret || !/^\d{1,12}$/.test(timestamp) || !equalHex(signature, signTrigger(secret, timestamp, raw))) {
      throw new GameError('UNAUTHORIZED', 'bad trigger signature');
    }
    if (Math.abs(Date.now() / 1000 - Number(timestamp)) > TRIGGER_MAX_AGE_SECONDS) {
      res.status(409).json({ code: 'REPLAYED', message: 'trigger timestamp is too old' });
      return;
    }
    if (!(await recordTriggerSignature(s.database.db, signature))) {
      res.status(409).json({ code: 'REPLAYED', message: 'trigger already received' });
      return;
    }
    let body: unknown;
    try {
      body = typeof req.body === 'string' ? JSON.parse(req.body) : req.body;
    } catch {
      throw new GameError('BAD_REQUEST', 'malformed JSON body');
    }
    const trigger = parseBody(TriggerRequest, body);
    const template = await loadTemplate(s, trigger.kind);
    const now = new Date();
    const input = templateToInput(s, template, {
      now, name: trigger.title ? `${template.name}: ${trigger.title}` : template.name,
      templateKey: trigger.kind, sourceKey: `trigger:${trigger.id}`,
    });
    const { operation, created } = await launchOperation(s, input, now);
    s.logger.info({ trigger: trigger.id, kind: trigger.kind, operationId: operation.id, created }, 'trigger received');
    res.status(created ? 201 : 200).json(await operationSummary(s, (await getOperationRow(s.database.db, operation.id))!));
  });
  return router;
}
