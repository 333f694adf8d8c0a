import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Room } from '@colyseus/sdk';
import {
  balanceOf, createPlayer, getDecision, ledgerInvariant, mint, schema, withTransaction,
} from '@datavism/db';
import { signToken } from '@datavism/game-server';
import { startGame, type RunningGame } from '../utils/game';
import { api, registerPlayer } from '../utils/http';
import { playerName, sleep, waitFor } from '../utils/env';

// TIME_SCALE 900: one game hour is 4 s, so a 1-hour decision period closes 4 s after proposal.
let run: RunningGame;

interface P { id: string; name: string; token: string }
interface Seat { room: Room<any, any>; errors: any[]; inbox: Map<string, any[]> }

const db = () => run.game.services.database.db;

/** A player straight in the database (registration is rate-limited per address). */
async function player(prefix = 'sq'): Promise<P> {
  const name = playerName(prefix);
  const p = await createPlayer(db(), { name, passwordHash: 'unused' });
  return { id: p.id, name, token: signToken(run.game.services.config.jwtSecret, { sub: p.id, name }) };
}

async function give(p: P, resource: 'resistance_credits' | 'data_credits', amount: bigint): Promise<void> {
  await withTransaction(db(), (tx) => mint(tx, { kind: 'player', id: p.id }, resource, amount, 'test_grant'));
}

async function joinRoom(p: P, squadId: string): Promise<Seat> {
  const client = new Client(run.url);
  client.auth.token = p.token;
  const room = await client.joinOrCreate('squad', { squadId });
  const errors: any[] = [];
  const inbox = new Map<string, any[]>();
  room.onMessage('error', (e) => errors.push(e));
  for (const type of ['me', 'proposed', 'voted', 'contributed', 'withdrawn']) {
    room.onMessage(type, (m) => inbox.set(type, [...(inbox.get(type) ?? []), m]));
  }
  return { room, errors, inbox };
}

async function createSquad(leader: P, body: Record<string, unknown>): Promise<string> {
  const res = await api(run.url, 'POST', '/api/squads', { name: playerName('squad'), ...body }, leader.token);
  expect(res.status).toBe(201);
  return res.body.id;
}

async function nextError(seat: Seat, type: string): Promise<any> {
  return waitFor(() => seat.errors.find((e) => e.type === type), 5000, `error for ${type}`);
}

beforeAll(async () => {
  run = await startGame({ db: 'postgres', env: { TIME_SCALE: '900' } });
  await run.game.services.parameters.set({
    name: 'squad_decision_period_hours', value: 1, changedBy: 'test', reason: 'short decision period for tests',
  });
});
afterAll(async () => {
  await run?.close();
});

describe('squads end to end with real SDK clients', () => {
  it('create, join, level and roles; chat persisted, sanitised, rate-limited and paged', async () => {
    const registered = await registerPlayer(run.url);
    const leader: P = { id: registered.player.id, name: registered.name, token: registered.token };
    const name = playerName('Cell');
    const created = await api(run.url, 'POST', '/api/squads', { name, type: 'strike_team', motto: 'code is law' }, leader.token);
    expect(created.status).toBe(201);
    const squadId = created.body.id;

    // Name unique case-insensitively; the leader cannot found a second squad.
    const other = await player();
    expect((await api(run.url, 'POST', '/api/squads', { name: name.toUpperCase(), type: 'analysis' }, other.token)).body.code).toBe('NAME_TAKEN');
    expect((await api(run.url, 'POST', '/api/squads', { name: playerName('x'), type: 'analysis' }, leader.token)).body.code).toBe('ALREADY_IN_SQUAD');

    const L = await joinRoom(leader, squadId);
    await waitFor(() => L.room.state.members?.get(leader.id)?.online, 5000, 'leader online');
    expect(L.room.state.members.get(leader.id).role).toBe('leader');
    expect(L.room.state.level).toBe(1); // 200 points
    expect(L.room.state.active).toBe(false);

    const members = [other, await player(), await player(), await player()];
    for (const m of members) {
      const res = await api(run.url, 'POST', `/api/squads/${squadId}/join`, {}, m.token);
      expect(res.status).toBe(200);
    }
    // 5 members: 1000 points → level 2 (Active Cell), max min(10, 10), active at the tactical minimum 5.
    await waitFor(() => L.room.state.members.size === 5, 5000, 'five members');
    expect(L.room.state.level).toBe(2);
    expect(L.room.state.levelName).toBe('Active Cell');
    expect(L.room.state.maxMembers).toBe(10);
    expect(L.room.state.active).toBe(true);
    expect([...L.room.state.perks]).toEqual(['Extended_Operations']);
    expect((await api(run.url, 'POST', `/api/squads/${squadId}/join`, {}, other.token)).body.code).toBe('ALREADY_IN_SQUAD');

    // An outsider cannot enter the squad room.
    const outsider = await player();
    await expect(joinRoom(outsider, squadId)).rejects.toThrow(/NOT_SQUAD_MEMBER/);

    const M = await joinRoom(members[0], squadId);
    await waitFor(() => L.room.state.members.get(members[0].id)?.online, 5000, 'member online');

    // Chat: control characters stripped, text kept as text, seen by every member.
    M.room.send('chat', { body: 'hello\u0007 <b>team</b>\u202e' });
    const line = await waitFor(() => L.room.state.chat.find((c: any) => c.playerId === members[0].id), 5000, 'chat line');
    expect(line.body).toBe('hello <b>team</b>');
    expect(line.name).toBe(members[0].name);
    M.room.send('chat', { body: 'x'.repeat(501) });
    expect((await nextError(M, 'chat')).code).toBe('CHAT_TOO_LONG');
    M.errors.length = 0;
    // 5 per 10 s: four more pass, the sixth is refused.
    for (let i = 2; i <= 6; i++) {
      M.room.send('chat', { body: `line ${i}` });
      await sleep(60);
    }
    expect((await nextError(M, 'chat')).code).toBe('CHAT_RATE_LIMITED');
    await waitFor(() => L.room.state.chat.length === 5, 5000, 'five lines');

    // Paged history over HTTP, members only.
    const page1 = await api(run.url, 'GET', `/api/squads/${squadId}/chat?limit=2`, undefined, leader.token);
    expect(page1.status).toBe(200);
    expect(page1.body.messages.map((m: any) => m.body)).toEqual(['line 4', 'line 5']);
    const page2 = await api(run.url, 'GET', `/api/squads/${squadId}/chat?limit=50&before=${page1.body.nextBefore}`, undefined, leader.token);
    expect(page2.body.messages.map((m: any) => m.body)).toEqual(['hello <b>team</b>', 'line 2', 'line 3']);
    expect(page2.body.nextBefore).toBeNull();
    expect((await api(run.url, 'GET', `/api/squads/${squadId}/chat`, undefined, outsider.token)).body.code).toBe('NOT_SQUAD_MEMBER');

    // Roles: a member cannot kick; the leader promotes; leadership passes to the senior officer.
    M.room.send('kick', { playerId: members[1].id });
    expect((await nextError(M, 'kick')).code).toBe('NOT_SQUAD_LEADER');
    L.room.send('promote', { playerId: members[2].id });
    await waitFor(() => L.room.state.members.get(members[2].id)?.role === 'officer', 5000, 'promoted');
    expect(L.room.state.members.size).toBe(5);

    L.room.send('kick', { playerId: members[3].id });
    await waitFor(() => L.room.state.members.size === 4, 5000, 'kicked');
    expect(L.room.state.level).toBe(1); // 800 points

    L.room.send('leave', {});
    await waitFor(() => M.room.state.leaderId === members[2].id, 5000, 'succession');
    expect(M.room.state.members.get(members[2].id).role).toBe('leader');
    await M.room.leave();
  });

  it('joining a full or closed squad, applications accepted by an officer', async () => {
    const leader = await player();
    const ghostId = await createSquad(leader, { type: 'ghost', recruitment: 'open' });
    for (let i = 0; i < 4; i++) expect((await api(run.url, 'POST', `/api/squads/${ghostId}/join`, {}, (await player()).token)).status).toBe(200);
    // Elite class maximum is 5.
    const sixth = await player();
    const full = await api(run.url, 'POST', `/api/squads/${ghostId}/join`, {}, sixth.token);
    expect(full.status).toBe(422);
    expect(full.body.code).toBe('SQUAD_FULL');

    const closedLeader = await player();
    const closedId = await createSquad(closedLeader, { type: 'research', recruitment: 'closed' });
    expect((await api(run.url, 'POST', `/api/squads/${closedId}/join`, {}, sixth.token)).body.code).toBe('SQUAD_CLOSED');

    const appLeader = await player();
    const appId = await createSquad(appLeader, { type: 'research', recruitment: 'application', minInfluence: 0 });
    expect((await api(run.url, 'POST', `/api/squads/${appId}/join`, {}, sixth.token)).body.code).toBe('SQUAD_CLOSED');
    const picky = await createSquad(await player(), { type: 'research', recruitment: 'open', minInfluence: 50 });
    expect((await api(run.url, 'POST', `/api/squads/${picky}/join`, {}, sixth.token)).body.code).toBe('REQUIREMENTS_NOT_MET');

    const applied = await api(run.url, 'POST', `/api/squads/${appId}/apply`, { message: 'let me in' }, sixth.token);
    expect(applied.status).toBe(201);
    const A = await joinRoom(appLeader, appId);
    const app = await waitFor(() => A.room.state.applications?.get(applied.body.id), 5000, 'application visible');
    expect(app.message).toBe('let me in');
    A.room.send('decide_application', { applicationId: applied.body.id, accept: true });
    await waitFor(() => A.room.state.members.get(sixth.id), 5000, 'accepted member');
    await waitFor(() => A.room.state.applications.size === 0, 5000, 'application gone');
    await A.room.leave();
  });

  it('treasury: contribute, spend by decision (passes), quorum failure, bad inputs, close job on time', async () => {
    const leader = await player();
    const squadId = await createSquad(leader, { type: 'strike_team' });
    const ms = [await player(), await player(), await player(), await player()];
    for (const m of ms) await api(run.url, 'POST', `/api/squads/${squadId}/join`, {}, m.token);
    await give(leader, 'resistance_credits', 1000n);
    await give(ms[0], 'data_credits', 100n);

    const L = await joinRoom(leader, squadId);
    const seats = [L, ...(await Promise.all(ms.slice(0, 3).map((m) => joinRoom(m, squadId))))];
    await waitFor(() => L.room.state.members?.size === 5, 5000, 'members');

    L.room.send('contribute', { resource: 'resistance_credits', amount: '600', requestKey: 'c1' });
    L.room.send('contribute', { resource: 'resistance_credits', amount: '600', requestKey: 'c1' }); // retry: no-op
    seats[1].room.send('contribute', { resource: 'data_credits', amount: '100' });
    await waitFor(() => L.room.state.treasury.get('resistance_credits') === '600' && L.room.state.treasury.get('data_credits') === '100', 5000, 'treasury');
    await waitFor(() => L.room.state.members.get(ms[0].id)?.contributionScore === 200, 5000, 'score ×2 for data_credits');
    expect(L.room.state.members.get(leader.id).contributionScore).toBe(600);

    // Bad inputs change nothing.
    L.room.send('contribute', { resource: 'resistance_credits', amount: '401' });
    expect((await nextError(L, 'contribute')).code).toBe('INSUFFICIENT_FUNDS');
    L.room.send('withdraw', { resource: 'resistance_credits', amount: '10' });
    expect((await nextError(L, 'withdraw')).code).toBe('DECISION_REQUIRED');
    expect(await balanceOf(db(), { kind: 'player', id: leader.id }, 'resistance_credits')).toBe(400n);

    // A vote from a member of another squad.
    const stranger = await player();
    const strangerSquad = await createSquad(stranger, { type: 'analysis' });
    const S = await joinRoom(stranger, strangerSquad);

    const recipient = ms[3];
    const before = await balanceOf(db(), { kind: 'player', id: recipient.id }, 'resistance_credits');
    L.room.send('propose', { kind: 'spend', resource: 'resistance_credits', amount: '250', toPlayerId: recipient.id });
    const passing = (await waitFor(() => L.inbox.get('proposed')?.[0], 5000, 'proposed')).decisionId;
    L.room.send('propose', { kind: 'spend', resource: 'resistance_credits', amount: '100', toPlayerId: recipient.id });
    const failing = (await waitFor(() => L.inbox.get('proposed')?.[1], 5000, 'proposed 2')).decisionId;

    S.room.send('vote', { decisionId: passing, yes: true });
    expect((await nextError(S, 'vote')).code).toBe('NOT_SQUAD_MEMBER');

    // 3 of 5 vote on the first (one changes no → yes: still one vote); 1 of 5 on the second (20 % < 30 %).
    seats[1].room.send('vote', { decisionId: passing, yes: false });
    await waitFor(() => seats[1].inbox.get('voted')?.length === 1, 5000, 'first vote');
    seats[1].room.send('vote', { decisionId: passing, yes: true });
    seats[2].room.send('vote', { decisionId: passing, yes: true });
    seats[3].room.send('vote', { decisionId: passing, yes: false });
    L.room.send('vote', { decisionId: failing, yes: true });
    await waitFor(() => {
      const d = L.room.state.decisions.get(passing);
      return d && d.yes === 2 && d.no === 1;
    }, 5000, 'live tally 2–1');
    expect(seats[1].inbox.get('voted')?.[1]).toMatchObject({ changed: true });
    expect(L.room.state.decisions.get(passing).votes.get(ms[0].id)).toBe('yes');
    expect(L.room.state.decisions.get(passing).status).toBe('open');

    // The close job fires at closesAt (4 s) and executes the passing one exactly.
    await waitFor(() => L.room.state.decisions.get(passing)?.status !== 'open', 15000, 'passing decision closed');
    await waitFor(() => L.room.state.decisions.get(failing)?.status !== 'open', 15000, 'failing decision closed');
    expect(L.room.state.decisions.get(passing).status).toBe('passed');
    expect(L.room.state.decisions.get(failing).status).toBe('failed');
    const stored = await getDecision(db(), passing);
    expect(stored!.closedAt!.getTime()).toBeGreaterThanOrEqual(stored!.closesAt.getTime());
    await waitFor(() => L.room.state.treasury.get('resistance_credits') === '350', 5000, 'treasury debited');
    expect(await balanceOf(db(), { kind: 'player', id: recipient.id }, 'resistance_credits')).toBe(before + 250n);
    expect(await balanceOf(db(), { kind: 'squad', id: squadId }, 'resistance_credits')).toBe(350n);

    // Voting after close is refused.
    seats[2].room.send('vote', { decisionId: passing, yes: false });
    expect((await nextError(seats[2], 'vote')).code).toBe('DECISION_CLOSED');

    for (const line of await ledgerInvariant(db())) expect(line.holds).toBe(true);
    for (const seat of [...seats, S]) await seat.room.leave();
  });

  it('a passed declare_siege decision declares the siege through the territory service; a refused one is execution_failed', async () => {
    const territories = await db().select({ id: schema.territories.id, status: schema.territories.status }).from(schema.territories);
    const [target, other] = territories.filter((t) => t.status === 'occupied').map((t) => t.id).sort();
    const leader = await player();
    const squadId = await createSquad(leader, { type: 'strike_team' });
    const ms = [await player(), await player(), await player(), await player()];
    for (const m of ms) await api(run.url, 'POST', `/api/squads/${squadId}/join`, {}, m.token);
    const L = await joinRoom(leader, squadId);
    const M = await joinRoom(ms[0], squadId);
    await waitFor(() => L.room.state.members?.size === 5, 5000, 'members');
    L.room.send('propose', { kind: 'declare_siege', territoryId: target });
    const id = (await waitFor(() => L.inbox.get('proposed')?.[0], 5000, 'proposed')).decisionId;
    L.room.send('vote', { decisionId: id, yes: true });
    M.room.send('vote', { decisionId: id, yes: true });
    await waitFor(() => L.room.state.decisions.get(id)?.yes === 2, 5000, 'votes');
    const done = await waitFor(() => {
      const d = L.room.state.decisions.get(id);
      return d && d.status !== 'open' && d.result.startsWith('siege') ? d : null;
    }, 15000, 'siege declared');
    expect(done.status).toBe('passed');
    const sieges = await db().select().from(schema.sieges);
    expect(sieges.filter((x) => x.territoryId === target).map((x) => x.attackerSquadId)).toEqual([squadId]);

    // A squad below its class minimum cannot launch sieges: the decision passes the vote but is not carried out.
    const lone = await player();
    const loneSquad = await createSquad(lone, { type: 'strike_team' });
    const Lone = await joinRoom(lone, loneSquad);
    Lone.room.send('propose', { kind: 'declare_siege', territoryId: other });
    const id2 = (await waitFor(() => Lone.inbox.get('proposed')?.[0], 5000, 'proposed')).decisionId;
    Lone.room.send('vote', { decisionId: id2, yes: true });
    const refused = await waitFor(() => {
      const d = Lone.room.state.decisions?.get(id2);
      return d && d.status !== 'open' && d.status !== 'passed' ? d : null;
    }, 15000, 'refused');
    expect(refused.status).toBe('execution_failed');
    expect(refused.result).toMatch(/SQUAD_NOT_ACTIVE/);
    for (const seat of [L, M, Lone]) await seat.room.leave();
  });

  it('squad finder offers recruiting squads scoring ≥ 0.7, best first', async () => {
    const a = await player();
    const near = await createSquad(a, { type: 'infiltration', activityPace: 0.8, timezoneOffsetHours: 1, playStyle: 'stealth' });
    const b = await player();
    const far = await createSquad(b, { type: 'brigade', activityPace: 0.1, timezoneOffsetHours: -11, playStyle: 'zerg' });
    const seeker = await player();
    const res = await api(run.url, 'POST', '/api/squads/find', {
      activityPace: 0.8, preferredClass: 'tactical', timezoneOffsetHours: 1, playStyle: 'stealth',
    }, seeker.token);
    expect(res.status).toBe(200);
    const ids = res.body.squads.map((s: any) => s.id);
    expect(ids).toContain(near);
    expect(ids).not.toContain(far);
    for (const s of res.body.squads) expect(s.score).toBeGreaterThanOrEqual(0.7);
    const scores = res.body.squads.map((s: any) => s.score);
    expect([...scores].sort((x, y) => y - x)).toEqual(scores);
    expect(res.body.squads.find((s: any) => s.id === near).score).toBe(1);
  });
});
