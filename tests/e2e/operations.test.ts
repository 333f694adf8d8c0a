import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Room } from '@colyseus/sdk';
import { balanceOf, burn, getPlayer, ledgerInvariant, mint, setPlayerRole, withTransaction, type Db } from '@datavism/db';
import { startGame, type RunningGame } from '../utils/game';
import { api, registerPlayer } from '../utils/http';
import { waitFor } from '../utils/env';

let run: RunningGame;
let db: Db;
let gmToken: string;

async function gm(): Promise<string> {
  const g = await registerPlayer(run.url);
  await setPlayerRole(db, g.player.id, 'gm');
  return g.token;
}

async function fund(playerId: string, resource: string, amount: bigint): Promise<void> {
  await withTransaction(db, (tx) => mint(tx, { kind: 'player', id: playerId }, resource as never, amount, 'test_fund'));
}

async function snapshot(database: Db, ids: string[]) {
  return Promise.all(ids.map(async (id) => ({
    cpu: await balanceOf(database, { kind: 'player', id }, 'cpu_cycles'),
    data: await balanceOf(database, { kind: 'player', id }, 'data_credits'),
    credits: await balanceOf(database, { kind: 'player', id }, 'resistance_credits'),
    xp: (await getPlayer(database, id))!.xp,
  })));
}

async function joinOperation(token: string, operationId: string) {
  const client = new Client(run.url);
  client.auth.token = token;
  const room: Room<any, any> = await client.joinOrCreate('operation', { operationId });
  const errors: any[] = [];
  const contributed: any[] = [];
  room.onMessage('error', (e) => errors.push(e));
  room.onMessage('contributed', (m) => contributed.push(m));
  room.onMessage('joined', () => {});
  room.onMessage('handler', () => {});
  await waitFor(() => room.state.id === operationId, 5000, 'operation state');
  return { room, errors, contributed };
}

/** A from-scratch operation: 300 cpu_cycles (primary), a hidden 100 data_credits objective revealed at 50 %. */
function scratch(pool: number, xpPool = 0) {
  return {
    type: 'rapid', name: 'Test Op', briefing: 'Brief.', handler: 'Cipher', requiredPlayers: 1, xpPool,
    pool: { resource: 'resistance_credits', amount: pool },
    objectives: [
      { tier: 'primary', kind: 'contribute', title: 'Cycles', resource: 'cpu_cycles', target: 300 },
      { tier: 'hidden', kind: 'contribute', title: 'Secret drop', description: 'the secret', resource: 'data_credits', target: 100, revealAt: 0.5 },
    ],
  };
}

beforeAll(async () => {
  run = await startGame({ db: 'postgres', env: { TRIGGER_SECRET: 's'.repeat(32) } });
  db = run.game.services.database.db;
  gmToken = await gm();
});
afterAll(async () => {
  await run?.close();
});

describe('operations end to end (real SDK clients)', () => {
  it('GM launches, players join and contribute, success pays the pools pro rata exactly; the hidden objective is absent before it is revealed', async () => {
    const created = await api(run.url, 'POST', '/api/gm/operations', { operation: scratch(1000, 90) }, gmToken);
    expect(created.status).toBe(201);
    const op = created.body;
    expect(op.phase).toBe('active');
    // Hidden objective: redacted in HTTP, nothing of its content anywhere.
    expect(op.objectives[1]).toMatchObject({ classified: true, title: '[CLASSIFIED]', kind: '', resource: '', target: 0, description: '' });
    expect(JSON.stringify(op)).not.toContain('Secret drop');
    expect(JSON.stringify(op)).not.toContain('the secret');

    const a = await registerPlayer(run.url);
    const b = await registerPlayer(run.url);
    await fund(a.player.id, 'cpu_cycles', 1000n);
    await fund(b.player.id, 'cpu_cycles', 1000n);
    await fund(b.player.id, 'data_credits', 1000n);
    // Registration's daily login already paid some cpu_cycles, credits and XP: compare deltas.
    const before = await snapshot(db, [a.player.id, b.player.id]);
    const A = await joinOperation(a.token, op.id);
    const B = await joinOperation(b.token, op.id);
    A.room.send('join', {});
    B.room.send('join', {});
    await waitFor(() => A.room.state.participants === 2, 5000, 'two participants');

    // Decoded state: the hidden objective is [CLASSIFIED] with no content.
    const hidden = () => B.room.state.objectives[1];
    expect(hidden().classified).toBe(true);
    expect(hidden().title).toBe('[CLASSIFIED]');
    expect(hidden().resource).toBe('');
    expect(hidden().target).toBe(0);

    // Contributing data_credits before the reveal is refused (no such visible objective); nothing moves.
    B.room.send('contribute', { resource: 'data_credits', amount: 10 });
    await waitFor(() => B.errors.length === 1, 5000, 'error');
    expect(B.errors[0]).toMatchObject({ code: 'BAD_REQUEST', type: 'contribute' });
    expect(await balanceOf(db, { kind: 'player', id: b.player.id }, 'data_credits')).toBe(before[1].data + 0n);

    // A contributes 100, B 200 → progress 300/300 on the primary = weight 1 of 2 → 50 %: revealed.
    A.room.send('contribute', { resource: 'cpu_cycles', amount: 100 });
    await waitFor(() => A.contributed.length === 1, 5000, 'A contributed');
    B.room.send('contribute', { resource: 'cpu_cycles', amount: 250 }); // only 200 accepted
    await waitFor(() => B.contributed.length === 1, 5000, 'B contributed');
    expect(B.contributed[0].accepted).toBe(200);
    await waitFor(() => A.room.state.objectives[0].progress === 300, 5000, 'progress broadcast');
    await waitFor(() => !hidden().classified, 5000, 'hidden revealed');
    expect(hidden().title).toBe('Secret drop');
    expect(hidden().resource).toBe('data_credits');
    expect(A.room.state.progress).toBeCloseTo(0.5, 10);
    await waitFor(() => A.room.state.topContributors.length === 2, 5000, 'top contributors');
    expect(A.room.state.topContributors[0].playerId).toBe(b.player.id);
    const viaHttp = await api(run.url, 'GET', `/api/operations/${op.id}`, undefined, a.token);
    expect(viaHttp.body.objectives[1]).toMatchObject({ classified: false, title: 'Secret drop', target: 100 });

    expect(await balanceOf(db, { kind: 'player', id: a.player.id }, 'cpu_cycles')).toBe(before[0].cpu - 100n);
    expect(await balanceOf(db, { kind: 'player', id: b.player.id }, 'cpu_cycles')).toBe(before[1].cpu - 200n);

    // GM ends it: primary complete → success. Points: A 100/300·1e6 = 333333, B 666666.
    // 1000 credits: floor → 333 / 666, the leftover 1 to the larger remainder (B): 333 / 667.
    const ended = await api(run.url, 'POST', `/api/gm/operations/${op.id}/end`, {}, gmToken);
    expect(ended.status).toBe(200);
    expect(ended.body.resolution).toMatchObject({ resolvedNow: true, outcome: 'success', paid: '1000', recipients: 2 });
    const after = await snapshot(db, [a.player.id, b.player.id]);
    expect(after[0].credits - before[0].credits).toBe(333n);
    expect(after[1].credits - before[1].credits).toBe(667n);
    // XP pool 90: 30 / 60. A also earned perfect_run (GAME §5, 2000 XP); B's refused data_credits did not.
    expect(after[0].xp - before[0].xp).toBe(30 + 2000);
    expect(after[1].xp - before[1].xp).toBe(60);
    await waitFor(() => A.room.state.phase === 'ended', 5000, 'room sees the end');
    expect(A.room.state.outcome).toBe('success');

    // Ending again pays nothing twice; contributing to an ended operation is refused.
    const again = await api(run.url, 'POST', `/api/gm/operations/${op.id}/end`, {}, gmToken);
    expect(again.status).toBe(422);
    A.room.send('contribute', { resource: 'cpu_cycles', amount: 1 });
    await waitFor(() => A.errors.length === 1, 5000, 'refused');
    expect(A.errors[0].code).toBe('OPERATION_NOT_ACTIVE');
    expect((await snapshot(db, [a.player.id]))[0].credits - before[0].credits).toBe(333n);
    for (const line of await ledgerInvariant(db)) expect(line.holds).toBe(true);

    // The operator's view: all four contributions went through the room's batches, timed.
    const metrics = await (await fetch(`${run.url}/metrics`)).text();
    const count = (name: string) => Number(new RegExp(`^${name}_count\\{room="operation"\\} (\\S+)$`, 'm').exec(metrics)?.[1]);
    expect(count('datavism_room_input_seconds')).toBe(4);
    expect(count('datavism_room_commit_seconds')).toBeGreaterThanOrEqual(1);
    expect(count('datavism_room_commit_seconds')).toBeLessThanOrEqual(4);
    await A.room.leave();
    await B.room.leave();
  });

  it('a failed operation pays 25 % of its pools; the rest is burned', async () => {
    const op = (await api(run.url, 'POST', '/api/gm/operations', { operation: scratch(1000, 100) }, gmToken)).body;
    const a = await registerPlayer(run.url);
    const [start] = await snapshot(db, [a.player.id]);
    await withTransaction(db, (tx) => burn(tx, { kind: 'player', id: a.player.id }, 'cpu_cycles', start.cpu, 'test_reset'));
    await fund(a.player.id, 'cpu_cycles', 50n);
    const A = await joinOperation(a.token, op.id);
    A.room.send('contribute', { resource: 'cpu_cycles', amount: 60, key: 'too-much' }); // holds only 50
    await waitFor(() => A.errors.length === 1, 5000, 'insufficient');
    expect(A.errors[0]).toMatchObject({ code: 'INSUFFICIENT_FUNDS', type: 'contribute', key: 'too-much' });
    A.room.send('contribute', { resource: 'cpu_cycles', amount: -1, key: 'negative' });
    await waitFor(() => A.errors.length === 2, 5000, 'bad amount');
    expect(A.errors[1]).toMatchObject({ code: 'BAD_REQUEST', type: 'contribute', key: 'negative' });
    A.room.send('contribute', { resource: 'cpu_cycles', amount: 50 });
    await waitFor(() => A.contributed.length === 1, 5000, 'contributed');
    const ended = await api(run.url, 'POST', `/api/gm/operations/${op.id}/end`, {}, gmToken);
    expect(ended.body.resolution).toMatchObject({ outcome: 'failure', paid: '250', xpPaid: 25 });
    const [end] = await snapshot(db, [a.player.id]);
    expect(end.credits - start.credits).toBe(250n);
    expect(end.xp - start.xp).toBe(25);
    expect(end.cpu).toBe(0n);
    for (const line of await ledgerInvariant(db)) expect(line.holds).toBe(true);
    await A.room.leave();
  });

  it('players calling GM actions get 403; a malformed template gets 400 and changes nothing', async () => {
    const p = await registerPlayer(run.url);
    expect((await api(run.url, 'POST', '/api/gm/operations', { operation: scratch(10) }, p.token)).status).toBe(403);
    expect((await api(run.url, 'POST', '/api/gm/broadcast', { message: 'hi' }, p.token)).status).toBe(403);
    expect((await api(run.url, 'GET', '/api/gm/operations', undefined, p.token)).status).toBe(403);
    expect((await api(run.url, 'PUT', '/api/gm/templates/friday_flashpoint', scratch(10), p.token)).status).toBe(403);
    const bad = await api(run.url, 'PUT', '/api/gm/templates/friday_flashpoint', { type: 'rapid', name: 'x', objectives: [] }, gmToken);
    expect(bad.status).toBe(400);
    const noPrimary = await api(run.url, 'POST', '/api/gm/operations', { operation: { ...scratch(10), objectives: [scratch(10).objectives[1]] } }, gmToken);
    expect(noPrimary.status).toBe(400);
    const templates = (await api(run.url, 'GET', '/api/gm/templates', undefined, gmToken)).body as any[];
    expect(templates.find((t) => t.key === 'friday_flashpoint').definition.name).toBe('Flashpoint Friday');
    const live = await api(run.url, 'GET', '/api/gm/operations', undefined, gmToken);
    expect(live.status).toBe(200);
    // Squad missions: only members of a squad with a member of influence ≥ 1000.
    const mission = await api(run.url, 'POST', '/api/operations/squad-missions', { squadId: '00000000-0000-0000-0000-000000000001', template: 'investigation' }, p.token);
    expect(mission.status).toBe(422);
    expect(mission.body.code).toBe('NOT_SQUAD_MEMBER');
  });

  it('GM handler messages reach the room; extend moves the deadline', async () => {
    const op = (await api(run.url, 'POST', '/api/gm/operations', { operation: scratch(10) }, gmToken)).body;
    const a = await registerPlayer(run.url);
    const A = await joinOperation(a.token, op.id);
    const posted = await api(run.url, 'POST', `/api/gm/operations/${op.id}/messages`, { body: 'Hold the line.' }, gmToken);
    expect(posted.status).toBe(201);
    await waitFor(() => A.room.state.messages.length === 1, 5000, 'handler message');
    expect(A.room.state.messages[0].body).toBe('Hold the line.');
    const before = A.room.state.endsAt;
    const ext = await api(run.url, 'POST', `/api/gm/operations/${op.id}/extend`, { hours: 2 }, gmToken);
    expect(ext.status).toBe(200);
    expect(Date.parse(ext.body.endsAt) - before).toBe(2 * 3_600_000);
    await waitFor(() => A.room.state.endsAt === before + 2 * 3_600_000, 5000, 'room sees the extension');
    await A.room.leave();
  });

  it('a GM emergency broadcast (the social feature\'s one emergency path) reaches every online player as an `emergency` banner', async () => {
    const p = await registerPlayer(run.url);
    const client = new Client(run.url);
    client.auth.token = p.token;
    const social: Room<any, any> = await client.joinOrCreate('social');
    const banners: any[] = [];
    social.onMessage('emergency', (m) => banners.push(m));
    for (const type of ['me', 'channels', 'chat', 'error']) social.onMessage(type, () => {});
    const sent = await api(run.url, 'POST', '/api/gm/broadcast', { message: 'Evacuate sector 7' }, gmToken);
    expect(sent.status).toBe(200);
    await waitFor(() => banners.length === 1, 5000, 'emergency banner');
    expect(banners[0]).toMatchObject({ body: 'Evacuate sector 7', id: sent.body.id });
    await social.leave();
  });
});
