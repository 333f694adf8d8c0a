/**
 * Helpers for browser tests that play the game: sign up through the login form, wait for the
 * map to be drawn, read the renderer's own counters, look at pixels of the canvas, keep
 * screenshots as artifacts (tests/browser/artifacts/, ignored by git).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { playerName, repoRoot, waitFor } from './env';

/** What the client exposes for tests (apps/client/src/scene/DebugHooks.tsx). */
export type { DebugFigures as ClientDebug } from '../../apps/client/src/scene/debugFigures';

export const ARTIFACTS = path.join(repoRoot, 'tests/browser/artifacts');
export { BUILT_CLIENT as CLIENT_DIST } from './browserGame';

/** Saves a full-page screenshot as tests/browser/artifacts/<name>.png. */
export async function artifact(page: Page, name: string): Promise<Buffer> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

/** Registers a new player through the login form; resolves once the HUD shows the rank. */
export async function signUp(page: Page, url: string, name = playerName('web')): Promise<string> {
  await page.goto(url);
  await page.getByTestId('login-name').fill(name);
  await page.getByTestId('login-password').fill('browser password 1');
  await page.getByTestId('register').click();
  await page.getByTestId('hud-rank').waitFor({ timeout: 45_000 });
  return name;
}

/** Waits until the scene has drawn a frame with the whole map (and my avatar when `withMe`). */
export async function mapDrawn(page: Page, withMe = false, timeoutMs = 45_000): Promise<void> {
  await page.waitForFunction((me) => {
    const d = window.__DATAVISM__;
    return Boolean(d && d.mapRenderedAt !== null && d.territories > 0 && (!me || d.myTerritory()));
  }, withMe, { timeout: timeoutMs });
}

/** Draws one fresh frame and returns the renderer's counters for it (`gl.info.render`). */
export async function renderCounters(page: Page): Promise<{ calls: number; triangles: number; lines: number; frame: number }> {
  const before = await page.evaluate(() => window.__DATAVISM__!.render().frame);
  // The counters are read before each frame: two frames after asking, they describe a full frame.
  return waitFor(async () => page.evaluate((f) => {
    window.__DATAVISM__!.invalidate();
    const r = window.__DATAVISM__!.render();
    return r.frame >= f + 2 ? r : null;
  }, before), 30_000, 'two fresh frames');
}

/** Waits for the camera to rest at a distance in [min, max]. */
export async function cameraAt(page: Page, min: number, max: number): Promise<{ x: number; z: number; distance: number }> {
  return waitFor(async () => {
    const v = await page.evaluate(() => window.__DATAVISM__!.view());
    return v.distance >= min && v.distance <= max ? v : null;
  }, 30_000, `camera distance in [${min}, ${max}]`);
}

export interface PixelStats {
  /** Distinct colours among the sampled pixels. */
  colours: number;
  /** Share of the most frequent colour (1 = one flat colour). */
  dominantShare: number;
}

/** Decodes a PNG in the page (the browser has a decoder) and summarises its colours. */
export async function pixelStats(page: Page, png: Buffer): Promise<PixelStats> {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    const counts = new Map<number, number>();
    let n = 0;
    for (let i = 0; i < data.length; i += 4 * 5) {
      const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
      counts.set(key, (counts.get(key) ?? 0) + 1);
      n++;
    }
    return { colours: counts.size, dominantShare: Math.max(...counts.values()) / n };
  }, png.toString('base64'));
}

/** The RGBA bytes of the square of side 2·radius+1 around (x, y) of a page screenshot (decoded by the page). */
export async function squarePixels(page: Page, png: Buffer, x: number, y: number, radius: number): Promise<number[]> {
  return page.evaluate(async ({ b64, x, y, radius }) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    return Array.from(ctx.getImageData(Math.round(x) - radius, Math.round(y) - radius, radius * 2 + 1, radius * 2 + 1).data);
  }, { b64: png.toString('base64'), x, y, radius });
}

/** The average colour (r, g, b 0..255) of a small square around (x, y) of a page screenshot. */
export async function colourAt(page: Page, png: Buffer, x: number, y: number, radius = 3): Promise<{ r: number; g: number; b: number }> {
  const d = await squarePixels(page, png, x, y, radius);
  let r = 0, g = 0, b = 0;
  for (let i = 0; i < d.length; i += 4) { r += d[i]; g += d[i + 1]; b += d[i + 2]; }
  const k = d.length / 4;
  return { r: r / k, g: g / k, b: b / k };
}

/** Hue (degrees) and saturation (0..1) of an sRGB colour. */
export function hueSat(c: { r: number; g: number; b: number }): { h: number; s: number } {
  const r = c.r / 255, g = c.g / 255, b = c.b / 255;
  const max = Math.max(r, g, b), min = Math.min(r, g, b);
  const d = max - min;
  const l = (max + min) / 2;
  const s = d === 0 ? 0 : d / (1 - Math.abs(2 * l - 1));
  let h = 0;
  if (d !== 0) {
    if (max === r) h = 60 * (((g - b) / d) % 6);
    else if (max === g) h = 60 * ((b - r) / d + 2);
    else h = 60 * ((r - g) / d + 4);
  }
  return { h: (h + 360) % 360, s };
}

/** Smallest angle between two hues. */
export function hueDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % 360;
  return d > 180 ? 360 - d : d;
}
