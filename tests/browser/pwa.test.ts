import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../utils/browser';
import { tempDir } from '../utils/env';
import { startServerProcess, type ServerProcess } from '../utils/process';
import { freshPostgresDatabase } from '../utils/pg';
import { artifact, CLIENT_DIST, mapDrawn, signUp } from '../utils/play';

// The installable client: a web app manifest and a service worker. The game server runs as a
// real process so it can die: the game then says it is reconnecting (no blank page), a reload
// starts the client from its cache and waits on a "reconnecting" screen, and when the server
// is back the saved session walks straight back into the game.
let server: ServerProcess | undefined;
let browser: Browser;
const port = 29_000 + Math.floor(Math.random() * 900);
const env: Record<string, string> = { DATA_DIR: tempDir('dv-pwa-'), JWT_SECRET: 'pwa-test-secret-'.padEnd(40, 'x'), CLIENT_DIST, JOBS: 'off', LOG_LEVEL: 'error' };
let db: Awaited<ReturnType<typeof freshPostgresDatabase>>;

beforeAll(async () => {
  // Its own database (the environment's DATABASE_URL is shared by whatever else runs there).
  db = await freshPostgresDatabase('pwa');
  env.DATABASE_URL = db.url;
  if (!existsSync(path.join(CLIENT_DIST, 'index.html'))) throw new Error('client not built: turbo builds it before this test (npm test)');
  server = await startServerProcess(port, env);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.kill('SIGKILL');
  await db?.drop();
});

describe('the installable client', () => {
  it('has a manifest and a service worker; survives the server going away and comes back with it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const url = server!.url;
    await page.goto(url);

    // Installable: a manifest with a name, a standalone display and icons, and a service worker.
    const manifestHref = await page.getAttribute('link[rel="manifest"]', 'href');
    expect(manifestHref).toBeTruthy();
    const manifest = await (await fetch(new URL(manifestHref!, url))).json();
    expect(manifest).toMatchObject({ short_name: 'DATAVISM', display: 'standalone', start_url: '/' });
    expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest.icons) expect((await fetch(new URL(icon.src, url))).status).toBe(200);

    await signUp(page, url);
    await mapDrawn(page, true);
    expect(await page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.active?.state))).toBe('activated');

    // Web Push: the worker shows a pushed message as a notification (delivered through the
    // DevTools protocol the way the browser hands a decrypted push to the worker).
    await context.grantPermissions(['notifications'], { origin: url });
    const cdp = await context.newCDPSession(page);
    const registrations: { registrationId: string; scopeURL: string; isDeleted: boolean }[] = [];
    cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => registrations.push(...e.registrations));
    await cdp.send('ServiceWorker.enable');
    await expect.poll(() => registrations.find((r) => r.scopeURL === `${url}/` && !r.isDeleted)).toBeTruthy();
    const registrationId = registrations.find((r) => r.scopeURL === `${url}/` && !r.isDeleted)!.registrationId;
    const push = { title: 'Sector 7 is under siege', body: 'Strike Team Nova declared a siege.', url: '/territory/t-1', kind: 'territory_besieged', tier: 'urgent', tag: 'n1:p:push' };
    await cdp.send('ServiceWorker.deliverPushMessage', { origin: url, registrationId, data: JSON.stringify(push) });
    await cdp.send('ServiceWorker.deliverPushMessage', { origin: url, registrationId, data: JSON.stringify(push) }); // a repeat replaces it
    const shown = async () => page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications())
      .map((n) => ({ title: n.title, body: n.body, tag: n.tag, icon: n.icon, url: n.data?.url })));
    await expect.poll(shown).toEqual([{ title: push.title, body: push.body, tag: push.tag, icon: `${url}/icons/icon-192.png`, url: push.url }]);
    await cdp.detach();
    // The settings' toggle for this device: allowed, not subscribed yet.
    await page.getByTestId('inbox-bell').click();
    await page.getByTestId('inbox-tab-settings').click();
    await expect.poll(() => page.getByTestId('push-state').textContent(), { timeout: 10_000 }).toBe('Off on this device');
    expect(await page.getByTestId('push-toggle-input').isEnabled()).toBe(true);
    await artifact(page, 'pwa-push-toggle');
    await page.getByTestId('inbox-bell').click();

    // The server dies: the game stays on screen and says it is reconnecting.
    await server!.kill('SIGKILL');
    server = undefined;
    await page.getByTestId('reconnecting').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('reconnecting').textContent()).toContain('reconnecting');
    await artifact(page, 'pwa-reconnecting');

    // A reload starts from the cache: no blank page, a reconnecting screen that keeps trying.
    await page.reload();
    await page.getByTestId('offline-screen').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('offline-screen').textContent()).toContain('Reconnecting to the resistance network');
    await artifact(page, 'pwa-offline');

    // The server is back (same port, same data): the saved session walks back into the game.
    server = await startServerProcess(port, env);
    await page.getByTestId('hud-rank').waitFor({ timeout: 60_000 });
    await mapDrawn(page, true);
    expect(await page.evaluate(() => window.__DATAVISM__!.connection())).toBe('connected');
    await context.close();
  }, 150_000);
});
