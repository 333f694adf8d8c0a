/**
 * Operations as this client knows them: the live list (HTTP) and the joined operation's room
 * state mirrored into plain rows. Framework-free: a zustand vanilla store and functions.
 * Hidden objectives arrive as `[CLASSIFIED]` with no content; the client never sees more.
 */
import { Client, type Room } from '@colyseus/sdk';
import { createStore } from 'zustand/vanilla';
import type { ErrorPayload, OperationLaunchedNotice, OperationSummary } from '@datavism/shared-schema';
import { apiRequest } from '../../net/api';
import { onMapNotice } from '../../net/connection';
import { requestProfileRefresh } from '../../net/profileSync';
import { pushToast, toastError } from '../../state/worldStore';

export interface ObjectiveRow {
  id: number; tier: string; classified: boolean; kind: string; title: string; description: string;
  target: number; progress: number; resource: string; category: string;
}
export interface LiveOperation {
  id: string; type: string; name: string; briefing: string; handler: string; phase: string; outcome: string;
  activeAt: number; endsAt: number; progress: number; participants: number; requiredPlayers: number;
  targetTerritories: string[]; objectives: ObjectiveRow[];
  topContributors: { playerId: string; name: string; points: number }[];
  messages: { id: number; body: string; at: number }[];
}

export interface OperationsState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  list: readonly OperationSummary[];
  current: LiveOperation | null;
  /** Territory id → name of the live operation targeting it (beacons on the map). */
  beacons: ReadonlyMap<string, string>;
  briefingOpen: boolean;
  lastError: unknown;
}

export const operationsStore = createStore<OperationsState>()(() => ({
  status: 'idle', list: [], current: null, beacons: new Map(), briefingOpen: false, lastError: null,
}));

type Wire = Record<string, any>;
const arr = <T>(a: { forEach?(cb: (v: any) => void): void } | undefined, map: (v: any) => T): T[] => {
  const out: T[] = [];
  a?.forEach?.((v) => out.push(map(v)));
  return out;
};

/** Copy the decoded operation room state into plain rows. */
export function operationFromState(s: Wire): LiveOperation {
  return {
    id: String(s.id), type: String(s.type), name: String(s.name), briefing: String(s.briefing), handler: String(s.handler),
    phase: String(s.phase), outcome: String(s.outcome ?? ''), activeAt: Number(s.activeAt), endsAt: Number(s.endsAt),
    progress: Number(s.progress), participants: Number(s.participants), requiredPlayers: Number(s.requiredPlayers),
    targetTerritories: arr(s.targetTerritories, String),
    objectives: arr(s.objectives, (o) => ({
      id: Number(o.id), tier: String(o.tier), classified: Boolean(o.classified), kind: String(o.kind), title: String(o.title),
      description: String(o.description), target: Number(o.target), progress: Number(o.progress), resource: String(o.resource), category: String(o.category),
    })),
    topContributors: arr(s.topContributors, (c) => ({ playerId: String(c.playerId), name: String(c.name), points: Number(c.points) })),
    messages: arr(s.messages, (m) => ({ id: Number(m.id), body: String(m.body), at: Number(m.at) })),
  };
}

/** Fill ratio of an objective for its progress bar (0 for classified ones). */
export function objectiveRatio(o: ObjectiveRow): number {
  return o.classified || o.target <= 0 ? 0 : Math.min(1, o.progress / o.target);
}

/** Territory → operation name for every live operation's targets (the map's beacons). */
export function beaconsOf(list: readonly OperationSummary[]): Map<string, string> {
  const beacons = new Map<string, string>();
  for (const op of list) if (op.phase === 'active' || op.phase === 'briefing') for (const t of op.targetTerritories) beacons.set(t, op.name);
  return beacons;
}

/** Reload the live list (and the beacons). An operation that just ended may have paid me. */
export async function refreshOperations(token: string): Promise<void> {
  if (operationsStore.getState().status === 'idle') operationsStore.setState({ status: 'loading' });
  try {
    const list = await apiRequest<OperationSummary[]>('/api/operations', { token });
    const before = operationsStore.getState().list;
    const ended = before.some((b) => (b.phase === 'active' || b.phase === 'briefing') && !list.some((o) => o.id === b.id && (o.phase === 'active' || o.phase === 'briefing')));
    if (ended) requestProfileRefresh();
    const prevBeacons = operationsStore.getState().beacons;
    const beacons = beaconsOf(list);
    const same = beacons.size === prevBeacons.size && [...beacons].every(([k, v]) => prevBeacons.get(k) === v);
    operationsStore.setState({ list, beacons: same ? prevBeacons : beacons, lastError: null, status: 'ready' });
  } catch (err) {
    operationsStore.setState({ lastError: err, status: operationsStore.getState().list.length ? 'ready' : 'error' });
  }
}

/**
 * Refreshes the live list now, every 30 s, and at once when the map room announces a launch
 * (the list and the map's beacons show a new operation without a panel open); returns a stop function.
 */
export function startOperationsTracking(token: string): () => void {
  void refreshOperations(token);
  const t = setInterval(() => void refreshOperations(token), 30_000);
  const stopNotices = onMapNotice((n) => {
    if ((n as Partial<OperationLaunchedNotice> | null)?.kind === 'operation_launched') void refreshOperations(token);
  });
  return () => {
    clearInterval(t);
    stopNotices();
  };
}

/** Launches a squad mission (squad-scoped operation): a member of influence ≥ 1000 may. Throws ApiError. */
export async function launchSquadMission(token: string, squadId: string, operation: Record<string, unknown>): Promise<OperationSummary> {
  const op = await apiRequest<OperationSummary>('/api/operations/squad-missions', { token, body: { squadId, operation } });
  pushToast('success', `Squad mission “${op.name}” launched.`);
  await refreshOperations(token);
  return op;
}

let room: Room | null = null;
let keySeq = 0;

/** Open one operation's room (leaving the previous one) and join as a participant. */
export async function openOperation(token: string, operationId: string): Promise<void> {
  if (room) await room.leave().catch(() => undefined);
  const client = new Client(location.origin);
  client.auth.token = token;
  let r: Room;
  try {
    r = await client.joinOrCreate('operation', { operationId });
  } catch (err) {
    toastError(err);
    return;
  }
  room = r;
  r.onStateChange((state) => {
    const current = operationFromState(state as Wire);
    // The live list shows the joined operation's progress as the room pushes it, not on its next poll.
    const list = operationsStore.getState().list.map((op) => (op.id === current.id
      ? { ...op, progress: current.progress, participants: current.participants, phase: current.phase }
      : op));
    operationsStore.setState({ current, list });
  });
  r.onMessage('error', (e: ErrorPayload) => {
    operationsStore.setState({ lastError: e });
    toastError(e);
  });
  r.onMessage('contributed', (m: { accepted: number }) => {
    pushToast('success', `Contribution accepted: ${m.accepted.toLocaleString()}.`);
    requestProfileRefresh({ quiet: true });
  });
  r.onMessage('handler', (m: { handler: string; body: string }) => pushToast('info', m.body, undefined, m.handler));
  r.onMessage('joined', () => undefined);
  r.onLeave(() => {
    if (room === r) room = null;
  });
  operationsStore.setState({ briefingOpen: true });
  r.send('join', {});
}

/** Leaves the joined operation's room. */
export async function closeOperation(): Promise<void> {
  const r = room;
  room = null;
  operationsStore.setState({ current: null, briefingOpen: false });
  await r?.leave().catch(() => undefined);
}

export function contribute(resource: string, amount: number): void {
  if (!room) {
    toastError({ code: 'NOT_CONNECTED', message: '' });
    return;
  }
  room.send('contribute', { resource, amount, key: `c-${Date.now().toString(36)}-${(keySeq++).toString(36)}` });
}

export function closeBriefing(): void {
  operationsStore.setState({ briefingOpen: false });
}
