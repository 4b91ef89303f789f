// The page's training speed beside TensorFlow.js training the same book GAN, in one headless
// Chromium run. Prints one JSON object: per round, the page's gan.bench (book, in its Worker, with 1
// and with 2 training threads) and TF.js 4.22 (bench/tfjs/gan.js) on its wasm backend (SIMD, on the
// page's thread as TF.js runs), its WebGL backend (software WebGL on a machine without a GPU) and,
// in the first round, its plain-JavaScript CPU backend; then the medians and the ratios, and the
// GFLOP/s of TF.js's wasm matMul for the three product shapes of a dense layer's training. Rounds
// alternate the contenders so that a change in the host's speed falls on all of them.
// No timed assertion anywhere.
//   node bench/tfjs.mjs --site build/web/site [--rounds 3]
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const arg = (name, fallback) => {
  const i = process.argv.indexOf('--' + name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
process.env.GAN_SITE_DIR = resolve(arg('site', 'build/web/site'));
const rounds = Number(arg('rounds', 3));
const here = dirname(fileURLToPath(import.meta.url));
const { startSite, launchBrowser, openPage, waitFor } = await import('../web/tests/browser.mjs');
const { serve } = await import('../web/serve.mjs');

// TF.js's page: bench/tfjs beside TF.js's own scripts and wasm binaries from web/tests/node_modules.
const tfjsDir = mkdtempSync(join(tmpdir(), 'gan-tfjs-bench-'));
const modules = join(here, '..', 'web', 'tests', 'node_modules', '@tensorflow');
for (const f of readdirSync(join(here, 'tfjs'))) copyFileSync(join(here, 'tfjs', f), join(tfjsDir, f));
copyFileSync(join(modules, 'tfjs', 'dist', 'tf.min.js'), join(tfjsDir, 'tf.min.js'));
for (const f of readdirSync(join(modules, 'tfjs-backend-wasm', 'dist')).filter((f) => f === 'tf-backend-wasm.min.js' || f.endsWith('.wasm')))
  copyFileSync(join(modules, 'tfjs-backend-wasm', 'dist', f), join(tfjsDir, f));

const site = await startSite();
const tfjsServer = await serve({ dir: tfjsDir, port: 0, base: '/tfjs/', isolate: true });
const tfjsUrl = `http://127.0.0.1:${tfjsServer.address().port}/tfjs/`;
const browser = await launchBrowser();

// The page's own benchmark: a fresh book trainer in its Worker, the dashboard paused.
async function pageBench(threads) {
  const { page, context } = await openPage(browser, `${site.url}?preset=book&threads=${threads}`);
  await waitFor(page, () => window.gan && window.gan.stats() && window.gan.stats().iteration > 3, null, 120000);
  await page.evaluate(() => window.gan.pause());
  await page.waitForTimeout(4000);  // past the dashboard's start and the judge's first preparation
  const bench = await page.evaluate(() => window.gan.bench(20, 3));
  const stats = await page.evaluate(() => window.gan.stats());
  await context.close();
  return { itsPerSec: bench.its_per_s, threads: stats.threads };
}

async function tfjsMatMul(backend) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(tfjsUrl);
  const result = await page.evaluate((b) => window.tfjsMatMulGflops(b), backend);
  await context.close();
  return result;
}

async function tfjsBench(backend, iterations, reps) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(tfjsUrl);
  const result = await page.evaluate(([b, n, r]) => window.tfjsGanBench(b, n, r), [backend, iterations, reps]);
  await context.close();
  if (problems.length) throw new Error('TF.js page: ' + problems.join('; '));
  // The comparison holds only for the book's networks (the counts the Catch2 suite asserts for ours).
  if (result.params[0] !== 1526288 || result.params[1] !== 201217)
    throw new Error(`TF.js's networks have ${result.params} parameters, not the book's 1526288 and 201217`);
  const sorted = result.itsPerSec.slice().sort((x, y) => x - y);
  return { ...result, itsPerSec: sorted[Math.floor(sorted.length / 2)] };
}

const median = (xs) => { const s = xs.slice().sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const result = { date: new Date().toISOString(), cores: cpus().length, cpu: cpus()[0].model, rounds: [] };
try {
  for (let r = 0; r < rounds; ++r) {
    const round = {
      page1: await pageBench(1),
      tfjsWasm: await tfjsBench('wasm', 10, 2),
      page2: await pageBench(2),
      tfjsWebgl: await tfjsBench('webgl', 10, 2),
    };
    if (r === 0) round.tfjsCpu = await tfjsBench('cpu', 3, 1);
    result.rounds.push(round);
    process.stderr.write(`round ${r + 1}: ${JSON.stringify(round)}\n`);
  }
  const med = (key) => +median(result.rounds.filter((x) => x[key]).map((x) => x[key].itsPerSec)).toFixed(2);
  result.params = result.rounds[0].tfjsWasm.params;
  result.tfjsWasmThreads = result.rounds[0].tfjsWasm.threads;
  result.tfjsWasmMatMulGflops = await tfjsMatMul('wasm');
  result.medians = { page1: med('page1'), page2: med('page2'), tfjsWasm: med('tfjsWasm'), tfjsWebgl: med('tfjsWebgl'), tfjsCpu: med('tfjsCpu') };
  const m = result.medians;
  result.ratios = {
    page1OverTfjsWasm: +(m.page1 / m.tfjsWasm).toFixed(1), page2OverTfjsWasm: +(m.page2 / m.tfjsWasm).toFixed(1),
    page1OverTfjsWebgl: +(m.page1 / m.tfjsWebgl).toFixed(1), page1OverTfjsCpu: +(m.page1 / m.tfjsCpu).toFixed(1),
  };
  console.log(JSON.stringify(result, null, 1));
} finally {
  await browser.close();
  site.server.close();
  tfjsServer.close();
  rmSync(tfjsDir, { recursive: true, force: true });
}
