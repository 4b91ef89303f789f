// End-to-end tests of the demo page in real (headless) Chromium against the locally served build.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSiteAndBrowser, closeSiteAndBrowser, openPage, waitFor, imageStats, artifactsDir, downloadedBytes } from './browser.mjs';

let site, browser;
before(async () => ({ site, browser } = await openSiteAndBrowser()));
after(() => closeSiteAndBrowser(site, browser));

const stats = (page) => page.evaluate(() => window.gan.stats());
const ready = (page) => waitFor(page, () => window.gan && window.gan.stats() && !window.gan.stats().loading);

test('the page loads, trains, draws, and has no console errors', async () => {
  const { context, page, problems } = await openPage(browser, site.url);
  await ready(page);
  await waitFor(page, () => window.gan.stats().iteration >= 3, undefined, 90000);
  const s1 = await stats(page);
  assert.equal(s1.preset, 'swift');
  assert.equal(s1.dataset, 'digits');
  assert.equal(s1.running, true);
  await page.waitForTimeout(2500);
  const s2 = await stats(page);
  assert.ok(s2.iteration > s1.iteration, `iteration advanced ${s1.iteration} -> ${s2.iteration}`);
  const shot = await page.locator('#canvas').screenshot();
  writeFileSync(join(artifactsDir, 'demo.png'), shot);
  await page.screenshot({ path: join(artifactsDir, 'page.png'), fullPage: false });
  const img = await imageStats(page, shot);
  assert.ok(img.levels > 30 && img.std > 10, `canvas is not blank: ${JSON.stringify(img)}`);
  assert.equal(await page.locator('#error').isVisible(), false);
  assert.deepEqual(problems, []);
  const timings = await page.evaluate(() => window.ganTimings);
  const bytes = { total: await downloadedBytes(page) };
  console.log(`# downloaded ${(bytes.total / 1e6).toFixed(2)} MB; runtime ready ${Math.round(timings.runtimeReady)} ms, ` +
              `first iteration ${Math.round(timings.workerFirstIteration)} ms after navigation in the Worker, ` +
              `${Math.round(timings.firstIteration)} ms on the dashboard; ${s2.itsPerSec.toFixed(2)} it/s, ${s2.fps.toFixed(1)} fps`);
  assert.ok(bytes.total <= 4e6, `page downloads ${bytes.total} bytes (budget 4 MB)`);
  await context.close();
});

test('pause stops the counter, resume restarts it, step runs exact iterations', async () => {
  const { context, page, problems } = await openPage(browser, site.url);
  await ready(page);
  await waitFor(page, () => window.gan.stats().iteration >= 1, undefined, 90000);
  await page.evaluate(() => window.gan.pause());
  await page.waitForTimeout(300);  // a frame in flight may finish its iteration
  const paused = await stats(page);
  assert.equal(paused.running, false);
  await page.waitForTimeout(1500);
  assert.equal((await stats(page)).iteration, paused.iteration);
  await page.evaluate(() => window.gan.step(2));  // resolves once both have run (over frames)
  assert.equal((await stats(page)).iteration, paused.iteration + 2);
  await page.evaluate(() => window.gan.resume());
  await waitFor(page, (n) => window.gan.stats().iteration > n, paused.iteration + 2, 30000);
  assert.deepEqual(problems, []);
  await context.close();
});

test('URL parameters set preset, seed, dataset and autostart', async () => {
  const { context, page, problems } = await openPage(browser, site.url + '?preset=fast&seed=42&dataset=fashion&autostart=0');
  await ready(page);
  const s = await stats(page);
  assert.equal(s.preset, 'fast');
  assert.equal(s.seed, 42);
  assert.equal(s.dataset, 'fashion');
  assert.equal(s.running, false);
  await page.waitForTimeout(1000);
  assert.equal((await stats(page)).iteration, 0);
  // The same seed gives the same losses: two single steps after resets with seed 42 agree.
  await page.evaluate(() => window.gan.step(1));
  const first = await stats(page);
  // Texts follow the dataset, and the judge does not pretend to read images of noise.
  assert.equal(await page.locator('#goal').textContent(), 'learns to draw clothing');
  await waitFor(page, () => window.gan.stats().judgedAt === 1, undefined, 20000);
  assert.match((await stats(page)).verdict, /^not yet readable/);
  await page.evaluate(() => { window.gan.reset(42); return window.gan.step(1); });
  const again = await stats(page);
  assert.equal(again.iteration, 1);
  assert.equal(again.dLoss, first.dLoss);
  assert.equal(again.gLoss, first.gLoss);
  // Switching presets and datasets from script.
  assert.equal(await page.evaluate(() => window.gan.setPreset('book')), true);
  assert.equal(await page.evaluate(() => window.gan.setPreset('nonsense')), false);
  assert.equal((await stats(page)).preset, 'book');
  assert.equal(await page.evaluate(() => window.gan.setParam('d_lr', '-3')), false);
  assert.equal(await page.evaluate(() => window.gan.setParam('d_lr', '0.02')), true);
  assert.equal((await stats(page)).preset, 'book*');
  assert.deepEqual(problems, []);
  await context.close();
});

test('odd URL parameters fall back to defaults instead of breaking the page', async () => {
  const { context, page, problems } = await openPage(browser, site.url +
    '?preset=%3Cb%3E&seed=-5&dataset=cats&autostart=maybe&g_lr=abc&d_lr=50&batch=2.5&utm_source=x');
  await ready(page);
  const s = await stats(page);
  assert.equal(s.preset, 'swift');
  assert.equal(s.seed, 1);
  assert.equal(s.dataset, 'digits');
  assert.equal(s.error, '');
  // Table parameters with odd values keep the preset's value, and the notice says why.
  const state = await page.evaluate(() => window.gan.state());
  assert.equal(state.g_lr, Math.fround(6e-4));
  assert.equal(state.d_lr, Math.fround(6e-4));
  assert.equal(state.batch, 64);  // the swift preset's
  for (const word of ['g_lr', 'd_lr', 'batch', 'utm_source', 'cats']) assert.match(s.notice, new RegExp(word));
  assert.deepEqual(problems, []);
  await context.close();
});

test('a missing data file shows a clear message', async () => {
  const { context, page } = await openPage(browser, site.url, {
    beforeLoad: (p) => p.route('**/assets/digits.gds', (r) => r.fulfill({ status: 404, body: 'not found' })),
  });
  await page.locator('#error').waitFor({ state: 'visible', timeout: 30000 });
  const text = await page.locator('#error-text').textContent();
  assert.match(text, /digits\.gds/);
  assert.match(text, /404/);
  // The Worker never starts a run, so the dashboard starts after its wait instead, and runs.
  await waitFor(page, () => window.ganTimings.runtimeReady > 0, null, 30000);
  const t = await page.evaluate(() => window.ganTimings);
  assert.equal(t.workerStarted, undefined);
  assert.ok(t.dashboardStart - t.downloaded >= 2900, JSON.stringify(t));
  await context.close();
});

test('a corrupt data file shows a clear message', async () => {
  const { context, page } = await openPage(browser, site.url, {
    beforeLoad: (p) => p.route('**/assets/digits.gds', (r) => r.fulfill({ status: 200, body: Buffer.alloc(5000, 7) })),
  });
  await page.locator('#error').waitFor({ state: 'visible', timeout: 60000 });
  const text = await page.locator('#error-text').textContent();
  assert.match(text, /not a dataset file/);
  await context.close();
});

test('a browser without WebGL 2 gets an explanation, not a blank page', async () => {
  const { context, page } = await openPage(browser, site.url, {
    beforeLoad: (p) => p.addInitScript(() => {
      const original = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
        return kind === 'webgl2' ? null : original.call(this, kind, ...rest);
      };
    }),
  });
  await page.locator('#error').waitFor({ state: 'visible', timeout: 10000 });
  assert.match(await page.locator('#error-text').textContent(), /WebGL 2/);
  await context.close();
});

test('works on a phone-sized touch screen', async () => {
  const { context, page, problems } = await openPage(browser, site.url + '?autostart=0', {
    viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2,
  });
  await ready(page);
  const box = await page.locator('#canvas').boundingBox();
  assert.ok(box.width <= 390 && box.width > 300);
  // The Play button sits at the top left of the single-column layout: tap it with a finger.
  await page.waitForTimeout(500);
  assert.equal((await stats(page)).running, false);
  await page.touchscreen.tap(box.x + 30, box.y + 16);
  await waitFor(page, () => window.gan.stats().running === true, undefined, 10000);
  writeFileSync(join(artifactsDir, 'phone.png'), await page.locator('#canvas').screenshot());
  // The dashboard is as tall as its content, so a vertical swipe scrolls the page, even one that
  // starts on a button (which is then not pressed: Reset would send the iteration back to 0).
  assert.ok(box.height > 844, `the canvas holds the whole dashboard: ${box.height} px`);
  await waitFor(page, () => window.gan.stats().iteration >= 1, undefined, 60000);
  const reset = await page.evaluate(() => window.gan.widgetRect('Reset'));
  const x = box.x + reset.x + reset.w / 2, y = box.y + reset.y + reset.h / 2;
  const cdp = await context.newCDPSession(page);
  const touch = (type, dy) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: dy === undefined ? [] : [{ x, y: y - dy }] });
  await touch('touchStart', 0);
  for (let k = 1; k <= 12; ++k) await touch('touchMove', 10 * k);
  await touch('touchEnd');
  await waitFor(page, () => window.scrollY > 0, undefined, 5000);
  await page.waitForTimeout(500);
  const after = await stats(page);
  console.log(`# phone: canvas ${Math.round(box.height)} px tall; a swipe scrolled the page ${await page.evaluate(() => window.scrollY)} px`);
  assert.ok(after.iteration >= 1 && after.running, `the swipe pressed nothing: ${JSON.stringify(after)}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('benchmark mode reports iterations per second as JSON', async () => {
  for (const preset of ['book', 'swift']) {
    const { context, page, problems } = await openPage(browser, site.url + `?bench=1&preset=${preset}&iterations=8&reps=3`);
    await waitFor(page, () => window.ganBenchResult, undefined, 120000);
    const result = await page.evaluate(() => window.ganBenchResult);
    assert.equal(result.preset, preset);
    assert.ok(result.its_per_s > 0);
    assert.match(await page.locator('#bench-result').textContent(), /"its_per_s"/);
    console.log(`# browser benchmark ${preset}: ${result.its_per_s.toFixed(2)} it/s (min ${result.min.toFixed(2)}, max ${result.max.toFixed(2)})`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('gan.samples and gan.generate give the displayed generator\'s images; stats report frames and threads', async () => {
  const { context, page, problems } = await openPage(browser, site.url + '?seed=5');
  await ready(page);
  await waitFor(page, () => window.gan.stats().iteration >= 2, undefined, 90000);
  await page.evaluate(() => window.gan.pause());
  const r = await page.evaluate(async () => {
    const a = await window.gan.samples(3), b = await window.gan.samples(3);
    const z = new Float32Array(2 * 256).map((_, i) => Math.sin(i) * 0.9);
    const g1 = await window.gan.generate(z), g2 = await window.gan.generate(z);
    const z1 = await window.gan.generate(z.subarray(0, 256));
    const s = window.gan.stats();
    return {
      aLen: a.length, aType: a.constructor.name, fresh: a.some((v, i) => v !== b[i]),
      gLen: g1.length, same: g1.every((v, i) => v === g2[i]), firstOfTwo: z1.every((v, i) => v === g1[i]),
      spread: Math.max(...g1) - Math.min(...g1), bad: await window.gan.generate(new Float32Array(100)),
      worst: s.worstFrameMs, threads: s.threads,
    };
  });
  assert.equal(r.aLen, 3 * 784);
  assert.equal(r.aType, 'Uint8Array');
  assert.ok(r.fresh, 'each samples() call draws fresh noise');
  assert.equal(r.gLen, 2 * 784);
  assert.ok(r.same, 'the same z gives the same images');
  assert.ok(r.firstOfTwo, 'an image depends on its own z only');
  assert.ok(r.spread > 50, `images are not flat (${r.spread})`);
  assert.equal(r.bad, null, 'a z whose length is not a multiple of 256 is refused');
  assert.ok(r.worst > 0 && Number.isFinite(r.worst), `worstFrameMs ${r.worst}`);
  // Isolated by serve.mjs: one thread fewer than cores (the drawing keeps one), two on two cores, at most 4.
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  assert.equal(r.threads, cores <= 1 ? 1 : Math.min(4, Math.max(2, cores - 1)));
  // Paused and untouched, nothing on the dashboard changes: its loop runs, but (almost) no frame is
  // drawn. Training changes it about ten times a second (the Worker's updates), and those are drawn.
  await page.waitForTimeout(2500);  // the meters cover a whole second after the pause settled
  const idle = await page.evaluate(() => window.gan.stats());
  assert.ok(idle.fps > 10, `paused: the loop runs (${idle.fps} fps)`);
  assert.ok(idle.drawnFps <= 2, `paused: ${idle.drawnFps} frames drawn per second`);
  await page.evaluate(() => window.gan.resume());
  await page.waitForTimeout(2500);
  const busy = await page.evaluate(() => window.gan.stats());
  assert.ok(busy.drawnFps >= 3 && busy.drawnFps <= busy.fps + 0.5, `training: ${busy.drawnFps} of ${busy.fps} frames drawn`);
  console.log(`# frames run / drawn per second: paused ${idle.fps.toFixed(0)} / ${idle.drawnFps.toFixed(1)}, training ${busy.fps.toFixed(0)} / ${busy.drawnFps.toFixed(1)}`);
  assert.deepEqual(problems, []);
  await context.close();
});
