// Starts the training Worker (worker.js) from the page's head, before the body is parsed and laid
// out: the Worker's downloads and its wasm then start while this thread is still busy with the page.
// Measured in headless Chromium on 2 cores (docs/speed_sweep.md): its script ran 516 -> 405 ms after
// navigation, and 487 -> 416 with both scripts before the style sheet. Loaded after isolation.js,
// which says how many threads to ask for.
// window.ganStartWorker() makes the Worker; until main.js takes it over, its messages and a load
// error wait in the object it returns. While isolation.js is reloading the page to turn threads on,
// nothing starts here: main.js calls ganStartWorker() once the page knows whether it is isolated.
(function () {
  'use strict';
  window.ganStartWorker = function () {
    // Training threads: as many as isolation.js decided the page wants when it is cross-origin
    // isolated (shared memory), otherwise one. The numbers are the same either way.
    const threads = window.crossOriginIsolated ? window.ganThreadsWanted || 1 : 1;
    // The page's options travel in the Worker's address, so it starts training without a message.
    const page = new URLSearchParams(window.location.search).toString();
    const worker = new Worker('worker.js?' + new URLSearchParams({ threads, page }));
    const started = { worker, threads, messages: [], error: null };
    worker.onmessage = (e) => started.messages.push(e.data);
    worker.onerror = (e) => { started.error = e; };
    return started;
  };
  if (!window.ganIsolating && typeof Worker === 'function' && typeof WebAssembly === 'object') {
    window.ganEarlyWorker = window.ganStartWorker();
  }
})();
