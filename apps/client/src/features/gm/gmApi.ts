/**
 * The GM console's access to the server (framework-free): typed calls to the gm, mod and admin
 * routes with the session's token. Every role check is the server's; the console only hides what
 * a role cannot use.
 */
import type { FlagDto, GmTerritoryDto, HealthDayDto, OperationSummary } from '@datavism/shared-schema';
import { apiRequest, type RequestOptions } from '../../net/api';
import { sessionStore } from '../../state/sessionStore';

export type Role = 'player' | 'moderator' | 'gm' | 'admin';
const LEVEL: Record<Role, number> = { player: 0, moderator: 1, gm: 2, admin: 3 };

/** True if `role` includes `min` (an admin may do what a gm may, a gm what a moderator may). */
export function atLeast(role: string | undefined, min: Role): boolean {
  return LEVEL[(role ?? 'player') as Role] >= LEVEL[min];
}

/** A call with the session's token. */
export function gmCall<T>(path: string, method: RequestOptions['method'] = 'GET', body?: unknown): Promise<T> {
  return apiRequest<T>(path, { method, body, token: sessionStore.getState().token });
}

/** A query string from the defined values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export interface PlayerHit { id: string; name: string; role: string }
export interface SquadHit { id: string; name: string }
export interface FlagsPage { flags: FlagDto[]; counts: Record<'open' | 'dismissed' | 'actioned', number> }
export interface HealthPage { days: HealthDayDto[]; weights: Record<string, number>; thresholds: Record<string, number> }
export interface AuditEntryDto {
  id: number; at: string; actorId: string | null; actorRole: string; action: string; targetPlayerId: string | null; target: string | null;
  details: Record<string, unknown>; actorName: string | null; targetPlayerName: string | null;
}
export interface RewardDto {
  transferId: string; resource: string; amount: string; reason: string; createdAt: string; fromKind: string; fromOwner: string; reversedBy: string | null;
}
export interface ParameterDto {
  name: string; default: number; min: number; max: number; proposalKind: string; unit: string; description: string; value: number;
}
export interface ParameterChangeDto {
  id: number; name: string; oldValue: number; newValue: number; changedBy: string; reason: string; proposalId: string | null; changedAt: string;
}
export interface JobRunDto {
  id: number; name: string; scheduledFor: string; startedAt: string; finishedAt: string | null; rows: number | null; status: string;
  error: string | null; process: string | null; attempts: number;
}
export interface CalendarDay {
  day: string; weekday: string; event: string | null;
  launches: Array<{ templateKey: string; xpMultiplier?: number; targetsOccupied?: number }>;
}
export interface PayoutSummary {
  outcome: 'success' | 'failure'; resource: string | null; pool: string; paid: string; xpPool: number; xpPaid: number; recipients: number;
  payToSquads: boolean; lines: Array<{ playerId: string; name: string; squadId: string | null; points: number; amount: string; xp: number }>;
}
export interface ElectionDto {
  id: string; council: string; seats: number; phase: 'nomination' | 'campaign' | 'voting' | 'counted';
  openedAt: string; nominationEndsAt: string; campaignEndsAt: string; votingEndsAt: string; countedAt: string | null;
}
export interface HandlerThreadDto {
  playerId: string; playerName: string; status: 'open' | 'closed'; awaitingHandler: boolean; updatedAt: string; channel: string;
}
export interface ChatLine { id: number; authorId: string | null; authorName: string; body: string; createdAt: string; removed: string | null }

export const api = {
  players: (q: string) => gmCall<{ players: PlayerHit[] }>(`/api/gm/players${query({ q })}`),
  squads: (q: string) => gmCall<{ squads: SquadHit[] }>(`/api/gm/squads${query({ q })}`),
  territories: () => gmCall<{ territories: GmTerritoryDto[] }>('/api/gm/territories'),
  operations: () => gmCall<OperationSummary[]>('/api/gm/operations'),
  payouts: (id: string) => gmCall<PayoutSummary & { name: string }>(`/api/gm/operations/${id}/payouts`),
  flags: (f: { status?: string; kind?: string }) => gmCall<FlagsPage>(`/api/gm/flags${query({ ...f, limit: 200 })}`),
  health: () => gmCall<HealthPage>('/api/gm/health'),
};
