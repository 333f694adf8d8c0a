import { Router, type Request } from 'express';
import { createPlayer, findPlayerByName } from '@datavism/db';
import { GameError } from '@datavism/rules';
import { LoginBody, RegisterBody, type AuthResponse } from '@datavism/shared-schema';
import type { Services } from '../context';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { signToken } from '../auth/tokens';
import { RateLimiter } from '../ops/rateLimit';
import { loadProfile, loginAndProfile } from '../players/profile';
import { parseBody } from './errors';
import { requirePlayer } from './guards';
import { socialRuntime } from '../social/runtime';


function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** `POST /api/auth/register`, `POST /api/auth/login`, `GET /api/me`. */
export function authRoutes(s: Services): Router {
  const router = Router();
  /** Login attempts: a burst of 5 per client address and name, then one every 12 s. */
  const loginLimiter = new RateLimiter(5, 1 / 12);
  /** Registrations (each costs a scrypt hash): a burst of 20 per address, then one every 6 s. */
  const registerLimiter = new RateLimiter(20, 1 / 6);

  router.post('/api/auth/register', async (req, res) => {
    const body = parseBody(RegisterBody, req.body);
    if (!registerLimiter.take(clientAddress(req), Date.now())) throw new GameError('RATE_LIMITED', 'too many registrations, try again later');
    const passwordHash = await hashPassword(body.password);
    const createdAt = new Date();
    const player = await createPlayer(s.database.db, {
      name: body.name, passwordHash, createdAt, founder: createdAt < s.config.launchDate,
    });
    const { profile } = await loginAndProfile(s, player.id, createdAt);
    const response: AuthResponse = { token: signToken(s.config.jwtSecret, { sub: player.id, name: player.name }), player: profile };
    res.status(201).json(response);
  });

  router.post('/api/auth/login', async (req, res) => {
    const body = parseBody(LoginBody, req.body);
    const key = `${clientAddress(req)}|${body.name.toLowerCase()}`;
    if (!loginLimiter.take(key, Date.now())) throw new GameError('RATE_LIMITED', 'too many login attempts, try again later');
    const player = await findPlayerByName(s.database.db, body.name);
    // Verify against a dummy hash when the name is unknown, so timing does not reveal which names exist.
    const ok = await verifyPassword(body.password, player?.passwordHash ?? DUMMY_HASH);
    if (!player || !ok) throw new GameError('INVALID_CREDENTIALS', 'wrong name or password');
    socialRuntime(s).assertNotBanned(player.id);
    const { profile, dailyLogin } = await loginAndProfile(s, player.id, new Date());
    const response: AuthResponse = {
      token: signToken(s.config.jwtSecret, { sub: player.id, name: player.name }),
      player: profile,
      dailyLogin: dailyLogin.granted ? { streak: dailyLogin.streak, reward: dailyLogin.reward ? { ...dailyLogin.reward } : null } : null,
    };
    res.json(response);
  });

  router.get('/api/me', requirePlayer(s), async (_req, res) => {
    res.json(await loadProfile(s, res.locals.player.id));
  });

  return router;
}

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$' + 'A'.repeat(86);
