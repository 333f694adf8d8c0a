import type { Client as ServerClient, Room as ServerRoom } from '@colyseus/core';
import type { Room as SdkRoom } from '@colyseus/sdk';

/**
 * A state oracle for rooms whose state is filtered per client (`StateView`): after every patch
 * the server sends, it compares what each real SDK client has decoded with what the server
 * means that client to see, and reports the first divergence with its patch number.
 *
 * How it lines up the two sides (server and SDK clients run in this process):
 * - On the server it wraps the room's `broadcastPatch` and `sendFullState`, and the `raw` of
 *   every client it sends a full state to, so it knows how many state frames each connection
 *   (keyed by its reconnection token) has been sent, and takes the client's intended view right
 *   after each frame went out (the state a patch encodes is the state right after it).
 * - On each SDK client it wraps the serializer's `setState` / `patch`: after decoding frame n of
 *   a connection, the decoded state must equal the intended view taken when frame n was sent.
 * - A patch that sends a client no frame while its intended view changed is a divergence too
 *   (the client can never learn of the change).
 * - `"refId" not found` and other decode complaints the schema decoder logs are collected from
 *   `console.error` / `console.warn`; `decodeErrors` must stay empty.
 *
 * `intended(sessionId)` returns a plain snapshot (see `plainState`) or `null` when the room has
 * no expectation for that client at this moment (nothing is compared for that frame).
 */
export class StateOracle {
  /** Patches broadcast since the oracle was attached. */
  patch = 0;
  readonly divergences: Divergence[] = [];
  readonly decodeErrors: string[] = [];
  /** Frames compared on the client side (a test asserts the oracle actually looked). */
  compared = 0;

  private readonly connections = new Map<string, ServerConnection>();
  private readonly watched = new Set<string>();
  private readonly restore: Array<() => void> = [];

  constructor(
    private readonly room: ServerRoom<any>,
    private readonly intended: (sessionId: string) => Plain | null,
  ) {
    const r = room as any;
    const broadcastPatch = r.broadcastPatch;
    r.broadcastPatch = (...args: unknown[]) => {
      const result = broadcastPatch.apply(r, args);
      this.afterPatch();
      return result;
    };
    const sendFullState = r.sendFullState;
    r.sendFullState = (client: ServerClient) => {
      this.track(client);
      const result = sendFullState.call(r, client);
      this.afterFullState(client);
      return result;
    };
    this.restore.push(() => {
      r.broadcastPatch = broadcastPatch;
      r.sendFullState = sendFullState;
    });
    for (const level of ['error', 'warn'] as const) {
      const original = console[level];
      console[level] = (...args: unknown[]) => {
        const text = args.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' ');
        if (/refId|decode|schema/i.test(text)) this.decodeErrors.push(text.slice(0, 300));
        original.apply(console, args);
      };
      this.restore.push(() => (console[level] = original));
    }
  }

  /** Watch an SDK client of this room: each state frame it decodes is compared. */
  watch(sdkRoom: SdkRoom<any, any>): void {
    const room = sdkRoom as any;
    this.watched.add(sdkRoom.sessionId);
    const serializer = room.serializer;
    if ((serializer?.decoder?.root?.refs?.size ?? 0) > 1) {
      throw new Error('StateOracle.watch: the client has already decoded a state; watch it right after join resolves (joinById / joinOrCreate), before its first frame');
    }
    let token = '';
    let frame = 0;
    const check = () => {
      const conn = this.connections.get(token);
      const expected = conn?.expected.get(frame);
      if (!conn || expected === undefined) return;
      conn.expected.delete(frame);
      if (expected.view === null) return;
      this.compared++;
      const actual = plainState(serializer.getState());
      const diff = firstDifference(expected.view, actual, 'state');
      if (diff) this.report({ patch: expected.patch, sessionId: conn.sessionId, frame, ...diff });
    };
    const setState = serializer.setState.bind(serializer);
    serializer.setState = (bytes: Uint8Array, it?: unknown) => {
      token = String(room.reconnectionToken ?? '').split(':').pop() ?? '';
      frame = 1;
      setState(bytes, it);
      check();
    };
    const patch = serializer.patch.bind(serializer);
    serializer.patch = (bytes: Uint8Array, it?: unknown) => {
      const result = patch(bytes, it);
      frame++;
      check();
      return result;
    };
  }

  /** Throws with the first divergence (patch number, client, path, both values) or a decode error. */
  assertConsistent(): void {
    if (this.divergences.length > 0) {
      const d = this.divergences[0];
      throw new Error(
        `state diverged at patch ${d.patch} for client ${d.sessionId} (frame ${d.frame}): ${d.path}: ` +
        `expected ${safeJson(d.expected)}, decoded ${safeJson(d.actual)} (${this.divergences.length} divergences in all)`,
      );
    }
    if (this.decodeErrors.length > 0) {
      throw new Error(`${this.decodeErrors.length} decode errors, first: ${this.decodeErrors[0]}`);
    }
  }

  /** Frames sent to watched, connected clients and not yet decoded by them (0 once every client has caught up). */
  pending(): number {
    let n = 0;
    for (const conn of this.connections.values()) if (this.isLive(conn)) n += conn.expected.size;
    return n;
  }

  /** Which connections still wait for frames (for a failing test's message). */
  describePending(): string {
    const out: string[] = [];
    for (const conn of this.connections.values()) {
      if (this.isLive(conn) && conn.expected.size > 0) out.push(`${conn.sessionId}: frames ${[...conn.expected.keys()].join(',')} (sent ${conn.sent})`);
    }
    return out.join('; ');
  }

  detach(): void {
    for (const undo of this.restore.splice(0)) undo();
  }

  private isLive(conn: ServerConnection): boolean {
    return conn.client.state === JOINED && this.watched.has(conn.sessionId);
  }

  private track(client: ServerClient): void {
    const c = client as any;
    if (c.__oracleCounted) return;
    c.__oracleCounted = true;
    const token = String(c.reconnectionToken);
    const conn: ServerConnection = { sessionId: client.sessionId, client, sent: 0, expected: new Map(), last: null, lastFrames: 0 };
    this.connections.set(token, conn);
    const raw = c.raw.bind(c);
    c.raw = (data: Uint8Array, ...rest: unknown[]) => {
      const code = data[0] & PROTOCOL_CODE_MASK;
      // Unreliable patches never travel on a WebSocket; the room has no unreliable fields.
      if (code === ROOM_STATE || code === ROOM_STATE_PATCH) conn.sent++;
      return raw(data, ...rest);
    };
  }

  private afterFullState(client: ServerClient): void {
    const conn = this.connections.get(String((client as any).reconnectionToken));
    if (!conn) return;
    const view = this.intended(client.sessionId);
    conn.expected.set(conn.sent, { patch: this.patch, view });
    conn.last = view === null ? null : JSON.stringify(view);
    conn.lastFrames = conn.sent;
  }

  private afterPatch(): void {
    this.patch++;
    for (const conn of this.connections.values()) {
      if (conn.client.state !== JOINED) continue;
      const view = this.intended(conn.sessionId);
      const json = view === null ? null : JSON.stringify(view);
      if (conn.sent !== conn.lastFrames) {
        conn.expected.set(conn.sent, { patch: this.patch, view });
      } else if (json !== null && conn.last !== null && json !== conn.last) {
        const diff = firstDifference(JSON.parse(conn.last), view, 'state');
        this.report({
          patch: this.patch, sessionId: conn.sessionId, frame: conn.sent,
          path: `${diff?.path ?? 'state'} (the intended view changed but no frame was sent)`,
          expected: diff?.actual, actual: diff?.expected,
        });
      }
      if (json !== null) conn.last = json;
      conn.lastFrames = conn.sent;
    }
  }

  private report(d: Divergence): void {
    this.divergences.push(d);
  }
}

export interface Divergence {
  patch: number;
  sessionId: string;
  frame: number;
  path: string;
  expected: unknown;
  actual: unknown;
}

/** A schema instance as plain JSON: maps as objects with sorted keys, float32 fields rounded as they travel. */
export type Plain = unknown;

interface ServerConnection {
  sessionId: string;
  client: ServerClient;
  sent: number;
  expected: Map<number, { patch: number; view: Plain | null }>;
  last: string | null;
  lastFrames: number;
}

// @colyseus/shared-types Protocol codes (the low bits of a frame's first byte).
const ROOM_STATE = 14;
const ROOM_STATE_PATCH = 15;
const PROTOCOL_CODE_MASK = 31;
const JOINED = 1; // ClientState.JOINED

/** A schema instance (server-side or decoded by the SDK) as plain, comparable JSON. */
export function plainState(value: any): Plain {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value !== 'object') return value;
  const metadata = value.constructor?.[(Symbol as any).metadata];
  if (metadata && typeof metadata === 'object' && !isCollection(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(metadata)) {
      if (!/^\d+$/.test(key)) continue;
      const field = metadata[key];
      const v = value[field.name];
      out[field.name] = field.type === 'float32' && typeof v === 'number' ? Math.fround(v) : plainState(v);
    }
    return out;
  }
  if (typeof value.forEach === 'function' && typeof value.get === 'function') {
    const entries: Array<[string, unknown]> = [];
    value.forEach((v: unknown, k: string) => entries.push([String(k), plainState(v)]));
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries);
  }
  if (typeof value.length === 'number') return Array.from(value as ArrayLike<unknown>, plainState);
  return value;
}

function isCollection(value: any): boolean {
  return typeof value.forEach === 'function' && (typeof value.get === 'function' || typeof value.length === 'number');
}

/** The first place two plain values differ, as a path, or null when equal. */
export function firstDifference(expected: unknown, actual: unknown, path: string): { path: string; expected: unknown; actual: unknown } | null {
  if (expected === actual) return null;
  // A filtered collection a client has never been shown anything of is not sent at all: the
  // same as empty.
  if (isEmptyCollection(expected) && actual == null) return null;
  if (isEmptyCollection(actual) && expected == null) return null;
  if (typeof expected !== 'object' || typeof actual !== 'object' || expected === null || actual === null) {
    return { path, expected, actual };
  }
  const keys = new Set([...Object.keys(expected as object), ...Object.keys(actual as object)]);
  for (const key of [...keys].sort()) {
    const e = (expected as Record<string, unknown>)[key];
    const a = (actual as Record<string, unknown>)[key];
    if (!(key in (expected as object))) {
      if (isEmptyCollection(a)) continue;
      return { path: `${path}.${key}`, expected: '(absent)', actual: a };
    }
    if (!(key in (actual as object)) && !isEmptyCollection(e)) return { path: `${path}.${key}`, expected: e, actual: '(absent)' };
    const d = firstDifference(e, a, `${path}.${key}`);
    if (d) return d;
  }
  return null;
}

function isEmptyCollection(v: unknown): boolean {
  return typeof v === 'object' && v !== null && Object.keys(v).length === 0;
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v)?.slice(0, 200) ?? String(v);
  } catch {
    return String(v);
  }
}
