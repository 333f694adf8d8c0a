import { z } from 'zod';

/** Largest coordinate a client may send; real maps are far smaller. */
const COORD_LIMIT = 1_000_000;

/** `deploy`: travel to another territory (GAME §3.1). */
export const DeployMessage = z.object({
  territoryId: z.string().min(1).max(64),
}).strict();
export type DeployMessage = z.infer<typeof DeployMessage>;

/** `move`: the avatar's wanted position inside its territory; the server clamps it. */
export const MoveMessage = z.object({
  x: z.number().finite().min(-COORD_LIMIT).max(COORD_LIMIT),
  y: z.number().finite().min(-COORD_LIMIT).max(COORD_LIMIT),
  seq: z.number().int().min(0).max(0xffffffff),
}).strict();
export type MoveMessage = z.infer<typeof MoveMessage>;

/** Message names of the world room, client → server. */
export const WORLD_MESSAGES = ['deploy', 'move'] as const;
export type WorldMessageType = (typeof WORLD_MESSAGES)[number];

/** Join options of a `region` room: the region the player is deployed in. */
export const RegionJoinOptions = z.object({
  regionId: z.number().int().min(1).max(65_535),
}).passthrough();
export type RegionJoinOptions = z.infer<typeof RegionJoinOptions>;

/** Message names of a region room, client → server (the same as the world room's). */
export const REGION_MESSAGES = WORLD_MESSAGES;

/** A seat reserved for this player in another room (Colyseus `ISeatReservation`). */
export interface SeatReservationDto {
  name: string;
  sessionId: string;
  roomId: string;
  processId: string;
  publicAddress?: string;
}

/**
 * Server → client `handover`: the deploy crossed into another region. The player's avatar left
 * this room; the client consumes `reservation` (joins the new region's room) and then leaves this
 * one. Inputs sent meanwhile are replayed to the new room by the client.
 */
export interface HandoverMessage {
  reservation: SeatReservationDto;
  regionId: number;
  territoryId: string;
  arrivesAt: number;
  travelMs: number;
  /** liberation_keys this deployment burned (GAME §4.5: 1 into a restricted territory, else 0). */
  keysSpent?: number;
}

/** Server → client `deployed`: the deploy stayed in this region. */
export interface DeployedMessage {
  territoryId: string;
  arrivesAt: number;
  travelMs: number;
  /** liberation_keys this deployment burned (GAME §4.5: 1 into a restricted territory, else 0). */
  keysSpent?: number;
}

/** What `POST /api/world/enter` answers: where the player is (a new player is deployed to the spawn first). */
export interface WorldEntry {
  regionId: number;
  territoryId: string;
}
