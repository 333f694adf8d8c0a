import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Postgres and Redis the tests use (CI and this machine run both locally). */
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

export function tempDir(prefix = 'dv-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A unique, valid player name. */
export function playerName(prefix = 'p'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

/** Redis URL on its own key prefix: each test file passes its own prefix to the server. */
export function uniquePrefix(tag: string): string {
  return `dvt-${tag}-${randomBytes(4).toString('hex')}`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Poll `check` until it returns a truthy value or the timeout passes. */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 10_000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}
