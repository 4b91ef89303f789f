// First iteration (ms after navigation), sites A/B alternating (SITES=a,b), raw open (no listeners).
import { serve } from '../serve.mjs';
import { launchBrowser, waitFor } from './browser.mjs';
const dirs = process.env.SITES.split(','), q = process.env.Q || 'seed=1', reps = Number(process.env.REPS || 6);
const servers = await Promise.all(dirs.map((dir) => serve({ dir, port: 0, base: '/g/', isolate: process.env.ISO !== '0' })));
const browser = await launchBrowser();
const res = dirs.map(() => []);
for (let r = 0; r < reps; ++r) for (let i = 0; i < dirs.length; ++i) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const loads = [];
  page.on('console', (m) => { const x = m.text().match(/TIMING load ([\d.]+)/); if (x) loads.push(Number(x[1])); });
  await page.goto(`http://127.0.0.1:${servers[i].address().port}/g/?${q}`);
  await waitFor(page, () => window.ganTimings && window.ganTimings.workerFirstIteration && window.gan && window.gan.stats(), null, 60000);
  const t = await page.evaluate(() => ({ ...window.ganTimings.worker, first: window.ganTimings.workerFirstIteration, dash: window.ganTimings.firstIteration || 0 }));
  await page.waitForTimeout(50); t.load = loads[0] || 0;
  res[i].push(t);
  await context.close();
}
const med = (a) => a.slice().sort((x, y) => x - y)[Math.floor(a.length / 2)];
for (let i = 0; i < dirs.length; ++i) {
  const keys = ['workerScript', 'wasmDownloaded', 'wasmCompiled', 'runtimeReady', 'digits.gdsArrived', 'digits.gdsProcessed', 'firstIteration', 'firstSliceEnd', 'first'];
  console.log(dirs[i].slice(-14).padEnd(14), keys.map((k) => k.replace('digits.', '') + ' ' + Math.round(med(res[i].map((x) => x[k])))).join(', '), '| firsts', res[i].map((x) => Math.round(x.first)).join(' '));
}
await browser.close(); servers.forEach((s) => s.close());
