import { describe, expect, it } from 'vitest';
import { Client } from '@colyseus/sdk';
import {
  balanceOf, createPlayer, getDecision, ledgerInvariant, mint, setParameter, withTransaction,
} from '@datavism/db';
import { signToken } from '@datavism/game-server';
import { restartableGame } from '../utils/restartable';
import { api } from '../utils/http';
import { playerName, waitFor } from '../utils/env';

// TIME_SCALE 450 and a 1-hour decision period: a squad decision closes 8 s after it is proposed
// (room for the votes and the SIGKILL on a loaded CI machine).
const SECRET = 's'.repeat(40);
const game = restartableGame('sqr', { JWT_SECRET: SECRET, TIME_SCALE: '450' });

describe('squad decisions survive a restart', () => {
  it('a spend voted before a SIGKILL is closed by its durable job after the restart and paid exactly once', async () => {
    const g = await game();
    const { pg } = g;
    const db = g.database.db;
    await setParameter(db, { name: 'squad_decision_period_hours', value: 1, changedBy: 'test', reason: 'short decision period' });
    let server = await g.start();

    const people = await Promise.all([0, 1, 2, 3, 4].map(async () => {
      const name = playerName('sqr');
      const p = await createPlayer(db, { name, passwordHash: 'unused' });
      return { id: p.id, token: signToken(SECRET, { sub: p.id, name }) };
    }));
    const [leader, ...members] = people;
    const created = await api(server.url, 'POST', '/api/squads', { name: playerName('squad'), type: 'strike_team' }, leader.token);
    expect(created.status).toBe(201);
    const squadId: string = created.body.id;
    for (const m of members) expect((await api(server.url, 'POST', `/api/squads/${squadId}/join`, {}, m.token)).status).toBe(200);
    await withTransaction(db, (tx) => mint(tx, { kind: 'squad', id: squadId }, 'resistance_credits', 600n, 'test_grant'));

    const seats = await Promise.all([leader, members[0], members[1]].map(async (p) => {
      const client = new Client(server.url);
      client.auth.token = p.token;
      const room = await client.joinOrCreate('squad', { squadId });
      const inbox: any[] = [];
      room.onMessage('proposed', (m) => inbox.push(m));
      room.onMessage('voted', (m) => inbox.push(m));
      for (const type of ['me', 'error', 'contributed', 'withdrawn']) room.onMessage(type, () => {});
      return { room, inbox };
    }));
    const recipient = members[3];
    seats[0].room.send('propose', { kind: 'spend', resource: 'resistance_credits', amount: '250', toPlayerId: recipient.id });
    const proposed = await waitFor(() => seats[0].inbox.find((m) => m.decisionId && m.closesAt), 5000, 'proposed');
    for (const seat of seats) seat.room.send('vote', { decisionId: proposed.decisionId, yes: true });
    await waitFor(async () => (await getDecision(db, proposed.decisionId))?.yes === 3, 5000, 'three yes votes stored');

    await server.kill('SIGKILL');
    expect(Date.now()).toBeLessThan(proposed.closesAt);
    server = await g.start();

    const closed = await waitFor(async () => {
      const d = await getDecision(db, proposed.decisionId);
      return d && d.status !== 'open' ? d : null;
    }, 30_000, 'decision closed after the restart');
    expect(closed).toMatchObject({ status: 'passed', yes: 3, no: 0 });
    expect(closed!.closedAt!.getTime()).toBeGreaterThanOrEqual(closed!.closesAt.getTime());
    await waitFor(async () => (await balanceOf(db, { kind: 'player', id: recipient.id }, 'resistance_credits')) === 250n, 10_000, 'paid');
    expect(await balanceOf(db, { kind: 'squad', id: squadId }, 'resistance_credits')).toBe(350n);
    // The close commits inside the job; the run's 'done' is written right after it.
    const runs = await waitFor(async () => {
      const rows = await pg.query(`SELECT status FROM job_runs WHERE name LIKE 'squad-decision-close#%'`);
      return rows.some((r: { status: string }) => r.status === 'running') ? undefined : rows;
    }, 10_000, 'the close run finished');
    expect(runs).toEqual([{ status: 'done' }]);
    for (const line of await ledgerInvariant(db)) expect(line.holds).toBe(true);
  });
});
