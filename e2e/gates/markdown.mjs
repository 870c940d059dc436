// Gate: script in Markdown pages. The payload pages of e2e/payloads/
// (heading attributes, javascript: links in every spelling, reference
// links, autolinks, images from other hosts or data:, raw HTML), built into
// a site by build-sites.sh, are opened in the browser from the disk: a host
// need not send the Content-Security-Policy the README recommends, and
// file:// has none, so the page itself must be safe. Every element is
// hovered, focused and clicked (links with a safe address are not
// followed), the mouse swept over the page and the keyboard tabbed through
// it. The gate fails on any dialog, on a payload's global being set, on an
// event-handler or style attribute, on a link whose address is not
// relative, http(s), mailto or tel, on an image not on the site, and on a
// request leaving the machine. Every payload's label must still be on the
// page (a refused link keeps its text), so a page that lost its content
// cannot pass.
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch, guardedContext, distinct } from '../lib/browser.mjs';
import { Gate, run, env } from '../lib/report.mjs';

const gate = new Gate('markdown');
const here = path.dirname(fileURLToPath(import.meta.url));
const sources = path.join(here, '..', 'payloads');

// The labels (xss-NN) a payload file holds, each to be found on its page.
function labels(file) {
  return [...new Set(fs.readFileSync(file, 'utf8').match(/xss-\d+/g) || [])];
}

async function probe(page) {
  return page.evaluate(async () => {
    const found = [];
    const safe = new Set(['http:', 'https:', 'mailto:', 'tel:', 'file:']);
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) {
        if (/^on/i.test(a.name)) found.push(`<${el.localName}> has an event handler: ${a.name}="${a.value}"`);
        if (a.name === 'style') found.push(`<${el.localName}> has an inline style: style="${a.value}"`);
      }
    }
    for (const a of document.querySelectorAll('a[href]')) {
      if (!safe.has(a.protocol)) found.push(`a link to ${a.getAttribute('href')} (${a.protocol}): "${a.textContent.trim()}"`);
    }
    for (const img of document.querySelectorAll('img[src], [src]')) {
      const u = new URL(img.getAttribute('src'), document.baseURI);
      // From the disk an address on the site is a file: URL without a
      // host; //host/x would be another host's on the web.
      if (u.protocol !== 'file:' || u.host) found.push(`<${img.localName}> loads ${img.getAttribute('src')}`);
    }
    return found;
  });
}

// Everything a reader could do to the page that could set off a handler
// or a javascript: address.
async function provoke(page) {
  await page.evaluate(async () => {
    // Links that are allowed are not followed: the page must stay open.
    document.addEventListener('click', (e) => {
      const a = e.target.closest && e.target.closest('a[href]');
      if (a && ['http:', 'https:', 'mailto:', 'tel:', 'file:'].includes(a.protocol)) e.preventDefault();
    }, true);
    const kinds = ['pointerover', 'pointerenter', 'mouseover', 'mouseenter', 'mousemove', 'pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click', 'dblclick', 'contextmenu', 'focus', 'focusin', 'keydown', 'animationstart', 'transitionend', 'load', 'error'];
    for (const el of [...document.querySelectorAll('body *')]) {
      for (const k of kinds) {
        try {
          el.dispatchEvent(new Event(k, { bubbles: true, cancelable: true }));
        } catch {}
      }
      try {
        el.focus();
        if (el.localName === 'a') el.click();
      } catch {}
    }
    await new Promise((r) => setTimeout(r, 200));
  });
  const { width, height } = page.viewportSize();
  for (let y = 5; y < height; y += Math.floor(height / 6)) {
    for (let x = 5; x < width; x += Math.floor(width / 6)) await page.mouse.move(x, y);
  }
  await page.mouse.click(width / 2, height / 2);
  for (let i = 0; i < 40; i++) await page.keyboard.press('Tab');
  await page.waitForTimeout(300);
}

await run(gate, async () => {
  const dir = path.resolve(env('E2E_PAYLOADS'));
  const files = fs.readdirSync(sources).filter((f) => f.endsWith('.md')).sort();
  if (!files.length) throw new Error(`no payload file in ${sources}`);
  const browser = await launch();
  const { context, problems } = await guardedContext(browser);
  // Payloads that do not open a dialog set window.__pwned instead: every
  // document of the context reports it, even one a payload navigated to.
  const pwned = [];
  await context.exposeBinding('__xssRan', (_source, value) => { pwned.push(value); });
  await context.addInitScript(() => {
    Object.defineProperty(window, '__pwned', { set(v) { window.__xssRan(v); }, get() { return undefined; } });
  });
  try {
    for (const f of files) {
      const rel = `${path.basename(f, '.md')}.html`;
      const file = path.join(dir, rel);
      if (!fs.existsSync(file)) throw new Error(`${rel} was not built into ${dir}: build it with --content e2e/payloads`);
      const page = await context.newPage();
      const ran = [];
      page.on('dialog', async (d) => {
        ran.push(`${d.type()}("${d.message()}")`);
        await d.dismiss().catch(() => {});
      });
      await page.goto(pathToFileURL(file).href);
      const text = await page.evaluate(() => document.body.innerText + ' ' + [...document.images].map((i) => i.alt).join(' '));
      const expected = labels(path.join(sources, f));
      const missing = expected.filter((l) => !text.includes(l));
      gate.check(!missing.length, `${rel}: payloads missing from the page (a refused link or image must keep its text): ${missing.join(', ')}`);
      const found = await probe(page);
      for (const p of distinct(found)) gate.fail(`${rel}: ${p}`);
      try {
        await provoke(page);
      } catch (e) {
        // Only a javascript: address whose value replaced the document
        // can take the page away: allowed links are not followed.
        gate.fail(`${rel}: the page was replaced while hovered and clicked (a javascript: address ran?): ${String(e.message).split('\n')[0]}`);
      }
      for (const d of distinct(ran)) gate.fail(`${rel}: a payload ran: ${d}`);
      for (const p of pwned.splice(0)) gate.fail(`${rel}: a payload ran: window.__pwned = ${JSON.stringify(p)}`);
      gate.info(`${rel}: ${expected.length} payloads, ${ran.length} dialogs, ${found.length} unsafe attributes or addresses`);
      await page.close();
    }
  } finally {
    await context.close();
    await browser.close();
  }
  for (const p of distinct(problems)) gate.fail(p);
});
