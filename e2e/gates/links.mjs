// Gate: links. An HTTP crawl from the home page, with the site served at
// the root and again under a sub-path (nothing else on that server, so a
// link that climbs out of the sub-path is a 404): every generated page is
// reached, and every link, anchor, image, stylesheet, script, form and
// download resolves. Then the site opened from the disk (file://) in the
// browser: assets load, search and sorting work, and every link target of
// the main pages exists on disk.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { serve } from '../lib/server.mjs';
import { references, anchors } from '../lib/html.mjs';
import { launch, guardedContext, distinct } from '../lib/browser.mjs';
import { Gate, run, siteDir, walk, mainPages, publicBase, missingPath, table } from '../lib/report.mjs';

const gate = new Gate('links');
const SUBPATH = '/cchc/ket-qua/';

function stripHash(u) {
  const x = new URL(u);
  x.hash = '';
  return x.href;
}

async function crawl(dir, prefix) {
  const server = await serve(dir, prefix);
  const base = server.base;
  const pub = publicBase(dir);
  const label = prefix === '/' ? 'root' : `sub-path ${prefix}`;
  const pages = new Map(); // url -> { ids }
  const status = new Map(); // url (no hash) -> Promise<status>
  const fragmentChecks = []; // [fromPage, targetUrl, id]
  const external = new Set();
  const errs = [];
  let refs = 0;
  const bad = (from, msg) => errs.push(`${label}: ${rel(from)}: ${msg}`);
  const rel = (u) => (u.startsWith(base) ? u.slice(base.length) || '(root)' : u);

  // The site's public address (canonical links, 404.html, feed) maps to
  // the local copy: those links must resolve there too.
  const localize = (u) => (pub && u.startsWith(pub) ? base + u.slice(pub.length) : u);

  const head = (u) => {
    if (!status.has(u)) {
      status.set(u, fetch(u, { method: 'HEAD' }).then((r) => r.status, (e) => `error ${e.message}`));
    }
    return status.get(u);
  };

  const bilingual = fs.existsSync(path.join(dir, 'en', 'index.html'));
  let switches = 0;
  const linkedFrom = new Map(); // page -> [first page linking it, tag, href]
  const queue = [base + 'index.html'];
  const seen = new Set(queue);
  async function visit(url) {
    const res = await fetch(url);
    const html = await res.text();
    status.set(url, Promise.resolve(res.status));
    if (res.status !== 200) return; // reported by whoever linked it
    pages.set(url, { ids: anchors(html) });
    // On a site in two languages, every page but a chart's embed page
    // switches to the same page in the other language (under `en/`).
    if (bilingual) {
      const page = decodeURIComponent(url.slice(base.length));
      const other = page.startsWith('en/') ? page.slice(3) : 'en/' + page;
      const m = html.match(/<p class="?lang-switch"?>\s*<a\b[^>]*\bhref="([^"]+)"/);
      if (/^(en\/)?nhung\//.test(page)) {
        if (m) bad(url, 'an embed page offers a language switch');
      } else if (!m) {
        bad(url, 'no language switch');
      } else if (decodeURIComponent(new URL(m[1], url).href.slice(base.length)) !== other) {
        bad(url, `the language switch leads to ${m[1]}, not ${other}`);
      }
      switches++;
    }
    const pending = [];
    for (const ref of references(html)) {
      refs++;
      const raw = ref.url;
      if (ref.kind === 'form' && raw === '') { bad(url, 'a form with no action'); continue; }
      if (/^(mailto|tel):/i.test(raw)) continue;
      if (/^javascript:/i.test(raw)) { bad(url, `javascript: URL in <${ref.tag}>`); continue; }
      if (/^data:/i.test(raw)) continue;
      let abs;
      try {
        abs = localize(new URL(raw, url).href);
      } catch {
        bad(url, `unparsable URL "${raw}"`);
        continue;
      }
      if (!abs.startsWith(server.origin)) {
        if (ref.kind === 'resource') bad(url, `<${ref.tag}> loads from another host: ${raw}`);
        else external.add(abs);
        continue;
      }
      if (!abs.startsWith(base)) { bad(url, `"${raw}" leaves the site's directory (${new URL(abs).pathname})`); continue; }
      const target = new URL(abs);
      const p = decodeURIComponent(target.pathname.slice(new URL(base).pathname.length));
      // On file:// a link to a directory opens a listing, not its index.
      if (ref.kind !== 'canonical' && (p === '' || p.endsWith('/'))) {
        bad(url, `"${raw}" names a directory: it breaks when the site is opened from the disk; link the index.html`);
      }
      const noHash = stripHash(abs).replace(/\?.*$/, '');
      if (target.hash && target.hash.length > 1) fragmentChecks.push([url, noHash, decodeURIComponent(target.hash.slice(1))]);
      if (/\.html$/.test(noHash) && ref.kind !== 'canonical') {
        if (!seen.has(noHash)) { seen.add(noHash); linkedFrom.set(noHash, [url, ref.tag, raw]); queue.push(noHash); }
      } else {
        pending.push(head(noHash).then((s) => { if (s !== 200) bad(url, `<${ref.tag}> "${raw}" answers ${s}`); }));
      }
    }
    await Promise.all(pending);
  }
  // A small worker pool, plenty for a local server on 2 cores. A worker
  // that finds the queue empty waits while others still run: their pages
  // may add more.
  let active = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    for (;;) {
      if (queue.length) {
        active++;
        try { await visit(queue.shift()); } finally { active--; }
      } else if (active) {
        await new Promise((r) => setTimeout(r, 5));
      } else {
        return;
      }
    }
  }));

  // Pages linked but not found.
  for (const u of seen) {
    const s = await status.get(u);
    if (s === 200) continue;
    const [from, tag, raw] = linkedFrom.get(u) || [base, 'start', rel(u)];
    bad(from, `<${tag}> "${raw}" answers ${s}`);
  }
  // Fragments.
  let fragments = 0;
  for (const [from, target, id] of fragmentChecks) {
    fragments++;
    const p = pages.get(target);
    if (p && !p.ids.has(id)) bad(from, `#${id} does not exist in ${rel(target)}`);
  }
  // Every generated page is reachable from the home page.
  const onDisk = walk(dir).filter((f) => f.endsWith('.html') && f !== '404.html');
  const reached = new Set([...pages.keys()].map((u) => decodeURIComponent(u.slice(base.length))));
  const unreached = onDisk.filter((f) => !reached.has(f));
  for (const f of unreached.slice(0, 20)) errs.push(`${label}: ${f} is not reachable from the home page`);
  if (unreached.length > 20) errs.push(`${label}: ... and ${unreached.length - 20} more pages not reachable`);

  // The 404 page, where a visitor meets it: a missing address answers 404
  // with the site's page, and its (absolute) links resolve.
  const missing = await fetch(base + missingPath(dir));
  const body = await missing.text();
  if (missing.status !== 404) errs.push(`${label}: a missing page answers ${missing.status}, not 404`);
  const nf = fs.readFileSync(path.join(dir, '404.html'), 'utf8');
  if (body !== nf) errs.push(`${label}: a missing page is not served the site's 404.html`);
  for (const ref of references(nf)) {
    if (/^(mailto|tel|data):/i.test(ref.url) || ref.url.startsWith('#')) continue;
    const abs = localize(new URL(ref.url, base + missingPath(dir)).href);
    if (!abs.startsWith(server.origin)) {
      if (ref.kind === 'resource') errs.push(`${label}: 404.html loads from another host: ${ref.url}`);
      continue;
    }
    const s = /\.html$/.test(stripHash(abs)) ? (await fetch(stripHash(abs))).status : await head(stripHash(abs).replace(/\?.*$/, ''));
    if (s !== 200) errs.push(`${label}: 404.html: "${ref.url}" answers ${s} when served at ${missingPath(dir)}`);
  }

  // sitemap.xml and feed.xml name the site's public address: each entry
  // maps to a page that exists, and the sitemap lists every page.
  const sitemapFile = path.join(dir, 'sitemap.xml');
  if (fs.existsSync(sitemapFile)) {
    const locsOf = (xml) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => localize(m[1]));
    let locs = [];
    const top = fs.readFileSync(sitemapFile, 'utf8');
    // A site in several languages: an index of one sitemap per language.
    if (top.includes('<sitemapindex')) {
      for (const l of locsOf(top)) {
        const r = await fetch(l);
        if (r.status !== 200) errs.push(`${label}: sitemap index entry ${l} answers ${r.status}`);
        else locs = locs.concat(locsOf(await r.text()));
      }
    } else {
      locs = locsOf(top);
    }
    for (const l of locs) {
      const s = (await fetch(l)).status;
      if (s !== 200) errs.push(`${label}: sitemap.xml entry ${l} answers ${s}`);
    }
    // Pages marked noindex (embed pages: a chart's frame for other sites)
    // are left out of the sitemap; every other page is in it.
    const noindex = (html) => [...html.matchAll(/<meta\b[^>]*>/g)].some((m) => /\bname="?robots\b/.test(m[0]) && /\bcontent="?noindex\b/.test(m[0]));
    const indexed = onDisk.filter((f) => !noindex(fs.readFileSync(path.join(dir, f), 'utf8')));
    if (locs.length !== indexed.length) errs.push(`${label}: sitemap.xml lists ${locs.length} pages, the site has ${indexed.length} to index`);
  }
  const feedFile = path.join(dir, 'feed.xml');
  if (fs.existsSync(feedFile)) {
    for (const m of fs.readFileSync(feedFile, 'utf8').matchAll(/<link\b[^>]*href="([^"]+)"/g)) {
      const s = (await fetch(localize(m[1]), { method: 'HEAD' })).status;
      if (s !== 200) errs.push(`${label}: feed.xml link ${m[1]} answers ${s}`);
    }
  }
  // Downloads nobody links are not errors, but worth knowing about.
  const referenced = new Set([...status.keys()].map((u) => (u.startsWith(base) ? decodeURIComponent(u.slice(base.length)) : u)));
  const orphans = walk(dir).filter((f) => !f.endsWith('.html') && !referenced.has(f));
  if (orphans.length) gate.info(`${label}: ${orphans.length} file(s) no page links (fine for machine files): ${orphans.slice(0, 8).join(', ')}${orphans.length > 8 ? ', ...' : ''}`);
  await server.close();
  const files = [...status.keys()].filter((u) => !pages.has(u) && !/\.html$/.test(u)).length;
  return { label, pages: pages.size, files, refs, fragments, switches, external: external.size, unreached: unreached.length, errs };
}

// file://: the main pages straight from the disk in the browser.
async function fromDisk(dir) {
  const browser = await launch();
  const { context, problems } = await guardedContext(browser);
  const errs = [];
  let checked = 0;
  try {
    const page = await context.newPage();
    for (const [kind, p] of mainPages(dir)) {
      if (p === '404.html') continue; // absolute links by design: checked above
      const url = pathToFileURL(path.join(dir, p)).href;
      await page.goto(url);
      const styled = await page.evaluate(() => getComputedStyle(document.querySelector('.site-header')).backgroundColor);
      if (styled === 'rgba(0, 0, 0, 0)') errs.push(`file:// ${p}: the stylesheet did not load`);
      const targets = await page.$$eval('a[href], link[href], script[src], img[src], form[action]', (els) => els.map((e) => {
        const attr = e.hasAttribute('href') ? 'href' : e.hasAttribute('src') ? 'src' : 'action';
        return { tag: e.tagName.toLowerCase(), raw: e.getAttribute(attr), abs: (typeof e[attr] === 'string' ? e[attr] : e[attr] && e[attr].baseVal !== undefined ? new URL(e[attr].baseVal, document.baseURI).href : '') || e.getAttribute(attr), rel: e.getAttribute('rel') };
      }));
      for (const t of targets) {
        if (!t.abs.startsWith('file:') || t.rel === 'canonical') continue;
        checked++;
        const u = new URL(t.abs);
        const file = fileURLToPath(u.origin === 'null' ? 'file://' + u.pathname : u.href.replace(/[?#].*$/, ''));
        let st = null;
        try { st = fs.statSync(file); } catch { /* missing */ }
        if (!st) { errs.push(`file:// ${p}: <${t.tag}> "${t.raw}" points to a missing file`); continue; }
        if (st.isDirectory()) { errs.push(`file:// ${p}: <${t.tag}> "${t.raw}" opens a directory listing`); continue; }
        if (u.hash.length > 1 && file.endsWith('.html')) {
          const ids = anchors(fs.readFileSync(file, 'utf8'));
          if (!ids.has(decodeURIComponent(u.hash.slice(1)))) errs.push(`file:// ${p}: "${t.raw}": no such anchor`);
        }
      }
      if (kind === 'ranking') {
        const buttons = await page.$$eval('table.sortable thead th button', (b) => b.length);
        if (!buttons) errs.push(`file:// ${p}: the script did not run (no sort buttons)`);
      }
      if (kind === 'home') {
        await page.fill('#q', 'dak');
        const hit = await page.waitForSelector('#search-results a', { timeout: 3000 }).catch(() => null);
        if (!hit) errs.push('file:// index.html: search shows no result (search index not loaded?)');
        else {
          const href = await hit.evaluate((a) => a.href);
          if (!fs.existsSync(fileURLToPath(href))) errs.push(`file:// search result ${href} does not exist`);
          await hit.click();
          await page.waitForLoadState();
          if (!page.url().startsWith('file:') || !page.url().endsWith('.html')) errs.push(`file:// clicking a search result lands on ${page.url()}`);
        }
      }
    }
  } finally {
    await context.close();
    await browser.close();
  }
  return { errs: [...errs, ...distinct(problems).map((x) => `file://: ${x}`)], checked };
}

await run(gate, async () => {
  const dirs = [['data', siteDir()]];
  if (process.env.E2E_KONRAY) dirs.push(['kon-ray', path.resolve(process.env.E2E_KONRAY)]);
  const rows = [];
  for (const [name, dir] of dirs) {
    for (const prefix of name === 'data' ? ['/', SUBPATH] : ['/']) {
      const r = await crawl(dir, prefix);
      rows.push([`${name}, ${r.label}`, r.pages, r.files, r.refs, r.fragments, r.switches, r.external, r.unreached, r.errs.length]);
      for (const e of r.errs.slice(0, 40)) gate.fail(e);
      if (r.errs.length > 40) gate.fail(`... and ${r.errs.length - 40} more`);
    }
  }
  console.log(table(['site, served at', 'pages', 'files', 'references', 'anchors', 'language switches', 'external', 'unreached', 'problems'], rows));
  const disk = await fromDisk(siteDir());
  gate.info(`file://: ${disk.checked} link targets of the main pages checked on disk`);
  for (const e of disk.errs) gate.fail(e);
});
