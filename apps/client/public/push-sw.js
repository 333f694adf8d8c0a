/*
 * Web Push in the service worker (docs/notifications.md "Web Push"). Imported by the Workbox
 * service worker (vite.config.ts: workbox.importScripts). A push message is the server's JSON
 * {title, body, url, kind, tier, tag}; it is shown as a system notification, tagged with the
 * delivery key so a repeated delivery replaces it instead of adding one. A click focuses an open
 * game window, or opens the game at the notification's link (same origin only).
 */
/* eslint-env serviceworker */
self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { body: event.data ? event.data.text() : '' };
  }
  const text = (v, n) => (typeof v === 'string' ? v.slice(0, n) : '');
  const title = text(data.title, 200) || 'DATAVISM';
  const tag = text(data.tag, 200);
  event.waitUntil(self.registration.showNotification(title, {
    body: text(data.body, 1000),
    icon: '/icons/icon-192.png',
    badge: '/icons/icon-192.png',
    ...(tag ? { tag, renotify: false } : {}),
    requireInteraction: data.tier === 'urgent',
    data: { url: text(data.url, 2000) || '/', kind: text(data.kind, 64) },
  }));
});

/** The link as a URL of this origin (anything else, or nothing, is the game's start page). */
function sameOrigin(link) {
  try {
    const url = new URL(link || '/', self.location.origin);
    return url.origin === self.location.origin ? url.href : `${self.location.origin}/`;
  } catch {
    return `${self.location.origin}/`;
  }
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = sameOrigin(event.notification.data && event.notification.data.url);
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
    // A running game is focused as it is (navigating would reload it); else open the link.
    if (open) {
      await open.focus();
      open.postMessage({ type: 'notification-click', url: target });
      return;
    }
    await self.clients.openWindow(target);
  })());
});
