/**
 * The intel board and the challenge view as this client knows them (GAME §6.3, §6.4).
 * Framework-free: a zustand vanilla store and plain functions over the HTTP API.
 */
import { createStore } from 'zustand/vanilla';
import type {
  ChallengeDto, IntelActionResponse, IntelClaimDto, SolveChallengeResponse,
} from '@datavism/shared-schema';
import { apiRequest, isApiError } from '../../net/api';
import { pushToast } from '../../state/worldStore';

export interface IntelState {
  categories: readonly string[];
  category: string;
  pending: readonly IntelClaimDto[];
  verified: readonly IntelClaimDto[];
  today: ChallengeDto | null;
  open: readonly ChallengeDto[];
  lastError: string | null;
  busy: boolean;
}

export const intelStore = createStore<IntelState>()(() => ({
  categories: [], category: '', pending: [], verified: [], today: null, open: [], lastError: null, busy: false,
}));

function fail(err: unknown): void {
  const text = isApiError(err) ? `${err.code}: ${err.message}` : (err as Error).message;
  intelStore.setState({ lastError: text });
  pushToast('error', text, isApiError(err) ? err.code : undefined);
}

async function run<T>(fn: () => Promise<T>): Promise<T | null> {
  intelStore.setState({ busy: true, lastError: null });
  try {
    return await fn();
  } catch (err) {
    fail(err);
    return null;
  } finally {
    intelStore.setState({ busy: false });
  }
}

/** Reload pending claims (of the selected category) and verified patterns. */
export async function refreshIntel(token: string): Promise<void> {
  await run(async () => {
    const category = intelStore.getState().category;
    const q = category ? `?category=${encodeURIComponent(category)}` : '';
    const [pending, verified] = await Promise.all([
      apiRequest<{ categories: string[]; claims: IntelClaimDto[] }>(`/api/intel${q}`, { token }),
      apiRequest<{ claims: IntelClaimDto[] }>('/api/intel?verified=1', { token }),
    ]);
    intelStore.setState({ categories: pending.categories, pending: pending.claims, verified: verified.claims });
  });
}

export function selectCategory(token: string, category: string): void {
  intelStore.setState({ category });
  void refreshIntel(token);
}

function announce(r: IntelActionResponse): void {
  if (r.verified) pushToast('info', `Pattern verified: +${r.verified.truthScore} truthScore, +${r.verified.truthTokens} truth_token, +${r.verified.dataCredits} data_credits`);
}

export async function submitFragment(token: string, category: string, claim: string, evidence: string): Promise<boolean> {
  const r = await run(() => apiRequest<IntelActionResponse>('/api/intel', { token, body: { category, claim, evidence } }));
  if (r) announce(r);
  await refreshIntel(token);
  return r !== null;
}

export async function confirmClaim(token: string, claimId: string, evidence: string): Promise<void> {
  const r = await run(() => apiRequest<IntelActionResponse>(`/api/intel/${encodeURIComponent(claimId)}/confirm`, { token, body: { evidence } }));
  if (r) announce(r);
  await refreshIntel(token);
}

/** Load today's challenge for this player's level and every open challenge. */
export async function refreshChallenges(token: string): Promise<void> {
  await run(async () => {
    const [today, open] = await Promise.all([
      apiRequest<{ challenge: ChallengeDto }>('/api/challenges/today', { token }),
      apiRequest<{ challenges: ChallengeDto[] }>('/api/challenges', { token }),
    ]);
    intelStore.setState({ today: today.challenge, open: open.challenges });
  });
}

export async function solveChallenge(token: string, challengeId: string, answer: string): Promise<SolveChallengeResponse | null> {
  const r = await run(() => apiRequest<SolveChallengeResponse>(`/api/challenges/${encodeURIComponent(challengeId)}/solve`, { token, body: { answer } }));
  if (r) pushToast('info', `Solved: +${r.technicalMastery} technicalMastery, +${r.xp} XP, +${r.cpuCycles} cpu_cycles`);
  await refreshChallenges(token);
  return r;
}

export async function createChallenge(token: string, body: { title: string; description: string; answer: string; rewardPoints: number; endsAt: string }): Promise<boolean> {
  const r = await run(() => apiRequest<{ challenge: ChallengeDto }>('/api/challenges', { token, body }));
  await refreshChallenges(token);
  return r !== null;
}

