// Debian's Chromium driven by playwright-core (its own browser download
// cannot work here), plus the guards every browser gate shares: no request
// may leave 127.0.0.1, and no console error or page error may occur.
import { chromium } from 'playwright-core';
import fs from 'node:fs';

export const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';
export const CHROME_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launch() {
  if (!fs.existsSync(CHROME)) {
    throw new Error(`no browser at ${CHROME}: install Debian's chromium (apt-get install chromium) or set CHROME_PATH`);
  }
  return chromium.launch({ executablePath: CHROME, headless: true, args: CHROME_FLAGS });
}

// A request is local when it targets the loopback server, a file on disk,
// or is inline data.
export function isLocal(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === 'file:' || u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return true;
  return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname === '127.0.0.1';
}

/**
 * A browser context whose every page is watched. `problems` collects
 * strings: requests that would leave the machine (blocked), console errors,
 * uncaught page errors and failed local requests.
 *
 * `alias` = { from, to } serves the site's own public address (its
 * base_url, which only 404.html uses, since a 404 page is served at any
 * address) from the local copy, as the real host would; every other host
 * stays blocked. `expect404` holds page URLs that are meant to be 404s.
 */
export async function guardedContext(browser, options = {}, problems = []) {
  const { alias, ...contextOptions } = options;
  const context = await browser.newContext({ locale: 'vi-VN', ...contextOptions });
  const expect404 = new Set();
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    try {
      if (isLocal(url)) return await route.continue();
      if (alias && url.startsWith(alias.from)) {
        const response = await route.fetch({ url: alias.to + url.slice(alias.from.length) });
        return await route.fulfill({ response });
      }
      problems.push(`request leaves 127.0.0.1: ${url}`);
      return await route.abort('blockedbyclient');
    } catch (err) {
      // A request still in flight when its page or context closes (a late
      // favicon) cannot be answered any more, or was already answered by
      // Playwright as the context's routes were removed: neither is a site
      // problem.
      if (/disposed|closed|already handled/i.test(String(err && err.message))) return;
      problems.push(`request to ${url} could not be routed: ${err.message}`);
    }
  });
  // Handlers still running when the context closes end quietly.
  const close = context.close.bind(context);
  context.close = async (...args) => {
    await context.unrouteAll({ behavior: 'ignoreErrors' });
    return close(...args);
  };
  context.on('page', (page) => watchPage(page, problems, expect404));
  return { context, problems, expect404 };
}

export function watchPage(page, problems, expect404 = new Set()) {
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // Chromium logs the status of a page we asked to be a 404.
    if (expect404.has(page.url()) && /status of 404/.test(msg.text())) return;
    problems.push(`console error on ${page.url()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error on ${page.url()}: ${err.message}`));
  page.on('requestfailed', (req) => {
    const why = req.failure()?.errorText || '';
    // Aborted by our own guard: already reported above. Aborted because
    // the page was left while it loaded (a late favicon): not a failure;
    // a missing file shows as its 404 response instead.
    if (why.includes('BLOCKED_BY_CLIENT') || why.includes('ERR_ABORTED')) return;
    // The test server sends the strict CSP the README promises, so the
    // browser itself may stop an outside request before our guard sees it.
    if (!isLocal(req.url())) {
      problems.push(`request leaves 127.0.0.1: ${req.url()} (from ${page.url()}, stopped by the Content-Security-Policy)`);
      return;
    }
    problems.push(`request failed on ${page.url()}: ${req.url()} (${why})`);
  });
  page.on('response', (res) => {
    if (res.status() < 400 || expect404.has(res.url())) return;
    problems.push(`HTTP ${res.status()} on ${page.url()}: ${res.url()}`);
  });
}

// Many identical messages (one per element) read better counted.
export function distinct(problems) {
  const counts = new Map();
  for (const p of problems) counts.set(p, (counts.get(p) || 0) + 1);
  return [...counts].map(([p, n]) => (n > 1 ? `${p} (x${n})` : p));
}
