import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema/index';

/** A database handle; both drivers (PGlite and node-postgres) satisfy it. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** An open transaction; pass it to the inner `tx`-taking functions. */
export type Tx = PgTransaction<PgQueryResultHKT, typeof schema, ExtractTablesWithRelations<typeof schema>>;

/** An open database with its driver kind. */
export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Closes the pool or the embedded database. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A `postgres://` URL; without it an embedded PGlite database is used. */
  databaseUrl?: string;
  /**
   * Where PGlite keeps its files (`<dataDir>/pglite`); `'memory://'` for an
   * in-memory database.
   * @default 'memory://'
   */
  dataDir?: string;
  /**
   * Maximum connections in the Postgres pool.
   * @default 10
   */
  poolSize?: number;
  /** Called when an idle pooled connection fails (the pool replaces it). @default console.error */
  onPoolError?: (err: Error) => void;
}

const MIGRATIONS_FOLDER = fileURLToPath(new URL('../migrations', import.meta.url));

/**
 * The advisory-lock key that serializes migrations across server processes
 * (an arbitrary constant: "DATAVISM" in ASCII).
 */
const MIGRATION_LOCK_KEY = 0x444154415649534dn;

/**
 * Opens the game database and applies pending migrations.
 *
 * Reads no environment variables: the server's config module passes them in.
 * @example
 * const { db, close } = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options);
  return openPglite(options.dataDir ?? 'memory://');
}

async function openPglite(dataDir: string): Promise<Database> {
  let client: PGlite;
  if (dataDir.startsWith('memory://')) {
    client = new PGlite();
  } else {
    const dir = path.join(dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
    client = new PGlite(dir);
  }
  await client.waitReady;
  const db = drizzlePglite({ client, schema });
  try {
    await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } catch (err) {
    await client.close();
    throw new Error(`migrating the PGlite database in ${dataDir} failed`, { cause: err });
  }
  return {
    db: db as unknown as Db,
    kind: 'pglite',
    close: () => client.close(),
  };
}

async function openPostgres(databaseUrl: string, options: OpenDatabaseOptions): Promise<Database> {
  // Every statement is planned for its parameters (unnamed statements); the hot reads whose plan
  // is kept per connection are plpgsql functions with their own settings (migration 0032).
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.poolSize ?? 10 });
  // Without a listener an idle client's error (server restart, network) would crash the process.
  pool.on('error', options.onPoolError ?? ((err) => console.error('postgres pool error:', err)));
  try {
    await migratePostgres(pool);
  } catch (err) {
    await pool.end();
    throw new Error('migrating the Postgres database failed', { cause: err });
  }
  const db = drizzleNodePg({ client: pool, schema });
  return {
    db: db as unknown as Db,
    kind: 'postgres',
    close: () => pool.end(),
  };
}

/**
 * Two server processes starting at once would both try to create the migrations
 * table and apply the same files; a session-level advisory lock held on one
 * dedicated connection makes the second wait and then find nothing to do.
 */
async function migratePostgres(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    try {
      await migrateNodePg(drizzleNodePg({ client, schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]);
    }
  } finally {
    client.release();
  }
}
