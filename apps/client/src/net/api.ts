/**
 * Typed access to the game server's HTTP API (same origin). Errors come back as
 * {@link ApiError} carrying the server's stable `code` (e.g. `NAME_TAKEN`) and HTTP status.
 */
import type { AuthResponse, ErrorPayload, PlayerProfile, WorldEntry } from '@datavism/shared-schema';

/** An HTTP API failure with the server's `ErrorPayload` fields (or a synthesized one). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: ErrorPayload['issues'];

  constructor(status: number, payload: ErrorPayload, options?: { cause?: unknown }) {
    super(payload.message, options);
    this.name = 'ApiError';
    this.status = status;
    this.code = payload.code;
    this.issues = payload.issues;
  }
}

/** True if `err` is an {@link ApiError} (optionally with the given code). */
export function isApiError(err: unknown, code?: string): err is ApiError {
  return err instanceof ApiError && (code === undefined || err.code === code);
}

function isErrorPayload(x: unknown): x is ErrorPayload {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Record<string, unknown>;
  return typeof o.code === 'string' && typeof o.message === 'string';
}

/** Fallback code when the body is not an ErrorPayload (proxy error, HTML page, …). */
function codeForStatus(status: number): string {
  if (status === 400) return 'BAD_REQUEST';
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 429) return 'RATE_LIMITED';
  return 'INTERNAL';
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  token?: string | null;
  signal?: AbortSignal;
}

/** Performs a JSON request against `/api/...` and returns the parsed body. */
export async function apiRequest<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;

  let res: Response;
  try {
    res = await fetch(path, {
      method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (cause) {
    throw new ApiError(0, { code: 'NETWORK', message: 'cannot reach the server' }, { cause });
  }

  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!res.ok) {
    const payload = isErrorPayload(data)
      ? data
      : { code: codeForStatus(res.status), message: `${res.status} ${res.statusText || 'request failed'}` };
    throw new ApiError(res.status, payload);
  }
  return data as T;
}

/** `POST /api/auth/register`. */
export function registerRequest(name: string, password: string): Promise<AuthResponse> {
  return apiRequest<AuthResponse>('/api/auth/register', { method: 'POST', body: { name, password } });
}

/** `POST /api/auth/login`. */
export function loginRequest(name: string, password: string): Promise<AuthResponse> {
  return apiRequest<AuthResponse>('/api/auth/login', { method: 'POST', body: { name, password } });
}

/** `GET /api/me`. */
export function fetchMe(token: string, signal?: AbortSignal): Promise<PlayerProfile> {
  return apiRequest<PlayerProfile>('/api/me', { token, signal });
}

/** `POST /api/world/enter`: the day's login and where the player is (a new player is deployed to the spawn). */
export function enterWorld(token: string): Promise<WorldEntry & { profile: PlayerProfile }> {
  return apiRequest('/api/world/enter', { method: 'POST', body: {}, token });
}
