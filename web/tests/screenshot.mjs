// Takes the README's screenshot: the page after some training, in headless Chromium.
//   node web/tests/screenshot.mjs [ITERATIONS] [OUT.png] [present]   (defaults: 3000, docs/screenshot.png)
// `present`: presenter mode in a 1920×1080 window (docs/screenshot-presenter.png), else the dashboard at 1280×820.
// Training runs through window.gan.step() in slices, then the page runs live for a few seconds so
// the curves, the judge and the grid are current.
import { join } from 'node:path';
import { startSite, launchBrowser, openPage, waitFor } from './browser.mjs';

const iterations = Number(process.argv[2] || 3000);
const out = process.argv[3] || join(import.meta.dirname ?? '.', '..', '..', 'docs', 'screenshot.png');
const present = process.argv[4] === 'present';
const site = await startSite();
const browser = await launchBrowser();
try {
  const { page } = await openPage(browser, site.url + '?autostart=0' + (present ? '&present=1' : ''),
    { viewport: present ? { width: 1920, height: 1080 } : { width: 1280, height: 820 } });
  await waitFor(page, () => window.gan && window.gan.stats() && !window.gan.stats().loading);
  page.setDefaultTimeout(600000);
  while ((await page.evaluate(() => window.gan.stats().iteration)) < iterations) {
    await page.evaluate((n) => window.gan.step(n), Math.min(100, iterations - (await page.evaluate(() => window.gan.stats().iteration))));
  }
  await page.evaluate(() => window.gan.resume());
  await page.waitForTimeout(8000);
  await page.locator('#canvas').screenshot({ path: out });
  console.log(`wrote ${out}: ${JSON.stringify(await page.evaluate(() => window.gan.stats()))}`);
} finally {
  await browser.close();
  site.server.close();
}
