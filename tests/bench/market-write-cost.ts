/**
 * Where the durable market's order insert spends its time (the largest statement of a
 * 20,000-trade tick): the same INSERT … SELECT FROM jsonb_to_recordset the market writes, on a
 * scratch Postgres database, then again without the foreign key to players and without the
 * (player_id, status) index, and the JSON parsing alone.
 *
 *   cd tests && npx tsx bench/market-write-cost.ts
 */
import { randomUUID } from 'node:crypto';
import { openDatabase } from '@datavism/db';
import { freshPostgresDatabase } from '../utils/pg';
import { machine } from './machine';

const ROWS = 20_000;
const COLUMNS = `id uuid, player_id uuid, client_order_id text, instrument text, side text, kind text,
  price bigint, size bigint, remaining bigint, status text, seq bigint`;
const INSERT = `INSERT INTO market_orders (id, player_id, client_order_id, instrument, side, kind, price, size, remaining, status, seq)
  SELECT id, player_id, client_order_id, instrument, side, kind, price, size, remaining, status, seq
  FROM jsonb_to_recordset($1::jsonb) AS x(${COLUMNS})`;

const pg = await freshPostgresDatabase('mcost');
const database = await openDatabase({ databaseUrl: pg.url, poolSize: 2 }); // migrates
try {
  await pg.query(`INSERT INTO players (name, name_key, password_hash) SELECT 'm' || g, 'm' || g, 'x' FROM generate_series(1, 200) g`);
  const ids = (await pg.query('SELECT id FROM players')).map((r: { id: string }) => r.id);
  const json = JSON.stringify(Array.from({ length: ROWS }, (_, i) => ({
    id: randomUUID(), player_id: ids[i % ids.length], client_order_id: `c${i}`, instrument: 'cpu_cycles', side: 'buy',
    kind: 'limit', price: '100', size: '1', remaining: '0', status: 'filled', seq: String(i + 1),
  })));
  const timed = async (label: string, sql: string) => {
    const t = performance.now();
    await pg.query(sql, [json]);
    console.log(`${label}: ${(performance.now() - t).toFixed(0)} ms`);
  };
  console.log(`machine: ${machine()}; ${ROWS.toLocaleString('en')} filled orders, ${(json.length / 1e6).toFixed(1)} MB of JSON`);
  await timed('parse the JSON parameter only', `SELECT count(*) FROM jsonb_to_recordset($1::jsonb) AS x(${COLUMNS})`);
  await timed('insert as the market does', INSERT);
  await pg.query('DELETE FROM market_orders');
  await pg.query('ALTER TABLE market_orders DROP CONSTRAINT market_orders_player_id_players_id_fk');
  await timed('insert without the foreign key to players', INSERT);
  await pg.query('DELETE FROM market_orders');
  await pg.query('DROP INDEX market_orders_player_idx');
  await timed('insert without that foreign key and the (player_id, status) index', INSERT);
} finally {
  await database.close();
  await pg.drop();
}
process.exit(0);
