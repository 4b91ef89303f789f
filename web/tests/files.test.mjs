// The page's Files row and its window.gan calls in headless Chromium: a checkpoint saved with the
// real button and loaded back through the file input resumes exactly (the engine is deterministic),
// a corrupt one is refused with a notice while training goes on, the TF.js export's manifest matches
// its weights and imports back, and the grid PNG and the losses CSV have the expected shape.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSite, launchBrowser, openPage, waitFor } from './browser.mjs';

let site, browser, tmp;
before(async () => {
  site = await startSite();
  browser = await launchBrowser();
  tmp = mkdtempSync(join(tmpdir(), 'gan-files-'));
});
after(async () => {
  await browser?.close();
  site?.server.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const stats = (page) => page.evaluate(() => window.gan.stats());
const ready = (page) => waitFor(page, () => window.gan && window.gan.stats() && !window.gan.stats().loading);
const steps = (page, n) => page.evaluate((k) => window.gan.step(k), n);
const losses = (s) => [s.dLoss, s.gLoss, s.dReal, s.dFake];
// Clicks a button and returns the downloads it started, saved in tmp.
async function downloadsOf(page, selector, count) {
  const files = [];
  const done = new Promise((resolve) => {
    page.on('download', async function onDownload(d) {
      const path = join(tmp, d.suggestedFilename());
      await d.saveAs(path);
      files.push({ name: d.suggestedFilename(), path });
      if (files.length === count) { page.off('download', onDownload); resolve(); }
    });
  });
  await page.click(selector);
  await done;
  return files;
}

test('a saved checkpoint loads back exactly; a corrupt one is refused and training goes on', async () => {
  const { context, page, problems } = await openPage(browser, site.url + '?seed=11&autostart=0');
  await ready(page);
  await steps(page, 3);
  const [saved] = await downloadsOf(page, '#save-checkpoint', 1);
  assert.equal(saved.name, 'gan-swift-3.ckpt');
  assert.match(await page.locator('#files-status').textContent(), /Saved gan-swift-3\.ckpt/);

  await steps(page, 4);  // the run that never stopped: iterations 4 to 7
  const straight = await stats(page);
  assert.equal(straight.iteration, 7);

  await page.setInputFiles('#checkpoint-file', saved.path);
  await waitFor(page, () => window.gan.stats().iteration === 3, undefined, 20000);
  const loaded = await stats(page);
  assert.match(loaded.notice, /checkpoint loaded: swift, seed 11, iteration 3/);
  assert.match(await page.locator('#files-status').textContent(), /Loaded gan-swift-3\.ckpt: iteration 3/);
  await steps(page, 4);
  const resumed = await stats(page);
  assert.equal(resumed.iteration, 7);
  assert.deepEqual(losses(resumed), losses(straight), 'resumed losses equal those of the run that never stopped');

  // One byte flipped: refused with a notice; the running model keeps its iteration and trains on.
  const corrupt = readFileSync(saved.path);
  corrupt[Math.floor(corrupt.length / 2)] ^= 0x10;
  writeFileSync(join(tmp, 'corrupt.ckpt'), corrupt);  // a path: the file is tens of MB, too big to pass inline
  await page.setInputFiles('#checkpoint-file', join(tmp, 'corrupt.ckpt'));
  await waitFor(page, () => /checkpoint rejected/.test(window.gan.stats().notice), undefined, 20000);
  const after = await stats(page);
  assert.match(after.notice, /checksum mismatch.*nothing was changed/);
  assert.match(await page.locator('#files-status').textContent(), /Not loaded: checkpoint rejected/);
  assert.equal(after.iteration, 7);
  assert.deepEqual(losses(after), losses(resumed));
  assert.equal(await page.evaluate(() => window.gan.loadCheckpoint(new Uint8Array([1, 2, 3]).buffer)), false);
  await steps(page, 2);
  assert.equal((await stats(page)).iteration, 9);

  // A checkpoint dropped onto the page loads too.
  const dropped = await page.evaluate(async () => {
    const bytes = await window.gan.checkpoint();
    await window.gan.step(1);
    const data = new DataTransfer();
    data.items.add(new File([bytes], 'dropped.ckpt'));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: data, cancelable: true }));
    return bytes.length;
  });
  await waitFor(page, () => window.gan.stats().iteration === 9, undefined, 20000);
  console.log(`# checkpoint of the swift preset: ${(dropped / 1e6).toFixed(1)} MB`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('TF.js export: the manifest matches the weights; the files import back, a foreign model does not', async () => {
  const { context, page, problems } = await openPage(browser, site.url + '?seed=5&autostart=0');
  await ready(page);
  await steps(page, 2);
  const r = await page.evaluate(async () => {
    const m = await window.gan.exportTfjs();
    const entries = m.modelJson.weightsManifest.flatMap((g) => g.weights);
    const bytes = entries.reduce((n, w) => n + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
    return {
      bytes, length: m.weights.byteLength, isBuffer: m.weights instanceof ArrayBuffer, format: m.modelJson.format,
      names: entries.map((w) => w.name), paths: m.modelJson.weightsManifest[0].paths,
    };
  });
  assert.equal(r.format, 'layers-model');
  assert.ok(r.isBuffer, 'weights is an ArrayBuffer');
  assert.equal(r.length, r.bytes, 'the manifest describes exactly the weights');
  assert.equal(r.length, 4 * 1526288);
  assert.deepEqual(r.names.slice(0, 2), ['dense/kernel', 'dense/bias']);

  // The button downloads both files; picking them again imports the same generator (same grid).
  const files = await downloadsOf(page, '#export-tfjs', 2);
  assert.deepEqual(files.map((f) => f.name).sort(), ['model.json', 'weights.bin']);
  const weightsFile = files.find((f) => f.name === 'weights.bin');
  assert.equal(readFileSync(weightsFile.path).length, r.length);
  const gridBefore = await page.evaluate(async () => Array.from(await window.gan.gridPng()));
  await page.setInputFiles('#tfjs-files', files.map((f) => f.path));
  // The session's notice comes with its update, the status line with the request's answer after it.
  await waitFor(page, () => /generator imported/.test(window.gan.stats().notice), undefined, 20000);
  await waitFor(page, () => /Generator imported from model\.json/.test(document.getElementById('files-status').textContent), undefined, 10000);
  assert.deepEqual(await page.evaluate(async () => Array.from(await window.gan.gridPng())), gridBefore);

  // Another architecture is refused and nothing changes.
  const refused = await page.evaluate(async () => {
    const m = await window.gan.exportTfjs();
    m.modelJson.modelTopology.config.layers[1].config.units = 128;
    return { ok: await window.gan.importTfjs(m.modelJson, m.weights), notice: window.gan.stats().notice };
  });
  assert.equal(refused.ok, false);
  assert.match(refused.notice, /TF\.js model rejected: layer 2 does not have 256 units/);
  assert.deepEqual(await page.evaluate(async () => Array.from(await window.gan.gridPng())), gridBefore);
  await steps(page, 1);  // training goes on from the imported generator
  assert.equal((await stats(page)).iteration, 3);
  assert.deepEqual(problems, []);
  await context.close();
});

test('grid PNG and losses CSV: a 10x10 grid image, one row per recorded iteration', async () => {
  const { context, page, problems } = await openPage(browser, site.url + '?seed=3&autostart=0');
  await ready(page);
  await steps(page, 5);
  const png = Buffer.from(await page.evaluate(async () => Array.from(await window.gan.gridPng())));
  assert.equal(png.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'PNG signature');
  const width = png.readUInt32BE(16), height = png.readUInt32BE(20);
  assert.equal(width, 302);  // 10 tiles of 28 pixels and 11 gaps of 2
  assert.equal(height, 302);
  const [pngFile] = await downloadsOf(page, '#grid-png', 1);
  assert.equal(pngFile.name, 'gan-grid-5.png');
  assert.ok(readFileSync(pngFile.path).equals(png));

  const csv = await page.evaluate(() => window.gan.lossesCsv());
  const lines = csv.trim().split('\n');
  assert.equal(lines[0], 'iteration,d_loss,g_loss,d_real,d_fake');
  assert.equal(lines.length, 1 + 5);
  assert.deepEqual(lines.slice(1).map((l) => Number(l.split(',')[0])), [1, 2, 3, 4, 5]);
  const last = lines[5].split(',').map(Number);
  const s = await stats(page);
  assert.deepEqual(last.slice(1).map(Math.fround), losses(s).map(Math.fround), 'the last row holds the latest losses (as floats)');
  const [csvFile] = await downloadsOf(page, '#losses-csv', 1);
  assert.equal(csvFile.name, 'gan-losses-5.csv');
  assert.equal(readFileSync(csvFile.path, 'utf8'), csv);
  assert.deepEqual(problems, []);
  await context.close();
});
