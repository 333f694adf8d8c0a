import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import {
  createPlayer,
  createTestDatabase,
  schema,
  type Db,
  type Player,
  type TestDatabase,
} from '../src/index';

/** Every implementation the shared suites run against. */
export const KINDS = ['pglite', 'postgres'] as const;
export type Kind = (typeof KINDS)[number];

/**
 * A fresh database for the enclosing `describe`, dropped after it. On Postgres the pool
 * has 12 connections so that parallel transactions really race.
 */
export function useDatabase(kind: Kind): Ctx {
  let test: TestDatabase | undefined;
  beforeAll(async () => {
    test = await createTestDatabase(kind, { poolSize: 12 });
  });
  afterAll(async () => {
    await test?.drop();
  });
  return {
    kind,
    get db(): Db {
      if (!test) throw new Error('database not open yet');
      return test.database.db;
    },
  };
}

/** What every suite receives: the database of the enclosing `describe` and its kind. */
export interface Ctx {
  readonly db: Db;
  readonly kind: Kind;
}

/** Matches a thrown GameError with this code. */
export const gameError = (code: string) => expect.objectContaining({ name: 'GameError', code });

/** Player columns a test may set directly (reputation, activity dates, flags). */
export type PlayerFields = Partial<Omit<typeof schema.players.$inferInsert, 'id' | 'name' | 'nameKey'>>;

/** A new player with a unique name, optionally with fields set straight in the row. */
export async function newPlayer(db: Db, fields: PlayerFields = {}): Promise<Player> {
  const player = await createPlayer(db, {
    name: `p-${randomUUID().slice(0, 12)}`,
    passwordHash: 'hash',
    createdAt: fields.createdAt,
    founder: fields.founder,
  });
  if (Object.keys(fields).length === 0) return player;
  const [row] = await db
    .update(schema.players)
    .set(fields)
    .where(sql`${schema.players.id} = ${player.id}`)
    .returning();
  return row;
}

/** The single number a `SELECT count(*) AS n …` returns. */
export async function countRows(db: Db, query: SQL): Promise<number> {
  const result = (await db.execute(query)) as unknown as { rows: { n: unknown }[] };
  return Number(result.rows[0].n);
}

/** Rows of a raw query (node-postgres and PGlite both answer `{ rows }`). */
export async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** A UTC instant on a given day, e.g. at('2026-03-10', 12). */
export function at(day: string, hour = 12): Date {
  return new Date(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);
}
