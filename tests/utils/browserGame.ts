import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { Db } from '@datavism/db';
import { startGame, type RunningGame } from './game';
import { launchChromium } from './browser';
import { repoRoot } from './env';

/** The built client (`CLIENT_DIST` to test a build made elsewhere). */
export const BUILT_CLIENT = process.env.CLIENT_DIST ?? path.join(repoRoot, 'apps/client/dist');

/** An embedded game serving the built client, its database and a Chromium, for a browser test file. */
export interface BrowserGame {
  run: RunningGame;
  db: Db;
  browser: Browser;
}

/** @param env more server settings (e.g. a 10,000-territory world). */
export async function openBrowserGame(env: Record<string, string> = {}): Promise<BrowserGame> {
  if (!existsSync(path.join(BUILT_CLIENT, 'index.html'))) throw new Error('client not built: turbo builds it before this test (npm test)');
  const run = await startGame({ db: 'pglite', env: { ...env, CLIENT_DIST: BUILT_CLIENT } });
  return { run, db: run.game.services.database.db, browser: await launchChromium() };
}

export async function closeBrowserGame(g: Partial<BrowserGame>): Promise<void> {
  await g.browser?.close();
  await g.run?.close();
}
