/**
 * Mirrors a joined world room's decoded state into the world store. Schema callbacks fire
 * one by one while a patch is decoded; changes are collected and flushed to the store once
 * per microtask, so a full map load (thousands of territories) is one store update.
 */
import { Callbacks, type Room } from '@colyseus/sdk';
import type { Avatar, Region, RegionState, Territory, WorldMapState } from '@datavism/shared-schema';
import { applyPatch } from '../state/worldStore';
import type { AvatarFields, RegionView, TerritoryFields } from '../state/worldTypes';

/**
 * A map room (regions, territories) or a region room (avatars), typed with both states' fields:
 * `bindWorldState` only touches the collections its `parts` name.
 */
export type WorldRoom = Room<unknown, WorldMapState & RegionState>;

function territoryFields(t: Territory): TerritoryFields {
  return {
    id: t.id, q: t.q, r: t.r, regionId: t.regionId, name: t.name, terrain: t.terrain,
    status: t.status, holder: t.holder, garrison: t.garrison, garrisonMax: t.garrisonMax,
    yieldResource: t.yieldResource, yieldPerHour: t.yieldPerHour, holderName: t.holderName ?? '',
    restricted: t.restricted === true,
  };
}

function avatarFields(a: Avatar): AvatarFields {
  return {
    id: a.id, name: a.name, rank: a.rank, territoryId: a.territoryId, regionId: a.regionId,
    x: a.x, y: a.y, seq: a.seq, arrivesAt: a.arrivesAt,
  };
}

function regionView(r: Region): RegionView {
  return { id: r.id, name: r.name };
}

/** Collects keyed changes and flushes them to the store once per microtask. */
class PatchBatcher {
  private regions = new Map<string, RegionView | null>();
  private territories = new Map<string, TerritoryFields | null>();
  private avatars = new Map<string, AvatarFields | null>();
  private scheduled = false;
  private closed = false;

  region(key: string, v: RegionView | null): void { this.regions.set(key, v); this.schedule(); }
  territory(key: string, v: TerritoryFields | null): void { this.territories.set(key, v); this.schedule(); }
  avatar(key: string, v: AvatarFields | null): void { this.avatars.set(key, v); this.schedule(); }

  close(): void { this.closed = true; }

  private schedule(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    queueMicrotask(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    if (this.closed) return;
    const patch = { regions: this.regions, territories: this.territories, avatars: this.avatars };
    this.regions = new Map();
    this.territories = new Map();
    this.avatars = new Map();
    applyPatch(patch, performance.now());
  }
}

/** Which collections of a room to mirror: the map room has regions and territories, a region room avatars. */
export interface BindParts {
  map?: boolean;
  avatars?: boolean;
}

/**
 * Starts mirroring `room.state` into the world store; returns a function that stops it.
 * Existing items are delivered too (`onAdd` is immediate), so it can bind after the join.
 */
export function bindWorldState(room: WorldRoom, parts: BindParts = { map: true, avatars: true }): () => void {
  const cb = Callbacks.get(room);
  const batch = new PatchBatcher();
  const stops: Array<() => void> = [];
  const perItem = new Map<string, () => void>();

  const track = (id: string, stop: () => void): void => {
    perItem.get(id)?.();
    perItem.set(id, stop);
  };
  const untrack = (id: string): void => {
    perItem.get(id)?.();
    perItem.delete(id);
  };

  if (parts.map) bindMap();
  if (parts.avatars) bindAvatars();

  function bindMap(): void {
    stops.push(cb.onAdd('regions', (r: Region, key: string) => {
      batch.region(key, regionView(r));
      track(`r:${key}`, cb.onChange(r, () => batch.region(key, regionView(r))));
    }));
    stops.push(cb.onRemove('regions', (_r: Region, key: string) => {
      untrack(`r:${key}`);
      batch.region(key, null);
    }));

    stops.push(cb.onAdd('territories', (t: Territory, key: string) => {
      batch.territory(key, territoryFields(t));
      track(`t:${key}`, cb.onChange(t, () => batch.territory(key, territoryFields(t))));
    }));
    stops.push(cb.onRemove('territories', (_t: Territory, key: string) => {
      untrack(`t:${key}`);
      batch.territory(key, null);
    }));

  }

  function bindAvatars(): void {
    stops.push(cb.onAdd('avatars', (a: Avatar, key: string) => {
      batch.avatar(key, avatarFields(a));
      track(`a:${key}`, cb.onChange(a, () => batch.avatar(key, avatarFields(a))));
    }));
    stops.push(cb.onRemove('avatars', (_a: Avatar, key: string) => {
      untrack(`a:${key}`);
      batch.avatar(key, null);
    }));
  }

  return () => {
    batch.close();
    for (const stop of stops) stop();
    for (const stop of perItem.values()) stop();
    perItem.clear();
  };
}
