/**
 * The Mentorship panel in a real browser (GAME §8.3): a player of influence 1150 registers as a
 * mentor from the panel; a newcomer asks from the panel, sees that mentor offered at 100 % and asks
 * them; the mentor sees the request, accepts it and assigns a lesson from the open challenges; the
 * mentee sees the pairing active with the lesson open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@datavism/db';
import type { RunningGame } from '../utils/game';
import { closeBrowserGame, openBrowserGame } from '../utils/browserGame';
import { api, registerPlayer } from '../utils/http';

let run: RunningGame;
let db: Db;
let browser: Browser;

beforeAll(async () => {
  ({ run, db, browser } = await openBrowserGame());
});
afterAll(() => closeBrowserGame({ run, browser }));

async function openMentorship(name: string, password: string): Promise<{ page: Page; panel: ReturnType<Page['getByTestId']>; errors: string[] }> {
  // UTC in the browser, so the forms' time zone defaults to UTC+0 on both sides.
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, timezoneId: 'UTC' });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(run.url);
  await page.getByTestId('login-name').fill(name);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login').click();
  await page.getByTestId('dock-mentorship').waitFor({ state: 'visible', timeout: 20_000 });
  await page.getByTestId('dock-mentorship').click();
  const panel = page.getByTestId('mentorship-panel');
  await panel.waitFor({ state: 'visible', timeout: 20_000 });
  return { page, panel, errors };
}

describe('the mentorship panel', () => {
  it('registers a mentor, offers them to a newcomer, carries the request, the acceptance and a lesson', async () => {
    const mentor = await registerPlayer(run.url);
    const mentee = await registerPlayer(run.url);
    const creator = await registerPlayer(run.url);
    await db.execute(`UPDATE players SET technical_mastery = 2000, truth_score = 2000, impact_rating = 500 WHERE id = '${mentor.player.id}'`);
    await db.execute(`UPDATE players SET impact_rating = 1000 WHERE id = '${creator.player.id}'`);
    const challenge = await api(run.url, 'POST', '/api/challenges', {
      title: 'Find the forged ledger line', description: 'd', answer: 'line 7', rewardPoints: 50, endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    }, creator.token);
    expect(challenge.status).toBe(201);

    // The mentor registers from the panel (UTC+0, en, hands-on).
    const m = await openMentorship(mentor.name, mentor.password);
    await m.panel.getByRole('button', { name: 'Register as mentor' }).click();
    await m.panel.getByRole('button', { name: 'Update my mentor profile' }).waitFor({ timeout: 10_000 });

    // The newcomer asks with the same preferences: the mentor is offered at 100 %.
    const e = await openMentorship(mentee.name, mentee.password);
    await e.panel.getByRole('button', { name: 'Find a mentor' }).click();
    const offers = e.panel.getByTestId('mentorship-offers');
    const row = offers.locator('tr', { hasText: mentor.name });
    await row.waitFor({ timeout: 10_000 });
    expect(await row.innerText()).toContain('100 %');
    await row.getByRole('button', { name: 'Ask' }).click();
    await expect.poll(() => e.panel.getByTestId('pairing-status').first().textContent(), { timeout: 10_000 }).toBe('requested');

    // The mentor reloads the panel, accepts, and assigns the open challenge as a lesson.
    await m.page.getByTestId('dock-mentorship').click();
    await m.page.getByTestId('dock-mentorship').click();
    await m.panel.getByTestId('mentorship-accept').click({ timeout: 10_000 });
    await expect.poll(() => m.panel.getByTestId('pairing-status').first().textContent(), { timeout: 10_000 }).toBe('active');
    await m.panel.locator('select', { has: m.page.locator('option', { hasText: 'Find the forged ledger line' }) }).selectOption({ label: 'Find the forged ledger line' });
    await m.panel.getByRole('button', { name: 'Assign lesson' }).click();
    await m.panel.getByText('Find the forged ledger line').last().waitFor({ timeout: 10_000 });

    // The mentee sees the pairing active with the lesson open.
    await e.page.getByTestId('dock-mentorship').click();
    await e.page.getByTestId('dock-mentorship').click();
    await expect.poll(() => e.panel.getByTestId('pairing-status').first().textContent(), { timeout: 10_000 }).toBe('active');
    expect(await e.panel.innerText()).toContain('Find the forged ledger line');
    expect(await e.panel.innerText()).toContain('+20 % XP while mentored');
    expect([...m.errors, ...e.errors]).toEqual([]);
    await m.page.close();
    await e.page.close();
  });
});
