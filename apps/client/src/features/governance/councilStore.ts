/**
 * The council chamber as this client knows it: proposals with live weighted tallies and the
 * quorum denominator (room state), my weight and votes (`me`), the parameter registry and
 * elections (HTTP). Framework-free: a zustand vanilla store and plain functions.
 */
import { Client, type Room } from '@colyseus/sdk';
import { createStore } from 'zustand/vanilla';
import type { CouncilMe, ErrorPayload } from '@datavism/shared-schema';
import { apiRequest } from '../../net/api';
import { requestProfileRefresh } from '../../net/profileSync';
import { pushToast, toastError } from '../../state/worldStore';

export interface ProposalRow {
  id: string; kind: string; title: string; description: string; authorName: string;
  parameterName: string; parameterValue: number; status: string; createdAt: number; closesAt: number;
  yesWeight: number; noWeight: number; voters: number; quorumBps: number; thresholdBps: number;
}
export interface ElectionRow {
  id: string; council: string; seats: number; phase: string;
  nominationEndsAt: number; campaignEndsAt: number; votingEndsAt: number; candidates: number;
}
export interface ParameterRow {
  name: string; value: number; default: number; min: number; max: number; proposalKind: string; unit: string; description: string;
}
export interface CandidateRow { playerId: string; name: string; number: number; statement: string; withdrawn?: boolean }
export interface ElectionDetail { id: string; council: string; seats: number; phase: string; candidates: CandidateRow[] }
export interface StageRow {
  number: number;
  action: { kind: string; candidate?: string };
  votes: Record<string, string>;
  transfers: Record<string, string>;
  nonTransferable: string;
  elected: string[];
  excluded: string[];
}
export interface ElectionResult { quota: string; elected: string[]; seed: string | number; stages: StageRow[]; valid: number }

export interface CouncilStoreState {
  proposals: ProposalRow[];
  elections: ElectionRow[];
  eligibleWeight: number;
  me: CouncilMe | null;
  parameters: ParameterRow[];
  election: ElectionDetail | null;
  myBallot: string[];
  result: ElectionResult | null;
  status: 'idle' | 'connecting' | 'connected' | 'error';
  lastError: unknown;
}

export const councilStore = createStore<CouncilStoreState>()(() => ({
  proposals: [], elections: [], eligibleWeight: 0, me: null, parameters: [], election: null, myBallot: [], result: null,
  status: 'idle', lastError: null,
}));

type Wire = Record<string, any>;
function rows<T>(map: { forEach?(cb: (v: any) => void): void } | undefined, f: (v: Wire) => T): T[] {
  const out: T[] = [];
  map?.forEach?.((v) => out.push(f(v)));
  return out;
}

/** Copy the decoded council state into plain rows (open proposals first, soonest deadline first). */
export function councilFromState(s: Wire): Pick<CouncilStoreState, 'proposals' | 'elections' | 'eligibleWeight'> {
  const proposals = rows(s.proposals, (p) => ({
    id: String(p.id), kind: String(p.kind), title: String(p.title), description: String(p.description),
    authorName: String(p.authorName), parameterName: String(p.parameterName), parameterValue: Number(p.parameterValue),
    status: String(p.status), createdAt: Number(p.createdAt), closesAt: Number(p.closesAt), yesWeight: Number(p.yesWeight),
    noWeight: Number(p.noWeight), voters: Number(p.voters), quorumBps: Number(p.quorumBps), thresholdBps: Number(p.thresholdBps),
  })).sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open') || a.closesAt - b.closesAt);
  const elections = rows(s.elections, (e) => ({
    id: String(e.id), council: String(e.council), seats: Number(e.seats), phase: String(e.phase),
    nominationEndsAt: Number(e.nominationEndsAt), campaignEndsAt: Number(e.campaignEndsAt),
    votingEndsAt: Number(e.votingEndsAt), candidates: Number(e.candidates),
  }));
  return { proposals, elections, eligibleWeight: Number(s.eligibleWeight ?? 0) };
}

/** Quorum bar: cast weight as a share of eligible weight, and the quorum share to reach. */
export function quorumProgress(p: ProposalRow, eligibleWeight: number): { cast: number; quorum: number; reached: boolean } {
  const cast = eligibleWeight > 0 ? (p.yesWeight + p.noWeight) / eligibleWeight : 0;
  const quorum = p.quorumBps / 10000;
  return { cast, quorum, reached: cast >= quorum && p.yesWeight + p.noWeight > 0 };
}

let room: Room | null = null;
let requestSeq = 0;

/** Join the council room (once) and mirror it into the store. */
export async function openCouncil(token: string): Promise<void> {
  if (room) return;
  councilStore.setState({ status: 'connecting' });
  const client = new Client(location.origin);
  client.auth.token = token;
  let r: Room;
  try {
    r = await client.joinOrCreate('council');
  } catch (err) {
    councilStore.setState({ status: 'error', lastError: err });
    return;
  }
  room = r;
  councilStore.setState({ status: 'connected' });
  r.onStateChange((state) => councilStore.setState(councilFromState(state as Wire)));
  r.onMessage('me', (me: CouncilMe) => councilStore.setState({ me }));
  r.onMessage('voted', (m: { proposalId: string; support: boolean; weight: number }) => {
    const me = councilStore.getState().me;
    if (me) councilStore.setState({ me: { ...me, weight: m.weight, votes: { ...me.votes, [m.proposalId]: m.support } } });
  });
  r.onMessage('proposed', () => {
    pushToast('success', 'Proposal submitted: the vote is open.');
    // The deposit left my influence points.
    requestProfileRefresh({ quiet: true });
  });
  r.onMessage('error', (e: ErrorPayload) => {
    councilStore.setState({ lastError: e });
    toastError(e);
  });
  r.onLeave(() => {
    if (room === r) room = null;
    councilStore.setState({ status: 'idle' });
  });
}

export async function closeCouncil(): Promise<void> {
  const r = room;
  room = null;
  await r?.leave().catch(() => undefined);
}

export function vote(proposalId: string, support: boolean): void {
  if (!room) toastError({ code: 'NOT_CONNECTED', message: '' });
  else room.send('vote', { proposalId, support });
}

export interface ProposalDraft {
  kind: string; title: string; description: string; parameterName?: string; parameterValue?: number;
}

export function propose(d: ProposalDraft): void {
  if (!room) {
    toastError({ code: 'NOT_CONNECTED', message: '' });
    return;
  }
  room.send('propose', { ...d, requestKey: `p-${Date.now().toString(36)}-${(requestSeq++).toString(36)}` });
}

export async function refreshParameters(): Promise<void> {
  try {
    councilStore.setState({ parameters: await apiRequest<ParameterRow[]>('/api/parameters') });
  } catch (err) {
    councilStore.setState({ lastError: err });
  }
}

/** Load one election's candidates, my ballot and (once counted) its published result. */
export async function openElection(token: string, id: string): Promise<void> {
  try {
    const election = await apiRequest<ElectionDetail>(`/api/elections/${id}`, { token });
    const mine = await apiRequest<{ ranking: string[] | null }>(`/api/elections/${id}/ballot`, { token });
    const result = election.phase === 'counted' ? await apiRequest<ElectionResult>(`/api/elections/${id}/result`) : null;
    councilStore.setState({ election, myBallot: mine.ranking ?? [], result, lastError: null });
  } catch (err) {
    councilStore.setState({ lastError: err });
    toastError(err);
  }
}

async function act(fn: () => Promise<unknown>, ok: string): Promise<boolean> {
  try {
    await fn();
    pushToast('success', ok);
    return true;
  } catch (err) {
    councilStore.setState({ lastError: err });
    toastError(err);
    return false;
  }
}

export function standInElection(token: string, id: string, statement: string): Promise<boolean> {
  return act(async () => {
    await apiRequest(`/api/elections/${id}/candidates`, { method: 'POST', body: { statement }, token });
    await openElection(token, id);
    requestProfileRefresh({ quiet: true }); // the truth-token deposit
  }, 'You stand in this election. Your truth token deposit comes back at the count.');
}

export function withdrawFromElection(token: string, id: string): Promise<boolean> {
  return act(async () => {
    await apiRequest(`/api/elections/${id}/candidates/me`, { method: 'DELETE', token });
    await openElection(token, id);
    requestProfileRefresh({ quiet: true });
  }, 'You have withdrawn from this election');
}

export function castBallot(token: string, id: string, ranking: string[]): Promise<boolean> {
  return act(async () => {
    await apiRequest(`/api/elections/${id}/ballot`, { method: 'PUT', body: { ranking }, token });
    councilStore.setState({ myBallot: ranking });
  }, 'Ballot saved (you can change it until the vote closes)');
}

/** Moves the item at `from` to position `to` (drag and drop reordering). */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const out = [...list];
  const [item] = out.splice(from, 1);
  out.splice(Math.max(0, Math.min(out.length, to)), 0, item);
  return out;
}

/** Votes per candidate per stage as numbers, for the stage chart. */
export function stageSeries(result: ElectionResult): { candidates: string[]; stages: number[][] } {
  const candidates = Object.keys(result.stages[0]?.votes ?? {});
  return { candidates, stages: result.stages.map((s) => candidates.map((c) => Number(s.votes[c] ?? 0))) };
}
