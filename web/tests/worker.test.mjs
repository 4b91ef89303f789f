// The page with its training Worker, in headless Chromium: training runs in a dedicated Worker and
// the dashboard keeps drawing while the Worker is busy (a long benchmark), reading no WebGL state
// back while it draws; commands still reach it; the Worker starts from the page's head and main.js
// takes it over (or reports that it could not load); a lost WebGL context comes back with everything drawn;
// the time-lapse slider (the real widget) replays earlier frames and returns to live; the GIF and
// film strip buttons download files a browser decodes, with one GIF frame per recorded frame.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSite, launchBrowser, openPage, waitFor, widget, click, frames, imageStats, settledIteration } from './browser.mjs';

let site, browser, tmp;
before(async () => {
  site = await startSite();
  browser = await launchBrowser();
  tmp = mkdtempSync(join(tmpdir(), 'gan-worker-'));
});
after(async () => {
  await browser?.close();
  site?.server.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const stats = (page) => page.evaluate(() => window.gan.stats());
const ready = (page) => waitFor(page, () => window.gan && window.gan.stats() && window.gan.stats().ready && !window.gan.stats().loading);

// In a browser every WebGL read (getParameter, isEnabled, getError, readPixels…) waits for the GPU
// process to finish the work queued before it. ImGui's stock backend read about twenty values each
// frame, which held the main thread ~34 ms a frame in headless Chromium; the dashboard's renderer
// (src/app/gl_renderer.cpp) reads none. Counted over 30 frames of training, on the real context.
test('the dashboard draws its frames without reading WebGL state back', async () => {
  const { context, page, problems } = await openPage(browser, site.url + '?preset=quick&seed=5', {
    beforeLoad: (p) => p.addInitScript(() => {
      const reads = ['getParameter', 'isEnabled', 'getError', 'readPixels', 'getShaderParameter', 'getProgramParameter',
        'getBufferParameter', 'getTexParameter', 'getVertexAttrib', 'getUniform', 'checkFramebufferStatus'];
      window.glReads = {};
      for (const name of reads) {
        const original = WebGL2RenderingContext.prototype[name];
        WebGL2RenderingContext.prototype[name] = function (...args) {
          const key = name + (typeof args[0] === 'number' ? ' 0x' + args[0].toString(16) : '');
          window.glReads[key] = (window.glReads[key] || 0) + 1;
          return original.apply(this, args);
        };
      }
    }),
  });
  await ready(page);
  await waitFor(page, () => window.gan.stats().iteration >= 5);
  await frames(page, 5);  // past the first frames, which set up shaders and textures
  await page.evaluate(() => { window.glReads = {}; });
  await frames(page, 30);
  const reads = await page.evaluate(() => window.glReads);
  assert.ok((await stats(page)).running, 'training went on meanwhile');
  assert.deepEqual(reads, {}, 'WebGL reads while drawing 30 frames');
  assert.deepEqual(problems, []);
  await context.close();
});

// A browser may take a page's WebGL context away (a GPU reset) and give it back with every GL object
// gone. The page must say so meanwhile, draw nothing into the dead context, and afterwards draw again
// with its shaders, font and images made anew (here paused, so no new samples re-upload the grid).
test('a lost WebGL context comes back: a note meanwhile, then the dashboard with its grid', async () => {
  const { context, page, problems } = await openPage(browser, site.url + '?autostart=0');
  await ready(page);
  await page.evaluate(() => window.gan.step(5));
  await page.waitForTimeout(600);
  const gridShot = async () => {
    const r = await page.evaluate(() => window.gan.widgetRect('grid'));
    const box = await page.locator('#canvas').boundingBox();
    return imageStats(page, await page.screenshot({ clip: { x: box.x + r.x, y: box.y + r.y, width: r.w, height: r.h } }));
  };
  const before = await gridShot();
  assert.ok(before.std > 10, `the grid shows images before: ${JSON.stringify(before)}`);
  await page.evaluate(() => {
    window.loseContext = document.getElementById('canvas').getContext('webgl2').getExtension('WEBGL_lose_context');
    window.loseContext.loseContext();
  });
  await waitFor(page, () => !document.getElementById('graphics-lost').hidden, undefined, 10000);
  await page.waitForTimeout(2200);  // the meters count whole seconds
  const during = await stats(page);
  assert.equal(during.drawnFps, 0, 'nothing is drawn into a lost context');
  assert.ok(during.fps > 10, `the loop goes on: ${during.fps} fps`);
  await page.evaluate(() => window.loseContext.restoreContext());
  await waitFor(page, () => document.getElementById('graphics-lost').hidden, undefined, 10000);
  await page.waitForTimeout(1200);
  const whole = await imageStats(page, await page.locator('#canvas').screenshot());
  assert.ok(whole.levels > 30 && whole.std > 10, `the dashboard is drawn again: ${JSON.stringify(whole)}`);
  const after = await gridShot();
  assert.ok(Math.abs(after.std - before.std) < 0.1 * before.std, `the grid shows its images again: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
  const at = (await stats(page)).iteration;
  await page.evaluate(() => window.gan.step(2));
  assert.equal((await stats(page)).iteration, at + 2, 'commands still work');
  assert.deepEqual(problems, []);
  await context.close();
});

test('training runs in a Worker: the dashboard draws while the Worker is busy, and commands reach it', async () => {
  const { context, page, problems } = await openPage(browser, site.url + '?preset=book&seed=4');
  await ready(page);
  assert.ok(page.workers().some((w) => new URL(w.url()).pathname.endsWith('/worker.js')), 'a dedicated Worker runs worker.js');
  // The dashboard's module started once the Worker had its run and first iteration, or (a machine
  // so loaded that the Worker took longer) after its 3 s wait.
  const t = await page.evaluate(() => window.ganTimings);
  assert.ok(t.workerStarted > 0, JSON.stringify(t));
  const waited = t.dashboardStart - t.downloaded >= 2900;
  assert.ok(waited || (t.dashboardStart >= t.workerStarted && t.workerFirstIteration <= t.dashboardStart + 50), JSON.stringify(t));
  // A benchmark blocks the Worker for a few seconds; the page must go on drawing meanwhile.
  const r = await page.evaluate(async () => {
    let drawn = 0, busy = true;
    const count = () => { if (busy) { ++drawn; requestAnimationFrame(count); } };
    requestAnimationFrame(count);
    const t0 = performance.now();
    const result = await window.gan.bench(50, 3);
    busy = false;
    return { drawn, seconds: (performance.now() - t0) / 1000, result };
  });
  console.log(`# ${r.drawn} frames drawn during a ${r.seconds.toFixed(1)} s benchmark in the Worker (${r.result.its_per_s} it/s)`);
  assert.ok(r.result.its_per_s > 0);
  // Training on the main thread would draw no frame at all here; a loaded CI machine still draws several a second.
  assert.ok(r.drawn >= r.seconds, `the page kept drawing: ${r.drawn} frames in ${r.seconds.toFixed(1)} s`);
  // Pause, step and resume go through the Worker.
  await page.evaluate(() => window.gan.pause());
  const paused = { iteration: await settledIteration(page) };
  await page.waitForTimeout(800);
  assert.equal((await stats(page)).iteration, paused.iteration);
  await page.evaluate(() => window.gan.step(3));
  assert.equal((await stats(page)).iteration, paused.iteration + 3);
  await page.evaluate(() => window.gan.resume());
  await waitFor(page, (n) => window.gan.stats().iteration > n, paused.iteration + 3, 30000);
  assert.deepEqual(problems, []);
  await context.close();
});

// start-worker.js starts the Worker from the page's head, before main.js runs; what the Worker says,
// or how it fails, before main.js takes it over is kept for main.js. Here main.js arrives late (as on a
// slow connection), so the Worker's first messages, or its failure, come before it.
const lateMainJs = (page) => page.route('**/main.js', async (r) => { await new Promise((done) => setTimeout(done, 2500)); await r.continue(); });
test('the Worker starts from the page head: main.js takes it over, and a Worker that cannot load says so', async () => {
  const { context, page, problems } = await openPage(browser, site.url + '?seed=2', { beforeLoad: lateMainJs });
  await ready(page);
  const early = await page.evaluate(() => window.ganEarlyWorker && { threads: window.ganEarlyWorker.threads, kept: window.ganEarlyWorker.messages.length });
  assert.ok(early, 'start-worker.js made the Worker');
  assert.equal(early.kept, 0, 'main.js handled the messages that came before it');
  const workers = page.workers().filter((w) => new URL(w.url()).pathname.endsWith('/worker.js'));
  assert.equal(workers.length, 1, 'main.js used that Worker rather than starting another');
  const fetched = [...page.downloads.keys()].filter((u) => /\/(isolation|start-worker)\.js$/.test(u));
  assert.deepEqual(fetched, [], 'both are inline in the page (cmake/inline_scripts.cmake)');
  assert.equal((await stats(page)).threads, early.threads);
  // Both known only from the Worker's messages ('started', 'first-iteration'), which it usually sent
  // before main.js ran.
  const t = await page.evaluate(() => window.ganTimings);
  assert.ok(t.workerStarted > 0 && t.workerFirstIteration > 0, JSON.stringify(t));
  assert.deepEqual(problems, []);
  await context.close();

  const broken = await openPage(browser, site.url, {
    beforeLoad: async (p) => {
      await lateMainJs(p);
      await p.route('**/worker.js*', (r) => r.fulfill({ status: 404, body: 'not found' }));
    },
  });
  await broken.page.locator('#error').waitFor({ state: 'visible', timeout: 30000 });
  assert.match(await broken.page.locator('#error-text').textContent(), /training side could not start/);
  await broken.context.close();
});

test('the Worker compiles its module while it downloads, and a module that is missing or broken says so', async () => {
  const { context, page, problems } = await openPage(browser, site.url + '?seed=3');
  await ready(page);
  await waitFor(page, () => window.ganTimings.worker && window.ganTimings.worker.firstIteration > 0, undefined, 60000);
  const w = await page.evaluate(() => window.ganTimings.worker);
  // Compiled from the stream: done as soon as the last byte is in, before the runtime starts.
  assert.ok(w.wasmDownloaded > 0 && w.wasmCompiled >= w.wasmDownloaded && w.runtimeReady >= w.wasmCompiled, JSON.stringify(w));
  // The first iteration is timed when it ended, within the slice that ran it.
  assert.ok(w['digits.gdsProcessed'] <= w.firstIteration && w.firstIteration <= w.firstSliceEnd, JSON.stringify(w));
  assert.deepEqual(problems, []);
  await context.close();

  for (const [what, reply, expected] of [
    ['missing', { status: 404, body: 'not found' }, /could not download gan-worker(-mt)?\.wasm \(HTTP 404\)/],
    ['not wasm', { status: 200, contentType: 'application/wasm', body: Buffer.from('this is not a module') }, /training side could not start: .*\S/],
  ]) {
    const broken = await openPage(browser, site.url, { beforeLoad: (p) => p.route('**/gan-worker*.wasm', (r) => r.fulfill(reply)) });
    await broken.page.locator('#error').waitFor({ state: 'visible', timeout: 30000 });
    const text = await broken.page.locator('#error-text').textContent();
    assert.match(text, /training side could not start/, what);
    assert.match(text, expected, what);
    await broken.context.close();
  }
});

test('the loading bar counts every download and is redrawn at most every 250 ms', async () => {
  // Each text the loading line shows (a redraw costs the start CPU).
  const recordLoadingText = (page) => page.addInitScript(() => {
    window.ganLoadingTexts = [];
    document.addEventListener('DOMContentLoaded', () => {
      const line = document.getElementById('loading-text');
      new MutationObserver(() => window.ganLoadingTexts.push(line.textContent))
        .observe(line, { childList: true, characterData: true, subtree: true });
    });
  });
  const { context, page, problems } = await openPage(browser, site.url + '?seed=4', { beforeLoad: recordLoadingText });
  await ready(page);
  const texts = await page.evaluate(() => window.ganLoadingTexts);
  const downloading = texts.filter((t) => t.startsWith('Downloading'));
  assert.ok(downloading.length >= 1, JSON.stringify(texts));
  assert.match(downloading.at(-1), /^Downloading… \d+\.\d MB of \d+\.\d MB$/);
  // When main.js redrew it (an observer's own times come late after a long task, so they are not used).
  const redraws = await page.evaluate(() => window.ganTimings.loadingRedraws);
  assert.ok(redraws.length >= downloading.length, JSON.stringify({ redraws, texts }));
  for (let i = 1; i < redraws.length; ++i) assert.ok(redraws[i] - redraws[i - 1] >= 245, 'redrawn too soon: ' + JSON.stringify(redraws));
  // The module, the font, the Worker's module and the digits: MB in the total.
  const total = Number(downloading.at(-1).match(/of (\d+\.\d) MB/)[1]);
  assert.ok(total >= 2.5, downloading.at(-1));
  assert.deepEqual(problems, []);
  await context.close();
});

test('time-lapse: the slider replays earlier frames and returns to live; GIF and film strip download', async () => {
  const { context, page, problems } = await openPage(browser, site.url + '?preset=book&seed=2&autostart=0');
  await ready(page);
  for (let k = 0; k < 4; ++k) await page.evaluate(() => window.gan.step(30));
  await waitFor(page, () => window.gan.timelapse().frames >= 3, undefined, 30000);
  const lapse = await page.evaluate(() => window.gan.timelapse());
  assert.equal(lapse.first, 0, 'the untrained generator is the first frame');
  assert.ok(lapse.bytes <= 120 * 100 * 784);
  assert.equal((await page.evaluate(() => window.gan.view())).timelapseAt, -1, 'live at first');

  const grid = await widget(page, 'grid');
  const live = await page.screenshot({ clip: { x: grid.x, y: grid.y, width: grid.w, height: grid.h } });
  const slider = await widget(page, 'time-lapse');
  await click(page, slider.x + 3, slider.cy);  // the left end: the first frame
  await waitFor(page, () => window.gan.view().timelapseAt === 0, undefined, 10000);
  await frames(page, 3);
  const replay = await page.screenshot({ clip: { x: grid.x, y: grid.y, width: grid.w, height: grid.h } });
  assert.notDeepEqual(replay, live, 'the grid shows the recorded frame, not the live one');
  await click(page, slider.x + slider.w - 3, slider.cy);  // the right end: live again
  await waitFor(page, () => window.gan.view().timelapseAt === -1, undefined, 10000);

  // The buttons save files a browser can decode: one GIF frame per recorded frame.
  const frameCount = (await page.evaluate(() => window.gan.timelapse())).frames;
  const saved = [];
  page.on('download', async (d) => { const path = join(tmp, d.suggestedFilename()); await d.saveAs(path); saved.push(path); });
  await page.click('#timelapse-gif');
  await page.click('#film-strip');
  await waitFor(page, () => /film strip/.test(document.getElementById('files-status').textContent), undefined, 10000);
  await new Promise((resolve) => { const check = () => (saved.length >= 2 ? resolve() : setTimeout(check, 100)); check(); });
  const gif = readFileSync(saved.find((p) => p.endsWith('.gif')));
  const png = readFileSync(saved.find((p) => p.endsWith('.png')));
  assert.equal(gif.subarray(0, 6).toString(), 'GIF89a');
  assert.equal(png.subarray(0, 8).toString('hex'), '89504e470d0a1a0a');
  assert.ok(png.readUInt32BE(16) > png.readUInt32BE(20), 'the film strip is a row of frames');
  const decoded = await page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const decoder = new ImageDecoder({ data: bytes, type: 'image/gif' });
    await decoder.tracks.ready;
    const first = await decoder.decode({ frameIndex: 0 });
    return { frames: decoder.tracks.selectedTrack.frameCount, width: first.image.displayWidth };
  }, gif.toString('base64'));
  assert.ok(decoded.frames >= frameCount, `GIF of ${decoded.frames} frames for ${frameCount} recorded`);
  assert.equal(decoded.width, 291);  // 10 tiles of 28 px and 11 gaps of 1
  assert.deepEqual(problems, []);
  await context.close();
});
