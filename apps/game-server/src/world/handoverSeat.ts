import { matchMaker } from '@colyseus/core';
import { GameError } from '@datavism/rules';
import type { SeatReservationDto } from '@datavism/shared-schema';
import { services } from '../context';
import type { AuthData } from '../rooms/auth';
import { signToken } from '../auth/tokens';
import { socialRuntime } from '../social/runtime';

/** How long a region's room listing is trusted without asking the driver again. */
const LISTING_MS = 10_000;

/** region → the room that took its last hand-over seat (one room per region; recreated elsewhere if its process dies). */
const known = new Map<number, { roomId: string; until: number }>();

const dto = (seat: matchMaker.ISeatReservation): SeatReservationDto => ({
  name: seat.name, sessionId: seat.sessionId, roomId: seat.roomId, processId: seat.processId ?? '', publicAddress: seat.publicAddress,
});

/**
 * A seat for a deploying player in a region's room, on whichever process hosts it.
 *
 * The player is signed in already (the room they deploy from authenticated them; the target
 * room's join reads their row again), so once a region's room is known the seat is reserved in
 * it straight away: one lookup of that room by id and the reservation call — no matchmaking
 * query over every room, no second sign-in read, no lock. The first hand-over into a region, a
 * room gone (process died, recreated under a new id) or a full room take matchmaking's
 * `joinOrCreate` instead, which also creates the room when there is none.
 */
export async function reserveHandoverSeat(regionId: number, auth: AuthData): Promise<SeatReservationDto> {
  const s = services();
  const options = { regionId, handover: true };
  const cached = known.get(regionId);
  if (cached && cached.until > Date.now()) {
    try {
      socialRuntime(s).assertNotBanned(auth.playerId);
      const room = await matchMaker.getRoomById(cached.roomId);
      if (room && !room.locked) return dto(await matchMaker.reserveSeatFor(room, options, auth));
    } catch (err) {
      if (err instanceof GameError) throw err;
    }
    known.delete(regionId);
  }
  try {
    const token = signToken(s.config.jwtSecret, { sub: auth.playerId, name: auth.name });
    const seat = await matchMaker.joinOrCreate('region', options, { token, headers: new Headers(), ip: undefined });
    known.set(regionId, { roomId: seat.roomId, until: Date.now() + LISTING_MS });
    return dto(seat);
  } catch (cause) {
    s.metrics.errors.inc({ where: 'region:handover' });
    throw new GameError('HANDOVER_FAILED', `could not reserve a seat in region ${regionId}; rejoin that region`, { cause });
  }
}
