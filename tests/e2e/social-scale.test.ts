import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@colyseus/sdk';
import { Redis } from 'ioredis';
import { freshPostgresDatabase } from '../utils/pg';
import { startServerProcess, type ServerProcess } from '../utils/process';
import { api, registerPlayer } from '../utils/http';
import { REDIS_URL, sleep, tempDir, uniquePrefix, waitFor } from '../utils/env';
import { createSocialRoom, type SocialSeat } from '../utils/social';

// Two real server processes on one Postgres and one Redis: the social layer across processes.
const REDIS_DB = 11;
let db: Awaited<ReturnType<typeof freshPostgresDatabase>>;
let one: ServerProcess;
let two: ServerProcess;
let adminToken = '';
const prefix = uniquePrefix('social');
const open: SocialSeat[] = [];

beforeAll(async () => {
  db = await freshPostgresDatabase('social');
  const redisUrl = `${REDIS_URL.replace(/\/\d*$/, '')}/${REDIS_DB}`;
  const redis = new Redis(redisUrl);
  await redis.flushdb();
  redis.disconnect();
  const common = { DATABASE_URL: db.url, REDIS_URL: redisUrl, REDIS_PREFIX: prefix, JWT_SECRET: 's'.repeat(40) };
  const [portA, portB] = [28000 + Math.floor(Math.random() * 1000), 29000 + Math.floor(Math.random() * 1000)];
  one = await startServerProcess(portA, { ...common, PUBLIC_ADDRESS: `127.0.0.1:${portA}`, DATA_DIR: tempDir(), ADMIN_NAME: 'social_admin', ADMIN_PASSWORD: 'admin-password-1' });
  two = await startServerProcess(portB, { ...common, PUBLIC_ADDRESS: `127.0.0.1:${portB}`, DATA_DIR: tempDir() });
  const login = await api(one.url, 'POST', '/api/auth/login', { name: 'social_admin', password: 'admin-password-1' });
  expect(login.status).toBe(200);
  adminToken = login.body.token;
});

afterAll(async () => {
  for (const s of open) await s.leave();
  await one?.kill();
  await two?.kill();
  await db?.drop();
});

/**
 * A social room hosted by `host`. Matchmaking creates a room on the process with the fewest rooms
 * (each process publishes its count at most once a second), so rooms that land elsewhere are kept
 * open — raising that process's count — until one lands on `host`; then they are closed again.
 */
async function seatHostedBy(host: ServerProcess, token: string): Promise<SocialSeat> {
  const address = `127.0.0.1:${host.port}`;
  const elsewhere: SocialSeat[] = [];
  try {
    for (let i = 0; i < 10; i++) {
      const { seat, address: at } = await createSocialRoom(host.url, token);
      if (at === address) {
        open.push(seat);
        return seat;
      }
      elsewhere.push(seat);
      await sleep(1100);
    }
  } finally {
    for (const seat of elsewhere) await seat.leave();
  }
  throw new Error(`no social room was created on ${address}`);
}

describe('the social layer on two processes (Postgres + Redis)', () => {
  it('a global message posted through one process reaches a client on the other', async () => {
    const [a, b] = [await registerPlayer(one.url), await registerPlayer(two.url)];
    const A = await seatHostedBy(one, a.token);
    const B = await seatHostedBy(two, b.token);
    A.room.send('post', { channel: 'global', body: 'across the network' });
    const posted = (await A.next('posted')).message;
    expect(await B.next('chat', (m) => m.id === posted.id)).toEqual(posted);
    // And over HTTP through process two to a client on process one.
    const viaHttp = await api(two.url, 'POST', '/api/social/messages', { channel: 'global', body: 'and back' }, b.token);
    expect(await A.next('chat', (m) => m.id === viaHttp.body.message.id)).toMatchObject({ authorId: b.player.id, body: 'and back' });
    // A DM through process one reaches only its recipient on process two.
    A.room.send('post', { to: b.player.id, body: 'psst' });
    const dm = (await A.next('posted', (p) => p.message.body === 'psst')).message;
    expect(await B.next('chat', (m) => m.id === dm.id)).toMatchObject({ channel: dm.channel, body: 'psst' });
  });

  it('bad input and permissions through either process: typed errors, nothing stored', async () => {
    const [p, q, leader] = [await registerPlayer(two.url), await registerPlayer(one.url), await registerPlayer(one.url)];
    const P = await seatHostedBy(two, p.token);
    const refusal = async (message: Record<string, unknown>) => {
      const before = P.errors('post').length;
      P.room.send('post', message);
      return (await waitFor(() => P.errors('post')[before], 5000, 'refusal')).code;
    };
    expect(await refusal({ channel: 'global', body: 'x'.repeat(501) })).toBe('CHAT_TOO_LONG');
    expect(await refusal({ channel: 'global', body: '' })).toBe('BAD_REQUEST');
    expect(await refusal({ channel: 'global', body: '\u0007\u200b\u202e' })).toBe('BAD_REQUEST');
    expect(await refusal({ channel: 'classified', body: 'let me in' })).toBe('CHANNEL_LOCKED');
    const squad = await api(one.url, 'POST', '/api/squads', { name: `Scale ${leader.name.slice(-6)}`, type: 'analysis' }, leader.token);
    expect(await refusal({ channel: `squad:${squad.body.id}`, body: 'spy' })).toBe('NOT_SQUAD_MEMBER');
    expect((await api(one.url, 'PUT', `/api/social/blocks/${p.player.id}`, undefined, q.token)).status).toBe(200);
    expect(await refusal({ to: q.player.id, body: 'hello?' })).toBe('BLOCKED');
    const theirs = await api(one.url, 'POST', '/api/social/messages', { channel: 'global', body: 'not yours' }, q.token);
    P.room.send('delete', { messageId: theirs.body.message.id });
    expect((await waitFor(() => P.errors('delete')[0], 5000, 'delete refusal')).code).toBe('NOT_AUTHOR');
    for (const [method, path, body] of [
      ['GET', '/api/mod/reports', undefined], ['POST', '/api/mod/bans', { playerId: q.player.id, reason: 'x' }],
      ['POST', '/api/mod/mutes', { playerId: q.player.id, minutes: 1, reason: 'x' }], ['GET', '/api/admin/audit', undefined],
    ] as const) {
      expect((await api(one.url, method, path, body, p.token)).status, path).toBe(403);
    }
    expect((await db.query(`SELECT count(*)::int AS n FROM social_messages WHERE author_id = $1`, [p.player.id]))[0].n).toBe(0);
    expect((await db.query(`SELECT count(*)::int AS n FROM social_messages WHERE id = $1 AND removed_at IS NULL`, [theirs.body.message.id]))[0].n).toBe(1);
    // Flooding: the rate window is counted in Postgres, so it holds across processes.
    for (let i = 1; i <= 3; i++) expect((await api(one.url, 'POST', '/api/social/messages', { channel: 'global', body: `one ${i}` }, p.token)).status).toBe(201);
    for (let i = 4; i <= 5; i++) P.room.send('post', { channel: 'global', body: `two ${i}` });
    await waitFor(() => P.received('posted').length === 2, 5000, 'two more posted');
    expect(await refusal({ channel: 'global', body: 'sixth' })).toBe('CHAT_RATE_LIMITED');
    expect((await db.query(`SELECT count(*)::int AS n FROM social_messages WHERE author_id = $1`, [p.player.id]))[0].n).toBe(5);
  });

  it('a mute made on one process binds on the other within 1 s', async () => {
    const p = await registerPlayer(two.url);
    const P = await seatHostedBy(two, p.token);
    const started = Date.now();
    const muted = await api(one.url, 'POST', '/api/mod/mutes', { playerId: p.player.id, channel: null, minutes: 10, reason: 'flooding' }, adminToken);
    expect(muted.status).toBe(201);
    // The muted player's client on process two is told, and its next post is refused.
    await P.next('moderation', (m) => m.action === 'mute', 1000);
    const told = Date.now() - started;
    P.room.send('post', { channel: 'global', body: 'can I still talk?' });
    const refusal = await waitFor(() => P.errors('post')[0], 1000, 'MUTED');
    const bound = Date.now() - started;
    expect(refusal.code).toBe('MUTED');
    expect(told).toBeLessThanOrEqual(1000);
    expect(bound).toBeLessThanOrEqual(1000);
    console.log(`mute on process one → notice on process two after ${told} ms, post refused after ${bound} ms`);
    const viaHttp = await api(two.url, 'POST', '/api/social/messages', { channel: 'global', body: 'http?' }, p.token);
    expect([viaHttp.status, viaHttp.body.code]).toEqual([403, 'MUTED']);
    expect((await db.query(`SELECT count(*)::int AS n FROM social_messages WHERE author_id = $1`, [p.player.id]))[0].n).toBe(0);
  });

  it('a ban made on one process closes the connections and refuses requests on the other within 1 s', async () => {
    const p = await registerPlayer(two.url);
    const P = await seatHostedBy(two, p.token);
    const worldClient = new Client(two.url);
    worldClient.auth.token = p.token;
    const worldRoom = await worldClient.joinOrCreate('map'); // the world's map room: a ban closes every room's connections
    let worldLeft = 0;
    worldRoom.onLeave(() => { worldLeft = Date.now(); });
    for (const type of ['profile', 'deployed', 'notice', 'error', 'banned']) worldRoom.onMessage(type, () => {});
    const started = Date.now();
    const banned = await api(one.url, 'POST', '/api/mod/bans', { playerId: p.player.id, minutes: null, reason: 'cheating' }, adminToken);
    expect(banned.status).toBe(201);
    await waitFor(() => P.left, 1000, 'social connection closed');
    const closed = P.left!.at - started;
    expect(P.left).toMatchObject({ code: 4000, reason: 'BANNED' });
    expect(P.received('banned')).toHaveLength(1);
    await waitFor(() => worldLeft, 1000, 'world connection closed');
    const refusedAt = await waitFor(async () => ((await api(two.url, 'GET', '/api/me', undefined, p.token)).status === 403 ? Date.now() : 0), 1000, 'HTTP refused');
    expect(closed).toBeLessThanOrEqual(1000);
    expect(worldLeft - started).toBeLessThanOrEqual(1000);
    expect(refusedAt - started).toBeLessThanOrEqual(1000);
    console.log(`ban on process one → connections on process two closed after ${closed} ms (world ${worldLeft - started} ms), HTTP refused after ${refusedAt - started} ms`);
    expect((await api(two.url, 'GET', '/api/me', undefined, p.token)).body.code).toBe('BANNED');
    const login = await api(two.url, 'POST', '/api/auth/login', { name: p.name, password: p.password });
    expect([login.status, login.body.code]).toEqual([403, 'BANNED']);
    const again = new Client(two.url);
    again.auth.token = p.token;
    await expect(again.joinOrCreate('social')).rejects.toThrow(/BANNED/);
    const viaOne = new Client(one.url);
    viaOne.auth.token = p.token;
    await expect(viaOne.joinOrCreate('squad', { squadId: '00000000-0000-4000-8000-000000000000' })).rejects.toThrow(/BANNED/);
    // Lifted on process two, the player may come back through process one.
    expect((await api(two.url, 'POST', '/api/mod/unban', { playerId: p.player.id }, adminToken)).body).toEqual({ lifted: 1 });
    await waitFor(async () => (await api(one.url, 'GET', '/api/me', undefined, p.token)).status === 200, 1000, 'unbanned on process one');
  });

  it('a filter term added on one process masks on the other', async () => {
    expect((await api(one.url, 'POST', '/api/admin/filter-terms', { term: 'glorptax' }, adminToken)).status).toBe(201);
    const p = await registerPlayer(two.url);
    const masked = await waitFor(async () => {
      const res = await api(two.url, 'POST', '/api/social/messages', { channel: 'global', body: 'gl0rptax' }, p.token);
      return res.body.message?.masked ? res.body.message : null;
    }, 2000, 'term masked on process two');
    expect(masked.body).toBe('********');
  });
});
