/**
 * Chat channels (GAME §8.1): their keys, who may read and post, and the rank-gated channels of
 * the §1 unlocks. Pure: callers pass what the database knows about the player and `now`.
 */
import { GameError } from '../errors';
import { UNLOCKS } from '../reputation';

/** The rank-gated channels, lowest gate first; the thresholds are the §1 unlocks. */
export const GATED_CHANNELS = [
  { channel: 'classified', minInfluence: unlockAt('classified_intel_channel') },
  { channel: 'handler-net', minInfluence: unlockAt('handler_channel') },
  { channel: 'strategic', minInfluence: unlockAt('strategic_command_channel') },
  { channel: 'council', minInfluence: unlockAt('council_channel') },
] as const;

/** A gated channel's key. */
export type GatedChannel = (typeof GATED_CHANNELS)[number]['channel'];

function unlockAt(id: (typeof UNLOCKS)[number]['id']): number {
  return UNLOCKS.find((u) => u.id === id)!.minInfluence;
}

/** A channel key taken apart. */
export type ChannelRef =
  | { kind: 'global' }
  | { kind: 'emergency' }
  | { kind: 'gated'; gate: GatedChannel; minInfluence: number }
  | { kind: 'squad'; squadId: string }
  | { kind: 'dm'; playerIds: [string, string] }
  | { kind: 'handler'; playerId: string }
  | { kind: 'council'; council: string };

/** Longest channel key: `dm:` + two uuids and a colon. */
export const MAX_CHANNEL_KEY_LENGTH = 80;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const COUNCIL = /^[a-z][a-z_]{0,31}$/;

/**
 * Parses a channel key: `global`, `emergency`, a gated channel, `squad:<uuid>`,
 * `dm:<uuid>:<uuid>` (the two ids in ascending order, distinct), `handler:<uuid>`,
 * `council:<name>`. Null for anything else.
 */
export function parseChannel(key: string): ChannelRef | null {
  if (typeof key !== 'string' || key.length > MAX_CHANNEL_KEY_LENGTH) return null;
  if (key === 'global') return { kind: 'global' };
  if (key === 'emergency') return { kind: 'emergency' };
  const gate = GATED_CHANNELS.find((g) => g.channel === key);
  if (gate) return { kind: 'gated', gate: gate.channel, minInfluence: gate.minInfluence };
  const [prefix, a, b, ...rest] = key.split(':');
  if (rest.length > 0) return null;
  if (prefix === 'squad' && b === undefined && UUID.test(a ?? '')) return { kind: 'squad', squadId: a };
  if (prefix === 'handler' && b === undefined && UUID.test(a ?? '')) return { kind: 'handler', playerId: a };
  if (prefix === 'council' && b === undefined && COUNCIL.test(a ?? '')) return { kind: 'council', council: a };
  if (prefix === 'dm' && UUID.test(a ?? '') && UUID.test(b ?? '') && a < b) return { kind: 'dm', playerIds: [a, b] };
  return null;
}

/** The channel key of a DM thread between two players (ids in ascending order). */
export function dmChannel(playerA: string, playerB: string): string {
  if (playerA === playerB) throw new GameError('BAD_REQUEST', 'a direct message needs two different players');
  return playerA < playerB ? `dm:${playerA}:${playerB}` : `dm:${playerB}:${playerA}`;
}

export const squadChannelKey = (squadId: string): string => `squad:${squadId}`;
export const handlerChannelKey = (playerId: string): string => `handler:${playerId}`;
export const councilChannelKey = (council: string): string => `council:${council}`;

/** A liberation-key unlock of one gated channel, open until `expiresAt`. */
export interface GateUnlock {
  channel: string;
  expiresAt: Date;
}

/** Roles as stored; staff are moderators, gms and admins. */
export type SocialRole = 'player' | 'moderator' | 'gm' | 'admin';

const ROLE_LEVEL: Record<SocialRole, number> = { player: 0, moderator: 1, gm: 2, admin: 3 };

/** True if `role` is at least `min` (admin ⊇ gm ⊇ moderator ⊇ player). */
export function hasRole(role: string, min: SocialRole): boolean {
  return (ROLE_LEVEL[role as SocialRole] ?? 0) >= ROLE_LEVEL[min];
}

/** What the server knows about a player when it decides on a channel. */
export interface ChannelViewer {
  playerId: string;
  role: string;
  /** Current influence (with multipliers): it can decay below a gate at any time. */
  influence: number;
  squadId: string | null;
  /** Councils the player sits on now (term started, not ended). */
  councils: readonly string[];
  /** Liberation-key unlocks (expired ones are ignored). */
  unlocks: readonly GateUnlock[];
}

/** How a player reaches a channel, or why not. */
export type ChannelAccess =
  | { read: true; via: 'everyone' | 'member' | 'party' | 'influence' | 'unlock' | 'staff'; expiresAt?: Date }
  | { read: false; code: 'CHANNEL_LOCKED' | 'NOT_SQUAD_MEMBER' | 'FORBIDDEN'; reason: string };

/** The unlock of `channel` still open at `now`, if any. */
export function activeUnlock(unlocks: readonly GateUnlock[], channel: string, now: Date): GateUnlock | null {
  let best: GateUnlock | null = null;
  for (const u of unlocks) {
    if (u.channel === channel && u.expiresAt > now && (!best || u.expiresAt > best.expiresAt)) best = u;
  }
  return best;
}

/**
 * May this player read (and so subscribe to) the channel? Checked on join/subscribe and on every
 * post. Gated channels: influence ≥ the gate, or an unexpired liberation-key unlock; staff
 * (moderator and above) read every channel except squads and DMs of others; a handler thread is
 * its player's and the GM team's (gm and above).
 */
export function channelAccess(ref: ChannelRef, viewer: ChannelViewer, now: Date): ChannelAccess {
  const staff = hasRole(viewer.role, 'moderator');
  switch (ref.kind) {
    case 'global':
    case 'emergency':
      return { read: true, via: 'everyone' };
    case 'gated': {
      if (viewer.influence >= ref.minInfluence) return { read: true, via: 'influence' };
      const unlock = activeUnlock(viewer.unlocks, ref.gate, now);
      if (unlock) return { read: true, via: 'unlock', expiresAt: unlock.expiresAt };
      if (staff) return { read: true, via: 'staff' };
      return {
        read: false, code: 'CHANNEL_LOCKED',
        reason: `${ref.gate} needs influence ≥ ${ref.minInfluence} (you have ${Math.floor(viewer.influence)}) or an unlock`,
      };
    }
    case 'squad':
      return viewer.squadId === ref.squadId
        ? { read: true, via: 'member' }
        : { read: false, code: 'NOT_SQUAD_MEMBER', reason: 'not a member of that squad' };
    case 'dm':
      return ref.playerIds.includes(viewer.playerId)
        ? { read: true, via: 'party' }
        : { read: false, code: 'FORBIDDEN', reason: 'not your conversation' };
    case 'handler':
      if (ref.playerId === viewer.playerId) return { read: true, via: 'party' };
      if (hasRole(viewer.role, 'gm')) return { read: true, via: 'staff' };
      return { read: false, code: 'FORBIDDEN', reason: 'a handler thread is between its player and the GM team' };
    case 'council':
      if (viewer.councils.includes(ref.council)) return { read: true, via: 'member' };
      if (staff) return { read: true, via: 'staff' };
      return { read: false, code: 'CHANNEL_LOCKED', reason: `only sitting members of the ${ref.council} council` };
  }
}

/**
 * May this player post here? Reading is required; the emergency channel is written only by GMs
 * (through the emergency broadcast). Throws the refusal as a GameError.
 */
export function assertMayPost(ref: ChannelRef, viewer: ChannelViewer, now: Date): void {
  const access = channelAccess(ref, viewer, now);
  if (!access.read) throw new GameError(access.code, access.reason);
  if (ref.kind === 'emergency' && !hasRole(viewer.role, 'gm')) {
    throw new GameError('FORBIDDEN', 'only game-masters broadcast on the emergency channel');
  }
}

/**
 * The gated channel one liberation_key opens: the next one above the highest gated channel the
 * player reaches now (by influence or an open unlock). Null when every gate is open already.
 * @example nextGateToUnlock({ influence: 150, unlocks: [] }, now) // → 'handler-net'
 */
export function nextGateToUnlock(viewer: Pick<ChannelViewer, 'influence' | 'unlocks'>, now: Date): GatedChannel | null {
  let highest = -1;
  GATED_CHANNELS.forEach((g, i) => {
    if (viewer.influence >= g.minInfluence || activeUnlock(viewer.unlocks, g.channel, now)) highest = i;
  });
  return GATED_CHANNELS[highest + 1]?.channel ?? null;
}

/** When an unlock bought at `now` closes: `days` (registry `gated_channel_unlock_days`) later. */
export function unlockExpiry(now: Date, days: number): Date {
  return new Date(now.getTime() + days * 86_400_000);
}

/** Every channel with a fixed key a player may read at `now` (squad, DMs and handler thread aside). */
export function openGatedChannels(viewer: ChannelViewer, now: Date): GatedChannel[] {
  return GATED_CHANNELS.filter((g) => channelAccess({ kind: 'gated', gate: g.channel, minInfluence: g.minInfluence }, viewer, now).read)
    .map((g) => g.channel);
}
