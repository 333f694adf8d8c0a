import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Room } from '@colyseus/sdk';
import { countStv, parseBlt } from '@datavism/rules';
import { balanceOf, createPlayer, mint, setPlayerRole, withTransaction } from '@datavism/db';
import { signToken } from '@datavism/game-server';
import { startGame, type RunningGame } from '../utils/game';
import { api, registerPlayer } from '../utils/http';
import { playerName, sleep, waitFor } from '../utils/env';

// A game day lasts one second: economic/balance proposals close after 3 s, feature after 7 s.
const ENV = { TIME_SCALE: '86400', LOG_LEVEL: process.env.GOV_LOG ?? 'silent' };

interface Chamber {
  client: Client;
  room: Room<any, any>;
  errors: any[];
  me: any[];
  voted: any[];
  proposed: any[];
}

async function joinCouncil(run: RunningGame, token: string): Promise<Chamber> {
  const client = new Client(run.url);
  client.auth.token = token;
  const room = await client.joinOrCreate('council');
  const c: Chamber = { client, room, errors: [], me: [], voted: [], proposed: [] };
  room.onMessage('error', (e) => c.errors.push(e));
  room.onMessage('me', (m) => c.me.push(m));
  room.onMessage('voted', (m) => c.voted.push(m));
  room.onMessage('proposed', (m) => c.proposed.push(m));
  return c;
}

/**
 * A player created straight in the database with a signed token: elections need more players
 * than the registration limiter lets one address create.
 */
async function quickPlayer(run: RunningGame): Promise<{ token: string; name: string; player: { id: string } }> {
  const name = playerName('g');
  const p = await createPlayer(run.game.services.database.db, { name, passwordHash: 'x' });
  return { token: signToken(run.game.services.config.jwtSecret, { sub: p.id, name }), name, player: { id: p.id } };
}

async function sql(run: RunningGame, text: string, params: unknown[] = []): Promise<any[]> {
  const client = (run.game.services.database.db as any).$client;
  return (await client.query(text, params)).rows;
}

async function giveInfluencePoints(run: RunningGame, playerId: string, amount: bigint): Promise<void> {
  await withTransaction(run.game.services.database.db, (tx) =>
    mint(tx, { kind: 'player', id: playerId }, 'influence_points', amount, 'test'));
}

/** A council candidacy deposits one truth_token (GAME §4.5). */
async function giveTruthToken(run: RunningGame, playerId: string): Promise<void> {
  await withTransaction(run.game.services.database.db, (tx) =>
    mint(tx, { kind: 'player', id: playerId }, 'truth_tokens', 1n, 'test'));
}

function points(run: RunningGame, playerId: string): Promise<bigint> {
  return balanceOf(run.game.services.database.db, { kind: 'player', id: playerId }, 'influence_points');
}

/** Send a message and wait for its reply (or an error of that type). */
async function ask(c: Chamber, type: 'propose' | 'vote', body: unknown): Promise<{ ok: any } | { error: any }> {
  const list = type === 'propose' ? c.proposed : c.voted;
  const before = list.length;
  const errorsBefore = c.errors.filter((e) => e.type === type).length;
  c.room.send(type, body);
  return waitFor(() => {
    if (list.length > before) return { ok: list[list.length - 1] };
    const errs = c.errors.filter((e) => e.type === type);
    if (errs.length > errorsBefore) return { error: errs[errs.length - 1] };
    return null;
  }, 10_000, `${type} reply`);
}

async function proposeOk(c: Chamber, body: unknown): Promise<string> {
  const r = await ask(c, 'propose', body);
  if (!('ok' in r)) throw new Error(`propose failed: ${JSON.stringify(r.error)}`);
  return r.ok.id;
}

async function voteOk(c: Chamber, proposalId: string, support: boolean): Promise<any> {
  const r = await ask(c, 'vote', { proposalId, support });
  if (!('ok' in r)) throw new Error(`vote failed: ${JSON.stringify(r.error)}`);
  return r.ok;
}

describe('governance: quorum and threshold edges end to end (20 players of weight 1)', () => {
  let run: RunningGame;
  beforeAll(async () => {
    run = await startGame({ db: 'postgres', env: ENV });
  });
  afterAll(async () => {
    await run?.close();
  });

  it('closes each proposal by its job with the exact GAME §7.1 edges; a passed economic proposal changes the market fee live', async () => {
    const players = [];
    for (let i = 0; i < 20; i++) players.push(await quickPlayer(run));
    const [author, ...voters] = players;
    await giveInfluencePoints(run, author.player.id, 600n);
    const a = await joinCouncil(run, author.token);
    const v: Chamber[] = [];
    for (const p of voters.slice(0, 6)) v.push(await joinCouncil(run, p.token));

    const econPass = await proposeOk(a, { kind: 'economic', title: 'Raise the taker fee', parameterName: 'market_taker_fee_bps', parameterValue: 300 });
    const balanceNoQuorum = await proposeOk(a, { kind: 'balance', title: 'Faster travel', parameterName: 'travel_seconds_per_hex', parameterValue: 1 });
    const balanceExact60 = await proposeOk(a, { kind: 'balance', title: 'Shorter cooldown', parameterName: 'siege_cooldown_seconds', parameterValue: 300 });
    const econHalf = await proposeOk(a, { kind: 'economic', title: 'Cheaper deposits', parameterName: 'proposal_deposit_influence_points', parameterValue: 50 });
    const featureTie = await proposeOk(a, { kind: 'feature', title: 'Night mode' });
    const featureNoQuorum = await proposeOk(a, { kind: 'feature', title: 'Pets' });
    expect(await points(run, author.player.id)).toBe(0n);

    // Economic, quorum 15 % of 20 = 3: cast exactly 3, yes 2/3 ≥ 60 % → passes.
    await voteOk(v[0], econPass, true);
    await voteOk(v[1], econPass, true);
    await voteOk(v[2], econPass, false);
    // Balance: cast 2 < 3 → no quorum.
    await voteOk(v[0], balanceNoQuorum, true);
    await voteOk(v[1], balanceNoQuorum, true);
    // Balance: 3 yes of 5 = exactly 60 % → passes.
    for (const [i, yes] of [true, true, true, false, false].entries()) await voteOk(v[i], balanceExact60, yes);
    // Economic: 2 yes 2 no (one voter changes yes → no) → 50 % < 60 %, quorum reached.
    await voteOk(v[0], econHalf, true);
    await voteOk(v[1], econHalf, true);
    await voteOk(v[2], econHalf, true);
    const changed = await voteOk(v[2], econHalf, false);
    expect(changed).toMatchObject({ changed: true, weight: 1 });
    await voteOk(v[3], econHalf, false);
    // Feature, quorum 10 % = 2: 1 yes 1 no → a tie never passes; 1 vote alone → no quorum.
    await voteOk(v[0], featureTie, true);
    await voteOk(v[1], featureTie, false);
    await voteOk(v[0], featureNoQuorum, true);

    // Live tally in every client's state (weights of 1 each).
    await waitFor(() => a.room.state.proposals.get(econHalf)?.voters === 4, 5000, 'live tally');
    expect(a.room.state.proposals.get(econHalf)).toMatchObject({ yesWeight: 2, noWeight: 2, voters: 4 });
    expect(a.room.state.eligibleWeight).toBe(20);
    expect(a.me[0]).toMatchObject({ weight: 1, influence: 0 });
    // The changed vote is one row, changed once.
    const rows = await sql(run, 'SELECT support, changes FROM proposal_votes WHERE proposal_id = $1 AND player_id = $2', [econHalf, voters[2].player.id]);
    expect(rows).toEqual([{ support: false, changes: 1 }]);

    // Closed by the durable jobs at the deadlines (3 s and 7 s of real time).
    await waitFor(() => a.room.state.proposals.get(featureNoQuorum)?.status !== 'open', 20_000, 'feature proposals closed');
    await waitFor(() => a.room.state.proposals.get(econPass)?.status !== 'open', 5_000, 'economic closed');
    const status = async (id: string) => (await api(run.url, 'GET', `/api/proposals/${id}`)).body;
    expect(await status(econPass)).toMatchObject({ status: 'passed', quorumReached: true, eligibleWeight: 20, yesWeight: 2, noWeight: 1 });
    expect(await status(balanceNoQuorum)).toMatchObject({ status: 'rejected', quorumReached: false });
    expect(await status(balanceExact60)).toMatchObject({ status: 'passed', quorumReached: true, yesWeight: 3, noWeight: 2 });
    expect(await status(econHalf)).toMatchObject({ status: 'rejected', quorumReached: true, yesWeight: 2, noWeight: 2 });
    expect(await status(featureTie)).toMatchObject({ status: 'rejected', quorumReached: true });
    expect(await status(featureNoQuorum)).toMatchObject({ status: 'rejected', quorumReached: false });

    // Deposits: returned for the 4 that reached quorum, burned for the 2 that did not (100 each,
    // unless the monthly influence_points decay — every 30 s here — took its 2 % of the escrow).
    const settled = async (reason: string) => (await sql(run,
      'SELECT count(*)::int AS n, coalesce(sum(amount), 0)::int AS total FROM transfers WHERE reason = $1', [reason]))[0];
    const [decayed] = await sql(run, `SELECT coalesce(sum(t.amount), 0)::int AS n FROM transfers t JOIN accounts a ON a.id = t.from_account_id
      WHERE a.kind = 'escrow' AND t.resource = 'influence_points' AND t.reason = 'decay'`);
    const returned = await settled('proposal_deposit_returned');
    const burned = await settled('proposal_deposit_burned');
    expect([returned.n, burned.n]).toEqual([4, 2]);
    expect(returned.total + burned.total + decayed.n).toBe(600);
    if (decayed.n === 0) expect([returned.total, burned.total]).toEqual([400, 200]);
    // The author's own holdings decay too (2 % monthly: a month is 30 s at this time scale).
    const [authorDecay] = await sql(run, `SELECT coalesce(sum(t.amount), 0)::int AS n FROM transfers t JOIN accounts a ON a.id = t.from_account_id
      WHERE a.kind = 'player' AND a.owner_id = $1 AND t.resource = 'influence_points' AND t.reason = 'decay'`, [author.player.id]);
    expect(await points(run, author.player.id)).toBe(BigInt(returned.total - authorDecay.n));

    // Passed parameter changes are live and logged with their proposal.
    const params = (await api(run.url, 'GET', '/api/parameters')).body as any[];
    expect(params.find((p) => p.name === 'market_taker_fee_bps').value).toBe(300);
    expect(params.find((p) => p.name === 'siege_cooldown_seconds').value).toBe(300);
    expect(params.find((p) => p.name === 'travel_seconds_per_hex').value).toBe(2);
    expect(params.find((p) => p.name === 'proposal_deposit_influence_points').value).toBe(100);
    expect(run.game.services.parameters.get('market_taker_fee_bps')).toBe(300);
    const log = await sql(run, 'SELECT name, old_value, new_value, proposal_id FROM parameter_changes ORDER BY id');
    expect(log).toEqual(expect.arrayContaining([
      { name: 'market_taker_fee_bps', old_value: 200, new_value: 300, proposal_id: econPass },
      { name: 'siege_cooldown_seconds', old_value: 600, new_value: 300, proposal_id: balanceExact60 },
    ]));
    expect(log).toHaveLength(2);

    // Voting after the close → DECISION_CLOSED, nothing changed.
    const late = await ask(v[5], 'vote', { proposalId: econPass, support: true });
    expect(late).toMatchObject({ error: { code: 'DECISION_CLOSED' } });
    expect(await status(econPass)).toMatchObject({ voters: 3 });
    for (const c of [a, ...v]) await c.room.leave();
  });
});

describe('governance: chamber, bad input and elections end to end', () => {
  let run: RunningGame;
  beforeAll(async () => {
    run = await startGame({ db: 'postgres', env: ENV });
  });
  afterAll(async () => {
    await run?.close();
  });

  it('a proposal and its votes reach every client live; each viewer gets its own weight', async () => {
    const a = await registerPlayer(run.url);
    const b = await registerPlayer(run.url);
    await giveInfluencePoints(run, a.player.id, 100n);
    // b: influence 999 (truthScore ≥ 3996 → 999) and 31 days active → 1 + 3 + 0.5 = 4.5.
    await sql(run, `UPDATE players SET truth_score = 3996, created_at = now() - interval '31 days' WHERE id = $1`, [b.player.id]);
    const A = await joinCouncil(run, a.token);
    const B = await joinCouncil(run, b.token);
    await waitFor(() => B.me.length > 0, 5000, 'me');
    expect(B.me[0].weight).toBeCloseTo(4.5, 9);
    const id = await proposeOk(A, { kind: 'feature', title: 'A memorial wall', description: 'for the fallen nodes' });
    const seen = await waitFor(() => B.room.state.proposals.get(id), 5000, 'B sees the proposal');
    expect(seen).toMatchObject({ kind: 'feature', title: 'A memorial wall', authorName: a.name, status: 'open', quorumBps: 1000, thresholdBps: 5000 });
    await voteOk(B, id, true);
    await waitFor(() => A.room.state.proposals.get(id)?.voters === 1, 5000, 'A sees the vote');
    expect(A.room.state.proposals.get(id).yesWeight).toBeCloseTo(4.5, 9);
    await voteOk(B, id, false);
    await waitFor(() => A.room.state.proposals.get(id)?.noWeight > 0, 5000, 'A sees the change');
    expect(A.room.state.proposals.get(id)).toMatchObject({ yesWeight: 0, voters: 1 });
    const rows = await sql(run, 'SELECT count(*)::int AS n FROM proposal_votes WHERE proposal_id = $1', [id]);
    expect(rows[0].n).toBe(1);
    await A.room.leave();
    await B.room.leave();
  });

  it('bad proposals get typed errors and change nothing', async () => {
    const p = await quickPlayer(run);
    const C = await joinCouncil(run, p.token);
    const count = async () => (await sql(run, 'SELECT count(*)::int AS n FROM proposals WHERE author_id = $1', [p.player.id]))[0].n;
    // No deposit (players start with no influence_points).
    expect(await ask(C, 'propose', { kind: 'feature', title: 'Free lunch' })).toMatchObject({ error: { code: 'INSUFFICIENT_FUNDS' } });
    await giveInfluencePoints(run, p.player.id, 100n);
    expect(await ask(C, 'propose', { kind: 'economic', title: 'Huge fee', parameterName: 'market_taker_fee_bps', parameterValue: 501 }))
      .toMatchObject({ error: { code: 'PARAMETER_OUT_OF_BOUNDS' } });
    expect(await ask(C, 'propose', { kind: 'economic', title: 'Negative fee', parameterName: 'market_taker_fee_bps', parameterValue: -1 }))
      .toMatchObject({ error: { code: 'PARAMETER_OUT_OF_BOUNDS' } });
    expect(await ask(C, 'propose', { kind: 'economic', title: 'Unknown', parameterName: 'free_money', parameterValue: 1 }))
      .toMatchObject({ error: { code: 'UNKNOWN_PARAMETER' } });
    expect(await ask(C, 'propose', { kind: 'balance', title: 'Wrong kind', parameterName: 'market_taker_fee_bps', parameterValue: 100 }))
      .toMatchObject({ error: { code: 'BAD_REQUEST' } });
    expect(await ask(C, 'propose', { kind: 'emergency', title: 'Martial law' })).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(await ask(C, 'propose', { kind: 'content', title: 'A storyline' })).toMatchObject({ error: { code: 'REQUIREMENTS_NOT_MET' } });
    expect(await ask(C, 'propose', { kind: 'feature', title: 'x' })).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    expect(await ask(C, 'vote', { proposalId: 'nope', support: true })).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    expect(await ask(C, 'vote', { proposalId: '00000000-0000-4000-8000-000000000000', support: true })).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect(await count()).toBe(0);
    expect(await points(run, p.player.id)).toBe(100n);
    // A retried propose (same requestKey) creates and charges once.
    const first = await proposeOk(C, { kind: 'feature', title: 'Retry safe', requestKey: 'k1' });
    const again = await proposeOk(C, { kind: 'feature', title: 'Retry safe', requestKey: 'k1' });
    expect(again).toBe(first);
    expect(await count()).toBe(1);
    expect(await points(run, p.player.id)).toBe(0n);
    await C.room.leave();
  });

  it('election: nominate, rank, count; the result equals countStv on the published BLT; the elected may raise emergencies', async () => {
    const gm = await quickPlayer(run);
    await setPlayerRole(run.game.services.database.db, gm.player.id, 'gm');
    const opened = await api(run.url, 'POST', '/api/gm/elections', { council: 'technical' }, gm.token);
    expect(opened.status).toBe(201);
    const eid = opened.body.id;
    expect(opened.body).toMatchObject({ council: 'technical', seats: 7, phase: 'nomination' });
    // 7 + 7 + 3 game days (one real second each here).
    expect(Date.parse(opened.body.votingEndsAt) - Date.parse(opened.body.openedAt)).toBe(17_000);
    expect((await api(run.url, 'POST', '/api/gm/elections', { council: 'technical' }, gm.token)).body.code).toBe('ALREADY_DONE');

    const candidates = [];
    for (let i = 0; i < 9; i++) candidates.push(await quickPlayer(run));
    await sql(run, 'UPDATE players SET technical_mastery = 8000 WHERE id = ANY($1::uuid[])', [candidates.map((c) => c.player.id)]);
    const weak = await quickPlayer(run);
    await sql(run, 'UPDATE players SET technical_mastery = 7999 WHERE id = $1', [weak.player.id]);
    const stand = (t: string) => api(run.url, 'POST', `/api/elections/${eid}/candidates`, { statement: 'vote for me' }, t);
    const inelig = await stand(weak.token);
    expect(inelig.body.code).toBe('REQUIREMENTS_NOT_MET');
    const noDeposit = await stand(candidates[0].token);
    expect([noDeposit.status, noDeposit.body.code]).toEqual([422, 'INSUFFICIENT_FUNDS']);
    for (const c of candidates) await giveTruthToken(run, c.player.id);
    for (const c of candidates) expect((await stand(c.token)).status).toBe(201);
    expect((await stand(candidates[0].token)).body.code).toBe('ALREADY_DONE');
    const ids = candidates.map((c) => c.player.id);

    // Ballots only in the voting phase.
    const ballot = (t: string, ranking: string[]) => api(run.url, 'PUT', `/api/elections/${eid}/ballot`, { ranking }, t);
    expect((await ballot(gm.token, [ids[0]])).body.code).toBe('DECISION_CLOSED');
    await api(run.url, 'POST', `/api/gm/elections/${eid}/advance`, {}, gm.token);
    expect((await stand(weak.token)).body.code).toBe('DECISION_CLOSED');
    const voting = await api(run.url, 'POST', `/api/gm/elections/${eid}/advance`, {}, gm.token);
    expect(voting.body.phase).toBe('voting');

    const voters = [];
    for (let i = 0; i < 24; i++) voters.push(await quickPlayer(run));
    // A skewed, deterministic field: candidates 0..2 popular, transfers down the list.
    for (const [i, v] of voters.entries()) {
      const first = i % 12 < 6 ? 0 : i % 12 < 9 ? 1 : i % 12 < 11 ? 2 : 3 + (i % 6);
      const ranking = [first, ...[0, 1, 2, 3, 4, 5, 6, 7, 8].filter((x) => x !== first).slice(i % 3, (i % 3) + 3 + (i % 4))];
      expect((await ballot(v.token, ranking.map((x) => ids[x]))).status).toBe(200);
    }
    // Bad ballots: unknown candidate, repeated candidate, empty → BAD_REQUEST, nothing stored.
    expect((await ballot(gm.token, [ids[0], weak.player.id])).body.code).toBe('BAD_REQUEST');
    expect((await ballot(gm.token, [ids[0], ids[1], ids[0]])).body.code).toBe('BAD_REQUEST');
    expect((await ballot(gm.token, [])).body.code).toBe('BAD_REQUEST');
    expect((await api(run.url, 'GET', `/api/elections/${eid}/ballot`, undefined, gm.token)).body.ranking).toBeNull();
    // Editable until close: one row per player.
    expect((await ballot(voters[0].token, [ids[4]])).body).toMatchObject({ replaced: true });
    expect((await api(run.url, 'GET', `/api/elections/${eid}/ballot`, undefined, voters[0].token)).body.ranking).toEqual([ids[4]]);
    const [{ n }] = await sql(run, 'SELECT count(*)::int AS n FROM election_ballots WHERE election_id = $1', [eid]);
    expect(n).toBe(24);
    expect((await api(run.url, 'GET', `/api/elections/${eid}/result`)).status).toBe(404);

    const counted = await api(run.url, 'POST', `/api/gm/elections/${eid}/advance`, {}, gm.token);
    expect(counted.body.phase).toBe('counted');
    // The count returned every candidacy deposit (GAME §4.5), the elected and the others alike.
    for (const c of candidates) expect(await balanceOf(run.game.services.database.db, { kind: 'player', id: c.player.id }, 'truth_tokens')).toBe(1n);
    const result = (await api(run.url, 'GET', `/api/elections/${eid}/result`)).body;
    expect(result.elected).toHaveLength(7);
    expect(result.quota).toBe('4.00000'); // floor(24 / 8) + 1
    expect(typeof result.seed).toBe('string');
    expect(result.stages.length).toBeGreaterThan(1);

    // Anyone can re-run the published count from the BLT with the recorded seed.
    const blt = await fetch(`${run.url}/api/elections/${eid}/ballots.blt`).then((r) => r.text());
    const rerun = countStv(parseBlt(blt), { method: 'scottish', seed: result.seed });
    expect(JSON.parse(JSON.stringify(rerun))).toEqual(result);

    // The elected form the technical council for its term; a member may raise an emergency.
    const councils = (await api(run.url, 'GET', '/api/councils')).body as any[];
    const technical = councils.find((c) => c.name === 'technical');
    expect(technical.channelEnabled).toBe(true);
    expect(technical.members.map((m: any) => m.name)).toEqual(result.elected);
    const memberName = result.elected[0];
    const member = candidates.find((c) => c.name === memberName)!;
    await giveInfluencePoints(run, member.player.id, 100n);
    const M = await joinCouncil(run, member.token);
    await waitFor(() => M.me.length > 0, 5000, 'me');
    expect(M.me[0].councils).toEqual(['technical']);
    const emergency = await proposeOk(M, { kind: 'emergency', title: 'Seal the breach' });
    await waitFor(() => M.room.state.proposals.get(emergency), 5000, 'emergency listed');
    expect(M.room.state.proposals.get(emergency)).toMatchObject({ quorumBps: 500, thresholdBps: 6670 });
    await M.room.leave();
  });

  it('a candidate who withdraws is skipped by the count; the published BLT lists them as withdrawn', async () => {
    const gm = await quickPlayer(run);
    await setPlayerRole(run.game.services.database.db, gm.player.id, 'gm');
    const e = (await api(run.url, 'POST', '/api/gm/elections', { council: 'player' }, gm.token)).body;
    const a = await quickPlayer(run);
    const b = await quickPlayer(run);
    await sql(run, 'UPDATE players SET xp = 100000000 WHERE id = ANY($1::uuid[])', [[a.player.id, b.player.id]]);
    for (const c of [a, b]) await giveTruthToken(run, c.player.id);
    for (const c of [a, b]) expect((await api(run.url, 'POST', `/api/elections/${e.id}/candidates`, {}, c.token)).status).toBe(201);
    const withdraw = (token: string) => api(run.url, 'DELETE', `/api/elections/${e.id}/candidates/me`, undefined, token);
    expect((await withdraw(b.token)).body).toMatchObject({ number: 2, withdrawn: true });
    expect((await withdraw(b.token)).body.code).toBe('ALREADY_DONE');
    expect((await withdraw(gm.token)).body.code).toBe('NOT_FOUND');
    const view = (await api(run.url, 'GET', `/api/elections/${e.id}`)).body;
    expect(view.candidates.map((c: any) => [c.number, c.withdrawn])).toEqual([[1, false], [2, true]]);
    await api(run.url, 'POST', `/api/gm/elections/${e.id}/advance`, {}, gm.token);
    await api(run.url, 'POST', `/api/gm/elections/${e.id}/advance`, {}, gm.token);
    const voter = await quickPlayer(run);
    expect((await api(run.url, 'PUT', `/api/elections/${e.id}/ballot`, { ranking: [b.player.id, a.player.id] }, voter.token)).status).toBe(200);
    expect((await api(run.url, 'POST', `/api/gm/elections/${e.id}/advance`, {}, gm.token)).body.phase).toBe('counted');
    const result = (await api(run.url, 'GET', `/api/elections/${e.id}/result`)).body;
    expect(result.elected).toEqual([a.name]); // 21 seats, but the withdrawn candidate is never elected
    const blt = await fetch(`${run.url}/api/elections/${e.id}/ballots.blt`).then((r) => r.text());
    expect(blt.split('\n').slice(0, 3)).toEqual(['2 21', '-2', '1 2 1 0']);
    expect(parseBlt(blt).withdrawn).toEqual([2]);
  });

  it('election phases run on their own by durable jobs', async () => {
    const gm = await quickPlayer(run);
    await setPlayerRole(run.game.services.database.db, gm.player.id, 'gm');
    const e = (await api(run.url, 'POST', '/api/gm/elections', { council: 'creative', nominationDays: 2, campaignDays: 1, votingDays: 8 }, gm.token)).body;
    const c = await quickPlayer(run);
    await sql(run, 'UPDATE players SET artistic_vision = 5000 WHERE id = $1', [c.player.id]);
    await giveTruthToken(run, c.player.id);
    expect((await api(run.url, 'POST', `/api/elections/${e.id}/candidates`, {}, c.token)).status).toBe(201);
    const phase = async () => (await api(run.url, 'GET', `/api/elections/${e.id}`)).body.phase;
    await waitFor(async () => (await phase()) === 'voting', 10_000, 'voting phase');
    // A game day is a second here. The phases' deadlines are fixed at creation (day 3 → voting,
    // day 11 → count), so a phase job that runs late on a loaded machine shortens the voting it
    // opens: eight days leave the ballot room (four were not always enough in CI).
    const ballot = await api(run.url, 'PUT', `/api/elections/${e.id}/ballot`, { ranking: [c.player.id] }, gm.token);
    expect(ballot.status, JSON.stringify(ballot.body)).toBe(200);
    await waitFor(async () => (await phase()) === 'counted', 20_000, 'counted');
    const result = (await api(run.url, 'GET', `/api/elections/${e.id}/result`)).body;
    expect(result).toMatchObject({ elected: [c.name], quota: '1.00000', valid: 1 });

    // The next creative election is scheduled so that its count (7 + 7 + 3 days) ends the 60-day
    // term: 43 game days (= 43 s here) after this count.
    const [counted] = await sql(run, 'SELECT counted_at FROM elections WHERE id = $1', [e.id]);
    const [next] = await sql(run, 'SELECT name, run_at, payload FROM scheduled_jobs WHERE key = $1', [`council-election:creative:after:${e.id}`]);
    expect(next).toMatchObject({ name: 'council-election-open', payload: { council: 'creative' } });
    expect(Math.abs(next.run_at.getTime() - (counted.counted_at.getTime() + 43_000))).toBeLessThan(1000);
    // Bring it forward: the durable job opens the election on its own.
    await sql(run, 'UPDATE scheduled_jobs SET run_at = now() WHERE key = $1', [`council-election:creative:after:${e.id}`]);
    const reopened = await waitFor(async () => {
      const list = (await api(run.url, 'GET', '/api/elections')).body as any[];
      return list.find((x) => x.council === 'creative' && x.id !== e.id && x.phase === 'nomination');
    }, 10_000, 'next creative election opened by its job');
    expect(new Date(reopened.votingEndsAt).getTime() - new Date(reopened.openedAt).getTime()).toBe(17_000); // 7 + 7 + 3 days
    await sleep(10);
  });
});
