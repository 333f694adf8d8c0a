import { Router } from 'express';
import {
  digestItems, markAllNotificationsRead, markNotificationRead, notificationInbox, notificationSettings, outboxCounts,
  outboxEntries, requeueOutbox, saveNotificationSettings, unreadNotificationCount, type InboxEntry, type OutboxEntry,
} from '@datavism/db';
import { GameError } from '@datavism/rules';
import {
  InboxQuery, NotificationSettingsBody, OutboxQuery,
  type InboxEntryDto, type InboxResponse, type NotificationSettingsDto, type OutboxEntryDto,
} from '@datavism/shared-schema';
import type { Services } from '../context';
import { requirePlayer } from '../http/guards';
import { parseBody } from '../http/errors';
import { notificationDto } from './live';
import { kickOutbox } from './outbox';

function entryDto(e: InboxEntry): InboxEntryDto {
  return { ...notificationDto(e), read: e.readAt !== null, readAt: e.readAt?.toISOString() ?? null, relevance: e.relevance, items: e.items };
}

function outboxDto(e: OutboxEntry): OutboxEntryDto {
  return {
    ...e, id: String(e.id), notificationId: String(e.notificationId), nextAttemptAt: e.nextAttemptAt.toISOString(),
    createdAt: e.createdAt.toISOString(), sentAt: e.sentAt?.toISOString() ?? null,
  };
}

/** A notification id from the path, else BAD_REQUEST. */
function idParam(raw: unknown): number {
  const s = String(raw);
  if (!/^\d{1,15}$/.test(s)) throw new GameError('BAD_REQUEST', 'not a notification id');
  return Number(s);
}

/**
 * Notifications HTTP API (GAME §8.2): the inbox (paged, unread count), read state, a digest's items,
 * the player's settings; for admins the outbox's dead letters and their re-queue.
 */
export function notificationRoutes(s: Services): Router {
  const router = Router();
  const auth = requirePlayer(s);
  const admin = requirePlayer(s, 'admin');
  const db = () => s.database.db;

  router.get('/api/notifications', auth, async (req, res) => {
    const q = parseBody(InboxQuery, req.query);
    const playerId = res.locals.player.id as string;
    const entries = await notificationInbox(db(), playerId, { before: q.before ? Number(q.before) : undefined, limit: q.limit, unreadOnly: q.unread === '1' });
    const body: InboxResponse = {
      notifications: entries.map(entryDto),
      unread: await unreadNotificationCount(db(), playerId),
      nextBefore: entries.length === q.limit ? String(entries[entries.length - 1].id) : null,
    };
    res.json(body);
  });

  router.get('/api/notifications/unread', auth, async (_req, res) => {
    res.json({ unread: await unreadNotificationCount(db(), res.locals.player.id) });
  });

  router.post('/api/notifications/read-all', auth, async (_req, res) => {
    const marked = await markAllNotificationsRead(db(), res.locals.player.id, new Date());
    res.json({ marked, unread: await unreadNotificationCount(db(), res.locals.player.id) });
  });

  router.get('/api/notifications/settings', auth, async (_req, res) => {
    res.json((await notificationSettings(db(), res.locals.player.id)) satisfies NotificationSettingsDto);
  });

  router.put('/api/notifications/settings', auth, async (req, res) => {
    const change = parseBody(NotificationSettingsBody, req.body);
    const saved = await saveNotificationSettings(db(), res.locals.player.id, change, new Date());
    res.json(saved satisfies NotificationSettingsDto);
  });

  router.post('/api/notifications/:id/read', auth, async (req, res) => {
    const id = idParam(req.params.id);
    if (!(await markNotificationRead(db(), res.locals.player.id, id, new Date()))) {
      throw new GameError('NOT_FOUND', `no notification ${id}`);
    }
    res.json({ id: String(id), read: true, unread: await unreadNotificationCount(db(), res.locals.player.id) });
  });

  router.get('/api/notifications/:id/items', auth, async (req, res) => {
    const items = await digestItems(db(), res.locals.player.id, idParam(req.params.id));
    res.json({ notifications: items.map(entryDto) });
  });

  router.get('/api/admin/notifications/outbox', admin, async (req, res) => {
    const q = parseBody(OutboxQuery, req.query);
    const entries = await outboxEntries(db(), { status: q.status, limit: q.limit, before: q.before ? Number(q.before) : undefined });
    res.json({
      entries: entries.map(outboxDto),
      counts: await outboxCounts(db()),
      nextBefore: entries.length === q.limit ? String(entries[entries.length - 1].id) : null,
    });
  });

  router.post('/api/admin/notifications/outbox/:id/retry', admin, async (req, res) => {
    const id = idParam(req.params.id);
    if (!(await requeueOutbox(db(), id, new Date()))) throw new GameError('NOT_FOUND', `no dead delivery ${id}`);
    kickOutbox(s);
    res.json({ id: String(id), status: 'pending' });
  });

  return router;
}
