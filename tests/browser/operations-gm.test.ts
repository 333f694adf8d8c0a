/**
 * An operation launched by a game-master in the /gm console and played by a resistant in another
 * browser (GAME §6.1, §6.2, §5.1): the GM launches Flashpoint Friday from its template on a
 * territory next to the player, picked by name; the player's page, with no panel open and no
 * reload, is told at once (a transmission toast) and the map raises a beacon over the target
 * (its label, and its light in the canvas' pixels). The player opens the operation from the
 * Operations panel, reads the briefing, contributes 1,000 CPU cycles: the progress moves on both
 * pages by the exact weighted share (1,000 / 5,000 of a weight-3 objective out of 5 = 12.0 %),
 * the HUD loses the 1,000, and the Leaderboards panel ranks the player first on operation points
 * with the exact 600,000 points (1,000 / 5,000 × 3 × 1,000,000). Screenshots in tests/browser/artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { setPlayerRole, type Db } from '@datavism/db';
import { contributionPoints, operationProgress } from '@datavism/rules';
import type { RunningGame } from '../utils/game';
import { closeBrowserGame, openBrowserGame } from '../utils/browserGame';
import { registerPlayer } from '../utils/http';
import { fund } from '../utils/market';
import { artifact, colourAt, mapDrawn } from '../utils/play';
import { hudBalance, openPanel, openPlayerPage } from '../utils/browserPlayer';
import { q } from '../e2e/territory-fixtures';

let run: RunningGame;
let db: Db;
let browser: Browser;

beforeAll(async () => {
  ({ run, db, browser } = await openBrowserGame());
});
afterAll(() => closeBrowserGame({ run, browser }));

/** The lit colour just above a territory's centre (where a beacon's pillar rises), no hover outline. */
async function colourAbove(page: Page, territoryId: string) {
  await page.mouse.move(5, 400);
  await page.evaluate(() => window.__DATAVISM__!.invalidate());
  await page.waitForTimeout(400);
  const at = await page.evaluate((id) => window.__DATAVISM__!.screenOf(id), territoryId);
  if (!at) throw new Error(`territory ${territoryId} is off screen`);
  return colourAt(page, await page.screenshot(), at.x, at.y - 12, 3);
}

/** A neighbour of `spawn` on screen whose name no other territory contains (the GM picks it by name). */
async function pickTarget(page: Page, spawn: string): Promise<{ id: string; name: string }> {
  const m = /^t-(-?\d+)_(-?\d+)$/.exec(spawn)!;
  const [cq, cr] = [Number(m[1]), Number(m[2])];
  for (const [dq, dr] of [[1, 0], [1, -1], [0, -1], [-1, 0], [-1, 1], [0, 1]]) {
    const id = `t-${cq + dq}_${cr + dr}`;
    const [row] = await q<{ name: string }>(db, 'SELECT name FROM territories WHERE id = $1', [id]);
    if (!row) continue;
    const [{ n }] = await q<{ n: number }>(db, 'SELECT count(*)::int AS n FROM territories WHERE lower(name) LIKE $1', [`%${row.name.toLowerCase()}%`]);
    const at = await page.evaluate((t) => window.__DATAVISM__!.screenOf(t), id);
    if (n === 1 && at && at.x > 350 && at.x < 800 && at.y > 150 && at.y < 600) return { id, name: row.name };
  }
  throw new Error('no neighbour with a unique name on screen');
}

describe('an operation from the GM console, played by a resistant', () => {
  it('launched in /gm, pushed to the player with a beacon, contributed to: progress on both pages, points on the leaderboard', async () => {
    const gm = await registerPlayer(run.url);
    await setPlayerRole(db, gm.player.id, 'gm');
    const player = await registerPlayer(run.url);
    await fund(db, player.player.id, { cpu_cycles: 1000n });
    const opName = `Blackout ${player.name.slice(-5)}`;

    // The player is in the world, no panel open.
    const p = await openPlayerPage(browser, run.url, player.name, player.password);
    await mapDrawn(p.page, true);
    const spawn = (await p.page.evaluate(() => window.__DATAVISM__!.myTerritory()))!;
    const target = await pickTarget(p.page, spawn);
    const before = await colourAbove(p.page, target.id);
    expect(await p.page.evaluate(() => window.__DATAVISM__!.labels('beacon'))).not.toContain(opName);

    // The GM launches Flashpoint Friday under a new name on that territory, picked by name.
    const g = await openPlayerPage(browser, run.url, gm.name, gm.password, '/gm');
    const ops = g.page.getByTestId('gm-ops');
    await ops.waitFor({ timeout: 30_000 });
    await expect.poll(() => ops.getByTestId('op-template').locator('option').count(), { timeout: 20_000 }).toBeGreaterThan(1);
    await ops.getByTestId('op-template').selectOption('friday_flashpoint');
    await ops.getByLabel('Name (optional)').fill(opName);
    await ops.getByTestId('territory-search').fill(target.name);
    await ops.getByTestId('territory-hit').filter({ hasText: target.name }).click();
    await expect.poll(() => ops.getByTestId('territory-chip').textContent()).toContain(target.name);
    await ops.getByTestId('op-launch').click();
    await expect.poll(() => g.page.getByText('Operation launched.').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const gmRow = ops.locator('tbody tr').filter({ hasText: opName });
    await expect.poll(() => gmRow.innerText(), { timeout: 20_000 }).toContain('0.0 %');
    expect(await gmRow.innerText()).toContain('Cipher');

    // The player hears of it at once, with no panel open and no reload: a transmission and a beacon.
    await expect.poll(async () => (await p.page.getByTestId('toast').allInnerTexts()).join('\n'), { timeout: 10_000 })
      .toContain(`Operation ${opName} is live: join it in Operations.`);
    await expect.poll(() => p.page.evaluate(() => window.__DATAVISM__!.labels('beacon')), { timeout: 10_000 }).toContain(opName);
    await expect.poll(() => p.page.locator('[data-label="beacon"]').filter({ hasText: opName }).isVisible()).toBe(true);
    const lit = await colourAbove(p.page, target.id);
    await artifact(p.page, 'operation-beacon-player');
    // The pillar adds its warm light (#ffd166, additive) over the hex: red and green rise.
    expect(lit.r + lit.g - (before.r + before.g)).toBeGreaterThan(40);
    await p.page.mouse.move(640, 400);

    // The player opens it from the Operations panel: the briefing in Cipher's voice, the objectives.
    await openPanel(p.page, 'operations');
    const listRow = p.page.getByTestId('operations-list').locator('tbody tr').filter({ hasText: opName });
    await expect.poll(() => listRow.innerText(), { timeout: 15_000 }).toContain('0 %');
    await listRow.click();
    const briefing = p.page.getByTestId('operation-briefing');
    await briefing.waitFor({ timeout: 15_000 });
    expect(await briefing.innerText()).toContain('The Algorithmic Control is rotating its keys tonight.');
    await briefing.getByRole('button', { name: 'Understood' }).click();
    const detail = p.page.getByTestId('operation-detail');
    await expect.poll(() => detail.innerText(), { timeout: 15_000 }).toContain('Overload the key rotation');
    expect(await detail.innerText()).toContain('0 / 5,000 CPU cycles');
    expect(await detail.innerText()).toContain('[CLASSIFIED]'); // the hidden objective
    expect(await detail.innerText()).toContain('Nobody has contributed yet.');

    // Contribute 1,000 CPU cycles.
    await expect.poll(() => hudBalance(p.page, 'cpu_cycles'), { timeout: 15_000 }).toBeGreaterThanOrEqual(1000);
    const cpu = await hudBalance(p.page, 'cpu_cycles');
    await detail.getByLabel('Contribute').selectOption('cpu_cycles');
    await detail.getByLabel('Amount').fill('1000');
    await detail.getByRole('button', { name: 'Contribute' }).click();
    await expect.poll(async () => (await p.page.getByTestId('toast').allInnerTexts()).join('\n'), { timeout: 15_000 })
      .toContain('Contribution accepted: 1,000.');

    // Friday flashpoint: cpu 5,000 (weight 3), challenges 20 (weight 1), hidden credits 2,000 (weight 1).
    const progress = operationProgress([
      { tier: 'primary', weight: 3, target: 5000, progress: 1000 },
      { tier: 'secondary', weight: 1, target: 20, progress: 0 },
      { tier: 'hidden', weight: 1, target: 2000, progress: 0 },
    ]);
    expect(progress).toBeCloseTo(0.12, 10);
    const points = contributionPoints({ weight: 3, target: 5000 }, 1000);
    expect(points).toBe(600_000);
    await expect.poll(() => detail.innerText(), { timeout: 15_000 }).toContain('1,000 / 5,000 CPU cycles');
    await expect.poll(() => detail.getByRole('progressbar', { name: 'Operation progress' }).getAttribute('aria-valuenow'), { timeout: 15_000 }).toBe('12');
    expect(await detail.innerText()).toContain('12.0 %');
    const top = detail.getByRole('table', { name: 'Top contributors' });
    await expect.poll(() => top.innerText(), { timeout: 15_000 }).toContain(`${player.name}\t${points.toLocaleString('en-US')}`);
    await expect.poll(() => listRow.innerText(), { timeout: 10_000 }).toContain('12 %'); // the list follows the room, not its 30 s poll
    await expect.poll(() => hudBalance(p.page, 'cpu_cycles'), { timeout: 15_000 }).toBe(cpu - 1000);
    await artifact(p.page, 'operation-contributed-player');

    // The GM console's live list follows (it refreshes every 5 s): 12.0 %, one player of one required.
    await expect.poll(() => gmRow.innerText(), { timeout: 20_000 }).toContain('12.0 %');
    expect(await gmRow.innerText()).toContain('1/1');
    await artifact(g.page, 'operation-contributed-gm');

    // The leaderboard: operation points this week, the player first with exactly those points.
    await openPanel(p.page, 'leaderboards');
    const boards = p.page.getByTestId('leaderboards-panel');
    await boards.getByTestId('leaderboard-board').selectOption('operation_points');
    await expect.poll(() => boards.getByTestId('leaderboard-my-rank').textContent(), { timeout: 20_000 }).toBe('1 of 1');
    expect(await boards.getByTestId('leaderboard-me').innerText()).toContain(points.toLocaleString('en-US'));
    expect(await boards.getByTestId('leaderboard-mine').first().textContent()).toBe(`${player.name} ◀`);
    const firstRow = await boards.getByTestId('leaderboard-top').locator('tbody tr').first().innerText();
    expect(firstRow.split('\t').map((c) => c.trim())).toEqual(['1', `${player.name} ◀`, points.toLocaleString('en-US')]);
    expect(await boards.innerText()).toContain('places 1–10 earn 1,000 / 600 / 400 / 200 / 200 / 200 / 200 / 200 / 200 / 200 credits.');
    await artifact(p.page, 'operation-leaderboard-player');

    expect([...p.errors, ...g.errors]).toEqual([]);
    await p.context.close();
    await g.context.close();
  }, 150_000);
});
