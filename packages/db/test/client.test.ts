/**
 * Opening databases: what differs between the drivers (file-backed PGlite across a
 * restart, Postgres migrations raced by several server processes).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { findPlayerByName, openDatabase, pendingJobs, scheduleJob } from '../src/index';
import { at, countRows, newPlayer } from './harness';

const journal = JSON.parse(readFileSync(new URL('../migrations/meta/_journal.json', import.meta.url), 'utf8'));

describe('openDatabase', () => {
  it('PGlite in a data directory keeps players and scheduled jobs across a restart', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'dv-db-test-'));
    try {
      const first = await openDatabase({ dataDir });
      expect(first.kind).toBe('pglite');
      const player = await newPlayer(first.db);
      await scheduleJob(first.db, { key: 'restart:1', name: 'resolve_siege', runAt: at('2026-03-10'), payload: { n: 1 } });
      await first.close();

      const second = await openDatabase({ dataDir });
      try {
        expect((await findPlayerByName(second.db, player.name))?.id).toBe(player.id);
        expect((await pendingJobs(second.db)).map((j) => [j.key, j.payload])).toEqual([['restart:1', { n: 1 }]]);
        // Reopening applied nothing twice.
        expect(await countRows(second.db, sql`SELECT count(*) AS n FROM drizzle.__drizzle_migrations`)).toBe(
          journal.entries.length,
        );
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('three processes opening one fresh Postgres database at once migrate it exactly once', async () => {
    const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = `dv_t_${randomBytes(6).toString('hex')}`;
    const admin = async (statement: string) => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(statement);
      } finally {
        await client.end();
      }
    };
    await admin(`CREATE DATABASE ${name}`);
    try {
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      // Separate pools stand in for separate server processes: each migrates on its own connection.
      const opened = await Promise.all([1, 2, 3].map(() => openDatabase({ databaseUrl: url.toString(), poolSize: 2 })));
      try {
        expect(opened.map((d) => d.kind)).toEqual(['postgres', 'postgres', 'postgres']);
        expect(await countRows(opened[0].db, sql`SELECT count(*) AS n FROM drizzle.__drizzle_migrations`)).toBe(
          journal.entries.length,
        );
      } finally {
        await Promise.all(opened.map((d) => d.close()));
      }
    } finally {
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  });
});
