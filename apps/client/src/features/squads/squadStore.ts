/**
 * The player's squad as this client knows it: membership (HTTP, loaded at game start so the map
 * can show "my squad"), the live `squad` room (members, treasury, decisions with votes,
 * applications, chat), finder results, older chat pages, and the applications this player sent
 * (pending until a membership appears: then "accepted"). Framework-free: a zustand vanilla
 * store and plain functions.
 */
import { Client, type Room } from '@colyseus/sdk';
import { createStore } from 'zustand/vanilla';
import type { ErrorPayload, SquadChatLineDto, SquadSummaryDto } from '@datavism/shared-schema';
import { apiRequest } from '../../net/api';
import { onMapNotice } from '../../net/connection';
import { requestProfileRefresh } from '../../net/profileSync';
import { formatResource } from '../../state/profileView';
import { pushToast, toastError } from '../../state/worldStore';

export interface MemberView { id: string; name: string; role: string; online: boolean; joinedAt: number; contributionScore: number }
export interface DecisionView {
  id: string; kind: string; proposerId: string; payload: Record<string, unknown>; status: string;
  createdAt: number; closesAt: number; yes: number; no: number; votes: Record<string, 'yes' | 'no'>; result: string;
}
export interface ApplicationView { id: string; playerId: string; name: string; message: string }
export interface ChatLine { id: number; playerId: string; name: string; body: string; createdAt: number; removed?: boolean }

export interface SquadView {
  id: string; name: string; type: string; motto: string; recruitment: string; minInfluence: number; minRank: string;
  level: number; levelName: string; points: number; maxMembers: number; active: boolean; perks: string[]; leaderId: string;
  members: MemberView[]; treasury: Record<string, string>; decisions: DecisionView[]; applications: ApplicationView[];
}

/** An application this player sent, remembered on this device until it is answered. */
export interface SentApplication { squadId: string; squadName: string; at: number }

export interface SquadStoreState {
  status: 'idle' | 'loading' | 'squadless' | 'connecting' | 'connected' | 'error';
  /** My membership, from `GET /api/squads/mine` (null: squadless; undefined: not loaded yet). */
  membership: { squadId: string; role: string } | null | undefined;
  me: string;
  squad: SquadView | null;
  /** Live lines from the room plus older pages loaded over HTTP, oldest first. */
  chat: ChatLine[];
  olderExhausted: boolean;
  recruiting: SquadSummaryDto[];
  matches: SquadSummaryDto[] | null;
  applications: SentApplication[];
  lastError: unknown;
  busy: boolean;
}

export const squadStore = createStore<SquadStoreState>()(() => ({
  status: 'idle', membership: undefined, me: '', squad: null, chat: [], olderExhausted: false, recruiting: [], matches: null,
  applications: [], lastError: null, busy: false,
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

// --- sent applications (this device) ----------------------------------------------------------

/** Applications older than this are forgotten (the squad never answered). */
const APPLICATION_MEMORY_MS = 7 * 24 * 3600_000;
let playerKey = '';

function storageKey(): string { return `datavism.applications.${playerKey}`; }

function loadApplications(): SentApplication[] {
  try {
    const raw = JSON.parse(localStorage.getItem(storageKey()) ?? '[]') as SentApplication[];
    const now = Date.now();
    return Array.isArray(raw) ? raw.filter((a) => typeof a?.squadId === 'string' && now - a.at < APPLICATION_MEMORY_MS) : [];
  } catch {
    return [];
  }
}

function saveApplications(list: SentApplication[]): void {
  squadStore.setState({ applications: list });
  try { localStorage.setItem(storageKey(), JSON.stringify(list)); } catch { /* storage off: memory only */ }
}

// --- membership -----------------------------------------------------------------------------

let room: Room | null = null;
let token = '';
let pollTimer: ReturnType<typeof setInterval> | null = null;
/**
 * While an application is pending, membership is re-read this often (acceptance has no push of
 * its own; the first squad of a player also arrives as the tutorial's "squad" notice, read at once).
 */
const PENDING_POLL_MS = 4_000;

function fail(err: unknown): void {
  squadStore.setState({ lastError: err });
  toastError(err);
}

/**
 * Starts tracking this player's squad for the session: membership now, and while applications
 * are pending a slow re-read that turns "pending" into "accepted". Returns a stop function.
 */
export function startSquadTracking(sessionToken: string, playerId: string): () => void {
  token = sessionToken;
  playerKey = playerId;
  squadStore.setState({ applications: loadApplications() });
  void loadMembership();
  pollTimer = setInterval(() => {
    if (squadStore.getState().applications.length > 0 && !squadStore.getState().membership) void loadMembership();
  }, PENDING_POLL_MS);
  const offNotice = onMapNotice((n) => {
    const notice = n as { kind?: unknown; step?: unknown } | null;
    if (notice?.kind === 'tutorial' && notice.step === 'squad' && !squadStore.getState().membership) void loadMembership();
  });
  return () => {
    offNotice();
    if (pollTimer) clearInterval(pollTimer);
    pollTimer = null;
    void leaveRoom();
    squadStore.setState({ membership: undefined, status: 'idle', squad: null, chat: [] });
  };
}

/** Re-reads my membership; an accepted application is announced and forgotten. */
export async function loadMembership(): Promise<void> {
  try {
    const { membership } = await apiRequest<{ membership: { squadId: string; role: string } | null }>('/api/squads/mine', { token });
    const before = squadStore.getState().membership;
    squadStore.setState({ membership });
    if (membership && !before) {
      const sent = squadStore.getState().applications;
      const accepted = sent.find((a) => a.squadId === membership.squadId);
      if (accepted) pushToast('success', `${accepted.squadName} accepted your application. Welcome to the squad!`);
      if (sent.length) saveApplications([]);
      if (squadStore.getState().status !== 'idle') void loadSquad(token);
    }
  } catch {
    // the map works without it; the squad panel reports errors when opened
  }
}

/** Loads the player's membership and joins their squad room, or lists recruiting squads. */
export async function loadSquad(sessionToken: string): Promise<void> {
  token = sessionToken;
  if (room) return;
  squadStore.setState({ status: 'loading', lastError: null });
  try {
    const { membership } = await apiRequest<{ membership: { squadId: string; role: string } | null }>('/api/squads/mine', { token });
    squadStore.setState({ membership });
    if (!membership) {
      squadStore.setState({ status: 'squadless', squad: null, chat: [] });
      await refreshRecruiting();
      return;
    }
    await connectSquad(membership.squadId);
  } catch (err) {
    squadStore.setState({ status: 'error', lastError: err });
  }
}

async function leaveRoom(): Promise<void> {
  const r = room;
  room = null;
  if (r) await r.leave().catch(() => undefined);
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
      live.push({
        id: Number(c.id), playerId: String(c.playerId), name: String(c.name), body: String(c.body),
        createdAt: Number(c.createdAt), removed: Boolean(c.removed),
      });
    }
    const prev = squadStore.getState().squad;
    const squad = squadFromState(decoded);
    // A decision that just passed may have paid me (spend, distribute_profits).
    if (prev && squad.decisions.some((d) => d.status === 'passed' && prev.decisions.find((p) => p.id === d.id)?.status === 'open')) {
      requestProfileRefresh();
    }
    squadStore.setState({ squad, chat: mergeChat(squadStore.getState().chat, live) });
  });
  r.onMessage('me', (m: { playerId: string }) => squadStore.setState({ me: m.playerId }));
  r.onMessage('error', (e: ErrorPayload) => fail(e));
  r.onMessage('contributed', (m: { amount: string; resource: string; guardianAwarded: boolean }) => {
    pushToast('success', `You contributed ${formatResource(m.amount, m.resource)} to the treasury.`);
    if (m.guardianAwarded) pushToast('reward', 'You earned the Treasury Guardian title.', undefined, 'New title');
    requestProfileRefresh({ quiet: true });
  });
  r.onMessage('proposed', () => pushToast('success', 'Decision proposed: your squad can vote now.'));
  r.onMessage('withdrawn', (m: { amount: string; resource: string }) => {
    pushToast('success', `You withdrew ${formatResource(m.amount, m.resource)} from the treasury.`);
    requestProfileRefresh({ quiet: true });
  });
  for (const quiet of ['voted']) r.onMessage(quiet, () => {});
  r.onLeave((code) => {
    if (room === r) room = null;
    squadStore.setState({ status: 'idle', squad: null, chat: [] });
    // Left, kicked or disbanded: show the squadless view again.
    if (code === 4001) {
      squadStore.setState({ membership: null });
      void loadSquad(token);
    }
  });
  squadStore.setState({ status: 'connected', lastError: null });
}

/** Sends a squad room message (the server answers errors with an `error` message). */
export function sendSquad(type: string, payload: Record<string, unknown>): void {
  if (!room) {
    toastError({ code: 'NOT_CONNECTED', message: '' });
    return;
  }
  room.send(type, payload);
}

export async function refreshRecruiting(): Promise<void> {
  try {
    const { squads } = await apiRequest<{ squads: SquadSummaryDto[] }>('/api/squads', { token });
    squadStore.setState({ recruiting: squads });
  } catch (err) {
    squadStore.setState({ lastError: err });
  }
}

async function busy<T>(fn: () => Promise<T>): Promise<T | null> {
  squadStore.setState({ busy: true, lastError: null });
  try {
    return await fn();
  } catch (err) {
    fail(err);
    return null;
  } finally {
    squadStore.setState({ busy: false });
  }
}

export async function createSquad(body: Record<string, unknown>): Promise<boolean> {
  const ok = await busy(async () => {
    await apiRequest('/api/squads', { token, body });
    pushToast('success', `Squad ${String(body.name)} founded. Recruit members to make it active.`);
    await loadSquad(token);
    return true;
  });
  return ok === true;
}

export async function findSquads(prefs: Record<string, unknown>): Promise<void> {
  await busy(async () => {
    const { squads } = await apiRequest<{ squads: SquadSummaryDto[] }>('/api/squads/find', { token, body: prefs });
    squadStore.setState({ matches: squads });
  });
}

export async function joinOrApply(s: SquadSummaryDto, message = ''): Promise<void> {
  await busy(async () => {
    if (s.recruitment === 'application') {
      await apiRequest(`/api/squads/${s.id}/apply`, { token, body: { message } });
      const sent = squadStore.getState().applications.filter((a) => a.squadId !== s.id);
      saveApplications([...sent, { squadId: s.id, squadName: s.name, at: Date.now() }]);
      pushToast('success', `Application sent to ${s.name}. You will be told when an officer accepts it.`);
    } else {
      await apiRequest(`/api/squads/${s.id}/join`, { token, body: {} });
      pushToast('success', `You joined ${s.name}.`);
      await loadSquad(token);
    }
  });
}

/** Leaves the squad (over HTTP: works even when the room is away). */
export async function leaveSquad(): Promise<void> {
  await busy(async () => {
    await apiRequest('/api/squads/leave', { token, body: {} });
    await leaveRoom();
    squadStore.setState({ membership: null, squad: null, chat: [], status: 'idle' });
    pushToast('info', 'You left the squad.');
    await loadSquad(token);
  });
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
