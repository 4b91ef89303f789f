// Fresh browser each rep: trace the page from load to 4 s after the dashboard's 4th iteration; print long main-thread tasks (> MIN ms) after the dashboard started, with their children > 6 ms.
import { readFileSync } from 'node:fs';
import { serve } from '../serve.mjs';
import { launchBrowser, waitFor } from './browser.mjs';
const dir = process.env.SITE, q = process.env.Q || 'preset=book&seed=1&threads=2';
const server = await serve({ dir, port: 0, base: '/g/', isolate: true });
for (let rep = 0; rep < Number(process.env.REPS || 2); ++rep) {
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto('about:blank');
  await browser.startTracing(page, { path: '/tmp/trace_lf.json', categories: ['toplevel', 'v8', 'v8.wasm', 'blink.user_timing', 'devtools.timeline', 'gpu', 'blink'] });
  await page.goto(`http://127.0.0.1:${server.address().port}/g/?${q}`);
  await waitFor(page, () => window.gan && window.gan.stats() && window.gan.stats().iteration > 3, null, 60000);
  const measured = await page.evaluate(() => performance.now());
  await page.waitForTimeout(Number(process.env.WAIT || 4000));
  const rr = await page.evaluate(() => window.ganTimings.runtimeReady);
  await browser.stopTracing();
  await browser.close();
  const ev = JSON.parse(readFileSync('/tmp/trace_lf.json', 'utf8')).traceEvents;
  const names = new Map(); for (const e of ev) if (e.ph === 'M' && e.name === 'thread_name') names.set(e.pid + ':' + e.tid, e.args.name);
  const t0 = ev.filter((e) => e.name === 'navigationStart').pop().ts;
  const main = ev.filter((e) => e.ph === 'X' && names.get(e.pid + ':' + e.tid) === 'CrRendererMain');
  console.log(`rep ${rep}: dashboard runtime ready ${Math.round(rr)}, measuring from ${Math.round(measured)}`);
  const tops = main.filter((e) => e.name === 'ThreadControllerImpl::RunTask' && e.dur > Number(process.env.MIN || 40) * 1000 && (e.ts - t0) / 1000 > rr - 50);
  for (const t of tops) {
    console.log(`  task at ${Math.round((t.ts - t0) / 1000)} for ${Math.round(t.dur / 1000)} ms`);
    const kids = main.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur && e.dur > 6000 && !/RunTask|callFunction|FunctionCall|AsyncTask|TimerBase|TimerFire/.test(e.name));
    for (const k of kids.slice(0, 14)) console.log(`     +${Math.round((k.ts - t.ts) / 1000)} ${Math.round(k.dur / 1000)} ${k.name} ${JSON.stringify(k.args?.data || k.args || {}).slice(0, 80)}`);
  }
}
server.close();
