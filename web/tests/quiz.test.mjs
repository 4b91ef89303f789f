// A lesson's two games, played through the real widgets in headless Chromium, on a 1280×800 screen
// with the mouse and on a 390×844 phone with taps. Spot the fake: the quiz button opens a round of
// 16 tiles; clicks mark tiles, Check scores the marks (the score agrees with the truth revealed per
// tile, which stays hidden before Check) and New round draws another. The same in presenter mode on
// 1280×800, 1366×768, 1920×1080 (tiles large enough for a projector, everything in the window) and
// the phone. Latent walk: two taps on the grid start a walk whose ten images run from one grid digit
// to the other (its ends are the grid's tiles, pixel for pixel), refreshed as training goes on,
// until "clear".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSiteAndBrowser, closeSiteAndBrowser, openPage, waitFor, widget, click, frames, artifactsDir } from './browser.mjs';

let site, browser;
before(async () => ({ site, browser } = await openSiteAndBrowser()));
after(() => closeSiteAndBrowser(site, browser));

const ready = (page) => waitFor(page, () => window.gan && window.gan.stats() && window.gan.stats().ready && !window.gan.stats().loading);
const quiz = (page) => page.evaluate(() => window.gan.quiz());
const walk = (page) => page.evaluate(() => {
  const w = window.gan.walk();
  return { from: w.from, to: w.to, images: w.images.map((im) => Array.from(im)) };
});

const screens = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 },
};

// Presses a widget as the device would: a mouse click, or on the phone a tap once the page has
// scrolled the widget into view (the phone's dashboard is taller than the screen).
async function press(page, name, at = (w) => [w.cx, w.cy]) {
  let w = await widget(page, name);
  if (!page.touch) {
    await click(page, ...at(w));
    return;
  }
  const [, y] = at(w);
  if (y < 80 || y > 844 - 80) {
    await page.evaluate((dy) => window.scrollBy(0, dy), y - 400);
    await frames(page, 4);
    w = await widget(page, name);
  }
  await page.touchscreen.tap(...at(w));
  await frames(page, 4);
}

// The grid's tile k: the texture is 10 tiles of 28 px with 1 px between and around them (291 px).
const gridTile = (k) => (g) => [g.x + ((1 + (k % 10) * 29 + 14) / 291) * g.w, g.y + ((1 + Math.floor(k / 10) * 29 + 14) / 291) * g.h];

// Spot the fake in presenter mode: the round in the grid's place, tiles at least `tile` px.
const presenterScreens = {
  '1280×800': { options: { viewport: { width: 1280, height: 800 } }, tile: 110 },
  '1366×768': { options: { viewport: { width: 1366, height: 768 } }, tile: 100 },
  '1920×1080': { options: { viewport: { width: 1920, height: 1080 } }, tile: 180 },  // a projector: across a room
  phone: { options: screens.phone, tile: 75 },
};
for (const [device, { options, tile }] of Object.entries(presenterScreens)) {
  test(`spot the fake in presenter mode on ${device}: large tiles, marked by ${options.hasTouch ? 'taps' : 'clicks'}, Check, New round`, async () => {
    const { context, page, problems } = await openPage(browser, site.url + '?preset=fast&seed=13&present=1', options);
    page.touch = !!options.hasTouch;
    await ready(page);
    await waitFor(page, () => window.gan.view().layout === 'present', undefined, 5000);
    await press(page, 'Spot the fake');
    await waitFor(page, () => window.gan.quiz().open && window.gan.quiz().tiles === 16 && window.gan.widgetRect('quiz tile 15'), undefined, 20000);
    assert.equal((await page.evaluate(() => window.gan.view())).layout, 'present', 'still presenter mode');
    assert.equal(await page.evaluate(() => window.gan.widgetRect('grid')), null, 'the round takes the grid\'s place');
    const vp = options.viewport;
    const tiles = [];
    for (let k = 0; k < 16; ++k) tiles.push(await widget(page, `quiz tile ${k}`));
    const smallest = Math.min(...tiles.map((t) => Math.min(t.w, t.h)));
    console.log(`# presenter quiz on ${device}: tiles ${Math.round(smallest)} px`);
    assert.ok(smallest >= tile, `tiles of ${smallest} px (at least ${tile})`);
    const within = (r) => r.x >= 0 && r.x + r.w <= vp.width + 0.5 && (page.touch || (r.y >= 0 && r.y + r.h <= vp.height + 0.5));
    for (const name of ['Check', 'New round', 'Close quiz']) {
      const r = await widget(page, name);
      assert.ok(within(r), `${name} in the window: ${JSON.stringify(r)}`);
    }
    assert.ok(tiles.every(within), 'every tile in the window');

    const marked = [1, 4, 9, 14];
    for (const k of marked) await press(page, `quiz tile ${k}`);
    let q = await quiz(page);
    assert.deepEqual(q.marked, Array.from({ length: 16 }, (_, k) => marked.includes(k)));
    await press(page, 'Check');
    await waitFor(page, () => window.gan.quiz().checked, undefined, 5000);
    q = await quiz(page);
    assert.equal(q.found, marked.filter((k) => q.fake[k]).length);
    assert.equal(q.falseAlarms, marked.filter((k) => !q.fake[k]).length);
    assert.ok(within(await widget(page, 'quiz result')), 'the score is in the window');
    await page.screenshot({ path: join(artifactsDir, `quiz-presenter-${device.replace('×', 'x')}.png`) });

    await press(page, 'New round');
    await waitFor(page, () => !window.gan.quiz().checked && !window.gan.quiz().waiting && window.gan.quiz().tiles === 16, undefined, 20000);
    assert.deepEqual((await quiz(page)).marked, Array(16).fill(false));
    await press(page, 'Close quiz');
    await waitFor(page, () => !window.gan.quiz().open, undefined, 5000);
    await widget(page, 'grid');  // the presenter's grid is back
    assert.equal((await page.evaluate(() => window.gan.view())).layout, 'present');
    assert.deepEqual(problems, []);
    await context.close();
  });
}

for (const [device, options] of Object.entries(screens)) {
  test(`spot the fake on the ${device}: mark tiles, Check scores them and reveals the truth, New round starts over`, async () => {
    const { context, page, problems } = await openPage(browser, site.url + '?preset=fast&seed=11', options);
    page.touch = !!options.hasTouch;
    await ready(page);
    await waitFor(page, () => window.gan.stats().iteration >= 20, undefined, 60000);
    assert.equal((await quiz(page)).open, false);
    await press(page, 'Spot the fake');
    await waitFor(page, () => window.gan.quiz().open && window.gan.quiz().tiles === 16, undefined, 20000);
    let q = await quiz(page);
    assert.equal(q.fakes, 8);
    assert.equal(q.checked, false);
    assert.equal(q.fake, undefined, 'the truth is not told before Check');
    assert.equal(q.scores, undefined);
    assert.deepEqual(q.marked, Array(16).fill(false));

    const picks = [0, 3, 5, 6, 10, 15];
    for (const k of picks) await press(page, `quiz tile ${k}`);
    await press(page, 'quiz tile 6');  // a second click takes the mark away
    const marked = picks.filter((k) => k !== 6);
    q = await quiz(page);
    assert.deepEqual(q.marked, Array.from({ length: 16 }, (_, k) => marked.includes(k)));
    writeFileSync(join(artifactsDir, `quiz-${device}-marked.png`), await page.screenshot());

    await press(page, 'Check');
    await waitFor(page, () => window.gan.quiz().checked, undefined, 5000);
    q = await quiz(page);
    assert.equal(q.fake.length, 16);
    assert.equal(q.fake.filter(Boolean).length, 8);
    assert.ok(q.scores.every((p) => p >= 0 && p <= 1), 'D\'s probabilities are shown');
    const found = marked.filter((k) => q.fake[k]).length, falseAlarms = marked.filter((k) => !q.fake[k]).length;
    assert.equal(q.found, found);
    assert.equal(q.falseAlarms, falseAlarms);
    console.log(`# ${device}: marked ${marked.length}, found ${q.found} of 8 fakes, ${q.falseAlarms} real marked fake`);
    await widget(page, 'quiz result');  // the score is on screen
    writeFileSync(join(artifactsDir, `quiz-${device}-checked.png`), await page.screenshot());
    await press(page, 'quiz tile 1');  // after Check the marks stay as they were
    assert.deepEqual((await quiz(page)).marked, q.marked);

    await press(page, 'New round');
    await waitFor(page, () => !window.gan.quiz().checked && !window.gan.quiz().waiting && window.gan.quiz().tiles === 16, undefined, 20000);
    q = await quiz(page);
    assert.deepEqual(q.marked, Array(16).fill(false));
    assert.equal(q.fake, undefined);
    await press(page, 'Close quiz');
    await waitFor(page, () => !window.gan.quiz().open, undefined, 5000);
    await widget(page, 'grid');  // the dashboard is back
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`latent walk on the ${device}: two taps on the grid, ten images between them, live, then clear`, async () => {
    const { context, page, problems } = await openPage(browser, site.url + '?preset=fast&seed=12', options);
    page.touch = !!options.hasTouch;
    await ready(page);
    await waitFor(page, () => window.gan.stats().iteration >= 20, undefined, 60000);
    await page.evaluate(() => window.gan.pause());
    await frames(page, 10);
    assert.deepEqual(await walk(page), { from: -1, to: -1, images: [] });
    const [from, to] = [12, 87];
    await press(page, 'grid', gridTile(from));
    await press(page, 'grid', gridTile(from));  // the same digit again: unpicked
    await press(page, 'grid', gridTile(from));
    await frames(page, 5);
    assert.equal((await walk(page)).from, -1, 'one digit picked: no walk yet');
    await press(page, 'grid', gridTile(to));
    await waitFor(page, () => window.gan.walk().from >= 0 && window.gan.walk().images.length === 10, undefined, 20000);
    let w = await walk(page);
    assert.equal(w.from, from);
    assert.equal(w.to, to);
    assert.ok(w.images.every((im) => im.length === 784));
    await widget(page, 'walk');
    writeFileSync(join(artifactsDir, `walk-${device}.png`), await page.screenshot());

    // The ends are the grid's tiles for the two digits, pixel for pixel (paused: the same generator).
    const grid = await page.evaluate(async () => {
      const png = await window.gan.gridPng();
      const bitmap = await createImageBitmap(new Blob([png], { type: 'image/png' }));
      const c = new OffscreenCanvas(bitmap.width, bitmap.height);
      const g = c.getContext('2d');
      g.drawImage(bitmap, 0, 0);
      const d = g.getImageData(0, 0, bitmap.width, bitmap.height).data;
      const grey = new Array(bitmap.width * bitmap.height);
      for (let i = 0; i < grey.length; ++i) grey[i] = d[4 * i];
      return { width: bitmap.width, grey };
    });
    assert.equal(grid.width, 302);  // 10 tiles of 28 px, 2 px between and around them
    const tile = (k) => {
      const out = [];
      const x0 = 2 + (k % 10) * 30, y0 = 2 + Math.floor(k / 10) * 30;
      for (let r = 0; r < 28; ++r) for (let c = 0; c < 28; ++c) out.push(grid.grey[(y0 + r) * grid.width + x0 + c]);
      return out;
    };
    assert.deepEqual(w.images[0], tile(from), 'the walk starts at the first digit picked');
    assert.deepEqual(w.images[9], tile(to), 'and ends at the second');
    assert.notDeepEqual(w.images[5], w.images[0]);

    // Training on: the session regenerates the walk with the grid.
    const before = w.images[5];
    await page.evaluate(() => window.gan.resume());
    await waitFor(page, (b) => window.gan.walk().images.length === 10 && window.gan.walk().images[5].some((v, i) => v !== b[i]), before, 30000);
    assert.equal((await walk(page)).from, from);

    await press(page, 'clear walk');
    await waitFor(page, () => window.gan.walk().from === -1, undefined, 10000);
    await frames(page, 10);
    w = await walk(page);
    assert.deepEqual(w, { from: -1, to: -1, images: [] });
    assert.deepEqual(problems, []);
    await context.close();
  });
}
