// Boot
export { createGameServer, type GameServer } from './app';
export { loadConfig, detectionOn, DETECTION_SLICE_MS, type Config } from './config';
export { createLogger } from './logger';

// Auth helpers (tests and tools)
export { signToken, verifyToken } from './auth/tokens';
export { hashPassword, verifyPassword } from './auth/passwords';

// Notifications: the one notify path other features and tests use
export { notify, tryNotify, notifier, type Notifier, type NotificationEvent, type NotifyResult } from './notifications/index';

// Social layer: publish chat, emergency, moderation and notification events to every social room
export { publishSocial, socialChannel } from './social/publish';
