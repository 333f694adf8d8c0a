import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Dev server: the game server (HTTP API + Colyseus) runs separately; everything that is not a
 * Vite asset is proxied to it so the client can use its own origin in dev and in production.
 *
 * Colyseus 0.18 SDK URLs: matchmaking is HTTP `POST /matchmake/<method>/<room>`, the room
 * socket is `ws://<host>/<processId>/<roomId>?sessionId=…&_authToken=…`. The room socket path
 * is arbitrary, so it is matched by its shape (two segments + `sessionId` query) and only for
 * WebSocket upgrades; Vite's own HMR socket (`/?token=…`, protocol `vite-hmr`) never matches.
 */
const target = process.env.GAME_SERVER_URL ?? 'http://localhost:2567';

const proxy = {
  '/api': { target, changeOrigin: true },
  '/health': { target, changeOrigin: true },
  '/matchmake': { target, changeOrigin: true },
  '^/[\\w-]+/[\\w-]+\\?(.*&)?sessionId=': {
    target,
    ws: true,
    changeOrigin: true,
    // Only WebSocket upgrades (no `res`) go to the game server; plain HTTP stays with Vite.
    bypass: (req: IncomingMessage, res: ServerResponse | undefined) => (res ? req.url : undefined),
  },
};

/**
 * The installable client: a web app manifest and a Workbox service worker that precaches the
 * built app (so it starts from cache when the server is away, then shows "reconnecting") and
 * never caches the API, matchmaking or room sockets. Registered by src/net/serviceWorker.ts.
 */
const pwa = VitePWA({
  injectRegister: null,
  registerType: 'autoUpdate',
  filename: 'sw.js',
  includeAssets: ['favicon.svg', 'icons/*.png'],
  manifest: {
    name: 'DATAVISM — the resistance network',
    short_name: 'DATAVISM',
    description: 'A persistent strategy game: a resistance network against an occupying machine power.',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    background_color: '#05080d',
    theme_color: '#05080d',
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  workbox: {
    globPatterns: ['**/*.{js,css,html,woff2,png,svg}'],
    navigateFallback: '/index.html',
    navigateFallbackDenylist: [/^\/api\//, /^\/matchmake\//, /^\/colyseus/, /^\/health/, /^\/metrics/],
    maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
    cleanupOutdatedCaches: true,
    // Web Push: the push and notificationclick handlers (public/push-sw.js).
    importScripts: ['/push-sw.js'],
    clientsClaim: true,
    skipWaiting: true,
  },
});

export default defineConfig({
  plugins: [react(), pwa],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    port: Number(process.env.CLIENT_PORT ?? 5173),
    proxy,
  },
  // `vite preview` serves the built dist/ with the same proxy.
  preview: {
    port: Number(process.env.CLIENT_PORT ?? 4173),
    proxy,
  },
});
