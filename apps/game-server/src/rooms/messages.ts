import { validate, type Client } from '@colyseus/core';
import { services } from '../context';
import { GameError } from '@datavism/rules';
import type { ErrorPayload } from '@datavism/shared-schema';
import type { RateLimiter } from '../ops/rateLimit';
import type { z } from 'zod';
import { isUnavailable, UNAVAILABLE_MESSAGE } from '../ops/unavailable';

/** The ids a client correlates answers with, echoed in every refusal of the message that carried them. */
type Ref = Pick<ErrorPayload, 'clientOrderId' | 'orderId' | 'key' | 'requestKey'>;
/** A validated message, or its issues; `raw` is the message as sent (its ids are read only if it is refused). */
type Parsed<T> = ({ ok: true; data: T } | { ok: false; issues: NonNullable<ErrorPayload['issues']> }) & { raw: unknown };

const REF_FIELDS = ['clientOrderId', 'orderId', 'key', 'requestKey'] as const;
const MAX_REF_LENGTH = 128;

/**
 * The correlation ids of a message (`clientOrderId`, `orderId`, `key`, `requestKey`) when they are
 * short strings: what every refusal of it echoes, here at the edge and in a room's own refusals
 * after a batch.
 */
export function refOf(value: unknown): Ref {
  const ref: Ref = {};
  if (typeof value !== 'object' || value === null) return ref;
  for (const field of REF_FIELDS) {
    const v = (value as Record<string, unknown>)[field];
    if (typeof v === 'string' && v.length <= MAX_REF_LENGTH) ref[field] = v;
  }
  return ref;
}

/** What a non-plain object is, in a refusal: `Date`, `Buffer`, `Map`, a class name… */
function kindOf(value: object): string {
  const proto = Object.getPrototypeOf(value) as object;
  const ctor: unknown = Object.prototype.hasOwnProperty.call(proto, 'constructor') ? (proto as { constructor: unknown }).constructor : undefined;
  return typeof ctor === 'function' && ctor.name ? ctor.name : 'object with a prototype';
}

/**
 * The first value in a decoded message that JSON could not have carried, or null when the message
 * is plain data: strings, numbers, booleans, null, arrays and objects whose prototype is
 * `Object.prototype` (or null). msgpack also decodes to `Date` (timestamps), `Uint8Array` (bin),
 * `Map`, `Set`, `RegExp`, `Error`, typed arrays and bigint, and zod's `z.object()` accepts any
 * non-array object — a `Date` has no keys, so it passed `z.object({}).strict()`. Iterative, and each
 * object is visited once: a 16 kB frame can nest thousands deep or reference itself (msgpackr's
 * structured-clone ids).
 */
export function nonPlainValue(message: unknown): { path: string; kind: string } | null {
  const seen = new Set<object>();
  const stack: Array<{ value: unknown; path: string }> = [{ value: message, path: '' }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (value === null || value === undefined || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') continue;
    if (typeof value !== 'object') return { path, kind: typeof value };
    const proto = Object.getPrototypeOf(value);
    const isArray = Array.isArray(value) && proto === Array.prototype;
    if (!isArray && proto !== Object.prototype && proto !== null) return { path, kind: kindOf(value) };
    if (seen.has(value)) continue;
    seen.add(value);
    for (const [key, child] of Object.entries(value)) stack.push({ value: child, path: path ? `${path}.${key}` : key });
  }
  return null;
}

/**
 * Wrap a zod schema as a Standard Schema that never rejects: Colyseus closes the socket of a
 * client whose message fails `validate()`, but a bad message must get a typed error and leave
 * the sender connected. The handler receives `{ok, data}` or `{ok: false, issues}`. A message
 * that is not plain data is refused before its schema runs (see `nonPlainValue`).
 */
function lenient<S extends z.ZodType>(schema: S) {
  return {
    '~standard': {
      version: 1 as const,
      vendor: 'datavism',
      types: undefined as unknown as { input: unknown; output: Parsed<z.infer<S>> },
      validate(value: unknown): { value: Parsed<z.infer<S>> } {
        const odd = nonPlainValue(value);
        if (odd) return { value: { ok: false, raw: value, issues: [{ path: odd.path, message: `must be plain data (a JSON value), not a ${odd.kind}` }] } };
        const result = schema.safeParse(value);
        if (result.success) return { value: { ok: true, data: result.data, raw: value } };
        return { value: { ok: false, raw: value, issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) } };
      },
    },
  };
}

export interface MessageEdge {
  /** Called for every message before it is handled; return an error to refuse it. */
  admit(client: Client, type: string): GameError | null;
  sendError(client: Client, error: ErrorPayload): void;
  onUnexpected(err: unknown, type: string): void;
}

/**
 * A room message handler: validates with zod through Colyseus `validate()`, rate-limits,
 * and turns every failure — bad shape, GameError, unexpected throw — into an `error` message to
 * the sender. Nothing a client sends can crash the room.
 */
export function gameMessage<S extends z.ZodType>(
  edge: MessageEdge,
  type: string,
  schema: S,
  handler: (client: Client, message: z.infer<S>) => unknown,
) {
  return validate(lenient(schema), (client, parsed) => {
    // Every refusal names the message type and echoes the message's own ids.
    const refuse = (error: Omit<ErrorPayload, 'type'>) => edge.sendError(client, { ...error, type, ...refOf(parsed.raw) });
    const refused = edge.admit(client, type);
    if (refused) return refuse({ code: refused.code, message: refused.message });
    if (!parsed.ok) {
      const first = parsed.issues[0];
      return refuse({
        code: 'BAD_REQUEST',
        message: first ? `${first.path || type}: ${first.message}` : `invalid ${type} message`,
        issues: parsed.issues,
      });
    }
    const fail = (err: unknown) => {
      if (err instanceof GameError) return refuse({ code: err.code, message: err.message });
      if (isUnavailable(err)) return refuse({ code: 'UNAVAILABLE', message: UNAVAILABLE_MESSAGE });
      edge.onUnexpected(err, type);
      refuse({ code: 'INTERNAL', message: 'the server could not process this message' });
    };
    try {
      const result = handler(client, parsed.data);
      if (result && typeof (result as Promise<unknown>).catch === 'function') (result as Promise<unknown>).catch(fail);
    } catch (err) {
      fail(err);
    }
  });
}

/** Handler for message types the room does not know. */
export function unknownMessage(edge: MessageEdge) {
  return (client: Client, type: string | number) => {
    edge.sendError(client, { code: 'BAD_REQUEST', message: `unknown message type "${String(type)}"`, type: String(type) });
  };
}

/** Count every frame sent to this client (state patches and messages) in the patch-bytes metric. */
export function countSentBytes(client: Client, room: string): void {
  const counter = services().metrics.patchBytes.labels({ room });
  const raw = client.raw.bind(client);
  client.raw = ((data: Uint8Array | Buffer, ...rest: unknown[]) => {
    counter.inc(data.byteLength);
    return (raw as (...a: unknown[]) => unknown)(data, ...rest);
  }) as typeof client.raw;
}

/**
 * The usual edge of a room: count each message, refuse it with RATE_LIMITED when the client's
 * limiter for that message type is empty, log and count unexpected failures.
 */
export function roomEdge(
  room: string,
  limiterFor: (type: string) => RateLimiter,
  sendError: (client: Client, error: ErrorPayload) => void,
): MessageEdge {
  return {
    admit: (client, type) => {
      services().metrics.messages.inc({ room, type });
      return limiterFor(type).take(client.sessionId, Date.now()) ? null : new GameError('RATE_LIMITED', `too many ${type} messages`);
    },
    sendError,
    onUnexpected: (err, type) => {
      services().metrics.errors.inc({ where: `${room}:${type}` });
      services().logger.error({ err, type }, `${room} room handler failed`);
    },
  };
}
