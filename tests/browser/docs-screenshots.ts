/**
 * Takes the screenshots of apps/client/README.md (apps/client/docs/*.png) by playing the game in
 * headless Chromium: a squad founded and joined, a territory claimed, a siege declared, an
 * operation launched by a GM, a market trade, a proposal; the 10,000-territory world from the
 * strategic zoom; the offline screen. Not a test: run it after changing how the client looks,
 * look at every picture, and commit them.
 *
 *   npm run build -w @datavism/client && cd tests && npx tsx browser/docs-screenshots.ts
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startGame, type RunningGame } from '../utils/game';
import { launchChromium } from '../utils/browser';
import { api, registerPlayer } from '../utils/http';
import { repoRoot, sleep, tempDir } from '../utils/env';
import { startServerProcess } from '../utils/process';
import { fund, joinMarket } from '../utils/market';
import { deploy, joinWar, makeSquad, q } from '../e2e/territory-fixtures';
import { cameraAt, CLIENT_DIST, mapDrawn, signUp } from '../utils/play';

const OUT = path.join(repoRoot, 'apps/client/docs');
const ADMIN = { name: 'gm_docs', password: 'docs password 1' };

async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.__DATAVISM__?.invalidate());
  await sleep(700);
  await page.screenshot({ path: path.join(OUT, `${name}.png`) });
  console.log(`  ${name}.png`);
}

async function openPanel(page: Page, id: string): Promise<void> {
  await page.getByTestId(`dock-${id}`).click();
  await page.getByTestId(`panel-${id}`).waitFor();
  await sleep(1200);
}

async function neighbours(page: Page, id: string): Promise<string[]> {
  return page.evaluate((tid) => {
    const m = /^t-(-?\d+)_(-?\d+)$/.exec(tid);
    if (!m) return [];
    const q = Number(m[1]);
    const r = Number(m[2]);
    return [[1, 0], [0, 1], [-1, 1], [-1, 0], [0, -1], [1, -1]].map(([dq, dr]) => `t-${q + dq}_${r + dr}`);
  }, id);
}

async function squadWorld(browser: Browser): Promise<void> {
  const run: RunningGame = await startGame({ db: 'pglite', env: { CLIENT_DIST, ADMIN_NAME: ADMIN.name, ADMIN_PASSWORD: ADMIN.password } });
  const db = run.game.services.database.db;
  try {
    // The login screen.
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: 'block' });
    const a = await ctx.newPage();
    await a.goto(run.url);
    await sleep(800);
    await a.screenshot({ path: path.join(OUT, 'login.png') });
    console.log('  login.png');

    // A founds "Night Owls"; two more join over HTTP: an active elite squad.
    await signUp(a, run.url, 'Vesper');
    await mapDrawn(a, true);
    await openPanel(a, 'squads');
    await a.getByTestId('squad-tabs-found').click();
    await a.getByTestId('squad-name').fill('Night Owls');
    await a.getByTestId('squad-type').selectOption('shadow');
    await a.getByTestId('squad-create-submit').click();
    await a.getByTestId('squad-name-heading').waitFor();
    const marlow = await registerPlayer(run.url, 'Marlow');
    const kestrel = await registerPlayer(run.url, 'Kestrel');
    const listed = await api(run.url, 'GET', '/api/squads', undefined, marlow.token);
    const squadId = listed.body.squads.find((x: { name: string }) => x.name === 'Night Owls').id as string;
    for (const p of [marlow, kestrel]) await api(run.url, 'POST', `/api/squads/${squadId}/join`, {}, p.token);
    await a.keyboard.press('Escape');

    // A claims the spawn: the squad holds its first hex.
    const spawn = (await a.evaluate(() => window.__DATAVISM__!.myTerritory()))!;
    const at = await a.evaluate((id) => window.__DATAVISM__!.screenOf(id), spawn);
    await a.mouse.click(at!.x, at!.y);
    await a.getByTestId('claim-territory').click();
    await a.getByTestId('territory-holder').getByText('Night Owls').waitFor();

    // A rival squad, "Glass Choir", claims three neutral hexes nearby (over the war room).
    const secret = run.game.services.config.jwtSecret;
    const choir = await makeSquad(db, secret, { type: 'ghost', size: 3 });
    await q(db, `UPDATE squads SET name = 'Glass Choir', name_key = 'glass choir' WHERE id = $1`, [choir.id]);
    const free = await q<{ id: string }>(db, `SELECT id FROM territories WHERE status = 'neutral' AND id <> $1
      ORDER BY abs(q) + abs(r) + abs(q + r) LIMIT 3`, [spawn]);
    const war = await joinWar(run.url, choir.members[0].token);
    for (const t of free) {
      await deploy(db, choir.members, t.id);
      war.room.send('claim', { territoryId: t.id });
      await sleep(600);
    }
    await war.close();

    // A GM launches Flashpoint Friday on two neighbours: beacons.
    const admin = (await api(run.url, 'POST', '/api/auth/login', ADMIN)).body;
    const near = await neighbours(a, spawn);
    await api(run.url, 'POST', '/api/gm/operations', { template: 'friday_flashpoint', targetTerritories: near.slice(3, 5) }, admin.token);

    // A declares a siege on an occupied neighbour: the hex pulses, a countdown floats over it.
    for (const target of near) {
      const p = await a.evaluate((id) => window.__DATAVISM__!.screenOf(id), target);
      await a.mouse.click(p!.x, p!.y);
      await sleep(500);
      const status = await a.getByTestId('territory-status').textContent();
      if (status?.startsWith('Occupied')) {
        await a.getByTestId('declare-siege').click();
        break;
      }
    }
    await sleep(2500);
    await a.mouse.move(900, 500);
    await shot(a, 'map-siege-card');

    // Hover card over our hex.
    const own = await a.evaluate((id) => window.__DATAVISM__!.screenOf(id), spawn);
    await a.getByTestId('territory-panel').getByRole('button', { name: 'Close' }).click();
    await a.mouse.move(own!.x + 20, own!.y + 10, { steps: 4 });
    await a.getByTestId('hover-card').waitFor();
    await shot(a, 'map-hover');

    // A market trade, for the chart: Marlow sells CPU cycles, Vesper buys.
    const vesper = (await api(run.url, 'GET', '/api/me', undefined, (await a.evaluate(() => localStorage.getItem('datavism.token')))!)).body;
    await fund(db, marlow.player.id, { cpu_cycles: 500n });
    await fund(db, vesper.id, { resistance_credits: 5000n });
    const seller = await joinMarket(run.url, marlow.token, 'cpu_cycles');
    for (const [i, price] of [[1, 14], [2, 15], [3, 13]] as const) {
      seller.room.send('place_order', { clientOrderId: `s${i}`, side: 'sell', type: 'limit', price, size: 20 });
    }
    await sleep(1500);
    await openPanel(a, 'market');
    await a.getByLabel('Size (CPU cycles)').fill('25');
    await a.getByRole('button', { name: 'Place buy order' }).waitFor();
    await a.getByLabel('Order').selectOption('market');
    await a.getByRole('button', { name: 'Place buy order' }).click();
    await sleep(2500);
    await a.getByLabel('Size (CPU cycles)').fill('10');
    await a.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      document.querySelector('[data-testid="panel-market"] .kit-panel-body')?.scrollTo(0, 0);
    });
    await shot(a, 'panel-market');
    await seller.room.leave();

    await openPanel(a, 'operations');
    await a.getByTestId('operations-list').getByText('Flashpoint Friday', { exact: true }).last().click();
    await a.getByTestId('operation-briefing').waitFor();
    await shot(a, 'operation-briefing');
    await a.getByRole('button', { name: 'Understood' }).click();
    await shot(a, 'panel-operations');

    await openPanel(a, 'council');
    await a.getByTestId('council-tabs-propose').click();
    await a.getByLabel('Kind').selectOption('balance');
    await a.getByLabel('Title').fill('Shorter siege cooldowns');
    await a.getByLabel('Why').fill('Ten minutes lets the AC dig in. Five keeps the pressure on.');
    await shot(a, 'panel-council');

    await openPanel(a, 'exchange');
    await shot(a, 'panel-exchange');
    await openPanel(a, 'intel');
    await a.getByTestId('intel-tabs-challenges').click();
    await sleep(800);
    await shot(a, 'panel-intel');
    await a.keyboard.press('Escape');

    // A member on a big screen: the squad panel.
    const ctxB = await browser.newContext({ viewport: { width: 1920, height: 1080 }, serviceWorkers: 'block' });
    const b = await ctxB.newPage();
    await b.goto(run.url);
    await b.getByTestId('login-name').fill('Kestrel');
    await b.getByTestId('login-password').fill('correct horse battery');
    await b.getByTestId('login').click();
    await mapDrawn(b, true);
    await cameraAt(b, 10, 20);
    await openPanel(b, 'squads');
    await shot(b, 'panel-squad-1920');
    await b.getByTestId('squad-section-decisions').click();
    await sleep(500);
    await b.keyboard.press('Escape');
    await b.getByTestId('map-mode').click();
    await shot(b, 'map-terrain-1920');
    await ctxB.close();

    await ctx.close();
  } finally {
    await run.close().catch(() => undefined);
  }
}

/** The server process dies: the game says it is reconnecting; a reload starts from cache and waits. */
async function offline(browser: Browser): Promise<void> {
  const env = { DATA_DIR: tempDir('dv-docs-'), JWT_SECRET: 'docs-secret-'.padEnd(40, 'x'), CLIENT_DIST, JOBS: 'off', LOG_LEVEL: 'error' };
  const server = await startServerProcess(29_900 + Math.floor(Math.random() * 90), env);
  try {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await ctx.newPage();
    await signUp(page, server.url, 'Nyx');
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await mapDrawn(page, true);
    await cameraAt(page, 10, 20);
    await server.kill('SIGKILL');
    await page.getByTestId('reconnecting').waitFor({ timeout: 20_000 });
    await shot(page, 'reconnecting');
    await page.reload();
    await page.getByTestId('offline-screen').waitFor({ timeout: 20_000 });
    await shot(page, 'offline');
    await ctx.close();
  } finally {
    await server.kill('SIGKILL');
  }
}

async function bigWorld(browser: Browser): Promise<void> {
  const run = await startGame({ db: 'pglite', env: { CLIENT_DIST, WORLD_TERRITORIES: '10000', WORLD_REGIONS: '40' } });
  try {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: 'block' });
    const page = await ctx.newPage();
    await signUp(page, run.url, 'Atlas');
    await mapDrawn(page, true);
    await cameraAt(page, 10, 20);
    await shot(page, 'map-tactical');
    await page.getByTestId('map-world').click();
    await cameraAt(page, 150, 2000);
    await shot(page, 'map-strategic-10k');
    await ctx.close();
  } finally {
    await run.close();
  }
}

mkdirSync(OUT, { recursive: true });
const browser = await launchChromium();
try {
  console.log('the 10,000-territory world');
  await bigWorld(browser);
  console.log('a squad plays');
  await squadWorld(browser);
  console.log('the server goes away');
  await offline(browser);
} finally {
  await browser.close();
}
process.exit(0);
