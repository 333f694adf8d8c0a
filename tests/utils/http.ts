import type { AuthResponse } from '@datavism/shared-schema';
import { playerName } from './env';

export interface HttpResult<T = any> {
  status: number;
  body: T;
}

/** JSON request helper for tests. */
export async function api<T = any>(base: string, method: string, path: string, body?: unknown, token?: string): Promise<HttpResult<T>> {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // keep text
  }
  return { status: res.status, body: parsed as T };
}

/** Register a fresh player and return its token and profile. */
export async function registerPlayer(base: string, name = playerName(), password = 'correct horse battery'): Promise<AuthResponse & { name: string; password: string }> {
  const res = await api<AuthResponse>(base, 'POST', '/api/auth/register', { name, password });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...res.body, name, password };
}
