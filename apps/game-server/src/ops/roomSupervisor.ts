import { matchMaker } from '@colyseus/core';
import { TRADEABLE_RESOURCES } from '@datavism/rules';
import type { Services } from '../context';
import { registryReachable } from './unavailable';

/** How often each process checks the others and the one-per-world rooms. */
export const SUPERVISE_EVERY_MS = 2_000;

/** A room that exists once per world (or per instrument, per region). */
export interface SingletonRoom {
  name: string;
  options: Record<string, unknown>;
}

/**
 * The rooms that must always exist: war, the auction house, the council, a market per instrument.
 * Region rooms are not pre-created (that would put them all on the first process to boot): a
 * region's clients recreate theirs by rejoining, on the least busy process.
 */
export async function singletonRooms(_s: Services): Promise<SingletonRoom[]> {
  return [
    { name: 'war', options: {} },
    { name: 'auction_house', options: {} },
    { name: 'council', options: {} },
    ...TRADEABLE_RESOURCES.map((instrument) => ({ name: 'market', options: { instrument } })),
  ];
}

/**
 * Owner failover for the one-per-world rooms (several processes, RedisDriver): every process,
 * every {@link SUPERVISE_EVERY_MS}, asks Colyseus to health-check the processes that stopped
 * listening on their presence channel (a SIGKILLed process's rooms are then removed from the
 * room registry), and recreates any missing singleton room through the matchmaker's own
 * join-or-create lock, on the least busy live process. The new room rebuilds itself from the
 * database in its onCreate; its clients find it when their reconnection fails and they rejoin.
 */
export class RoomSupervisor {
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(private readonly s: Services, private readonly everyMs = SUPERVISE_EVERY_MS) {}

  start(): void {
    if (this.s.presenceKind !== 'redis') return; // one process: its rooms live and die with it
    this.timer = setInterval(() => void this.check(), this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One pass; exported for tests. Returns the rooms it recreated. */
  async check(): Promise<SingletonRoom[]> {
    // Redis away: processes would look dead (their health checks time out) and a room created now
    // would hang on its presence subscriptions. Wait for Redis.
    if (this.running || !registryReachable(this.s)) return [];
    this.running = true;
    const created: SingletonRoom[] = [];
    const started = Date.now();
    try {
      await matchMaker.healthCheckAllProcesses();
      this.s.logger.debug({ ms: Date.now() - started }, 'supervisor: processes checked');
      for (const room of await singletonRooms(this.s)) {
        if (await matchMaker.findOneRoomAvailable(room.name, room.options)) continue;
        // joinOrCreate takes the matchmaker's per-room-name lock; its seat is never used and expires.
        await matchMaker.joinOrCreate(room.name, room.options);
        created.push(room);
      }
      if (created.length > 0) this.s.logger.warn({ created, ms: Date.now() - started }, 'recreated one-per-world rooms');
    } catch (err) {
      this.s.metrics.errors.inc({ where: 'supervisor' });
      this.s.logger.warn({ err }, 'room supervision pass failed');
    } finally {
      this.running = false;
    }
    return created;
  }
}
