// The explanation panel, in headless Chromium. On 1280×800, 1366×768 and 1920×1080 it stands beside
// the dashboard, in view without scrolling, and names the running preset and what to watch for; a
// click on its title folds it to a tab (the dashboard takes the room and still answers clicks) and
// unfolds it; presenter mode hides it. It folds itself when the dashboard's text grows too large for
// both, comes back when the text shrinks (unless folded by hand), and a hand-folded panel stays
// folded after a reload. On a 390×844 phone it sits under the one-column dashboard and a tap folds it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openSiteAndBrowser, closeSiteAndBrowser, openPage, waitFor, widget, click, frames, artifactsDir, pickPreset } from './browser.mjs';

let site, browser;
before(async () => ({ site, browser } = await openSiteAndBrowser()));
after(() => closeSiteAndBrowser(site, browser));

const ready = (page) => waitFor(page, () => window.gan && window.gan.stats() && !window.gan.stats().loading);
const view = (page) => page.evaluate(() => window.gan.view());
const box = (page, selector) => page.locator(selector).boundingBox();
const isOpen = (page) => page.evaluate(() => document.getElementById('explain').open);
// The page fills in the running preset on its next tick (every 250 ms).
const named = (page) => waitFor(page, () => document.getElementById('preset-title').textContent !== '', undefined, 5000);
// The canvas's drawing buffer follows its CSS size (SDL re-read it): the dashboard was laid out anew.
const canvasSettled = (page) => waitFor(page, () => {
  const c = document.getElementById('canvas'), r = c.getBoundingClientRect();
  return Math.abs(c.width - Math.round(r.width * devicePixelRatio)) <= 1 && window.gan.view().layout !== '';
}, undefined, 5000);
const inView = (r, vp) => r.x >= 0 && r.y >= 0 && r.x + r.width <= vp.width + 0.5 && r.y + r.height <= vp.height + 0.5;

const desktops = [{ width: 1280, height: 800 }, { width: 1366, height: 768 }, { width: 1920, height: 1080 }];

for (const viewport of desktops) {
  const size = `${viewport.width}×${viewport.height}`;
  test(`${size}: the explanation is in view beside the dashboard; its title folds and unfolds it; presenter mode hides it`, async () => {
    const { context, page, problems } = await openPage(browser, site.url + '?autostart=0', { viewport });
    await ready(page);
    await widget(page, 'grid');
    await canvasSettled(page);
    await named(page);

    // Beside the canvas, both in the window, nothing to scroll sideways or down to.
    const canvas = await box(page, '#canvas'), panel = await box(page, '#explain');
    assert.ok(panel.x >= canvas.x + canvas.width - 1, `the panel is right of the canvas: ${JSON.stringify({ canvas, panel })}`);
    assert.ok(inView(panel, viewport) && inView(canvas, viewport), `both in the window: ${JSON.stringify({ canvas, panel })}`);
    assert.ok(panel.width >= 300 && panel.height >= viewport.height - 100, `a column of readable width, as tall as the dashboard: ${JSON.stringify(panel)}`);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), true);
    assert.equal(await page.evaluate(() => window.scrollY), 0);
    for (const selector of ['#explain > summary', '#now-running', '#explain > p >> nth=0']) {
      const r = await box(page, selector);
      assert.ok(r && inView(r, viewport), `${selector} is in view: ${JSON.stringify(r)}`);
    }
    // It names the running preset and what to watch for (the app's own text).
    const preset = await page.evaluate(() => window.gan.presetInfo());
    assert.equal(preset.name, 'swift');
    assert.equal(await page.locator('#preset-title').textContent(), preset.title);
    assert.equal(await page.locator('#watch-for').textContent(), preset.watchFor);
    assert.ok(preset.watchFor.length > 100);

    // The dashboard keeps its full layout beside it: side panel, grid, and the curves beside the grid.
    const v = await view(page);
    assert.equal(v.layout, 'wide');
    assert.ok(v.fullWidth > 0 && v.fullWidth <= canvas.width, `full layout ${v.fullWidth} px fits the canvas ${canvas.width} px`);
    const play = await widget(page, 'Play'), grid = await widget(page, 'grid'), verdicts = await widget(page, 'fake verdicts');
    assert.ok(play.x + play.w < grid.x, 'the dashboard\'s side panel is left of the grid');
    assert.ok(grid.x + grid.w <= canvas.x + canvas.width && grid.y + grid.h <= viewport.height, `the grid is in view: ${JSON.stringify(grid)}`);
    assert.ok(verdicts.y + verdicts.h <= viewport.height, 'the real and fake rows too');
    await page.screenshot({ path: join(artifactsDir, `sidepanel-${viewport.width}-open.png`) });

    // A click on its title folds it to a narrow tab, and the dashboard takes the room.
    await page.locator('#explain > summary').click();
    await waitFor(page, (w) => document.getElementById('canvas').getBoundingClientRect().width > w + 250, canvas.width, 5000);
    await canvasSettled(page);
    assert.equal(await isOpen(page), false);
    const tab = await box(page, '#explain'), wider = await box(page, '#canvas');
    assert.ok(tab.width <= 48 && inView(tab, viewport), `a narrow tab: ${JSON.stringify(tab)}`);
    const width = await page.evaluate(() => document.documentElement.clientWidth);  // less a scroll bar, if any
    assert.ok(Math.abs(wider.width + tab.width - width) <= 2, `canvas and tab fill the width: ${wider.width} + ${tab.width} of ${width}`);
    await page.screenshot({ path: join(artifactsDir, `sidepanel-${viewport.width}-folded.png`) });
    // The dashboard, laid out for its new width, still answers a click on its real widgets.
    const play2 = await widget(page, 'Play');
    await click(page, play2.cx, play2.cy);
    await waitFor(page, () => window.gan.stats().running === true, undefined, 5000);

    // Unfolded, the panel is back and the canvas gives the room back.
    await page.locator('#explain > summary').click();
    await waitFor(page, (w) => Math.abs(document.getElementById('canvas').getBoundingClientRect().width - w) <= 1, canvas.width, 5000);
    await canvasSettled(page);
    assert.equal(await isOpen(page), true);
    const pause = await widget(page, 'Play');
    await click(page, pause.cx, pause.cy);
    await waitFor(page, () => window.gan.stats().running === false, undefined, 5000);

    // Presenter mode (the HTML button) keeps the whole window for the dashboard; leaving it (the
    // dashboard's own button) brings the panel back.
    await page.locator('#present').click();
    await waitFor(page, () => window.gan.view().layout === 'present', undefined, 5000);
    await waitFor(page, () => document.getElementById('canvas').getBoundingClientRect().width === document.documentElement.clientWidth, undefined, 5000);
    assert.equal(await page.locator('#explain').isVisible(), false);
    const full = await box(page, '#canvas');
    assert.equal(full.height, viewport.height);
    const exit = await widget(page, 'presenter');
    await click(page, exit.cx, exit.cy);
    await waitFor(page, () => window.gan.view().layout === 'wide', undefined, 5000);
    await waitFor(page, (w) => Math.abs(document.getElementById('canvas').getBoundingClientRect().width - w) <= 1, canvas.width, 5000);
    assert.ok(await page.locator('#explain').isVisible());
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('1366×768: larger dashboard text folds the panel by itself and smaller text brings it back; a hand fold stays, across a reload', async () => {
  const viewport = { width: 1366, height: 768 };
  const { context, page, problems } = await openPage(browser, site.url + '?autostart=0', { viewport });
  await ready(page);
  await canvasSettled(page);
  const narrow = (await box(page, '#canvas')).width;
  const textButton = async (name, scale) => {
    const b = await widget(page, name);
    await click(page, b.cx, b.cy);
    await waitFor(page, (t) => window.gan.view().text === t, scale, 5000);
  };
  // 1.25×: the dashboard's full layout needs more than the room beside the panel.
  await textButton('text larger', 1.25);
  await waitFor(page, () => !document.getElementById('explain').open, undefined, 5000);
  await canvasSettled(page);
  let v = await view(page), canvas = await box(page, '#canvas');
  assert.ok(v.fullWidth > narrow && v.fullWidth <= canvas.width, `${v.fullWidth} px needed: ${narrow} beside the panel, ${canvas.width} folded`);
  const play = await widget(page, 'Play'), grid = await widget(page, 'grid');
  assert.equal(v.layout, 'wide');
  assert.ok(play.x + play.w < grid.x && grid.y + grid.h <= viewport.height, 'the full layout, the grid in view');
  await textButton('text smaller', 1);
  await waitFor(page, () => document.getElementById('explain').open, undefined, 5000);
  await canvasSettled(page);
  assert.ok(Math.abs((await box(page, '#canvas')).width - narrow) <= 1);

  // Folded by hand, it stays folded through the text growing and shrinking, and across a reload.
  await page.locator('#explain > summary').click();
  await waitFor(page, () => !document.getElementById('explain').open, undefined, 5000);
  await canvasSettled(page);  // the canvas widens: the buttons move (clicked before, it missed now and then)
  await textButton('text larger', 1.25);
  await canvasSettled(page);
  await textButton('text smaller', 1);
  await page.waitForTimeout(600);  // the page checks the room every 250 ms
  assert.equal(await isOpen(page), false, 'the visitor\'s fold is kept');
  await page.reload();
  await ready(page);
  await frames(page, 5);
  assert.equal(await isOpen(page), false, 'still folded after a reload');
  await page.locator('#explain > summary').click();
  await page.reload();
  await ready(page);
  await frames(page, 5);
  assert.equal(await isOpen(page), true, 'unfolded by hand: open after a reload');
  assert.deepEqual(problems, []);
  await context.close();
});

test('1280×800: a lesson picked in the dashboard\'s preset list is named in the panel with what to watch for', async () => {
  const { context, page, problems } = await openPage(browser, site.url + '?autostart=0&seed=4', { viewport: { width: 1280, height: 800 } });
  await ready(page);
  await pickPreset(page, 'collapse');
  await waitFor(page, () => /Mode collapse/.test(document.getElementById('preset-title').textContent), undefined, 5000);
  assert.equal(await page.locator('#preset-title').textContent(), 'Mode collapse (a lesson)');
  const watch = await page.locator('#watch-for').textContent();
  assert.equal(watch, (await page.evaluate(() => window.gan.presetInfo())).watchFor);
  assert.match(watch, /mode collapse/);
  assert.ok(inView(await box(page, '#watch-for'), { width: 1280, height: 800 }), 'the watch-for text is in view');
  assert.deepEqual(problems, []);
  await context.close();
});

test('390×844 phone: the explanation sits under the one-column dashboard; a tap on its title folds it', async () => {
  const viewport = { width: 390, height: 844 };
  const { context, page, problems } = await openPage(browser, site.url + '?autostart=0', {
    viewport, hasTouch: true, isMobile: true, deviceScaleFactor: 2,
  });
  await ready(page);
  await widget(page, 'grid');
  assert.equal((await view(page)).layout, 'narrow');
  const canvas = await box(page, '#canvas'), panel = await box(page, '#explain');
  assert.ok(panel.y >= canvas.y + canvas.height, `under the dashboard: ${JSON.stringify({ canvas, panel })}`);
  assert.ok(panel.x >= 0 && panel.x + panel.width <= viewport.width && panel.width >= 340, `one column: ${JSON.stringify(panel)}`);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), true);
  const summary = page.locator('#explain > summary');
  await summary.scrollIntoViewIfNeeded();
  await named(page);
  assert.equal(await page.locator('#preset-title').textContent(), 'Swift clean digits');
  await summary.tap();
  await waitFor(page, () => !document.getElementById('explain').open, undefined, 5000);
  await summary.tap();
  await waitFor(page, () => document.getElementById('explain').open, undefined, 5000);
  assert.ok(await page.locator('#watch-for').isVisible());
  await page.screenshot({ path: join(artifactsDir, 'sidepanel-phone.png') });
  assert.deepEqual(problems, []);
  await context.close();
});
