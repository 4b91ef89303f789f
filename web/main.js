// Starts the demo page: checks for WebAssembly and WebGL 2, downloads the compiled app and the
// first dataset with a progress bar, runs the Emscripten module, exposes window.gan for scripting,
// and wires the page around the canvas: HTML buttons, a spoken summary, the link in the address
// bar, and which wheel, key and touch events the dashboard gets (the rest scroll the page).
// All paths are relative, so the folder works from any sub-path (e.g. a GitHub Pages project site).
(function () {
  'use strict';
  const params = new URLSearchParams(window.location.search);
  const $ = (id) => document.getElementById(id);
  const timings = (window.ganTimings = { pageStart: performance.now() });

  function showError(message, hint) {
    $('loading').hidden = true;
    $('error').hidden = !message;
    $('error-text').textContent = message || '';
    $('error-hint').textContent = hint || 'Try reloading the page.';
    if (message) console.error('gan: ' + message);
  }
  window.addEventListener('error', (e) => showError('Unexpected error: ' + e.message));

  const browserHint = 'The demo needs a browser with WebAssembly and WebGL 2 (any current Chrome, Edge, Firefox or Safari).';
  if (typeof WebAssembly !== 'object') {
    showError('This browser does not support WebAssembly, which the demo needs to train the networks.', browserHint);
    return;
  }
  if (!document.createElement('canvas').getContext('webgl2')) {
    showError('This browser (or its settings) does not provide WebGL 2, which the demo needs to draw.', browserHint);
    return;
  }

  // Every URL parameter becomes an option of the app (?g_lr=2e-4 -> --g_lr 2e-4), which validates
  // it and explains refusals.
  const args = [];
  for (const [key, value] of params) args.push('--' + key, value);
  const bench = params.get('bench') === '1';

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

  // The first dataset's files are fetched while the app compiles. Only a guess: the app decides
  // what it needs and asks through ganRequestAsset, which then takes the download already made.
  // Digits are the fallback of every run, so without them nothing can start.
  const prefetchable = ['digits', 'fashion'];
  const firstDataset = prefetchable.includes(params.get('dataset')) ? params.get('dataset') : 'digits';
  const prefetched = new Map();  // file -> Promise of its bytes
  for (const file of [firstDataset + '.gds', firstDataset + '.gjd']) {
    prefetched.set(file, download('assets/' + file, (r, t) => report(file, r, t)));
  }

  const assetsInFs = new Set();
  function assetArrived(file, error) {
    Module.ccall('gan_asset_arrived', null, ['string', 'string'], [file, error]);
  }

  window.Module = {
    canvas: $('canvas'),
    arguments: args,
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    onAbort: (what) => showError('The demo stopped unexpectedly: ' + what),
    // Called by the app when it needs an asset file.
    ganRequestAsset(file) {
      if (assetsInFs.has(file)) { setTimeout(() => assetArrived(file, ''), 0); return; }
      const bytes = prefetched.get(file) || download('assets/' + file, () => {});
      prefetched.delete(file);
      bytes
        .then((b) => {
          Module.FS.writeFile('/assets/' + file, b);
          assetsInFs.add(file);
          assetArrived(file, '');
        })
        .catch((e) => assetArrived(file, e.message));
    },
    ganShowError: (message) => showError(message),
    ganBenchDone(json) {
      const out = $('bench-result');
      const result = JSON.parse(json);
      result.userAgent = navigator.userAgent;
      out.textContent = JSON.stringify(result);
      window.ganBenchResult = result;
      console.log('GAN_BENCH ' + JSON.stringify(result));
    },
    onRuntimeInitialized() {
      $('loading').hidden = true;
      timings.runtimeReady = performance.now();
      installHandle();
      routeEvents();
      wirePage();
      watchFirstIteration();
    },
  };

  function installHandle() {
    const call = (name, ret, types, values) => Module.ccall(name, ret, types, values);
    const json = (name, types = [], values = []) => JSON.parse(call(name, 'string', types, values));
    // Resolves once queued steps are done (they run over several frames, so the page never freezes).
    const stepsDone = () => new Promise((resolve) => {
      const check = () => {
        const s = window.gan.stats();
        if (!s || s.pendingSteps === 0 || s.error) resolve(s ? s.iteration : 0);
        else setTimeout(check, 16);
      };
      check();
    });
    // Runs fill(out, size) on a scratch buffer in wasm memory and returns a copy of what it wrote.
    const pixels = (n, fill) => {
      const size = Math.max(0, n | 0) * Module._gan_image_size();
      if (size <= 0) return null;
      const out = Module._malloc(size);
      try {
        const written = fill(out, size);
        return written === size ? Module.HEAPU8.slice(out, out + size) : null;
      } finally { Module._free(out); }
    };
    window.gan = {
      stats: () => json('gan_stats_json'),
      state: () => json('gan_state_json'),
      link: () => location.origin + location.pathname + '?' + call('gan_link_query', 'string', [], []),
      pause: () => call('gan_set_running', null, ['number'], [0]),
      resume: () => call('gan_set_running', null, ['number'], [1]),
      step: (n = 1) => { call('gan_step', null, ['number'], [n | 0]); return stepsDone(); },
      reset: (seed) => call('gan_reset', null, ['number'], [seed === undefined ? window.gan.stats().seed : Number(seed)]),
      newSeed: () => call('gan_new_seed', null, [], []),
      setPreset: (name) => call('gan_set_preset', 'number', ['string'], [String(name)]) === 1,
      setDataset: (name) => call('gan_set_dataset', 'number', ['string'], [String(name)]) === 1,
      // A number goes through as a number (no text in between); text is parsed strictly by the app.
      setParam: (name, value) => (typeof value === 'number'
        ? call('gan_set_param_number', 'number', ['string', 'number'], [String(name), value])
        : call('gan_set_param_text', 'number', ['string', 'string'], [String(name), String(value)])) === 1,
      dismissNotice: () => call('gan_dismiss_notice', null, [], []),
      bench: (iterations = 10, reps = 3) => json('gan_bench', ['number', 'number'], [iterations | 0, reps | 0]),
      // n images (Uint8Array of n × imageSize, row-major, 0 = black) from fresh noise, by the displayed generator.
      samples: (n = 100) => pixels(n, (out, size) => Module._gan_samples(n | 0, out, size)),
      // Images for the given noise (Float32Array of n × 256, one z after another).
      generate: (z) => {
        const n = Math.floor(z.length / 256);
        if (n < 1 || z.length !== n * 256) return null;
        const zp = Module._malloc(z.length * 4);
        Module.HEAPF32.set(z, zp / 4);
        try { return pixels(n, (out, size) => Module._gan_generate(zp, n, out, size)); } finally { Module._free(zp); }
      },
      // Where a dashboard widget is ({x, y, w, h} in CSS pixels from the canvas's corner), for scripts and tests.
      widgetRect: (name) => json('gan_widget_rect', ['string'], [String(name)]),
    };
  }

  // The canvas gets keys only while focused (SDL listens on it alone), and of those only what the
  // dashboard uses: Tab always moves focus on, and arrows, Page Up/Down and the like scroll the page
  // unless a number box is being edited. A wheel turn or a vertical swipe scrolls the page unless
  // the dashboard has something under the pointer that scrolls. Listeners on window in the capture
  // phase run before SDL's on the canvas; stopping the event there keeps SDL from cancelling it.
  function routeEvents() {
    const canvas = $('canvas');
    const pageKeys = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'PageUp', 'PageDown', 'Home', 'End', ' ']);
    window.addEventListener('keydown', (e) => {
      if (e.target !== canvas) return;
      if (e.key === 'Tab' || (pageKeys.has(e.key) && !Module._gan_keyboard_wanted())) e.stopPropagation();
    }, true);
    // SDL cancels mousedown on the canvas, which would also keep it from taking focus.
    canvas.addEventListener('mousedown', () => canvas.focus({ preventScroll: true }), true);
    // Leaving the canvas (Tab, a click elsewhere) ends an edit in a number box as clicking away does.
    canvas.addEventListener('blur', () => Module._gan_pointer_cancel());
    window.addEventListener('wheel', (e) => {
      if (e.target === canvas && !Module._gan_wheel_wanted(e.deltaY)) e.stopPropagation();
    }, { capture: true, passive: true });
    // Touch: SDL sees the finger go down (a tap is a click), but not its cancelling of touchstart,
    // which would forbid scrolling. The first move decides: vertical scrolls the page (and the
    // dashboard lets go of what the finger pressed), horizontal drags a slider.
    let touch = null;
    const keepDefault = (e) => Object.defineProperty(e, 'preventDefault', { value: () => {} });
    window.addEventListener('touchstart', (e) => {
      if (e.target !== canvas) return;
      touch = e.touches.length === 1 ? { x: e.touches[0].clientX, y: e.touches[0].clientY, mode: '' } : null;
      keepDefault(e);
    }, { capture: true, passive: true });
    window.addEventListener('touchmove', (e) => {
      if (e.target !== canvas || !touch) return;
      if (!touch.mode) {
        const t = e.touches[0];
        touch.mode = Math.abs(t.clientY - touch.y) > Math.abs(t.clientX - touch.x) ? 'page' : 'dashboard';
        if (touch.mode === 'page') Module._gan_pointer_cancel();
      }
      if (touch.mode === 'page') e.stopPropagation();
      else if (e.cancelable) e.preventDefault();
    }, { capture: true, passive: false });
    // After a scroll the browser no longer lets touchend be cancelled (and warns if SDL tries).
    window.addEventListener('touchend', (e) => {
      touch = null;
      if (e.target === canvas && !e.cancelable) keepDefault(e);
    }, { capture: true, passive: true });
  }

  // The page around the canvas: buttons, the summary read out by screen readers, the link in the
  // address bar, and (on phones) a canvas as tall as the dashboard so the page itself scrolls.
  function wirePage() {
    const gan = window.gan;
    const buttons = ['play', 'step', 'reset', 'new-seed', 'copy-link'];
    for (const id of buttons) $(id).disabled = false;
    $('play').addEventListener('click', () => (gan.stats().running ? gan.pause() : gan.resume()));
    $('step').addEventListener('click', () => { gan.pause(); gan.step(1); });
    $('reset').addEventListener('click', () => gan.reset());
    $('new-seed').addEventListener('click', () => gan.newSeed());
    $('copy-link').addEventListener('click', async () => {
      const link = gan.link();
      const status = $('link-status');
      try {
        await navigator.clipboard.writeText(link);
        status.textContent = 'Link copied.';
      } catch (e) {
        status.textContent = 'Copy this link: ' + link;
      }
    });

    let settingKeys = null;  // the names in gan.state(), known from the app's first frame on
    let lastQuery = '', lastSummary = 0, stageHeight = 0;
    const stage = $('stage');
    const tick = () => {
      const s = gan.stats();
      if (s) {
        settingKeys = settingKeys || new Set(Object.keys(gan.state()));
        $('play').textContent = s.running ? 'Pause' : 'Play';
        if (s.goal) $('goal').textContent = s.goal;
        // The address bar always holds the current run's link (the other parameters are kept).
        const query = Module.ccall('gan_link_query', 'string', [], []);
        if (!bench && query !== lastQuery) {
          lastQuery = query;
          const next = new URLSearchParams(query);
          for (const [key, value] of params) if (!settingKeys.has(key)) next.append(key, value);
          history.replaceState(history.state, '', '?' + next.toString());
        }
        if (performance.now() - lastSummary > 5000) {
          lastSummary = performance.now();
          $('summary').textContent = describe(s);
        }
      }
      const wanted = Math.min(Module._gan_wanted_height(), 8000);
      if (Math.abs(wanted - stageHeight) > 1) {
        stageHeight = wanted;
        stage.style.height = wanted > 0 ? wanted + 'px' : '';
        window.dispatchEvent(new Event('resize'));  // SDL re-reads the canvas size on resize
      }
    };
    setInterval(tick, 250);
    tick();
  }

  // The state in words, for the aria-live summary.
  function describe(s) {
    if (s.error) return 'Stopped: ' + s.error;
    const parts = [];
    if (s.iteration === 0) parts.push('No training yet' + (s.running ? ' (starting).' : ' (paused).'));
    else {
      parts.push(`Iteration ${s.iteration.toLocaleString('en')} (${s.running ? 'training' : 'paused'}), ${s.datasetLabel}.`);
      parts.push(`Discriminator loss ${s.dLoss.toFixed(2)}, generator loss ${s.gLoss.toFixed(2)}.`);
      parts.push(`Judge: ${s.verdict}.`);
    }
    if (s.notice) parts.push('Notice: ' + s.notice);
    return parts.join(' ');
  }

  function watchFirstIteration() {
    const poll = () => {
      const s = window.gan.stats();  // null until the app's first frame
      if (s && s.iteration > 0) timings.firstIteration = performance.now();
      else requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  }

  if (bench) {
    $('bench-result').hidden = false;
    $('bench-result').textContent = 'benchmark running…';
  }
  // Training starts as soon as the program and the first images are here; the judge (.gjd) keeps
  // downloading and arrives a moment later.
  const required = (file) => file === 'digits.gds' && firstDataset === 'digits';
  Promise.all([
    download('gan-web.wasm', (r, t) => report('wasm', r, t)),
    ...[...prefetched].filter(([file]) => file.endsWith('.gds')).map(([file, p]) => (required(file) ? p : p.catch(() => null))),
  ])
    .then(([wasm]) => {
      timings.downloaded = performance.now();
      $('loading-text').textContent = 'Starting…';
      Module.wasmBinary = wasm.buffer;
      Module.preRun = [() => Module.FS.mkdir('/assets')];
      const script = document.createElement('script');
      script.src = 'gan-web.js';
      script.onerror = () => showError('could not download gan-web.js');
      document.body.appendChild(script);
    })
    .catch((e) => showError(e.message));
})();
