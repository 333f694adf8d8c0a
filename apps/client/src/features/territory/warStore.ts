/**
 * Territory warfare as this client knows it: the sieges its view holds (the server leaves a
 * Ghost_Mode muster out of the defender's view), notices, and the connection to the `war` room.
 * Framework-free: a zustand vanilla store and plain functions.
 */
import { Client, type Room } from '@colyseus/sdk';
import { createStore } from 'zustand/vanilla';
import type { ErrorPayload, TerritoryNotice } from '@datavism/shared-schema';
import { requestProfileRefresh } from '../../net/profileSync';
import { pushToast, toastError } from '../../state/worldStore';

export interface SiegeView {
  id: string;
  territoryId: string;
  territoryName: string;
  attackerSquadId: string;
  attackerName: string;
  defenderSquadId: string;
  defenderName: string;
  phase: string;
  declaredAt: number;
  musterEndsAt: number;
  battleEndsAt: number;
  ghost: boolean;
  attackerStrength: number;
  defenderStrength: number;
  attackersCommitted: number;
  defendersCommitted: number;
  garrison: number;
  result: string;
  /** An AC counter-siege (GAME §3.5): the AC attacks with `garrison`, the holder defends. */
  counter: boolean;
}

export interface WarState {
  status: 'idle' | 'connecting' | 'connected' | 'error';
  sieges: readonly SiegeView[];
  notices: readonly TerritoryNotice[];
  lastError: unknown;
}

export const warStore = createStore<WarState>()(() => ({ status: 'idle', sieges: [], notices: [], lastError: null }));

const SIEGE_FIELDS: (keyof SiegeView)[] = [
  'id', 'territoryId', 'territoryName', 'attackerSquadId', 'attackerName', 'defenderSquadId', 'defenderName', 'phase',
  'declaredAt', 'musterEndsAt', 'battleEndsAt', 'ghost', 'attackerStrength', 'defenderStrength', 'attackersCommitted',
  'defendersCommitted', 'garrison', 'result', 'counter',
];

/** Copy the decoded schema map into plain objects, newest first. */
export function siegesFromState(state: { sieges?: { forEach(cb: (v: Record<string, unknown>) => void): void } }): SiegeView[] {
  const out: SiegeView[] = [];
  state.sieges?.forEach((s) => {
    const v = {} as Record<string, unknown>;
    for (const f of SIEGE_FIELDS) v[f] = s[f];
    out.push(v as unknown as SiegeView);
  });
  return out.sort((a, b) => b.declaredAt - a.declaredAt);
}

let room: Room | null = null;
let joining: Promise<void> | null = null;

/**
 * Join the war room once per session: at game start, so the map shows every visible siege with
 * its countdown (the panel reuses the connection).
 */
export function connectWar(token: string): Promise<void> {
  if (room) return Promise.resolve();
  if (joining) return joining;
  warStore.setState({ status: 'connecting' });
  const client = new Client(location.origin);
  client.auth.token = token;
  joining = client.joinOrCreate('war').then((r) => {
    room = r;
    r.onStateChange((state) => warStore.setState({ sieges: siegesFromState(state as never) }));
    r.onMessage('notice', (n: TerritoryNotice) => {
      warStore.setState({ notices: [n, ...warStore.getState().notices].slice(0, 20) });
      // The "under attack" notification: a toast over the whole game screen.
      pushToast(n.kind === 'under_attack' ? 'error' : 'info', n.text, undefined, n.kind === 'under_attack' ? 'Under attack' : 'Siege over');
      // A result moves impact rating (and so influence and rank).
      if (n.kind === 'siege_result') requestProfileRefresh();
    });
    r.onMessage('error', (e: ErrorPayload) => {
      warStore.setState({ lastError: e });
      toastError(e);
    });
    r.onMessage('claimed', () => pushToast('success', 'Territory claimed for your squad.'));
    r.onMessage('siege_declared', () => pushToast('success', 'Siege declared: get your squad onto the territory before the battle ends.'));
    r.onLeave(() => {
      room = null;
      warStore.setState({ status: 'idle' });
    });
    warStore.setState({ status: 'connected', lastError: null });
  }).catch((err: unknown) => {
    warStore.setState({ status: 'error', lastError: err });
  }).finally(() => {
    joining = null;
  });
  return joining;
}

export function claimTerritory(territoryId: string): void {
  if (!room) toastError({ code: 'NOT_CONNECTED', message: '' });
  else room.send('claim', { territoryId });
}

export function declareSiege(territoryId: string): void {
  if (!room) toastError({ code: 'NOT_CONNECTED', message: '' });
  else room.send('declare_siege', { territoryId });
}

/** Leaves the war room (logout). */
export function disconnectWar(): void {
  const r = room;
  room = null;
  warStore.setState({ status: 'idle', sieges: [] });
  void r?.leave().catch(() => undefined);
}

/** Territories under a live AC counter-siege: the map draws them in the AC's cold red. */
export function counterSiegeTerritories(sieges: readonly SiegeView[]): ReadonlySet<string> {
  return new Set(sieges.filter((s) => s.counter && !s.result).map((s) => s.territoryId));
}

/** The live (unresolved) siege on a territory, if any. */
export function siegeOn(sieges: readonly SiegeView[], territoryId: string): SiegeView | undefined {
  return sieges.find((s) => s.territoryId === territoryId && !s.result);
}
