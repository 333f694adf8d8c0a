/**
 * The intel board and the challenge view as this client knows them (GAME §6.3, §6.4).
 * Framework-free: a zustand vanilla store and plain functions over the HTTP API.
 */
import { createStore } from 'zustand/vanilla';
import type {
  ChallengeDto, ChallengeHintResponse, IntelActionResponse, IntelClaimDto, SolveChallengeResponse,
} from '@datavism/shared-schema';
import { apiRequest } from '../../net/api';
import { requestProfileRefresh } from '../../net/profileSync';
import { pushToast, toastError } from '../../state/worldStore';

export interface IntelState {
  categories: readonly string[];
  category: string;
  pending: readonly IntelClaimDto[];
  verified: readonly IntelClaimDto[];
  today: ChallengeDto | null;
  open: readonly ChallengeDto[];
  /** Hints bought, by challenge id (GAME §4.5: data_credits; asking again is free). */
  hints: Readonly<Record<string, ChallengeHintResponse>>;
  /** The last refusal (shown in words by the form that caused it). */
  lastError: unknown;
  /** Which action failed last: the form under it shows the error. */
  errorFor: 'submit' | 'confirm' | 'solve' | 'create' | 'load' | 'hint' | null;
  loaded: { intel: boolean; challenges: boolean };
  busy: boolean;
}

export const intelStore = createStore<IntelState>()(() => ({
  categories: [], category: '', pending: [], verified: [], today: null, open: [], hints: {}, lastError: null, errorFor: null,
  loaded: { intel: false, challenges: false }, busy: false,
}));

function fail(err: unknown, errorFor: IntelState['errorFor']): void {
  intelStore.setState({ lastError: err, errorFor });
  toastError(err);
}

async function run<T>(fn: () => Promise<T>, errorFor: IntelState['errorFor']): Promise<T | null> {
  intelStore.setState({ busy: true, lastError: null, errorFor: null });
  try {
    return await fn();
  } catch (err) {
    fail(err, errorFor);
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
    intelStore.setState({ categories: pending.categories, pending: pending.claims, verified: verified.claims, loaded: { ...intelStore.getState().loaded, intel: true } });
  }, 'load');
}

export function selectCategory(token: string, category: string): void {
  intelStore.setState({ category });
  void refreshIntel(token);
}

function announce(r: IntelActionResponse): void {
  if (r.verified) {
    pushToast('reward', `+${r.verified.truthScore} truth score, +${r.verified.truthTokens} truth token, +${r.verified.dataCredits} data credits.`, undefined, 'Pattern verified');
  }
  requestProfileRefresh({ quiet: Boolean(r.verified) });
}

export async function submitFragment(token: string, category: string, claim: string, evidence: string): Promise<boolean> {
  const r = await run(() => apiRequest<IntelActionResponse>('/api/intel', { token, body: { category, claim, evidence } }), 'submit');
  if (r && !r.verified) pushToast('success', 'Fragment submitted. Two more resistants from another squad can confirm it.');
  if (r) announce(r);
  await refreshIntel(token);
  return r !== null;
}

export async function confirmClaim(token: string, claimId: string, evidence: string): Promise<void> {
  const r = await run(() => apiRequest<IntelActionResponse>(`/api/intel/${encodeURIComponent(claimId)}/confirm`, { token, body: { evidence } }), 'confirm');
  if (r) {
    if (!r.verified) pushToast('success', 'Claim confirmed.');
    announce(r);
  }
  await refreshIntel(token);
}

/** Load today's challenge for this player's level and every open challenge. */
export async function refreshChallenges(token: string): Promise<void> {
  await run(async () => {
    const [today, open] = await Promise.all([
      apiRequest<{ challenge: ChallengeDto }>('/api/challenges/today', { token }),
      apiRequest<{ challenges: ChallengeDto[] }>('/api/challenges', { token }),
    ]);
    intelStore.setState({ today: today.challenge, open: open.challenges, loaded: { ...intelStore.getState().loaded, challenges: true } });
  }, 'load');
}

export async function solveChallenge(token: string, challengeId: string, answer: string): Promise<SolveChallengeResponse | null> {
  const r = await run(() => apiRequest<SolveChallengeResponse>(`/api/challenges/${encodeURIComponent(challengeId)}/solve`, { token, body: { answer } }), 'solve');
  if (r) {
    pushToast('reward', `+${r.technicalMastery} technical mastery, +${r.xp} XP, +${r.cpuCycles} CPU cycles.`, undefined, 'Challenge solved');
    requestProfileRefresh({ quiet: true });
  }
  await refreshChallenges(token);
  return r;
}

export async function createChallenge(token: string, body: { title: string; description: string; answer: string; rewardPoints: number; endsAt: string }): Promise<boolean> {
  const r = await run(() => apiRequest<{ challenge: ChallengeDto }>('/api/challenges', { token, body }), 'create');
  if (r) pushToast('success', `Challenge “${body.title}” is open.`);
  await refreshChallenges(token);
  return r !== null;
}


/** Buy (or show again) a challenge's hint: it narrows the search without giving the answer. */
export async function buyHint(token: string, challengeId: string): Promise<void> {
  const r = await run(() => apiRequest<ChallengeHintResponse>(`/api/challenges/${encodeURIComponent(challengeId)}/hint`, { token, body: {} }), 'hint');
  if (!r) return;
  intelStore.setState({ hints: { ...intelStore.getState().hints, [challengeId]: r } });
  if (r.cost !== '0') {
    pushToast('success', `Hint unlocked for ${r.cost} data credits.`);
    requestProfileRefresh({ quiet: true });
  }
}
