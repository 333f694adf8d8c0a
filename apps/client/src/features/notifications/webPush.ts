/**
 * Web Push on this device (docs/notifications.md "Web Push"): whether this browser can receive
 * push alerts, has been refused them, or is subscribed for the signed-in player; subscribing with
 * the server's VAPID key (`GET /api/push/key`) through the service worker's PushManager and
 * registering the subscription (`POST /api/push/subscriptions`); unsubscribing (`DELETE`). The
 * service worker shows what arrives (public/push-sw.js).
 */
import type { PushKeyDto, PushSubscriptionsDto } from '@datavism/shared-schema';
import { apiRequest, isApiError } from '../../net/api';

/** `unsupported`: no service worker / Push API here (or the dev build, which registers none). */
export type PushState = 'unsupported' | 'blocked' | 'off' | 'on';

export function pushSupported(): boolean {
  return typeof navigator !== 'undefined' && 'serviceWorker' in navigator && typeof window !== 'undefined'
    && 'PushManager' in window && 'Notification' in window;
}

async function registration(): Promise<ServiceWorkerRegistration | undefined> {
  return navigator.serviceWorker.getRegistration('/');
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const b64 = base64url.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(base64url.length / 4) * 4, '=');
  const bin = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function sameKey(a: ArrayBuffer | null, b: Uint8Array): boolean {
  if (!a || a.byteLength !== b.length) return false;
  const x = new Uint8Array(a);
  return x.every((v, i) => v === b[i]);
}

/**
 * This device's state for the signed-in player: `on` only when the browser holds a subscription
 * AND the server has it for this player (it may have dropped it: gone at the push service, or
 * another player signed in here since).
 */
export async function pushState(token: string): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'blocked';
  const reg = await registration();
  if (!reg) return 'unsupported';
  const sub = await reg.pushManager.getSubscription();
  if (!sub || Notification.permission !== 'granted') return 'off';
  const mine = await apiRequest<PushSubscriptionsDto>('/api/push/subscriptions', { token });
  return mine.subscriptions.some((s) => s.endpoint === sub.endpoint) ? 'on' : 'off';
}

/** Asks permission, subscribes with the server's key and registers the subscription. */
export async function enablePush(token: string): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  const permission = await Notification.requestPermission();
  if (permission === 'denied') return 'blocked';
  if (permission !== 'granted') return 'off';
  const reg = await registration();
  if (!reg) return 'unsupported';
  const { publicKey } = await apiRequest<PushKeyDto>('/api/push/key');
  const key = keyBytes(publicKey);
  let sub = await reg.pushManager.getSubscription();
  // A subscription made for another server key (the server's keys changed) cannot be used.
  if (sub && !sameKey(sub.options.applicationServerKey, key)) {
    await sub.unsubscribe();
    sub = null;
  }
  sub ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  await apiRequest('/api/push/subscriptions', { method: 'POST', token, body: sub.toJSON() });
  return 'on';
}

/** Removes this device's subscription from the server and the browser. */
export async function disablePush(token: string): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  const sub = await (await registration())?.pushManager.getSubscription();
  if (sub) {
    try {
      await apiRequest('/api/push/subscriptions', { method: 'DELETE', token, body: { endpoint: sub.endpoint } });
    } catch (err) {
      if (!isApiError(err, 'NOT_FOUND')) throw err; // the server had already dropped it
    }
    await sub.unsubscribe();
  }
  return Notification.permission === 'denied' ? 'blocked' : 'off';
}
