// The page's speed in headless Chromium, beside the native trainer in the same run. Prints one JSON
// object: for each preset, the page's training rate with the dashboard drawing, its frame rate, its
// own gan.bench (paused page, fresh trainer), native gan-bench with 1 thread, and the ratios; and,
// with --digits, seconds from navigation until the page's judge first reads FD ≤ 30 and IS ≥ 5.5
// (seeds 1–3 of the default page, each capped at --cap seconds). No timed assertion anywhere.
//   node bench/web.mjs --site build/web/site --native build/native/bin [--digits] [--cap 600]
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { resolve } from 'node:path';

const arg = (name, fallback) => {
  const i = process.argv.indexOf('--' + name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
process.env.GAN_SITE_DIR = resolve(arg('site', 'build/web/site'));
const nativeBin = resolve(arg('native', 'build/native/bin'));
const cap = Number(arg('cap', 600));
const { startSite, launchBrowser, openPage, waitFor } = await import('../web/tests/browser.mjs');

const { server, url } = await startSite();
const browser = await launchBrowser();
const result = { date: new Date().toISOString(), cores: cpus().length, cpu: cpus()[0].model, presets: {} };

const native = (preset) => {
  const out = execFileSync(`${nativeBin}/gan-bench`, ['--preset', preset, '--threads', '1', '--iterations', '20', '--reps', '5']);
  return JSON.parse(out.toString().trim().split('\n').pop()).its_per_s;
};

for (const preset of ['book', 'quick', 'clean']) {
  const { page, context } = await openPage(browser, `${url}?preset=${preset}&seed=1`);
  await waitFor(page, () => window.gan && window.gan.stats() && window.gan.stats().iteration > 3, null, 120000);
  // Training with the dashboard drawing: iterations and frames over 20 s.
  const a = await page.evaluate(() => ({ it: window.gan.stats().iteration, t: performance.now() }));
  const frames = await page.evaluate(() => new Promise((done) => {
    let n = 0, worst = 0, last = performance.now();
    const end = last + 20000;
    const tick = (now) => { worst = Math.max(worst, now - last); last = now; ++n; if (now < end) requestAnimationFrame(tick); else done({ n, worst }); };
    requestAnimationFrame(tick);
  }));
  const b = await page.evaluate(() => ({ it: window.gan.stats().iteration, t: performance.now() }));
  const pageRate = (b.it - a.it) / ((b.t - a.t) / 1000);
  const timings = await page.evaluate(() => window.ganTimings);
  const pageStats = await page.evaluate(() => window.gan.stats());
  await page.evaluate(() => window.gan.pause());
  const bench = await page.evaluate(() => window.gan.bench(20, 3));
  const nativeRate = native(preset);
  result.presets[preset] = {
    pageItsPerSecWithUi: +pageRate.toFixed(2), fps: +(frames.n / 20).toFixed(1), worstFrameMs: +frames.worst.toFixed(0),
    pageBenchItsPerSec: bench.its_per_s ?? bench.itsPerSec ?? bench, nativeItsPerSec1Thread: nativeRate,
    ratioWithUi: +(pageRate / nativeRate).toFixed(3), ratioBench: +((bench.its_per_s || 0) / nativeRate).toFixed(3),
    firstIterationMsWorker: timings.workerFirstIteration ? +timings.workerFirstIteration.toFixed(0) : null,
    firstIterationMsDashboard: timings.firstIteration ? +timings.firstIteration.toFixed(0) : null,
    pageWorstFrameMs: pageStats.worstFrameMs, threads: pageStats.threads,
  };
  await context.close();
}

if (process.argv.includes('--digits')) {
  result.secondsToDigits = {};
  for (const seed of [1, 2, 3]) {
    const { page, context } = await openPage(browser, `${url}?seed=${seed}`);
    const t0 = Date.now();
    try {
      await waitFor(page, () => { const s = window.gan && window.gan.stats(); return s && s.judgedAt > 0 && s.frechet <= 30 && s.inceptionScore >= 5.5; }, null, cap * 1000);
      const s = await page.evaluate(() => window.gan.stats());
      result.secondsToDigits[seed] = { seconds: +((Date.now() - t0) / 1000).toFixed(1), iteration: s.judgedAt, frechet: s.frechet, is: s.inceptionScore };
    } catch {
      const s = await page.evaluate(() => window.gan.stats());
      result.secondsToDigits[seed] = { seconds: `> ${cap}`, iteration: s.iteration, frechet: s.frechet, is: s.inceptionScore };
    }
    await context.close();
  }
}
console.log(JSON.stringify(result, null, 1));
await browser.close();
server.close();
