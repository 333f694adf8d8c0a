/**
 * The world as this client knows it: the map, the avatars of its region (with interpolation
 * state), selection, connection status and toasts. Plain zustand vanilla store and plain
 * functions; the scene reads avatar motion imperatively with `worldStore.getState()` per frame.
 */
import { createStore } from 'zustand/vanilla';
import { applyWorldPatch, findMyAvatarKey, type MeKeys } from './applyPatch';
import { describeError, fieldLabel } from './errorText';
import type { AvatarView, ConnectionStatus, Deployment, RegionView, TerritoryView, Toast, WorldPatch } from './worldTypes';

export interface WorldState {
  regions: ReadonlyMap<string, RegionView>;
  territories: ReadonlyMap<string, TerritoryView>;
  territoryIds: readonly string[];
  avatars: ReadonlyMap<string, AvatarView>;
  avatarIds: readonly string[];
  me: MeKeys;
  myAvatarKey: string | null;
  selectedTerritoryId: string | null;
  deployment: Deployment | null;
  /** Estimated server clock − local clock (ms), learned from `deployed` messages. */
  serverClockOffset: number;
  connection: ConnectionStatus;
  connectionError: string | null;
  toasts: readonly Toast[];
}

function emptyWorld(): WorldState {
  return {
    regions: new Map(),
    territories: new Map(),
    territoryIds: [],
    avatars: new Map(),
    avatarIds: [],
    me: { sessionId: null, playerId: null },
    myAvatarKey: null,
    selectedTerritoryId: null,
    deployment: null,
    serverClockOffset: 0,
    connection: 'idle',
    connectionError: null,
    toasts: [],
  };
}

export const worldStore = createStore<WorldState>()(emptyWorld);

/** Forgets the world (on logout or before joining a new room). Keeps toasts. */
export function resetWorld(): void {
  const { toasts, serverClockOffset } = worldStore.getState();
  worldStore.setState({ ...emptyWorld(), toasts, serverClockOffset });
}

/** Forgets the avatars (the client moved to another region's room, which sends its own). */
export function clearAvatars(): void {
  worldStore.setState({ avatars: new Map(), avatarIds: [], myAvatarKey: null });
}

/** The server's epoch ms now, as well as this client can estimate it. */
export function serverNow(s: WorldState = worldStore.getState()): number {
  return Date.now() + s.serverClockOffset;
}

/** Applies one batch of room changes. `now` is the interpolation clock (`performance.now()`). */
export function applyPatch(patch: WorldPatch, now: number): void {
  const s = worldStore.getState();
  const next = applyWorldPatch(s, patch, { now, serverNow: serverNow(s) });
  const myAvatarKey = next.avatars === s.avatars ? s.myAvatarKey : findMyAvatarKey(next.avatars, s.me);
  // For the client-render benchmark: when the map first reached the store.
  if (s.territoryIds.length === 0 && next.territoryIds.length > 0) performance.mark?.('world-state');
  worldStore.setState({ ...next, myAvatarKey });
}

/** Tells the store who "me" is, so it can find my avatar. */
export function setMe(me: Partial<MeKeys>): void {
  const s = worldStore.getState();
  const nextMe = { ...s.me, ...me };
  worldStore.setState({ me: nextMe, myAvatarKey: findMyAvatarKey(s.avatars, nextMe) });
}

export function selectTerritory(id: string | null): void {
  worldStore.setState({ selectedTerritoryId: id });
}

/**
 * Records an accepted deploy. With `travelMs` (sent by the server next to `arrivesAt`) the
 * server clock is estimated as `arrivesAt − travelMs` at receipt, so countdowns survive skew.
 */
export function setDeployment(d: Deployment | null, travelMs?: number): void {
  if (d && travelMs !== undefined && Number.isFinite(travelMs)) {
    worldStore.setState({ deployment: d, serverClockOffset: d.arrivesAt - travelMs - Date.now() });
  } else {
    worldStore.setState({ deployment: d });
  }
}

export function setConnection(connection: ConnectionStatus, connectionError: string | null = null): void {
  worldStore.setState({ connection, connectionError });
}

/** My avatar, if the server sent it. */
export function myAvatar(s: WorldState = worldStore.getState()): AvatarView | undefined {
  return s.myAvatarKey === null ? undefined : s.avatars.get(s.myAvatarKey);
}

// --- toasts -----------------------------------------------------------------------------------

const TOAST_MS = 5000;
/** Errors and rewards stay a little longer: they are worth reading. */
const LONG_TOAST_MS = 8000;
const MAX_TOASTS = 5;
let nextToastId = 1;

/** Shows a toast that disappears after a few seconds. Returns its id. */
export function pushToast(kind: Toast['kind'], text: string, code?: string, title?: string): number {
  const id = nextToastId++;
  const toast: Toast = { id, kind, text };
  if (code !== undefined) toast.code = code;
  if (title !== undefined) toast.title = title;
  // The same text twice in a row (a retried request) is shown once.
  const held = worldStore.getState().toasts.filter((t) => !(t.text === text && t.kind === kind));
  worldStore.setState({ toasts: [...held, toast].slice(-MAX_TOASTS) });
  setTimeout(() => dismissToast(id), kind === 'error' || kind === 'reward' || kind === 'urgent' ? LONG_TOAST_MS : TOAST_MS);
  return id;
}

/** A server refusal (or any failure) as a toast in words; returns its id. */
export function toastError(err: unknown): number {
  const v = describeError(err);
  const fields = v.fields.map((f) => `${fieldLabel(f.path)}: ${f.message}`).join('; ');
  return pushToast('error', fields ? `${v.text} ${fields}` : v.text, v.code);
}

export function dismissToast(id: number): void {
  const toasts = worldStore.getState().toasts;
  if (toasts.some((t) => t.id === id)) worldStore.setState({ toasts: toasts.filter((t) => t.id !== id) });
}
