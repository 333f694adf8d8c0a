import { matchMaker, type Client } from '@colyseus/core';
import { activeBans, filterTerms } from '@datavism/db';
import { createWordFilter, GameError, type WordFilter } from '@datavism/rules';
import type { SocialEvent } from '@datavism/shared-schema';
import type { Services } from '../context';
import { socialChannel } from './publish';

/** Close code of a connection closed by a ban (after a `banned` message). */
export const BANNED_CLOSE_REASON = 'BANNED';

/** How often each process re-reads the bans in force, should a presence message ever be lost. */
const BAN_RESYNC_MS = 15_000;

/**
 * What each process keeps in memory for the social layer: the word filter (built-in list plus
 * the admins' terms) and the bans in force, both reloaded when any process announces a change
 * on the social presence channel, so a ban binds on every process within milliseconds.
 */
export class SocialRuntime {
  filter: WordFilter = createWordFilter();
  /** Banned player → end of the ban (ms), or null when permanent. */
  private readonly bans = new Map<string, number | null>();
  private timer: NodeJS.Timeout | null = null;
  private readonly listener = (event: SocialEvent) => void this.onEvent(event);

  constructor(private readonly s: Services) {}

  async start(): Promise<void> {
    await Promise.all([this.reloadFilter(), this.reloadBans()]);
    await this.s.presence.subscribe(socialChannel(this.s), this.listener);
    this.timer = setInterval(() => void this.reloadBans().catch((err) => this.s.logger.warn({ err }, 'ban resync failed')), BAN_RESYNC_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.resolve(this.s.presence.unsubscribe(socialChannel(this.s), this.listener)).catch(() => {});
  }

  /** True if the player is banned now (this process's copy of the bans in force). */
  isBanned(playerId: string, now = Date.now()): boolean {
    if (!this.bans.has(playerId)) return false;
    const until = this.bans.get(playerId)!;
    return until === null || until > now;
  }

  /** Throws BANNED for a banned player: HTTP requests, logins and room joins call it. */
  assertNotBanned(playerId: string): void {
    if (this.isBanned(playerId)) throw new GameError('BANNED', 'this account is banned');
  }

  async reloadFilter(): Promise<void> {
    this.filter = createWordFilter(await filterTerms(this.s.database.db));
  }

  async reloadBans(): Promise<void> {
    const now = new Date();
    const list = await activeBans(this.s.database.db, now);
    this.bans.clear();
    for (const b of list) this.bans.set(b.playerId, b.until ? b.until.getTime() : null);
  }

  /** Applies a ban or an unban here at once (the process that made it does not wait for presence). */
  applyModeration(event: Extract<SocialEvent, { kind: 'moderation' }>): void {
    if (event.action === 'ban') {
      this.bans.set(event.playerId, event.until ? Date.parse(event.until) : null);
      void kickEverywhere(this.s, event.playerId, event.until);
    } else if (event.action === 'unban') {
      this.bans.delete(event.playerId);
    }
  }

  private async onEvent(event: SocialEvent): Promise<void> {
    try {
      if (event.kind === 'moderation') this.applyModeration(event);
      else if (event.kind === 'filter') await this.reloadFilter();
    } catch (err) {
      this.s.metrics.errors.inc({ where: 'social:runtime' });
      this.s.logger.error({ err, kind: event.kind }, 'social runtime event failed');
    }
  }
}

const runtimes = new WeakMap<Services, SocialRuntime>();

/** This process's social runtime (created on first use; started by the social feature). */
export function socialRuntime(s: Services): SocialRuntime {
  let r = runtimes.get(s);
  if (!r) {
    r = new SocialRuntime(s);
    runtimes.set(s, r);
  }
  return r;
}

/**
 * Closes every connection of a banned player in every room of this process (each process does
 * this when the ban reaches it over presence). The client is told `banned` first; the close is
 * a consented leave so no room keeps a reconnection seat for it.
 */
export async function kickEverywhere(s: Services, playerId: string, until: string | null): Promise<number> {
  let kicked = 0;
  try {
    const rooms = await matchMaker.query({ processId: matchMaker.processId });
    for (const cached of rooms) {
      const room = matchMaker.getLocalRoomById(cached.roomId);
      if (!room) continue;
      for (const client of [...room.clients] as Client[]) {
        if ((client.auth as { playerId?: string } | undefined)?.playerId !== playerId) continue;
        client.send('banned', { until });
        client.leave(4000, BANNED_CLOSE_REASON);
        kicked++;
      }
      kicked += cancelReconnections(room, playerId);
    }
  } catch (err) {
    s.metrics.errors.inc({ where: 'social:kick' });
    s.logger.error({ err, playerId }, 'closing a banned player\'s connections failed');
  }
  if (kicked > 0) s.logger.info({ playerId, kicked }, 'banned player disconnected');
  return kicked;
}

/** What `allowReconnection` keeps while a dropped client may come back (Colyseus 0.18 internals). */
interface ReconnectionSeats {
  _reconnections?: Record<string, [string, { reject(reason: unknown): void }]>;
  _reservedSeats?: Record<string, [unknown, { playerId?: string } | undefined, ...unknown[]]>;
}

/**
 * A dropped connection whose seat a room keeps for a reconnect (world and war rooms, 20 s) would
 * come back without `onAuth`: reject the banned player's pending reconnections. Reads Colyseus's
 * reconnection bookkeeping defensively; if its shape changes nothing is cancelled (logged by the
 * caller's count only).
 */
function cancelReconnections(room: object, playerId: string): number {
  const seats = room as ReconnectionSeats;
  let cancelled = 0;
  for (const [sessionId, deferred] of Object.values(seats._reconnections ?? {})) {
    const auth = seats._reservedSeats?.[sessionId]?.[1];
    if (auth?.playerId !== playerId || typeof deferred?.reject !== 'function') continue;
    deferred.reject(false);
    cancelled++;
  }
  return cancelled;
}
