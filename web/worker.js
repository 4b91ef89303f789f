// The training Worker: runs the session (gan-worker.wasm or, with threads, gan-worker-mt.wasm;
// src/worker/worker_main.cpp) off the page's main thread, so the dashboard draws at full frame
// rate while the networks train.
// Its address: worker.js?threads=N&page=QUERY, the page's own query string (its options).
// Messages in:  {type: 'command', bytes}       an encoded command from the dashboard
//               {type: 'request', id, name, args}   a window.gan request (images, benchmark, files)
// Messages out: {type: 'update', bytes}        an encoded session update, after a slice when one is due
//                                              (Session::update_due: at once after a command, else every 200 ms)
//               {type: 'started'}              once, after the first slice that had a run
//               {type: 'reply', id, result}    a request's answer
//               {type: 'progress', file, received, total}   download progress for the loading bar
//               {type: 'failed', message}      the Worker cannot run
//               {type: 'first-iteration', at, marks}   when the first iteration ended, and when each
//                                              step before it did (ms since the epoch; firstSliceEnd:
//                                              when the slice that ran it had also drawn the grid)
'use strict';
// When each step towards the first iteration happened (ms since the epoch), for the page's timings.
const marks = {};
const mark = (name) => { marks[name] = performance.timeOrigin + performance.now(); };
mark('workerScript');

// The page's options (?g_lr=2e-4 -> --g_lr 2e-4, as the dashboard gets them) come in this script's
// address, so training starts without a message from the page, whose thread may be busy meanwhile
// (making its first WebGL context took up to a second).
const ownParams = new URLSearchParams(self.location.search);
const pageParams = new URLSearchParams(ownParams.get('page') || '');
// Which module: gan-worker-mt, whose matrix products run on `threads` pthreads, when the page asked
// for more than one (worker.js?threads=N, only when it is cross-origin isolated) and shared memory
// is really here; otherwise gan-worker on this thread alone. Both give the same numbers.
const asked = Number(ownParams.get('threads')) || 1;
const threads = asked > 1 && self.crossOriginIsolated && typeof SharedArrayBuffer === 'function' ? Math.min(asked, 8) : 1;
const moduleName = threads > 1 ? 'gan-worker-mt' : 'gan-worker';

// The module is asked for before anything else here, and compiles while it downloads (on the
// browser's compiler threads) once download.js is in. Resolves to a WebAssembly.Module.
const moduleFile = moduleName + '.wasm';
const moduleResponse = fetch(moduleFile);
importScripts('download.js');
const compiledModule = (async () => {
  const progress = (received, total) => postMessage({ type: 'progress', file: moduleFile, received, total });
  const response = await ganResponse(moduleResponse, moduleFile);
  const total = Number(response.headers.get('Content-Length')) || 0;
  if (typeof WebAssembly.compileStreaming !== 'function' || !response.body || typeof TransformStream !== 'function') {
    const bytes = await response.arrayBuffer();
    mark('wasmDownloaded');
    progress(bytes.byteLength, total);
    return WebAssembly.compile(bytes);
  }
  // The bytes pass through a counter on their way to the compiler, for the loading bar.
  let received = 0;
  const counted = response.body.pipeThrough(new TransformStream({
    transform(chunk, controller) {
      received += chunk.byteLength;
      progress(received, total);
      controller.enqueue(chunk);
    },
    flush() { mark('wasmDownloaded'); },
  }));
  return WebAssembly.compileStreaming(new Response(counted, { headers: { 'Content-Type': 'application/wasm' } }));
})();
compiledModule.then(() => mark('wasmCompiled'), () => {});

const SLICE_MS = 40;   // training between two looks at the messages: a command takes effect within one
const IDLE_MS = 25;    // paused: how often to look again
let ready = false;
const waiting = [];    // messages that came before the module was ready
const downloads = new Map();  // file -> Promise of its bytes
// A dataset's pieces as they download: the session decodes its images while the rest comes
// (Session::asset_part), instead of all of them after the last byte. Pieces that come before the
// session asks for the file wait here. file -> {pieces, total, given: whether the session takes
// them as they come, sent: bytes it has had}
const parts = new Map();

const fail = (message) => postMessage({ type: 'failed', message });
const givePart = (file, part, bytes) => {
  withBytes([bytes], (p, n) => Module.ccall('worker_asset_part', null, ['string', 'number', 'number', 'number'], [file, p, n, part.total]));
  part.sent += bytes.length;
};
const fetchAsset = (file) => {
  if (!downloads.has(file)) {
    const onPart = /\.gds$/.test(file) ? (bytes, total) => {
      const part = parts.get(file) || { pieces: [], total, given: false, sent: 0 };
      part.total = total;
      parts.set(file, part);
      if (part.given) givePart(file, part, bytes);
      else part.pieces.push(bytes);
    } : null;
    downloads.set(file, ganDownload('assets/' + file, (received, total) => postMessage({ type: 'progress', file, received, total }), onPart));
  }
  return downloads.get(file);
};

// Called by the session (EM_JS) when it needs a file in /assets.
self.ganRequestAsset = (file) => {
  const part = parts.get(file);
  if (part) {  // the pieces so far, then each as it comes
    for (const bytes of part.pieces.splice(0)) givePart(file, part, bytes);
    part.given = true;
  } else {
    parts.set(file, { pieces: [], total: 0, given: true, sent: 0 });
  }
  fetchAsset(file)
    .then((bytes) => {
      mark(file + 'Arrived');
      // A dataset the session has had in pieces is in its memory already; other files go into
      // the file system, where the session reads them.
      const given = parts.has(file) ? parts.get(file).sent : 0;
      if (given === 0 || given !== bytes.length) Module.FS.writeFile('/assets/' + file, bytes);
      parts.delete(file);
      downloads.set(file, Promise.resolve(new Uint8Array(0)));  // kept by the session, not twice
      Module.ccall('worker_asset_arrived', null, ['string', 'string'], [file, '']);
      mark(file + 'Processed');  // a dataset is decoded and the trainer made by now
    })
    .catch((e) => {
      parts.delete(file);
      Module.ccall('worker_asset_arrived', null, ['string', 'string'], [file, e.message]);
    });
};

// Bytes the module holds (worker_held_*), copied out; null when it holds none.
const takeHeld = () => {
  const n = Module._worker_held_size(), ptr = Module._worker_held_data();
  const bytes = n > 0 ? Module.HEAPU8.slice(ptr, ptr + n) : null;
  Module._worker_release_held();
  return bytes;
};
// Runs fn(ptr0, size0, ptr1, size1, ...) with the Uint8Arrays copied into wasm memory.
const withBytes = (list, fn) => {
  const ptrs = list.map((b) => Module._malloc(Math.max(1, b.length)));
  try {
    list.forEach((b, i) => Module.HEAPU8.set(b, ptrs[i]));
    return fn(...list.flatMap((b, i) => [ptrs[i], b.length]));
  } finally { ptrs.forEach((p) => Module._free(p)); }
};
const text = (name) => Module.ccall(name, 'string', [], []);
const postUpdate = () => {
  const bytes = takeHeld();
  if (bytes) postMessage({ type: 'update', bytes }, [bytes.buffer]);
};

// window.gan's requests: name -> (args) => result. Those that change the run post an update first,
// so the dashboard shows the change by the time the answer arrives.
const requests = {
  samples: ([n]) => { Module._worker_samples(n | 0); return takeHeld(); },
  generate: ([z]) => {
    const n = Math.floor(z.length / 256);
    if (n < 1 || z.length !== n * 256) return null;
    const bytes = new Uint8Array(z.buffer, z.byteOffset, z.byteLength);
    withBytes([bytes], (p) => Module._worker_generate(p, n));
    return takeHeld();
  },
  bench: ([iterations, reps]) => JSON.parse(Module.ccall('worker_bench', 'string', ['number', 'number'], [iterations | 0, reps | 0])),
  checkpoint: () => { Module._worker_checkpoint(); return { name: text('worker_checkpoint_name'), bytes: takeHeld() }; },
  loadCheckpoint: ([bytes]) => withBytes([bytes], (p, n) => Module._worker_load_checkpoint(p, n)) === 1,
  exportTfjs: () => { const modelJson = text('worker_export_tfjs'); return { modelJson, weights: takeHeld() }; },
  importTfjs: ([json, weights]) => withBytes([new TextEncoder().encode(json), weights], (jp, jn, wp, wn) => Module._worker_import_tfjs(jp, jn, wp, wn)) === 1,
  gridPng: () => { Module._worker_grid_png(); return takeHeld(); },
};
const changesRun = new Set(['loadCheckpoint', 'importTfjs']);

function handle(message) {
  if (message.type === 'command') {
    withBytes([message.bytes], (p, n) => Module._worker_command(p, n));
  } else if (message.type === 'request') {
    let result = null;
    try {
      result = requests[message.name] ? requests[message.name](message.args || []) : null;
    } catch (e) {
      result = null;
    }
    if (changesRun.has(message.name)) { Module._worker_update(); postUpdate(); }
    const notice = text('worker_notice');
    postMessage({ type: 'reply', id: message.id, result, notice });
  }
}

// One slice of training, then the update; a zero-delay message (not setTimeout, which browsers
// stretch to 4 ms when chained) schedules the next while training, so commands in between run first.
const tick = new MessageChannel();
let firstReported = false, startReported = false;
function slice() {
  const worked = Module._worker_slice(SLICE_MS, performance.now());
  postUpdate();
  const iteration = Module._worker_iteration();  // -1 until the first dataset is in and a run made
  if (!startReported && iteration >= 0) {
    startReported = true;  // the run exists and, unless paused, has done its first iteration
    // Only now the product threads: starting them (each a Worker that loads the module) would take
    // CPU from decoding the digits and making the run, on a machine with 2 cores.
    Module._worker_set_threads(Module.ganThreads);
    Module._worker_update();
    postUpdate();  // says how many threads there are
    postMessage({ type: 'started' });
  }
  if (!firstReported && iteration > 0) {
    firstReported = true;
    // When the iteration itself ended; the slice went on to draw the grid and make the update.
    mark('firstSliceEnd');
    marks.firstIteration = performance.timeOrigin + Module._worker_first_iteration_ms();
    postMessage({ type: 'first-iteration', at: marks.firstIteration, marks });
  }
  if (worked) tick.port2.postMessage(null);
  else setTimeout(slice, IDLE_MS);
}
tick.port1.onmessage = slice;

self.onmessage = (e) => {
  if (ready) handle(e.data);
  else waiting.push(e.data);
};

const startArgs = [...pageParams].flatMap(([key, value]) => ['--' + key, value]);

// The first dataset's files start downloading at once, the images before their judge (needed after
// the first iteration): a guess, since the session asks for what it needs, and a wrong guess only
// costs a download.
const firstDataset = ['digits', 'fashion'].includes(pageParams.get('dataset')) ? pageParams.get('dataset') : 'digits';
for (const file of [firstDataset + '.gds', firstDataset + '.gjd']) fetchAsset(file).catch(() => {});

self.Module = {
  print: (t) => console.log(t),
  printErr: (t) => console.warn(t),
  onAbort: (what) => fail('the training stopped unexpectedly: ' + what),
  ganThreads: threads,                       // the pthread pool's size is this minus one
  mainScriptUrlOrBlob: moduleName + '.js',   // what the pthreads load (not worker.js)
  // The runtime instantiates the module compiled above (and hands it to its pthreads).
  instantiateWasm(imports, receive) {
    compiledModule
      .then((module) => WebAssembly.instantiate(module, imports).then((instance) => receive(instance, module)))
      .catch((e) => fail(e.message));
    return {};
  },
  onRuntimeInitialized() {
    mark('runtimeReady');
    Module.FS.mkdir('/assets');
    Module._worker_start();
    for (const arg of startArgs) Module.ccall('worker_add_arg', null, ['string'], [arg]);
    Module._worker_start_from_args();
    ready = true;
    for (const message of waiting.splice(0)) handle(message);
    slice();
  },
};
try {
  importScripts(moduleName + '.js');
} catch (e) {
  fail('could not load ' + moduleName + '.js (' + e.message + ')');
}
