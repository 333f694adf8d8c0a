import { Client, type Room } from '@colyseus/sdk';
import { createPlayer, getPlayer, setPlayerRole, type Db } from '@datavism/db';
import { signToken } from '@datavism/game-server';
import { playerName, waitFor } from './env';

/** A player made straight in the database, with a signed token (registration is rate-limited per address). */
export interface TestPlayer {
  id: string;
  name: string;
  token: string;
}

export async function socialPlayer(db: Db, jwtSecret: string, role: 'player' | 'moderator' | 'gm' | 'admin' = 'player'): Promise<TestPlayer> {
  const name = playerName(role.slice(0, 3));
  const p = await createPlayer(db, { name, passwordHash: 'unused' });
  if (role !== 'player') await setPlayerRole(db, p.id, role);
  if (!(await getPlayer(db, p.id))) throw new Error('player not stored');
  return { id: p.id, name, token: signToken(jwtSecret, { sub: p.id, name }) };
}

/** Every server → client message type of the social room. */
const SOCIAL_TYPES = [
  'me', 'channels', 'chat', 'chat_removed', 'emergency', 'notification', 'moderation', 'posted', 'subscribed', 'unsubscribed',
  'channel_lost', 'deleted', 'reported', 'banned', 'error',
];

/** A client in a social room, recording what it receives and when it left. */
export interface SocialSeat {
  room: Room<any, any>;
  inbox: Map<string, any[]>;
  left: { code: number; reason?: string; at: number } | null;
  received(type: string): any[];
  /** The first message of `type` (matching `where`) that arrives, waiting up to `timeoutMs`. */
  next(type: string, where?: (m: any) => boolean, timeoutMs?: number): Promise<any>;
  /** Refusals of one message type. */
  errors(type?: string): any[];
  leave(): Promise<void>;
}

function seatOf(room: Room<any, any>): SocialSeat {
  const inbox = new Map<string, any[]>();
  for (const type of SOCIAL_TYPES) room.onMessage(type, (m) => inbox.set(type, [...(inbox.get(type) ?? []), m]));
  const seat: SocialSeat = {
    room, inbox, left: null,
    received: (type) => inbox.get(type) ?? [],
    next: (type, where = () => true, timeoutMs = 5000) => waitFor(() => (inbox.get(type) ?? []).find(where), timeoutMs, `a ${type} message`),
    errors: (type) => (inbox.get('error') ?? []).filter((e) => type === undefined || e.type === type),
    leave: async () => {
      if (!seat.left) await room.leave().catch(() => {});
    },
  };
  room.onLeave((code: number, reason?: string) => { seat.left = { code, reason, at: Date.now() }; });
  return seat;
}

/** Joins (or creates) a social room through the server at `url`, and waits for the channel list. */
export async function joinSocial(url: string, token: string): Promise<SocialSeat> {
  const client = new Client(url);
  client.auth.token = token;
  const seat = seatOf(await client.joinOrCreate('social'));
  await seat.next('channels');
  return seat;
}

/**
 * Creates a social room through `url` and joins it, returning the seat and the process that hosts
 * the room (its public address): tests with two processes use this to hold one room on each.
 */
export async function createSocialRoom(url: string, token: string): Promise<{ seat: SocialSeat; address: string; roomId: string }> {
  const res = await fetch(`${url}/matchmake/create/social`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
    body: '{}',
  });
  const reservation = await res.json() as { roomId: string; publicAddress?: string; processId: string };
  if (!res.ok || !reservation.roomId) throw new Error(`create social room failed: ${res.status} ${JSON.stringify(reservation)}`);
  const client = new Client(url);
  client.auth.token = token;
  const seat = seatOf(await client.consumeSeatReservation(reservation as any));
  await seat.next('channels');
  return { seat, address: reservation.publicAddress ?? '', roomId: reservation.roomId };
}

/** Joins a given social room by id through `url`. */
export async function joinSocialById(url: string, token: string, roomId: string): Promise<SocialSeat> {
  const client = new Client(url);
  client.auth.token = token;
  const seat = seatOf(await client.joinById(roomId));
  await seat.next('channels');
  return seat;
}
