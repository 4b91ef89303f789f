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
    // Absurd rates (the table's maximum) until training diverges; then Reset, as a visitor would.
    await page.evaluate(() => { window.gan.setParam('d_lr', 10); window.gan.setParam('g_lr', 10); });
    try {
      await waitFor(page, () => window.gan.stats().error !== '', null, 50000);
      divergence.caught = true;
      divergence.shown = await page.evaluate(() => window.gan.stats().error);
      await page.evaluate(() => window.gan.reset());
      const before = await page.evaluate(() => window.gan.stats().iteration);
      await waitFor(page, (b) => window.gan.stats().error === '' && window.gan.stats().iteration > b + 5, before, 60000);
      divergence.recovered = true;
      note = 'rates set to 10: divergence caught, Reset recovered';
    } catch (e) {
      note = 'rates set to 10: ' + (divergence.caught ? 'Reset did not recover' : 'no divergence reported within 50 s');
    }
  }
  rows.push(await sample(m, note));
  const r = rows[rows.length - 1];
  console.log(`minute ${m}: iteration ${r.iteration}, heap ${r.heapMB.toFixed(1)} MB, wasm ${r.wasmMB.toFixed(0)} MB ${note}`);
}

// Flat memory: after the first three minutes, neither heap nor wasm memory grows by more than 10%
// (the wasm heap only grows; the JS heap is sampled after a frame, so it moves a little).
const settled = rows.filter((r) => r.minute >= 3);
const growth = (key) => Math.max(...settled.map((r) => r[key])) / Math.min(...settled.map((r) => r[key]));
const verdict = {
  heapFlat: growth('heapMB') < 1.1, wasmFlat: growth('wasmMB') < 1.1,
  advancing: rows.every((r, i) => i === 0 || r.iteration > rows[i - 1].iteration || r.note),
  noConsoleErrors: problems.length === 0, divergenceCaught: divergence.caught, recovered: divergence.recovered,
};
const lines = [
  `# Soak test: ${minutes} minutes of training in headless Chromium`,
  '',
  `Run on ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0].model}), \`node web/tests/soak.mjs --minutes ${minutes}\`.`,
  `The default page (preset, seed and dataset as a visitor gets them); at minute ${half} both learning rates are set to 10.`,
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
