import type { SQL } from 'drizzle-orm';
import type { Db } from './client';

/**
 * Runs raw SQL and returns its rows. Both drivers return `{ rows }`, but they parse
 * types differently (node-postgres gives int8 and numeric as strings, PGlite gives
 * numbers), so callers convert with {@link toBigInt} / {@link toNumber}.
 */
export async function queryRows<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** Runs raw SQL and returns how many rows it inserted, updated or deleted. */
export async function execute(db: Db, query: SQL): Promise<number> {
  const result = (await db.execute(query)) as unknown as {
    rowCount?: number | null;
    affectedRows?: number;
  };
  return result.rowCount ?? result.affectedRows ?? 0;
}

/** An int8/numeric value from either driver as a bigint. */
export function toBigInt(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' || typeof value === 'string') return BigInt(value);
  if (value === null || value === undefined) return 0n;
  throw new TypeError(`not an integer: ${String(value)}`);
}

/** An int/int8 value from either driver as a number. */
export function toNumber(value: unknown): number {
  return Number(value ?? 0);
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True if `id` can be compared with a uuid column (anything else would be a SQL error). */
export function isUuid(id: string): boolean {
  return UUID_RE.test(id);
}

/** True if `err` (or the driver error it wraps) is a unique-key violation (SQLSTATE 23505). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } } | null;
  return e?.code === '23505' || e?.cause?.code === '23505';
}

/**
 * Runs `fast` (a plain insert of rows found missing) in a savepoint; if a concurrent transaction
 * created one of those rows meanwhile, `fast` fails on the unique key, the savepoint undoes it and
 * `slow` (the same write with ON CONFLICT, which costs a speculative insertion per row) runs
 * instead. Returns the rows of whichever ran.
 */
export async function fastOrOnConflict<T extends Record<string, unknown>>(tx: Db, fast: SQL, slow: SQL): Promise<T[]> {
  try {
    return await tx.transaction((sp) => queryRows<T>(sp as unknown as Db, fast));
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return queryRows<T>(tx, slow);
  }
}

/** A LIKE pattern matching every text that starts with `prefix` (its `\\`, `%` and `_` taken literally). */
export function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
