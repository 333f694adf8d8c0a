/**
 * Registers the service worker that makes the client installable and lets it start from its
 * cache when the server is away (the app then shows "reconnecting" and retries). Production
 * builds only: in `vite` dev the worker would cache modules being edited.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  });
}
