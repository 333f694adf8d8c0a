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
  performance.mark?.('login-ok');
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
 * (401) signs out; a server that cannot be reached (down, or the player offline, with the
 * client started from its cache) leaves the session `offline` with the token kept, and the
 * caller retries.
 */
export async function restoreSession(): Promise<void> {
  const token = loadToken();
  if (!token) return;
  if (sessionStore.getState().status !== 'offline') sessionStore.setState({ status: 'restoring', token });
  try {
    const profile = await fetchMe(token);
    sessionStore.setState({ status: 'authenticated', token, profile });
  } catch (err) {
    if (isApiError(err) && (err.status === 401 || err.status === 403)) logout();
    else if (isUnreachable(err)) sessionStore.setState({ status: 'offline', token });
    else sessionStore.setState({ status: 'anonymous' });
    throw err;
  }
}

/** No answer, or the proxy / service worker answered for an absent server (502–504). */
export function isUnreachable(err: unknown): boolean {
  return isApiError(err) && (err.code === 'NETWORK' || err.status === 502 || err.status === 503 || err.status === 504);
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
