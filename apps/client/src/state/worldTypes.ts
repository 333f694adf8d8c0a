/**
 * Plain, immutable copies of the world room's state as the client stores them. They are
 * decoupled from the Colyseus schema instances (which mutate in place) so selectors can
 * compare by reference.
 */
import type { Motion } from './motion';

export type TerritoryStatus = 'occupied' | 'neutral' | 'liberated' | 'contested';

/** The synced fields of a territory (what the server sends). */
export interface TerritoryFields {
  id: string;
  q: number;
  r: number;
  regionId: number;
  name: string;
  terrain: string;
  status: string;
  holder: string;
  garrison: number;
  garrisonMax: number;
  yieldResource: string;
  yieldPerHour: number;
  /** The holding squad's name ("" while the AC or nobody holds it). */
  holderName: string;
  /** GAME §4.5: deploying here costs one liberation_key (garrison ×2, yield ×3 already in the numbers). */
  restricted?: boolean;
}

/** A territory plus its precomputed layout centre. */
export interface TerritoryView extends TerritoryFields {
  cx: number;
  cy: number;
}

export interface RegionView {
  id: number;
  name: string;
}

/** The synced fields of an avatar. */
export interface AvatarFields {
  id: string;
  name: string;
  rank: string;
  territoryId: string;
  regionId: number;
  x: number;
  y: number;
  seq: number;
  arrivesAt: number;
}

/**
 * A deployment in progress as seen by this client: the server keeps the avatar at its old
 * position until `arrivesAt`, so the client draws the trip from `from` to the target centre.
 */
export interface Travel {
  fromX: number;
  fromY: number;
  /** Estimated server epoch ms when this client first saw the trip. */
  startedAt: number;
}

/** An avatar plus its interpolation state. `key` is its key in the room's `avatars` map. */
export interface AvatarView extends AvatarFields {
  key: string;
  motion: Motion;
  /** Set while `arrivesAt > 0` (travelling to `territoryId`). */
  travel: Travel | null;
}

export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export interface Toast {
  id: number;
  /** error: a refusal; info: a notice; success: an action done; reward: XP, resources, level-up; urgent: an urgent notification. */
  kind: 'error' | 'info' | 'success' | 'reward' | 'urgent';
  text: string;
  /** A short heading ("Level 5!"). */
  title?: string;
  /** The server's error code (kept for tests, never printed). */
  code?: string;
}

/** A deploy the server accepted: where to and when travel ends (server epoch ms). */
export interface Deployment {
  territoryId: string;
  arrivesAt: number;
}

/** Pending changes collected during one state patch: a value upserts, `null` removes. */
export interface WorldPatch {
  regions?: ReadonlyMap<string, RegionView | null>;
  territories?: ReadonlyMap<string, TerritoryFields | null>;
  avatars?: ReadonlyMap<string, AvatarFields | null>;
}
