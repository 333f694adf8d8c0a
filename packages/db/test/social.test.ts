import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { dmChannel } from '@datavism/rules';
import {
  activeBans, addFilterTerm, balanceOf, banPlayer, blockPlayer, channelHistory, closeHandlerThread, createSquad,
  dismissReport, dmThreadsOf, ensureCouncils, filterTerms, handlerThreads, joinSquad, ledgerInvariant, listAudit, markChannelRead,
  mint, mutePlayer, postSocialMessage, removeFilterTerm, removeSocialMessage, reportMessage, reportQueue, schema, socialViewer,
  unbanPlayer, unblockPlayer, unlockNextGate, unmutePlayer, unreadCounts, withTransaction, writeAudit, type Db,
} from '../src/index';
import { countRows, gameError, newPlayer, useDatabase, KINDS, type Ctx } from './harness';

const NOW = new Date('2027-03-01T12:00:00Z');
const LIMITS = { maxPerWindow: 5, windowSeconds: 10 };
const at = (ms: number) => new Date(NOW.getTime() + ms);

/** Each test posts at its own instants: the rate window counts per author, so authors are fresh anyway. */
function poster(db: Db) {
  return (authorId: string, channel: string, body: string, now = NOW, extra: Partial<Parameters<typeof postSocialMessage>[1]> = {}) =>
    postSocialMessage(db, { channel, authorId, body, masked: false, now, limits: LIMITS, ...extra });
}

async function messagesIn(db: Db, channel: string): Promise<number> {
  return countRows(db, sql`SELECT count(*) AS n FROM social_messages WHERE channel = ${channel}`);
}

describe.each(KINDS)('social on %s', (kind) => {
  const ctx: Ctx = useDatabase(kind);

  it('global: persisted, history newest first in pages with cursors both ways', async () => {
    const { db } = ctx;
    const channel = 'global';
    const before = await messagesIn(db, channel);
    const authors = await Promise.all([0, 1, 2].map(() => newPlayer(db)));
    const ids: number[] = [];
    // 12 messages from 3 authors, 4 each (under the 5 per window).
    for (let i = 0; i < 12; i++) ids.push((await poster(db)(authors[i % 3].id, channel, `g${i}`, at(i))).id);
    expect(await messagesIn(db, channel)).toBe(before + 12);
    const reader = await newPlayer(db);
    const first = await channelHistory(db, { channel, readerId: reader.id, limit: 5 });
    expect(first.messages.map((m) => m.body)).toEqual(['g11', 'g10', 'g9', 'g8', 'g7']);
    expect(first.newer).toBeNull();
    expect(first.older).toBe(ids[7]);
    const second = await channelHistory(db, { channel, readerId: reader.id, before: first.older!, limit: 5 });
    expect(second.messages.map((m) => m.body)).toEqual(['g6', 'g5', 'g4', 'g3', 'g2']);
    expect(second.newer).toBe(ids[6]);
    // Forward from the second page's newest: the five right after it, still newest first.
    const forward = await channelHistory(db, { channel, readerId: reader.id, after: ids[2], limit: 5 });
    expect(forward.messages.map((m) => m.body)).toEqual(['g7', 'g6', 'g5', 'g4', 'g3']);
    expect(forward.newer).toBe(ids[7]);
    expect(forward.older).toBe(ids[3]);
    const last = await channelHistory(db, { channel, readerId: reader.id, after: ids[7], limit: 50 });
    expect(last.messages.map((m) => m.body)).toEqual(['g11', 'g10', 'g9', 'g8']);
    expect(last.newer).toBeNull();
    expect(first.messages[0]).toMatchObject({ channel, authorId: authors[2].id, authorName: authors[2].name, masked: false, removedKind: null });
  });

  it('rate window: the sixth message within 10 s is CHAT_RATE_LIMITED and stores nothing; later it passes', async () => {
    const { db } = ctx;
    const p = await newPlayer(db);
    const post = poster(db);
    for (let i = 0; i < 5; i++) await post(p.id, 'global', `r${i}`, at(i * 1000));
    const stored = await countRows(db, sql`SELECT count(*) AS n FROM social_messages WHERE author_id = ${p.id}::uuid`);
    await expect(post(p.id, 'global', 'r5', at(5000))).rejects.toEqual(gameError('CHAT_RATE_LIMITED'));
    // Across channels: the limit is per player.
    await expect(post(p.id, dmChannel(p.id, (await newPlayer(db)).id), 'dm', at(6000))).rejects.toEqual(gameError('CHAT_RATE_LIMITED'));
    expect(await countRows(db, sql`SELECT count(*) AS n FROM social_messages WHERE author_id = ${p.id}::uuid`)).toBe(stored);
    await post(p.id, 'global', 'r5', at(10_500));
  });

  it('concurrent posts of one player never exceed the window', async () => {
    const { db } = ctx;
    const p = await newPlayer(db);
    const results = await Promise.allSettled([...Array(8)].map((_, i) => poster(db)(p.id, 'global', `c${i}`, at(100))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason.code === 'CHAT_RATE_LIMITED')).toBe(true);
  });

  it('gates: CHANNEL_LOCKED below the gate (nothing stored), open at it, closed again after decay', async () => {
    const { db } = ctx;
    const low = await newPlayer(db);
    const before = await messagesIn(db, 'classified');
    await expect(poster(db)(low.id, 'classified', 'hello')).rejects.toEqual(gameError('CHANNEL_LOCKED'));
    expect(await messagesIn(db, 'classified')).toBe(before);
    // influence 0.25 × 400 = 100.
    const ok = await newPlayer(db, { technicalMastery: 400 });
    await poster(db)(ok.id, 'classified', 'in');
    await expect(poster(db)(ok.id, 'handler-net', 'no')).rejects.toEqual(gameError('CHANNEL_LOCKED'));
    await db.update(schema.players).set({ technicalMastery: 396 }).where(eq(schema.players.id, ok.id));
    await expect(poster(db)(ok.id, 'classified', 'decayed', at(1000))).rejects.toEqual(gameError('CHANNEL_LOCKED'));
    expect(await messagesIn(db, 'classified')).toBe(before + 1);
  });

  it('liberation key: burns one key for the next gate, 7 days, stacks, expires; ledger holds', async () => {
    const { db } = ctx;
    const p = await newPlayer(db);
    await expect(unlockNextGate(db, { playerId: p.id, now: NOW, days: 7 })).rejects.toEqual(gameError('INSUFFICIENT_FUNDS'));
    expect(await countRows(db, sql`SELECT count(*) AS n FROM social_gate_unlocks WHERE player_id = ${p.id}::uuid`)).toBe(0);
    await withTransaction(db, (tx) => mint(tx, { kind: 'player', id: p.id }, 'liberation_keys', 3n, 'test'));
    const first = await unlockNextGate(db, { playerId: p.id, now: NOW, days: 7, requestKey: 'k1' });
    expect(first).toMatchObject({ channel: 'classified', applied: true });
    expect(first.expiresAt.toISOString()).toBe('2027-03-08T12:00:00.000Z');
    // A retry with the same key spends nothing and answers the same unlock.
    expect(await unlockNextGate(db, { playerId: p.id, now: NOW, days: 7, requestKey: 'k1' })).toMatchObject({ channel: 'classified', applied: false });
    expect(await balanceOf(db, { kind: 'player', id: p.id }, 'liberation_keys')).toBe(2n);
    const second = await unlockNextGate(db, { playerId: p.id, now: NOW, days: 7 });
    expect(second.channel).toBe('handler-net');
    expect(await balanceOf(db, { kind: 'player', id: p.id }, 'liberation_keys')).toBe(1n);
    await poster(db)(p.id, 'classified', 'via key');
    await poster(db)(p.id, 'handler-net', 'via key', at(1));
    await expect(poster(db)(p.id, 'strategic', 'no', at(2))).rejects.toEqual(gameError('CHANNEL_LOCKED'));
    // After 7 days the channels close again.
    const week = new Date(first.expiresAt.getTime());
    await expect(poster(db)(p.id, 'classified', 'expired', week)).rejects.toEqual(gameError('CHANNEL_LOCKED'));
    expect((await socialViewer(db, p.id, week)).unlocks).toEqual([]);
    // Everything open: ALREADY_DONE, no key spent.
    const top = await newPlayer(db, { technicalMastery: 10000, truthScore: 10000, impactRating: 10000 });
    await withTransaction(db, (tx) => mint(tx, { kind: 'player', id: top.id }, 'liberation_keys', 1n, 'test'));
    await expect(unlockNextGate(db, { playerId: top.id, now: NOW, days: 7 })).rejects.toEqual(gameError('ALREADY_DONE'));
    expect(await balanceOf(db, { kind: 'player', id: top.id }, 'liberation_keys')).toBe(1n);
    for (const line of await ledgerInvariant(db)) expect(line.holds).toBe(true);
  });

  it('squad channel: members only', async () => {
    const { db } = ctx;
    const leader = await newPlayer(db);
    const squad = await createSquad(db, { leaderId: leader.id, name: `Soc-${leader.id.slice(0, 8)}`, type: 'analysis' });
    const member = await newPlayer(db);
    await joinSquad(db, squad.id, member.id);
    const channel = `squad:${squad.id}`;
    await poster(db)(member.id, channel, 'for the squad');
    await expect(poster(db)((await newPlayer(db)).id, channel, 'intruder')).rejects.toEqual(gameError('NOT_SQUAD_MEMBER'));
    await expect(poster(db)((await newPlayer(db, { role: 'admin' })).id, channel, 'admin')).rejects.toEqual(gameError('NOT_SQUAD_MEMBER'));
    expect(await messagesIn(db, channel)).toBe(1);
  });

  it('DMs: threads listed for both parties; a block refuses both ways and hides the blocked in history', async () => {
    const { db } = ctx;
    const [a, b] = [await newPlayer(db), await newPlayer(db)];
    const channel = dmChannel(a.id, b.id);
    await poster(db)(a.id, channel, 'hi b');
    expect((await dmThreadsOf(db, b.id)).map((t) => [t.channel, t.otherId, t.otherName])).toEqual([[channel, a.id, a.name]]);
    await expect(poster(db)((await newPlayer(db)).id, channel, 'eavesdrop')).rejects.toEqual(gameError('FORBIDDEN'));
    await blockPlayer(db, b.id, a.id, NOW);
    await blockPlayer(db, b.id, a.id, NOW); // idempotent
    await expect(poster(db)(a.id, channel, 'again', at(1))).rejects.toEqual(gameError('BLOCKED'));
    await expect(poster(db)(b.id, channel, 'reply', at(1))).rejects.toEqual(gameError('BLOCKED'));
    expect(await messagesIn(db, channel)).toBe(1);
    // b no longer sees a's messages anywhere; others still do.
    await poster(db)(a.id, 'global', 'a in global', at(2));
    const seenByB = await channelHistory(db, { channel: 'global', readerId: b.id, limit: 50 });
    expect(seenByB.messages.some((m) => m.authorId === a.id)).toBe(false);
    const seenByOther = await channelHistory(db, { channel: 'global', readerId: (await newPlayer(db)).id, limit: 50 });
    expect(seenByOther.messages.some((m) => m.authorId === a.id)).toBe(true);
    await unblockPlayer(db, b.id, a.id);
    await poster(db)(b.id, channel, 'reply', at(3));
    await expect(blockPlayer(db, a.id, a.id, NOW)).rejects.toEqual(gameError('BAD_REQUEST'));
  });

  it('handler threads: the player writes, a GM answers as the Handler (audited), GMs list and close', async () => {
    const { db } = ctx;
    const p = await newPlayer(db);
    const gm = await newPlayer(db, { role: 'gm' });
    const channel = `handler:${p.id}`;
    await poster(db)(p.id, channel, 'I need guidance');
    let open = (await handlerThreads(db, 'open')).find((t) => t.playerId === p.id);
    expect(open).toMatchObject({ playerName: p.name, status: 'open', awaitingHandler: true });
    await expect(poster(db)((await newPlayer(db)).id, channel, 'not mine')).rejects.toEqual(gameError('FORBIDDEN'));
    await expect(poster(db)((await newPlayer(db, { role: 'moderator' })).id, channel, 'mod', NOW, { asHandler: true, limits: null }))
      .rejects.toEqual(gameError('FORBIDDEN'));
    const reply = await poster(db)(gm.id, channel, 'Stay hidden.', at(1), {
      asHandler: true, limits: null, audit: { action: 'handler.reply', targetPlayerId: p.id },
    });
    expect(reply).toMatchObject({ asHandler: true, authorId: gm.id });
    open = (await handlerThreads(db, 'open')).find((t) => t.playerId === p.id);
    expect(open?.awaitingHandler).toBe(false);
    expect((await listAudit(db, { actorId: gm.id }))[0]).toMatchObject({ action: 'handler.reply', targetPlayerId: p.id, target: `message:${reply.id}` });
    await closeHandlerThread(db, { playerId: p.id, gmId: gm.id, gmRole: 'gm', now: at(2) });
    expect((await handlerThreads(db, 'open')).some((t) => t.playerId === p.id)).toBe(false);
    await poster(db)(p.id, channel, 'one more thing', at(3));
    expect((await handlerThreads(db, 'open')).some((t) => t.playerId === p.id)).toBe(true);
    expect((await listAudit(db, { actorId: gm.id, action: 'handler.close' }))).toHaveLength(1);
  });

  it('mutes: per channel and everywhere, MUTED stores nothing, unmute lifts; moderators cannot mute staff', async () => {
    const { db } = ctx;
    const mod = { id: (await newPlayer(db, { role: 'moderator' })).id, role: 'moderator' };
    const p = await newPlayer(db);
    await mutePlayer(db, { playerId: p.id, channel: 'global', until: at(60_000), reason: 'spam', by: mod, now: NOW });
    const before = await messagesIn(db, 'global');
    await expect(poster(db)(p.id, 'global', 'x')).rejects.toEqual(gameError('MUTED'));
    expect(await messagesIn(db, 'global')).toBe(before);
    await poster(db)(p.id, dmChannel(p.id, mod.id), 'dm still works');
    await mutePlayer(db, { playerId: p.id, channel: null, until: at(30_000), reason: 'everywhere', by: mod, now: NOW });
    await expect(poster(db)(p.id, dmChannel(p.id, mod.id), 'no', at(1))).rejects.toEqual(gameError('MUTED'));
    // The everywhere mute ends at 30 s; the global one holds until 60 s.
    await poster(db)(p.id, dmChannel(p.id, mod.id), 'after 30 s', at(30_000));
    await expect(poster(db)(p.id, 'global', 'x', at(30_001))).rejects.toEqual(gameError('MUTED'));
    expect(await unmutePlayer(db, { playerId: p.id, by: mod, now: at(31_000) })).toBe(1);
    await poster(db)(p.id, 'global', 'unmuted', at(31_000));
    const gm = await newPlayer(db, { role: 'gm' });
    await expect(mutePlayer(db, { playerId: gm.id, channel: null, until: at(1000), reason: 'x', by: mod, now: NOW })).rejects.toEqual(gameError('FORBIDDEN'));
    await expect(mutePlayer(db, { playerId: p.id, channel: 'nowhere', until: at(1000), reason: 'x', by: mod, now: NOW })).rejects.toEqual(gameError('BAD_REQUEST'));
    const audit = await listAudit(db, { actorId: mod.id });
    expect(audit.map((a) => a.action)).toEqual(['player.unmute', 'player.mute', 'player.mute']);
    expect(audit[2]).toMatchObject({ targetPlayerId: p.id, target: 'global', details: { reason: 'spam', channel: 'global' } });
  });

  it('bans: in force until lifted or ended, BANNED on post, listed for the processes', async () => {
    const { db } = ctx;
    const mod = { id: (await newPlayer(db, { role: 'moderator' })).id, role: 'moderator' };
    const [p, q] = [await newPlayer(db), await newPlayer(db)];
    await banPlayer(db, { playerId: p.id, until: null, reason: 'abuse', by: mod, now: NOW });
    await banPlayer(db, { playerId: q.id, until: at(5000), reason: 'cool down', by: mod, now: NOW });
    await expect(poster(db)(p.id, 'global', 'x')).rejects.toEqual(gameError('BANNED'));
    const bans = await activeBans(db, NOW);
    expect(bans).toEqual(expect.arrayContaining([{ playerId: p.id, until: null }, { playerId: q.id, until: at(5000) }]));
    expect((await activeBans(db, at(5000))).some((b) => b.playerId === q.id)).toBe(false);
    expect(await unbanPlayer(db, { playerId: p.id, by: mod, now: at(1) })).toBe(1);
    expect((await activeBans(db, at(2))).some((b) => b.playerId === p.id)).toBe(false);
    expect((await listAudit(db, { actorId: mod.id, action: 'player.ban' })).map((a) => a.targetPlayerId).sort()).toEqual([p.id, q.id].sort());
  });

  it('removal: NOT_AUTHOR for others, tombstone for the author; a moderator removes, resolves reports, audits the text', async () => {
    const { db } = ctx;
    const [a, b] = [await newPlayer(db), await newPlayer(db)];
    const m1 = await poster(db)(a.id, 'global', 'first');
    const m2 = await poster(db)(a.id, 'global', 'second', at(1));
    await expect(removeSocialMessage(db, { messageId: m1.id, byId: b.id, byRole: 'player', kind: 'author', now: NOW }))
      .rejects.toEqual(gameError('NOT_AUTHOR'));
    expect((await channelHistory(db, { channel: 'global', readerId: b.id, after: m1.id - 1, limit: 1 })).messages[0].body).toBe('first');
    const gone = await removeSocialMessage(db, { messageId: m1.id, byId: a.id, byRole: 'player', kind: 'author', now: at(2) });
    expect(gone).toMatchObject({ changed: true, message: { body: '', removedKind: 'author' } });
    expect((await removeSocialMessage(db, { messageId: m1.id, byId: a.id, byRole: 'player', kind: 'author', now: at(3) })).changed).toBe(false);
    // Reports: one per reporter, not on one's own message, queued for moderators.
    const report = await reportMessage(db, { messageId: m2.id, reporterId: b.id, reason: 'rude', now: NOW });
    await expect(reportMessage(db, { messageId: m2.id, reporterId: b.id, reason: 'again', now: NOW })).rejects.toEqual(gameError('ALREADY_DONE'));
    await expect(reportMessage(db, { messageId: m2.id, reporterId: a.id, reason: 'me', now: NOW })).rejects.toEqual(gameError('BAD_REQUEST'));
    await expect(reportMessage(db, { messageId: m1.id, reporterId: b.id, reason: 'gone', now: NOW })).rejects.toEqual(gameError('ALREADY_DONE'));
    const queued = (await reportQueue(db)).find((r) => r.id === report.id);
    expect(queued).toMatchObject({ messageId: m2.id, body: 'second', reporterName: b.name, authorName: a.name, reason: 'rude', openReportsOnMessage: 1 });
    const mod = await newPlayer(db, { role: 'moderator' });
    await removeSocialMessage(db, { messageId: m2.id, byId: mod.id, byRole: 'moderator', kind: 'moderator', reason: 'rude', now: at(4) });
    expect((await reportQueue(db)).some((r) => r.id === report.id)).toBe(false);
    expect((await reportQueue(db, { status: 'removed' })).find((r) => r.id === report.id)).toMatchObject({ removed: true, body: '' });
    const page = await channelHistory(db, { channel: 'global', readerId: b.id, after: m1.id - 1, limit: 2 });
    expect(page.messages.map((m) => [m.id, m.body, m.removedKind])).toEqual([[m2.id, '', 'moderator'], [m1.id, '', 'author']]);
    expect((await listAudit(db, { actorId: mod.id }))[0]).toMatchObject({
      action: 'message.remove', targetPlayerId: a.id, target: `message:${m2.id}`, details: { body: 'second', channel: 'global', reason: 'rude' },
    });
    // A dismissed report leaves the queue too, audited.
    const m3 = await poster(db)(a.id, 'global', 'third', at(5));
    const r3 = await reportMessage(db, { messageId: m3.id, reporterId: b.id, reason: 'meh', now: NOW });
    await dismissReport(db, { reportId: r3.id, by: { id: mod.id, role: 'moderator' }, now: at(6) });
    await expect(dismissReport(db, { reportId: r3.id, by: { id: mod.id, role: 'moderator' }, now: at(6) })).rejects.toEqual(gameError('ALREADY_DONE'));
    expect((await listAudit(db, { actorId: mod.id, action: 'report.dismiss' }))).toHaveLength(1);
  });

  it('read markers: unread counts exclude own, removed and blocked messages; markers never move back', async () => {
    const { db } = ctx;
    const [reader, other, blocked] = [await newPlayer(db), await newPlayer(db), await newPlayer(db)];
    const channel = dmChannel(reader.id, other.id);
    const first = await poster(db)(other.id, channel, 'one');
    await poster(db)(other.id, channel, 'two', at(1));
    await poster(db)(reader.id, channel, 'mine', at(2));
    const three = await poster(db)(other.id, channel, 'three', at(3));
    let [counts] = await unreadCounts(db, reader.id, [channel]);
    // Posting moved the reader's marker to "mine": only "three" is unread.
    expect(counts).toMatchObject({ channel, unread: 1, lastMessageId: three.id });
    await removeSocialMessage(db, { messageId: three.id, byId: other.id, byRole: 'player', kind: 'author', now: at(4) });
    [counts] = await unreadCounts(db, reader.id, [channel]);
    expect(counts.unread).toBe(0);
    await markChannelRead(db, reader.id, channel, three.id, at(5));
    await markChannelRead(db, reader.id, channel, first.id, at(6));
    [counts] = await unreadCounts(db, reader.id, [channel]);
    expect(counts).toMatchObject({ unread: 0, lastReadId: three.id });
    // A channel never read: every message of others counts, blocked authors do not.
    const channel2 = `handler:${reader.id}`;
    const fresh = await newPlayer(db);
    await blockPlayer(db, fresh.id, blocked.id, NOW);
    await poster(db)(blocked.id, 'global', 'from blocked', at(7));
    const before = (await unreadCounts(db, fresh.id, ['global']))[0].unread;
    await poster(db)(other.id, 'global', 'from other', at(8));
    const [g, h] = await unreadCounts(db, fresh.id, ['global', channel2]);
    expect(g.unread).toBe(Math.min(before + 1, 100));
    expect(h).toMatchObject({ channel: channel2, unread: 0, lastMessageId: null });
  });

  it('filter terms: normalised, audited, removable', async () => {
    const { db } = ctx;
    const admin = { id: (await newPlayer(db, { role: 'admin' })).id, role: 'admin' };
    expect(await addFilterTerm(db, { term: '  Zorblax ', by: admin, now: NOW })).toEqual({ term: 'zorblax', added: true });
    expect(await addFilterTerm(db, { term: 'zorblax', by: admin, now: NOW })).toEqual({ term: 'zorblax', added: false });
    await expect(addFilterTerm(db, { term: '<b>', by: admin, now: NOW })).rejects.toEqual(gameError('BAD_REQUEST'));
    expect(await filterTerms(db)).toContain('zorblax');
    await removeFilterTerm(db, { term: 'ZORBLAX', by: admin, now: NOW });
    expect(await filterTerms(db)).not.toContain('zorblax');
    await expect(removeFilterTerm(db, { term: 'zorblax', by: admin, now: NOW })).rejects.toEqual(gameError('NOT_FOUND'));
    expect((await listAudit(db, { actorId: admin.id })).map((a) => a.action)).toEqual(['filter.remove', 'filter.add']);
  });

  it('audit log: append-only (UPDATE, DELETE and TRUNCATE refused); filters by actor, action and time', async () => {
    const { db } = ctx;
    const actor = await newPlayer(db, { role: 'gm' });
    const id = await writeAudit(db, { actorId: actor.id, actorRole: 'gm', action: 'test.one', at: at(0) });
    await writeAudit(db, { actorId: actor.id, actorRole: 'gm', action: 'test.two', at: at(60_000), details: { n: 2 } });
    const refused = async (statement: ReturnType<typeof sql>) => {
      const err = await db.execute(statement).then(() => null, (e: Error & { cause?: Error }) => e);
      return String(err?.cause?.message ?? err?.message);
    };
    expect(await refused(sql`UPDATE audit_log SET action = 'forged' WHERE id = ${id}`)).toMatch(/UPDATE on audit_log: the audit log is append-only/);
    expect(await refused(sql`DELETE FROM audit_log WHERE id = ${id}`)).toMatch(/DELETE on audit_log: the audit log is append-only/);
    expect(await refused(sql`TRUNCATE audit_log`)).toMatch(/TRUNCATE on audit_log: the audit log is append-only/);
    expect((await listAudit(db, { actorId: actor.id, action: 'test.one' }))[0].id).toBe(id);
    expect((await listAudit(db, { actorId: actor.id })).map((a) => a.action)).toEqual(['test.two', 'test.one']);
    expect((await listAudit(db, { actorId: actor.id, action: 'test.one' }))).toHaveLength(1);
    expect((await listAudit(db, { actorId: actor.id, since: at(1) })).map((a) => a.action)).toEqual(['test.two']);
    expect((await listAudit(db, { actorId: actor.id, until: at(1) })).map((a) => a.action)).toEqual(['test.one']);
    expect(await listAudit(db, { actorId: 'not-a-uuid' })).toEqual([]);
  });

  it('council channels: sitting members only (term running)', async () => {
    const { db } = ctx;
    await ensureCouncils(db);
    const [seated, former] = [await newPlayer(db), await newPlayer(db)];
    const [election] = await db.insert(schema.elections).values({
      council: 'technical', seats: 7, nominationEndsAt: at(-3), campaignEndsAt: at(-2), votingEndsAt: at(-1),
    } as typeof schema.elections.$inferInsert).returning();
    await db.insert(schema.councilMembers).values([
      { council: 'technical', playerId: seated.id, electionId: election.id, seat: 1, termStartsAt: at(-1000), termEndsAt: at(86_400_000) },
      { council: 'technical', playerId: former.id, electionId: election.id, seat: 2, termStartsAt: at(-2000), termEndsAt: at(-1) },
    ]);
    await poster(db)(seated.id, 'council:technical', 'order, order');
    await expect(poster(db)(former.id, 'council:technical', 'still here?')).rejects.toEqual(gameError('CHANNEL_LOCKED'));
  });
});

describe.each(KINDS)('migration 0018 on %s', (kind) => {
  it('moves squad chat into social_messages in order, and drops the old table', async () => {
    const folder = path.resolve(import.meta.dirname, '../migrations');
    const before = mkdtempSync(path.join(tmpdir(), 'dv-mig-'));
    cpSync(folder, before, { recursive: true });
    const journalPath = path.join(before, 'meta/_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8'));
    journal.entries = journal.entries.filter((e: { tag: string }) => e.tag < '0018');
    writeFileSync(journalPath, JSON.stringify(journal));
    const { run, migrateTo, close } = await rawDatabase(kind);
    try {
      await migrateTo(before);
      await run(`INSERT INTO players (id, name, name_key, password_hash) VALUES
        ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'Ann', 'ann', 'x'), ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'Bob', 'bob', 'x')`);
      await run(`INSERT INTO squads (id, name, name_key, type, leader_id) VALUES
        ('cccccccc-cccc-4ccc-8ccc-cccccccccccc', 'Cell', 'cell', 'analysis', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa')`);
      await run(`INSERT INTO squad_chat_messages (squad_id, player_id, body, created_at) VALUES
        ('cccccccc-cccc-4ccc-8ccc-cccccccccccc', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'first', '2026-01-01T00:00:00Z'),
        ('cccccccc-cccc-4ccc-8ccc-cccccccccccc', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'second', '2026-01-01T00:00:01Z'),
        ('cccccccc-cccc-4ccc-8ccc-cccccccccccc', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'third', '2026-01-01T00:00:02Z')`);
      await migrateTo(folder);
      const rows = await run(`SELECT channel, author_id::text AS author, body, created_at FROM social_messages ORDER BY id`);
      expect(rows.map((r) => [r.channel, r.author, r.body])).toEqual([
        ['squad:cccccccc-cccc-4ccc-8ccc-cccccccccccc', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'first'],
        ['squad:cccccccc-cccc-4ccc-8ccc-cccccccccccc', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'second'],
        ['squad:cccccccc-cccc-4ccc-8ccc-cccccccccccc', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'third'],
      ]);
      expect(new Date(rows[1].created_at).toISOString()).toBe('2026-01-01T00:00:01.000Z');
      expect(await run(`SELECT to_regclass('squad_chat_messages') AS t`)).toEqual([{ t: null }]);
    } finally {
      await close();
    }
  });
});

/** A bare database migrated to a chosen folder (PGlite in memory, or a fresh Postgres database). */
async function rawDatabase(kind: 'pglite' | 'postgres'): Promise<{
  run(q: string): Promise<any[]>; migrateTo(folder: string): Promise<void>; close(): Promise<void>;
}> {
  if (kind === 'pglite') {
    const client = new PGlite();
    const db = drizzle({ client });
    return {
      run: async (q) => (await client.query(q)).rows as any[],
      migrateTo: (folder) => migrate(db, { migrationsFolder: folder }),
      close: () => client.close(),
    };
  }
  const pg = (await import('pg')).default;
  const { drizzle: drizzlePg } = await import('drizzle-orm/node-postgres');
  const { migrate: migratePg } = await import('drizzle-orm/node-postgres/migrator');
  const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `dv_mig_${Math.random().toString(16).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  pool.on('error', () => {}); // DROP DATABASE … WITH (FORCE) ends connections the pool still holds
  const db = drizzlePg({ client: pool });
  return {
    run: async (q) => (await pool.query(q)).rows,
    migrateTo: (folder) => migratePg(db, { migrationsFolder: folder }),
    close: async () => {
      await pool.end();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
