import jwt from 'jsonwebtoken';
import { GameError } from '@datavism/rules';

export interface TokenClaims {
  /** Player id. */
  sub: string;
  name: string;
}

/** Sign a session token (HS256, 7 days). Roles are NOT trusted from tokens: they are read from the database. */
export function signToken(secret: string, claims: TokenClaims): string {
  return jwt.sign({ name: claims.name }, secret, { subject: claims.sub, algorithm: 'HS256', expiresIn: '7d' });
}

/** Verify a token; throws GameError UNAUTHORIZED on anything wrong. */
export function verifyToken(secret: string, token: string | undefined | null): TokenClaims {
  if (!token) throw new GameError('UNAUTHORIZED', 'missing token');
  try {
    const payload = jwt.verify(token, secret, { algorithms: ['HS256'] });
    if (typeof payload === 'string' || typeof payload.sub !== 'string') throw new Error('malformed claims');
    return { sub: payload.sub, name: String(payload.name ?? '') };
  } catch (cause) {
    throw new GameError('UNAUTHORIZED', 'invalid or expired token', { cause });
  }
}
