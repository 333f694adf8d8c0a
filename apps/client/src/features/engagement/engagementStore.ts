/**
 * Today (GAME §8.4 daily bundle) as this client knows it: one call, `GET /api/engagement/daily`,
 * checked against the shared zod contract before anything renders it. Framework-free: a zustand
 * vanilla store and plain functions; the panel subscribes with selectors.
 */
import { createStore } from 'zustand/vanilla';
import { DailyBundleDto } from '@datavism/shared-schema';
import { apiRequest } from '../../net/api';

export interface TodayState {
  bundle: DailyBundleDto | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  lastError: unknown;
}

export const todayStore = createStore<TodayState>()(() => ({ bundle: null, status: 'idle', lastError: null }));

/** Loads today's bundle (a reply that does not match the contract is an error, not a half-drawn panel). */
export async function loadToday(token: string): Promise<void> {
  todayStore.setState({ status: todayStore.getState().bundle ? 'ready' : 'loading' });
  try {
    const bundle = DailyBundleDto.parse(await apiRequest<unknown>('/api/engagement/daily', { token }));
    todayStore.setState({ bundle, status: 'ready', lastError: null });
  } catch (lastError) {
    todayStore.setState({ status: 'error', lastError });
  }
}
