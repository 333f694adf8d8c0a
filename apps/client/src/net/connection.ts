/**
 * The world-room connection: join, mirror state, handle server messages, survive drops, send.
 * One module-level instance ({@link worldConnection}); UI code calls start/stop/deploy/move.
 *
 * Drops: the 0.18 SDK retries on its own (`onDrop` → `onReconnect`). Its retries are capped to
 * fit the server's 20 s seat; if they fail (or the room was too young for them), we try
 * `client.reconnect(reconnectionToken)` once more and then a fresh join.
 */
import { Client, CloseCode, ErrorCode, MatchMakeError, ServerError, type Room } from '@colyseus/sdk';
import type { SchemaConstructor } from '@colyseus/sdk/serializer/SchemaSerializer';
import type { ErrorPayload, PlayerProfile, WorldState as WireWorldState } from '@datavism/shared-schema';
import { bindWorldState, type WorldRoom } from './bindState';
import { createLatestThrottle, type LatestThrottle } from './throttle';
import { fetchMe, isApiError } from './api';
import { logout, refreshProfile } from './session';
import { sessionStore, setProfile } from '../state/sessionStore';
import { myAvatar, pushToast, resetWorld, setConnection, setDeployment, setMe } from '../state/worldStore';

/** Client-side cap on `move` messages (the server accepts at most 10/s). */
export const MOVE_RATE_PER_SECOND = 10;
/** How long the server keeps a dropped player's seat. */
const SEAT_RESERVATION_MS = 20_000;
/** After the seat is gone, keep trying to join afresh this long before showing "disconnected". */
const REJOIN_WINDOW_MS = 60_000;

interface MoveTarget { x: number; y: number }

function isErrorPayload(x: unknown): x is ErrorPayload {
  return typeof x === 'object' && x !== null &&
    typeof (x as { code?: unknown }).code === 'string' &&
    typeof (x as { message?: unknown }).message === 'string';
}

function isAuthFailure(err: unknown): boolean {
  return err instanceof ServerError && (err.code === ErrorCode.AUTH_FAILED || err.status === 401);
}

/**
 * Whether the HTTP API rejects our token. A failed join does not say why in a stable way
 * (onAuth errors may surface as 523/525), so the API is the judge of the session.
 */
async function sessionRejected(): Promise<boolean> {
  const token = sessionStore.getState().token;
  if (!token) return true;
  try {
    await fetchMe(token);
    return false;
  } catch (err) {
    return isApiError(err) && err.status === 401;
  }
}

/** The server answered that the seat no longer exists: retrying the same token is pointless. */
function isSeatGone(err: unknown): boolean {
  if (!(err instanceof ServerError) && !(err instanceof MatchMakeError)) return false;
  return err.code === ErrorCode.MATCHMAKE_EXPIRED || err.code === ErrorCode.MATCHMAKE_INVALID_ROOM_ID;
}

/** 0.5 s doubling up to 4 s. */
const backoffMs = (attempt: number) => Math.min(4000, 500 * 2 ** attempt);

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A Client that reports each Room object as soon as it exists, before its socket opens. The
 * server sends `profile` from its onJoin; with handlers added only after `joinOrCreate`
 * resolves, that message can arrive first and be dropped (seen with the Node SDK transport).
 */
class WorldClient extends Client {
  onRoomCreated: ((room: WorldRoom) => void) | null = null;

  protected override createRoom<T>(roomName: string, rootSchema?: SchemaConstructor<T>): Room<unknown, T> {
    const room = super.createRoom<T>(roomName, rootSchema);
    this.onRoomCreated?.(room as unknown as WorldRoom);
    return room;
  }
}

class WorldConnection {
  private client: WorldClient | null = null;
  private room: WorldRoom | null = null;
  private unbind: (() => void) | null = null;
  /** Bumped by start/stop: async work from an older generation gives up. */
  private generation = 0;
  private moveSeq = 0;
  /** When the current drop started (cleared on reconnect). */
  private droppedAt: number | null = null;
  private readonly moveThrottle: LatestThrottle<MoveTarget> = createLatestThrottle(
    (t) => this.sendMoveNow(t),
    MOVE_RATE_PER_SECOND,
  );

  /** Joins the world room with the player's token (idempotent for the same session). */
  async start(token: string): Promise<void> {
    const gen = ++this.generation;
    this.detach(true);
    resetWorld();
    setConnection('connecting');
    const client = new WorldClient(location.origin);
    client.auth.token = token;
    client.onRoomCreated = (room) => this.wireMessages(room, gen);
    this.client = client;
    try {
      const room = await client.joinOrCreate<WireWorldState>('world');
      if (gen !== this.generation) {
        void room.leave(true);
        return;
      }
      this.attach(room, gen);
    } catch (err) {
      if (gen !== this.generation) return;
      await this.failJoin(err, gen);
    }
  }

  /** Leaves the room (logout, unmount). */
  stop(): void {
    this.generation++;
    this.detach(true);
    this.client = null;
    setConnection('idle');
  }

  /** Asks the server to deploy my avatar to `territoryId`. */
  deploy(territoryId: string): void {
    if (!this.room) {
      pushToast('error', 'Not connected to the world.', 'NOT_CONNECTED');
      return;
    }
    this.room.send('deploy', { territoryId });
  }

  /** Asks to move my avatar to (x, y); coalesced to at most 10 messages per second. */
  move(x: number, y: number): void {
    if (this.room) this.moveThrottle.offer({ x, y });
  }

  /** The highest `seq` sent in a `move` so far. */
  get lastMoveSeq(): number {
    return this.moveSeq;
  }

  private sendMoveNow({ x, y }: MoveTarget): void {
    if (!this.room) return;
    // Continue above the server's last applied seq: after a rejoin the server may still hold it.
    const serverSeq = myAvatar()?.seq ?? 0;
    this.moveSeq = Math.max(this.moveSeq, serverSeq) + 1;
    this.room.send('move', { x, y, seq: this.moveSeq });
  }

  private attach(room: WorldRoom, gen: number): void {
    this.room = room;
    this.droppedAt = null;
    // The SDK's own quick retries (0.2 + 0.4 + 0.8 + 1.6 s) cover short network blips; after
    // them `recover` asks the matchmaker, which says at once whether the seat still exists.
    room.reconnection.maxRetries = 4;
    room.reconnection.maxDelay = 2000;
    setMe({ sessionId: room.sessionId, playerId: sessionStore.getState().profile?.id ?? null });
    this.unbind = bindWorldState(room);
    setConnection('connected');
    room.onDrop(() => {
      if (gen !== this.generation) return;
      this.droppedAt ??= Date.now();
      setConnection('reconnecting');
    });
    room.onReconnect(() => {
      if (gen !== this.generation) return;
      this.droppedAt = null;
      setConnection('connected');
      void refreshProfile().catch(() => undefined);
    });
    room.onLeave((code: number, reason?: string) => {
      if (gen !== this.generation || this.room !== room) return;
      this.detach(false);
      // 4000 from the server is deliberate (e.g. "signed in elsewhere"): do not fight it.
      if (code === CloseCode.CONSENTED) setConnection('disconnected', reason || 'You left the world.');
      else void this.recover(room.reconnectionToken, gen);
    });
  }

  /** Server → client messages, wired before the room's socket opens (see WorldClient). */
  private wireMessages(room: WorldRoom, gen: number): void {
    const current = () => gen === this.generation;
    room.onMessage('error', (p: unknown) => {
      if (!current()) return;
      if (isErrorPayload(p)) pushToast('error', p.message, p.code);
      else pushToast('error', 'The server refused the request.');
    });
    room.onMessage('notice', (p: unknown) => {
      const text = typeof p === 'string' ? p : (p as { message?: unknown } | null)?.message;
      if (current() && typeof text === 'string') pushToast('info', text);
    });
    room.onMessage('deployed', (p: { territoryId: string; arrivesAt: number; travelMs?: number }) => {
      if (current()) setDeployment({ territoryId: p.territoryId, arrivesAt: p.arrivesAt }, p.travelMs);
    });
    room.onMessage('profile', (p: PlayerProfile) => {
      if (!current()) return;
      setProfile(p);
      setMe({ playerId: p.id });
    });
  }

  /**
   * After the SDK gave up (or never tried: rooms younger than 5 s): reconnect to the seat while
   * the server may still hold it, then take a fresh seat, retrying while the server is down.
   */
  private async recover(reconnectionToken: string, gen: number): Promise<void> {
    const client = this.client;
    if (!client) return;
    const stale = () => gen !== this.generation;
    setConnection('reconnecting');
    const seatDeadline = (this.droppedAt ?? Date.now()) + SEAT_RESERVATION_MS;
    for (let attempt = 0; Date.now() < seatDeadline; attempt++) {
      try {
        const room = await client.reconnect<WireWorldState>(reconnectionToken);
        if (stale()) { void room.leave(true); return; }
        resetWorld();
        this.attach(room, gen);
        return;
      } catch (err) {
        if (stale()) return;
        if (isSeatGone(err)) break;
        await sleep(backoffMs(attempt));
        if (stale()) return;
      }
    }
    const joinDeadline = Date.now() + REJOIN_WINDOW_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        const room = await client.joinOrCreate<WireWorldState>('world');
        if (stale()) { void room.leave(true); return; }
        resetWorld();
        this.attach(room, gen);
        return;
      } catch (err) {
        if (stale()) return;
        if (Date.now() > joinDeadline || isAuthFailure(err) || (await sessionRejected())) {
          await this.failJoin(err, gen);
          return;
        }
        await sleep(backoffMs(attempt));
        if (stale()) return;
      }
    }
  }

  private async failJoin(err: unknown, gen: number): Promise<void> {
    const rejected = isAuthFailure(err) || (await sessionRejected());
    if (gen !== this.generation) return;
    if (rejected) {
      pushToast('error', 'Your session has expired. Please log in again.', 'UNAUTHORIZED');
      setConnection('disconnected', 'session expired');
      logout();
      return;
    }
    setConnection('disconnected', describe(err));
  }

  private detach(leave: boolean): void {
    this.moveThrottle.cancel();
    this.unbind?.();
    this.unbind = null;
    const room = this.room;
    this.room = null;
    if (room && leave) {
      room.removeAllListeners();
      void room.leave(true).catch(() => undefined);
    }
  }
}

/** The client's one world connection. */
export const worldConnection = new WorldConnection();
