// Gate: no JavaScript. Every page of the representative set is opened with
// JavaScript on and off: with it off, every number, table and chart that
// the scripted page shows must be there too, and every chart must render.
// The search form, without its script, must land on the unit list (the
// fallback) with every unit listed.
import path from 'node:path';
import fs from 'node:fs';
import { launch, guardedContext, distinct } from '../lib/browser.mjs';
import { serve } from '../lib/server.mjs';
import { Gate, run, siteDir, mainPages, visitPath, publicBase, table } from '../lib/report.mjs';

const gate = new Gate('nojs');

// What a reader gets from a page: its numbers (as a multiset), its tables
// and rows, its charts and whether each chart is drawn.
function inventory(page) {
  return page.evaluate(() => {
    document.querySelectorAll('details').forEach((d) => { d.open = true; });
    const main = document.querySelector('main') || document.body;
    const text = main.innerText;
    const numbers = {};
    for (const n of text.match(/\d[\d.,]*/g) || []) numbers[n] = (numbers[n] || 0) + 1;
    const rows = [...main.querySelectorAll('table')].map((t) => t.querySelectorAll('tbody tr').length);
    // A map legend's colour swatches are not charts.
    const svgs = [...main.querySelectorAll('svg:not(.swatch)')].map((s) => {
      const r = s.getBoundingClientRect();
      // A locator map may draw the other units as one path, or be its
      // unit alone over a picture of the rest: either way a picture.
      const shapes = s.querySelectorAll('rect, path, line, polyline, circle, text').length;
      const layered = !!s.closest('.locator') && !!s.closest('.locator').querySelector('img');
      return { w: Math.round(r.width), h: Math.round(r.height), shapes: s.classList.contains('map-svg') && (shapes >= 2 || layered) ? 4 : shapes };
    });
    return { numbers, rows, svgs, figures: main.querySelectorAll('figure').length };
  });
}

function unitCount(dir) {
  // One assignment of the packed index (Site::search_index).
  const js = fs.readFileSync(path.join(dir, 'assets/search-index.js'), 'utf8');
  return JSON.parse(js.slice(js.indexOf('=') + 1).replace(/;\s*$/, '')).units.length;
}

async function fallback(browser, site, dir, query, expect) {
  const server = await serve(dir);
  const { context, problems } = await guardedContext(browser, { javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await page.goto(server.base + 'index.html');
    gate.check(!(await page.isVisible('#search-results')), `${site}: without JS the empty result list must stay hidden`);
    await page.fill('#q', query);
    await Promise.all([page.waitForNavigation(), page.press('#q', 'Enter')]);
    const url = new URL(page.url());
    gate.check(url.pathname.endsWith('/don-vi/index.html'), `${site}: without JS the search form should open don-vi/index.html, got ${url.pathname}`);
    gate.check(url.searchParams.get('q') === query, `${site}: the query should travel as ?q=, got ${url.search}`);
    // A unit's own link is the first of its item ("nay là" links follow it).
    const names = await page.$$eval('#unit-list li > a:first-child', (as) => as.map((a) => a.textContent.trim()));
    const units = unitCount(dir);
    gate.check(names.length === units, `${site}: the unit list shows ${names.length} units, the site has ${units}`);
    for (const n of expect) gate.check(names.some((x) => x.endsWith(n)), `${site}: the unit list lacks ${n}`);
    const target = await page.$eval('#unit-list li a', (a) => a.href);
    const r = await page.goto(target);
    gate.check(r && r.status() === 200, `${site}: the first unit of the list does not open`);
    gate.info(`${site}: "${query}" + Enter without JS -> don-vi/index.html?q=..., ${names.length} units listed`);
  } finally {
    await context.close();
    await server.close();
  }
  for (const p of distinct(problems)) gate.fail(p);
}

await run(gate, async () => {
  const dir = siteDir();
  const server = await serve(dir);
  const browser = await launch();
  const pub = publicBase(dir);
  const alias = pub ? { alias: { from: pub, to: server.base } } : {};
  const on = await guardedContext(browser, alias);
  const off = await guardedContext(browser, { ...alias, javaScriptEnabled: false });
  for (const c of [on, off]) c.expect404.add(server.base + visitPath('404.html', dir));
  const rows = [];
  try {
    const pOn = await on.context.newPage();
    const pOff = await off.context.newPage();
    for (const [kind, p] of mainPages(dir)) {
      const url = server.base + visitPath(p, dir);
      await pOn.goto(url);
      await pOff.goto(url);
      const a = await inventory(pOn);
      const b = await inventory(pOff);
      let missing = 0;
      for (const [n, count] of Object.entries(a.numbers)) {
        const have = b.numbers[n] || 0;
        if (have < count) { missing += count - have; gate.fail(`${kind} (${p}): without JS the number ${n} appears ${have} time(s), with JS ${count}`); }
      }
      gate.check(b.rows.length >= a.rows.length, `${kind} (${p}): without JS ${b.rows.length} tables, with JS ${a.rows.length}`);
      a.rows.forEach((n, i) => gate.check((b.rows[i] ?? -1) >= n, `${kind} (${p}): table ${i + 1} has ${b.rows[i]} rows without JS, ${n} with JS`));
      gate.check(b.svgs.length >= a.svgs.length, `${kind} (${p}): without JS ${b.svgs.length} charts, with JS ${a.svgs.length}`);
      b.svgs.forEach((s, i) => gate.check(s.w > 100 && s.h > 50 && s.shapes > 3, `${kind} (${p}): chart ${i + 1} is not drawn without JS (${s.w}x${s.h}, ${s.shapes} shapes)`));
      rows.push([kind, Object.values(b.numbers).reduce((x, y) => x + y, 0), b.rows.length, b.rows.reduce((x, y) => x + y, 0), b.svgs.length, missing]);
    }
    console.log(table(['page (JS off)', 'numbers', 'tables', 'rows', 'charts', 'missing'], rows));
    // The ranking holds one row per unit in the group, as counted on the page.
    await pOff.goto(server.base + mainPages(dir).find(([k]) => k === 'ranking')[1]);
    const count = await pOff.$eval('dl.figures dd', (dd) => Number(dd.textContent.replace(/\D/g, '')));
    const ranked = await pOff.$$eval('table.sortable tbody tr', (trs) => trs.length);
    gate.check(count > 0 && count === ranked, `ranking without JS: ${ranked} rows for ${count} units`);
  } finally {
    await on.context.close();
    await off.context.close();
    await server.close();
  }
  for (const p of distinct([...on.problems, ...off.problems])) gate.fail(p);
  await fallback(browser, 'data', dir, 'dak', []);
  if (process.env.E2E_KONRAY) await fallback(browser, 'kon-ray', path.resolve(process.env.E2E_KONRAY), 'dak to', ['Đắk Tô Re', 'Đắk Tô Lung']);
  await browser.close();
});
