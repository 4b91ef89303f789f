// Trace one load; for main-thread tasks > MIN ms after dashboard runtime ready: sum of child event durations by name (self-nesting ignored), counts.
import { readFileSync } from 'node:fs';
import { serve } from '../serve.mjs';
import { launchBrowser, waitFor } from './browser.mjs';
const dir = process.env.SITE, q = process.env.Q || 'preset=book&seed=1&threads=2';
const server = await serve({ dir, port: 0, base: '/g/', isolate: true });
const browser = await launchBrowser();
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
await page.goto('about:blank');
await browser.startTracing(page, { path: '/tmp/trace_ff.json', categories: ['toplevel', 'v8', 'v8.wasm', 'blink.user_timing', 'devtools.timeline', 'blink', 'disabled-by-default-devtools.timeline'] });
await page.goto(`http://127.0.0.1:${server.address().port}/g/?${q}`);
await waitFor(page, () => window.gan && window.gan.stats() && window.gan.stats().iteration > 3, null, 60000);
await page.waitForTimeout(2000);
const rr = await page.evaluate(() => window.ganTimings.runtimeReady);
await browser.stopTracing();
await browser.close(); server.close();
const ev = JSON.parse(readFileSync('/tmp/trace_ff.json', 'utf8')).traceEvents;
const names = new Map(); for (const e of ev) if (e.ph === 'M' && e.name === 'thread_name') names.set(e.pid + ':' + e.tid, e.args.name);
const t0 = ev.filter((e) => e.name === 'navigationStart').pop().ts;
const main = ev.filter((e) => e.ph === 'X' && names.get(e.pid + ':' + e.tid) === 'CrRendererMain');
const tops = main.filter((e) => e.name === 'ThreadControllerImpl::RunTask' && e.dur > Number(process.env.MIN || 40) * 1000 && (e.ts - t0) / 1000 > rr - 50);
for (const t of tops.slice(0, Number(process.env.N || 4))) {
  console.log(`task at ${Math.round((t.ts - t0) / 1000)} for ${Math.round(t.dur / 1000)} ms`);
  const sums = new Map();
  for (const k of main) if (k !== t && k.ts >= t.ts && k.ts + k.dur <= t.ts + t.dur) {
    const s = sums.get(k.name) || [0, 0]; s[0] += k.dur / 1000; s[1]++; sums.set(k.name, s);
  }
  for (const [n, [d, c]] of [...sums].sort((a, b) => b[1][0] - a[1][0]).slice(0, 25)) console.log(`   ${d.toFixed(1).padStart(6)} ms ${String(c).padStart(4)}x ${n}`);
}
