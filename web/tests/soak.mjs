// Soak test (not part of the suite: it runs for half an hour). The page trains in headless Chromium
// for --minutes (default 30) while the JS heap and the wasm memory are sampled every minute; halfway,
// absurd learning rates force a divergence, which must be caught and shown, and a Reset must recover
// without a reload. Prints a Markdown table and writes it to --out (default docs/soak.md).
//   node web/tests/soak.mjs [--minutes 30] [--out docs/soak.md]
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { startSite, launchBrowser, openPage, waitFor } from './browser.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf('--' + name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const minutes = Math.max(2, Math.min(240, Number(arg('minutes', 30)) || 30));
const out = arg('out', 'docs/soak.md');

const { server, url } = await startSite();
const browser = await launchBrowser();
const { page, problems } = await openPage(browser, url);
const cdp = await page.context().newCDPSession(page);
await cdp.send('Performance.enable');
await waitFor(page, () => window.gan && window.gan.stats() && window.gan.stats().iteration > 0, null, 120000);

const sample = async (minute, note) => {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const heap = metrics.find((m) => m.name === 'JSHeapUsedSize').value;
  const s = await page.evaluate(() => ({ ...window.gan.stats(), wasmBytes: window.Module.HEAP8.length }));
  return { minute, iteration: s.iteration, itsPerSec: s.itsPerSec, fps: s.fps, heapMB: heap / 2 ** 20,
    wasmMB: s.wasmBytes / 2 ** 20, error: s.error || '', note, consoleErrors: problems.length };
};

const rows = [await sample(0, 'training started')];
const half = Math.floor(minutes / 2);
let divergence = { caught: false, shown: '', recovered: false };
for (let m = 1; m <= minutes; ++m) {
  await page.waitForTimeout(60000);
  let note = '';
  if (m === half) {
    // Absurd settings: plain SGD at the table's largest rate for both networks diverges within a few
    // iterations. A visitor then lowers the rates again (here: the settings from before) and presses Reset.
    const before = await page.evaluate(() => window.gan.state());
    await page.evaluate(() => ['d', 'g'].forEach((n) => { window.gan.setParam(n + '_optimizer', 'sgd'); window.gan.setParam(n + '_lr', 10); }));
    try {
      await waitFor(page, () => window.gan.stats().error !== '', null, 50000);
      divergence.caught = true;
      divergence.shown = await page.evaluate(() => window.gan.stats().error);
      const start = await page.evaluate((b) => {
        for (const n of ['d', 'g']) { window.gan.setParam(n + '_optimizer', b[n + '_optimizer']); window.gan.setParam(n + '_lr', b[n + '_lr']); }
        window.gan.reset();
        return window.gan.stats().iteration;
      }, before);
      await waitFor(page, (b) => window.gan.stats().error === '' && window.gan.stats().iteration > b + 5, start, 60000);
      divergence.recovered = true;
      note = 'SGD at rate 10: divergence caught and shown; rates restored + Reset: training again';
    } catch (e) {
      note = 'SGD at rate 10: ' + (divergence.caught ? 'Reset did not recover' : 'no divergence reported within 50 s');
    }
  }
  rows.push(await sample(m, note));
  const r = rows[rows.length - 1];
  console.log(`minute ${m}: iteration ${r.iteration}, heap ${r.heapMB.toFixed(1)} MB, wasm ${r.wasmMB.toFixed(0)} MB ${note}`);
}

// Flat memory, judged per stretch of steady training: minutes 3 … half−1 (before the forced
// divergence) and half+2 … end (after the Reset). Within each, the mean of the last third of the
// samples is within 20% (or 2 MB) of the mean of the first third: no growth trend. The Reset itself
// may raise the wasm heap once (a new trainer is built before the old one is freed, and a wasm heap
// never shrinks); a leak would keep it climbing. The JS heap is a few MB and moves by a fifth between
// samples as garbage is collected.
const mean = (list, key) => list.reduce((a, r) => a + r[key], 0) / list.length;
const flatIn = (list, key) => {
  if (list.length < 3) return true;
  const third = Math.max(1, Math.floor(list.length / 3));
  const early = mean(list.slice(0, third), key), late = mean(list.slice(-third), key);
  return late <= early * 1.2 || late - early < 2;
};
const stretches = [rows.filter((r) => r.minute >= 3 && r.minute < half), rows.filter((r) => r.minute >= half + 2)];
const flat = (key) => stretches.every((list) => flatIn(list, key));
const verdict = {
  heapFlat: flat('heapMB'), wasmFlat: flat('wasmMB'),
  advancing: rows.every((r, i) => i === 0 || r.iteration > rows[i - 1].iteration || r.note),
  noConsoleErrors: problems.length === 0, divergenceCaught: divergence.caught, recovered: divergence.recovered,
};
const lines = [
  `# Soak test: ${minutes} minutes of training in headless Chromium`,
  '',
  `Run on ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0].model}), \`node web/tests/soak.mjs --minutes ${minutes}\`.`,
  `The default page (preset, seed and dataset as a visitor gets them); at minute ${half} both networks are switched to SGD at rate 10 until training diverges, then the rates are restored and Reset pressed.`,
  '',
  '| minute | iteration | it/s | fps | JS heap (MB) | wasm memory (MB) | console errors | note |',
  '|---:|---:|---:|---:|---:|---:|---:|---|',
  ...rows.map((r) => `| ${r.minute} | ${r.iteration} | ${r.itsPerSec.toFixed(1)} | ${r.fps.toFixed(0)} | ${r.heapMB.toFixed(1)} | ${r.wasmMB.toFixed(0)} | ${r.consoleErrors} | ${r.note} |`),
  '',
  `Divergence message shown: "${divergence.shown}"`,
  '',
  'Verdict: ' + Object.entries(verdict).map(([k, v]) => `${k} ${v ? 'yes' : 'NO'}`).join(', ') + '.',
  problems.length ? '\nConsole problems:\n' + problems.map((p) => '- ' + p).join('\n') : '',
];
writeFileSync(out, lines.join('\n') + '\n');
console.log(lines.join('\n'));
await browser.close();
server.close();
process.exit(Object.values(verdict).every(Boolean) ? 0 : 1);
