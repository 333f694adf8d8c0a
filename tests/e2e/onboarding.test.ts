/**
 * Onboarding end to end (docs/onboarding.md) through HTTP and the rooms, as a new player meets it:
 * a fresh world has its standing introductory operation and a calendar countdown; the briefing is
 * unseen, then seen; each tutorial mission is recorded by the server from the real action — a step
 * applied in the region room, a deploy, founding a squad, a contribution in the operation room, a
 * swap, a squad vote, an intel fragment — announced on the map room, and its reward is collected
 * once through the ledger. The declare screen's siege preview shows both strengths.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Room } from '@colyseus/sdk';
import { balanceOf, getOperationRow, ledgerInvariant, loadWorld, type Db } from '@datavism/db';
import { TUTORIAL_STEPS, hexDistance } from '@datavism/rules';
import { ensureIntroOperation } from '../../apps/game-server/src/onboarding/introOperation';
import { enterPhase } from '../../apps/game-server/src/operations/service';
import { startGame, type RunningGame } from '../utils/game';
import { api, registerPlayer } from '../utils/http';
import { waitFor } from '../utils/env';

let run: RunningGame;
let db: Db;

beforeAll(async () => {
  run = await startGame({ db: 'postgres' });
  db = run.game.services.database.db;
});
afterAll(async () => {
  await run?.close();
});

async function join(token: string, name: string, options: Record<string, unknown> = {}): Promise<Room<any, any>> {
  const client = new Client(run.url);
  client.auth.token = token;
  const room = await client.joinOrCreate(name, options);
  for (const type of ['error', 'deployed', 'joined', 'handler', 'contributed', 'profile', 'decision', 'voted', 'me', 'proposed']) room.onMessage(type, () => {});
  return room;
}

describe('a fresh world is never empty', () => {
  it('First Light is live from the first start, once, and comes back when it ends', async () => {
    const p = await registerPlayer(run.url);
    const ops = (await api(run.url, 'GET', '/api/operations', undefined, p.token)).body as any[];
    const intro = ops.filter((o) => o.name === 'First Light');
    expect(intro).toHaveLength(1);
    expect(intro[0].phase).toBe('active');
    expect(await ensureIntroOperation(run.game.services, new Date())).toBeNull(); // a restart or the hourly job: nothing new
    const onboarding = (await api(run.url, 'GET', '/api/onboarding', undefined, p.token)).body;
    expect(onboarding.introOperation).toEqual({ id: intro[0].id, name: 'First Light', phase: 'active' });
    // The calendar's next event starts at a coming UTC midnight, with its title.
    const next = onboarding.calendar.next;
    expect(Date.parse(next.startsAt)).toBeGreaterThan(onboarding.serverNow);
    expect(Date.parse(next.startsAt) % 86_400_000).toBe(0);
    expect(next.events[0].title).toMatch(/Monday|Wednesday|Friday|Saturday|Sunday|Strike|Raid/);

    // A GM ends it (or its week runs out): the hourly check launches the next one, once.
    await enterPhase(run.game.services, intro[0].id, 'resolution');
    const again = await Promise.all([ensureIntroOperation(run.game.services, new Date()), ensureIntroOperation(run.game.services, new Date())]);
    const launched = again.filter((x) => x !== null);
    expect(launched).toHaveLength(1);
    expect(launched[0]).not.toBe(intro[0].id);
    const live = ((await api(run.url, 'GET', '/api/operations', undefined, p.token)).body as any[]).filter((o) => o.name === 'First Light');
    expect(live.map((o) => o.id)).toEqual([launched[0]]);
    expect((await api(run.url, 'GET', '/api/onboarding', undefined, p.token)).body.introOperation.id).toBe(launched[0]);
  });
});

describe('the tutorial chain', () => {
  it('briefing unseen → seen; every mission recorded from the real action, announced, collected once', async () => {
    const p = await registerPlayer(run.url);
    const me = p.player.id;
    let state = (await api(run.url, 'GET', '/api/onboarding', undefined, p.token)).body;
    expect(state).toMatchObject({ briefingSeenAt: null, current: 'deploy', collectable: [], completed: 0, total: 7 });
    expect(state.steps.map((s: any) => s.panel)).toEqual(TUTORIAL_STEPS.map((s) => s.panel));
    const seen = await api(run.url, 'POST', '/api/onboarding/briefing', {}, p.token);
    expect(seen.status).toBe(200);
    expect((await api(run.url, 'GET', '/api/onboarding', undefined, p.token)).body.briefingSeenAt).toBe(seen.body.briefingSeenAt);

    // The client cannot claim a mission it has not done.
    const early = await api(run.url, 'POST', '/api/onboarding/missions/deploy/collect', {}, p.token);
    expect(early).toMatchObject({ status: 422, body: { code: 'REQUIREMENTS_NOT_MET' } });
    expect((await api(run.url, 'POST', '/api/onboarding/missions/siege/collect', {}, p.token)).status).toBe(404);

    // Enter: the spawn is not the deploy mission.
    const entry = (await api(run.url, 'POST', '/api/world/enter', {}, p.token)).body;
    const map = await join(p.token, 'map');
    const notices: any[] = [];
    map.onMessage('notice', (n) => notices.push(n));
    const region = await join(p.token, 'region', { regionId: entry.regionId });
    const noticed = (step: string) => waitFor(() => notices.find((n) => n.kind === 'tutorial' && n.step === step), 10_000, `${step} notice`);

    // Walk: a step the room applied.
    const avatar = await waitFor(() => region.state.avatars?.get(me), 5000, 'my avatar');
    region.send('move', { x: avatar.x + 0.1, y: avatar.y, seq: 1 });
    expect((await noticed('walk')).message).toBe('Mission complete: Walk the ground. Collect +25 resistance credits on your mission card. Next: Move out.');
    expect((await api(run.url, 'GET', '/api/onboarding', undefined, p.token)).body.steps.find((s: any) => s.id === 'deploy').done).toBe(false);

    // Deploy to a neighbour in the same region.
    const world = (await loadWorld(db))!;
    const here = world.territories.find((t) => t.id === entry.territoryId)!;
    const next = world.territories.find((t) => t.regionId === here.regionId && hexDistance(t, here) === 1)!;
    region.send('deploy', { territoryId: next.id });
    await noticed('deploy');

    // Found a squad (squads panel).
    const squad = await api(run.url, 'POST', '/api/squads', { name: `Cell ${p.name.slice(-8)}`, type: 'analysis' }, p.token);
    expect(squad.status).toBe(201);
    await noticed('squad');

    // Contribute to First Light in its room.
    const intro = (await api(run.url, 'GET', '/api/onboarding', undefined, p.token)).body.introOperation;
    const op = await join(p.token, 'operation', { operationId: intro.id });
    op.send('contribute', { resource: 'resistance_credits', amount: 10, key: 'first' });
    await noticed('operation');

    // Swap at a pool.
    const swap = await api(run.url, 'POST', '/api/pools/cpu_cycles/swap', { direction: 'buy', amountIn: '20', minOut: '0', idempotencyKey: 'tut-1' }, p.token);
    expect(swap.status).toBe(200);
    await noticed('trade');

    // Vote on a squad decision.
    const room = await join(p.token, 'squad', { squadId: squad.body.id });
    room.send('propose', { kind: 'change_recruitment', recruitment: 'open' });
    const decisionId = await waitFor(() => [...(room.state.decisions?.keys?.() ?? [])][0], 5000, 'decision');
    room.send('vote', { decisionId, yes: true });
    await noticed('vote');

    // Submit intel.
    const intel = await api(run.url, 'POST', '/api/intel', { category: 'onboarding', claim: `relay ${p.name} is down` }, p.token);
    expect(intel.status).toBeLessThan(300);
    await noticed('intel');

    state = (await api(run.url, 'GET', '/api/onboarding', undefined, p.token)).body;
    expect(state).toMatchObject({ current: null, completed: 7 });
    expect(state.collectable).toEqual(['deploy', 'walk', 'squad', 'operation', 'trade', 'vote', 'intel']);

    // Collect each reward once; the ledger pays exactly the rule's amounts.
    for (const step of TUTORIAL_STEPS) {
      const before = await Promise.all(step.rewards.map((r) => balanceOf(db, { kind: 'player', id: me }, r.resource)));
      const got = await api(run.url, 'POST', `/api/onboarding/missions/${step.id}/collect`, {}, p.token);
      expect(got).toMatchObject({ status: 200, body: { step: step.id, rewards: step.rewards } });
      const after = await Promise.all(step.rewards.map((r) => balanceOf(db, { kind: 'player', id: me }, r.resource)));
      expect(after.map((a, i) => a - before[i])).toEqual(step.rewards.map((r) => BigInt(r.amount)));
      const again = await api(run.url, 'POST', `/api/onboarding/missions/${step.id}/collect`, {}, p.token);
      expect(again.body.code).toBe('ALREADY_DONE');
    }
    state = (await api(run.url, 'GET', '/api/onboarding', undefined, p.token)).body;
    expect(state.collectable).toEqual([]);
    expect(state.steps.every((s: any) => s.done && s.rewarded)).toBe(true);
    for (const line of await ledgerInvariant(db)) expect(line.broken).toBe(0);
    for (const r of [map, region, op, room]) await r.leave();
  });

  it('the declare screen\'s preview: my squad\'s members on the territory against the garrison × 1.3, as the resolution computes it', async () => {
    const p = await registerPlayer(run.url);
    const entry = (await api(run.url, 'POST', '/api/world/enter', {}, p.token)).body;
    expect((await api(run.url, 'GET', `/api/territories/${entry.territoryId}/siege-preview`, undefined, p.token)).body.code).toBe('NOT_SQUAD_MEMBER');
    const squad = await api(run.url, 'POST', '/api/squads', { name: `Odds ${p.name.slice(-8)}`, type: 'analysis' }, p.token);
    expect(squad.status).toBe(201);
    const world = (await loadWorld(db))!;
    const here = world.territories.find((t) => t.id === entry.territoryId)!;
    // GAME §3.1: the spawn is a starting area with winnable targets within 2 hexes.
    const target = world.territories.find((t) => t.status === 'occupied' && hexDistance(t, here) <= 2 && t.garrison * 1.3 < 40)!;
    expect(target).toBeDefined();
    await db.execute(`UPDATE players SET deployed_territory_id = '${target.id}', deployed_at = now() - interval '1 second' WHERE id = '${p.player.id}'`);
    const preview = await api(run.url, 'GET', `/api/territories/${target.id}/siege-preview`, undefined, p.token);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      territoryId: target.id, territoryName: target.name,
      attacker: { squadId: squad.body.id, committed: 1, members: 1, strength: 10 },
      defender: { kind: 'ac', garrison: target.garrison, strength: Math.round(target.garrison * 1.3 * 10) / 10 },
      attackerWins: 10 > target.garrison * 1.3,
    });
    expect((await api(run.url, 'GET', '/api/territories/nowhere/siege-preview', undefined, p.token)).body.code).toBe('UNKNOWN_TERRITORY');
    expect((await getOperationRow(db, '00000000-0000-0000-0000-000000000000'))).toBeNull();
  });
});
