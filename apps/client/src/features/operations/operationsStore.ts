/**
 * Operations as this client knows them: the live list (HTTP) and the joined operation's room
 * state mirrored into plain rows. Framework-free: a zustand vanilla store and functions.
 * Hidden objectives arrive as `[CLASSIFIED]` with no content; the client never sees more.
 */
import { Client, type Room } from '@colyseus/sdk';
import { createStore } from 'zustand/vanilla';
import type { ErrorPayload, OperationSummary } from '@datavism/shared-schema';
import { apiRequest } from '../../net/api';
import { pushToast } from '../../state/worldStore';

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
  list: readonly OperationSummary[];
  current: LiveOperation | null;
  /** Territory ids targeted by live operations (beacons on the map). */
  beacons: ReadonlySet<string>;
  briefingOpen: boolean;
  lastError: string | null;
}

export const operationsStore = createStore<OperationsState>()(() => ({
  list: [], current: null, beacons: new Set(), briefingOpen: false, lastError: null,
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

/** Reload the live list (and the beacons). */
export async function refreshOperations(token: string): Promise<void> {
  try {
    const list = await apiRequest<OperationSummary[]>('/api/operations', { token });
    const beacons = new Set<string>();
    for (const op of list) if (op.phase === 'active' || op.phase === 'briefing') op.targetTerritories.forEach((t) => beacons.add(t));
    operationsStore.setState({ list, beacons, lastError: null });
  } catch (err) {
    operationsStore.setState({ lastError: String((err as Error).message) });
  }
}

let room: Room | null = null;
let keySeq = 0;

/** Open one operation's room (leaving the previous one) and join as a participant. */
export async function openOperation(token: string, operationId: string): Promise<void> {
  if (room) await room.leave().catch(() => undefined);
  const client = new Client(location.origin);
  client.auth.token = token;
  const r = await client.joinOrCreate('operation', { operationId });
  room = r;
  r.onStateChange((state) => operationsStore.setState({ current: operationFromState(state as Wire) }));
  r.onMessage('error', (e: ErrorPayload) => {
    operationsStore.setState({ lastError: `${e.code}: ${e.message}` });
    pushToast('error', e.message, e.code);
  });
  r.onMessage('contributed', (m: { accepted: number }) => pushToast('info', `Contribution accepted: ${m.accepted}`));
  r.onMessage('handler', (m: { handler: string; body: string }) => pushToast('info', `${m.handler}: ${m.body}`));
  r.onMessage('joined', () => undefined);
  r.onLeave(() => {
    if (room === r) room = null;
  });
  operationsStore.setState({ briefingOpen: true });
  r.send('join', {});
}

export function contribute(resource: string, amount: number): void {
  room?.send('contribute', { resource, amount, key: `c-${Date.now().toString(36)}-${(keySeq++).toString(36)}` });
}

export function closeBriefing(): void {
  operationsStore.setState({ briefingOpen: false });
}
