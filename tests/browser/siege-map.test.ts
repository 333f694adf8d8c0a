/**
 * A siege played and watched on the map (GAME §3.3), in two browsers: the two members of an elite
 * squad deploy from the territory card onto an AC-held hex next to their spawn, the leader
 * declares the siege from the same card (which shows both sides' strength first), and the other
 * member's page, watching that territory, sees it contested — the hex turns amber, a live
 * countdown floats over it, the card shows the battle with its strengths (2 × 10 = 20 against a
 * garrison of 10 × 1.3 = 13) — and then the outcome: the hex in the squad's colour, the card's
 * owner the squad by name, "siege won" over it; the countdown and the two name tags on the hex
 * never cover one another. Muster 5 s (the registry's minimum) and battle
 * 30 s (slow software GL needs the time to look), travel instant. The squad itself is founded over HTTP (the squad-map test founds
 * one through the UI); the garrison is lowered in SQL so two new players can win.
 * Screenshots in tests/browser/artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@datavism/db';
import { assignSquadColours } from '../../apps/client/src/state/squadColours';
import type { RunningGame } from '../utils/game';
import { closeBrowserGame, openBrowserGame } from '../utils/browserGame';
import { api, registerPlayer } from '../utils/http';
import { artifact, colourAt, hueDistance, hueSat, mapDrawn } from '../utils/play';
import { openPlayerPage } from '../utils/browserPlayer';
import { q } from '../e2e/territory-fixtures';

let run: RunningGame;
let db: Db;
let browser: Browser;

beforeAll(async () => {
  ({ run, db, browser } = await openBrowserGame());
  for (const [name, value] of [['travel_seconds_per_hex', 0], ['siege_muster_seconds', 5], ['siege_battle_seconds', 30]] as const) {
    await run.game.services.parameters.set({ name, value, changedBy: 'siege-map-test', reason: 'a siege in seconds' });
  }
});
afterAll(() => closeBrowserGame({ run, browser }));

/** The lit colour of a territory's top, off its centre (avatars and the siege label sit there), no hover outline. */
async function hexColour(page: Page, territoryId: string) {
  await page.mouse.move(5, 400);
  await page.evaluate(() => window.__DATAVISM__!.invalidate());
  await page.waitForTimeout(400);
  const at = await page.evaluate((id) => window.__DATAVISM__!.screenOf(id), territoryId);
  if (!at) throw new Error(`territory ${territoryId} is off screen`);
  return hueSat(await colourAt(page, await page.screenshot(), at.x - 26, at.y + 12, 3));
}

async function clickHex(page: Page, territoryId: string): Promise<void> {
  const at = await page.evaluate((id) => window.__DATAVISM__!.screenOf(id), territoryId);
  if (!at) throw new Error(`territory ${territoryId} is off screen`);
  await page.mouse.click(at.x, at.y);
}

/** An AC-held neighbour of `spawn` in the open middle of the screen (no panel over it). */
async function pickTarget(page: Page, spawn: string): Promise<{ id: string; name: string }> {
  const m = /^t-(-?\d+)_(-?\d+)$/.exec(spawn)!;
  const [cq, cr] = [Number(m[1]), Number(m[2])];
  for (const [dq, dr] of [[1, 0], [1, -1], [0, -1], [-1, 0], [-1, 1], [0, 1]]) {
    const id = `t-${cq + dq}_${cr + dr}`;
    const [row] = await q<{ name: string; status: string }>(db, 'SELECT name, status FROM territories WHERE id = $1', [id]);
    const at = await page.evaluate((t) => window.__DATAVISM__!.screenOf(t), id);
    if (row?.status === 'occupied' && at && at.x > 380 && at.x < 780 && at.y > 160 && at.y < 560) return { id, name: row.name };
  }
  throw new Error('no AC-held neighbour in the middle of the screen');
}

describe('a siege watched on the map', () => {
  it('two members deploy and declare from the territory card; the other page sees it contested with a countdown, then won', async () => {
    const [leader, member, third] = [await registerPlayer(run.url), await registerPlayer(run.url), await registerPlayer(run.url)];
    const squadName = `Siege ${leader.name.slice(-5)}`;
    const created = await api<{ id: string }>(run.url, 'POST', '/api/squads', { name: squadName, type: 'shadow' }, leader.token);
    expect(created.status).toBe(201);
    const squadId = created.body.id;
    for (const p of [member, third]) expect((await api(run.url, 'POST', `/api/squads/${squadId}/join`, {}, p.token)).status).toBe(200);

    const a = await openPlayerPage(browser, run.url, leader.name, leader.password);
    const b = await openPlayerPage(browser, run.url, member.name, member.password);
    await mapDrawn(a.page, true);
    await mapDrawn(b.page, true);
    const spawn = (await a.page.evaluate(() => window.__DATAVISM__!.myTerritory()))!;
    expect(await b.page.evaluate(() => window.__DATAVISM__!.myTerritory())).toBe(spawn);
    const target = await pickTarget(b.page, spawn);

    // Two new players (rating 10 each) can beat a garrison of 10 (× 1.3 = 13): lowered in SQL,
    // and the map rooms told as any garrison change tells them.
    await q(db, 'UPDATE territories SET garrison = 10 WHERE id = $1', [target.id]);
    const s = run.game.services;
    await s.presence.publish(`${s.config.redisPrefix}:world:territories`, [target.id]);

    // Both select the hex: an AC territory with its garrison, the odds shown before declaring.
    for (const { page } of [a, b]) {
      await clickHex(page, target.id);
      await expect.poll(() => page.getByTestId('territory-name').textContent(), { timeout: 15_000 }).toBe(target.name);
      await expect.poll(() => page.getByTestId('territory-garrison').textContent(), { timeout: 15_000 }).toMatch(/^10 \//);
      expect(await page.getByTestId('territory-holder').textContent()).toBe('Algorithmic Control');
      expect(await page.getByTestId('siege-defence').textContent()).toBe('AC garrison 10 × 1.3 for holding = 13');
      await page.getByTestId('deploy').click();
      await page.getByTestId('deployed-here').waitFor({ timeout: 20_000 });
    }
    await b.page.getByTestId('territory-panel').getByRole('button', { name: 'Close' }).click();
    const occupied = await hexColour(b.page, target.id);
    await clickHex(b.page, target.id); // B keeps watching the territory's card

    // The leader declares.
    await a.page.getByTestId('declare-siege').click();

    // B's page: contested — the hex amber, a live countdown over it, the battle on the card with
    // both strengths.
    await expect.poll(() => b.page.getByTestId('territory-status').textContent(), { timeout: 15_000 }).toBe('Contested');
    const siegeLabel = b.page.locator('[data-label="siege"]');
    await expect.poll(async () => (await siegeLabel.first().textContent()) ?? '', { timeout: 10_000 }).toMatch(/^⚔ (muster|battle) \d+ s$/);
    expect(await siegeLabel.first().isVisible()).toBe(true);
    const first = await siegeLabel.first().textContent();
    await expect.poll(() => siegeLabel.first().textContent(), { timeout: 5_000 }).not.toBe(first); // it counts down
    const card = b.page.getByTestId('territory-siege');
    await expect.poll(() => card.innerText(), { timeout: 10_000 }).toContain(`${squadName} vs Algorithmic Control`);
    await expect.poll(() => card.innerText(), { timeout: 10_000 }).toMatch(/(Muster|Battle) ends in \d+ s · attack 20\.0 vs defence 13\.0/);
    await b.page.getByTestId('territory-panel').getByRole('button', { name: 'Close' }).click();
    const contested = await hexColour(b.page, target.id);
    await artifact(b.page, 'siege-contested-watcher');
    // The countdown and the besiegers' name tags on that hex are all readable: none covers another.
    const shownLabels = () => b.page.$$eval('[data-label="siege"], [data-label="avatar"]', (els) => els
      .filter((e) => (e as HTMLElement).style.display !== 'none')
      .map((e) => ({ text: e.textContent ?? '', box: e.getBoundingClientRect().toJSON() as DOMRect })));
    await expect.poll(async () => (await shownLabels()).map((l) => l.text).filter((t) => t.startsWith(leader.name) || t.startsWith(member.name)).sort(),
      { timeout: 10_000 }).toEqual([leader.name, `${member.name} (you)`].sort());
    const boxes = await shownLabels();
    for (const [i, l] of boxes.entries()) {
      for (const m of boxes.slice(i + 1)) {
        const apart = l.box.right <= m.box.left || m.box.right <= l.box.left || l.box.bottom <= m.box.top || m.box.bottom <= l.box.top;
        expect(apart, `"${l.text}" and "${m.text}" overlap`).toBe(true);
      }
    }
    const amber = hueSat({ r: 0xff, g: 0xb2, b: 0x24 });
    expect(hueDistance(contested.h, amber.h)).toBeLessThan(25);
    expect(hueDistance(contested.h, occupied.h)).toBeGreaterThan(20);

    // The outcome: the territory is the squad's, on B's map and card.
    await expect.poll(async () => (await siegeLabel.first().textContent()) ?? '', { timeout: 60_000 }).toBe('siege won');
    await clickHex(b.page, target.id);
    await expect.poll(() => b.page.getByTestId('territory-holder').textContent(), { timeout: 15_000 }).toBe(squadName);
    expect(await b.page.getByTestId('territory-status').textContent()).toBe('Liberated');
    await b.page.getByTestId('territory-panel').getByRole('button', { name: 'Close' }).click();
    const css = assignSquadColours([squadId]).get(squadId)!;
    const want = hueSat({ r: parseInt(css.slice(1, 3), 16), g: parseInt(css.slice(3, 5), 16), b: parseInt(css.slice(5, 7), 16) });
    await expect.poll(async () => hueDistance((await hexColour(b.page, target.id)).h, want.h), { timeout: 15_000 }).toBeLessThan(35);
    await artifact(b.page, 'siege-won-watcher');
    // The leader's page agrees; no squad id shown anywhere.
    await expect.poll(() => a.page.getByTestId('territory-holder').textContent(), { timeout: 15_000 }).toBe(squadName);
    await artifact(a.page, 'siege-won-leader');
    for (const { page } of [a, b]) expect(await page.locator('body').innerText()).not.toContain(squadId);

    expect([...a.errors, ...b.errors]).toEqual([]);
    await a.context.close();
    await b.context.close();
  }, 150_000);
});
