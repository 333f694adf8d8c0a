/**
 * The profile/codex panel in a real browser shows a player's real numbers (GAME §1, §5): influence
 * with its multiplier, rank and progress, the five dimensions, a badge, the codex with its secret
 * entries [CLASSIFIED] and the live share of players holding each badge; another player's public
 * profile and an endorsement. Screenshot in tests/browser/artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { grantAchievement, type Db } from '@datavism/db';
import { influence } from '@datavism/rules';
import type { RunningGame } from '../utils/game';
import { closeBrowserGame, openBrowserGame } from '../utils/browserGame';
import { registerPlayer } from '../utils/http';
import { signIn as signInAs } from '../utils/browserPlayer';
import { artifact } from '../utils/play';

let run: RunningGame;
let db: Db;
let browser: Browser;

beforeAll(async () => {
  ({ run, db, browser } = await openBrowserGame());
});
afterAll(() => closeBrowserGame({ run, browser }));

async function signIn(page: Page, name: string, password: string): Promise<void> {
  await signInAs(page, run.url, name, password);
  await page.getByTestId('dock-profile').waitFor({ state: 'visible', timeout: 20_000 });
}

describe('the profile and codex panel', () => {
  it('shows the player\'s real numbers, badges and the codex; looks up and endorses another player', async () => {
    const me = await registerPlayer(run.url);
    const other = await registerPlayer(run.url);
    const rep = { technicalMastery: 1200, truthScore: 800, impactRating: 1500, teachingHonor: 0, artisticVision: 100 };
    await db.execute(`UPDATE players SET technical_mastery = 1200, truth_score = 800, impact_rating = 1500, artistic_vision = 100,
      first_blood = true WHERE id = '${me.player.id}'`);
    await grantAchievement(db, me.player.id, 'boss_slayer');
    // Two more players: the codex's share of holders is the live one (1 of 4: 25 %), not the
    // daily job's last figure (it ran at boot, before anyone held anything: 0 %).
    await registerPlayer(run.url);
    await registerPlayer(run.url);
    expect(Number(((await db.execute('SELECT count(*) AS n FROM players')) as unknown as { rows: { n: unknown }[] }).rows[0].n)).toBe(4);
    const expected = Math.floor(influence(rep, { firstBlood: true })); // (300 + 200 + 450 + 10) × 1.5 = 1440 → Warrior

    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signIn(page, me.name, me.password);
    await page.getByTestId('dock-profile').click();
    const panel = page.getByTestId('progression-panel');
    await expect.poll(() => panel.getByTestId('profile-influence').textContent(), { timeout: 20_000 }).toBe(expected.toLocaleString('en-US'));
    expect(await panel.getByTestId('profile-rank').textContent()).toBe('Warrior');
    expect(await panel.getByTestId('profile-dim-impactRating').textContent()).toBe('1500');
    expect(await panel.getByTestId('profile-dim-technicalMastery').textContent()).toBe('1200');
    expect(await panel.getByTestId('profile-combat').textContent()).toBe(String(10 + Math.floor(expected / 100)));
    expect(await panel.getByText('×1.5 first blood').count()).toBe(1);
    expect(await panel.getByTestId('badge-boss_slayer').textContent()).toBe('Boss Slayer');
    expect(await panel.getByTestId('badge-boss_slayer').getAttribute('title')).toBe('rare, held by 25 % of players');
    // Rank progress: Warrior (1000) → Commander (5000).
    expect(await panel.getByTestId('profile-rank-progress').textContent()).toContain(`${(5000 - expected).toLocaleString('en-US')} influence to Commander`);
    expect(await panel.getByTestId('profile-next-unlocks').textContent()).toContain('Next at influence 5000');

    await page.getByTestId('progression-tabs-codex').click();
    const codex = panel.getByTestId('codex');
    await codex.waitFor({ state: 'visible' });
    expect(await codex.locator('tbody tr').count()).toBe(12);
    expect(await panel.getByTestId('codex-boss_slayer').textContent()).toBe('★ Boss Slayer');
    const heldBy = (id: string) => codex.locator('tbody tr').filter({ has: page.getByTestId(`codex-${id}`) }).locator('td').last().textContent();
    expect(await heldBy('boss_slayer')).toBe('25 %');
    expect(await heldBy('speed_demon')).toBe('0 %');
    await artifact(page, 'progression-codex');
    expect(await panel.getByText('[CLASSIFIED]').count()).toBeGreaterThanOrEqual(2);
    expect(await panel.innerText()).not.toContain('The Revelation');

    // Another player's public profile, and an endorsement (+10 impact rating).
    await page.getByTestId('progression-tabs-players').click();
    await panel.getByTestId('profile-lookup').fill(other.name);
    await panel.getByRole('button', { name: 'Show' }).click();
    const theirs = panel.getByTestId('profile-player');
    await theirs.waitFor({ state: 'visible', timeout: 10_000 });
    await panel.getByTestId('endorse-form').locator('select').selectOption('impactRating');
    await panel.getByRole('button', { name: `Endorse ${other.name}` }).click();
    await expect.poll(() => theirs.getByTestId('profile-dim-impactRating').textContent(), { timeout: 10_000 }).toBe('10');
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
