import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { assignSquadColours } from '../../apps/client/src/state/squadColours';
import type { RunningGame } from '../utils/game';
import { closeBrowserGame, openBrowserGame } from '../utils/browserGame';
import { api, registerPlayer } from '../utils/http';
import { playerName, waitFor } from '../utils/env';
import { artifact, colourAt, hueDistance, hueSat, mapDrawn, signUp } from '../utils/play';

// Two players in two browsers play the squad loop: one founds a squad, the other finds it and
// joins (a third joins over HTTP so the elite squad reaches its minimum of 3 and is active),
// the founder claims the territory both stand on — and the map shows it: the hex turns the
// squad's colour on both screens, hovering names the owner squad (never its id), the map key
// lists it, and the two avatars on that one hex stand apart with their name tags.
let run: RunningGame;
let browser: Browser;

beforeAll(async () => {
  ({ run, browser } = await openBrowserGame());
});
afterAll(() => closeBrowserGame({ run, browser }));

async function hoverOver(page: Page, territoryId: string): Promise<{ name: string; owner: string }> {
  const at = await page.evaluate((id) => window.__DATAVISM__!.screenOf(id), territoryId);
  if (!at) throw new Error(`territory ${territoryId} is not on screen`);
  await page.mouse.move(at.x + 40, at.y + 40);
  await page.mouse.move(at.x, at.y, { steps: 3 });
  const card = page.getByTestId('hover-card');
  await card.waitFor({ timeout: 15_000 });
  return { name: (await page.getByTestId('hover-name').textContent()) ?? '', owner: (await page.getByTestId('hover-owner').textContent()) ?? '' };
}

/** The lit colour of a territory's top on screen now. */
async function hexColour(page: Page, territoryId: string) {
  await page.evaluate(() => window.__DATAVISM__!.invalidate());
  await page.waitForTimeout(400);
  const at = await page.evaluate((id) => window.__DATAVISM__!.screenOf(id), territoryId);
  if (!at) throw new Error('territory off screen');
  await page.mouse.move(5, 400); // no hover outline on it
  await page.waitForTimeout(300);
  const png = await page.screenshot();
  // A few pixels off the centre: the centre holds the avatars.
  return hueSat(await colourAt(page, png, at.x + 14, at.y + 4, 3));
}

describe('squads on the map, played in two browsers', () => {
  it('found, find and join a squad, claim a territory: both maps show it in the squad colour with the squad named', async () => {
    const ctxA = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: 'block' });
    const ctxB = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: 'block' });
    const a = await ctxA.newPage();
    const b = await ctxB.newPage();
    const pageErrors: string[] = [];
    for (const p of [a, b]) p.on('pageerror', (e) => pageErrors.push(e.message));
    const squadName = `Cell ${playerName('').slice(1, 7)}`;

    // A founds an elite (shadow) squad from the squad panel.
    const nameA = await signUp(a, run.url);
    await mapDrawn(a, true);
    await a.getByTestId('dock-squads').click();
    await a.getByTestId('squad-tabs-found').click();
    await a.getByTestId('squad-name').fill(squadName);
    await a.getByTestId('squad-type').selectOption('shadow');
    await a.getByTestId('squad-create-submit').click();
    await expect.poll(() => a.getByTestId('squad-name-heading').textContent(), { timeout: 20_000 }).toBe(squadName);

    // B finds it among the recruiting squads and joins.
    const nameB = await signUp(b, run.url);
    await mapDrawn(b, true);
    await b.getByTestId('dock-squads').click();
    await b.getByTestId(`squad-join-${squadName}`).click();
    await expect.poll(() => b.getByTestId('squad-name-heading').textContent(), { timeout: 20_000 }).toBe(squadName);

    // A third member over HTTP: the squad reaches the elite minimum of 3 and is active.
    const c = await registerPlayer(run.url);
    const listed = await api<{ squads: Array<{ id: string; name: string }> }>(run.url, 'GET', '/api/squads', undefined, c.token);
    const squadId = listed.body.squads.find((s) => s.name === squadName)!.id;
    expect((await api(run.url, 'POST', `/api/squads/${squadId}/join`, {}, c.token)).status).toBe(200);
    await expect.poll(() => a.getByTestId('squad-panel').textContent(), { timeout: 20_000 }).toContain('Active');
    await a.keyboard.press('Escape');
    await b.keyboard.press('Escape');

    // Both new players stand on the spawn territory. Hover names it; nobody holds it yet.
    const spawn = await a.evaluate(() => window.__DATAVISM__!.myTerritory());
    expect(spawn).toBeTruthy();
    expect(await b.evaluate(() => window.__DATAVISM__!.myTerritory())).toBe(spawn);
    const before = await hoverOver(a, spawn!);
    expect(before.owner).toBe('Nobody');
    const neutral = await hexColour(a, spawn!);

    // The two avatars on the one hex are drawn apart, each with its name tag.
    await waitFor(async () => (await b.evaluate(() => window.__DATAVISM__!.labels('avatar'))).length >= 2, 20_000, 'two name tags');
    const tags = await b.$$eval('[data-label="avatar"]', (els) => els.filter((e) => (e as HTMLElement).style.display !== 'none')
      .map((e) => ({ text: e.textContent ?? '', box: e.getBoundingClientRect().toJSON() as DOMRect })));
    expect(tags.map((t) => t.text).sort()).toEqual([nameA, `${nameB} (you)`].sort());
    expect(Math.hypot(tags[0].box.x - tags[1].box.x, tags[0].box.y - tags[1].box.y)).toBeGreaterThan(4);

    // A selects the hex on the map and claims it for the squad from the territory card.
    const at = await a.evaluate((id) => window.__DATAVISM__!.screenOf(id), spawn!);
    await a.mouse.click(at!.x, at!.y);
    await expect.poll(() => a.getByTestId('territory-name').textContent()).toBe(before.name);
    await a.getByTestId('claim-territory').click();
    await expect.poll(() => a.getByTestId('territory-holder').textContent(), { timeout: 20_000 }).toBe(squadName);
    await a.getByTestId('territory-panel').getByRole('button', { name: 'Close' }).click();

    // Both maps: the owner squad by name on hover and in the map key, the hex in the squad colour.
    // The only squad on the map: it has its colour to itself.
    const css = assignSquadColours([squadId]).get(squadId)!;
    const want = hueSat({ r: parseInt(css.slice(1, 3), 16), g: parseInt(css.slice(3, 5), 16), b: parseInt(css.slice(5, 7), 16) });
    for (const [page, label] of [[a, 'founder'], [b, 'member']] as const) {
      await expect.poll(async () => (await hoverOver(page, spawn!)).owner, { timeout: 20_000 }).toBe(squadName);
      // Under the first briefing a 1280×720 left column has no room for the whole key: it is folded.
      const unfold = page.getByRole('button', { name: 'Show the map key' });
      if (await unfold.count()) await unfold.click();
      await expect.poll(() => page.getByTestId(`legend-squad-${squadName}`).isVisible()).toBe(true);
      const held = await hexColour(page, spawn!);
      await artifact(page, `squad-claimed-${label}`);
      // The palette's pale slots (sky, lime) light to a saturation ~0.14 above the neutral hex,
      // the deep ones far more: the hue is what names the squad.
      expect(held.s).toBeGreaterThan(neutral.s + 0.08);
      expect(hueDistance(held.h, want.h)).toBeLessThan(35);
    }
    // Owners are names: no squad id anywhere on either page.
    for (const page of [a, b]) expect(await page.locator('body').textContent()).not.toContain(squadId);
    expect(pageErrors).toEqual([]);
    await ctxA.close();
    await ctxB.close();
  }, 150_000);
});
