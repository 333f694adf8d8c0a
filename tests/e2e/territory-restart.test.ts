import { afterAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase } from '../utils/pg';
import { startServerProcess, type ServerProcess } from '../utils/process';
import { api, registerPlayer } from '../utils/http';
import { tempDir, waitFor } from '../utils/env';

// TIME_SCALE 6: the default 30 s muster lasts 5 s and the 60 s battle window 10 s.
const TIME_SCALE = 6;
let server: ServerProcess | null = null;
let db: Awaited<ReturnType<typeof freshPostgresDatabase>> | null = null;

afterAll(async () => {
  await server?.kill('SIGKILL');
  await db?.drop();
});

describe('territory warfare across a crash', () => {
  it('siege: a server SIGKILLed during the battle resolves the siege at its persisted deadline after restart', async () => {
    db = await freshPostgresDatabase('siege');
    const port = 28000 + Math.floor(Math.random() * 2000);
    const env = { DATABASE_URL: db.url, JWT_SECRET: 'r'.repeat(40), TIME_SCALE: String(TIME_SCALE), DATA_DIR: tempDir() };
    server = await startServerProcess(port, env);

    // A level-1 ghost-type squad (elite, 3 members = 600 points: no perks) against an AC garrison of 20.
    const leader = await registerPlayer(server.url);
    const others = [await registerPlayer(server.url), await registerPlayer(server.url)];
    const [squad] = await db.query(`INSERT INTO squads (name, name_key, type, leader_id) VALUES ('Crashers', 'crashers', 'ghost', $1) RETURNING id::text`, [leader.player.id]);
    for (const [i, p] of [leader, ...others].entries()) {
      await db.query('INSERT INTO squad_members (squad_id, player_id, role) VALUES ($1, $2, $3)', [squad.id, p.player.id, i === 0 ? 'leader' : 'member']);
    }
    const [target] = await db.query(`SELECT id FROM territories WHERE status = 'occupied' ORDER BY id LIMIT 1`);
    await db.query('UPDATE territories SET garrison = 20 WHERE id = $1', [target.id]);
    await db.query('UPDATE players SET deployed_territory_id = $1, deployed_at = now() WHERE id = ANY($2::uuid[])',
      [target.id, [leader, ...others].map((p) => p.player.id)]);

    const declared = await api(server.url, 'POST', `/api/territories/${target.id}/siege`, {}, leader.token);
    expect(declared.status).toBe(201);
    expect(declared.body.musterEndsAt - declared.body.declaredAt).toBe(5000);
    expect(declared.body.battleEndsAt - declared.body.musterEndsAt).toBe(10_000);

    // Kill the process once the battle has begun (the siege-battle job moved the phase).
    await waitFor(async () => (await db!.query('SELECT status FROM sieges WHERE id = $1', [declared.body.id]))[0].status === 'battle', 15_000, 'battle');
    await server.kill('SIGKILL');
    server = await startServerProcess(port, env);

    const resolved = await waitFor(async () => {
      const [row] = await db!.query(`SELECT status, result, attacker_strength, defender_strength, resolved_at, battle_ends_at
          FROM sieges WHERE id = $1`, [declared.body.id]);
      return row.status === 'resolved' ? row : null;
    }, 30_000, 'resolved after restart');
    // 3 × 10 = 30 against 20 × 1.3 = 26.
    expect(resolved).toMatchObject({ result: 'attacker', attacker_strength: 30, defender_strength: 26 });
    expect(new Date(resolved.resolved_at).getTime()).toBeGreaterThanOrEqual(new Date(resolved.battle_ends_at).getTime());
    const [t] = await db.query('SELECT status, holder_squad_id FROM territories WHERE id = $1', [target.id]);
    expect(t).toEqual({ status: 'liberated', holder_squad_id: squad.id });
  });
});
