// A small static file server for the gates: serves a built site folder under
// its base path (`/` or `/bao/`) on 127.0.0.1, the way a plain web server
// would (folder → index.html, `/x` → 301 `/x/`, a missing file → the site's
// 404.html with status 404). Records every request it answers.
//
// As a module: `const s = await serve({ dir, prefix, port })` → `{ url, port, close(), requests }`.
// As a program: `node lib/server.mjs --dir D [--prefix /bao/] [--port N]`
// prints `http://127.0.0.1:N/bao/` on stdout once listening and runs until killed.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
};

export function normalizePrefix(prefix) {
  let p = prefix || '/';
  if (!p.startsWith('/')) p = '/' + p;
  if (!p.endsWith('/')) p += '/';
  return p;
}

export function serve({ dir, prefix = '/', port = 0, host = '127.0.0.1' }) {
  const root = path.resolve(dir);
  const base = normalizePrefix(prefix);
  const requests = [];
  const notFound = (res, head) => {
    const page = path.join(root, '404.html');
    res.statusCode = 404;
    if (fs.existsSync(page)) {
      res.setHeader('Content-Type', TYPES['.html']);
      res.end(head ? undefined : fs.readFileSync(page));
    } else {
      res.setHeader('Content-Type', TYPES['.txt']);
      res.end(head ? undefined : 'not found\n');
    }
  };
  const server = http.createServer((req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.on('finish', () => requests.push({ method: req.method, url: req.url, status: res.statusCode }));
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.statusCode = 405;
      res.end();
      return;
    }
    const head = req.method === 'HEAD';
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.statusCode = 400;
      res.end();
      return;
    }
    if (pathname + '/' === base) {
      res.statusCode = 301;
      res.setHeader('Location', base);
      res.end();
      return;
    }
    if (!pathname.startsWith(base) || pathname.includes('\0')) return notFound(res, head);
    const rel = pathname.slice(base.length);
    let file = path.resolve(root, '.' + path.posix.sep + rel);
    if (file !== root && !file.startsWith(root + path.sep)) return notFound(res, head);
    let stat;
    try {
      stat = fs.statSync(file);
    } catch {
      return notFound(res, head);
    }
    if (stat.isDirectory()) {
      if (!pathname.endsWith('/')) {
        const u = new URL(req.url, 'http://x');
        res.statusCode = 301;
        res.setHeader('Location', encodeURI(pathname + '/') + u.search);
        res.end();
        return;
      }
      file = path.join(file, 'index.html');
      try {
        stat = fs.statSync(file);
      } catch {
        return notFound(res, head);
      }
    }
    if (!stat.isFile()) return notFound(res, head);
    res.statusCode = 200;
    res.setHeader('Content-Type', TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream');
    res.setHeader('Content-Length', stat.size);
    if (head) {
      res.end();
      return;
    }
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const actual = server.address().port;
      resolve({
        port: actual,
        origin: `http://${host}:${actual}`,
        url: `http://${host}:${actual}${base}`,
        prefix: base,
        requests,
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
      });
    });
  });
}

/// A free TCP port on 127.0.0.1 (for building a site whose base URL names the port).
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = http.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : dflt;
  };
  if (args.includes('--free-port')) {
    console.log(await freePort());
    process.exit(0);
  }
  const dir = opt('--dir');
  if (!dir) {
    console.error('usage: node lib/server.mjs --dir DIR [--prefix /bao/] [--port N] | --free-port');
    process.exit(2);
  }
  const s = await serve({ dir, prefix: opt('--prefix', '/'), port: Number(opt('--port', '0')) });
  console.log(s.url);
  const stop = () => s.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
