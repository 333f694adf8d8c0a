import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createPlayer, setPlayerRole } from '@datavism/db';
import { signToken } from '@datavism/game-server';
import { restartableGame, type RestartableGame } from '../utils/restartable';
import { api } from '../utils/http';
import { REDIS_URL, playerName, uniquePrefix, waitFor } from '../utils/env';
import { deploy, makeSquad, q } from './territory-fixtures';

// A state change and the deadline job that ends it commit in one transaction (scheduled_jobs is
// the outbox). FAULT_INJECT=after-commit:<point> makes the server SIGKILL itself right after that
// commit, before it tells the job runner; the restarted server must still meet the deadline.

const SECRET = 'f'.repeat(40);
const prefix = uniquePrefix('faults');

afterAll(async () => {
  // Only this file's keys: other files share the Redis.
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

/** Sends a request the server dies on: no answer comes, and the process is gone. */
async function diesOn(g: RestartableGame, request: () => Promise<unknown>): Promise<void> {
  const answer = await request().then((r) => ({ answered: r }), (err: unknown) => ({ failed: err }));
  expect(answer).toHaveProperty('failed');
  await waitFor(() => g.server.child.signalCode, 10_000, 'the server to die');
  expect(g.server.child.signalCode).toBe('SIGKILL');
}

const runners: { runner: string; env: Record<string, string> }[] = [
  { runner: 'in-process', env: {} },
  { runner: 'BullMQ', env: { REDIS_URL, REDIS_PREFIX: `${prefix}-siege` } },
];

describe.each(runners)('deadlines committed right before a crash ($runner runner)', ({ env }) => {
  // TIME_SCALE 6: the default 30 s muster lasts 5 s and the 60 s battle window 10 s.
  const game = restartableGame('faults', { JWT_SECRET: SECRET, TIME_SCALE: '6', ...env });

  it('siege: a server killed right after the declaration commits resolves the siege at its deadline once restarted', async () => {
    const g = await game();
    const db = g.database.db;
    let server = await g.start({ FAULT_INJECT: 'after-commit:siege-declare' });
    // A level-1 ghost-type squad (3 members = 600 points: no perks) against an AC garrison of 20.
    const squad = await makeSquad(db, SECRET, { type: 'ghost', size: 3 });
    const [target] = await q(db, `SELECT id FROM territories WHERE status = 'occupied' ORDER BY id LIMIT 1`);
    // At its maximum, so the hourly regrowth (which runs at each start) leaves it at 20.
    await q(db, 'UPDATE territories SET garrison = 20, garrison_max = 20 WHERE id = $1', [target.id]);
    await deploy(db, squad.members, target.id);

    await diesOn(g, () => api(server.url, 'POST', `/api/territories/${target.id}/siege`, {}, squad.members[0]!.token));
    // The declaration and both of its deadlines committed together; nothing ran them yet.
    const [siege] = await q(db, `SELECT id::text, status, muster_ends_at, battle_ends_at FROM sieges WHERE territory_id = $1`, [target.id]);
    expect(siege.status).toBe('muster');
    expect((await q(db, 'SELECT status FROM territories WHERE id = $1', [target.id]))[0].status).toBe('contested');
    const jobs = await q(db, `SELECT key, name, run_at, done_at FROM scheduled_jobs WHERE key LIKE $1 ORDER BY run_at`, [`siege:${siege.id}:%`]);
    expect(jobs).toEqual([
      { key: `siege:${siege.id}:battle`, name: 'siege-battle', run_at: siege.muster_ends_at, done_at: null },
      { key: `siege:${siege.id}:resolve`, name: 'siege-resolve', run_at: siege.battle_ends_at, done_at: null },
    ]);

    server = await g.start(); // the same server, the fault disarmed
    const resolved = await waitFor(async () => {
      const [row] = await q(db, 'SELECT status, result, attacker_strength, defender_strength, resolved_at FROM sieges WHERE id = $1', [siege.id]);
      return row.status === 'resolved' ? row : null;
    }, 30_000, 'the siege resolved after the restart');
    // 3 × 10 = 30 against 20 × 1.3 = 26.
    expect(resolved).toMatchObject({ result: 'attacker', attacker_strength: 30, defender_strength: 26 });
    expect(new Date(resolved.resolved_at).getTime()).toBeGreaterThanOrEqual(new Date(siege.battle_ends_at).getTime());
    expect(await q(db, 'SELECT status, holder_squad_id FROM territories WHERE id = $1', [target.id]))
      .toEqual([{ status: 'liberated', holder_squad_id: squad.id }]);
    // The siege resolves inside the job; the run's 'done' is written right after it.
    const runs = await waitFor(async () => {
      const rows = await q(db, `SELECT name, status FROM job_runs WHERE name LIKE 'siege-%#siege:' || $1 || ':%' ORDER BY name`, [siege.id]);
      return rows.some((r: { status: string }) => r.status === 'running') ? undefined : rows;
    }, 10_000, 'the runs finished');
    expect(runs).toEqual([
      { name: `siege-battle#siege:${siege.id}:battle`, status: 'done' },
      { name: `siege-resolve#siege:${siege.id}:resolve`, status: 'done' },
    ]);
    expect(server.output()).not.toMatch(/job runner not told/);
  });
});

describe('deadlines committed right before a crash: council election', () => {
  // A game day lasts 3 real seconds: nomination 3 days = 9 s.
  const game = restartableGame('faults_election', { JWT_SECRET: SECRET, TIME_SCALE: '28800' });

  it('election: a server killed right after a GM opens an election moves it to its campaign at the nomination deadline once restarted', async () => {
    const g = await game();
    const db = g.database.db;
    const server = await g.start({ FAULT_INJECT: 'after-commit:election-open' });
    const gm = await createPlayer(db, { name: playerName('gm'), passwordHash: 'x' });
    await setPlayerRole(db, gm.id, 'gm');
    const token = signToken(SECRET, { sub: gm.id, name: gm.name });

    await diesOn(g, () => api(server.url, 'POST', '/api/gm/elections', { council: 'technical', nominationDays: 3, campaignDays: 3, votingDays: 1 }, token));
    const [e] = await q(db, `SELECT id::text, phase, nomination_ends_at, campaign_ends_at FROM elections WHERE council = 'technical'`);
    expect(e.phase).toBe('nomination');
    expect((await q(db, 'SELECT count(*)::int AS n FROM scheduled_jobs WHERE key LIKE $1', [`election:${e.id}:%`]))[0].n).toBe(3);

    await g.start();
    await waitFor(async () => (await q(db, 'SELECT phase FROM elections WHERE id = $1', [e.id]))[0].phase === 'campaign', 30_000, 'campaign');
    // The phase commits inside the job; the run's 'done' is written right after it.
    const run = await waitFor(async () => {
      const [r] = await q(db, 'SELECT scheduled_for, status FROM job_runs WHERE name = $1', [`election-phase#election:${e.id}:campaign`]);
      return r?.status === 'running' ? undefined : r;
    }, 10_000, 'the run finished');
    expect(run).toEqual({ scheduled_for: e.nomination_ends_at, status: 'done' });
    expect(Date.now()).toBeLessThan(new Date(e.campaign_ends_at).getTime()); // moved at its deadline, not at the next one
  });
});
