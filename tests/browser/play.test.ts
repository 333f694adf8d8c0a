import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { startGame, type RunningGame } from '../utils/game';
import { launchChromium } from '../utils/browser';
import { playerName, repoRoot } from '../utils/env';
import { pixelStats } from '../utils/play';

const dist = process.env.TEST_CLIENT_DIST ?? path.join(repoRoot, 'apps/client/dist');
let run: RunningGame;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(path.join(dist, 'index.html'))) throw new Error('client not built: turbo builds it before this test (npm test)');
  run = await startGame({ db: 'pglite', env: { CLIENT_DIST: dist } });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await run?.close();
});

describe('the browser client', () => {
  it('registers, logs in, renders the 3D map and shows the rank in the HUD', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(run.url);
    const name = playerName('web');
    await page.getByTestId('login-name').fill(name);
    await page.getByTestId('login-password').fill('browser password 1');
    await page.getByTestId('register').click();
    await expect.poll(() => page.getByTestId('hud-rank').textContent(), { timeout: 20_000 }).toContain('Recruit');

    // Log out and back in with the same account.
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.getByTestId('login-name').fill(name);
    await page.getByTestId('login-password').fill('browser password 1');
    await page.getByTestId('login').click();
    await expect.poll(() => page.getByTestId('hud-rank').textContent(), { timeout: 20_000 }).toContain('Recruit');

    const canvas = page.locator('[data-testid="world-canvas"] canvas');
    await canvas.waitFor({ state: 'visible', timeout: 20_000 });
    await page.waitForTimeout(1500); // let the map draw
    const png = await canvas.screenshot();
    // A drawn map has many colours (an empty or failed canvas has one or two).
    const { colours } = await pixelStats(page, png);
    expect(colours).toBeGreaterThan(20);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
