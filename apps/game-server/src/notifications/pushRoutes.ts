import { createECDH } from 'node:crypto';
import { Router } from 'express';
import { deletePushSubscription, pushSubscriptionsOf, savePushSubscription } from '@datavism/db';
import { GameError } from '@datavism/rules';
import {
  PushSubscriptionBody, PushUnsubscribeBody,
  type PushKeyDto, type PushSubscribeResponse, type PushSubscriptionsDto,
} from '@datavism/shared-schema';
import type { Services } from '../context';
import { parseBody } from '../http/errors';
import { requirePlayer } from '../http/guards';
import { endpointAllowed } from './webPush';

/** True if `p256dh` (base64url) is a point on P-256 (else the payload could never be encrypted for it). */
function isP256Point(p256dh: string): boolean {
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    ecdh.computeSecret(Buffer.from(p256dh, 'base64url'));
    return true;
  } catch {
    return false;
  }
}

/**
 * Web Push HTTP API (docs/notifications.md "Web Push"): the VAPID public key (public), and a
 * player's own subscriptions: list, subscribe (at most WEB_PUSH_MAX_SUBSCRIPTIONS, the oldest
 * replaced), unsubscribe by endpoint. Which tiers go to push stays in the notification settings
 * (`pushTiers`).
 */
export function pushRoutes(s: Services): Router {
  const router = Router();
  const auth = requirePlayer(s);
  const wp = s.config.notifications.webPush;
  const db = () => s.database.db;

  router.get('/api/push/key', (_req, res) => {
    res.json({ publicKey: wp.publicKey } satisfies PushKeyDto);
  });

  router.get('/api/push/subscriptions', auth, async (_req, res) => {
    const subs = await pushSubscriptionsOf(db(), res.locals.player.id);
    res.json({
      subscriptions: subs.map((x) => ({ endpoint: x.endpoint, createdAt: x.createdAt.toISOString() })), max: wp.maxSubscriptions,
    } satisfies PushSubscriptionsDto);
  });

  router.post('/api/push/subscriptions', auth, async (req, res) => {
    const body = parseBody(PushSubscriptionBody, req.body);
    if (!endpointAllowed(body.endpoint, wp.endpointHosts)) {
      throw new GameError('BAD_REQUEST', 'endpoint: not a push service this server sends to');
    }
    if (!isP256Point(body.keys.p256dh)) throw new GameError('BAD_REQUEST', 'keys.p256dh: not a P-256 public key');
    const playerId = res.locals.player.id as string;
    const saved = await savePushSubscription(db(), {
      playerId, endpoint: body.endpoint, p256dh: body.keys.p256dh.replace(/=+$/, ''), auth: body.keys.auth.replace(/=+$/, ''),
      now: new Date(), max: wp.maxSubscriptions,
    });
    const count = (await pushSubscriptionsOf(db(), playerId)).length;
    res.status(201).json({ endpoint: saved.subscription.endpoint, subscriptions: count, replaced: saved.replaced } satisfies PushSubscribeResponse);
  });

  router.delete('/api/push/subscriptions', auth, async (req, res) => {
    const body = parseBody(PushUnsubscribeBody, req.body);
    if (!(await deletePushSubscription(db(), { playerId: res.locals.player.id, endpoint: body.endpoint }))) {
      throw new GameError('NOT_FOUND', 'no push subscription of yours at this endpoint');
    }
    res.json({ endpoint: body.endpoint, deleted: true });
  });

  return router;
}
