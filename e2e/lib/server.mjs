// A tiny static file server for the gates: 127.0.0.1 only, GET and HEAD,
// the site mounted under a prefix ("/" or a sub-path such as "/cchc/").
// Anything outside the prefix is a 404, so a link that escapes the sub-path
// fails the crawl instead of being rescued by a file at the server's root.
// Like most static hosts it answers "dir/" with "dir/index.html" and a miss
// with the site's 404.html and status 404.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.sqlite': 'application/vnd.sqlite3',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
};

export function contentType(file) {
  const base = path.basename(file);
  if (base === 'SHA256SUMS') return 'text/plain; charset=utf-8';
  return TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

// Resolves a request path to a file inside `dir`, or null.
function resolve(dir, prefix, urlPath) {
  if (!urlPath.startsWith(prefix)) return null;
  let rel;
  try {
    rel = decodeURIComponent(urlPath.slice(prefix.length));
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  let file = path.join(dir, rel);
  if (file !== dir && !file.startsWith(dir + path.sep)) return null;
  try {
    let st = fs.statSync(file);
    if (st.isDirectory()) {
      // A host redirects "dir" to "dir/"; the crawl treats both as links
      // that would break on file://, so serving index.html here is enough.
      file = path.join(file, 'index.html');
      st = fs.statSync(file);
    }
    return st.isFile() ? file : null;
  } catch {
    return null;
  }
}

/**
 * Serves `dir` under `prefix` on 127.0.0.1 at a free port.
 * Returns { origin, base, close, hits } where base = origin + prefix.
 */
export async function serve(dir, prefix = '/') {
  dir = path.resolve(dir);
  if (!prefix.startsWith('/')) prefix = '/' + prefix;
  if (!prefix.endsWith('/')) prefix += '/';
  const notFound = path.join(dir, '404.html');
  const hits = { requests: 0, misses: [] };
  const server = http.createServer((req, res) => {
    hits.requests++;
    const urlPath = new URL(req.url, 'http://127.0.0.1').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' });
      res.end();
      return;
    }
    const file = resolve(dir, prefix, urlPath);
    if (!file) {
      hits.misses.push(urlPath);
      const body = fs.existsSync(notFound) ? fs.readFileSync(notFound) : Buffer.from('not found');
      res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    const st = fs.statSync(file);
    res.writeHead(200, {
      'Content-Type': contentType(file),
      'Content-Length': st.size,
      'Cache-Control': 'no-cache',
      // The README promises the site works under this policy.
      'Content-Security-Policy': "default-src 'self'",
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(file).pipe(res);
  });
  server.keepAliveTimeout = 1000;
  await new Promise((ok, ko) => {
    server.once('error', ko);
    server.listen(0, '127.0.0.1', ok);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    base: origin + prefix,
    hits,
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(() => ok()); }),
  };
}

// `node lib/server.mjs DIR [PREFIX] [PORT]`: serve a site by hand.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, prefix = '/'] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node lib/server.mjs DIR [PREFIX]');
    process.exit(2);
  }
  const s = await serve(dir, prefix);
  console.log(`serving ${dir} at ${s.base} (Ctrl-C to stop)`);
}
