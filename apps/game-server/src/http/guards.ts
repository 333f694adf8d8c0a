import type { NextFunction, Request, Response } from 'express';
import { getPlayer } from '@datavism/db';
import { GameError } from '@datavism/rules';
import type { Services } from '../context';
import { verifyToken } from '../auth/tokens';
import { socialRuntime } from '../social/runtime';

export type Role = 'player' | 'moderator' | 'gm' | 'admin';

/** Which roles include which: an admin may do what a gm may, a gm what a moderator may. */
const ROLE_LEVEL: Record<Role, number> = { player: 0, moderator: 1, gm: 2, admin: 3 };

function bearer(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7);
  const fromQuery = req.query.token;
  return typeof fromQuery === 'string' ? fromQuery : undefined;
}

/**
 * Authenticate the request's token and load the player (with the role stored in the database,
 * never the token's word). Puts `{id, name, role}` in `res.locals.player`.
 */
export function requirePlayer(s: Services, minRole: Role = 'player') {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const claims = verifyToken(s.config.jwtSecret, bearer(req));
      const player = await getPlayer(s.database.db, claims.sub);
      if (!player) throw new GameError('UNAUTHORIZED', 'unknown player');
      // A ban refuses every request at once, whatever token the player still holds.
      socialRuntime(s).assertNotBanned(player.id);
      if (ROLE_LEVEL[player.role as Role] < ROLE_LEVEL[minRole]) throw new GameError('FORBIDDEN', `requires role ${minRole}`);
      res.locals.player = { id: player.id, name: player.name, role: player.role };
      next();
    } catch (err) {
      next(err);
    }
  };
}
