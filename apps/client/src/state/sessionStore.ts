/**
 * Who is playing: the auth token and the latest profile. Plain zustand vanilla store;
 * React subscribes through `useStore(sessionStore, selector)`.
 */
import { createStore } from 'zustand/vanilla';
import type { AuthResponse, PlayerProfile } from '@datavism/shared-schema';

/**
 * `anonymous`: no token; `restoring`: token found, profile being fetched; `offline`: token
 * found but the server cannot be reached (the client keeps retrying); `authenticated`.
 */
export type SessionStatus = 'anonymous' | 'restoring' | 'offline' | 'authenticated';

export interface SessionState {
  status: SessionStatus;
  token: string | null;
  profile: PlayerProfile | null;
  /** What the last login's daily bonus paid (shown once as a toast). */
  dailyLogin: AuthResponse['dailyLogin'] | null;
}

export const initialSessionState: SessionState = {
  status: 'anonymous',
  token: null,
  profile: null,
  dailyLogin: null,
};

export const sessionStore = createStore<SessionState>()(() => ({ ...initialSessionState }));

/** Replaces the profile (from `GET /api/me` or the room's `profile` message). */
export function setProfile(profile: PlayerProfile): void {
  sessionStore.setState({ profile });
}
