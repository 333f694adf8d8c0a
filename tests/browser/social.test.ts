/**
 * The social layer in real browsers (GAME §8.1, §8.2, §9): global shows its newest 50 lines and
 * pages back when the reader reaches the top; two players chat in global and by DM
 * from the chat dock (the DM's unread count comes from the server after a reload), one reports a
 * line with a reason, a moderator — who sees only moderation in /gm — removes it from the report
 * queue, and both players' pages show the tombstone "message removed" in its place; the moderator
 * mutes the author in global, who is told and refused in words. A GM's
 * emergency broadcast reaches both pages as a banner; an urgent notification is a toast and
 * raises the bell, whose inbox marks it read; blocking hides a player's lines, unblocking brings them
 * back. Screenshots in tests/browser/artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { findPlayerByName, setPlayerRole } from '@datavism/db';
import { notify } from '@datavism/game-server';
import { startGame, type RunningGame } from '../utils/game';
import { launchChromium } from '../utils/browser';
import { api, registerPlayer } from '../utils/http';
import { artifact, CLIENT_DIST, signUp } from '../utils/play';

const dist = process.env.CLIENT_DIST ?? CLIENT_DIST;
let run: RunningGame;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  if (!existsSync(path.join(dist, 'index.html'))) throw new Error('client not built: turbo builds it before this test (npm test)');
  run = await startGame({ db: 'pglite', env: { CLIENT_DIST: dist } });
  browser = await launchChromium();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await run?.close();
});

async function newPage(width = 1280, height = 720): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height }, serviceWorkers: 'block' });
  contexts.push(ctx);
  return ctx.newPage();
}

/** Opens the chat dock (folded at login) and waits for the channel tabs. */
async function openDock(page: Page): Promise<void> {
  await page.getByTestId('chat-dock-toggle').click({ timeout: 30_000 });
  await page.getByTestId('chat-dock').waitFor();
  await page.getByTestId('chat-tab-global').waitFor({ timeout: 20_000 });
}

async function say(page: Page, text: string): Promise<void> {
  await page.getByTestId('chat-input').fill(text);
  await page.getByTestId('chat-send').click();
}

/** The shown channel's line that contains `text`. */
const line = (page: Page, text: string) => page.getByTestId('chat-line').filter({ hasText: text });
const linesText = (page: Page) => page.getByTestId('chat-lines').textContent({ timeout: 20_000 });

describe('chat, reports and moderation, played in three browsers', () => {
  it('two players chat in global and by DM; a reported line removed by a moderator is a tombstone on both pages', async () => {
    const a = await newPage();
    const b = await newPage();
    const pageErrors: string[] = [];
    for (const p of [a, b]) p.on('pageerror', (e) => pageErrors.push(e.message));
    const nameA = await signUp(a, run.url);
    const nameB = await signUp(b, run.url);
    const db = run.game.services.database.db;
    const idA = (await findPlayerByName(db, nameA))!.id;
    const idB = (await findPlayerByName(db, nameB))!.id;

    // Sixty older lines in global: the dock shows the newest page of 50 and pages back on demand.
    await db.execute(`INSERT INTO social_messages (channel, author_id, body, created_at)
      SELECT 'global', '${idB}', 'archive line ' || g, now() - (61 - g) * interval '1 minute' FROM generate_series(1, 60) g`);
    await openDock(a);
    await expect.poll(() => a.getByTestId('chat-line').count(), { timeout: 20_000 }).toBe(50);
    expect(await linesText(a)).toContain('archive line 60');
    expect(await linesText(a)).not.toContain('archive line 10');
    expect(await a.getByTestId('chat-older').textContent()).toBe('Load older messages');
    await a.getByTestId('chat-lines').evaluate((el) => { el.scrollTop = 0; }); // reaching the top loads the page before
    await expect.poll(() => a.getByTestId('chat-line').count(), { timeout: 20_000 }).toBe(60);
    expect(await a.getByTestId('chat-line').first().textContent()).toContain('archive line 1');
    expect(await linesText(a)).toContain('Start of the channel.');

    // Global: A writes, B reads and answers, A reads the answer. Names, never ids.
    await say(a, 'Signal check from the east relay.');
    await expect.poll(() => linesText(a), { timeout: 20_000 }).toContain('Signal check from the east relay.');
    await openDock(b);
    await expect.poll(() => linesText(b), { timeout: 20_000 }).toContain('Signal check from the east relay.');
    expect(await line(b, 'Signal check').getByTestId('chat-author').textContent()).toBe(nameA);
    await say(b, 'Loud and clear, east relay.');
    await expect.poll(() => linesText(a), { timeout: 20_000 }).toContain('Loud and clear, east relay.');
    expect(await line(a, 'Loud and clear').getByTestId('chat-author').textContent()).toBe(nameB);

    // The gated channels A cannot read yet: one "Locked" tab says what opens each, and which one a key opens.
    expect(await a.getByTestId('chat-tab-locked').textContent()).toBe('Locked4');
    await a.getByTestId('chat-tab-locked').click();
    expect(await a.getByTestId('chat-locked-classified').textContent()).toMatch(/Classified.*Unlocks at rank Initiate \(influence 100\) — you have \d+\./);
    expect(await a.getByTestId('chat-locked-council').textContent()).toContain('Unlocks at rank Commander (influence 5,000)');
    expect(await a.getByTestId('chat-gate-classified').getByTestId('chat-unlock').textContent()).toBe('Use a liberation key');
    expect(await a.getByTestId('chat-unlock').count()).toBe(1);
    await artifact(a, 'social-locked-gate');
    await a.getByTestId('chat-tab-global').click();

    // A opens a DM with B by name and writes; B, folded, reloads: the unread count is the server's.
    await b.getByTestId('chat-dock-fold').click();
    await a.getByTestId('chat-new-dm-toggle').click();
    await a.getByTestId('chat-dm-name').fill(nameB);
    await a.getByTestId('chat-dm-open').click();
    const dm = [idA, idB].sort();
    const dmTab = `chat-tab-dm:${dm[0]}:${dm[1]}`;
    await expect.poll(() => a.getByTestId(dmTab).getAttribute('aria-selected'), { timeout: 10_000 }).toBe('true');
    await say(a, 'Meet me at the datacenter at dusk.');
    await expect.poll(() => linesText(a), { timeout: 20_000 }).toContain('Meet me at the datacenter at dusk.');
    await expect.poll(() => b.getByTestId('chat-unread-total').textContent().catch(() => null), { timeout: 20_000 }).toBe('1');
    await b.reload();
    await b.getByTestId('hud-rank').waitFor({ timeout: 45_000 });
    await expect.poll(() => b.getByTestId('chat-unread-total').textContent().catch(() => null), { timeout: 30_000 }).toBe('1');
    await openDock(b);
    expect(await b.getByTestId(dmTab).textContent()).toBe(`@ ${nameA}1`);
    await b.getByTestId(dmTab).click();
    await expect.poll(() => linesText(b), { timeout: 20_000 }).toContain('Meet me at the datacenter at dusk.');
    await say(b, 'Understood. Dusk it is.');
    await expect.poll(() => linesText(a), { timeout: 20_000 }).toContain('Understood. Dusk it is.');
    // Read on B's page: no unread left once the dock is folded.
    await b.getByTestId('chat-dock-fold').click();
    expect(await b.getByTestId('chat-unread-total').count()).toBe(0);
    await openDock(b);
    await artifact(a, 'social-dm');

    // B writes something abusive in global; A reports it with a reason.
    await b.getByTestId('chat-tab-global').click();
    await a.getByTestId('chat-tab-global').click();
    const abuse = 'Everyone east of the river is a traitor and deserves the AC.';
    await say(b, abuse);
    await expect.poll(() => linesText(a), { timeout: 20_000 }).toContain(abuse);
    const reported = line(a, abuse);
    const messageId = Number(await reported.getAttribute('data-id'));
    expect(messageId).toBeGreaterThan(0);
    await reported.hover();
    await reported.getByTestId('chat-report').click();
    await reported.getByTestId('chat-report-reason').selectOption('Harassment or hate');
    await reported.getByTestId('chat-report-detail').fill('calls a whole district traitors');
    await reported.getByTestId('chat-report-send').click();
    await expect.poll(() => reported.textContent(), { timeout: 10_000 }).toContain('reported');
    await expect.poll(() => a.getByTestId('toast').allTextContents(), { timeout: 10_000 })
      .toContainEqual(expect.stringContaining('Report sent'));
    await artifact(a, 'social-reported');

    // A moderator signs in: /gm shows moderation only, with the report; they remove the message.
    const mod = await registerPlayer(run.url);
    await setPlayerRole(db, mod.player.id, 'moderator');
    const m = await newPage(1400, 900);
    m.on('pageerror', (e) => pageErrors.push(e.message));
    await m.goto(run.url);
    await m.getByTestId('login-name').fill(mod.name);
    await m.getByTestId('login-password').fill(mod.password);
    await m.getByTestId('login').click();
    await m.getByTestId('hud-rank').waitFor({ timeout: 45_000 });
    await m.goto(`${run.url}/gm#moderation`);
    await m.getByTestId('gm-moderation').waitFor({ timeout: 20_000 });
    expect(await m.getByTestId('gm-tab').getByRole('tab').allTextContents()).toEqual(['Moderation']);
    const row = m.getByTestId('reports-queue').locator('tr').filter({ hasText: abuse });
    await row.waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toContain(nameB);
    expect(await row.textContent()).toContain('Harassment or hate: calls a whole district traitors');
    expect(await row.textContent()).toContain(nameA);
    await artifact(m, 'social-mod-queue');
    await row.getByTestId('report-remove').click();
    await expect.poll(() => m.getByTestId('gm-outcome').textContent().catch(() => ''), { timeout: 10_000 }).toContain('Message removed');
    await expect.poll(() => m.getByTestId('reports-queue').textContent(), { timeout: 10_000 }).not.toContain(abuse);

    // Both players' pages: the line keeps its place as a tombstone; the text is gone.
    for (const page of [a, b]) {
      const stone = page.locator(`[data-testid="chat-line"][data-id="${messageId}"]`);
      await expect.poll(() => stone.getAttribute('data-removed'), { timeout: 10_000 }).toBe('moderator');
      expect(await stone.getByTestId('chat-tombstone').textContent()).toBe('message removed by a moderator');
      expect(await page.getByTestId('chat-lines').textContent()).not.toContain(abuse);
      // The lines around it are still there, in order.
      const texts = await page.getByTestId('chat-line').allTextContents();
      expect(texts.findIndex((t) => t.includes('Loud and clear'))).toBeLessThan(texts.findIndex((t) => t.includes('message removed')));
    }
    await artifact(a, 'social-tombstone-reporter');
    await artifact(b, 'social-tombstone-author');

    // The moderator mutes B in global for 10 minutes: B is told, the composer says so, a post is refused in words.
    await m.getByTestId('mod-player').getByRole('textbox').fill(nameB);
    await m.getByRole('listbox', { name: 'Matching players' }).getByRole('button').filter({ hasText: nameB }).click();
    await m.getByTestId('mod-scope').selectOption('global');
    await m.getByTestId('mod-minutes').selectOption('10');
    await m.getByTestId('mod-reason').fill('cooling off after a removed message');
    await m.getByTestId('mod-mute').click();
    await expect.poll(() => m.getByTestId('gm-outcome').textContent().catch(() => ''), { timeout: 10_000 })
      .toBe(`${nameB} muted in global for 10 minutes.`);
    await expect.poll(() => m.getByTestId('gm-moderation').textContent(), { timeout: 10_000 }).toContain('cooling off after a removed message');
    await artifact(m, 'social-mod-muted');
    await expect.poll(() => b.getByTestId('toast').allTextContents(), { timeout: 10_000 })
      .toContainEqual(expect.stringContaining('A moderator muted you in Global until'));
    expect(await b.getByTestId('chat-muted').textContent()).toContain('You are muted here until');
    await say(b, 'Am I still on the air?');
    await expect.poll(() => b.getByTestId('chat-error').textContent().catch(() => ''), { timeout: 10_000 }).toBe('You are muted.');
    expect(await linesText(a)).not.toContain('Am I still on the air?');

    // A GM's emergency broadcast: a banner on both pages, in the emergency channel's voice.
    const gm = await registerPlayer(run.url);
    await setPlayerRole(db, gm.player.id, 'gm');
    const sent = await api(run.url, 'POST', '/api/gm/emergency', { body: 'AC sweep inbound on the river districts. Go dark for ten minutes.' }, gm.token);
    expect(sent.status).toBe(201);
    for (const page of [a, b]) {
      await expect.poll(() => page.getByTestId('emergency-body').textContent().catch(() => ''), { timeout: 10_000 })
        .toBe('AC sweep inbound on the river districts. Go dark for ten minutes.');
    }
    await b.waitForTimeout(600); // the banner's entrance, for the screenshot
    expect(await a.getByTestId('emergency-banner').textContent()).toContain(`— ${gm.name}, resistance command`);
    await artifact(b, 'social-emergency');

    // An urgent notification while the banner is up: a toast stacked below the banner, never over
    // it; the bell's count; the inbox marks it read.
    await notify(run.game.services, {
      kind: 'territory_besieged', audience: { kind: 'players', playerIds: [idA] }, affects: { player: true, topic: 'territory' },
      timeCritical: true, title: 'Sector 7 is under siege', body: 'Strike Team Nova declared a siege; the battle starts in 30 s.',
    });
    await expect.poll(() => a.locator('[data-testid="toast"][data-kind="urgent"]').textContent().catch(() => ''), { timeout: 10_000 })
      .toContain('Sector 7 is under siege');
    await a.waitForTimeout(400); // the toast's entrance
    const banner = (await a.getByTestId('emergency-banner').boundingBox())!;
    // The toasts' boxes read at once (an older toast may expire between two reads).
    const toasts = await a.getByTestId('toast').evaluateAll((els) => els.map((e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, right: r.right };
    }));
    expect(toasts.length).toBeGreaterThan(0);
    for (const box of toasts) expect(box.y).toBeGreaterThanOrEqual(banner.y + banner.height);
    // The open chat dock keeps the right side, the briefing card the left: toasts sit between them
    // (centred on the screen, they reached 24 px over the dock at 1280 px).
    const dock = (await a.getByTestId('chat-dock').boundingBox())!;
    const column = (await a.locator('.left-column').boundingBox())!;
    for (const box of toasts) {
      expect(box.x).toBeGreaterThanOrEqual(column.x + column.width);
      expect(box.right).toBeLessThanOrEqual(dock.x);
    }
    await artifact(a, 'social-emergency-toast');
    for (const page of [a, b]) {
      await page.getByTestId('emergency-ack').click();
      expect(await page.getByTestId('emergency-banner').count()).toBe(0);
    }
    // Acknowledged: the toasts move back up to the top.
    await expect.poll(async () => (await a.getByTestId('toast').first().boundingBox())!.y, { timeout: 5_000 }).toBeLessThan(banner.y + banner.height);
    await expect.poll(() => a.getByTestId('inbox-unread').textContent().catch(() => null), { timeout: 10_000 }).toBe('1');
    await a.getByTestId('inbox-bell').click();
    const entry = a.getByTestId('inbox-entry').filter({ hasText: 'Sector 7 is under siege' });
    await entry.waitFor({ timeout: 10_000 });
    await a.waitForTimeout(300);
    expect(await entry.getAttribute('data-read')).toBe('false');
    await artifact(a, 'social-inbox');
    await entry.locator('button').click();
    await expect.poll(() => entry.getAttribute('data-read'), { timeout: 10_000 }).toBe('true');
    expect(await a.getByTestId('inbox-unread').count()).toBe(0);
    await a.getByTestId('inbox-tab-settings').click();
    await a.getByTestId('notification-settings').waitFor({ timeout: 10_000 });
    expect(await a.getByTestId('settings-push-urgent').isChecked()).toBe(true);
    expect(await a.getByTestId('settings-email-important').isChecked()).toBe(true);
    await a.getByTestId('settings-email').fill(`${nameA}@example.org`);
    await a.getByTestId('settings-email-urgent').check();
    await a.getByTestId('settings-save').click();
    await expect.poll(async () => (await api(run.url, 'GET', '/api/notifications/settings', undefined, await tokenOf(a))).body.emailTiers, { timeout: 10_000 })
      .toEqual(expect.arrayContaining(['urgent', 'important']));
    await artifact(a, 'social-settings');

    // Blocking: B's lines disappear from A's page (live and held); unblocking brings them back.
    await a.getByTestId('inbox').getByRole('button', { name: 'Close' }).click();
    await a.getByTestId('chat-tab-global').click();
    await line(a, 'Loud and clear').hover();
    await line(a, 'Loud and clear').getByTestId('chat-block').click();
    await expect.poll(() => linesText(a), { timeout: 10_000 }).not.toContain('Loud and clear');
    expect(await linesText(a)).toContain('Signal check from the east relay.');
    await a.getByTestId('chat-blocked-toggle').click();
    expect(await a.getByTestId('chat-blocked').textContent()).toContain(nameB);
    await a.getByTestId('chat-blocked').getByRole('button', { name: 'Unblock' }).click();
    await expect.poll(() => a.getByTestId('chat-blocked').textContent(), { timeout: 10_000 }).toContain('You have blocked nobody.');
    await a.getByTestId('chat-blocked-toggle').click();
    await expect.poll(() => linesText(a), { timeout: 10_000 }).toContain('Loud and clear');

    // No id ever shown to players; no page error.
    for (const page of [a, b]) {
      const text = await page.locator('body').textContent();
      expect(text).not.toContain(idA);
      expect(text).not.toContain(idB);
    }
    expect(pageErrors).toEqual([]);
  }, 240_000);
});

/** The session token the page keeps (localStorage), for checking what the UI saved. */
async function tokenOf(page: Page): Promise<string> {
  return page.evaluate(() => localStorage.getItem('datavism.token') ?? '');
}
