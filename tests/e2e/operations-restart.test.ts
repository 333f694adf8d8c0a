import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase } from '../utils/pg';
import { startServerProcess, type ServerProcess } from '../utils/process';
import { tempDir, waitFor } from '../utils/env';
import { api, registerPlayer } from '../utils/http';

// Restarts of a real server process (SIGKILL) while an operation is active and while it is
// being resolved: the durable phase jobs resume from the database and the pool is paid once.
let pg: Awaited<ReturnType<typeof freshPostgresDatabase>>;
let server: ServerProcess | null = null;
let port = 0;
const env = () => ({ DATABASE_URL: pg.url, JWT_SECRET: 'r'.repeat(40), DATA_DIR: tempDir(), ADMIN_NAME: 'ops_admin', ADMIN_PASSWORD: 'admin-password-1' });

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const p = (srv.address() as { port: number }).port;
      srv.close(() => resolve(p));
    });
  });
}

async function credits(playerId: string): Promise<bigint> {
  const rows = await pg.query(`SELECT coalesce(sum(b.amount), 0)::text AS n FROM balances b JOIN accounts a ON a.id = b.account_id
    WHERE a.kind = 'player' AND a.owner_id = $1 AND b.resource = 'resistance_credits'`, [playerId]);
  return BigInt(rows[0].n);
}

async function payouts(operationId: string): Promise<number> {
  const rows = await pg.query(`SELECT count(*)::int AS n FROM transfers WHERE reason = $1`, [`operation_payout:${operationId}`]);
  return rows[0].n;
}

beforeAll(async () => {
  pg = await freshPostgresDatabase('ops');
  port = await freePort();
  server = await startServerProcess(port, env());
});
afterAll(async () => {
  await server?.kill('SIGKILL');
  await pg?.drop();
});

describe('operations survive restarts', () => {
  it('SIGKILL during the active phase: the resolution job still runs after restart and pays once; a crash during resolution pays once', async () => {
    const url = () => `http://127.0.0.1:${port}`;
    const admin = await api(url(), 'POST', '/api/auth/login', { name: 'ops_admin', password: 'admin-password-1' });
    const token = admin.body.token as string;
    const player = await registerPlayer(url());
    const before = await credits(player.player.id);

    // A 6-second (0.00167 h) operation whose only objective is solving 1 challenge; the player
    // gets points through a direct progress row (the challenge feature is another engineer's).
    const created = await api(url(), 'POST', '/api/gm/operations', {
      operation: {
        type: 'flashpoint', name: 'Restart Op', durationHours: 6 / 3600, pool: { resource: 'resistance_credits', amount: 400 },
        objectives: [{ tier: 'primary', kind: 'solve_challenges', title: 'Solve', target: 1 }],
      },
    }, token);
    expect(created.status).toBe(201);
    const opId = created.body.id as string;
    await pg.query(`INSERT INTO operation_participants (operation_id, player_id, name, points) VALUES ($1, $2, 'p', 1000000)`, [opId, player.player.id]);
    await pg.query(`UPDATE operation_objectives SET progress = 1 WHERE operation_id = $1`, [opId]);

    // Kill the process while the operation is active; its resolution job is in scheduled_jobs.
    await server!.kill('SIGKILL');
    const jobs = await pg.query(`SELECT key FROM scheduled_jobs WHERE key = $1 AND done_at IS NULL`, [`op:${opId}:resolution`]);
    expect(jobs).toHaveLength(1);
    server = await startServerProcess(port, env());
    await waitFor(async () => (await pg.query(`SELECT phase FROM operations WHERE id = $1`, [opId]))[0].phase === 'ended', 30_000, 'resolved after restart');
    expect((await pg.query(`SELECT outcome FROM operations WHERE id = $1`, [opId]))[0].outcome).toBe('success');
    expect(await credits(player.player.id) - before).toBe(400n);
    expect(await payouts(opId)).toBe(1);

    // A crash during resolution: the process died with the phase at `resolution` and the
    // payout transaction rolled back (resolved_at NULL). Model it, then restart: paid once.
    const second = await api(url(), 'POST', '/api/gm/operations', {
      operation: {
        type: 'rapid', name: 'Crash Op', pool: { resource: 'resistance_credits', amount: 200 },
        objectives: [{ tier: 'primary', kind: 'solve_challenges', title: 'Solve', target: 1 }],
      },
    }, token);
    const op2 = second.body.id as string;
    await pg.query(`INSERT INTO operation_participants (operation_id, player_id, name, points) VALUES ($1, $2, 'p', 5)`, [op2, player.player.id]);
    await server!.kill('SIGKILL');
    await pg.query(`UPDATE operations SET phase = 'resolution' WHERE id = $1`, [op2]);
    server = await startServerProcess(port, env());
    await waitFor(async () => (await pg.query(`SELECT phase FROM operations WHERE id = $1`, [op2]))[0].phase === 'ended', 30_000, 'resumed resolution');
    // Failure (objective not done): 25 % of 200.
    expect(await credits(player.player.id) - before).toBe(400n + 50n);
    // Another restart and a GM "end" change nothing.
    await server!.kill('SIGKILL');
    await pg.query(`UPDATE operations SET phase = 'resolution' WHERE id = $1`, [op2]);
    server = await startServerProcess(port, env());
    await waitFor(async () => (await pg.query(`SELECT phase FROM operations WHERE id = $1`, [op2]))[0].phase === 'ended', 30_000, 'ended again');
    expect(await credits(player.player.id) - before).toBe(450n);
    expect(await payouts(op2)).toBe(1);
    const inv = await pg.query(`SELECT r.resource,
        (SELECT coalesce(sum(amount), 0) FROM balances WHERE resource = r.resource)::text AS bal,
        ((SELECT coalesce(sum(t.amount), 0) FROM transfers t JOIN accounts a ON a.id = t.from_account_id WHERE a.kind = 'mint' AND t.resource = r.resource)
         - (SELECT coalesce(sum(t.amount), 0) FROM transfers t JOIN accounts a ON a.id = t.to_account_id WHERE a.kind = 'burn' AND t.resource = r.resource))::text AS net
      FROM (VALUES ('resistance_credits')) r(resource)`);
    expect(inv[0].bal).toBe(inv[0].net);
  }, 180_000);
});
