// End-to-end tests of the dashboard on big screens and projectors: the canvas and the explanation
// panel fill a 1920×1080 window, larger text keeps the two columns and the text-size control in view
// (the panel folds to make room), presenter mode
// (?present=1 and its buttons), text drawn from the TTF at the display's resolution, and the phone
// column still working. Every page must log no console error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSiteAndBrowser, closeSiteAndBrowser, openPage, waitFor, imageStats, artifactsDir, frames, widget, settledWidget, click, press } from './browser.mjs';

let site, browser;
before(async () => ({ site, browser } = await openSiteAndBrowser()));
after(() => closeSiteAndBrowser(site, browser));

const HD = { width: 1920, height: 1080 };
const ready = (page) => waitFor(page, () => window.gan && window.gan.stats() && !window.gan.stats().loading);
const view = (page) => page.evaluate(() => window.gan.view());



const inside = (r, vp) => r.x >= 0 && r.y >= 0 && r.x + r.w <= vp.width && r.y + r.h <= vp.height;

test('at 1920×1080 the dashboard and the explanation fill the window and the grid is larger than at 1280×800', async () => {
  const grids = {};
  for (const viewport of [{ width: 1280, height: 800 }, HD]) {
    const { context, page, problems } = await openPage(browser, site.url + '?autostart=0', { viewport });
    await ready(page);
    const grid = await widget(page, 'grid');
    const box = await page.locator('#canvas').boundingBox();
    const v = await view(page);
    assert.equal(v.layout, 'wide');
    if (viewport === HD) {
      const panel = await page.locator('#explain').boundingBox();
      assert.ok(box.width >= 1500 && box.width + panel.width >= 1900, `the canvas is ${box.width} px wide, the panel ${panel.width}`);
      assert.ok(Math.abs(box.y + box.height - viewport.height) <= 1, `the canvas reaches the window's bottom: ${JSON.stringify(box)}`);
      assert.ok(inside(grid, viewport), `the grid is in view: ${JSON.stringify(grid)}`);
    }
    grids[viewport.width] = grid;
    assert.deepEqual(problems, []);
    await context.close();
  }
  console.log(`# grid: ${Math.round(grids[1280].w)} px at 1280×800, ${Math.round(grids[1920].w)} px at 1920×1080`);
  assert.ok(grids[1920].w > grids[1280].w * 1.2, `the grid grows with the window: ${grids[1280].w} -> ${grids[1920].w}`);
});

test('text size 1.5× (URL) and 2× (the + button) keep two columns on 1920×1080, the control in view', async () => {
  const { context, page, problems } = await openPage(browser, site.url + '?autostart=0&text=1.5', { viewport: HD });
  await ready(page);
  await widget(page, 'grid');
  const check = async (scale) => {
    const v = await view(page);
    assert.equal(v.text, scale);
    assert.equal(v.layout, 'wide', `two columns at ${scale}×`);
    assert.equal(v.fontPx, Math.round(14 * scale), 'the font is built at the text size (device pixel ratio 1)');
    const grid = await widget(page, 'grid'), control = await widget(page, 'text size');
    const side = await widget(page, 'Play'), verdicts = await widget(page, 'fake verdicts');
    assert.ok(inside(control, HD), `text-size control in view at ${scale}×: ${JSON.stringify(control)}`);
    assert.ok(inside(grid, HD) && grid.w >= 450, `grid large and in view at ${scale}×: ${JSON.stringify(grid)}`);
    assert.ok(side.x + side.w < grid.x, 'the side panel is beside the grid, not above it');
    // Eight verdicts under eight tiles, each number clipped to a cell of its own: the cells are wide
    // enough for ".58" (1.6 ems), the short form used when "0.58" does not fit.
    assert.ok(verdicts.w / 8 >= 1.7 * 14 * scale, `verdict cells ${verdicts.w / 8} px at ${scale}×`);
    return grid;
  };
  const g15 = await check(1.5);
  const builds = (await view(page)).fontBuilds;
  await page.waitForTimeout(1000);
  assert.equal((await view(page)).fontBuilds, builds, 'nothing is rebuilt while the text size stays');
  for (const next of [1.75, 2]) {  // the button moves as the text grows: found again each time
    const larger = await settledWidget(page, 'text larger');
    await click(page, larger.cx, larger.cy);
    await waitFor(page, (t) => window.gan.view().text === t && window.gan.view().fontPx === Math.round(14 * t), next, 10000);
  }
  assert.equal((await view(page)).fontBuilds, builds + 2, 'one rebuild per change');
  // The explanation panel folds to give the dashboard's larger layout the room.
  await waitFor(page, () => {
    const c = document.getElementById('canvas'), w = c.getBoundingClientRect().width;
    return !document.getElementById('explain').open && w >= 1850 && c.width === Math.round(w);  // SDL took the new size
  }, undefined, 5000);
  await frames(page, 3);
  const g2 = await check(2);
  await waitFor(page, () => new URLSearchParams(location.search).get('text') === '2', undefined, 5000);
  await page.screenshot({ path: join(artifactsDir, 'text-2x.png') });
  console.log(`# grid ${Math.round(g15.w)} px at 1.5×, ${Math.round(g2.w)} px at 2× (1920×1080)`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the judge\'s text wraps inside its column at 2×', async () => {
  const { context, page, problems } = await openPage(browser, site.url + '?text=2', { viewport: HD });
  await ready(page);
  await waitFor(page, () => window.gan.widgetRect('judge scores') !== null, undefined, 120000);
  const judge = await widget(page, 'judge scores'), grid = await widget(page, 'grid');
  const box = await page.locator('#canvas').boundingBox();
  assert.ok(judge.x > grid.x + grid.w, 'the judge is in the right-hand column');
  assert.ok(judge.x + judge.w <= box.x + box.width, `the judge's lines end inside the window: ${JSON.stringify(judge)}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('presenter mode: ?present=1 shows the grid large; its buttons and Esc switch back; the URL follows', async () => {
  const { context, page, problems } = await openPage(browser, site.url + '?autostart=0&present=1', { viewport: HD });
  await ready(page);
  let v = await view(page);
  assert.equal(v.present, true);
  assert.equal(v.layout, 'present');
  assert.equal(v.text, 1.6, 'large text by default');
  const grid = await widget(page, 'grid');
  assert.ok(grid.h >= 0.6 * HD.height && inside(grid, HD), `presenter grid ${JSON.stringify(grid)}`);
  for (const name of ['Play', 'Step', 'Reset', 'preset', 'presenter', 'text size']) assert.ok(inside(await widget(page, name), HD), name);
  assert.equal(await page.evaluate(() => window.gan.widgetRect('D step')), null, 'the rest is hidden');
  assert.equal(await page.locator('header').isVisible(), false);
  assert.equal((await page.locator('#canvas').boundingBox()).height, HD.height);
  // Play in presenter mode is the real thing.
  const play = await widget(page, 'Play');
  await click(page, play.cx, play.cy);
  await waitFor(page, () => window.gan.stats().running === true, undefined, 5000);
  await page.screenshot({ path: join(artifactsDir, 'presenter.png') });

  // The dashboard's own button goes back to the whole dashboard, with its own text size.
  const toggle = await widget(page, 'presenter');
  await click(page, toggle.cx, toggle.cy);
  await waitFor(page, () => window.gan.view().layout === 'wide' && !location.search.includes('present='), undefined, 5000);
  v = await view(page);
  assert.equal(v.text, 1);
  assert.ok(await page.locator('header').isVisible());
  assert.ok(await page.evaluate(() => window.gan.widgetRect('D step')) !== null);
  assert.equal(await page.locator('#present').textContent(), 'Presenter mode');

  // The HTML button enters it again; Esc in the dashboard leaves it.
  await page.locator('#present').click();
  // The button's state follows on the dashboard's next frame.
  await waitFor(page, () => window.gan.view().present && new URLSearchParams(location.search).get('present') === '1' &&
    document.getElementById('present').getAttribute('aria-pressed') === 'true', undefined, 5000);
  await page.locator('#canvas').focus();
  await page.keyboard.down('Escape');
  await frames(page, 2);
  await page.keyboard.up('Escape');
  await waitFor(page, () => !window.gan.view().present, undefined, 5000);
  assert.deepEqual(problems, []);
  await context.close();
});

// Text from the TTF rasterized at the size it is shown has the many grey levels of anti-aliased
// outlines; ImGui's bitmap font magnified twice has only the few mixes that bilinear filtering makes
// of a black-and-white glyph (at most 12 between two colours). The same line of the dashboard at
// 2× is measured both ways: with the font, and with its download refused (the built-in fallback).
test('text is drawn from the TTF at the display\'s resolution, not a magnified bitmap font', async () => {
  const measure = async (options) => {
    const { context, page, problems } = await openPage(browser, site.url + '?autostart=0&text=2', { viewport: HD, ...options });
    await ready(page);
    const status = await widget(page, 'status');
    await frames(page, 3);
    const png = await page.screenshot({ clip: { x: status.x, y: status.y, width: status.w, height: status.h } });
    const result = { view: await view(page), stats: await imageStats(page, png), problems, png };
    await context.close();
    return result;
  };
  const ttf = await measure({});
  const bitmap = await measure({ beforeLoad: (page) => page.route('**/ui-font.ttf', (route) => route.abort()) });
  writeFileSync(join(artifactsDir, 'text-ttf-2x.png'), ttf.png);
  writeFileSync(join(artifactsDir, 'text-bitmap-2x.png'), bitmap.png);
  console.log(`# grey levels in a line of text at 2×: TTF ${ttf.stats.levels} (font ${ttf.view.fontPx} px), magnified bitmap font ${bitmap.stats.levels}`);
  assert.equal(ttf.view.fontPx, 28);
  assert.equal(bitmap.view.fontPx, 0, 'without the file the built-in font is used');
  assert.ok(ttf.stats.levels >= 40, `anti-aliased outlines: ${ttf.stats.levels} grey levels`);
  assert.ok(bitmap.stats.levels <= 16, `the magnified bitmap font has few levels: ${bitmap.stats.levels}`);
  assert.deepEqual(ttf.problems, []);
  // The refused download shows up only as the browser's own network message: the page reports nothing.
  assert.deepEqual(bitmap.problems.filter((p) => !/ERR_FAILED/.test(p)), []);

  // On a display with two device pixels per CSS pixel the atlas is built at twice the size.
  const { context, page, problems } = await openPage(browser, site.url + '?autostart=0&text=1.5', { viewport: HD, deviceScaleFactor: 2 });
  await ready(page);
  assert.equal((await view(page)).fontPx, 42);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a phone (390×844) keeps the one-column layout, and a tap on Play works', async () => {
  const { context, page, problems } = await openPage(browser, site.url + '?autostart=0', {
    viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2,
  });
  await ready(page);
  assert.equal((await view(page)).layout, 'narrow');
  const play = await widget(page, 'Play'), grid = await widget(page, 'grid');
  assert.ok(grid.y > play.y + play.h && grid.w > 300, `the grid is under the buttons, full width: ${JSON.stringify(grid)}`);
  assert.equal((await page.evaluate(() => window.gan.stats())).running, false);
  await page.touchscreen.tap(play.cx, play.cy);
  await waitFor(page, () => window.gan.stats().running === true, undefined, 10000);
  assert.deepEqual(problems, []);
  await context.close();
});
