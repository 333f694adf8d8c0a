/**
 * Keep a client in a room whatever happens to the room's process: the SDK first retries the
 * same seat (a dropped connection), and when that fails — the process hosting the room died —
 * this joins again by name and options, with backoff, and the matchmaker puts it in the room
 * recreated on a live process. Framework-free: the client's feature stores and the tests use it.
 */
import type { Client, Room } from '@colyseus/sdk';

export interface StayJoinedOptions {
  /** Called with each room joined (the first one, and every one after a rejoin). */
  onRoom?(room: Room<any, any>): void;
  /** A rejoin attempt failed (it will try again). */
  onRetry?(err: unknown, attempt: number): void;
  /** Delay before rejoin attempt n (0-based). @default 250 ms doubling, at most 4 s */
  backoffMs?(attempt: number): number;
}

export interface Stay {
  /** The room the client is in now (null while rejoining). */
  readonly room: Room<any, any> | null;
  /** How many times it rejoined after losing the room. */
  readonly rejoins: number;
  /** Leave for good. */
  leave(): Promise<void>;
}

/**
 * The SDK's own retries of the same seat (a dropped connection) are kept to about 4 s (6 tries,
 * at most 1 s apart; its default is about a minute): past that the room's process is most likely
 * gone, and a fresh join finds the room recreated on a live process.
 */
export function quickReconnection(room: Room<any, any>): void {
  room.reconnection.maxRetries = 6;
  room.reconnection.maxDelay = 1000;
}

const defaultBackoff = (attempt: number) => Math.min(4000, 250 * 2 ** attempt);

export async function stayJoined(
  client: Client, name: string, options: Record<string, unknown>, opts: StayJoinedOptions = {},
): Promise<Stay> {
  let current: Room<any, any> | null = null;
  let rejoins = 0;
  let leaving = false;
  const backoff = opts.backoffMs ?? defaultBackoff;

  const adopt = (room: Room<any, any>) => {
    current = room;
    quickReconnection(room);
    room.onLeave((code: number) => {
      if (leaving || current !== room) return;
      current = null;
      // 4000 (consented): closed on purpose (signed in elsewhere, banned): stay out.
      if (code !== 4000) void rejoin();
    });
    opts.onRoom?.(room);
  };

  const rejoin = async () => {
    for (let attempt = 0; !leaving; attempt++) {
      await new Promise((r) => setTimeout(r, backoff(attempt)));
      if (leaving) return;
      try {
        const room = await client.joinOrCreate(name, options);
        if (leaving) {
          await room.leave(true).catch(() => {});
          return;
        }
        rejoins++;
        adopt(room);
        return;
      } catch (err) {
        opts.onRetry?.(err, attempt);
      }
    }
  };

  adopt(await client.joinOrCreate(name, options));
  return {
    get room() {
      return current;
    },
    get rejoins() {
      return rejoins;
    },
    async leave() {
      leaving = true;
      const room = current;
      current = null;
      await room?.leave(true).catch(() => {});
    },
  };
}
