// Boot
export { createGameServer, type GameServer } from './app';
export { loadConfig, type Config } from './config';
export { createLogger } from './logger';

// Auth helpers (tests and tools)
export { signToken, verifyToken } from './auth/tokens';
export { hashPassword, verifyPassword } from './auth/passwords';
