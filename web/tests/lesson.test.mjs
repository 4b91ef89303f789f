// End-to-end tests of what a teacher does with the page: the dashboard's own widgets clicked where
// they are drawn (their rectangles come from gan.widgetRect), the keyboard and the wheel, the HTML
// buttons, links that reopen a run, and the page staying responsive and honest when things go wrong.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSiteAndBrowser, closeSiteAndBrowser, openPage, waitFor, frames, widget, click, press, pickPreset } from './browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));

let site, browser;
before(async () => ({ site, browser } = await openSiteAndBrowser()));
after(() => closeSiteAndBrowser(site, browser));

const stats = (page) => page.evaluate(() => window.gan.stats());
const state = (page) => page.evaluate(() => window.gan.state());
const ready = (page) => waitFor(page, () => window.gan && window.gan.stats() && !window.gan.stats().loading);



test('learning-rate sliders: a click gives a rate inside the range, a small drag a modest change', async () => {
  const { context, page, problems } = await openPage(browser, site.url + '?autostart=0');
  await ready(page);
  const d = await widget(page, 'd_lr slider');
  await click(page, d.cx, d.cy);
  const dLr = (await state(page)).d_lr;
  // The slider spans the table's range, 1e-8 .. 10, over the exponent: its middle is about 3e-4.
  assert.ok(dLr > 1e-5 && dLr < 1e-2, `d_lr after a click in the middle: ${dLr}`);
  assert.notEqual(dLr, 10);

  const g = await widget(page, 'g_lr slider');
  await page.mouse.move(g.cx, g.cy);
  await frames(page, 2);
  await page.mouse.down();
  await frames(page, 3);
  const pressed = (await state(page)).g_lr;
  await page.mouse.move(g.cx + 12, g.cy, { steps: 4 });
  await frames(page, 3);
  await page.mouse.up();
  await frames(page, 3);
  const dragged = (await state(page)).g_lr;
  const factor = dragged / pressed;
  console.log(`# slider: click -> d_lr ${dLr}; g_lr ${pressed} -> ${dragged} after a 12 px drag (x${factor.toFixed(2)})`);
  assert.ok(dragged <= 10 && dragged >= 1e-8, `g_lr stays in range: ${dragged}`);
  assert.ok(factor > 1.1 && factor < 20, `a 12 px drag changes g_lr by x${factor}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('number box: a typed value applies on Enter, exactly, and out-of-range values are clamped', async () => {
  const { context, page, problems } = await openPage(browser, site.url + '?autostart=0');
  await ready(page);
  const box = await widget(page, 'g_lr box');
  await click(page, box.cx, box.cy);  // the whole text is selected, so typing replaces it
  await page.keyboard.type('5e-7');
  await frames(page, 3);
  assert.equal((await state(page)).g_lr, Math.fround(6e-4), 'nothing applies while typing');  // swift's rate
  await press(page, 'Enter');
  assert.equal((await state(page)).g_lr, Math.fround(5e-7));

  const d = await widget(page, 'd_lr box');
  await click(page, d.cx, d.cy);
  await page.keyboard.type('50');
  await press(page, 'Enter');
  assert.equal((await state(page)).d_lr, 10);
  assert.match((await stats(page)).notice, /d_lr = 50 is outside 1e-08\.\.10; set to 10/);

  // Tabbing out of the dashboard ends the edit as clicking away does.
  await click(page, box.cx, box.cy);
  await page.keyboard.type('2e-5');
  await page.keyboard.press('Tab');
  await frames(page, 3);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'play');
  assert.equal((await state(page)).g_lr, Math.fround(2e-5));

  // From script, a number goes through as a number.
  assert.equal(await page.evaluate(() => window.gan.setParam('g_lr', 3.5e-6)), true);
  assert.equal((await state(page)).g_lr, Math.fround(3.5e-6));
  assert.deepEqual(problems, []);
  await context.close();
});

test('Reset, new seed draws distinct random seeds', async () => {
  const { context, page, problems } = await openPage(browser, site.url + '?autostart=0');
  await ready(page);
  const button = await widget(page, 'Reset, new seed');
  const seeds = [(await stats(page)).seed];
  for (let i = 0; i < 5; ++i) {
    await click(page, button.cx, button.cy);
    await waitFor(page, (old) => window.gan.stats().seed !== old, seeds[seeds.length - 1], 5000);
    seeds.push((await stats(page)).seed);
  }
  await page.click('#new-seed');  // the HTML button does the same
  await waitFor(page, (old) => window.gan.stats().seed !== old, seeds[seeds.length - 1], 5000);
  seeds.push((await stats(page)).seed);
  console.log(`# seeds: ${seeds.join(', ')}`);
  const fresh = seeds.slice(1);
  assert.equal(new Set(fresh).size, fresh.length);
  for (const s of fresh) {
    assert.ok(Number.isSafeInteger(s) && s >= 0, `seed ${s} is a whole number below 2^53`);
    assert.notEqual(s % 100000, 0, `seed ${s} looks like a rounded clock`);
  }
  assert.ok(fresh.some((s) => s > 2 ** 32), 'seeds use more than 32 bits');
  assert.deepEqual(problems, []);
  await context.close();
});

test('keyboard: Tab leaves the canvas for the buttons; arrows and Page Down scroll the page', async () => {
  const { context, page, problems } = await openPage(browser, site.url + '?autostart=0');
  await ready(page);
  const active = () => page.evaluate(() => document.activeElement.id || document.activeElement.tagName);
  // Tab from the top of the page reaches the canvas, and clicking it focuses it too.
  await page.keyboard.press('Tab');
  assert.equal(await active(), 'canvas');
  const play = await widget(page, 'Play');
  await page.evaluate(() => document.activeElement.blur());
  await click(page, play.x + play.w + 400, play.y - 20 > 0 ? play.y - 20 : play.y);  // empty space on the dashboard
  assert.equal(await active(), 'canvas');
  await page.keyboard.press('Tab');
  assert.equal(await active(), 'play');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await active(), 'canvas');
  // Keys the dashboard does not need scroll the page, from the canvas and from the page itself.
  const scrollY = () => page.evaluate(() => window.scrollY);
  await page.keyboard.press('PageDown');
  await waitFor(page, () => window.scrollY > 0, undefined, 5000);
  await page.evaluate(() => {
    window.scrollTo(0, 0);
    document.activeElement.blur();
    window.prevented = [];
    window.addEventListener('keydown', (e) => setTimeout(() => window.prevented.push(e.defaultPrevented)));
  });
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('PageDown');
  await waitFor(page, () => window.scrollY > 0, undefined, 5000);
  // Each key's verdict is recorded from a timeout after it: wait for both (on a loaded machine the
  // page could scroll before the second timeout ran).
  await waitFor(page, () => window.prevented.length >= 2, undefined, 5000);
  assert.deepEqual(await page.evaluate(() => window.prevented), [false, false]);
  console.log(`# keyboard: page scrolled to ${await scrollY()} px`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the wheel over the canvas scrolls the page', async () => {
  const { context, page, problems } = await openPage(browser, site.url + '?autostart=0');
  await ready(page);
  for (const name of ['Play', 'g_lr slider']) {  // the side panel; the plots and images are beside it
    const w = await widget(page, name);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.mouse.move(w.cx, w.cy);
    await frames(page, 2);
    await page.mouse.wheel(0, 300);
    await waitFor(page, () => window.scrollY > 0, undefined, 5000);
  }
  const box = await page.locator('#canvas').boundingBox();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.4);
  await frames(page, 2);
  await page.mouse.wheel(0, 300);
  await waitFor(page, () => window.scrollY > 0, undefined, 5000);
  // With every setting shown the side panel scrolls: there the wheel is the dashboard's until the
  // panel's end, then the page's again.
  await page.evaluate(() => window.scrollTo(0, 0));
  for (const name of ['More settings', 'Network shape']) {
    const header = await widget(page, name);
    await click(page, header.cx, header.cy);
  }
  const play = await widget(page, 'Play');
  await page.mouse.move(play.x + 300, play.y + 100);
  await frames(page, 2);
  await page.mouse.wheel(0, 200);
  await waitFor(page, (y) => window.gan.widgetRect('Play').y < y, play.y - box.y, 5000);
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'the panel scrolled, not the page');
  for (let k = 0; k < 30 && (await page.evaluate(() => window.scrollY)) === 0; ++k) {
    await page.mouse.wheel(0, 400);
    await frames(page, 2);
  }
  assert.ok(await page.evaluate(() => window.scrollY) > 0, 'at the panel\'s end the page scrolls');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a missing fashion.gds shows a notice and the digits run goes on', async () => {
  const { context, page, problems } = await openPage(browser, site.url + '?preset=fast', {
    beforeLoad: (p) => p.route('**/assets/fashion.gds', (r) => r.fulfill({ status: 404, body: 'not found' })),
  });
  await ready(page);
  await waitFor(page, () => window.gan.stats().iteration >= 2, undefined, 60000);
  const combo = await widget(page, 'dataset');
  await click(page, combo.cx, combo.cy);
  const item = await widget(page, 'dataset: clothing');
  await click(page, item.cx, item.cy);
  await waitFor(page, () => /clothing/.test(window.gan.stats().notice), undefined, 20000);
  const s1 = await stats(page);
  assert.match(s1.notice, /404/);
  assert.match(s1.notice, /still training on digits/);
  assert.equal(s1.dataset, 'digits');
  assert.equal(s1.error, '');
  assert.equal(await page.locator('#error').isVisible(), false);
  await waitFor(page, (n) => window.gan.stats().iteration > n, s1.iteration, 30000);
  // The notice is also in the spoken summary (within its update interval).
  await waitFor(page, () => /clothing/.test(document.getElementById('summary').textContent), undefined, 8000);
  assert.deepEqual(problems.filter((p) => !/fashion\.gds|404/.test(p)), []);
  await context.close();
});

test('Step x100 runs over frames: the page keeps drawing and shows progress', async () => {
  const { context, page, problems } = await openPage(browser, site.url + '?autostart=0&preset=fast');
  await ready(page);
  const count = await widget(page, 'iterations per Step');
  await click(page, count.x + count.w - 2, count.cy);  // the right end: 100
  const step = await widget(page, 'Step');
  await page.mouse.move(step.cx, step.cy);
  await frames(page, 2);
  // Count animation frames while the steps run: a blocked tab would give none.
  const watch = page.evaluate(() => new Promise((done) => {
    const t0 = performance.now();
    let n = 0, last = t0, gap = 0;
    const tick = (t) => {
      n++; gap = Math.max(gap, t - last); last = t;
      if (t - t0 < 3000) requestAnimationFrame(tick); else done({ frames: n, maxGap: gap });
    };
    requestAnimationFrame(tick);
  }));
  await page.mouse.down();
  await frames(page, 2);
  await page.mouse.up();
  await waitFor(page, () => window.gan.stats().pendingSteps > 0 || window.gan.stats().iteration > 0, undefined, 5000);
  const queued = await stats(page);
  const seen = await watch;
  const after = await stats(page);
  console.log(`# Step x100: ${seen.frames} frames in 3 s (longest gap ${Math.round(seen.maxGap)} ms); ` +
              `iteration ${after.iteration}, ${after.pendingSteps} still queued`);
  assert.ok(queued.pendingSteps + queued.iteration === 100, `100 iterations queued: ${JSON.stringify(queued)}`);
  assert.ok(seen.frames >= 6 && seen.maxGap < 1500, `frames kept coming: ${JSON.stringify(seen)}`);
  assert.ok(after.iteration > 0 && after.iteration + after.pendingSteps === 100);
  assert.equal(after.running, false);
  await page.evaluate(() => window.gan.reset());  // empties the queue
  assert.equal((await stats(page)).pendingSteps, 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a notice does not move the controls', async () => {
  const { context, page, problems } = await openPage(browser, site.url + '?autostart=0');
  await ready(page);
  const names = ['Play', 'Step', 'Reset', 'g_lr slider', 'dataset'];
  const before = await Promise.all(names.map((n) => widget(page, n)));
  assert.equal(await page.evaluate(() => window.gan.setParam('d_lr', '-3')), false);  // refused, with a long notice
  await frames(page, 3);
  assert.match((await stats(page)).notice, /d_lr/);
  const during = await Promise.all(names.map((n) => widget(page, n)));
  assert.deepEqual(during, before);
  const dismiss = await widget(page, 'dismiss');
  await click(page, dismiss.cx, dismiss.cy);
  assert.equal((await stats(page)).notice, '');
  assert.deepEqual(await Promise.all(names.map((n) => widget(page, n))), before);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a copied link reopens the same run: same settings, same losses', async () => {
  const { context, page, problems } = await openPage(browser, site.url + '?autostart=0&preset=fast');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await ready(page);
  await page.evaluate(() => { window.gan.newSeed(); window.gan.setParam('g_lr', 3.5e-6); window.gan.setParam('real_label', 0.8); });
  const original = await state(page);
  // The address bar follows the settings.
  await waitFor(page, () => new URLSearchParams(location.search).get('g_lr') === '3.5e-6', undefined, 5000);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('seed'), String(original.seed));
  assert.equal(url.searchParams.get('autostart'), '0', 'other parameters stay');
  await page.click('#copy-link');
  await waitFor(page, () => /copied/i.test(document.getElementById('link-status').textContent), undefined, 5000);
  const link = await page.evaluate(() => navigator.clipboard.readText());
  console.log(`# link: ${link}`);
  const q = new URL(link).searchParams;
  assert.deepEqual([...q.keys()].sort(), ['dataset', 'g_lr', 'preset', 'real_label', 'seed']);
  assert.equal(q.get('preset'), 'fast');

  const runs = [];
  for (let k = 0; k < 2; ++k) {
    const other = await openPage(browser, link + '&autostart=0');
    await ready(other.page);
    assert.deepEqual(await state(other.page), original);
    await other.page.evaluate(() => window.gan.step(3));
    runs.push(await stats(other.page));
    assert.deepEqual(other.problems, []);
    await other.context.close();
  }
  assert.equal(runs[0].iteration, 3);
  assert.equal(runs[1].iteration, 3);
  for (const key of ['dLoss', 'gLoss', 'dReal', 'dFake']) assert.equal(runs[1][key], runs[0][key], key);
  // The state holds every table parameter as a number, under its table name.
  for (const key of ['batch', 'd_lr', 'g_lr', 'd_beta1', 'real_label', 'fake_label', 'g_ema', 'd_hidden', 'd_steps'])
    assert.equal(typeof original[key], 'number', key);
  assert.deepEqual(problems, []);
  await context.close();
});

test('HTML buttons and the spoken summary work without the canvas', async () => {
  const { context, page, problems } = await openPage(browser, site.url + '?autostart=0&preset=fast');
  // The label, checked every frame from the moment the app exists: a paused page never says Pause
  // (index.html's placeholder for a page still loading), not for a single frame.
  const firstLabel = await page.waitForFunction(
    () => window.gan && window.gan.stats() && document.getElementById('play').textContent, undefined, { timeout: 60000, polling: 'raf' });
  assert.equal(await firstLabel.jsonValue(), 'Play');
  await ready(page);
  assert.equal(await page.locator('#play').textContent(), 'Play');
  await page.click('#step');
  await waitFor(page, () => window.gan.stats().iteration === 1, undefined, 20000);
  await page.click('#play');
  await waitFor(page, () => window.gan.stats().running && document.getElementById('play').textContent === 'Pause', undefined, 5000);
  await waitFor(page, () => /^Iteration \d+/.test(document.getElementById('summary').textContent), undefined, 10000);
  const summary = await page.locator('#summary').textContent();
  console.log(`# summary: ${summary}`);
  assert.match(summary, /Discriminator loss \d\.\d\d, generator loss \d\.\d\d/);
  await page.click('#play');
  await waitFor(page, () => !window.gan.stats().running, undefined, 5000);
  await page.click('#reset');
  await waitFor(page, () => window.gan.stats().iteration === 0, undefined, 5000);
  assert.equal(await page.locator('#summary').getAttribute('aria-live'), 'polite');
  assert.deepEqual(problems, []);
  await context.close();
});

// fixtures/digits-900.gds: the first 900 bundled digits, written back by the core's
// serialize_dataset (900 < the judge's 1,000-image hold-out).
test('a dataset smaller than the judge\'s hold-out trains', async () => {
  const fixture = readFileSync(join(here, 'fixtures', 'digits-900.gds'));
  const { context, page, problems } = await openPage(browser, site.url + '?preset=fast', {
    beforeLoad: (p) => p.route('**/assets/digits.gds', (r) => r.fulfill({ status: 200, body: fixture })),
  });
  await ready(page);
  await waitFor(page, () => window.gan.stats().iteration >= 10, undefined, 60000);
  const s = await stats(page);
  assert.equal(s.error, '');
  assert.equal(s.epoch >= 1, true, `9 iterations make an epoch of 900 images: ${s.epoch}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('benchmark sizes from the URL are clamped, with a notice', async () => {
  const { context, page, problems } = await openPage(browser, site.url + '?bench=1&preset=book&iterations=2000000000&reps=1');
  await waitFor(page, () => window.ganBenchResult, undefined, 120000);
  const result = await page.evaluate(() => window.ganBenchResult);
  assert.equal(result.iterations, 50);
  assert.equal(result.reps, 1);
  assert.match((await stats(page)).notice, /iterations 2000000000 is outside 1\.\.50/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('lessons: picking one in the preset list (the real widget) runs it and shows what to watch for', async () => {
  const { context, page, problems } = await openPage(browser, site.url + '?autostart=0&seed=3');
  await ready(page);
  await pickPreset(page, 'collapse');
  const watch = await widget(page, 'watch for');
  assert.ok(watch.h > 0 && watch.w > 0, 'the watch-for text is drawn');
  const s = await stats(page);
  assert.equal(s.seed, 3, 'the seed is kept');
  assert.equal((await state(page)).preset, 'collapse');
  // The textbook recipe names its source; every preset has a text to watch for.
  await page.evaluate(() => window.gan.setPreset('book'));
  await waitFor(page, () => window.gan.stats().preset === 'book', undefined, 10000);
  assert.ok((await widget(page, 'watch for')).h > 0);
  // In presenter mode the text stays beside the digits.
  await page.evaluate(() => window.gan.setPresent(true));
  await waitFor(page, () => window.gan.view().layout === 'present', undefined, 10000);
  assert.ok((await widget(page, 'watch for')).h > 0);
  assert.deepEqual(problems, []);
  await context.close();
});
