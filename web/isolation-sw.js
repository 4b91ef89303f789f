// The page's service worker, for hosts that cannot send headers (GitHub Pages): it passes every
// same-origin request through unchanged except for three response headers that make the page
// cross-origin isolated, so the training Worker may use shared memory and threads:
//   Cross-Origin-Opener-Policy: same-origin, Cross-Origin-Embedder-Policy: require-corp, and
//   Cross-Origin-Resource-Policy: same-origin.
// It caches nothing and touches no other origin. Registered by isolation.js.
'use strict';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

function isolated(response) {
  if (response.status === 0 || response.type === 'opaque') return response;  // nothing to add to
  const headers = new Headers(response.headers);
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
  headers.set('Cross-Origin-Resource-Policy', 'same-origin');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;  // a browser quirk
  event.respondWith(fetch(request).then(isolated));
});
