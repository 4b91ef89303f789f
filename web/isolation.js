// Cross-origin isolation for the training threads, loaded in the page's head before start-worker.js
// and main.js. Shared memory (and so the Worker's pthreads) needs the page to be cross-origin
// isolated, which takes two response headers.
// web/serve.mjs sends them; a static host such as GitHub Pages cannot, so on such a host this
// registers isolation-sw.js, a service worker that adds them, and reloads once, before anything
// heavy has started. If the page is still not isolated after that (service workers off, a hard
// reload, an old browser), the demo trains on one thread: it never reloads twice in a tab.
// With one thread wanted (?threads=1, or a 1-core device) it does nothing. While it tries,
// window.ganIsolating is a Promise that main.js waits for before starting anything (start-worker.js
// then leaves the Worker to it).
(function () {
  'use strict';
  // Training threads wanted: ?threads=N (1 to 8), or by default one fewer than the cores the
  // browser reports (the page's drawing keeps one), but two on two cores and at most 4. The
  // dashboard draws only frames that changed, about five a second while training, so on 2 cores
  // (software WebGL) a second training thread buys 1.2-1.3x and the page still runs at ~57 fps.
  // start-worker.js asks for that many when the page is isolated; with one there is nothing to isolate for.
  const asked = new URLSearchParams(window.location.search).get('threads') || '';
  const cores = navigator.hardwareConcurrency || 1;
  window.ganThreadsWanted = /^[1-8]$/.test(asked) ? Number(asked) : (cores <= 1 ? 1 : Math.min(4, Math.max(2, cores - 1)));
  if (window.ganThreadsWanted === 1) return;
  if (window.crossOriginIsolated || !window.isSecureContext || !('serviceWorker' in navigator)) return;
  const key = 'gan-isolation-tried';
  try {
    if (window.sessionStorage.getItem(key)) return;  // tried in this tab already: one thread
    window.sessionStorage.setItem(key, '1');
  } catch {
    return;  // no session storage (privacy settings): no way to avoid a reload loop, so do not try
  }
  // Resolves (and main.js starts the page here, on one thread) only if the service worker cannot
  // take over within a few seconds; once it has, the page reloads and this page never starts.
  window.ganIsolating = new Promise((startHere) => {
    let decided = false;
    const decide = (reload, why) => {
      if (decided) return;  // too late: the page already started on one thread
      decided = true;
      if (reload) {
        window.location.reload();
        return;
      }
      console.warn('gan: training on one thread (' + why + ')');
      startHere();
    };
    setTimeout(() => decide(false, 'the isolation service worker did not start'), 4000);
    navigator.serviceWorker.register('isolation-sw.js')
      .then(() => navigator.serviceWorker.ready)
      .then(() => decide(true), (e) => decide(false, 'the isolation service worker did not register: ' + e.message));
  });
})();
