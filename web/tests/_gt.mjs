// Trace one load while recording rAF gaps for SECS s from the dashboard's 4th iteration; for each gap > GAP ms print
// each thread's busy ms (top-level tasks) inside the gap and the main thread's tasks overlapping it.
import { readFileSync } from 'node:fs';
import { serve } from '../serve.mjs';
import { launchBrowser, waitFor } from './browser.mjs';
const dir = process.env.SITE, q = process.env.Q || 'preset=book&seed=1&threads=2', secs = Number(process.env.SECS || 6), gapMs = Number(process.env.GAP || 70);
const server = await serve({ dir, port: 0, base: '/g/', isolate: true });
const browser = await launchBrowser();
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
await page.goto('about:blank');
await browser.startTracing(page, { path: '/tmp/trace_gt.json', categories: ['toplevel', 'v8', 'v8.wasm', 'blink.user_timing', 'devtools.timeline', 'blink', 'gpu'] });
await page.goto(`http://127.0.0.1:${server.address().port}/g/?${q}`);
await waitFor(page, process.env.READY ? (() => window.gan && window.gan.stats() && window.gan.stats().ready) : (() => window.gan && window.gan.stats() && window.gan.stats().iteration > 3), null, 60000);
const r = await page.evaluate(([secs, gapMs]) => new Promise((done) => {
  const gaps = []; let last = -1; const start = performance.now(), end = start + secs * 1000;
  const tick = (now) => { if (last >= 0 && now - last > gapMs) gaps.push([last, now]); last = now; if (now < end) requestAnimationFrame(tick); else done({ start, gaps, rr: window.ganTimings.runtimeReady }); };
  requestAnimationFrame(tick);
}), [secs, gapMs]);
await browser.stopTracing();
await browser.close(); server.close();
const ev = JSON.parse(readFileSync('/tmp/trace_gt.json', 'utf8')).traceEvents;
const names = new Map(); for (const e of ev) if (e.ph === 'M' && e.name === 'thread_name') names.set(e.pid + ':' + e.tid, e.args.name + ':' + e.tid);
const t0 = ev.filter((e) => e.name === 'navigationStart').pop().ts;
const tasks = ev.filter((e) => e.ph === 'X' && /RunTask|ThreadPool_RunTask|ThreadControllerImpl/.test(e.name));
console.log(`dashboard ready ${Math.round(r.rr)}, window from ${Math.round(r.start)}`);
for (const [a, b] of r.gaps) {
  const A = t0 + a * 1000, B = t0 + b * 1000;
  const busy = new Map();
  for (const e of tasks) { const o = Math.min(B, e.ts + e.dur) - Math.max(A, e.ts); if (o > 0) { const k = names.get(e.pid + ':' + e.tid) || e.pid + ':' + e.tid; busy.set(k, (busy.get(k) || 0) + o / 1000); } }
  console.log(`gap ${Math.round(b - a)} ms at ${Math.round(a - r.start)}..${Math.round(b - r.start)} (nav ${Math.round(a)}):`, [...busy].filter(([, v]) => v > 5).sort((x, y) => y[1] - x[1]).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', '));
  const mains = ev.filter((e) => e.ph === 'X' && (names.get(e.pid + ':' + e.tid) || '').startsWith('CrRendererMain') && e.name === 'ThreadControllerImpl::RunTask' && e.ts < B && e.ts + e.dur > A && e.dur > 5000);
  for (const m of mains) {
    const kids = ev.filter((e) => e.ph === 'X' && e.pid === m.pid && e.tid === m.tid && e.ts >= m.ts && e.ts + e.dur <= m.ts + m.dur && e.dur > 4000 && !/RunTask|callFunction|FunctionCall|AsyncTask|BeginMainFrame|Animate|serviceScripted|ExecuteFrameCallbacks/.test(e.name));
    console.log(`   main task ${Math.round((m.ts - t0) / 1000)} +${Math.round(m.dur / 1000)}: ${kids.slice(0, 6).map((k) => `${k.name} ${Math.round(k.dur / 1000)}`).join('; ')}`);
  }
}
