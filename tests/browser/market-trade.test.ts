/**
 * A crossing trade on the spot market, played in two browsers (GAME §4.1): a seller rests two
 * asks through the Market panel, a buyer's limit buy crosses the best one; both pages' order
 * book and trade tape show it live, and both HUDs move by the exact amounts — the maker's
 * credits by price × size, the taker's by price × size plus the 2 % taker fee (rounded up).
 * Screenshots in tests/browser/artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@datavism/db';
import { defaultParameters, takerFee } from '@datavism/rules';
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

/** The visible rows of a table as arrays of cell texts. */
async function rows(page: Page, testId: string): Promise<string[][]> {
  return page.getByTestId(testId).locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => (td.textContent ?? '').trim())));
}

/** The ladder as "side price size" strings, asks first (as drawn: highest ask on top). */
async function ladder(page: Page): Promise<string[]> {
  return (await rows(page, 'market-ladder')).map(([bid, price, ask]) => (bid ? `bid ${price} ${bid}` : ask ? `ask ${price} ${ask}` : price));
}

/** The tape as "price size" strings, newest first. */
async function tape(page: Page): Promise<string[]> {
  return (await rows(page, 'market-tape')).map(([price, size]) => (size === undefined ? price : `${price} ${size}`));
}

async function placeOrder(page: Page, side: 'Buy' | 'Sell', price: number, size: number): Promise<void> {
  const entry = page.getByTestId('market-entry');
  await entry.getByRole('tab', { name: new RegExp(`^${side} `) }).click();
  await entry.getByLabel('Price (credits each)').fill(String(price));
  await entry.getByLabel(/^Size/).fill(String(size));
  await entry.getByRole('button', { name: `Place ${side.toLowerCase()} order` }).click();
}

describe('the spot market, played in two browsers', () => {
  it('a crossing buy trades against a resting ask: depth, tape and both HUDs show it with the exact fee', async () => {
    const seller = await registerPlayer(run.url);
    const buyer = await registerPlayer(run.url);
    // What a player could not get quickly: CPU cycles to sell, credits to buy with (from the mint).
    await fund(db, seller.player.id, { cpu_cycles: 100n });
    await fund(db, buyer.player.id, { resistance_credits: 1000n });

    const s = await openPlayerPage(browser, run.url, seller.name, seller.password);
    const b = await openPlayerPage(browser, run.url, buyer.name, buyer.password);
    for (const { page } of [s, b]) {
      await openPanel(page, 'market');
      await page.getByTestId('market-ladder').waitFor({ state: 'visible', timeout: 30_000 });
      expect(await page.getByTestId('market-ladder').innerText()).toContain('The book is empty');
      expect(await page.getByTestId('market-tape').innerText()).toContain('No trades yet.');
    }
    const feeBps = defaultParameters().market_taker_fee_bps;
    expect(await b.page.getByTestId('market-panel').innerText()).toContain(`Taker fee ${(feeBps / 100).toFixed(2)} %`);

    // The seller rests two asks: 10 at 12 and 5 at 13. Their CPU cycles go into escrow.
    await expect.poll(() => hudBalance(s.page, 'cpu_cycles'), { timeout: 20_000 }).toBeGreaterThanOrEqual(100);
    const sellerCpu = await hudBalance(s.page, 'cpu_cycles');
    const sellerCredits = await hudBalance(s.page, 'resistance_credits');
    await placeOrder(s.page, 'Sell', 12, 10);
    await expect.poll(() => s.page.getByTestId('market-entry').getByRole('status').textContent(), { timeout: 15_000 })
      .toBe('Nothing traded yet; 10 rest on the book at 12.');
    await placeOrder(s.page, 'Sell', 13, 5);
    await expect.poll(() => s.page.getByTestId('market-entry').getByRole('status').textContent(), { timeout: 15_000 })
      .toBe('Nothing traded yet; 5 rest on the book at 13.');
    await expect.poll(() => hudBalance(s.page, 'cpu_cycles'), { timeout: 15_000 }).toBe(sellerCpu - 15);

    // Both books show the two asks live (the buyer's page did nothing to refresh).
    for (const { page } of [s, b]) await expect.poll(() => ladder(page), { timeout: 15_000 }).toEqual(['ask 13 5', 'ask 12 10']);
    await artifact(b.page, 'market-asks-resting-buyer');

    // The buyer crosses the best ask with a limit buy of 10 at 12: the preview says what it costs.
    await expect.poll(() => hudBalance(b.page, 'resistance_credits'), { timeout: 20_000 }).toBeGreaterThanOrEqual(1000);
    const buyerCredits = await hudBalance(b.page, 'resistance_credits');
    const buyerCpu = await hudBalance(b.page, 'cpu_cycles');
    const notional = 12 * 10;
    const fee = Number(takerFee(BigInt(notional), feeBps)); // 120 × 2 % = 2.4 → 3 (rounded up)
    expect(fee).toBe(3);
    const entry = b.page.getByTestId('market-entry');
    await entry.getByRole('tab', { name: /^Buy / }).click();
    await entry.getByLabel('Price (credits each)').fill('12');
    await entry.getByLabel(/^Size/).fill('10');
    await expect.poll(() => b.page.getByTestId('market-preview').textContent())
      .toBe(`Trades 10 now for ${notional} credits (avg 12.00), fee ${fee} credits.`);
    await entry.getByRole('button', { name: 'Place buy order' }).click();
    await expect.poll(() => entry.getByRole('status').textContent(), { timeout: 15_000 }).toBe('Bought 10 CPU cycles in 1 fill.');

    // Both pages: the tape shows the trade (12 × 10), the book keeps only the 13 ask.
    for (const { page } of [s, b]) {
      await expect.poll(() => tape(page), { timeout: 15_000 }).toEqual(['12 10']);
      await expect.poll(() => ladder(page), { timeout: 15_000 }).toEqual(['ask 13 5']);
    }
    await expect.poll(() => s.page.getByTestId('market-entry').getByRole('status').textContent(), { timeout: 15_000 })
      .toBe('One of your orders was filled.');

    // The HUDs: the buyer paid 120 + 3 and holds 10 more CPU cycles; the seller got 120 (makers pay no fee).
    await expect.poll(() => hudBalance(b.page, 'resistance_credits'), { timeout: 15_000 }).toBe(buyerCredits - notional - fee);
    await expect.poll(() => hudBalance(b.page, 'cpu_cycles'), { timeout: 15_000 }).toBe(buyerCpu + 10);
    await expect.poll(() => hudBalance(s.page, 'resistance_credits'), { timeout: 15_000 }).toBe(sellerCredits + notional);
    expect(await hudBalance(s.page, 'cpu_cycles')).toBe(sellerCpu - 15);
    // The seller's open orders: only the 13 ask, untouched.
    expect(await rows(s.page, 'market-my-orders')).toEqual([['Sell', '13', '5 / 5', 'Cancel']]);
    await artifact(s.page, 'market-trade-seller');
    await artifact(b.page, 'market-trade-buyer');

    expect([...s.errors, ...b.errors]).toEqual([]);
    await s.context.close();
    await b.context.close();
  }, 120_000);
});
