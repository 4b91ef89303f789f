// A minimal static file server for the built site (no dependencies): serves a folder on
// 127.0.0.1, optionally under a sub-path to mimic a GitHub Pages project site. It sends the two
// headers that make the page cross-origin isolated (so training runs on threads); --no-isolation
// leaves them out, as GitHub Pages does (the page's service worker then adds them, isolation.js).
//   node web/serve.mjs [--dir build/web/site] [--port 8000] [--base /mnist-gan/] [--no-isolation]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.gds': 'application/octet-stream', '.png': 'image/png', '.json': 'application/json',
};

const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

// Starts serving dir; resolves to the http.Server once listening (port 0 picks a free port).
export function serve({ dir, port = 8000, base = '/', host = '127.0.0.1', isolate = true }) {
  const root = resolve(dir);
  if (!base.endsWith('/')) base += '/';
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname + '/' === base) { res.writeHead(301, { Location: base }); res.end(); return; }
    if (!url.pathname.startsWith(base)) { res.writeHead(404); res.end('not found'); return; }
    let rel = decodeURIComponent(url.pathname.slice(base.length)) || 'index.html';
    if (rel.endsWith('/')) rel += 'index.html';
    const file = normalize(join(root, rel));
    if (!file.startsWith(root)) { res.writeHead(403); res.end(); return; }
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream', 'Content-Length': body.length,
        'Cache-Control': 'no-cache', ...(isolate ? ISOLATION : {}) });
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
    }
  });
  return new Promise((ok) => server.listen(port, host, () => ok(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const dir = arg('--dir', 'build/web/site'), base = arg('--base', '/');
  const server = await serve({ dir, port: Number(arg('--port', 8000)), base, isolate: !process.argv.includes('--no-isolation') });
  const { port } = server.address();
  console.log(`Serving ${dir} at http://127.0.0.1:${port}${base}  (Ctrl+C to stop)`);
}
