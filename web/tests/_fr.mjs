// A/B (SITES=a,b alternating): worst frame over SECS s from the dashboard's 4th iteration (as bench/web.mjs), gaps > 70 ms with their times, and start timings.
import { serve } from '../serve.mjs';
import { launchBrowser, openPage, waitFor } from './browser.mjs';
const dirs = process.env.SITES.split(','), q = process.env.QS || 'preset=swift', secs = Number(process.env.SECS || 8);
const servers = await Promise.all(dirs.map((dir) => serve({ dir, port: 0, base: '/g/', isolate: true })));
const browser = await launchBrowser();
const worst = dirs.map(() => []);
for (let rep = 0; rep < Number(process.env.REPS || 3); ++rep) for (let i = 0; i < dirs.length; ++i) {
  const { page, context } = await openPage(browser, `http://127.0.0.1:${servers[i].address().port}/g/?seed=1&${q}`);
  await waitFor(page, process.env.READY ? (() => window.gan && window.gan.stats() && window.gan.stats().ready) : (() => window.gan && window.gan.stats() && window.gan.stats().iteration > 3), null, 120000);
  const r = await page.evaluate((secs) => new Promise((done) => {
    const gaps = []; let last = performance.now(), n = 0, worst = 0; const start = last, end = last + secs * 1000;
    const tick = (now) => {
      const g = now - last; last = now; ++n; worst = Math.max(worst, g);
      if (g > 70) gaps.push(`${Math.round(g)}@${Math.round(now - start)}`);
      if (now < end) requestAnimationFrame(tick); else done({ n, worst, gaps, rr: Math.round(window.ganTimings.runtimeReady), fi: Math.round(window.ganTimings.firstIteration || 0), wfi: Math.round(window.ganTimings.workerFirstIteration) });
    };
    requestAnimationFrame(tick);
  }), secs);
  worst[i].push(Math.round(r.worst));
  console.log(`${dirs[i].slice(-8)}: worst ${Math.round(r.worst)} fps ${(r.n / secs).toFixed(0)} gaps ${r.gaps.join(' ')} | worker first ${r.wfi} dash ready ${r.rr} dash first ${r.fi}`);
  await context.close();
}
for (let i = 0; i < dirs.length; ++i) console.log(dirs[i], 'worst', worst[i].join(' '));
await browser.close(); servers.forEach((s) => s.close());
