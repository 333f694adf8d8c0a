import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlayer } from '@datavism/db';
import { hashPassword } from '@datavism/game-server';
import { q } from './territory-fixtures';
import { startGame, type RunningGame } from '../utils/game';
import { api, registerPlayer } from '../utils/http';
import { playerName } from '../utils/env';

let run: RunningGame;
beforeAll(async () => {
  run = await startGame({ db: 'pglite', env: { ADMIN_NAME: 'root_admin', ADMIN_PASSWORD: 'admin-password-1' } });
});
afterAll(async () => run?.close());

describe('accounts over HTTP', () => {
  it('registers, logs in, and reads the profile with the token', async () => {
    const p = await registerPlayer(run.url);
    expect(p.token).toBeTruthy();
    expect(p.player).toMatchObject({ name: p.name, role: 'player', rank: 'Recruit', loginStreak: 1 });
    // GAME §1.3: registering counts as the day's first login: streak 1 pays 110 credits and 10 cpu_cycles.
    expect(p.player.balances).toMatchObject({ resistance_credits: '110', cpu_cycles: '10' });
    expect(p.player.xp).toBe(52);
    const login = await api(run.url, 'POST', '/api/auth/login', { name: p.name, password: p.password });
    expect(login.status).toBe(200);
    expect(login.body.dailyLogin).toBeNull(); // same UTC day: nothing more
    expect(login.body.player.balances.resistance_credits).toBe('110');
    const me = await api(run.url, 'GET', '/api/me', undefined, login.body.token);
    expect(me.body).toMatchObject({ id: p.player.id, name: p.name });
  });

  it('a login on the 7th and the 30th consecutive UTC day pays a liberation key and a truth token through the login route (GAME §1.3)', async () => {
    // Days cannot pass in a test: each player is stored with the streak that 6 (or 29) consecutive
    // days up to yesterday leave, and has not logged in today; the login route does the rest.
    const db = run.game.services.database.db;
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const loginAfterStreak = async (streak: number) => {
      const name = playerName();
      const password = 'streak password';
      const p = await createPlayer(db, { name, passwordHash: await hashPassword(password) });
      await q(db, 'UPDATE players SET login_streak = $1, last_login_day = $2::date WHERE id = $3', [streak, yesterday, p.id]);
      const res = await api(run.url, 'POST', '/api/auth/login', { name, password });
      expect(res.status).toBe(200);
      return res.body;
    };
    const seventh = await loginAfterStreak(6);
    // s = 7: credits 100·1.7 = 170, XP 50·1.35 = 67 (floored), cpu_cycles 10·7 = 70, one liberation_key.
    expect(seventh.dailyLogin).toMatchObject({ streak: 7, reward: { resistance_credits: 170, xp: 67, cpu_cycles: 70, liberation_keys: 1, truth_tokens: 0 } });
    expect(seventh.player).toMatchObject({ loginStreak: 7, xp: 67 });
    expect(seventh.player.balances).toMatchObject({ resistance_credits: '170', cpu_cycles: '70', liberation_keys: '1', truth_tokens: '0' });
    const thirtieth = await loginAfterStreak(29);
    // s = 30: credits 100·4 = 400, XP 50·2.5 = 125, cpu_cycles 10·7 = 70, one truth_token, no key.
    expect(thirtieth.dailyLogin).toMatchObject({ streak: 30, reward: { resistance_credits: 400, xp: 125, cpu_cycles: 70, liberation_keys: 0, truth_tokens: 1 } });
    expect(thirtieth.player).toMatchObject({ loginStreak: 30, xp: 125 });
    expect(thirtieth.player.balances).toMatchObject({ resistance_credits: '400', cpu_cycles: '70', liberation_keys: '0', truth_tokens: '1' });
  });

  it('refuses duplicate names (case-insensitive), bad bodies and wrong passwords with typed errors', async () => {
    const p = await registerPlayer(run.url);
    const dup = await api(run.url, 'POST', '/api/auth/register', { name: p.name.toUpperCase(), password: 'another password' });
    expect(dup).toMatchObject({ status: 409, body: { code: 'NAME_TAKEN' } });
    for (const body of [{}, { name: 'x', password: 'long enough pw' }, { name: 'ok_name', password: 'short' }, { name: 'ok_name2', password: 'long enough', extra: 1 }]) {
      const res = await api(run.url, 'POST', '/api/auth/register', body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('BAD_REQUEST');
    }
    const wrong = await api(run.url, 'POST', '/api/auth/login', { name: p.name, password: 'not the password' });
    expect(wrong).toMatchObject({ status: 401, body: { code: 'INVALID_CREDENTIALS' } });
    const malformed = await fetch(run.url + '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' });
    expect(malformed.status).toBe(400);
    const huge = await api(run.url, 'POST', '/api/auth/login', { name: 'a', password: 'b'.repeat(100_000) });
    expect(huge.status).toBe(413);
    expect((await api(run.url, 'GET', '/api/me')).status).toBe(401);
  });

  it('rate-limits login attempts', async () => {
    const name = playerName();
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await api(run.url, 'POST', '/api/auth/login', { name, password: 'whatever-pass' })).status);
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
  });

  it('gm and admin routes answer 403 to players and work for an admin', async () => {
    const p = await registerPlayer(run.url);
    expect((await api(run.url, 'GET', '/api/gm/jobs', undefined, p.token)).status).toBe(403);
    expect((await api(run.url, 'POST', `/api/admin/players/${p.name}/role`, { role: 'gm' }, p.token)).status).toBe(403);
    const admin = await api(run.url, 'POST', '/api/auth/login', { name: 'root_admin', password: 'admin-password-1' });
    expect(admin.body.player.role).toBe('admin');
    const promote = await api(run.url, 'POST', `/api/admin/players/${p.name}/role`, { role: 'gm' }, admin.body.token);
    expect(promote.status).toBe(200);
    // The role is read from the database on every request: the player's old token now carries gm rights.
    expect((await api(run.url, 'GET', '/api/gm/jobs', undefined, p.token)).status).toBe(200);
    expect((await api(run.url, 'GET', '/colyseus/api', undefined, p.token)).status).toBe(403);
  });

  it('reports health and Prometheus metrics', async () => {
    const health = await api(run.url, 'GET', '/health');
    expect(health.body).toMatchObject({ status: 'ok', database: 'pglite', presence: 'local', jobs: 'in-process' });
    const metrics = await fetch(run.url + '/metrics').then((r) => r.text());
    for (const name of ['datavism_rooms', 'datavism_clients', 'datavism_messages_total', 'datavism_job_runs_total', 'datavism_errors_total', 'datavism_patch_bytes_total',
      'datavism_room_commit_seconds', 'datavism_room_input_seconds']) {
      expect(metrics).toContain(name);
    }
  });

  it('serves the parameter registry with live values', async () => {
    const params = await api(run.url, 'GET', '/api/parameters');
    const fee = params.body.find((p: any) => p.name === 'market_taker_fee_bps');
    expect(fee).toMatchObject({ default: 200, min: 0, max: 500, value: 200 });
  });
});
