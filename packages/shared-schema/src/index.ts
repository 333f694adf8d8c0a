// World room state
export { Territory, Avatar, Region, WorldState } from './state/world';

// World room messages (client → server)
export { DeployMessage, MoveMessage, WORLD_MESSAGES, type WorldMessageType } from './messages/world';

// HTTP contracts
export { PlayerName, RegisterBody, LoginBody, type PlayerProfile, type AuthResponse } from './messages/http';

// Errors and server → client messages
export { type ErrorPayload, SERVER_MESSAGES } from './messages/errors';

// Features: each owns its file
export * from './features/squads';
export * from './features/market';
export * from './features/operations';
export * from './features/governance';
export * from './features/territory';
export * from './features/exchange';
export * from './features/intel';
