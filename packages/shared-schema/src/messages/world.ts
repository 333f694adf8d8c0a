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
