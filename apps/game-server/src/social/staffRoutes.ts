import { Router } from 'express';
import { activeBans, activeMutes, closeHandlerThread, filterTerms, handlerThreads, listAudit, reportQueue } from '@datavism/db';
import { GameError, handlerChannelKey } from '@datavism/rules';
import {
  AuditQuery, BanBody, BroadcastRequest, EmergencyBody, FilterTermBody, HandlerReplyBody, HandlerThreadsQuery, HistoryQuery,
  MuteBody, MutesQuery, RemoveMessageBody, ReportQueueQuery, UnbanBody, UnmuteBody,
} from '@datavism/shared-schema';
import type { Services } from '../context';
import { parseBody } from '../http/errors';
import { requirePlayer } from '../http/guards';
import { addTerm, ban, dismiss, mute, removeAsModerator, removeTerm, unban, unmute } from './moderation';
import { messageIdParam, playerIdParam } from './routes';
import { handlerReply, historyPage, sendEmergency } from './service';

/**
 * Moderation, handler and admin routes (GAME §8.1, §9): moderators work the report queue,
 * remove messages, mute and ban; GMs answer handler threads as the Handler and send emergency
 * broadcasts; admins edit the word filter and read the audit log. Every action is audited.
 */
export function socialStaffRoutes(s: Services): Router {
  const router = Router();
  const moderator = requirePlayer(s, 'moderator');
  const gm = requirePlayer(s, 'gm');
  const admin = requirePlayer(s, 'admin');
  const actor = (res: { locals: Record<string, any> }) => res.locals.player as { id: string; name: string; role: string };

  // ---- moderators ----
  router.get('/api/mod/reports', moderator, async (req, res) => {
    const { status, after } = parseBody(ReportQueueQuery, req.query);
    const reports = await reportQueue(s.database.db, { status, after, limit: 100 });
    res.json({ reports: reports.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) });
  });

  router.post('/api/mod/reports/:id/dismiss', moderator, async (req, res) => {
    const reportId = messageIdParam(req.params.id);
    await dismiss(s, actor(res), reportId);
    res.json({ reportId, status: 'dismissed' });
  });

  router.post('/api/mod/messages/:id/remove', moderator, async (req, res) => {
    const messageId = messageIdParam(req.params.id);
    const { reason } = parseBody(RemoveMessageBody, req.body);
    const { changed } = await removeAsModerator(s, actor(res), messageId, reason);
    res.json({ messageId, removed: 'moderator', changed });
  });

  router.get('/api/mod/mutes', moderator, async (req, res) => {
    const { playerId } = parseBody(MutesQuery, req.query);
    const mutes = await activeMutes(s.database.db, new Date(), playerId);
    res.json({ mutes: mutes.map((m) => ({ ...m, until: m.until.toISOString(), createdAt: m.createdAt.toISOString() })) });
  });

  router.post('/api/mod/mutes', moderator, async (req, res) => {
    res.status(201).json(await mute(s, actor(res), parseBody(MuteBody, req.body)));
  });

  router.post('/api/mod/unmute', moderator, async (req, res) => {
    res.json(await unmute(s, actor(res), parseBody(UnmuteBody, req.body)));
  });

  router.get('/api/mod/bans', moderator, async (_req, res) => {
    const bans = await activeBans(s.database.db, new Date());
    res.json({ bans: bans.map((b) => ({ playerId: b.playerId, until: b.until?.toISOString() ?? null })) });
  });

  router.post('/api/mod/bans', moderator, async (req, res) => {
    res.status(201).json(await ban(s, actor(res), parseBody(BanBody, req.body)));
  });

  router.post('/api/mod/unban', moderator, async (req, res) => {
    res.json(await unban(s, actor(res), parseBody(UnbanBody, req.body).playerId));
  });

  // ---- game-masters: handler threads and the emergency broadcast ----
  router.get('/api/gm/handler/threads', gm, async (req, res) => {
    const { status } = parseBody(HandlerThreadsQuery, req.query);
    const threads = await handlerThreads(s.database.db, status);
    res.json({
      threads: threads.map((t) => ({
        ...t, channel: handlerChannelKey(t.playerId), lastPlayerMessageAt: t.lastPlayerMessageAt?.toISOString() ?? null,
        updatedAt: t.updatedAt.toISOString(),
      })),
    });
  });

  router.get('/api/gm/handler/threads/:playerId/messages', gm, async (req, res) => {
    const playerId = playerIdParam(req.params.playerId);
    const query = parseBody(HistoryQuery, { ...req.query, channel: handlerChannelKey(playerId) });
    res.json(await historyPage(s, actor(res).id, query));
  });

  router.post('/api/gm/handler/threads/:playerId/messages', gm, async (req, res) => {
    const playerId = playerIdParam(req.params.playerId);
    const { body } = parseBody(HandlerReplyBody, req.body);
    res.status(201).json({ message: await handlerReply(s, actor(res).id, playerId, body) });
  });

  router.post('/api/gm/handler/threads/:playerId/close', gm, async (req, res) => {
    const playerId = playerIdParam(req.params.playerId);
    await closeHandlerThread(s.database.db, { playerId, gmId: actor(res).id, gmRole: actor(res).role, now: new Date() });
    res.json({ playerId, status: 'closed' });
  });

  router.post('/api/gm/emergency', gm, async (req, res) => {
    const { body } = parseBody(EmergencyBody, req.body);
    res.status(201).json(await sendEmergency(s, actor(res), body));
  });

  /** The GM console's broadcast (`{message}`): the same single emergency path. */
  router.post('/api/gm/broadcast', gm, async (req, res) => {
    const { message } = parseBody(BroadcastRequest, req.body);
    const broadcast = await sendEmergency(s, actor(res), message);
    res.json({ sent: true, id: broadcast.id });
  });

  // ---- admins: word filter and audit log ----
  router.get('/api/admin/filter-terms', admin, async (_req, res) => {
    res.json({ terms: await filterTerms(s.database.db) });
  });

  router.post('/api/admin/filter-terms', admin, async (req, res) => {
    const { term } = parseBody(FilterTermBody, req.body);
    const result = await addTerm(s, actor(res), term);
    res.status(result.added ? 201 : 200).json(result);
  });

  router.delete('/api/admin/filter-terms/:term', admin, async (req, res) => {
    const term = String(req.params.term);
    if (term.length > 64) throw new GameError('NOT_FOUND', 'no such filter term');
    await removeTerm(s, actor(res), term);
    res.json({ term, removed: true });
  });

  router.get('/api/admin/audit', admin, async (req, res) => {
    const q = parseBody(AuditQuery, req.query);
    const lines = await listAudit(s.database.db, {
      actorId: q.actor, action: q.action, since: q.since ? new Date(q.since) : undefined, until: q.until ? new Date(q.until) : undefined,
      before: q.before, limit: q.limit,
    });
    res.json({
      entries: lines.map((l) => ({ ...l, at: l.at.toISOString() })),
      nextBefore: lines.length === q.limit ? lines[lines.length - 1].id : null,
    });
  });

  return router;
}
