/**
 * Pure reducers from a batch of room changes to the next store slices. Kept apart from the
 * store so they can be tested without Colyseus or timers.
 */
import { hexCenter } from './hex';
import { restingMotion, retarget, sampleMotion } from './motion';
import type { AvatarFields, AvatarView, RegionView, TerritoryFields, TerritoryView, Travel, WorldPatch } from './worldTypes';

export interface WorldSlices {
  regions: ReadonlyMap<string, RegionView>;
  territories: ReadonlyMap<string, TerritoryView>;
  /** Instance order of the territory mesh: stable across updates, appended on add. */
  territoryIds: readonly string[];
  avatars: ReadonlyMap<string, AvatarView>;
  avatarIds: readonly string[];
}

/** Who "me" is: the room session id and the player id (the avatar matches either). */
export interface MeKeys {
  sessionId: string | null;
  playerId: string | null;
}

function sameTerritory(a: TerritoryFields, b: TerritoryFields): boolean {
  return (
    a.q === b.q && a.r === b.r && a.regionId === b.regionId && a.name === b.name &&
    a.terrain === b.terrain && a.status === b.status && a.holder === b.holder && a.holderName === b.holderName &&
    a.garrison === b.garrison && a.garrisonMax === b.garrisonMax &&
    a.yieldResource === b.yieldResource && a.yieldPerHour === b.yieldPerHour && a.restricted === b.restricted
  );
}

/** Applies keyed upserts/removals to `map`; returns the new map and the ids order. */
function applyKeyed<In, Out>(
  map: ReadonlyMap<string, Out>,
  ids: readonly string[],
  changes: ReadonlyMap<string, In | null>,
  build: (key: string, next: In, prev: Out | undefined) => Out,
): { map: ReadonlyMap<string, Out>; ids: readonly string[] } {
  if (changes.size === 0) return { map, ids };
  const next = new Map(map);
  let added: string[] | null = null;
  let removed = false;
  let changed = false;
  for (const [key, value] of changes) {
    const prev = next.get(key);
    if (value === null) {
      if (prev !== undefined) {
        next.delete(key);
        removed = true;
        changed = true;
      }
      continue;
    }
    const built = build(key, value, prev);
    if (built === prev) continue;
    if (prev === undefined) (added ??= []).push(key);
    next.set(key, built);
    changed = true;
  }
  if (!changed) return { map, ids };
  let nextIds = ids;
  if (removed) nextIds = nextIds.filter((id) => next.has(id));
  if (added) nextIds = [...nextIds, ...added];
  return { map: next, ids: nextIds };
}

function buildTerritory(_key: string, t: TerritoryFields, prev: TerritoryView | undefined): TerritoryView {
  if (prev && sameTerritory(prev, t)) return prev;
  const c = prev && prev.q === t.q && prev.r === t.r ? { x: prev.cx, y: prev.cy } : hexCenter(t.q, t.r);
  return { ...t, cx: c.x, cy: c.y };
}

/** Clocks for one patch: `now` drives interpolation, `serverNow` (epoch ms) dates trips. */
export interface PatchClock {
  now: number;
  serverNow: number;
}

function travelFor(a: AvatarFields, prev: AvatarView | undefined, clock: PatchClock): Travel | null {
  if (a.arrivesAt <= 0) return null;
  if (prev && prev.arrivesAt === a.arrivesAt && prev.travel) return prev.travel;
  const from = prev ? sampleMotion(prev.motion, clock.now, { x: 0, y: 0 }) : { x: a.x, y: a.y };
  return { fromX: from.x, fromY: from.y, startedAt: clock.serverNow };
}

function avatarBuilder(clock: PatchClock) {
  return (key: string, a: AvatarFields, prev: AvatarView | undefined): AvatarView => {
    const travel = travelFor(a, prev, clock);
    // Arriving: glide from where the trip drew the avatar, not from where it left.
    const motion = !prev
      ? restingMotion(a.x, a.y, clock.now)
      : prev.travel && !travel
        ? restingMotion(a.x, a.y, clock.now)
        : retarget(prev.motion, a.x, a.y, clock.now);
    return { ...a, key, motion, travel };
  };
}

/**
 * Where a travelling avatar is drawn: along the straight line from its departure point to
 * `to`, by elapsed share of the trip; `out.lift` is a hop arc in [0, 1].
 */
export function travelPosition(
  travel: Travel, arrivesAt: number, to: { x: number; y: number }, serverNow: number,
  out: { x: number; y: number; lift: number },
): { x: number; y: number; lift: number } {
  const total = arrivesAt - travel.startedAt;
  const t = total <= 0 ? 1 : Math.min(1, Math.max(0, (serverNow - travel.startedAt) / total));
  out.x = travel.fromX + (to.x - travel.fromX) * t;
  out.y = travel.fromY + (to.y - travel.fromY) * t;
  out.lift = Math.sin(Math.PI * t);
  return out;
}

/** The next slices after `patch`, reusing unchanged objects so selectors stay stable. */
export function applyWorldPatch(slices: WorldSlices, patch: WorldPatch, clock: PatchClock): WorldSlices {
  let { regions, territories, territoryIds, avatars, avatarIds } = slices;
  if (patch.regions) {
    regions = applyKeyed(regions, [], patch.regions, (_k, r: RegionView, prev) =>
      prev && prev.name === r.name && prev.id === r.id ? prev : { ...r },
    ).map;
  }
  if (patch.territories) {
    ({ map: territories, ids: territoryIds } = applyKeyed(territories, territoryIds, patch.territories, buildTerritory));
  }
  if (patch.avatars) {
    ({ map: avatars, ids: avatarIds } = applyKeyed(avatars, avatarIds, patch.avatars, avatarBuilder(clock)));
  }
  return { regions, territories, territoryIds, avatars, avatarIds };
}

/** The key of my avatar in `avatars`, matched by room session id or player id. */
export function findMyAvatarKey(avatars: ReadonlyMap<string, AvatarView>, me: MeKeys): string | null {
  if (me.sessionId && avatars.has(me.sessionId)) return me.sessionId;
  if (me.playerId) {
    if (avatars.has(me.playerId)) return me.playerId;
    for (const a of avatars.values()) if (a.id === me.playerId) return a.key;
  }
  return null;
}
