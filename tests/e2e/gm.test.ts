/**
 * Game-masters end to end (GAME §9) on Postgres, through the real protocol: a seeded population —
 * honest players of every kind and labelled cheaters (a constant-rate and a jittered movement bot,
 * a wash-trading pair, an endorsement ring, an intel-confirmation ring, a custom-challenge farm, a
 * vote ring) — plays over HTTP and SDK room messages; the detectors flag exactly the cheaters. A GM
 * bans a bot from the console API and its connection is refused; a reward reversal keeps the
 * ledger invariant and cannot be done twice; the GM routes refuse players and moderators.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Room } from '@colyseus/sdk';
import { ledgerInvariant, listAudit, setPlayerRole, type Db } from '@datavism/db';
import { createRng } from '@datavism/rules';
import { startGame, type RunningGame } from '../utils/game';
import { api } from '../utils/http';
import { sleep, waitFor } from '../utils/env';
import { directPlayer, fund, joinMarket, type MarketClient } from '../utils/market';

// A game day lasts one second: endorsements once per game day, proposals close after 7 s.
const ENV = { TIME_SCALE: '86400' };

let run: RunningGame;
let db: Db;
type P = { id: string; name: string; token: string };
let gm: P;
let moderator: P;
let admin: P;

const exec = (q: string) => db.execute(q);
async function seeded(prefix: string, o: { daysOld?: number; truthScore?: number; role?: 'gm' | 'moderator' | 'admin' } = {}): Promise<P> {
  const p = await directPlayer(db, run.game.services.config.jwtSecret, prefix);
  if (o.daysOld) await exec(`UPDATE players SET created_at = now() - interval '${o.daysOld} days' WHERE id = '${p.id}'`);
  if (o.truthScore) await exec(`UPDATE players SET truth_score = ${o.truthScore} WHERE id = '${p.id}'`);
  if (o.role) await setPlayerRole(db, p.id, o.role);
  return p;
}
const ok = async (method: string, path: string, body: unknown, p: P, status = [200, 201]) => {
  const r = await api(run.url, method, path, body, p.token);
  if (!status.includes(r.status)) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};

/** A player in their region room, sending `move` inputs. */
interface Walker { p: P; room: Room<any, any>; left: number | null; sent: number }
async function walker(p: P): Promise<Walker> {
  const entry = await ok('POST', '/api/world/enter', {}, p);
  const client = new Client(run.url);
  client.auth.token = p.token;
  const room = await client.joinOrCreate('region', { regionId: entry.regionId });
  const w: Walker = { p, room, left: null, sent: 0 };
  for (const t of ['error', 'deployed', 'handover', 'banned']) room.onMessage(t, () => {});
  room.onLeave((code) => { w.left = code; });
  await waitFor(() => room.state.avatars?.get(p.id), 5000, 'own avatar');
  return w;
}
function move(w: Walker): void {
  const me = w.room.state.avatars.get(w.p.id);
  w.sent++;
  if (me) w.room.send('move', { x: me.x + (w.sent % 2 ? 0.01 : -0.01), y: me.y, seq: w.sent });
}
/** Sends inputs until `until`: the next gap from `gap()` (ms) after each. */
async function drive(w: Walker, until: number, gap: () => number): Promise<void> {
  while (Date.now() < until && w.left === null) {
    move(w);
    await sleep(gap());
  }
}

async function joinCouncil(p: P) {
  const client = new Client(run.url);
  client.auth.token = p.token;
  const room = await client.joinOrCreate('council');
  const answers: any[] = [];
  for (const t of ['me', 'error', 'proposals', 'tally', 'election']) room.onMessage(t, (m) => (t === 'error' ? answers.push({ error: m }) : undefined));
  room.onMessage('voted', (m) => answers.push(m));
  room.onMessage('proposed', (m) => answers.push(m));
  const ask = async (type: 'propose' | 'vote', body: unknown) => {
    const before = answers.length;
    room.send(type, body);
    const a = await waitFor(() => answers[before], 10_000, `${type} answer`);
    if (a.error) throw new Error(`${type}: ${JSON.stringify(a.error)}`);
    return a;
  };
  return { room, ask };
}

beforeAll(async () => {
  run = await startGame({ db: 'postgres', env: ENV });
  db = run.game.services.database.db;
  gm = await seeded('gm', { role: 'gm' });
  moderator = await seeded('mod', { role: 'moderator' });
  admin = await seeded('adm', { role: 'admin' });
});
afterAll(async () => {
  await run?.close();
});

describe('fair play end to end', () => {
  const honest: P[] = [];
  const cheaters: Record<string, P[]> = {};
  let alt: P;
  let constBot: Walker;

  it('a seeded population plays through HTTP and rooms; the detectors flag exactly the cheaters', async () => {
    for (const [i, days] of [12, 25, 40, 61, 90, 130].entries()) honest.push(await seeded(`h${i}`, { daysOld: days, truthScore: 600 }));
    const group = async (kind: string, n: number, o: { truthScore?: number } = {}) => {
      cheaters[kind] = [];
      for (let i = 0; i < n; i++) cheaters[kind].push(await seeded(kind.slice(0, 4), o));
      return cheaters[kind];
    };
    const [bot] = await group('constant_bot', 1);
    const [jitter] = await group('jittered_bot', 1);
    const [washA, washB] = await group('wash', 2);
    const ring = await group('endorse', 4, { truthScore: 600 });
    const intel = await group('intel', 3);
    const [maker, farmAlt] = await group('farm', 2, { truthScore: 600 });
    alt = farmAlt;
    const voters = await group('vote', 3);

    // ---- movement: two bots and four people walking with the 10/s client, for 30 s ----
    const rng = createRng(20270101);
    constBot = await walker(bot);
    const walkers = [constBot, await walker(jitter), ...(await Promise.all(honest.slice(0, 4).map(walker)))];
    const until = Date.now() + 30_000;
    const person = (w: Walker) => (async () => {
      while (Date.now() < until && w.left === null) {
        // A walk of 1–2 s (the client sends at most 10 moves/s while a key is held), then a pause.
        for (let i = rng.int(10, 20); i > 0; i--) { move(w); await sleep(100 + rng.next() * 5); }
        await sleep(300 + rng.next() * 700);
      }
    })();
    const walking = Promise.all([
      drive(walkers[0], until, () => 100),
      drive(walkers[1], until, () => 110 * (0.65 + 0.7 * rng.next())),
      ...walkers.slice(2).map(person),
    ]);

    // ---- meanwhile: trading, endorsing, intel, challenges, votes ----
    for (const p of [washA, washB, honest[0], honest[1], honest[5]]) await fund(db, p.id, { resistance_credits: 100_000n, cpu_cycles: 100n });
    const m: Record<string, MarketClient> = {};
    for (const p of [washA, washB, honest[0], honest[1], honest[5]]) m[p.id] = await joinMarket(run.url, p.token, 'cpu_cycles');
    const order = async (p: P, key: string, side: 'buy' | 'sell', price: number) => {
      m[p.id].room.send('place_order', { clientOrderId: key, side, type: 'limit', price, size: 1 });
      const a = await m[p.id].answer(key);
      expect(a.code).toBeUndefined();
    };
    for (let i = 0; i < 6; i++) {
      await order(washA, `wa${i}`, 'sell', 10);
      await order(washB, `wb${i}`, 'buy', 10);
      await order(washB, `wc${i}`, 'sell', 10);
      await order(washA, `wd${i}`, 'buy', 10);
    }
    await order(honest[0], 'h0s', 'sell', 12);
    await order(honest[1], 'h1b', 'buy', 12);
    await order(honest[0], 'h0s2', 'sell', 13);
    await order(honest[5], 'h5b', 'buy', 13);

    // Endorsements: the ring endorses each other round and round (a new target each game day);
    // three honest players endorse one another once.
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) await ok('POST', '/api/endorsements', { player: ring[(i + round + 1) % 4].id, dimension: 'truthScore' }, ring[i]);
      await ok('POST', '/api/endorsements', { player: honest[(round + 1) % 3].id, dimension: 'impactRating' }, honest[round]);
      await sleep(1_200);
    }

    // Intel: three alts confirm each other's claims; honest players confirm one honest claim.
    for (const [i, a] of intel.entries()) {
      for (let k = 0; k < 2; k++) {
        const claim = await ok('POST', '/api/intel', { category: 'leak', claim: `ring claim ${i}-${k} ${a.id.slice(0, 6)}` }, a);
        for (const other of intel.filter((x) => x !== a)) await ok('POST', `/api/intel/${claim.claim.id}/confirm`, {}, other);
      }
    }
    const honestClaim = await ok('POST', '/api/intel', { category: 'surveillance', claim: 'cameras on the north bridge' }, honest[3]);
    for (const h of [honest[4], honest[5]]) await ok('POST', `/api/intel/${honestClaim.claim.id}/confirm`, {}, h);

    // Custom challenges: the maker's three are solved by its alt alone; an honest one by three players.
    const endsAt = new Date(Date.now() + 3_600_000).toISOString();
    for (let i = 0; i < 3; i++) {
      const c = await ok('POST', '/api/challenges', { title: `Cipher ${i}`, description: 'decode it', answer: `key${i}`, rewardPoints: 50, endsAt }, maker);
      await ok('POST', `/api/challenges/${c.challenge.id}/solve`, { answer: `key${i}` }, farmAlt);
    }
    const open = await ok('POST', '/api/challenges', { title: 'Open riddle', description: 'for all', answer: 'river', rewardPoints: 50, endsAt }, honest[0]);
    for (const h of honest.slice(1, 4)) await ok('POST', `/api/challenges/${open.challenge.id}/solve`, { answer: 'river' }, h);

    // Votes: three proposals; the vote ring votes yes on all three at once; honest players differ.
    await fund(db, honest[4].id, { influence_points: 1000n });
    const author = await joinCouncil(honest[4]);
    const proposals: string[] = [];
    for (const title of ['Night mode', 'Map legend', 'Squad banners']) proposals.push((await author.ask('propose', { kind: 'feature', title })).id);
    for (const v of voters) {
      const c = await joinCouncil(v);
      for (const id of proposals) await c.ask('vote', { proposalId: id, support: true });
      await c.room.leave();
    }
    const ballots = [[true, false, true], [false, true, true], [true, true, false], [true, true]];
    for (const [i, b] of ballots.entries()) {
      const c = await joinCouncil(honest[i]);
      for (const [k, support] of b.entries()) await c.ask('vote', { proposalId: proposals[k], support });
      await c.room.leave();
    }
    await author.room.leave();
    for (const c of Object.values(m)) await c.room.leave();

    await walking;
    expect(walkers.every((w) => w.sent > 193)).toBe(true); // everyone sent three windows' worth

    // ---- the detectors: automated input flags itself; the GM runs the others now ----
    const run1 = await ok('POST', '/api/gm/fairplay/run', {}, gm);
    expect(Array.isArray(run1.flags)).toBe(true);
    const expected: Record<string, string[][]> = {
      automated_input: [[bot.id], [jitter.id]],
      wash_trading: [[washA.id, washB.id]],
      endorsement_ring: [ring.map((p) => p.id)],
      intel_ring: [intel.map((p) => p.id)],
      challenge_farm: [[maker.id, farmAlt.id]],
      vote_ring: [voters.map((p) => p.id)],
    };
    const norm = (sets: string[][]) => sets.map((s) => [...s].sort()).sort((a, b) => a[0].localeCompare(b[0]));
    const flags = await waitFor(async () => {
      const r = await ok('GET', '/api/gm/flags?limit=200', undefined, gm);
      return r.flags.filter((f: any) => f.kind === 'automated_input').length >= 2 ? r.flags : null;
    }, 15_000, 'automated-input flags');
    const byKind: Record<string, string[][]> = {};
    for (const f of flags) (byKind[f.kind] ??= []).push(f.playerIds);
    for (const kind of Object.keys(byKind)) byKind[kind] = norm(byKind[kind]);
    expect(byKind).toEqual(Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, norm(v)])));
    const honestIds = new Set(honest.map((h) => h.id));
    expect(flags.filter((f: any) => f.playerIds.some((id: string) => honestIds.has(id)))).toEqual([]);
    // Each flag carries the numbers that triggered it.
    const botFlag = flags.find((f: any) => f.kind === 'automated_input' && f.playerIds[0] === bot.id);
    expect(botFlag.evidence.inputs).toBe(192);
    // Timers on a loaded test machine jitter a "constant" bot too; its windows are still regular.
    expect(botFlag.evidence.windows.map((w: any) => [w.regular, w.maxOverMedian <= 4, w.cv <= 0.35])).toEqual([[true, true, true], [true, true, true], [true, true, true]]);
    if (process.env.GM_E2E_LOG) console.log(JSON.stringify(flags.filter((f: any) => f.kind === 'automated_input').map((f: any) => f.evidence.windows)));
    // The wash job runs every game hour (a second here): it may have caught the pair at its 10th trade.
    expect(flags.find((f: any) => f.kind === 'wash_trading').evidence.trades).toBeGreaterThanOrEqual(10);
    expect(flags.find((f: any) => f.kind === 'challenge_farm').evidence).toMatchObject({ solves: 3, share: 1 });

    // A re-run raises nothing twice.
    expect((await ok('POST', '/api/gm/fairplay/run', {}, gm)).flags).toEqual([]);
  });

  it('a GM bans a bot from the console API: its connection is closed, rejoining and HTTP refused', async () => {
    const flags = (await ok('GET', '/api/gm/flags?kind=automated_input', undefined, gm)).flags;
    const flag = flags.find((f: any) => f.playerIds[0] === constBot.p.id);
    const res = await ok('POST', `/api/gm/flags/${flag.id}/actions`, { action: 'ban', playerId: constBot.p.id, minutes: null, reason: 'movement bot' }, gm);
    expect(res.flag).toMatchObject({ status: 'actioned', resolution: 'ban' });
    await waitFor(() => constBot.left !== null, 5000, 'the bot\'s connection closed');
    const client = new Client(run.url);
    client.auth.token = constBot.p.token;
    await expect(client.joinOrCreate('region', { regionId: 1 })).rejects.toThrow(/BANNED/);
    expect((await api(run.url, 'GET', '/api/me', undefined, constBot.p.token)).status).toBe(403);
    const audit = await ok('GET', `/api/gm/audit?target=flag:${flag.id}`, undefined, gm);
    expect(audit.entries.map((e: any) => e.action)).toEqual(['flag.ban']);
    expect((await listAudit(db, { action: 'player.ban', targetPlayerId: constBot.p.id })).length).toBe(1);
  });

  it('a reward reversal through the flag: a compensating transfer, the invariant holds, a second one is refused', async () => {
    const flag = (await ok('GET', '/api/gm/flags?kind=challenge_farm', undefined, gm)).flags[0];
    const rewards = (await ok('GET', `/api/gm/players/${alt.id}/rewards`, undefined, gm)).rewards;
    const reward = rewards.find((r: any) => r.resource === 'cpu_cycles' && r.fromKind === 'mint' && r.amount === '50');
    expect(reward).toBeDefined();
    const body = { action: 'reverse', transferId: reward.transferId, reason: 'farmed from an alt' };
    const res = await ok('POST', `/api/gm/flags/${flag.id}/actions`, body, gm);
    expect(res.outcome).toMatchObject({ playerId: alt.id, resource: 'cpu_cycles', amount: '50', to: 'burn' });
    expect((await ledgerInvariant(db)).every((l) => l.holds)).toBe(true);
    const again = await api(run.url, 'POST', `/api/gm/flags/${flag.id}/actions`, body, gm.token);
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('ALREADY_DONE');
    const after = (await ok('GET', `/api/gm/players/${alt.id}/rewards`, undefined, gm)).rewards;
    expect(after.find((r: any) => r.transferId === reward.transferId).reversedBy).toBe(res.outcome.reversalId);
    expect((await ledgerInvariant(db)).every((l) => l.holds)).toBe(true);
  });

  it('warn sends a handler message; dismiss closes a flag once', async () => {
    const wash = (await ok('GET', '/api/gm/flags?kind=wash_trading', undefined, gm)).flags[0];
    const target = wash.playerIds[0];
    const warned = await ok('POST', `/api/gm/flags/${wash.id}/actions`, { action: 'warn', playerId: target, message: 'Trading with yourself is wash trading.' }, gm);
    const [message] = (await db.execute(`SELECT channel, as_handler, body FROM social_messages WHERE id = ${warned.outcome.messageId}`) as any).rows;
    expect(message).toMatchObject({ channel: `handler:${target}`, as_handler: true, body: 'Trading with yourself is wash trading.' });
    const vote = (await ok('GET', '/api/gm/flags?kind=vote_ring', undefined, gm)).flags[0];
    await ok('POST', `/api/gm/flags/${vote.id}/actions`, { action: 'dismiss', reason: 'a real club' }, gm);
    const twice = await api(run.url, 'POST', `/api/gm/flags/${vote.id}/actions`, { action: 'dismiss' }, gm.token);
    expect(twice.body.code).toBe('ALREADY_DONE');
    const outsider = await api(run.url, 'POST', `/api/gm/flags/${wash.id}/actions`, { action: 'mute', playerId: honest[0].id, minutes: 5, reason: 'x' }, gm.token);
    expect(outsider.status).toBe(400);
  });

  it('permissions and bad input: typed errors or 401/403, nothing changed', async () => {
    const player = honest[5];
    const flagId = (await ok('GET', '/api/gm/flags?kind=intel_ring', undefined, gm)).flags[0].id;
    const before = (await listAudit(db, { limit: 1 }))[0].id;
    for (const [method, path, body] of [
      ['GET', '/api/gm/flags', undefined], ['POST', `/api/gm/flags/${flagId}/actions`, { action: 'dismiss' }], ['POST', '/api/gm/fairplay/run', {}],
      ['GET', '/api/gm/health', undefined], ['POST', '/api/gm/parameters/fairplay_xp_per_hour_cap', { value: 6000, reason: 'x' }],
      ['POST', '/api/gm/territories/t-0_0', { garrison: 1 }], ['GET', '/api/gm/audit', undefined],
    ] as const) {
      expect((await api(run.url, method, path, body, player.token)).status).toBe(403);
      expect((await api(run.url, method, path, body, moderator.token)).status).toBe(403);
      expect((await api(run.url, method, path, body)).status).toBe(401);
    }
    expect((await api(run.url, 'GET', '/api/gm/players?q=h', undefined, moderator.token)).status).toBe(200);
    expect((await api(run.url, 'POST', `/api/admin/players/${player.name}/role`, { role: 'gm' }, gm.token)).status).toBe(403);
    const out = await api(run.url, 'POST', '/api/gm/parameters/fairplay_xp_per_hour_cap', { value: 50, reason: 'too strict' }, gm.token);
    expect(out.status).toBe(422);
    expect(out.body.code).toBe('PARAMETER_OUT_OF_BOUNDS');
    expect(run.game.services.parameters.get('fairplay_xp_per_hour_cap')).toBe(5000);
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const edit = await api(run.url, method, `/api/gm/audit/${before}`, { action: 'rewritten' }, admin.token);
      expect(edit.status).toBe(403);
    }
    expect((await listAudit(db, { limit: 1 }))[0].id).toBe(before);
    // An operation's targets must be territory ids, not names.
    const launch = await api(run.url, 'POST', '/api/gm/operations', { template: 'friday_flashpoint', targetTerritories: ['Nowhere Sector'] }, gm.token);
    expect(launch.status).toBe(422);
    expect(launch.body.code).toBe('UNKNOWN_TERRITORY');
    // Within bounds a GM's change is live and audited; an admin's role change is audited.
    await ok('POST', '/api/gm/parameters/fairplay_xp_per_hour_cap', { value: 6000, reason: 'event weekend' }, gm);
    expect(run.game.services.parameters.get('fairplay_xp_per_hour_cap')).toBe(6000);
    await ok('POST', `/api/admin/players/${player.name}/role`, { role: 'moderator' }, admin);
    const lines = (await ok('GET', '/api/gm/audit?limit=2', undefined, gm)).entries;
    expect(lines.map((l: any) => l.action)).toEqual(['player.role', 'parameter.change']);
  });

  it('community health: computed in one pass over this population, kept per day; a toxicity alert reaches the GMs', async () => {
    // A masked message makes this week's chat toxic (1 of 2 messages): the alert goes to every GM.
    const posted = await ok('POST', '/api/social/messages', { channel: 'global', body: 'this shit is rigged' }, honest[2]);
    expect(posted.message.masked).toBe(true);
    const today = await ok('POST', '/api/gm/health/compute', {}, gm);
    expect(today.day.counts).toMatchObject({ chatMessages: 2, toxicMessages: 1 }); // the GM's handler warning and the masked one
    expect(today.day.toxicity).toBe(0.5);
    expect(today.day.alerts).toContain('toxicity');
    const alert = await waitFor(async () => {
      const inbox = await ok('GET', '/api/notifications?limit=50', undefined, gm);
      return inbox.notifications.find((n: any) => n.kind === 'gm_alert' && n.title.includes('toxicity'));
    }, 15_000, 'the GM alert');
    expect(alert.body).toContain('Toxicity is 50.0 %');
    // Computing again the same day alerts nobody twice.
    await ok('POST', '/api/gm/health/compute', {}, gm);
    await sleep(1500);
    const again = await ok('GET', '/api/notifications?limit=50', undefined, gm);
    expect(again.notifications.filter((n: any) => n.kind === 'gm_alert' && n.title.includes('toxicity'))).toHaveLength(1);
    expect(today.day.counts.reputationGained.truthScore).toBeGreaterThan(0); // the ring's endorsements, verified intel
    const history = await ok('GET', '/api/gm/health', undefined, gm);
    expect(history.days.at(-1).day).toBe(today.day.day);
    expect(history.days.at(-1).score).toBeCloseTo(today.day.score, 12);
  });
});
