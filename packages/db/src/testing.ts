import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from './client';

/** A throw-away database for tests. */
export interface TestDatabase {
  database: Database;
  /** Closes the database and, on Postgres, drops it. */
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database: PGlite in memory, or a new `dv_t_<random>` database on
 * the Postgres server of `DATABASE_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`),
 * dropped again by `drop()`. Test-only: the one place in this package that reads the environment.
 */
export async function createTestDatabase(
  kind: 'pglite' | 'postgres',
  options: { poolSize?: number } = {},
): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://' });
    // The database may already be closed by its user (a game server's shutdown): ignore that.
    return { database, drop: () => database.close().catch(() => {}) };
  }
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `dv_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let database: Database;
  try {
    database = await openDatabase({ databaseUrl: url.toString(), poolSize: options.poolSize });
  } catch (err) {
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    throw err;
  }
  return {
    database,
    drop: async () => {
      await database.close().catch(() => {}); // may already be closed by its user

      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function adminQuery(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
