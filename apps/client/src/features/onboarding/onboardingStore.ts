/**
 * Onboarding on the client (docs/onboarding.md): the handler's briefing (shown until the server has
 * it marked seen; replayable from the codex), the tutorial chain as the server records it, and the
 * calendar's next event. Framework-free: the map room's tutorial notices refresh it at once, so the
 * mission card follows the server without polling; rewards are collected with one request.
 */
import { createStore } from 'zustand/vanilla';
import type { BriefingSeenDto, CollectedRewardDto, OnboardingDto, TutorialNoticeDto } from '@datavism/shared-schema';
import { apiRequest } from '../../net/api';
import { onMapNotice } from '../../net/connection';
import { requestProfileRefresh } from '../../net/profileSync';
import { formatResource } from '../../state/profileView';
import { pushToast, toastError } from '../../state/worldStore';
import { rewardWords } from './words';

export interface OnboardingState {
  data: OnboardingDto | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  lastError: unknown;
  /** The briefing dialog is open (first login, or replayed from the codex). */
  briefingOpen: boolean;
  /** Server clock minus ours (ms), for countdowns. */
  skewMs: number;
}

export const onboardingStore = createStore<OnboardingState>()(() => ({
  data: null, status: 'idle', lastError: null, briefingOpen: false, skewMs: 0,
}));

/** Reloads the chain from the server; opens the briefing the first time it has not been seen. */
export async function loadOnboarding(token: string): Promise<void> {
  const first = onboardingStore.getState().data === null;
  if (first) onboardingStore.setState({ status: 'loading' });
  try {
    const data = await apiRequest<OnboardingDto>('/api/onboarding', { token });
    onboardingStore.setState({
      data, status: 'ready', lastError: null, skewMs: data.serverNow - Date.now(),
      briefingOpen: onboardingStore.getState().briefingOpen || (first && data.briefingSeenAt === null),
    });
  } catch (err) {
    onboardingStore.setState({ status: onboardingStore.getState().data ? 'ready' : 'error', lastError: err });
  }
}

/** The server's clock, from the last answer's skew. */
export function onboardingNow(): number {
  return Date.now() + onboardingStore.getState().skewMs;
}

/** Opens the briefing again (the codex's "Replay the briefing"). */
export function replayBriefing(): void {
  onboardingStore.setState({ briefingOpen: true });
}

/** Closes the briefing, seen to the end or skipped: the server keeps the mark (one for every device). */
export async function closeBriefing(token: string): Promise<void> {
  onboardingStore.setState({ briefingOpen: false });
  const data = onboardingStore.getState().data;
  if (data?.briefingSeenAt) return;
  try {
    const seen = await apiRequest<BriefingSeenDto>('/api/onboarding/briefing', { method: 'POST', body: {}, token });
    const now = onboardingStore.getState().data;
    if (now) onboardingStore.setState({ data: { ...now, briefingSeenAt: seen.briefingSeenAt } });
  } catch (err) {
    onboardingStore.setState({ lastError: err });
  }
}

/**
 * Collects a done mission's reward: the server pays it through the ledger (once) and the HUD
 * follows. Resolves true when paid.
 */
export async function collectMission(token: string, step: string): Promise<boolean> {
  try {
    const paid = await apiRequest<CollectedRewardDto>(`/api/onboarding/missions/${encodeURIComponent(step)}/collect`, { method: 'POST', body: {}, token });
    pushToast('reward', paid.rewards.map((r) => `+${formatResource(r.amount, r.resource)}`).join(', '), undefined, 'Reward collected');
    requestProfileRefresh({ quiet: true });
    return true;
  } catch (err) {
    toastError(err);
    return false;
  } finally {
    await loadOnboarding(token);
  }
}

/**
 * Starts following the chain: a first load, a reload on every tutorial notice from the map room
 * (a mission paid), and a slow poll for the calendar's day change. Returns the stop function.
 */
export function startOnboarding(token: string): () => void {
  void loadOnboarding(token);
  const off = onMapNotice((n) => {
    if (typeof n !== 'object' || n === null || (n as { kind?: unknown }).kind !== 'tutorial') return;
    const notice = n as TutorialNoticeDto;
    const steps = onboardingStore.getState().data?.steps ?? [];
    const done = steps.find((s) => s.id === notice.step);
    const next = steps.find((s) => s.id === notice.next);
    pushToast('reward', done
      ? `${done.title}. Collect ${rewardWords(done)} on your mission card.${next ? ` Next: ${next.title}.` : ''}`
      : notice.message, undefined, 'Mission complete');
    void loadOnboarding(token);
  });
  const poll = setInterval(() => void loadOnboarding(token), 5 * 60_000);
  return () => {
    off();
    clearInterval(poll);
    onboardingStore.setState({ data: null, status: 'idle', lastError: null, briefingOpen: false });
  };
}
