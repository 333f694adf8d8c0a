/**
 * The trending operation (GAME §8.4 daily bundle): the active operation with the most distinct
 * contributors in the last 24 hours. Every player's bundle shows the same one, so each process
 * asks the database at most once per {@link TRENDING_CACHE_MS}.
 */
import { trendingOperation, type TrendingOperation } from '@datavism/db';
import { TRENDING_WINDOW_HOURS } from '@datavism/rules';
import type { Services } from '../context';

/** How long a process reuses the answer. */
export const TRENDING_CACHE_MS = 15_000;

const cache = new WeakMap<Services, { at: number; value: TrendingOperation | null }>();

/** The trending operation now (cached per process for a few seconds; `fresh` asks the database and refreshes the cache). */
export async function trendingOperationOf(s: Services, now = new Date(), fresh = false): Promise<TrendingOperation | null> {
  const hit = cache.get(s);
  const t = now.getTime();
  if (!fresh && hit && t >= hit.at && t - hit.at < TRENDING_CACHE_MS) return hit.value;
  const value = await trendingOperation(s.database.db, new Date(t - TRENDING_WINDOW_HOURS * 3_600_000));
  cache.set(s, { at: t, value });
  return value;
}
