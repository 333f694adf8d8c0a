/**
 * Login, registration, logout and restoring a saved session. The token lives in
 * localStorage so a reload keeps the player signed in.
 */
import type { AuthResponse } from '@datavism/shared-schema';
import { fetchMe, isApiError, loginRequest, registerRequest } from './api';
import { initialSessionState, sessionStore } from '../state/sessionStore';

const TOKEN_KEY = 'datavism.token';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // e.g. storage disabled by privacy settings
  }
}

export function loadToken(): string | null {
  return storage()?.getItem(TOKEN_KEY) ?? null;
}

function saveToken(token: string | null): void {
  const s = storage();
  if (!s) return;
  if (token === null) s.removeItem(TOKEN_KEY);
  else s.setItem(TOKEN_KEY, token);
}

function acceptAuth(res: AuthResponse): void {
  saveToken(res.token);
  sessionStore.setState({
    status: 'authenticated',
    token: res.token,
    profile: res.player,
    dailyLogin: res.dailyLogin ?? null,
  });
}

/** Creates an account and signs in. Throws {@link ApiError} (e.g. `NAME_TAKEN`). */
export async function register(name: string, password: string): Promise<void> {
  acceptAuth(await registerRequest(name, password));
}

/** Signs in. Throws {@link ApiError} (e.g. `INVALID_CREDENTIALS`). */
export async function login(name: string, password: string): Promise<void> {
  acceptAuth(await loginRequest(name, password));
}

/** Forgets the token and profile. */
export function logout(): void {
  saveToken(null);
  sessionStore.setState({ ...initialSessionState });
}

/**
 * Restores a saved session: fetches the profile with the stored token; a rejected token
 * (401) signs out, a network failure keeps the token so a reload can try again.
 */
export async function restoreSession(): Promise<void> {
  const token = loadToken();
  if (!token) return;
  sessionStore.setState({ status: 'restoring', token });
  try {
    const profile = await fetchMe(token);
    sessionStore.setState({ status: 'authenticated', profile });
  } catch (err) {
    if (isApiError(err) && (err.status === 401 || err.status === 403)) logout();
    else sessionStore.setState({ status: 'anonymous' });
    throw err;
  }
}

/** Re-reads the profile with `GET /api/me` (HUD refresh). Signs out on 401. */
export async function refreshProfile(): Promise<void> {
  const { token } = sessionStore.getState();
  if (!token) return;
  try {
    const profile = await fetchMe(token);
    if (sessionStore.getState().token === token) sessionStore.setState({ profile });
  } catch (err) {
    if (isApiError(err) && err.status === 401) logout();
    else throw err;
  }
}
