// Downloads a file with progress, for the page (main.js) and the training Worker (worker.js):
// ganDownload(url, onProgress, onPart) resolves to a Uint8Array and reports (received, total) bytes
// as they come; a failed request rejects with a message that names the file. onPart(bytes, total),
// if given, gets each piece as it comes, when the server says the file's exact size (a compressed
// transfer's Content-Length is not the size of the bytes read).
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
self.ganDownload = async function (url, onProgress, onPart) {
  'use strict';
  const response = await ganResponse(fetch(url), url);
  const total = Number(response.headers.get('Content-Length')) || 0;
  if (!response.body || !response.body.getReader) return new Uint8Array(await response.arrayBuffer());
  const exact = response.headers.get('Content-Encoding') ? 0 : total;  // the bytes read are this many
  if (!exact) onPart = null;
  const reader = response.body.getReader();
  const chunks = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    if (onPart) onPart(value, exact);
    onProgress(received, total);
  }
  const bytes = new Uint8Array(received);
  let at = 0;
  for (const c of chunks) { bytes.set(c, at); at += c.length; }
  return bytes;
};
