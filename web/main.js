// Starts the demo page: checks for WebAssembly and WebGL 2, downloads the compiled app and the
// dataset with a progress bar, runs the Emscripten module, and exposes window.gan for scripting.
// All paths are relative, so the folder works from any sub-path (e.g. a GitHub Pages project site).
(function () {
  'use strict';
  const params = new URLSearchParams(window.location.search);
  const $ = (id) => document.getElementById(id);
  const timings = (window.ganTimings = { pageStart: performance.now() });

  function showError(message) {
    $('loading').hidden = true;
    $('error').hidden = !message;
    $('error-text').textContent = message || '';
    if (message) console.error('gan: ' + message);
  }
  window.addEventListener('error', (e) => showError('Unexpected error: ' + e.message));

  if (typeof WebAssembly !== 'object') {
    showError('This browser does not support WebAssembly, which the demo needs to train the networks.');
    return;
  }
  if (!document.createElement('canvas').getContext('webgl2')) {
    showError('This browser (or its settings) does not provide WebGL 2, which the demo needs to draw.');
    return;
  }

  // URL parameters become the app's command line; the app validates them and explains refusals.
  const args = [];
  for (const key of ['preset', 'seed', 'dataset', 'autostart']) {
    if (params.has(key)) args.push('--' + key, params.get(key));
  }
  const bench = params.get('bench') === '1';
  if (bench) args.push('--autostart', '0');
  const firstDataset = params.get('dataset') === 'fashion' ? 'fashion' : 'digits';
  const firstFiles = [firstDataset + '.gds', firstDataset + '.gjd'];  // the data and its judge

  // Downloads url into a Uint8Array, reporting bytes received to onProgress(received, total).
  async function download(url, onProgress) {
    let response;
    try {
      response = await fetch(url);
    } catch (e) {
      throw new Error('could not download ' + url + ' (' + e.message + ')');
    }
    if (!response.ok) throw new Error('could not download ' + url + ' (HTTP ' + response.status + ')');
    const total = Number(response.headers.get('Content-Length')) || 0;
    if (!response.body || !response.body.getReader) return new Uint8Array(await response.arrayBuffer());
    const reader = response.body.getReader();
    const chunks = [];
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      onProgress(received, total);
    }
    const bytes = new Uint8Array(received);
    let at = 0;
    for (const c of chunks) { bytes.set(c, at); at += c.length; }
    return bytes;
  }

  const progress = {};
  function report(name, received, total) {
    progress[name] = { received, total };
    let r = 0, t = 0;
    for (const p of Object.values(progress)) { r += p.received; t += p.total || p.received; }
    $('loading-bar').value = t ? r / t : 0;
    $('loading-text').textContent = 'Downloading… ' + (r / 1048576).toFixed(1) + ' MB' + (t ? ' of ' + (t / 1048576).toFixed(1) + ' MB' : '');
  }

  const assetsInFs = new Set();
  function assetArrived(name, error) {
    Module.ccall('gan_asset_arrived', null, ['string', 'string'], [name, error]);
  }

  window.Module = {
    canvas: $('canvas'),
    arguments: args,
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    onAbort: (what) => showError('The demo stopped unexpectedly: ' + what),
    // Called by the app when it needs an asset file (the first dataset's are already there).
    ganRequestAsset(file) {
      if (assetsInFs.has(file)) { setTimeout(() => assetArrived(file, ''), 0); return; }
      download('assets/' + file, () => {})
        .then((bytes) => {
          Module.FS.writeFile('/assets/' + file, bytes);
          assetsInFs.add(file);
          assetArrived(file, '');
        })
        .catch((e) => assetArrived(file, e.message));
    },
    ganShowError: showError,
    onRuntimeInitialized() {
      $('loading').hidden = true;
      timings.runtimeReady = performance.now();
      installHandle();
      watchFirstIteration();
      if (bench) runBenchmark();
    },
  };

  function installHandle() {
    const call = (name, ret, types, values) => Module.ccall(name, ret, types, values);
    window.gan = {
      stats: () => JSON.parse(call('gan_stats_json', 'string', [], [])),
      pause: () => call('gan_set_running', null, ['number'], [0]),
      resume: () => call('gan_set_running', null, ['number'], [1]),
      step: (n = 1) => call('gan_step', null, ['number'], [n | 0]),
      reset: (seed) => call('gan_reset', null, ['number'], [seed === undefined ? window.gan.stats().seed : Number(seed)]),
      setPreset: (name) => call('gan_set_preset', 'number', ['string'], [String(name)]) === 1,
      setDataset: (name) => call('gan_set_dataset', 'number', ['string'], [String(name)]) === 1,
      setParam: (name, value) => call('gan_set_param', 'number', ['string', 'string'], [String(name), String(value)]) === 1,
      bench: (iterations = 10, reps = 3) => JSON.parse(call('gan_bench', 'string', ['number', 'number'], [iterations, reps])),
    };
  }

  function watchFirstIteration() {
    const poll = () => {
      const s = window.gan.stats();  // null until the app's first frame
      if (s && s.iteration > 0) timings.firstIteration = performance.now();
      else requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  }

  function runBenchmark() {
    const out = $('bench-result');
    out.hidden = false;
    out.textContent = 'benchmark running…';
    const wait = () => {
      const s = window.gan.stats();
      if (!s || s.loading) { setTimeout(wait, 100); return; }
      setTimeout(() => {
        const result = window.gan.bench(Number(params.get('iterations')) || 10, Number(params.get('reps')) || 3);
        result.userAgent = navigator.userAgent;
        out.textContent = JSON.stringify(result);
        window.ganBenchResult = result;
        console.log('GAN_BENCH ' + JSON.stringify(result));
      }, 200);
    };
    wait();
  }

  // The judge is optional: if it cannot be downloaded the app trains without it and says so.
  const optional = (promise) => promise.catch(() => null);
  Promise.all([
    download('gan-web.wasm', (r, t) => report('wasm', r, t)),
    download('assets/' + firstFiles[0], (r, t) => report('data', r, t)),
    optional(download('assets/' + firstFiles[1], (r, t) => report('judge', r, t))),
  ])
    .then(([wasm, data, judge]) => {
      timings.downloaded = performance.now();
      $('loading-text').textContent = 'Starting…';
      Module.wasmBinary = wasm.buffer;
      Module.preRun = [() => {
        Module.FS.mkdir('/assets');
        Module.FS.writeFile('/assets/' + firstFiles[0], data);
        assetsInFs.add(firstFiles[0]);
        if (judge) {
          Module.FS.writeFile('/assets/' + firstFiles[1], judge);
          assetsInFs.add(firstFiles[1]);
        }
      }];
      const script = document.createElement('script');
      script.src = 'gan-web.js';
      script.onerror = () => showError('could not download gan-web.js');
      document.body.appendChild(script);
    })
    .catch((e) => showError(e.message));
})();
