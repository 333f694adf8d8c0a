/**
 * The one shared database suite, run against PGlite and Postgres alike: each
 * implementation gets one fresh database (PGlite takes seconds to start), and the
 * suites in ./suites only ever assert on rows they created themselves.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { KINDS, countRows, rowsOf, useDatabase } from './harness';
import { decaySuite } from './suites/decay';
import { jobsSuite } from './suites/jobs';
import { notificationsSuite } from './suites/notifications';
import { ledgerSuite } from './suites/ledger';
import { parametersSuite } from './suites/parameters';
import { playersSuite } from './suites/players';
import { worldSuite } from './suites/world';

describe.each(KINDS)('database on %s', (kind) => {
  const ctx = useDatabase(kind);

  it('migrations apply: every table exists, empty, and players use half-filled pages', async () => {
    const tables = ['players', 'regions', 'territories', 'world_meta', 'accounts', 'balances', 'transfers',
      'ledger_entries', 'parameters', 'parameter_changes', 'job_runs', 'scheduled_jobs'];
    for (const table of tables) {
      expect(await countRows(ctx.db, sql`SELECT count(*) AS n FROM ${sql.identifier(table)}`)).toBe(0);
    }
    const [players] = await rowsOf<{ reloptions: unknown }>(
      ctx.db,
      sql`SELECT reloptions FROM pg_class WHERE relname = 'players'`,
    );
    expect(String(players.reloptions)).toContain('fillfactor=50');
    // Migration 0012: transfers without a key take no entry in the key's unique index; a ledger leg
    // is keyed by (transfer, account) and has no id of its own.
    const indexes = await rowsOf<{ indexname: string; indexdef: string }>(
      ctx.db,
      sql`SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('transfers', 'ledger_entries', 'market_trades', 'market_orders') ORDER BY indexname`,
    );
    expect(indexes.find((i) => i.indexname === 'transfers_idempotency_key_unique')?.indexdef)
      .toMatch(/UNIQUE INDEX .* WHERE \(?idempotency_key IS NOT NULL\)?/);
    expect(indexes.filter((i) => i.indexname.startsWith('ledger_entries')).map((i) => i.indexdef.replace(/^.* USING btree /, '')))
      .toEqual(['(account_id)', '(transfer_id, account_id)']);
    // Migration 0013: a trade writes one index entry.
    expect(indexes.filter((i) => i.indexname.startsWith('market_trades')).map((i) => i.indexdef.replace(/^.* USING btree /, '')))
      .toEqual(['(instrument, id)']);
    // Migration 0014: an order row is written once, with one index entry (the resend key).
    expect(indexes.filter((i) => i.indexname.startsWith('market_orders')).map((i) => i.indexdef.replace(/^.* USING btree /, '')))
      .toEqual(['(player_id, client_order_id)']);
    const journal = JSON.parse(readFileSync(new URL('../migrations/meta/_journal.json', import.meta.url), 'utf8'));
    expect(await countRows(ctx.db, sql`SELECT count(*) AS n FROM drizzle.__drizzle_migrations`)).toBe(
      journal.entries.length,
    );
  });

  ledgerSuite(ctx);
  playersSuite(ctx);
  decaySuite(ctx);
  worldSuite(ctx);
  parametersSuite(ctx);
  jobsSuite(ctx);
  notificationsSuite(ctx);
});
