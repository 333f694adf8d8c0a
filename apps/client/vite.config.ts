import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
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

export default defineConfig({
  plugins: [react()],
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
