import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { loadWorld } from '@datavism/db';
import { hexDistance } from '@datavism/rules';
import type { RunningGame } from '../utils/game';
import { closeBrowserGame, openBrowserGame } from '../utils/browserGame';
import { playerName } from '../utils/env';
import { artifact, mapDrawn, signUp } from '../utils/play';

// A new player's first minutes (docs/onboarding.md), played in a browser: register, the handler's
// briefing appears (in character), page through it and skip it; the mission card points at the
// first mission; deploy next door from the card's "Show me", collect the reward (the HUD's credits
// rise by exactly 50), walk, found a squad from the squad panel the card opens — each mission
// turning done only when the server recorded it. After a reload the briefing stays away (the
// server keeps the mark) and the codex replays it. The calendar's next event counts down; a
// winnable target near the spawn shows both sides' strength on its declare screen.
let run: RunningGame;
let browser: Browser;

beforeAll(async () => {
  ({ run, browser } = await openBrowserGame());
});
afterAll(() => closeBrowserGame({ run, browser }));

const credits = async (page: Page) => Number(((await page.getByTestId('balance-resistance_credits').locator('.balance-value').textContent()) ?? '').replace(/[^0-9]/g, ''));

describe('onboarding, played in a browser', () => {
  it('briefing, skip, first missions collected, codex replay, calendar countdown, the odds of a winnable siege', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: 'block' });
    const page = await ctx.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));

    await signUp(page, run.url);
    await mapDrawn(page, true);

    // The handler's briefing, in character, page by page.
    const briefing = page.getByTestId('first-briefing');
    await briefing.waitFor({ timeout: 20_000 });
    expect(await briefing.textContent()).toContain('Incoming transmission');
    expect(await page.getByTestId('first-briefing-title').textContent()).toBe('The Algorithmic Control');
    expect(await page.getByTestId('first-briefing-text').textContent()).toContain('scores, sorts and silences');
    await artifact(page, 'onboarding-briefing');
    await page.getByTestId('briefing-next').click();
    expect(await page.getByTestId('first-briefing-title').textContent()).toBe('A new node in the network');
    await page.getByTestId('briefing-skip').click();
    await briefing.waitFor({ state: 'detached', timeout: 10_000 });

    // The mission card: the first mission, its reward, and the calendar's next event counting down.
    const card = page.getByTestId('mission-card');
    await card.waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('mission-title').textContent()).toBe('Move out');
    expect(await page.getByTestId('mission-count').textContent()).toBe('0 / 7');
    expect(await page.getByTestId('mission-reward').textContent()).toBe('+50 credits');
    const calendar = (await page.getByTestId('calendar-next').textContent()) ?? '';
    expect(calendar).toMatch(/Next: (Intelligence Monday|Workshop Wednesday|Flashpoint Friday|Squad Wars Saturday|Liberation Sunday)/);
    expect(await page.getByTestId('calendar-countdown').textContent()).toMatch(/^in \d/);
    await artifact(page, 'onboarding-missions');

    // Mission 1: "Show me" selects a hex next to me; deploy there. Done when the server says so.
    const before = await credits(page);
    await page.getByTestId('mission-go').click();
    await page.getByTestId('territory-panel').waitFor({ timeout: 10_000 });
    await page.getByTestId('deploy').click();
    await page.getByTestId('collect-deploy').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId('toast').allTextContents(), { timeout: 10_000 })
      .toContainEqual(expect.stringContaining('Move out. Collect +50 credits on your mission card. Next: Walk the ground.'));
    await artifact(page, 'onboarding-deploy-done');
    await page.getByTestId('collect-deploy').click();
    await expect.poll(() => credits(page), { timeout: 15_000 }).toBe(before + 50);
    await page.getByTestId('territory-panel').getByRole('button', { name: 'Close' }).click();
    expect(await page.getByTestId('mission-count').textContent()).toBe('1 / 7');

    // Mission 2: walk (after the 2 s of travel), with the keyboard on the map.
    await expect.poll(() => page.evaluate(() => window.__DATAVISM__!.myTerritory()), { timeout: 10_000 }).toBeTruthy();
    await page.waitForTimeout(2500);
    await page.keyboard.down('KeyD');
    await page.waitForTimeout(800);
    await page.keyboard.up('KeyD');
    await page.getByTestId('collect-walk').waitFor({ timeout: 20_000 });
    await page.getByTestId('collect-walk').click();
    await expect.poll(() => page.getByTestId('mission-title').textContent(), { timeout: 10_000 }).toBe('Find your cell');

    // Mission 3: the card opens the squad panel; found a squad there.
    expect(await page.getByTestId('mission-go').textContent()).toBe('Open Squad');
    await page.getByTestId('mission-go').click();
    await page.getByTestId('panel-squads').waitFor({ timeout: 10_000 });
    await page.getByTestId('squad-tabs-found').click();
    await page.getByTestId('squad-name').fill(`Cell ${playerName('').slice(1, 7)}`);
    await page.getByTestId('squad-type').selectOption('shadow');
    await page.getByTestId('squad-create-submit').click();
    await page.getByTestId('collect-squad').waitFor({ timeout: 20_000 });
    await artifact(page, 'onboarding-squad-done');
    await page.getByTestId('collect-squad').click();
    await expect.poll(() => page.getByTestId('mission-count').textContent(), { timeout: 10_000 }).toBe('3 / 7');
    expect(await page.getByTestId('mission-title').textContent()).toBe('Pitch in');
    await page.keyboard.press('Escape');

    // The declare screen of a winnable target near the spawn: both sides' strength.
    const here = await page.evaluate(() => window.__DATAVISM__!.myTerritory());
    const world = (await loadWorld(run.game.services.database.db))!;
    const me = world.territories.find((t) => t.id === here)!;
    const target = world.territories
      .filter((t) => t.status === 'occupied' && t.garrison * 1.3 < 40 && hexDistance(t, me) <= 2)
      .sort((a, b) => hexDistance(a, me) - hexDistance(b, me))[0];
    expect(target).toBeDefined(); // GAME §3.1: winnable targets within 2 hexes of where a new player starts
    // Toasts stack over the top of the map: dismiss them so the click reaches the hex.
    for (const close of await page.getByTestId('toast').getByRole('button').all()) await close.click().catch(() => undefined);
    await expect.poll(() => page.getByTestId('toast').count(), { timeout: 10_000 }).toBe(0);
    const at = await page.evaluate((id) => window.__DATAVISM__!.screenOf(id), target.id);
    expect(at).toBeTruthy();
    await page.mouse.click(at!.x, at!.y);
    await expect.poll(() => page.getByTestId('territory-name').textContent(), { timeout: 10_000 }).toBe(target.name);
    await page.getByTestId('siege-odds').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('siege-odds-defence').textContent()).toBe(`AC ${Math.round(target.garrison * 13) / 10}`);
    expect(await page.getByTestId('siege-odds-attack').textContent()).toMatch(/ \d+(\.\d)?$/);
    expect(await page.getByTestId('siege-odds-verdict').textContent()).toContain('If the battle ended now');
    await artifact(page, 'onboarding-siege-odds');
    await page.getByTestId('territory-panel').getByRole('button', { name: 'Close' }).click();

    // Reload: the briefing stays away (the server has it seen); the codex replays it.
    await page.reload();
    await page.getByTestId('mission-card').waitFor({ timeout: 45_000 });
    expect(await page.getByTestId('first-briefing').count()).toBe(0);
    await page.getByTestId('dock-codex').click();
    await page.getByTestId('codex').waitFor({ timeout: 10_000 });
    const missions = (await page.getByTestId('codex-missions').textContent()) ?? '';
    expect(missions).toContain('Move out');
    expect(missions).toContain('paid');
    await artifact(page, 'onboarding-codex');
    await page.getByTestId('codex-replay').click();
    await page.getByTestId('first-briefing').waitFor({ timeout: 5000 });
    expect(await page.getByTestId('first-briefing-title').textContent()).toBe('The Algorithmic Control');
    expect(pageErrors).toEqual([]);
    await ctx.close();
  }, 180_000);
});
