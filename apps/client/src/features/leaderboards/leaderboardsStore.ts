/**
 * Leaderboards as this client knows them (GAME §5.1): the boards, the chosen board's standings
 * (weekly, all-time or a past season) with my rank and neighbours, and the archived seasons.
 * Framework-free: a zustand vanilla store and plain functions over the HTTP API.
 */
import { createStore } from 'zustand/vanilla';
import type { LeaderboardsResponse, SeasonsResponse, StandingsResponse } from '@datavism/shared-schema';
import { formatLeaderboardScore } from '@datavism/rules';
import { apiRequest } from '../../net/api';

/** Which standings are shown: the open week, all-time, or a closed season (its week id). */
export type LeaderboardPeriod = 'week' | 'all' | number;

/** The panel's tabs: this week, all-time, past seasons (the list, or one season opened). */
export type LeaderboardView = 'week' | 'all' | 'seasons';

export interface LeaderboardsState {
  index: LeaderboardsResponse | null;
  board: string;
  view: LeaderboardView;
  /** The standings shown: the view's, or the season opened from the list (null: the list). */
  period: LeaderboardPeriod | null;
  standings: StandingsResponse | null;
  seasons: SeasonsResponse | null;
  error: unknown;
  loading: boolean;
}

export const leaderboardsStore = createStore<LeaderboardsState>()(() => ({
  index: null, board: 'influence_gained', view: 'week', period: 'week', standings: null, seasons: null, error: null, loading: false,
}));

/** Loads the boards and the current choice's standings. */
export async function loadLeaderboards(token: string): Promise<void> {
  try {
    const index = await apiRequest<LeaderboardsResponse>('/api/leaderboards', { token });
    leaderboardsStore.setState({ index });
    await loadStandings(token);
  } catch (error) {
    leaderboardsStore.setState({ error });
  }
}

/** Loads the standings of the chosen board and period (the panel refreshes them while open). */
export async function loadStandings(token: string): Promise<void> {
  const { board, period } = leaderboardsStore.getState();
  if (period === null) return;
  leaderboardsStore.setState({ loading: true });
  try {
    const standings = await apiRequest<StandingsResponse>(`/api/leaderboards/${board}?period=${period}&neighbours=3`, { token });
    // A reply for an older choice is dropped.
    const now = leaderboardsStore.getState();
    if (now.board === board && now.period === period) leaderboardsStore.setState({ standings, error: null });
  } catch (error) {
    leaderboardsStore.setState({ error });
  } finally {
    leaderboardsStore.setState({ loading: false });
  }
}

/** Loads the archived seasons of the chosen board, newest first. */
export async function loadSeasons(token: string): Promise<void> {
  const { board } = leaderboardsStore.getState();
  try {
    const seasons = await apiRequest<SeasonsResponse>(`/api/leaderboards/seasons?board=${board}&limit=12`, { token });
    if (leaderboardsStore.getState().board === board) leaderboardsStore.setState({ seasons });
  } catch (error) {
    leaderboardsStore.setState({ error });
  }
}

/**
 * Chooses a board, a tab or a season and loads what it shows: the past-seasons tab opens on the
 * list of seasons (`period` null) until one is chosen.
 */
export async function choose(token: string, change: { board?: string; view?: LeaderboardView; season?: number | null }): Promise<void> {
  const prev = leaderboardsStore.getState();
  const board = change.board ?? prev.board;
  const view = change.view ?? prev.view;
  const period: LeaderboardPeriod | null = view === 'seasons'
    ? (change.season !== undefined ? change.season : change.board ? null : prev.period === 'week' || prev.period === 'all' ? null : prev.period)
    : view;
  leaderboardsStore.setState({ board, view, period, standings: null, seasons: board !== prev.board ? null : prev.seasons });
  if (period === null) await loadSeasons(token);
  else await loadStandings(token);
}

/**
 * A board's score as players read it, thousands grouped like every other number in the client
 * (influence gained and treasury points have two decimals).
 * @example scoreText(600000, 0) // "600,000"; scoreText(123456, 2) // "1,234.56"
 */
export function scoreText(score: number, decimals: number): string {
  const [whole, fraction] = formatLeaderboardScore(score, decimals).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

