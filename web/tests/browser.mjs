// Shared set-up for the end-to-end tests: the built site served on loopback under a sub-path, and
// Debian's Chromium launched headless through playwright-core (no browser is ever downloaded).
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const siteDir = process.env.GAN_SITE_DIR || join(here, '..', '..', 'build', 'web', 'site');
export const artifactsDir = join(here, 'artifacts');
mkdirSync(artifactsDir, { recursive: true });

export const BASE = '/mnist-gan/';  // served from a sub-path, as on a GitHub Pages project site

// isolate: false serves without the cross-origin isolation headers, as GitHub Pages does.
export async function startSite({ isolate = true } = {}) {
  const server = await serve({ dir: siteDir, port: 0, base: BASE, isolate });
  return { server, url: `http://127.0.0.1:${server.address().port}${BASE}` };
}

// One test file's site and browser, started before its tests and closed after them:
//   let site, browser;
//   before(async () => ({ site, browser } = await openSiteAndBrowser()));
//   after(() => closeSiteAndBrowser(site, browser));
export async function openSiteAndBrowser(options) {
  return { site: await startSite(options), browser: await launchBrowser() };
}
export async function closeSiteAndBrowser(site, browser) {
  await browser?.close();
  site?.server.close();
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless=new', '--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
      '--disable-quic',
    ],  // playwright gives every launch a fresh, empty profile of its own
  });
}

// Opens a page and collects its console errors and failed requests.
export async function openPage(browser, url, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('pageerror', (e) => problems.push('pageerror: ' + e.message));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`); });
  // Every response body, the training Worker's included (Resource Timing in the page does not see those).
  page.downloads = new Map();
  page.on('requestfinished', async (r) => {
    try { page.downloads.set(r.url(), (await r.sizes()).responseBodySize); } catch { /* the page closed */ }
  });
  if (options.beforeLoad) await options.beforeLoad(page);
  await page.goto(url);
  return { context, page, problems };
}

export async function waitFor(page, predicate, arg, timeout = 60000) {
  await page.waitForFunction(predicate, arg, { timeout, polling: 100 });
}

// The iteration a paused run stopped at: an iteration in flight when the pause came ends first, and
// the Worker's update saying so follows (5 frames were not always enough on a loaded machine).
export async function settledIteration(page) {
  let last = -1;
  for (let tries = 0; tries < 40; ++tries) {
    const iteration = await page.evaluate(() => window.gan.stats().iteration);
    if (iteration === last) return iteration;
    last = iteration;
    await page.waitForTimeout(250);
  }
  throw new Error('the iteration count did not settle after a pause');
}

// Distinct grey levels and spread of a PNG screenshot, measured by the browser itself.
export async function imageStats(page, png) {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    const levels = new Set();
    let sum = 0, sq = 0;
    for (let i = 0; i < d.length; i += 4) {
      const v = (d[i] + d[i + 1] + d[i + 2]) / 3;
      levels.add(Math.round(v));
      sum += v; sq += v * v;
    }
    const n = d.length / 4, mean = sum / n;
    return { levels: levels.size, std: Math.sqrt(sq / n - mean * mean) };
  }, png.toString('base64'));
}

// Bytes the page has downloaded so far (document and every resource, the Worker's too): the larger
// of the page's Resource Timing sum and the bodies of every finished request, by URL.
export async function downloadedBytes(page) {
  const timing = await page.evaluate(() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
    .reduce((sum, e) => sum + (e.encodedBodySize || 0), 0));
  const seen = [...(page.downloads || new Map()).values()].reduce((a, b) => a + b, 0);
  return Math.max(timing, seen);
}

// A few of the app's frames (ImGui sees an input on the frame after it happened).
export const frames = (page, n = 3) => page.evaluate((k) => new Promise((done) => {
  const next = () => (k-- > 0 ? requestAnimationFrame(next) : done());
  next();
}), n);

// Picks a preset in the dashboard's preset combo (the real widget) and waits until the page runs it.
export async function pickPreset(page, name) {
  const combo = await widget(page, 'preset');
  await click(page, combo.cx, combo.cy);
  const item = await widget(page, 'preset: ' + name);
  await click(page, item.cx, item.cy);
  await waitFor(page, (n) => window.gan.stats().preset === n, name, 10000);
}

// A widget once the layout has settled: the page's tick (every 250 ms) may still fold the
// explanation panel and resize the canvas after a change, which moves every widget.
export async function settledWidget(page, name) {
  let before = await widget(page, name);
  for (let tries = 0; tries < 20; ++tries) {
    await page.waitForTimeout(300);
    await frames(page, 2);
    const now = await widget(page, name);
    if (now.x === before.x && now.y === before.y && now.w === before.w && now.h === before.h) return now;
    before = now;
  }
  return before;
}

// A dashboard widget's rectangle in page coordinates (from gan.widgetRect), with its centre.
export async function widget(page, name) {
  await waitFor(page, (n) => window.gan.widgetRect(n) !== null, name, 20000);
  const r = await page.evaluate((n) => window.gan.widgetRect(n), name);
  const box = await page.locator('#canvas').boundingBox();
  const x = box.x + r.x, y = box.y + r.y;
  return { x, y, w: r.w, h: r.h, cx: x + r.w / 2, cy: y + r.h / 2 };
}

// Presses and releases over a few frames: ImGui 1.86 reads key and button state once per frame.
export async function click(page, x, y) {
  await page.mouse.move(x, y);
  await frames(page, 2);
  await page.mouse.down();
  await frames(page, 2);
  await page.mouse.up();
  await frames(page, 3);
}
export async function press(page, key) {
  await page.keyboard.down(key);
  await frames(page, 2);
  await page.keyboard.up(key);
  await frames(page, 3);
}
