import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@colyseus/sdk';
import { ledgerInvariant, mint, withTransaction, balanceOf, type Db } from '@datavism/db';
import { publishSocial } from '@datavism/game-server';
import { startGame, type RunningGame } from '../utils/game';
import { api } from '../utils/http';
import { sleep, waitFor } from '../utils/env';
import { joinSocial, socialPlayer, type SocialSeat, type TestPlayer } from '../utils/social';

// One embedded server process (PGlite, local presence), the default setup: channels, limits,
// permissions and moderation with real SDK clients. Postgres + Redis: social-scale.test.ts.
let run: RunningGame;
let db: Db;
let admin: TestPlayer;
let moderator: TestPlayer;
let gm: TestPlayer;
const seats: SocialSeat[] = [];

const player = (role: 'player' | 'moderator' | 'gm' | 'admin' = 'player') => socialPlayer(db, run.game.services.config.jwtSecret, role);
async function seat(p: TestPlayer): Promise<SocialSeat> {
  const s = await joinSocial(run.url, p.token);
  seats.push(s);
  return s;
}
async function count(where: string): Promise<number> {
  const result = (await db.execute(`SELECT count(*)::int AS n FROM social_messages WHERE ${where}`)) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0].n);
}
const byAuthor = (p: TestPlayer) => count(`author_id = '${p.id}'`);
/** Sends a message and waits for the refusal of that type. */
async function refused(s: SocialSeat, type: string, message: unknown): Promise<any> {
  const before = s.errors(type).length;
  s.room.send(type, message);
  return waitFor(() => s.errors(type)[before], 5000, `refusal of ${type}`);
}

beforeAll(async () => {
  run = await startGame({ db: 'pglite' });
  db = run.game.services.database.db;
  [admin, moderator, gm] = [await player('admin'), await player('moderator'), await player('gm')];
});
afterAll(async () => {
  for (const s of seats) await s.leave();
  await run?.close();
});

describe('social channels end to end (one process, real SDK clients)', () => {
  it('global: a post reaches every client; history pages newest first; unread counts survive a reconnect', async () => {
    const [a, b] = [await player(), await player()];
    const A = await seat(a);
    const B = await seat(b);
    expect(A.received('channels')[0].channels.map((c: any) => c.channel)).toEqual(['global', 'emergency', `handler:${a.id}`]);
    A.room.send('post', { channel: 'global', body: 'hello <b>world</b>\u200b', requestKey: 'r1' });
    const posted = await A.next('posted');
    expect(posted).toMatchObject({ requestKey: 'r1', message: { channel: 'global', authorId: a.id, authorName: a.name, body: 'hello <b>world</b>', removed: null } });
    const seen = await B.next('chat', (m) => m.id === posted.message.id);
    expect(seen).toEqual(posted.message);
    // Four more from a, then history in pages of 2, newest first, with cursors both ways.
    for (let i = 1; i <= 4; i++) {
      A.room.send('post', { channel: 'global', body: `m${i}` });
      await A.next('posted', (p) => p.message.body === `m${i}`);
    }
    const page = await api(run.url, 'GET', '/api/social/messages?channel=global&limit=2', undefined, b.token);
    expect(page.status).toBe(200);
    expect(page.body.messages.map((m: any) => m.body)).toEqual(['m4', 'm3']);
    expect(page.body.newer).toBeNull();
    const older = await api(run.url, 'GET', `/api/social/messages?channel=global&limit=2&before=${page.body.older}`, undefined, b.token);
    expect(older.body.messages.map((m: any) => m.body)).toEqual(['m2', 'm1']);
    const newer = await api(run.url, 'GET', `/api/social/messages?channel=global&limit=2&after=${older.body.messages[0].id}`, undefined, b.token);
    expect(newer.body.messages.map((m: any) => m.body)).toEqual(['m4', 'm3']);
    // b reads up to m2; after a reconnect (new room, new "login") two are unread.
    B.room.send('read', { channel: 'global', messageId: older.body.messages[0].id });
    await waitFor(async () => {
      const list = await api(run.url, 'GET', '/api/social/channels', undefined, b.token);
      return list.body.channels.find((c: any) => c.channel === 'global')?.lastReadId === older.body.messages[0].id;
    }, 5000, 'read marker stored');
    await B.leave();
    const B2 = await seat(b);
    const global = B2.received('channels')[0].channels.find((c: any) => c.channel === 'global');
    expect(global).toMatchObject({ lastReadId: older.body.messages[0].id, lastMessageId: page.body.messages[0].id });
    expect(global.unread).toBeGreaterThanOrEqual(2); // m3, m4 (other tests may have posted too)
  });

  it('bad input: oversized, empty, control characters only, wrong shapes, unknown channels, flooding → typed errors, nothing stored', async () => {
    const p = await player();
    const P = await seat(p);
    expect((await refused(P, 'post', { channel: 'global', body: 'x'.repeat(501) })).code).toBe('CHAT_TOO_LONG');
    expect((await refused(P, 'post', { channel: 'global', body: '' })).code).toBe('BAD_REQUEST');
    expect((await refused(P, 'post', { channel: 'global', body: '\u0000\u0007\u200b\u202e\n\t ' })).code).toBe('BAD_REQUEST');
    expect((await refused(P, 'post', { channel: 'global', body: 42 })).code).toBe('BAD_REQUEST');
    expect((await refused(P, 'post', { channel: 'global', to: p.id, body: 'both' })).code).toBe('BAD_REQUEST');
    expect((await refused(P, 'post', { channel: 'global', body: 'x'.repeat(5000) })).code).toBe('BAD_REQUEST');
    await sleep(1200); // refusals are sent at up to a burst of 10, then 5/s: let the bucket refill
    expect((await refused(P, 'post', { channel: 'nowhere', body: 'hi' })).code).toBe('BAD_REQUEST');
    expect((await refused(P, 'post', { channel: 'dm:x:y', body: 'hi' })).code).toBe('BAD_REQUEST');
    expect((await refused(P, 'post', { to: p.id, body: 'myself' })).code).toBe('BAD_REQUEST');
    expect((await refused(P, 'post', { to: '00000000-0000-4000-8000-000000000000', body: 'nobody' })).code).toBe('NOT_FOUND');
    expect((await refused(P, 'read', { channel: 'global', messageId: -1 })).code).toBe('BAD_REQUEST');
    expect((await refused(P, 'emergency', { body: 'x' })).code).toBe('BAD_REQUEST'); // unknown message type
    expect(await byAuthor(p)).toBe(0);
    // Control characters are stripped from what is kept.
    P.room.send('post', { channel: 'global', body: 'a\u0000b\u0007c\u200bd\u202ee' });
    expect((await P.next('posted')).message.body).toBe('abcde');
    // Flooding: 5 per 10 s per player; the sixth is CHAT_RATE_LIMITED and not stored.
    for (let i = 2; i <= 6; i++) P.room.send('post', { channel: 'global', body: `flood ${i}` });
    expect((await waitFor(() => P.errors('post').find((e) => e.code === 'CHAT_RATE_LIMITED'), 5000, 'rate limit')).code).toBe('CHAT_RATE_LIMITED');
    await sleep(200);
    expect(await byAuthor(p)).toBe(5);
    // The room is still there for the player.
    P.room.send('channels', {});
    await waitFor(() => P.received('channels').length === 2, 5000, 'channels again');
    // HTTP refuses the same way.
    expect((await api(run.url, 'POST', '/api/social/messages', { channel: 'global', body: 'x'.repeat(501) }, (await player()).token)).body.code).toBe('CHAT_TOO_LONG');
    expect((await api(run.url, 'GET', '/api/social/messages?channel=global&limit=1000', undefined, p.token)).status).toBe(400);
  });

  it('permissions: a gate you lack, a squad you are not in, a player who blocked you, someone else\'s message → typed errors, nothing stored', async () => {
    const [p, q, leader] = [await player(), await player(), await player()];
    const P = await seat(p);
    expect((await refused(P, 'post', { channel: 'classified', body: 'let me in' })).code).toBe('CHANNEL_LOCKED');
    expect((await refused(P, 'subscribe', { channel: 'strategic' })).code).toBe('CHANNEL_LOCKED');
    const squad = await api(run.url, 'POST', '/api/squads', { name: `Soc ${leader.name.slice(-6)}`, type: 'analysis' }, leader.token);
    expect(squad.status).toBe(201);
    expect((await refused(P, 'post', { channel: `squad:${squad.body.id}`, body: 'spy' })).code).toBe('NOT_SQUAD_MEMBER');
    expect((await api(run.url, 'GET', `/api/social/messages?channel=squad:${squad.body.id}`, undefined, p.token)).body.code).toBe('NOT_SQUAD_MEMBER');
    // q blocks p: p's DM is refused, q's is too.
    expect((await api(run.url, 'PUT', `/api/social/blocks/${p.id}`, undefined, q.token)).status).toBe(200);
    expect((await refused(P, 'post', { to: q.id, body: 'hey' })).code).toBe('BLOCKED');
    expect((await api(run.url, 'POST', '/api/social/messages', { to: p.id, body: 'hey' }, q.token)).body.code).toBe('BLOCKED');
    expect((await api(run.url, 'GET', '/api/social/blocks', undefined, q.token)).body.blocks.map((b: any) => b.playerId)).toEqual([p.id]);
    // A message of someone else cannot be deleted.
    const theirs = await api(run.url, 'POST', '/api/social/messages', { channel: 'global', body: 'mine, not yours' }, q.token);
    expect((await refused(P, 'delete', { messageId: theirs.body.message.id })).code).toBe('NOT_AUTHOR');
    expect((await api(run.url, 'DELETE', `/api/social/messages/${theirs.body.message.id}`, undefined, p.token)).body.code).toBe('NOT_AUTHOR');
    expect(await byAuthor(p)).toBe(0);
    expect(await count(`id = ${theirs.body.message.id} AND removed_at IS NULL`)).toBe(1);
    // Their own: a tombstone, live for readers too.
    const Q = await seat(q);
    Q.room.send('delete', { messageId: theirs.body.message.id });
    await Q.next('deleted');
    expect(await P.next('chat_removed', (m) => m.messageId === theirs.body.message.id)).toEqual({ channel: 'global', messageId: theirs.body.message.id, by: 'author' });
    // A DM of two others stays private.
    const r = await player();
    const dm = await api(run.url, 'POST', '/api/social/messages', { to: r.id, body: 'just us' }, (await player()).token);
    expect(dm.status).toBe(201);
    expect((await api(run.url, 'GET', `/api/social/messages?channel=${dm.body.message.channel}`, undefined, p.token)).body.code).toBe('FORBIDDEN');
    await sleep(200);
    expect(P.received('chat').some((m) => m.id === dm.body.message.id)).toBe(false);
  });

  it('moderation: players get 403; report → queue → removal (tombstone live and in history); mute and ban bind at once; admins read the audit log', async () => {
    const [p, reporter] = [await player(), await player()];
    const P = await seat(p);
    const R = await seat(reporter);
    for (const [method, path, body] of [
      ['GET', '/api/mod/reports', undefined], ['POST', '/api/mod/mutes', { playerId: reporter.id, minutes: 5, reason: 'x' }],
      ['POST', '/api/mod/bans', { playerId: reporter.id, reason: 'x' }], ['POST', '/api/mod/messages/1/remove', {}],
      ['GET', '/api/admin/audit', undefined], ['POST', '/api/admin/filter-terms', { term: 'abc' }], ['POST', '/api/gm/emergency', { body: 'x' }],
    ] as const) {
      const res = await api(run.url, method, path, body, p.token);
      expect([res.status, res.body.code], path).toEqual([403, 'FORBIDDEN']);
    }
    expect((await api(run.url, 'GET', '/api/admin/audit', undefined, moderator.token)).status).toBe(403);
    P.room.send('post', { channel: 'global', body: 'something rude' });
    const rude = (await P.next('posted')).message;
    R.room.send('report', { messageId: rude.id, reason: 'insult' });
    const reported = await R.next('reported');
    expect((await refused(R, 'report', { messageId: rude.id, reason: 'again' })).code).toBe('ALREADY_DONE');
    const queue = await api(run.url, 'GET', '/api/mod/reports', undefined, moderator.token);
    expect(queue.body.reports.find((x: any) => x.id === reported.reportId)).toMatchObject({ messageId: rude.id, body: 'something rude', reason: 'insult', authorName: p.name });
    const removed = await api(run.url, 'POST', `/api/mod/messages/${rude.id}/remove`, { reason: 'insult' }, moderator.token);
    expect(removed.body).toMatchObject({ removed: 'moderator', changed: true });
    expect(await R.next('chat_removed', (m) => m.messageId === rude.id)).toMatchObject({ by: 'moderator' });
    const history = await api(run.url, 'GET', `/api/social/messages?channel=global&after=${rude.id - 1}&limit=1`, undefined, reporter.token);
    expect(history.body.messages[0]).toMatchObject({ id: rude.id, body: '', removed: 'moderator' });
    // Mute in global for 5 minutes: told live, MUTED, nothing stored; DMs still work; unmute lifts.
    const muted = await api(run.url, 'POST', '/api/mod/mutes', { playerId: p.id, channel: 'global', minutes: 5, reason: 'cool down' }, moderator.token);
    expect(muted.status).toBe(201);
    expect(await P.next('moderation')).toMatchObject({ action: 'mute', channel: 'global' });
    const stored = await byAuthor(p);
    expect((await refused(P, 'post', { channel: 'global', body: 'still rude' })).code).toBe('MUTED');
    expect(await byAuthor(p)).toBe(stored);
    P.room.send('post', { to: reporter.id, body: 'sorry' });
    await P.next('posted', (x) => x.message.body === 'sorry');
    expect((await api(run.url, 'POST', '/api/mod/unmute', { playerId: p.id }, moderator.token)).body).toEqual({ lifted: 1 });
    // A moderator cannot mute a GM.
    expect((await api(run.url, 'POST', '/api/mod/mutes', { playerId: gm.id, minutes: 5, reason: 'x' }, moderator.token)).body.code).toBe('FORBIDDEN');
    // Ban: the open connection is closed, HTTP, login and room joins are refused.
    const banned = await api(run.url, 'POST', '/api/mod/bans', { playerId: p.id, minutes: 60, reason: 'repeat offender' }, moderator.token);
    expect(banned.status).toBe(201);
    await waitFor(() => P.left, 2000, 'banned client closed');
    expect(P.left).toMatchObject({ code: 4000, reason: 'BANNED' });
    const me = await api(run.url, 'GET', '/api/me', undefined, p.token);
    expect([me.status, me.body.code]).toEqual([403, 'BANNED']);
    const client = new Client(run.url);
    client.auth.token = p.token;
    await expect(client.joinOrCreate('social')).rejects.toThrow(/BANNED/);
    await expect(client.joinOrCreate('map')).rejects.toThrow(/BANNED/);
    expect((await api(run.url, 'GET', '/api/mod/bans', undefined, moderator.token)).body.bans.map((b: any) => b.playerId)).toContain(p.id);
    expect((await api(run.url, 'POST', '/api/mod/unban', { playerId: p.id }, moderator.token)).body).toEqual({ lifted: 1 });
    expect((await api(run.url, 'GET', '/api/me', undefined, p.token)).status).toBe(200);
    // Every action above is in the audit log, filterable by actor, action and time.
    const audit = await api(run.url, 'GET', `/api/admin/audit?actor=${moderator.id}&limit=50`, undefined, admin.token);
    const mine = audit.body.entries.filter((e: any) => e.targetPlayerId === p.id).map((e: any) => e.action);
    expect(mine).toEqual(['player.unban', 'player.ban', 'player.unmute', 'player.mute', 'message.remove']);
    const bans = await api(run.url, 'GET', `/api/admin/audit?action=player.ban&since=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}`, undefined, admin.token);
    expect(bans.body.entries.find((e: any) => e.targetPlayerId === p.id)).toMatchObject({ actorId: moderator.id, actorRole: 'moderator', details: { reason: 'repeat offender' } });
    expect((await api(run.url, 'GET', '/api/admin/audit?since=yesterday', undefined, admin.token)).status).toBe(400);
  });

  it('a ban also cancels the reconnection seat a room keeps for a dropped connection', async () => {
    const dropAndRejoin = async (p: TestPlayer, banFirst: boolean) => {
      const client = new Client(run.url);
      client.auth.token = p.token;
      const world = await client.joinOrCreate('map');
      for (const type of ['profile', 'deployed', 'notice', 'error', 'banned']) world.onMessage(type, () => {});
      const token = world.reconnectionToken;
      world.connection.close(4002, 'dropped'); // not a consented leave: the map room keeps the seat for 20 s
      await sleep(300);
      if (banFirst) {
        expect((await api(run.url, 'POST', '/api/mod/bans', { playerId: p.id, minutes: 5, reason: 'x' }, moderator.token)).status).toBe(201);
        await sleep(200);
      }
      const back = await client.reconnect(token);
      await back.leave();
    };
    await dropAndRejoin(await player(), false); // the control: without a ban the reconnect works
    await expect(dropAndRejoin(await player(), true)).rejects.toThrow(/reconnection token invalid or expired|disposed/);
  });

  it('handler threads: the player writes, GMs list the open threads and answer as "Handler" (the GM id kept for audit)', async () => {
    const p = await player();
    const P = await seat(p);
    const G = await seat(gm);
    P.room.send('post', { channel: `handler:${p.id}`, body: 'Handler, I found something.' });
    const asked = (await P.next('posted')).message;
    expect(await G.next('chat', (m) => m.id === asked.id)).toMatchObject({ channel: `handler:${p.id}`, authorId: p.id });
    const threads = await api(run.url, 'GET', '/api/gm/handler/threads', undefined, gm.token);
    expect(threads.body.threads.find((t: any) => t.playerId === p.id)).toMatchObject({ status: 'open', awaitingHandler: true, playerName: p.name });
    expect((await api(run.url, 'GET', '/api/gm/handler/threads', undefined, moderator.token)).status).toBe(403);
    const reply = await api(run.url, 'POST', `/api/gm/handler/threads/${p.id}/messages`, { body: 'Good work. Stay dark.' }, gm.token);
    expect(reply.status).toBe(201);
    const seen = await P.next('chat', (m) => m.id === reply.body.message.id);
    expect(seen).toMatchObject({ authorId: null, authorName: 'Handler', body: 'Good work. Stay dark.' });
    const thread = await api(run.url, 'GET', `/api/gm/handler/threads/${p.id}/messages`, undefined, gm.token);
    expect(thread.body.messages.map((m: any) => m.authorName)).toEqual(['Handler', p.name]);
    const audit = await api(run.url, 'GET', `/api/admin/audit?actor=${gm.id}&action=handler.reply`, undefined, admin.token);
    expect(audit.body.entries[0]).toMatchObject({ actorId: gm.id, targetPlayerId: p.id, target: `message:${reply.body.message.id}` });
    // Another player cannot read or write the thread; a player cannot answer as the handler.
    const other = await player();
    expect((await api(run.url, 'GET', `/api/social/messages?channel=handler:${p.id}`, undefined, other.token)).body.code).toBe('FORBIDDEN');
    expect((await api(run.url, 'POST', `/api/gm/handler/threads/${p.id}/messages`, { body: 'fake' }, other.token)).status).toBe(403);
    expect((await api(run.url, 'POST', `/api/gm/handler/threads/${p.id}/close`, undefined, gm.token)).body).toEqual({ playerId: p.id, status: 'closed' });
    expect((await api(run.url, 'GET', '/api/gm/handler/threads', undefined, gm.token)).body.threads.some((t: any) => t.playerId === p.id)).toBe(false);
  });

  it('gated channels: a liberation key opens the next gate for 7 days (ledger holds); influence opens them; subscribe is checked', async () => {
    const p = await player();
    expect((await api(run.url, 'POST', '/api/social/unlock', {}, p.token)).body.code).toBe('INSUFFICIENT_FUNDS');
    await withTransaction(db, (tx) => mint(tx, { kind: 'player', id: p.id }, 'liberation_keys', 1n, 'test_grant'));
    const unlocked = await api(run.url, 'POST', '/api/social/unlock', { requestKey: 'gate-1' }, p.token);
    expect(unlocked.body).toMatchObject({ channel: 'classified', applied: true });
    expect(Date.parse(unlocked.body.expiresAt) - Date.now()).toBeGreaterThan(7 * 86_400_000 - 60_000);
    expect((await api(run.url, 'POST', '/api/social/unlock', { requestKey: 'gate-1' }, p.token)).body).toMatchObject({ channel: 'classified', applied: false });
    expect(await balanceOf(db, { kind: 'player', id: p.id }, 'liberation_keys')).toBe(0n);
    for (const line of await ledgerInvariant(db)) expect(line.holds, line.resource).toBe(true);
    const P = await seat(p);
    expect(P.received('channels')[0].channels.find((c: any) => c.channel === 'classified')).toMatchObject({ access: 'unlock', expiresAt: unlocked.body.expiresAt });
    const insider = await player();
    await db.execute(`UPDATE players SET technical_mastery = 400 WHERE id = '${insider.id}'`); // influence 100
    const I = await seat(insider);
    I.room.send('post', { channel: 'classified', body: 'eyes only' });
    const line = (await I.next('posted')).message;
    expect(await P.next('chat', (m) => m.id === line.id)).toMatchObject({ channel: 'classified', body: 'eyes only' });
    const outsider = await seat(await player());
    await sleep(200);
    expect(outsider.received('chat').some((m) => m.id === line.id)).toBe(false);
    // Influence decays below the gate: the next post is refused.
    await db.execute(`UPDATE players SET technical_mastery = 396 WHERE id = '${insider.id}'`);
    expect((await refused(I, 'post', { channel: 'classified', body: 'still here?' })).code).toBe('CHANNEL_LOCKED');
  });

  it('word filter: an admin\'s term is masked (with leetspeak and spelled out); innocent words pass', async () => {
    const added = await api(run.url, 'POST', '/api/admin/filter-terms', { term: 'Zorblax' }, admin.token);
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ term: 'zorblax', added: true });
    expect((await api(run.url, 'POST', '/api/admin/filter-terms', { term: '<b>x</b>' }, admin.token)).status).toBe(400);
    const p = await player();
    const post = async (body: string) => (await api(run.url, 'POST', '/api/social/messages', { channel: 'global', body }, p.token)).body.message;
    expect(await post('you z0rblax')).toMatchObject({ body: 'you *******', masked: true });
    expect(await post('f u c k this')).toMatchObject({ body: '* * * * this', masked: true });
    expect(await post('an assassin in Scunthorpe eats shiitake, a classic')).toMatchObject({ body: 'an assassin in Scunthorpe eats shiitake, a classic', masked: false });
    expect((await api(run.url, 'GET', '/api/admin/filter-terms', undefined, admin.token)).body.terms).toContain('zorblax');
    expect((await api(run.url, 'DELETE', '/api/admin/filter-terms/zorblax', undefined, admin.token)).status).toBe(200);
    expect(await post('zorblax again')).toMatchObject({ body: 'zorblax again', masked: false });
  });

  it('emergency: one GM broadcast, stored and audited, reaches every client as a banner', async () => {
    const [A, B] = [await seat(await player()), await seat(await player())];
    const sent = await api(run.url, 'POST', '/api/gm/emergency', { body: 'AC sweep in sector 9. Go dark.' }, gm.token);
    expect(sent.status).toBe(201);
    for (const S of [A, B]) expect(await S.next('emergency', (m) => m.id === sent.body.id)).toEqual(sent.body);
    expect(sent.body).toMatchObject({ body: 'AC sweep in sector 9. Go dark.', from: gm.name });
    const history = await api(run.url, 'GET', '/api/social/messages?channel=emergency&limit=1', undefined, (await player()).token);
    expect(history.body.messages[0]).toMatchObject({ id: sent.body.id, channel: 'emergency' });
    expect((await api(run.url, 'POST', '/api/social/messages', { channel: 'emergency', body: 'fake alarm' }, (await player()).token)).body.code).toBe('FORBIDDEN');
    const audit = await api(run.url, 'GET', `/api/admin/audit?action=emergency.broadcast&actor=${gm.id}`, undefined, admin.token);
    expect(audit.body.entries[0]).toMatchObject({ target: `message:${sent.body.id}` });
  });

  it('notifications: an event published on the social channel reaches only the named players\' clients', async () => {
    const [p, q] = [await player(), await player()];
    const [P, Q] = [await seat(p), await seat(q)];
    const notification = { id: 'n-1', kind: 'siege_declared', tier: 'urgent' as const, title: 'Your territory is besieged', body: 'Defend it.', createdAt: new Date().toISOString(), link: '/war' };
    await publishSocial(run.game.services, { kind: 'notification', playerIds: [p.id], notification });
    expect(await P.next('notification')).toEqual(notification);
    await sleep(200);
    expect(Q.received('notification')).toEqual([]);
  });

  it('squad chat goes through the social service: the squad room shows it, a moderator removal leaves a tombstone there', async () => {
    const leader = await player();
    const created = await api(run.url, 'POST', '/api/squads', { name: `Chat ${leader.name.slice(-6)}`, type: 'analysis' }, leader.token);
    const squadId = created.body.id;
    const client = new Client(run.url);
    client.auth.token = leader.token;
    const squadRoom = await client.joinOrCreate('squad', { squadId });
    for (const type of ['me', 'error']) squadRoom.onMessage(type, () => {});
    const L = await seat(leader);
    expect(L.received('channels')[0].channels.map((c: any) => c.channel)).toContain(`squad:${squadId}`);
    L.room.send('post', { channel: `squad:${squadId}`, body: 'squad only' });
    const posted = (await L.next('posted')).message;
    await waitFor(() => squadRoom.state.chat.find((c: any) => c.id === posted.id), 5000, 'line in the squad room');
    await api(run.url, 'POST', `/api/mod/messages/${posted.id}/remove`, {}, moderator.token);
    await waitFor(() => squadRoom.state.chat.find((c: any) => c.id === posted.id)?.removed, 5000, 'tombstone in the squad room');
    expect(squadRoom.state.chat.find((c: any) => c.id === posted.id).body).toBe('');
    await squadRoom.leave();
  });
});
