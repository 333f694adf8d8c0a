import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DATABASE_URL } from './env';

/** Create an empty database on the test Postgres; returns its URL and a drop function. */
export async function freshPostgresDatabase(tag: string): Promise<{ url: string; drop(): Promise<void>; query(sql: string, params?: unknown[]): Promise<any[]> }> {
  const name = `dv_${tag}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(DATABASE_URL);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  // An idle client terminated by the server (DROP DATABASE … FORCE of another helper, a restart)
  // must not crash the test process.
  pool.on('error', () => {});
  return {
    url: url.toString(),
    query: async (sql, params) => (await pool.query(sql, params as any[])).rows,
    async drop() {
      await pool.end();
      const c = new pg.Client({ connectionString: DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
