/**
 * The player's squad as this client knows it: membership (HTTP), the live `squad` room
 * (members, treasury, decisions with votes, applications, chat), finder results and older
 * chat pages. Framework-free: a zustand vanilla store and plain functions.
 */
import { Client, type Room } from '@colyseus/sdk';
import { createStore } from 'zustand/vanilla';
import type { ErrorPayload, SquadChatLineDto, SquadSummaryDto } from '@datavism/shared-schema';
import { apiRequest } from '../../net/api';
import { pushToast } from '../../state/worldStore';

export interface MemberView { id: string; name: string; role: string; online: boolean; joinedAt: number; contributionScore: number }
export interface DecisionView {
  id: string; kind: string; proposerId: string; payload: Record<string, unknown>; status: string;
  createdAt: number; closesAt: number; yes: number; no: number; votes: Record<string, 'yes' | 'no'>; result: string;
}
export interface ApplicationView { id: string; playerId: string; name: string; message: string }
export interface ChatLine { id: number; playerId: string; name: string; body: string; createdAt: number }

export interface SquadView {
  id: string; name: string; type: string; motto: string; recruitment: string; minInfluence: number; minRank: string;
  level: number; levelName: string; points: number; maxMembers: number; active: boolean; perks: string[]; leaderId: string;
  members: MemberView[]; treasury: Record<string, string>; decisions: DecisionView[]; applications: ApplicationView[];
}

export interface SquadStoreState {
  status: 'idle' | 'loading' | 'squadless' | 'connecting' | 'connected' | 'error';
  me: string;
  squad: SquadView | null;
  /** Live lines from the room plus older pages loaded over HTTP, oldest first. */
  chat: ChatLine[];
  olderExhausted: boolean;
  recruiting: SquadSummaryDto[];
  matches: SquadSummaryDto[];
  lastError: string | null;
}

export const squadStore = createStore<SquadStoreState>()(() => ({
  status: 'idle', me: '', squad: null, chat: [], olderExhausted: false, recruiting: [], matches: [], lastError: null,
}));

type Decoded = Record<string, unknown> & {
  members?: { forEach(cb: (v: Record<string, unknown>, k: string) => void): void };
  treasury?: { forEach(cb: (v: string, k: string) => void): void };
  decisions?: { forEach(cb: (v: Record<string, unknown> & { votes?: { forEach(cb: (v: string, k: string) => void): void } }) => void): void };
  applications?: { forEach(cb: (v: Record<string, unknown>) => void): void };
  perks?: Iterable<string>;
  chat?: Iterable<Record<string, unknown>>;
};

function parsePayload(json: unknown): Record<string, unknown> {
  try {
    const v = JSON.parse(String(json ?? '{}'));
    return typeof v === 'object' && v ? v : {};
  } catch {
    return {};
  }
}

/** Copies the decoded squad room state into plain objects. */
export function squadFromState(s: Decoded): SquadView {
  const members: MemberView[] = [];
  s.members?.forEach((m) => members.push({
    id: String(m.id), name: String(m.name), role: String(m.role), online: Boolean(m.online),
    joinedAt: Number(m.joinedAt), contributionScore: Number(m.contributionScore),
  }));
  const order: Record<string, number> = { leader: 0, officer: 1, member: 2 };
  members.sort((a, b) => (order[a.role] ?? 3) - (order[b.role] ?? 3) || a.joinedAt - b.joinedAt);
  const treasury: Record<string, string> = {};
  s.treasury?.forEach((v, k) => { treasury[k] = v; });
  const decisions: DecisionView[] = [];
  s.decisions?.forEach((d) => {
    const votes: Record<string, 'yes' | 'no'> = {};
    d.votes?.forEach((v, k) => { votes[k] = v === 'yes' ? 'yes' : 'no'; });
    decisions.push({
      id: String(d.id), kind: String(d.kind), proposerId: String(d.proposerId), payload: parsePayload(d.payload),
      status: String(d.status), createdAt: Number(d.createdAt), closesAt: Number(d.closesAt), yes: Number(d.yes),
      no: Number(d.no), votes, result: String(d.result ?? ''),
    });
  });
  decisions.sort((a, b) => (a.status === 'open' ? 0 : 1) - (b.status === 'open' ? 0 : 1) || b.createdAt - a.createdAt);
  const applications: ApplicationView[] = [];
  s.applications?.forEach((a) => applications.push({
    id: String(a.id), playerId: String(a.playerId), name: String(a.name), message: String(a.message),
  }));
  return {
    id: String(s.id ?? ''), name: String(s.name ?? ''), type: String(s.type ?? ''), motto: String(s.motto ?? ''),
    recruitment: String(s.recruitment ?? ''), minInfluence: Number(s.minInfluence ?? 0), minRank: String(s.minRank ?? ''),
    level: Number(s.level ?? 1), levelName: String(s.levelName ?? ''), points: Number(s.points ?? 0),
    maxMembers: Number(s.maxMembers ?? 0), active: Boolean(s.active), perks: [...(s.perks ?? [])], leaderId: String(s.leaderId ?? ''),
    members, treasury, decisions, applications,
  };
}

/** Merges live chat lines into what the client already holds (ids are increasing). */
export function mergeChat(held: readonly ChatLine[], incoming: readonly ChatLine[]): ChatLine[] {
  const byId = new Map<number, ChatLine>();
  for (const l of held) byId.set(l.id, l);
  for (const l of incoming) byId.set(l.id, l);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

let room: Room | null = null;
let token = '';

function fail(err: unknown): void {
  const e = err as { code?: string; message?: string };
  squadStore.setState({ lastError: e?.message ?? String(err) });
  pushToast('error', e?.message ?? String(err), e?.code);
}

/** Loads the player's membership and joins their squad room, or lists recruiting squads. */
export async function loadSquad(sessionToken: string): Promise<void> {
  token = sessionToken;
  if (room) return;
  squadStore.setState({ status: 'loading' });
  try {
    const { membership } = await apiRequest<{ membership: { squadId: string; role: string } | null }>('/api/squads/mine', { token });
    if (!membership) {
      squadStore.setState({ status: 'squadless', squad: null, chat: [] });
      await refreshRecruiting();
      return;
    }
    await connectSquad(membership.squadId);
  } catch (err) {
    squadStore.setState({ status: 'error' });
    fail(err);
  }
}

async function connectSquad(squadId: string): Promise<void> {
  squadStore.setState({ status: 'connecting', olderExhausted: false });
  const client = new Client(location.origin);
  client.auth.token = token;
  const r = await client.joinOrCreate('squad', { squadId });
  room = r;
  r.onStateChange((state) => {
    const decoded = state as unknown as Decoded;
    const live: ChatLine[] = [];
    for (const c of decoded.chat ?? []) {
      live.push({ id: Number(c.id), playerId: String(c.playerId), name: String(c.name), body: String(c.body), createdAt: Number(c.createdAt) });
    }
    squadStore.setState({ squad: squadFromState(decoded), chat: mergeChat(squadStore.getState().chat, live) });
  });
  r.onMessage('me', (m: { playerId: string }) => squadStore.setState({ me: m.playerId }));
  r.onMessage('error', (e: ErrorPayload) => fail(e));
  r.onMessage('contributed', (m: { amount: string; resource: string; guardianAwarded: boolean }) => {
    pushToast('info', `Contributed ${m.amount} ${m.resource}`);
    if (m.guardianAwarded) pushToast('info', 'You earned the Treasury_Guardian title');
  });
  r.onMessage('proposed', () => pushToast('info', 'Decision proposed'));
  r.onMessage('withdrawn', (m: { amount: string; resource: string }) => pushToast('info', `Withdrew ${m.amount} ${m.resource}`));
  for (const quiet of ['voted']) r.onMessage(quiet, () => {});
  r.onLeave((code) => {
    room = null;
    squadStore.setState({ status: 'idle', squad: null, chat: [] });
    // Left, kicked or disbanded: show the squadless view again.
    if (code === 4001) void loadSquad(token);
  });
  squadStore.setState({ status: 'connected', lastError: null });
}

/** Sends a squad room message (the server answers errors with an `error` message). */
export function sendSquad(type: string, payload: Record<string, unknown>): void {
  room?.send(type, payload);
}

export async function refreshRecruiting(): Promise<void> {
  const { squads } = await apiRequest<{ squads: SquadSummaryDto[] }>('/api/squads', { token });
  squadStore.setState({ recruiting: squads });
}

export async function createSquad(body: Record<string, unknown>): Promise<void> {
  try {
    await apiRequest('/api/squads', { token, body });
    await loadSquad(token);
  } catch (err) {
    fail(err);
  }
}

export async function findSquads(prefs: Record<string, unknown>): Promise<void> {
  try {
    const { squads } = await apiRequest<{ squads: SquadSummaryDto[] }>('/api/squads/find', { token, body: prefs });
    squadStore.setState({ matches: squads });
    if (squads.length === 0) pushToast('info', 'No squad matches you well enough yet (score ≥ 0.7)');
  } catch (err) {
    fail(err);
  }
}

export async function joinOrApply(s: SquadSummaryDto, message = ''): Promise<void> {
  try {
    if (s.recruitment === 'application') {
      await apiRequest(`/api/squads/${s.id}/apply`, { token, body: { message } });
      pushToast('info', `Applied to ${s.name}`);
    } else {
      await apiRequest(`/api/squads/${s.id}/join`, { token, body: {} });
      await loadSquad(token);
    }
  } catch (err) {
    fail(err);
  }
}

/** Loads the page of chat older than what the client holds. */
export async function loadOlderChat(): Promise<void> {
  const { squad, chat } = squadStore.getState();
  if (!squad) return;
  const before = chat[0]?.id;
  const q = before !== undefined ? `?limit=50&before=${before}` : '?limit=50';
  try {
    const page = await apiRequest<{ messages: SquadChatLineDto[]; nextBefore: number | null }>(`/api/squads/${squad.id}/chat${q}`, { token });
    const older = page.messages.map((m) => ({ ...m, createdAt: Date.parse(m.createdAt) }));
    squadStore.setState({ chat: mergeChat(older, squadStore.getState().chat), olderExhausted: page.nextBefore === null });
  } catch (err) {
    fail(err);
  }
}
