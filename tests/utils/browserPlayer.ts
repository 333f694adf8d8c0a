/**
 * Playing one registered player in a browser page: sign in through the login form, open a dock
 * panel, read the HUD's balances as numbers. Shared by the browser tests that play two players.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';

export interface PlayerPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors the page threw (a test expects none). */
  errors: string[];
}

/** A fresh browser context (own storage, no service worker) signed in as `name`. */
export async function openPlayerPage(browser: Browser, url: string, name: string, password: string, path = ''): Promise<PlayerPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, url, name, password);
  if (path) await page.goto(`${url}${path}`);
  return { context, page, errors };
}

/** Signs in through the login form and waits for the game screen (the HUD's rank). */
export async function signIn(page: Page, url: string, name: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('login-name').fill(name);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login').click();
  await page.getByTestId('hud-rank').waitFor({ timeout: 45_000 });
}

/** Opens a feature panel from the dock and waits for its drawer. */
export async function openPanel(page: Page, id: string): Promise<void> {
  await page.getByTestId(`dock-${id}`).click();
  await page.getByTestId(`panel-${id}`).waitFor({ state: 'visible', timeout: 20_000 });
}

/** A HUD balance as shown ("1,234" → 1234). */
export async function hudBalance(page: Page, resource: string): Promise<number> {
  const text = (await page.getByTestId(`balance-${resource}`).locator('.balance-value').textContent()) ?? '';
  return Number(text.replace(/,/g, ''));
}
