import { describe, expect, it } from 'vitest';
import { Client } from '@colyseus/sdk';
import { mint, withTransaction } from '@datavism/db';
import { restartableGame } from '../utils/restartable';
import { api, registerPlayer } from '../utils/http';
import { waitFor } from '../utils/env';

// A game day lasts 3 real seconds: an economic proposal closes 9 s after it is made.
const game = restartableGame('gov', { JWT_SECRET: 'g'.repeat(40), TIME_SCALE: '28800' });

describe('governance survives a restart', () => {
  it('a proposal made before a SIGKILL is closed by its durable job after the restart and its parameter applied', async () => {
    const g = await game();
    const { pg, database } = g;
    let server = await g.start();
    const a = await registerPlayer(server.url);
    // Twice the deposit: the monthly influence_points decay (2 %, every 90 s at this time scale)
    // may run between the mint and the proposal.
    await withTransaction(database.db, (tx) => mint(tx, { kind: 'player', id: a.player.id }, 'influence_points', 200n, 'test'));

    const client = new Client(server.url);
    client.auth.token = a.token;
    const room = await client.joinOrCreate('council');
    const replies: any[] = [];
    room.onMessage('proposed', (m) => replies.push(m));
    room.onMessage('voted', (m) => replies.push(m));
    room.onMessage('error', (m) => replies.push(m));
    room.onMessage('me', () => {});
    room.send('propose', { kind: 'economic', title: 'Fee to 2.5 %', parameterName: 'market_taker_fee_bps', parameterValue: 250 });
    const proposed = await waitFor(() => replies.find((r) => r.id), 10_000, 'proposed');
    room.send('vote', { proposalId: proposed.id, support: true });
    await waitFor(() => replies.find((r) => r.proposalId), 10_000, 'voted');

    await server.kill('SIGKILL');
    expect(Date.now()).toBeLessThan(proposed.closesAt);
    server = await g.start();

    const closed = await waitFor(async () => {
      const p = (await api(server!.url, 'GET', `/api/proposals/${proposed.id}`)).body;
      return p.status !== 'open' ? p : null;
    }, 30_000, 'proposal closed after restart');
    expect(closed).toMatchObject({ status: 'passed', quorumReached: true, eligibleWeight: 1, yesWeight: 1 });
    const params = (await api(server.url, 'GET', '/api/parameters')).body as any[];
    expect(params.find((p) => p.name === 'market_taker_fee_bps').value).toBe(250);
    const log = await pg.query('SELECT new_value, proposal_id FROM parameter_changes');
    expect(log).toEqual([{ new_value: 250, proposal_id: proposed.id }]);
    // The close commits inside the job; the run's 'done' is written right after it.
    const runs = await waitFor(async () => {
      const rows = await pg.query(`SELECT status FROM job_runs WHERE name LIKE 'proposal-close#%'`);
      return rows.some((r: { status: string }) => r.status === 'running') ? undefined : rows;
    }, 10_000, 'the close run finished');
    expect(runs).toEqual([{ status: 'done' }]);
  });
});
