// Starts the demo page: checks for WebAssembly and WebGL 2, starts the training Worker
// (worker.js, which downloads the first dataset) and the dashboard's Emscripten module with a
// progress bar, carries messages between the two, exposes window.gan for scripting, and wires the
// page around the canvas: HTML buttons, a spoken summary, the link in the address bar, the
// explanation panel, and which wheel, key and touch events the dashboard gets (the rest scroll the page).
// All paths are relative, so the folder works from any sub-path (e.g. a GitHub Pages project site).
(function () {
  'use strict';
  // isolation.js may be reloading the page to turn threads on; if that fails, it says go ahead.
  if (window.ganIsolating) window.ganIsolating.then(startPage);
  else startPage();

function startPage() {
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
  // The browser may take the canvas's WebGL context away (a GPU reset, too many contexts) and give
  // it back later; the dashboard then makes its GL objects anew (platform_web.cpp). Meanwhile the
  // canvas would show nothing, so a note says why.
  $('canvas').addEventListener('webglcontextlost', () => { $('graphics-lost').hidden = false; });
  $('canvas').addEventListener('webglcontextrestored', () => { $('graphics-lost').hidden = true; });

  const browserHint = 'The demo needs a browser with WebAssembly and WebGL 2 (any current Chrome, Edge, Firefox or Safari).';
  if (typeof WebAssembly !== 'object') {
    showError('This browser does not support WebAssembly, which the demo needs to train the networks.', browserHint);
    return;
  }

  // Every URL parameter becomes an option of the app (?g_lr=2e-4 -> --g_lr 2e-4), which validates
  // it and explains refusals.
  const args = [];
  for (const [key, value] of params) args.push('--' + key, value);
  const bench = params.get('bench') === '1';
  // Presenter mode gives the canvas the whole window; set before the app starts so nothing jumps.
  if (params.get('present') === '1') document.body.classList.add('presenting');
  // The explanation stays folded for a visitor who folded it (see explanationPanel).
  try { if (localStorage.getItem('gan-explain') === 'folded') $('explain').open = false; } catch (e) { /* no storage: open */ }

  // The loading bar shows every download's bytes together, redrawn at most every REPORT_MS: each
  // change is a repaint, and in the first second a repaint cost the GPU process (software GL) up to
  // 180 ms of the CPU that the Worker's start needs.
  const progress = {};
  const REPORT_MS = 250;
  let reportedAt = -Infinity, reportTimer = 0;
  timings.loadingRedraws = [];  // when the bar was redrawn (ms after navigation)
  function showProgress() {
    reportTimer = 0;
    reportedAt = performance.now();
    timings.loadingRedraws.push(reportedAt);
    let r = 0, t = 0;
    for (const p of Object.values(progress)) { r += p.received; t += p.total || p.received; }
    $('loading-bar').value = t ? r / t : 0;
    $('loading-text').textContent = 'Downloading… ' + (r / 1048576).toFixed(1) + ' MB' + (t ? ' of ' + (t / 1048576).toFixed(1) + ' MB' : '');
  }
  function report(name, received, total) {
    progress[name] = { received, total };
    const wait = reportedAt + REPORT_MS - performance.now();
    if (wait <= 0) showProgress();
    else if (!reportTimer) reportTimer = setTimeout(showProgress, wait);
  }

  // The training side: a Worker with its own wasm module, started by start-worker.js in the page's
  // head (or here, after isolation.js tried to turn threads on). It reads the page's options from its
  // own address and starts downloading the first dataset at once, so training starts without waiting
  // for the dashboard (or for this thread). Its updates wait here until the dashboard's module is running.
  const startedWorker = window.ganEarlyWorker || window.ganStartWorker();
  const worker = startedWorker.worker;
  timings.threadsAsked = startedWorker.threads;
  const early = [];  // updates that came before the dashboard could take them
  const replies = new Map();  // request id -> resolve
  let nextRequest = 1;
  let dashboardReady = false;
  // The dashboard's module starts once the Worker has started (its first run is made and, unless
  // paused, its first iteration done) or has failed: on a 2-core machine the two starts competing
  // for the cores delayed the first iteration by 0.6-0.8 s, and the dashboard had nothing to show
  // before then anyway. It never waits more than WORKER_WAIT_MS after its own downloads.
  const WORKER_WAIT_MS = 3000;
  let workerStarted;
  const workerStart = new Promise((resolve) => { workerStarted = resolve; });
  const deliver = (bytes) => {
    const ptr = Module._malloc(bytes.length);
    try {
      Module.HEAPU8.set(bytes, ptr);
      Module._gan_receive(ptr, bytes.length);
    } finally { Module._free(ptr); }
  };
  worker.onmessage = (e) => {
    const m = e.data;
    if (m.type === 'update') {
      if (dashboardReady) deliver(m.bytes);
      else early.push(m.bytes);
    } else if (m.type === 'started') {
      timings.workerStarted = performance.now();
      workerStarted();
    } else if (m.type === 'reply') {
      const resolve = replies.get(m.id);
      replies.delete(m.id);
      if (resolve) resolve(m);
    } else if (m.type === 'progress') {
      report(m.file, m.received, m.total);
    } else if (m.type === 'first-iteration') {
      timings.workerFirstIteration = m.at - performance.timeOrigin;  // ms after navigation, in the Worker
      timings.worker = {};  // each step in the Worker before it, in ms after navigation
      for (const [name, at] of Object.entries(m.marks || {})) timings.worker[name] = Math.round(at - performance.timeOrigin);
    } else if (m.type === 'failed') {
      showError('The training side could not start: ' + m.message);
      workerStarted();
    }
  };
  worker.onerror = (e) => {
    showError('The training side could not start: ' + (e.message || 'worker.js failed to load'));
    workerStarted();
  };
  // What the Worker said (or how it failed) before this script ran, in order.
  for (const message of startedWorker.messages.splice(0)) worker.onmessage({ data: message });
  if (startedWorker.error) worker.onerror(startedWorker.error);
  // A window.gan request to the Worker: resolves to {result, notice}.
  const ask = (name, args = [], transfer = []) => new Promise((resolve) => {
    const id = nextRequest++;
    replies.set(id, resolve);
    worker.postMessage({ type: 'request', id, name, args }, transfer);
  });

  window.Module = {
    canvas: $('canvas'),
    arguments: args,
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    onAbort: (what) => showError('The demo stopped unexpectedly: ' + what),
    // A command from the dashboard for the Worker (its own copy of the bytes moves there).
    ganPostCommand: (bytes) => worker.postMessage({ type: 'command', bytes }, [bytes.buffer]),
    // Benchmark mode (?bench=1): the dashboard asks once the data is in.
    ganRunBench(iterations, reps) {
      ask('bench', [iterations, reps]).then((reply) => Module.ganBenchDone(JSON.stringify(reply.result)));
    },
    ganShowError: (message) => showError(message),
    // Called by the app when presenter mode turns on or off (its button, Esc, the HTML button).
    ganViewChanged(present) {
      document.body.classList.toggle('presenting', present);
      $('present').textContent = present ? 'Exit presenter mode' : 'Presenter mode';
      $('present').setAttribute('aria-pressed', String(present));
      if (present) window.scrollTo(0, 0);
      setTimeout(() => window.dispatchEvent(new Event('resize')), 0);  // SDL re-reads the canvas size, after this frame
    },
    // Called by the app on its first frame and whenever training starts or stops.
    ganRunningChanged(running) {
      $('play').textContent = running ? 'Pause' : 'Play';
    },
    ganBenchDone(json) {
      const out = $('bench-result');
      const result = JSON.parse(json);
      result.userAgent = navigator.userAgent;
      out.textContent = JSON.stringify(result);
      window.ganBenchResult = result;
      console.log('GAN_BENCH ' + JSON.stringify(result));
    },
    onRuntimeInitialized() {
      timings.runtimeReady = performance.now();
      dashboardReady = true;
      for (const bytes of early.splice(0)) deliver(bytes);
      installHandle();
      routeEvents();
      wirePage();
      installFiles();
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
      // The training side's answers arrive as Promises: the session runs in the Worker.
      // Median iterations per second of a fresh trainer with the current settings (sizes clamped to 50 × 5).
      bench: async (iterations = 10, reps = 3) => (await ask('bench', [iterations | 0, reps | 0])).result,
      // n images (Uint8Array of n × imageSize, row-major, 0 = black) from fresh noise, by the displayed generator.
      samples: async (n = 100) => (await ask('samples', [n | 0])).result,
      // Images for the given noise (Float32Array of n × 256, one z after another).
      generate: async (z) => (await ask('generate', [Float32Array.from(z)])).result,
      // Where a dashboard widget is ({x, y, w, h} in CSS pixels from the canvas's corner), for scripts and tests.
      widgetRect: (name) => json('gan_widget_rect', ['string'], [String(name)]),
      // The dashboard's view: {present, text, textDefault, layout, fontPx, fontBuilds, timelapseAt,
      // fullWidth}; presenter mode on or off; the text size (0.75 to 2.5, applied from the next frame).
      view: () => json('gan_view_json'),
      // The running preset: {name, title, lesson, watchFor} (the explanation panel shows the last two).
      presetInfo: () => json('gan_preset_json'),
      setPresent: (on) => call('gan_set_presenting', null, ['number'], [on ? 1 : 0]),
      setTextSize: (scale) => call('gan_set_text_scale', null, ['number'], [Number(scale)]),
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
    const buttons = ['play', 'step', 'reset', 'new-seed', 'copy-link', 'present'];
    for (const id of buttons) $(id).disabled = false;
    $('play').addEventListener('click', () => (gan.stats().running ? gan.pause() : gan.resume()));
    $('step').addEventListener('click', () => { gan.pause(); gan.step(1); });
    $('reset').addEventListener('click', () => gan.reset());
    $('new-seed').addEventListener('click', () => gan.newSeed());
    $('present').addEventListener('click', () => gan.setPresent(!gan.view().present));
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
    const explanation = explanationPanel();
    // The canvas changes size with the window, the explanation panel and presenter mode; SDL
    // re-reads it on a resize event.
    new ResizeObserver(() => window.dispatchEvent(new Event('resize'))).observe($('canvas'));
    const tick = () => {
      const s = gan.stats();
      if (s && (s.ready || s.error)) $('loading').hidden = true;  // the loading bar stays until training can start
      if (s) {
        settingKeys = settingKeys || new Set(Object.keys(gan.state()));
        if (s.goal) $('goal').textContent = s.goal;
        // The address bar always holds the current run's link (the other parameters are kept) and
        // the view: presenter mode, and a text size other than the mode's default.
        const view = gan.view();
        const viewQuery = (view.present ? '&present=1' : '') + (view.text !== view.textDefault ? '&text=' + view.text : '');
        const query = Module.ccall('gan_link_query', 'string', [], []) + viewQuery;
        if (!bench && query !== lastQuery) {
          lastQuery = query;
          const next = new URLSearchParams(query);
          for (const [key, value] of params) if (!settingKeys.has(key) && key !== 'present' && key !== 'text') next.append(key, value);
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
    // The explanation panel follows the view every frame: when larger text folds it, the dashboard
    // takes the room on the next frame, before a second click on the text-size button can land.
    const followView = () => {
      const view = gan.view();  // null until the app's first frame
      if (view) explanation(view);
      requestAnimationFrame(followView);
    };
    requestAnimationFrame(followView);
  }

  // The explanation: beside the dashboard on wide screens (style.css), where a click on its title
  // folds it to a tab (remembered) and it folds itself when the dashboard's text grows too large for
  // the dashboard's full layout to fit beside it, and comes back when the text shrinks again (unless
  // the visitor folded it). It names the running preset and what to watch for. Returns the update
  // that the page's tick calls with gan.view().
  function explanationPanel() {
    const panel = $('explain');
    const beside = window.matchMedia('(min-width: 1200px)');  // as in style.css
    let fitted = true, autoFolded = false, shown = '';
    panel.querySelector('summary').addEventListener('click', () => {  // before it toggles
      autoFolded = false;
      try { localStorage.setItem('gan-explain', panel.open ? 'folded' : 'open'); } catch (e) { /* not remembered */ }
    });
    return (view) => {
      const preset = window.gan.presetInfo();
      if (preset && preset.name !== shown) {
        shown = preset.name;
        $('preset-title').textContent = preset.title + (preset.lesson ? ' (a lesson)' : '');
        $('watch-for').textContent = preset.watchFor;
        $('now-running').hidden = !preset.watchFor;
      }
      if (!beside.matches || view.present || !(view.fullWidth > 0)) return;
      const room = document.documentElement.clientWidth - parseFloat(getComputedStyle(panel).getPropertyValue('--explain-w'));
      const fits = room >= view.fullWidth;
      if (fits === fitted) return;
      fitted = fits;
      if (!fits && panel.open) {
        panel.open = false;
        autoFolded = true;
      } else if (fits && autoFolded) {
        panel.open = true;
        autoFolded = false;
      }
    };
  }

  // ---- Files: the Files row, drag and drop, and their window.gan calls ----------------------------
  // The training state lives in the Worker: files go there and come back as transferred buffers.
  function installFiles() {
    const gan = window.gan;
    const status = $('files-status');
    const asBytes = (data) => (ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data));
    const save = (name, bytes, type) => {
      const url = URL.createObjectURL(new Blob([bytes], { type }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    };
    // After a call into the app: what was done, or why not (the app's notice).
    const report = (ok, done) => { status.textContent = ok ? done : 'Not loaded: ' + gan.stats().notice; };

    const takeHeld = () => {  // a file the dashboard made, copied out of wasm memory
      const n = Module._gan_held_size(), ptr = Module._gan_held_data();
      const bytes = n > 0 ? Module.HEAPU8.slice(ptr, ptr + n) : null;
      Module._gan_release_held();
      return bytes;
    };
    // A copy of the bytes, which moves to the Worker.
    const copyOf = (data) => asBytes(data).slice();
    Object.assign(gan, {
      // The whole training state (Promise of a Uint8Array; null while nothing trains), what downloadCheckpoint saves.
      checkpoint: async () => (await ask('checkpoint')).result.bytes,
      // The same as a download "gan-<preset>-<iteration>.ckpt"; resolves to the file name (null while nothing trains).
      async downloadCheckpoint() {
        const { name, bytes } = (await ask('checkpoint')).result;
        if (!bytes) return null;
        save(name, bytes, 'application/octet-stream');
        return name;
      },
      // Resumes from checkpoint bytes (ArrayBuffer or Uint8Array); resolves to false, with the reason
      // in stats().notice, if refused (the running model is untouched).
      async loadCheckpoint(data) {
        const bytes = copyOf(data);
        return (await ask('loadCheckpoint', [bytes], [bytes.buffer])).result === true;
      },
      // The displayed generator as a TF.js Layers model: {modelJson (object), weights (ArrayBuffer)}.
      async exportTfjs() {
        const { modelJson, weights } = (await ask('exportTfjs')).result;
        return modelJson && weights ? { modelJson: JSON.parse(modelJson), weights: weights.buffer } : null;
      },
      async downloadTfjs() {
        const model = await gan.exportTfjs();
        if (!model) return false;
        save('model.json', JSON.stringify(model.modelJson), 'application/json');
        save(model.modelJson.weightsManifest[0].paths[0], model.weights, 'application/octet-stream');
        return true;
      },
      // Replaces the generator with a TF.js model (object or text, and its weights); resolves to false if refused.
      async importTfjs(modelJson, weights) {
        const text = typeof modelJson === 'string' ? modelJson : JSON.stringify(modelJson);
        const bytes = copyOf(weights);
        return (await ask('importTfjs', [text, bytes], [bytes.buffer])).result === true;
      },
      // The 10×10 grid of the fixed noise as PNG bytes (Promise of a Uint8Array).
      gridPng: async () => (await ask('gridPng')).result,
      // The loss history as CSV text: iteration,d_loss,g_loss,d_real,d_fake (the dashboard keeps it).
      lossesCsv: () => Module.ccall('gan_losses_csv', 'string', [], []),
      // The time-lapse of the grid: {frames, first, last, interval, bytes}; as an animated GIF
      // (Uint8Array, null before the first frame); as a film strip PNG of eight moments.
      timelapse: () => JSON.parse(Module.ccall('gan_timelapse_json', 'string', [], [])),
      timelapseGif: () => { Module._gan_timelapse_gif(); return takeHeld(); },
      filmStripPng: () => { Module._gan_film_strip_png(); return takeHeld(); },
      // Spot the fake: {tiles, fakes, marked: [bool], checked, found, falseAlarms, waiting, open}, and
      // once checked fake: [bool] and scores: [D's probability "real"] per tile.
      quiz: () => JSON.parse(Module.ccall('gan_quiz_json', 'string', [], [])),
      // The latent walk: {from, to, images: [Uint8Array per image]} (from, to: -1 and no images when none).
      walk() {
        const w = JSON.parse(Module.ccall('gan_walk_json', 'string', [], []));
        if (!w) return null;
        Module._gan_walk_pixels();
        const flat = takeHeld();
        w.images = [];
        for (let at = 0; flat && w.imageSize > 0 && at < flat.length; at += w.imageSize) w.images.push(flat.slice(at, at + w.imageSize));
        delete w.imageSize;
        return w;
      },
    });

    const loadCheckpointFile = async (file) => {
      const ok = await gan.loadCheckpoint(await file.arrayBuffer());
      report(ok, 'Loaded ' + file.name + ': iteration ' + gan.stats().iteration + '.');
    };
    // A model.json and the weights it names; a renamed weights file (a browser's "weights (1).bin") is
    // taken when it is the only other file.
    const importTfjsFiles = async (files) => {
      const jsonFile = files.find((f) => f.name.endsWith('.json'));
      const others = files.filter((f) => f !== jsonFile);
      if (!jsonFile || others.length === 0) { status.textContent = 'Pick a model.json and its weights file together.'; return; }
      let text, paths;
      try {
        text = await jsonFile.text();
        paths = JSON.parse(text).weightsManifest.flatMap((g) => g.paths);
      } catch (e) { status.textContent = 'Not loaded: ' + jsonFile.name + ' is not a TF.js model.json.'; return; }
      const byName = new Map(others.map((f) => [f.name, f]));
      const chosen = paths.map((p) => byName.get(p.split('/').pop()) || (paths.length === 1 && others.length === 1 ? others[0] : null));
      if (chosen.includes(null)) { status.textContent = 'Not loaded: pick ' + paths.join(', ') + ' too.'; return; }
      const parts = await Promise.all(chosen.map((f) => f.arrayBuffer()));
      const weights = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
      parts.reduce((at, p) => { weights.set(new Uint8Array(p), at); return at + p.byteLength; }, 0);
      report(await gan.importTfjs(text, weights), 'Generator imported from ' + jsonFile.name + '.');
    };

    const ids = ['save-checkpoint', 'load-checkpoint', 'export-tfjs', 'import-tfjs', 'grid-png', 'losses-csv', 'timelapse-gif', 'film-strip'];
    for (const id of ids) $(id).disabled = false;
    $('save-checkpoint').addEventListener('click', async () => {
      const name = await gan.downloadCheckpoint();
      status.textContent = name ? 'Saved ' + name + '.' : 'Nothing to save yet.';
    });
    $('load-checkpoint').addEventListener('click', () => $('checkpoint-file').click());
    $('checkpoint-file').addEventListener('change', (e) => {
      const file = e.target.files[0];
      e.target.value = '';  // the same file can be picked again
      if (file) loadCheckpointFile(file);
    });
    $('export-tfjs').addEventListener('click', async () => { status.textContent = (await gan.downloadTfjs()) ? 'Saved model.json and weights.bin.' : ''; });
    $('import-tfjs').addEventListener('click', () => $('tfjs-files').click());
    $('tfjs-files').addEventListener('change', (e) => {
      const files = [...e.target.files];
      e.target.value = '';
      if (files.length) importTfjsFiles(files);
    });
    $('grid-png').addEventListener('click', async () => {
      const png = await gan.gridPng();
      if (png) save('gan-grid-' + gan.stats().iteration + '.png', png, 'image/png');
    });
    $('timelapse-gif').addEventListener('click', () => {
      const gif = gan.timelapseGif();
      if (gif) save('gan-timelapse-' + gan.stats().iteration + '.gif', gif, 'image/gif');
      status.textContent = gif ? 'Saved the time-lapse (' + gan.timelapse().frames + ' frames).' : 'No time-lapse yet.';
    });
    $('film-strip').addEventListener('click', () => {
      const png = gan.filmStripPng();
      if (png) save('gan-film-strip-' + gan.stats().iteration + '.png', png, 'image/png');
      status.textContent = png ? 'Saved the film strip.' : 'No time-lapse yet.';
    });
    $('losses-csv').addEventListener('click', () => save('gan-losses-' + gan.stats().iteration + '.csv', gan.lossesCsv(), 'text/csv'));

    // Files dropped anywhere on the page: a checkpoint, or a TF.js model.json with its weights.
    const hasFiles = (e) => e.dataTransfer && [...e.dataTransfer.types].includes('Files');
    window.addEventListener('dragover', (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      document.body.classList.add('drop-target');
    });
    window.addEventListener('dragleave', (e) => { if (!e.relatedTarget) document.body.classList.remove('drop-target'); });
    window.addEventListener('drop', (e) => {
      document.body.classList.remove('drop-target');
      if (!hasFiles(e)) return;
      e.preventDefault();
      const files = [...e.dataTransfer.files];
      if (files.some((f) => f.name.endsWith('.json'))) importTfjsFiles(files);
      else if (files.length === 1) loadCheckpointFile(files[0]);
      else status.textContent = 'Drop one checkpoint, or a model.json with its weights.';
    });
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
  // The dashboard's font is needed before its first frame, so it comes with the program. Without it
  // the app draws with ImGui's built-in font: a failed download is not an error.
  const font = ganDownload('assets/ui-font.ttf', (r, t) => report('font', r, t)).catch(() => null);
  Promise.all([ganDownload('gan-web.wasm', (r, t) => report('wasm', r, t)), font])
    .then((files) => {
      timings.downloaded = performance.now();
      clearTimeout(reportTimer);  // a redraw still due would say "Downloading…" again
      reportTimer = 0;
      $('loading-text').textContent = 'Starting…';
      return Promise.race([workerStart, new Promise((later) => setTimeout(later, WORKER_WAIT_MS))]).then(() => files);
    })
    .then(([wasm, fontBytes]) => {
      timings.dashboardStart = performance.now();
      // Checked only now, in a later task than the Worker's creation: a browser's first WebGL context
      // can take half a second or more to make (the GPU process starts), and the Worker cannot start
      // while this thread is busy. Checked at navigation, it held up training by that long.
      if (!document.createElement('canvas').getContext('webgl2')) {
        worker.terminate();
        showError('This browser (or its settings) does not provide WebGL 2, which the demo needs to draw.', browserHint);
        return;
      }
      Module.wasmBinary = wasm.buffer;
      Module.preRun = [() => {
        Module.FS.mkdir('/assets');
        if (fontBytes) Module.FS.writeFile('/assets/ui-font.ttf', fontBytes);
      }];
      const script = document.createElement('script');
      script.src = 'gan-web.js';
      script.onerror = () => showError('could not download gan-web.js');
      document.body.appendChild(script);
    })
    .catch((e) => showError(e.message));
}
})();
