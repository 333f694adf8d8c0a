/**
 * `npm run bench -- client-render`: the browser client in headless Chromium (software GL), on the
 * default world and on a 10,000-territory world of 40 regions. Prints, per world: the time from
 * pressing "Log in" to the first frame that drew the whole map (and its parts: joined the world
 * room, state in the store), draw calls at the tactical and strategic zooms (`gl.info.render`),
 * the median frame time at the strategic zoom while rendering continuously, and the JS heap; the
 * 10k/default frame-time ratio (software GL makes absolute frame times meaningless); and the
 * gzipped JavaScript the page loads first (the login screen) and before the first map frame.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { launchChromium } from '../utils/browser';
import { playerName, sleep } from '../utils/env';
import { startGame } from '../utils/game';
import { registerPlayer } from '../utils/http';
import { cameraAt, CLIENT_DIST, mapDrawn, renderCounters } from '../utils/play';
import { median } from './machine';

export interface WorldRenderFigures {
  territories: number;
  /** ms from pressing "Log in" to the first frame with the whole map. */
  firstRenderMs: number;
  /** ms from pressing "Log in" to: the login answer, the game screen mounted, the map in the store, entered my region. */
  loginMs: number;
  gameScreenMs: number;
  stateMs: number;
  joinedMs: number;
  drawCallsTactical: number;
  drawCallsStrategic: number;
  trianglesStrategic: number;
  /** Median frame interval at the strategic zoom, rendering every frame (ms). */
  frameMsStrategic: number;
  frames: number;
  /** JS heap in use after the measurements (MB). */
  heapMB: number;
  /** gzipped JS the page loaded before the first map frame (KB). */
  jsBeforeMapKB: number;
}

export interface ClientRenderResult {
  /** gzipped JS of the initial page load: the entry and what index.html preloads (KB). */
  initialJsKB: number;
  worlds: Record<string, WorldRenderFigures>;
  /** Strategic frame time of the 10k world ÷ the default world's. */
  frameTimeRatio: number;
}

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
const gzipOf = (file: string) => gzipSync(readFileSync(file)).length;

/** The entry script and every modulepreload of index.html, gzipped. */
export function initialJsBytes(dist = CLIENT_DIST): number {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const files = new Set<string>();
  for (const m of html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g)) files.add(m[1]);
  for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)) files.add(m[1]);
  let total = 0;
  for (const f of files) total += gzipOf(path.join(dist, f.replace(/^\//, '')));
  return total;
}

async function measureWorld(env: Record<string, string>): Promise<WorldRenderFigures> {
  const run = await startGame({ db: 'pglite', env: { CLIENT_DIST, ...env } });
  const browser = await launchChromium();
  try {
    const player = await registerPlayer(run.url, playerName('bench'), 'bench password 1');
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: 'block' });
    const page: Page = await context.newPage();
    const js = new Set<string>();
    page.on('response', (r) => {
      const u = new URL(r.url());
      if (u.pathname.endsWith('.js')) js.add(u.pathname);
    });
    await page.goto(run.url);
    await page.getByTestId('login-name').fill(player.name);
    await page.getByTestId('login-password').fill(player.password);
    await page.getByTestId('login').click();
    await mapDrawn(page, true, 120_000);
    const jsBeforeMap = [...js].reduce((sum, p) => sum + gzipOf(path.join(CLIENT_DIST, p.replace(/^\//, ''))), 0);
    const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])));
    const territories = await page.evaluate(() => window.__DATAVISM__!.territories);

    await cameraAt(page, 8, 24);
    const tactical = await renderCounters(page);
    await page.getByTestId('map-world').click();
    await cameraAt(page, 30, 2000);
    await sleep(1000); // the flight lands
    const strategic = await renderCounters(page);

    await page.evaluate(() => { window.__DATAVISM__!.frameTimes.length = 0; window.__DATAVISM__!.animate(true); });
    await sleep(6000);
    const frameTimes = await page.evaluate(() => { window.__DATAVISM__!.animate(false); return [...window.__DATAVISM__!.frameTimes]; });
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage') as { usedSize: number };
    await context.close();
    const since = (name: string) => Math.round((marks[name] ?? NaN) - marks['login-submit']);
    return {
      territories,
      firstRenderMs: since('map-first-render'),
      loginMs: since('login-ok'),
      gameScreenMs: since('game-screen'),
      stateMs: since('world-state'),
      joinedMs: since('world-joined'),
      drawCallsTactical: tactical.calls,
      drawCallsStrategic: strategic.calls,
      trianglesStrategic: strategic.triangles,
      frameMsStrategic: Math.round(median(frameTimes.slice(1)) * 10) / 10,
      frames: frameTimes.length,
      heapMB: Math.round((heap.usedSize / 2 ** 20) * 10) / 10,
      jsBeforeMapKB: kb(jsBeforeMap),
    };
  } finally {
    await browser.close();
    await run.close();
  }
}

export async function runClientRenderBench(): Promise<ClientRenderResult> {
  if (!existsSync(path.join(CLIENT_DIST, 'index.html'))) throw new Error('build the client first: npm run build -w @datavism/client');
  const initialJsKB = kb(initialJsBytes());
  console.log(`initial JS (entry + modulepreloads, gzip): ${initialJsKB} KB`);
  const worlds: Record<string, WorldRenderFigures> = {};
  for (const [label, env] of [
    ['default world (12 regions)', {}],
    ['10,000 territories, 40 regions', { WORLD_TERRITORIES: '10000', WORLD_REGIONS: '40' }],
  ] as const) {
    const f = await measureWorld(env);
    worlds[label] = f;
    console.log(`${label}: ${f.territories} territories; first map frame ${f.firstRenderMs} ms after "Log in" (login answered ${f.loginMs} ms, game screen ${f.gameScreenMs} ms, map in the store ${f.stateMs} ms, region entered ${f.joinedMs} ms); ` +
      `draw calls ${f.drawCallsTactical} tactical / ${f.drawCallsStrategic} strategic (${f.trianglesStrategic} triangles); ` +
      `strategic frame ${f.frameMsStrategic} ms median over ${f.frames} frames; heap ${f.heapMB} MB; JS before the map ${f.jsBeforeMapKB} KB gz`);
  }
  const [small, big] = Object.values(worlds);
  const frameTimeRatio = Math.round((big.frameMsStrategic / small.frameMsStrategic) * 100) / 100;
  console.log(`strategic frame time, 10k world ÷ default world: ${frameTimeRatio}×`);
  return { initialJsKB, worlds, frameTimeRatio };
}
