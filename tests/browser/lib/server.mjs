// A small static HTTP server for a built site, used only by the browser tests.
//
// - serves files below `root` and nothing outside it (no `..`, no symlink escape);
// - `/x/` is served from `/x/index.html`; `/x` (a directory) redirects to `/x/`;
// - a missing file is answered with status 404 and the body of the site's `404.html`;
// - every response carries a strict Content-Security-Policy, so inline scripts,
//   inline styles and style attributes are refused by the browser (and reported
//   in its console, where the tests look for them).

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

export const CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
};

export function contentType(file) {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function isInside(root, p) {
  return p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/**
 * Resolve a URL path against the site root.
 * Returns { kind: 'file', file } | { kind: 'redirect', location } | { kind: 'missing' } | { kind: 'bad' }.
 * `root` must be a real (symlink-free) absolute path.
 */
export function resolveRequestPath(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { kind: 'bad' };
  }
  if (decoded.includes('\0') || !decoded.startsWith('/')) return { kind: 'bad' };
  // posix-normalise first so that `/a/../..` cannot climb above `/`.
  const normal = path.posix.normalize(decoded);
  let candidate = path.join(root, normal);
  if (!isInside(root, candidate)) return { kind: 'bad' };
  let stat;
  try {
    stat = fs.statSync(candidate);
  } catch {
    return { kind: 'missing' };
  }
  if (stat.isDirectory()) {
    if (!urlPath.endsWith('/')) return { kind: 'redirect', location: urlPath + '/' };
    candidate = path.join(candidate, 'index.html');
    try {
      stat = fs.statSync(candidate);
    } catch {
      return { kind: 'missing' };
    }
  }
  if (!stat.isFile()) return { kind: 'missing' };
  // Refuse files whose real location (after symlinks) is outside the root.
  let real;
  try {
    real = fs.realpathSync(candidate);
  } catch {
    return { kind: 'missing' };
  }
  if (!isInside(root, real)) return { kind: 'bad' };
  return { kind: 'file', file: real };
}

/**
 * Start serving `siteDir` on 127.0.0.1:`port` (0 = any free port).
 * Resolves to { server, port, origin, close(), requests } where `requests`
 * is a log of { method, path, status } for every request answered.
 */
export async function startServer(siteDir, { port = 0, csp = CSP } = {}) {
  const root = fs.realpathSync(path.resolve(siteDir));
  const notFoundFile = path.join(root, '404.html');
  const requests = [];

  const server = http.createServer((req, res) => {
    const headers = {
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    };
    const send = (status, body, type) => {
      requests.push({ method: req.method, path: req.url, status });
      res.writeHead(status, {
        ...headers,
        'Content-Type': type,
        'Content-Length': Buffer.byteLength(body),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return send(405, 'Method Not Allowed\n', 'text/plain; charset=utf-8');
    }
    let url;
    try {
      url = new URL(req.url, 'http://127.0.0.1');
    } catch {
      return send(400, 'Bad Request\n', 'text/plain; charset=utf-8');
    }
    const r = resolveRequestPath(root, url.pathname);
    if (r.kind === 'bad') return send(400, 'Bad Request\n', 'text/plain; charset=utf-8');
    if (r.kind === 'redirect') {
      res.setHeader('Location', r.location + url.search);
      return send(301, 'Moved Permanently\n', 'text/plain; charset=utf-8');
    }
    if (r.kind === 'missing') {
      let body = 'Not Found\n';
      let type = 'text/plain; charset=utf-8';
      try {
        body = fs.readFileSync(notFoundFile);
        type = contentType(notFoundFile);
      } catch {
        /* the site has no 404.html: plain text it is */
      }
      return send(404, body, type);
    }
    let body;
    try {
      body = fs.readFileSync(r.file);
    } catch {
      return send(500, 'Internal Server Error\n', 'text/plain; charset=utf-8');
    }
    return send(200, body, contentType(r.file));
  });

  await new Promise((resolve, reject) => {
    server.once('error', (err) => {
      if (err.code === 'EADDRINUSE') {
        err.message +=
          `\nPort ${port} is in use. The site was built for that port (CANTEEN_TEST_PORT);` +
          ' run the test files one at a time (node --test --test-concurrency=1).';
      }
      reject(err);
    });
    server.listen(port, '127.0.0.1', resolve);
  });
  const actualPort = server.address().port;
  return {
    server,
    port: actualPort,
    origin: `http://127.0.0.1:${actualPort}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
