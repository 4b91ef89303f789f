// Training threads in headless Chromium. Under web/serve.mjs (which sends the isolation headers)
// the page is cross-origin isolated and the Worker runs gan-worker-mt with the threads the page
// wants (?threads=N, or one fewer than cores, 1 to 4), and the numbers are those of one thread.
// Served without the headers, as GitHub Pages serves it, the page's service worker adds them after
// one reload; with service workers blocked, or one thread wanted, the page trains on one thread
// (gan-worker) and works as well.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, launchBrowser, openPage, waitFor, settledIteration } from './browser.mjs';

let isolatedSite, plainSite, browser;
before(async () => {
  isolatedSite = await startSite();
  plainSite = await startSite({ isolate: false });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  isolatedSite?.server.close();
  plainSite?.server.close();
});

const stats = (page) => page.evaluate(() => window.gan.stats());
const ready = (page) => waitFor(page, () => window.gan && window.gan.stats() && window.gan.stats().ready && !window.gan.stats().loading);
const workerModules = (page) => [...page.downloads.keys()].filter((u) => /gan-worker(-mt)?\.wasm$/.test(u)).map((u) => u.split('/').pop());

// Pauses at once, runs n steps and returns the losses: the same seed must give the same numbers.
async function lossesAfter(page, n) {
  await page.evaluate(() => window.gan.pause());
  await page.evaluate((k) => window.gan.step(k), n);
  const s = await stats(page);
  return { iteration: s.iteration, dLoss: s.dLoss, gLoss: s.gLoss, dReal: s.dReal, dFake: s.dFake };
}

const wantedByDefault = (cores) => (cores <= 1 ? 1 : Math.min(4, Math.max(2, cores - 1)));

test('isolated page: the Worker trains on threads, commands work, and the numbers are one thread\'s', async () => {
  const link = '?preset=book&seed=11&autostart=0';
  const { context, page, problems } = await openPage(browser, isolatedSite.url + link + '&threads=2');
  await ready(page);
  assert.equal(await page.evaluate(() => window.crossOriginIsolated), true);
  const expected = 2;
  assert.equal((await stats(page)).threads, expected);
  assert.deepEqual(workerModules(page), ['gan-worker-mt.wasm']);
  const threaded = await lossesAfter(page, 12);
  // Commands still reach it: resume trains on, pause stops.
  await page.evaluate(() => window.gan.resume());
  await waitFor(page, (n) => window.gan.stats().iteration > n + 3, threaded.iteration, 30000);
  await page.evaluate(() => window.gan.pause());
  const paused = await settledIteration(page);
  await page.waitForTimeout(600);
  assert.equal((await stats(page)).iteration, paused);
  assert.deepEqual(problems, []);
  await context.close();

  const one = await openPage(browser, isolatedSite.url + link + '&threads=1');
  await ready(one.page);
  assert.equal((await stats(one.page)).threads, 1);
  assert.deepEqual(workerModules(one.page), ['gan-worker.wasm']);
  const single = await lossesAfter(one.page, 12);
  console.log(`# ${expected} threads vs 1 at iteration ${single.iteration}: D ${threaded.dLoss} / ${single.dLoss}, G ${threaded.gLoss} / ${single.gLoss}`);
  assert.deepEqual(threaded, single, 'the same seed gives the same numbers on any number of threads');
  assert.deepEqual(one.problems, []);
  await one.context.close();

  // Without ?threads: one fewer than the cores the browser reports (its drawing keeps one), but two
  // on two cores, at most 4.
  const plain = await openPage(browser, isolatedSite.url + link);
  await ready(plain.page);
  const wanted = wantedByDefault(await plain.page.evaluate(() => navigator.hardwareConcurrency));
  assert.equal((await stats(plain.page)).threads, wanted);
  assert.deepEqual(workerModules(plain.page), [wanted > 1 ? 'gan-worker-mt.wasm' : 'gan-worker.wasm']);
  assert.deepEqual(plain.problems, []);
  await plain.context.close();
});

test('without the headers (as on GitHub Pages) the service worker isolates the page after one reload', async () => {
  const { context, page, problems } = await openPage(browser, plainSite.url + '?preset=book&seed=3&threads=2');
  await ready(page);
  assert.equal(await page.evaluate(() => window.crossOriginIsolated), true, 'isolated by isolation-sw.js');
  assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'the service worker controls the page');
  assert.equal((await stats(page)).threads, 2);
  await waitFor(page, () => window.gan.stats().iteration > 3, null, 30000);
  // A second visit in the same browser needs no reload: the service worker is already in charge.
  let loads = 0;
  page.on('load', () => ++loads);
  await page.goto(plainSite.url + '?preset=book&seed=4&threads=2');
  await ready(page);
  assert.equal(loads, 1, 'no reload on the second visit');
  assert.equal(await page.evaluate(() => window.crossOriginIsolated), true);
  assert.deepEqual(problems, []);
  await context.close();
});

test('without the headers and without service workers the page trains on one thread', async () => {
  const { context, page, problems } = await openPage(browser, plainSite.url + '?preset=book&seed=3&threads=2', { serviceWorkers: 'block' });
  await ready(page);
  assert.equal(await page.evaluate(() => window.crossOriginIsolated), false);
  assert.equal((await stats(page)).threads, 1);
  assert.deepEqual(workerModules(page), ['gan-worker.wasm']);
  await waitFor(page, () => window.gan.stats().iteration > 3, null, 30000);
  await page.evaluate(() => window.gan.pause());
  const paused = await settledIteration(page);
  await page.evaluate(() => window.gan.step(2));
  assert.equal((await stats(page)).iteration, paused + 2);
  assert.deepEqual(problems, []);
  await context.close();

  // One thread wanted (the default on two cores, or ?threads=1): no service worker, no reload.
  const one = await openPage(browser, plainSite.url + '?preset=book&seed=3&threads=1');
  await ready(one.page);
  assert.equal(await one.page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
  assert.equal((await stats(one.page)).threads, 1);
  assert.deepEqual(one.problems, []);
  await one.context.close();
});
