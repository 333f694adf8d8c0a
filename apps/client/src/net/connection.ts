/**
 * The world connection: a `map` room (every territory, world notices) and the `region` room of
 * the region the player is deployed in (its avatars), mirrored into the world store; server
 * messages; drops; sending. One module-level instance ({@link worldConnection}); UI code calls
 * start/stop/deploy/move.
 *
 * Drops: the SDK first retries the same seat (about 4 s); when that fails the room's process is
 * most likely gone, and `stayJoined` / `RegionLink` join afresh (the matchmaker recreates the room
 * on a live process). A deploy into another region is a hand-over to that region's room.
 */
import { Client, ErrorCode, ServerError, type Room } from '@colyseus/sdk';
import type { ErrorPayload } from '@datavism/shared-schema';
import { bindWorldState, type WorldRoom } from './bindState';
import { createLatestThrottle, type LatestThrottle } from './throttle';
import { enterWorld, fetchMe, isApiError } from './api';
import { RegionLink } from './regionLink';
import { stayJoined, type Stay } from './stayJoined';
import { logout, refreshProfile } from './session';
import { sessionStore, setProfile } from '../state/sessionStore';
import { clearAvatars, myAvatar, pushToast, resetWorld, setConnection, setDeployment, setMe, toastError, worldStore } from '../state/worldStore';
import { requestProfileRefresh } from './profileSync';

/** Client-side cap on `move` messages (the server accepts at most 10/s). */
export const MOVE_RATE_PER_SECOND = 10;

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

/** 0.5 s doubling up to 4 s. */
const backoffMs = (attempt: number) => Math.min(4000, 500 * 2 ** attempt);

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const noticeListeners = new Set<(notice: unknown) => void>();

/**
 * Hears every `notice` of the map room (a feature reacting to its own, e.g. the tutorial card to
 * a paid mission). Returns the function that stops listening.
 */
export function onMapNotice(listener: (notice: unknown) => void): () => void {
  noticeListeners.add(listener);
  return () => noticeListeners.delete(listener);
}

class WorldConnection {
  private client: Client | null = null;
  private map: Stay | null = null;
  private link: RegionLink | null = null;
  private unbindMap: (() => void) | null = null;
  private unbindAvatars: (() => void) | null = null;
  /** Bumped by start/stop: async work from an older generation gives up. */
  private generation = 0;
  private moveSeq = 0;
  private readonly moveThrottle: LatestThrottle<MoveTarget> = createLatestThrottle(
    (t) => this.sendMoveNow(t),
    MOVE_RATE_PER_SECOND,
  );

  /**
   * Enters the world with the player's token: the day's login and where the player is
   * (`POST /api/world/enter`), then a `map` room (every territory) and the `region` room of the
   * region the player is deployed in (its avatars). Both rejoin by themselves if their process
   * dies; a deploy into another region hands the player over to that region's room.
   */
  async start(token: string): Promise<void> {
    const gen = ++this.generation;
    this.detach();
    resetWorld();
    setConnection('connecting');
    const client = new Client(location.origin);
    client.auth.token = token;
    this.client = client;
    const current = () => gen === this.generation;
    for (let attempt = 0; ; attempt++) {
      // The map needs only the token: its join (and its megabyte of state on a large world) runs
      // alongside the day's login, not after it.
      const mapJoin = stayJoined(client, 'map', {}, {
        onRoom: (room) => {
          if (!current()) return;
          this.unbindMap?.();
          this.unbindMap = bindWorldState(room as WorldRoom, { map: true });
          this.wireMapMessages(room, current);
        },
      });
      mapJoin.catch(() => undefined); // awaited below; an earlier failure must not leave it unhandled
      try {
        let entry: Awaited<ReturnType<typeof enterWorld>>;
        try {
          entry = await enterWorld(token);
        } catch (err) {
          void mapJoin.then((m) => m.leave()).catch(() => undefined);
          throw err;
        }
        if (!current()) return void mapJoin.then((m) => m.leave()).catch(() => undefined);
        setProfile(entry.profile);
        setMe({ playerId: entry.profile.id });
        const map = await mapJoin;
        if (!current()) return void map.leave();
        this.map = map;
        const link = new RegionLink(client, {
          onRegion: (room) => {
            if (!current()) return;
            this.unbindAvatars?.();
            clearAvatars();
            setMe({ sessionId: room.sessionId });
            this.unbindAvatars = bindWorldState(room as WorldRoom, { avatars: true });
            this.wireRegionMessages(room, current);
            setConnection('connected');
          },
          onHandover: (h) => {
            if (current()) setDeployment({ territoryId: h.territoryId, arrivesAt: h.arrivesAt }, h.travelMs);
            // A restricted territory burned a liberation_key (GAME §4.5): the HUD follows.
            if (current() && (h.keysSpent ?? 0) > 0) requestProfileRefresh();
          },
        });
        this.link = link;
        await link.enter(entry.regionId);
        if (!current()) return void this.detach();
        performance.mark?.('world-joined');
        return;
      } catch (err) {
        if (!current()) return;
        this.detach();
        if (isAuthFailure(err) || (isApiError(err) && err.status === 401) || attempt >= 6 || (await sessionRejected())) {
          await this.failJoin(err, gen);
          return;
        }
        setConnection('reconnecting');
        await sleep(backoffMs(attempt));
        if (!current()) return;
      }
    }
  }

  /** Leaves the rooms (logout, unmount). */
  stop(): void {
    this.generation++;
    this.detach();
    this.client = null;
    setConnection('idle');
  }

  /** Asks the server to deploy my avatar to `territoryId` (another region: a hand-over). */
  deploy(territoryId: string): void {
    const link = this.link;
    if (!link?.room) {
      toastError({ code: 'NOT_CONNECTED', message: '' });
      return;
    }
    const target = worldStore.getState().territories.get(territoryId);
    link.deploy(territoryId, target?.regionId ?? link.regionId ?? 0);
  }

  /** Asks to move my avatar to (x, y); coalesced to at most 10 messages per second. */
  move(x: number, y: number): void {
    if (this.link) this.moveThrottle.offer({ x, y });
  }

  /** The highest `seq` sent in a `move` so far. */
  get lastMoveSeq(): number {
    return this.moveSeq;
  }

  private sendMoveNow({ x, y }: MoveTarget): void {
    if (!this.link) return;
    // Continue above the server's last applied seq: after a rejoin the server may still hold it.
    const serverSeq = myAvatar()?.seq ?? 0;
    this.moveSeq = Math.max(this.moveSeq, serverSeq) + 1;
    this.link.send('move', { x, y, seq: this.moveSeq });
  }

  /** A region room's messages and connection state (each region room the link joins). */
  private wireRegionMessages(room: Room<any, any>, current: () => boolean): void {
    room.onMessage('error', (p: unknown) => {
      if (!current()) return;
      if (isErrorPayload(p)) {
        if (p.type === 'deploy') this.link?.deployRefused();
        toastError(p);
      } else {
        pushToast('error', 'The server refused the request.');
      }
    });
    room.onMessage('deployed', (p: { territoryId: string; arrivesAt: number; travelMs?: number; keysSpent?: number }) => {
      if (current()) setDeployment({ territoryId: p.territoryId, arrivesAt: p.arrivesAt }, p.travelMs);
      // A restricted territory burned a liberation_key (GAME §4.5): the HUD follows.
      if (current() && (p.keysSpent ?? 0) > 0) requestProfileRefresh();
    });
    room.onDrop(() => {
      if (current() && this.link?.room === room) setConnection('reconnecting');
    });
    room.onReconnect(() => {
      if (!current() || this.link?.room !== room) return;
      setConnection('connected');
      void refreshProfile().catch(() => undefined);
    });
    room.onLeave((code: number, reason?: string) => {
      if (!current() || this.link?.room !== room) return;
      // 4000 from the server is deliberate (e.g. "signed in elsewhere"): do not fight it.
      if (code === 4000) setConnection('disconnected', reason || 'You signed in elsewhere.');
      else setConnection('reconnecting'); // the link rejoins the region on its own
    });
  }

  /** World notices (a verified intel pattern, an achievement of mine) come through the map room. */
  private wireMapMessages(room: Room<any, any>, current: () => boolean): void {
    room.onMessage('notice', (p: unknown) => {
      const n = (typeof p === 'object' && p !== null ? p : {}) as { message?: unknown; text?: unknown; kind?: unknown };
      const text = typeof p === 'string' ? p : typeof n.message === 'string' ? n.message : typeof n.text === 'string' ? n.text : null;
      if (!current() || text === null) return;
      // A tutorial mission is toasted by the mission card's store, in the client's words.
      if (n.kind !== 'tutorial') pushToast('info', text, undefined, n.kind === 'emergency' ? 'Emergency broadcast' : undefined);
      // Notices announce rewards (verified intel, payouts, achievements): the HUD follows.
      requestProfileRefresh();
      for (const listener of noticeListeners) listener(p);
    });
    room.onMessage('error', () => undefined);
  }

  private async failJoin(err: unknown, gen: number): Promise<void> {
    const rejected = isAuthFailure(err) || (isApiError(err) && err.status === 401) || (await sessionRejected());
    if (gen !== this.generation) return;
    if (rejected) {
      pushToast('error', 'Your session has expired. Please log in again.', 'UNAUTHORIZED');
      setConnection('disconnected', 'session expired');
      logout();
      return;
    }
    setConnection('disconnected', describe(err));
  }

  private detach(): void {
    this.moveThrottle.cancel();
    this.unbindMap?.();
    this.unbindAvatars?.();
    this.unbindMap = null;
    this.unbindAvatars = null;
    const map = this.map;
    const link = this.link;
    this.map = null;
    this.link = null;
    void map?.leave();
    void link?.leave();
  }
}

/** The client's one world connection. */
export const worldConnection = new WorldConnection();
