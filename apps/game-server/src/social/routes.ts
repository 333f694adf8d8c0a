import { Router } from 'express';
import { blockList } from '@datavism/db';
import { GameError } from '@datavism/rules';
import {
  HistoryQuery, SocialPostMessage, SocialReadMessage, SocialReportBody, UnlockGateBody,
} from '@datavism/shared-schema';
import type { Services } from '../context';
import { parseBody } from '../http/errors';
import { requirePlayer } from '../http/guards';
import { block, report, unblock } from './moderation';
import { channelList, deleteOwnMessage, historyPage, markRead, postChat, unlockGate } from './service';

/** A positive message id from a path segment, or BAD_REQUEST. */
export function messageIdParam(raw: unknown): number {
  const text = String(raw);
  if (!/^[1-9]\d{0,15}$/.test(text) || !Number.isSafeInteger(Number(text))) throw new GameError('BAD_REQUEST', 'a message id is a positive integer');
  return Number(text);
}

/** A player id from a path segment, or NOT_FOUND. */
export function playerIdParam(raw: unknown): string {
  const text = String(raw);
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)) throw new GameError('NOT_FOUND', 'no such player');
  return text.toLowerCase();
}

/**
 * The players' social HTTP API (GAME §8.1): channel list with unread counts, history pages,
 * posting, deleting one's own message, reports, read markers, block list, liberation-key unlocks.
 */
export function socialRoutes(s: Services): Router {
  const router = Router();
  const auth = requirePlayer(s);
  const me = (res: { locals: Record<string, any> }) => res.locals.player as { id: string; name: string; role: string };

  router.get('/api/social/channels', auth, async (_req, res) => {
    res.json({ channels: await channelList(s, me(res).id) });
  });

  router.get('/api/social/messages', auth, async (req, res) => {
    const query = parseBody(HistoryQuery, req.query);
    res.json(await historyPage(s, me(res).id, query));
  });

  router.post('/api/social/messages', auth, async (req, res) => {
    const body = parseBody(SocialPostMessage, req.body);
    const message = await postChat(s, me(res).id, body);
    res.status(201).json({ ...(body.requestKey ? { requestKey: body.requestKey } : {}), message });
  });

  router.delete('/api/social/messages/:id', auth, async (req, res) => {
    const messageId = messageIdParam(req.params.id);
    await deleteOwnMessage(s, me(res).id, me(res).role, messageId);
    res.json({ messageId, removed: 'author' });
  });

  router.post('/api/social/messages/:id/report', auth, async (req, res) => {
    const messageId = messageIdParam(req.params.id);
    const { reason } = parseBody(SocialReportBody, req.body);
    const { id } = await report(s, me(res).id, messageId, reason);
    res.status(201).json({ reportId: id, messageId });
  });

  router.post('/api/social/read', auth, async (req, res) => {
    const body = parseBody(SocialReadMessage, req.body);
    await markRead(s, me(res).id, body.channel, body.messageId);
    res.json({ channel: body.channel, messageId: body.messageId });
  });

  router.get('/api/social/blocks', auth, async (_req, res) => {
    const list = await blockList(s.database.db, me(res).id);
    res.json({ blocks: list.map((b) => ({ playerId: b.playerId, name: b.name, since: b.since.toISOString() })) });
  });

  router.put('/api/social/blocks/:playerId', auth, async (req, res) => {
    const playerId = playerIdParam(req.params.playerId);
    await block(s, me(res).id, playerId);
    res.json({ playerId, blocked: true });
  });

  router.delete('/api/social/blocks/:playerId', auth, async (req, res) => {
    const playerId = playerIdParam(req.params.playerId);
    await unblock(s, me(res).id, playerId);
    res.json({ playerId, blocked: false });
  });

  router.post('/api/social/unlock', auth, async (req, res) => {
    const { requestKey } = parseBody(UnlockGateBody, req.body);
    res.json(await unlockGate(s, me(res).id, requestKey));
  });

  return router;
}
