/**
 * Progression end to end (GAME §1, §2, §5) through the public HTTP API and the room protocol:
 * an operation completed pays impactRating and raises the squad's missionsCompleted; endorsement
 * limits; an achievement granted once under 10 concurrent triggers; secret achievements hidden in
 * the codex until earned; the earning player's toast.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Room } from '@colyseus/sdk';
import { createPlayer, getPlayer, ledgerInvariant, setPlayerRole, type Db } from '@datavism/db';
import { signToken } from '@datavism/game-server';
import { startGame, type RunningGame } from '../utils/game';
import { joinMapNotices } from '../utils/worldEntry';
import { api, registerPlayer } from '../utils/http';
import { sleep, waitFor } from '../utils/env';

let run: RunningGame;
let db: Db;
let gmToken: string;

/** Raw SQL on the test's own database (ids come from the server: uuids). */
const rows = async <T>(query: string) => ((await db.execute(query)) as unknown as { rows: T[] }).rows;
const setReputation = (id: string, fields: Record<string, number>) =>
  db.execute(`UPDATE players SET ${Object.entries(fields).map(([k, v]) => `${k} = ${v}`).join(', ')} WHERE id = '${id}'`);

/** Achievement notifications written for a player (tier regular: delivered an hour later, counted now). */
async function achievementNotifications(playerId: string): Promise<number> {
  await waitFor(async () => Number((await rows<{ n: unknown }>(`SELECT count(*) AS n FROM player_achievements
    WHERE player_id = '${playerId}' AND announced_at IS NULL`))[0].n) === 0, 10_000, 'announced');
  const [n] = await rows<{ n: unknown }>(`SELECT count(*) AS n FROM notification_recipients r JOIN notifications x ON x.id = r.notification_id
    WHERE r.player_id = '${playerId}' AND x.kind = 'achievement' AND x.tier = 'regular'`);
  return Number(n.n);
}

const joinWorld = (token: string) => joinMapNotices(run.url, token);

async function joinOperation(token: string, operationId: string) {
  const client = new Client(run.url);
  client.auth.token = token;
  const room: Room<any, any> = await client.joinOrCreate('operation', { operationId });
  const contributed: any[] = [];
  for (const type of ['error', 'joined', 'handler']) room.onMessage(type, () => {});
  room.onMessage('contributed', (m) => contributed.push(m));
  await waitFor(() => room.state.id === operationId, 5000, 'operation state');
  return { room, contributed };
}

beforeAll(async () => {
  run = await startGame({ db: 'postgres' });
  db = run.game.services.database.db;
  const g = await registerPlayer(run.url);
  await setPlayerRole(db, g.player.id, 'gm');
  gmToken = g.token;
});
afterAll(async () => {
  await run?.close();
});

describe('progression end to end', () => {
  it('an operation completed over the room pays its contributors impactRating, raises the squad\'s missionsCompleted, and toasts perfect_run', async () => {
    const [lead, member] = [await registerPlayer(run.url), await registerPlayer(run.url)];
    const squad = await api(run.url, 'POST', '/api/squads', { name: `Cell ${lead.name.slice(-6)}`, type: 'strike_team' }, lead.token);
    expect(squad.status).toBe(201);
    expect((await api(run.url, 'POST', `/api/squads/${squad.body.id}/join`, {}, member.token)).status).toBe(200);
    const world = await joinWorld(member.token);

    const created = await api(run.url, 'POST', '/api/gm/operations', { operation: {
      type: 'rapid', name: 'Cycle Storm', briefing: 'b', handler: 'Cipher', requiredPlayers: 2, xpPool: 100,
      objectives: [{ tier: 'primary', kind: 'contribute', title: 'Cycles', resource: 'cpu_cycles', target: 20 }],
    } }, gmToken);
    expect(created.status).toBe(201);
    const opId = created.body.id;
    // Registration paid each of them 10 cpu_cycles (login streak 1): exactly the 20 the objective needs.
    const [A, B] = [await joinOperation(lead.token, opId), await joinOperation(member.token, opId)];
    A.room.send('join', {});
    B.room.send('join', {});
    A.room.send('contribute', { resource: 'cpu_cycles', amount: 10, key: 'a1' });
    B.room.send('contribute', { resource: 'cpu_cycles', amount: 10, key: 'b1' });
    await waitFor(() => A.contributed.length > 0 && B.contributed.length > 0, 10_000, 'contributions');
    // Every objective complete: the operation resolves at once, a success.
    await waitFor(async () => (await api(run.url, 'GET', `/api/operations/${opId}`, undefined, lead.token)).body.phase === 'ended', 10_000, 'resolution');

    for (const p of [lead, member]) {
      const me = await api(run.url, 'GET', '/api/profile', undefined, p.token);
      expect(me.status).toBe(200);
      expect(me.body.reputation.impactRating).toBe(25);
      expect(me.body.squad).toMatchObject({ id: squad.body.id, missionsCompleted: 1, type: 'strike_team' });
      expect(me.body.badges.map((b: any) => b.achievementId)).toContain('perfect_run');
    }
    // Its leader (the top contributor; of two equal ones the earlier) has one investigation led.
    const profiles = await Promise.all([lead, member].map((p) => api(run.url, 'GET', `/api/profile/${p.name}`, undefined, gmToken)));
    expect(profiles.map((p) => p.body.record.investigationsLed).sort()).toEqual([0, 1]);
    for (const p of profiles) {
      expect(p.body.self).toBe(false);
      expect(p.body.balances).toBeUndefined();
    }
    // The toast reaches the earning player's world room; one regular notification is written.
    const toast = await waitFor(() => world.notices.find((n) => n.kind === 'achievement' && n.achievement.id === 'perfect_run'), 10_000, 'toast');
    expect(toast.message).toContain('Perfect Run');
    expect(await achievementNotifications(member.player.id)).toBe(1);
    await world.room.leave();
    await A.room.leave();
    await B.room.leave();
    for (const line of await ledgerInvariant(db)) expect(line.holds).toBe(true);
  });

  it('first_blood is granted once under 10 concurrent first solves (100 XP once, one notification)', async () => {
    const creator = await registerPlayer(run.url);
    await setReputation(creator.player.id, { impact_rating: 1000 });
    const solver = await registerPlayer(run.url);
    const endsAt = new Date(Date.now() + 3_600_000).toISOString();
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const c = await api(run.url, 'POST', '/api/challenges', { title: `Riddle ${i}`, description: 'd', answer: `key${i}`, rewardPoints: 10, endsAt }, creator.token);
      expect(c.status).toBe(201);
      ids.push(c.body.challenge.id);
    }
    const xp0 = Number((await getPlayer(db, solver.player.id))!.xp);
    const solves = await Promise.all(ids.map((id, i) => api(run.url, 'POST', `/api/challenges/${id}/solve`, { answer: `key${i}` }, solver.token)));
    expect(solves.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(solves.filter((r) => r.body.firstChallenge)).toHaveLength(1);
    const xpEach = solves[0].body.xp as number;
    expect(Number((await getPlayer(db, solver.player.id))!.xp)).toBe(xp0 + 10 * xpEach + 100);
    const codex = await api(run.url, 'GET', '/api/achievements', undefined, solver.token);
    expect(codex.body.achievements.filter((a: any) => a.earned).map((a: any) => a.id)).toEqual(['first_blood']);
    await waitFor(async () => Number((await rows<{ n: unknown }>(`SELECT count(*) AS n FROM player_achievements
      WHERE player_id = '${solver.player.id}' AND announced_at IS NOT NULL`))[0].n) === 1, 10_000, 'announced');
    expect(await achievementNotifications(solver.player.id)).toBe(1);
  });

  it('the codex hides secret achievements as [CLASSIFIED] until earned: the_revelation from a liberation war\'s hidden objective', async () => {
    const war = await api(run.url, 'POST', '/api/gm/operations', { operation: {
      type: 'liberation_war', name: 'Mega Raid', briefing: 'b', handler: 'Vanguard', requiredPlayers: 5,
      objectives: [
        { tier: 'primary', kind: 'liberate', title: 'Liberate', target: 5 },
        { tier: 'hidden', kind: 'verify_intel', title: 'The revelation', category: 'revelation', target: 1, revealAt: 0.75 },
      ],
    } }, gmToken);
    expect(war.status).toBe(201);
    const [a, b, c] = [await registerPlayer(run.url), await registerPlayer(run.url), await registerPlayer(run.url)];
    const before = await api(run.url, 'GET', '/api/achievements', undefined, a.token);
    expect(before.body.total).toBe(12);
    const hidden = before.body.achievements.filter((x: any) => x.secret);
    expect(hidden).toHaveLength(2);
    for (const h of hidden) expect(h).toMatchObject({ title: '[CLASSIFIED]', condition: '[CLASSIFIED]', xp: 0, badge: '', rarity: null, earned: false });
    for (const leak of ['the_revelation', 'ghost_protocol', 'eye_icon', 'ghost_icon', 'liberation war', 'handler secret']) {
      expect(JSON.stringify(before.body)).not.toContain(leak);
    }
    // Three squadless players verify a pattern in the hidden objective's category.
    const sub = await api(run.url, 'POST', '/api/intel', { category: 'revelation', claim: 'The index is a mirror', evidence: 'x' }, a.token);
    await api(run.url, 'POST', `/api/intel/${sub.body.claim.id}/confirm`, {}, b.token);
    const third = await api(run.url, 'POST', `/api/intel/${sub.body.claim.id}/confirm`, {}, c.token);
    expect(third.body.verified).not.toBeNull();
    const after = await api(run.url, 'GET', '/api/achievements', undefined, a.token);
    expect(after.body.achievements.find((x: any) => x.id === 'the_revelation')).toMatchObject({
      title: 'The Revelation', xp: 100000, badge: 'eye_icon', rarity: 'mythic', earned: true, secret: true,
    });
    // The others did not complete it (its target was 1): still classified for them.
    const other = await api(run.url, 'GET', '/api/achievements', undefined, b.token);
    expect(JSON.stringify(other.body)).not.toContain('the_revelation');
    const profile = await api(run.url, 'GET', '/api/profile', undefined, a.token);
    expect(profile.body.badges.map((x: any) => x.achievementId)).toEqual(expect.arrayContaining(['the_revelation', 'truth_seeker', 'level_10']));
    // On a's public profile, b (who has not earned it) sees the badge [CLASSIFIED].
    const seen = await api(run.url, 'GET', `/api/profile/${a.name}`, undefined, b.token);
    expect(seen.body.badges.find((x: any) => x.achievementId === 'classified')).toMatchObject({ title: '[CLASSIFIED]', badge: '', xp: 0 });
    for (const leak of ['the_revelation', 'The Revelation', 'eye_icon']) expect(JSON.stringify(seen.body)).not.toContain(leak);
  });

  it('endorsements: self, too little influence, twice a day — typed errors and nothing changed; +10 otherwise', async () => {
    const [a, b, c, low] = [await registerPlayer(run.url), await registerPlayer(run.url), await registerPlayer(run.url), await registerPlayer(run.url)];
    await setReputation(a.player.id, { impact_rating: 400 }); // influence 120
    await setReputation(low.player.id, { impact_rating: 300 }); // 90
    const endorse = (token: string, player: string, dimension = 'truthScore') => api(run.url, 'POST', '/api/endorsements', { player, dimension }, token);
    expect((await endorse(a.token, a.name)).body.code).toBe('SELF_ENDORSEMENT');
    expect((await endorse(low.token, b.name)).body.code).toBe('REQUIREMENTS_NOT_MET');
    expect((await endorse(a.token, 'nobody-at-all')).status).toBe(404);
    expect((await api(run.url, 'POST', '/api/endorsements', { player: b.name, dimension: 'xp' }, a.token)).status).toBe(400);
    const ok = await endorse(a.token, b.player.id, 'artisticVision');
    expect(ok.status).toBe(201);
    expect(ok.body).toEqual({ targetId: b.player.id, dimension: 'artisticVision', points: 10, targetReceived: 10 });
    const second = await endorse(a.token, c.name);
    expect([second.status, second.body.code]).toEqual([422, 'ENDORSED_TODAY']);
    expect((await getPlayer(db, c.player.id))!.truthScore).toBe(0);
    const status = await api(run.url, 'GET', '/api/endorsements', undefined, a.token);
    expect(status.body).toMatchObject({ endorsedToday: true, minInfluence: 100, cooldowns: [{ playerId: b.player.id }] });
    const bProfile = await api(run.url, 'GET', '/api/profile', undefined, b.token);
    expect(bProfile.body.reputation.artisticVision).toBe(10);
    expect(bProfile.body.record.endorsementPoints).toBe(10);
  });
});

describe('endorsements over game days (TIME_SCALE 86400: a game day is a second)', () => {
  let fast: RunningGame;
  beforeAll(async () => {
    fast = await startGame({ db: 'pglite', env: { TIME_SCALE: '86400', JOBS: 'off' } });
  });
  afterAll(async () => {
    await fast?.close();
  });

  it('the same player not twice within 7 game days; another the next game day', async () => {
    const [a, b, c] = [await registerPlayer(fast.url), await registerPlayer(fast.url), await registerPlayer(fast.url)];
    await fast.game.services.database.db.execute(`UPDATE players SET impact_rating = 1000 WHERE id = '${a.player.id}'`);
    const endorse = (player: string) => api(fast.url, 'POST', '/api/endorsements', { player, dimension: 'impactRating' }, a.token);
    expect((await endorse(b.name)).status).toBe(201);
    await sleep(1100); // the next game day
    const again = await endorse(b.name);
    expect([again.status, again.body.code]).toEqual([422, 'ENDORSED_RECENTLY']);
    expect((await endorse(c.name)).status).toBe(201);
    await sleep(6500); // 7 game days after the first
    expect((await endorse(b.name)).status).toBe(201);
    const profile = await api(fast.url, 'GET', `/api/profile/${b.name}`, undefined, c.token);
    expect(profile.body.reputation.impactRating).toBe(20);
  });
});

describe('squads: a Mass squad recruits its class minimum at level 1', () => {
  it('25 members join a brigade over HTTP and it is active', async () => {
    const lead = await registerPlayer(run.url);
    const squad = await api(run.url, 'POST', '/api/squads', { name: `Brigade ${lead.name.slice(-6)}`, type: 'brigade' }, lead.token);
    // 24 members (past the registration rate limit of one address: made in the database, signed here).
    for (let i = 0; i < 24; i++) {
      const p = await createPlayer(db, { name: `brig_${i}_${Date.now().toString(36)}`, passwordHash: 'x' });
      const token = signToken(run.game.services.config.jwtSecret, { sub: p.id, name: p.name });
      expect((await api(run.url, 'POST', `/api/squads/${squad.body.id}/join`, {}, token)).status).toBe(200);
    }
    const me = await api(run.url, 'GET', '/api/profile', undefined, lead.token);
    expect(me.body.squad).toMatchObject({ memberCount: 25, active: true, maxMembers: 25 });
    expect(me.body.badges.map((b: any) => b.achievementId)).toContain('squad_founder'); // 25 × 200 points: level 3
  });
});

