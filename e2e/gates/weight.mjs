// Gate: weight. Every page's HTML under 100 KB; the site's CSS and its
// JavaScript code each under 20 KB in total. The search index
// (assets/search-index.js) is data, not code: it grows with the number of
// units, loads only on pages with a search box, and is held to the page
// budget instead. Prints the heaviest pages.
import fs from 'node:fs';
import path from 'node:path';
import { Gate, run, siteDir, walk, table } from '../lib/report.mjs';

const gate = new Gate('weight');
const KB = 1024;
const PAGE_LIMIT = 100 * KB;
const CSS_LIMIT = 20 * KB;
const JS_LIMIT = 20 * KB;
// The search index and the comparison's data scripts are data, each
// under the page limit, not code.
// A second language's pages (`en/`) have their own.
const DATA_JS = { has: (f) => /^(en\/)?(assets\/search-index|so-sanh\/du-lieu\/[^/]+)\.js$/.test(f) };

const kb = (n) => (n / KB).toFixed(1);

await run(gate, async () => {
  const dirs = [['data', siteDir()]];
  if (process.env.E2E_KONRAY) dirs.push(['kon-ray', path.resolve(process.env.E2E_KONRAY)]);
  for (const [name, dir] of dirs) {
    const files = walk(dir).map((f) => ({ f, size: fs.statSync(path.join(dir, f)).size }));
    const pages = files.filter((x) => x.f.endsWith('.html')).sort((a, b) => b.size - a.size || (a.f < b.f ? -1 : 1));
    const css = files.filter((x) => x.f.endsWith('.css'));
    const js = files.filter((x) => x.f.endsWith('.js') && !DATA_JS.has(x.f));
    const data = files.filter((x) => DATA_JS.has(x.f));
    const total = (xs) => xs.reduce((n, x) => n + x.size, 0);
    const over = pages.filter((x) => x.size >= PAGE_LIMIT);
    gate.info(`${name}: ${pages.length} pages, ${kb(total(pages))} KB of HTML, mean ${kb(total(pages) / pages.length)} KB`);
    console.log(`  heaviest pages of ${name}:`);
    console.log(table(['page', 'KB', 'of budget'], pages.slice(0, 10).map((x) => [x.f, kb(x.size), `${Math.round((100 * x.size) / PAGE_LIMIT)} %`])));
    for (const x of over) gate.fail(`${name}: ${x.f} is ${kb(x.size)} KB of HTML (limit ${kb(PAGE_LIMIT)} KB)`);
    console.log(table(['asset', 'KB', 'budget KB'], [
      ...css.map((x) => [x.f, kb(x.size), '']), ['= CSS total', kb(total(css)), kb(CSS_LIMIT)],
      ...js.map((x) => [x.f, kb(x.size), '']), ['= JS code total', kb(total(js)), kb(JS_LIMIT)],
      ...data.map((x) => [`${x.f} (data)`, kb(x.size), kb(PAGE_LIMIT)]),
    ]));
    gate.check(total(css) < CSS_LIMIT, `${name}: CSS totals ${kb(total(css))} KB (limit ${kb(CSS_LIMIT)} KB)`);
    gate.check(total(js) < JS_LIMIT, `${name}: JavaScript totals ${kb(total(js))} KB (limit ${kb(JS_LIMIT)} KB)`);
    for (const x of data) gate.check(x.size < PAGE_LIMIT, `${name}: ${x.f} is ${kb(x.size)} KB (limit ${kb(PAGE_LIMIT)} KB)`);
    gate.check(css.length > 0 && js.length > 0, `${name}: no CSS or no JavaScript found: is this a chiso site?`);
  }
});
