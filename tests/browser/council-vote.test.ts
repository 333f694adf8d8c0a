/**
 * A vote in the council chamber, played in two browsers (GAME §7.1, §7.2): one player proposes
 * through the Council panel (the 100 influence-point deposit leaves the HUD), the other sees the
 * proposal arrive without a reload and votes; both pages show the weighted tally move live, and a
 * changed vote moves it again (one vote per player, changeable until close). New players weigh
 * 1.00 each: 1 + log10(0 + 1). Screenshots in tests/browser/artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Db } from '@datavism/db';
import { defaultParameters, voteWeight } from '@datavism/rules';
import type { RunningGame } from '../utils/game';
import { closeBrowserGame, openBrowserGame } from '../utils/browserGame';
import { registerPlayer } from '../utils/http';
import { fund } from '../utils/market';
import { artifact } from '../utils/play';
import { hudBalance, openPanel, openPlayerPage } from '../utils/browserPlayer';

let run: RunningGame;
let db: Db;
let browser: Browser;

beforeAll(async () => {
  ({ run, db, browser } = await openBrowserGame());
});
afterAll(() => closeBrowserGame({ run, browser }));

function card(page: Page, title: string): Locator {
  return page.getByTestId('proposal').filter({ hasText: title });
}

/** The tally line of a proposal card as drawn ("yes 1.00 · no 0.00 (1 voter; 50.0 % yes needed)"). */
async function tally(page: Page, title: string): Promise<string> {
  return (await card(page, title).getByText(/^yes /).textContent()) ?? '';
}

describe('the council, played in two browsers', () => {
  it('a proposal made in the panel reaches another player live; votes and a changed vote move both tallies', async () => {
    const proposer = await registerPlayer(run.url);
    const voter = await registerPlayer(run.url);
    const deposit = defaultParameters().proposal_deposit_influence_points;
    await fund(db, proposer.player.id, { influence_points: BigInt(deposit) }); // soul-bound: earned by mentoring, seeded here
    const weight = voteWeight({ influence: 0, daysActive: 0, contributionScore: 0 });
    expect(weight).toBe(1);

    const p = await openPlayerPage(browser, run.url, proposer.name, proposer.password);
    const v = await openPlayerPage(browser, run.url, voter.name, voter.password);
    for (const { page } of [p, v]) {
      await openPanel(page, 'council');
      await expect.poll(() => page.getByTestId('my-weight').textContent(), { timeout: 30_000 }).toBe(weight.toFixed(2));
    }
    expect(await v.page.getByTestId('council-panel').innerText()).toContain('No proposals yet.');

    // The proposer writes a feature proposal; the deposit leaves the HUD.
    await expect.poll(() => hudBalance(p.page, 'influence_points'), { timeout: 20_000 }).toBe(deposit);
    const title = `Open the archive of district ${proposer.name.slice(-4)}`;
    await p.page.getByTestId('council-tabs-propose').click();
    const form = p.page.getByTestId('proposal-create');
    await form.getByLabel('Title').fill(title);
    await form.getByLabel('Why').fill('Every resistant should read what the Control filed on them.');
    await form.getByRole('button', { name: 'Propose' }).click();
    await expect.poll(() => hudBalance(p.page, 'influence_points'), { timeout: 20_000 }).toBe(0);
    await p.page.getByTestId('council-tabs-proposals').click();

    // The voter's open panel shows it without a reload: who proposed it, nobody has voted.
    const fresh = `yes 0.00 · no 0.00 (0 voters; 50.0 % yes needed)`;
    await expect.poll(() => tally(v.page, title), { timeout: 20_000 }).toBe(fresh);
    expect(await card(v.page, title).innerText()).toContain(`Feature · proposed by ${proposer.name}`);
    expect(await v.page.getByTestId('council-tabs-proposals').innerText()).toContain('1'); // the open-proposals badge

    // The voter says yes: both pages' tallies move.
    await card(v.page, title).getByRole('button', { name: 'Yes' }).click();
    const oneYes = `yes ${weight.toFixed(2)} · no 0.00 (1 voter; 50.0 % yes needed)`;
    for (const { page } of [v, p]) await expect.poll(() => tally(page, title), { timeout: 15_000 }).toBe(oneYes);
    await expect.poll(() => card(v.page, title).getByRole('button', { name: 'Yes' }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => card(p.page, title).getByRole('progressbar', { name: 'Yes share of the weight cast' }).getAttribute('aria-valuenow')).toBe('100');
    await artifact(p.page, 'council-one-yes-proposer');

    // The proposer says no: one each.
    await card(p.page, title).getByRole('button', { name: 'No' }).click();
    const split = `yes ${weight.toFixed(2)} · no ${weight.toFixed(2)} (2 voters; 50.0 % yes needed)`;
    for (const { page } of [p, v]) await expect.poll(() => tally(page, title), { timeout: 15_000 }).toBe(split);
    await expect.poll(() => card(v.page, title).getByRole('progressbar', { name: 'Yes share of the weight cast' }).getAttribute('aria-valuenow')).toBe('50');

    // The voter changes their mind: still two voters, both weights on no.
    await card(v.page, title).getByRole('button', { name: 'No' }).click();
    const allNo = `yes 0.00 · no ${(2 * weight).toFixed(2)} (2 voters; 50.0 % yes needed)`;
    for (const { page } of [v, p]) await expect.poll(() => tally(page, title), { timeout: 15_000 }).toBe(allNo);
    await expect.poll(() => card(v.page, title).getByRole('button', { name: 'No' }).getAttribute('aria-pressed')).toBe('true');
    expect(await card(v.page, title).getByRole('button', { name: 'Yes' }).getAttribute('aria-pressed')).toBe('false');
    await expect.poll(() => card(v.page, title).getByRole('progressbar', { name: 'Yes share of the weight cast' }).getAttribute('aria-valuenow')).toBe('0');
    await v.page.waitForTimeout(500); // the bar's width transition, for the screenshot only
    await artifact(v.page, 'council-changed-vote-voter');

    expect([...p.errors, ...v.errors]).toEqual([]);
    await p.context.close();
    await v.context.close();
  }, 120_000);
});
