// Downloads a file with progress, for the page (main.js) and the training Worker (worker.js):
// ganDownload(url, onProgress) resolves to a Uint8Array and reports (received, total) bytes as they
// come; a failed request rejects with a message that names the file.
// ganResponse(pending, url) awaits a fetch already under way and rejects the same way on failure.
self.ganResponse = async function (pending, url) {
  'use strict';
  let response;
  try {
    response = await pending;
  } catch (e) {
    throw new Error('could not download ' + url + ' (' + e.message + ')');
  }
  if (!response.ok) throw new Error('could not download ' + url + ' (HTTP ' + response.status + ')');
  return response;
};
self.ganDownload = async function (url, onProgress) {
  'use strict';
  const response = await ganResponse(fetch(url), url);
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
};
