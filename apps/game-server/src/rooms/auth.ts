import { ErrorCode, ServerError } from '@colyseus/core';
import { getPlayer } from '@datavism/db';
import { GameError } from '@datavism/rules';
import { services } from '../context';
import { verifyToken } from '../auth/tokens';
import { socialRuntime } from '../social/runtime';
import { assertRegistryReachable } from '../ops/unavailable';

/** What every room's `onAuth` returns: the authenticated player. */
export interface AuthData {
  playerId: string;
  name: string;
  role: string;
}

/**
 * A room join's `onAuth`: verify the token and load the player (every join, every room); a banned
 * player is refused (BANNED).
 * A GameError code is not an HTTP status to the matchmaker, so refusals are answered as
 * AUTH_FAILED with the stable code first in the message the SDK rejects with.
 */
export async function authenticatePlayer(token: string): Promise<AuthData> {
  assertRegistryReachable(services());
  return asAuthFailure(async () => {
    const { config, database } = services();
    const claims = verifyToken(config.jwtSecret, token);
    const player = await getPlayer(database.db, claims.sub);
    if (!player) throw new GameError('UNAUTHORIZED', 'unknown player');
    socialRuntime(services()).assertNotBanned(player.id);
    return { playerId: player.id, name: player.name, role: player.role };
  });
}

/** Run an onAuth check, translating GameErrors into AUTH_FAILED server errors. */
export async function asAuthFailure<T>(check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (err) {
    if (err instanceof GameError) throw new ServerError(ErrorCode.AUTH_FAILED, `${err.code}: ${err.message}`);
    throw err;
  }
}
