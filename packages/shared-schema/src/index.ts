// World room state
export { Territory, Avatar, Region, WorldMapState, RegionState } from './state/world';

// World room messages (client → server)
export {
  DeployMessage, MoveMessage, WORLD_MESSAGES, REGION_MESSAGES, RegionJoinOptions,
  type WorldMessageType, type SeatReservationDto, type HandoverMessage, type DeployedMessage, type WorldEntry,
} from './messages/world';

// Amounts, bounded by the database columns they end up in
export { PG_BIGINT_MAX, PG_INTEGER_MAX, amountString, amountNumber, ResourceAmount } from './messages/amounts';

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
export * from './features/social';
export * from './features/notifications';
export * from './features/push';
export * from './features/leaderboards';
export * from './features/progression';
export * from './features/mentorship';
export * from './features/gm';
export * from './features/bounties';
export * from './features/onboarding';
export * from './features/engagement';
