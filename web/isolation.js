// Cross-origin isolation for the training threads, loaded before main.js. Shared memory (and so the
// Worker's pthreads) needs the page to be cross-origin isolated, which takes two response headers.
// web/serve.mjs sends them; a static host such as GitHub Pages cannot, so on such a host this
// registers isolation-sw.js, a service worker that adds them, and reloads once, before anything
// heavy has started. If the page is still not isolated after that (service workers off, a hard
// reload, an old browser), the demo trains on one thread: it never reloads twice in a tab.
// ?threads=1 skips all of it. While it tries, window.ganIsolating is a Promise that main.js waits
// for before starting anything.
(function () {
  'use strict';
  if (window.crossOriginIsolated || !window.isSecureContext || !('serviceWorker' in navigator)) return;
  if (new URLSearchParams(window.location.search).get('threads') === '1') return;
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
