// Gate: behaviour. Search finds units whatever the diacritics ("dak to"
// finds Đắk Tô Re and Đắk Tô Lung on the kon-ray example), the unit list
// filters in place, sorting the ranking by each column orders it, and on a
// walk over many pages no console error happens and no request leaves
// 127.0.0.1. A unit page's section link copies the section's address.
import fs from 'node:fs';
import path from 'node:path';
import { launch, guardedContext, distinct } from '../lib/browser.mjs';
import { serve } from '../lib/server.mjs';
import { Gate, run, siteDir, mainPages, visitPath, publicBase, walk, rankingDir, sampleUnit, table } from '../lib/report.mjs';

const gate = new Gate('behaviour');

async function results(page, q) {
  await page.fill('#q', '');
  await page.fill('#q', q);
  await page.waitForSelector('#search-results:not([hidden])', { timeout: 5000 }).catch(() => {});
  return page.$$eval('#search-results li a', (as) => as.map((a) => ({
    name: a.textContent.trim(), href: a.href, meta: (a.parentElement.querySelector('.meta') || {}).textContent || '',
  })));
}

async function search(context, base, name) {
  const page = await context.newPage();
  // The search index is fetched once someone searches, not with the page.
  const indexLoads = [];
  page.on('request', (req) => { if (req.url().endsWith('/assets/search-index.js')) indexLoads.push(req.url()); });
  await page.goto(base + 'index.html', { waitUntil: 'load' });
  gate.check(indexLoads.length === 0, `${name}: the home page loads the search index before anyone searches`);
  const r = await results(page, 'dak to');
  gate.check(indexLoads.length === 1, `${name}: searching should load the search index once, loaded ${indexLoads.length} times`);
  const names = r.map((x) => x.name);
  gate.info(`${name}: "dak to" -> ${names.join(', ') || '(nothing)'}`);
  for (const want of ['Đắk Tô Re', 'Đắk Tô Lung']) {
    const hit = r.find((x) => x.name.endsWith(want));
    if (!gate.check(hit, `${name}: search "dak to" does not find ${want}`)) continue;
    // The packed index still gives each result its kind and its parent.
    gate.check(hit.meta.startsWith('Xã · UBND huyện Kon Rẫy · '), `${name}: the result ${want} should say "Xã · UBND huyện Kon Rẫy · ..." then its latest index, says "${hit.meta}"`);
    const other = await context.newPage();
    const res = await other.goto(hit.href);
    const h1 = await other.$eval('h1', (h) => h.textContent);
    gate.check(res.status() === 200 && h1.includes(want), `${name}: the result ${want} opens ${hit.href} (status ${res.status()}, h1 "${h1}")`);
    // The result shows the index the unit's page shows first.
    const index = await other.$eval('.figures dd', (d) => d.textContent.trim()).catch(() => '');
    gate.check(index && hit.meta.includes(index), `${name}: the result ${want} should show its latest index ${index}, says "${hit.meta}"`);
    await other.close();
  }
  gate.check(names.slice(0, 2).every((n) => /Đắk Tô (Re|Lung)$/.test(n)), `${name}: "dak to" should rank Đắk Tô Re and Đắk Tô Lung first, got ${names.join(', ')}`);
  // Spelling variants: "dak" finds both Đắk and Đăk; typed accents rank first.
  const dak = (await results(page, 'dak')).map((x) => x.name);
  gate.check(dak.some((n) => n.includes('Đắk')) && dak.some((n) => n.includes('Đăk')), `${name}: "dak" should find both Đắk and Đăk, got ${dak.join(', ')}`);
  const accented = (await results(page, 'Đăk')).map((x) => x.name);
  gate.check(accented.length && accented[0].includes('Đăk'), `${name}: "Đăk" should rank Đăk first, got ${accented.join(', ')}`);
  const none = await results(page, 'zzzz');
  // Whatever shows it, a visible message inside the search form says so.
  const said = await page.$eval('#q', (q) => [...q.form.querySelectorAll('#search-results, #search-status, .search-empty')]
    .filter((e) => e.getClientRects().length && e.getBoundingClientRect().width > 1 && e.textContent.trim())
    .map((e) => e.textContent.trim()).join(' '));
  gate.check(none.length === 0 && said.length > 0, `${name}: a search with no match should say so on screen (got "${said}")`);
  await page.press('#q', 'Escape');
  gate.check(!(await page.isVisible('#search-results')), `${name}: Escape should close the results`);
  // Enter with several matches opens the list of them, not a guess; with
  // one, that unit.
  await results(page, 'dak to');
  await Promise.all([page.waitForNavigation(), page.press('#q', 'Enter')]);
  gate.check(/don-vi\/index\.html\?q=dak\+to$/.test(page.url()), `${name}: Enter on "dak to" (two units) should open the unit list filtered, opened ${page.url()}`);
  await page.goto(base + 'index.html');
  await results(page, 'Đắk Tô Re');
  await Promise.all([page.waitForNavigation(), page.press('#q', 'Enter')]);
  gate.check(/don-vi\/dak-to-re\.html$/.test(page.url()), `${name}: Enter on "Đắk Tô Re" (one unit) should open its page, opened ${page.url()}`);
  // The unit list filters in place, from ?q= too.
  await page.goto(base + 'don-vi/index.html?q=dak%20to');
  const shown = await page.$$eval('#unit-list li[data-fold]:not([hidden]) a', (as) => as.map((a) => a.textContent.trim()));
  gate.check(shown.length === 2 && shown.every((n) => /Đắk Tô (Re|Lung)$/.test(n)), `${name}: don-vi/index.html?q=dak to should show the two Đắk Tô units, shows ${shown.join(', ')}`);
  // A letter heading shows only while a unit under it does.
  const headings = await page.$$eval('#unit-list h2', (hs) => hs.map((h) => {
    let n = 0;
    for (let e = h.nextElementSibling; e && e.tagName !== 'H2'; e = e.nextElementSibling) n += e.querySelectorAll('li[data-fold]:not([hidden])').length;
    return { letter: h.textContent.trim(), visible: h.getClientRects().length > 0, units: n };
  }));
  for (const h of headings) gate.check(h.visible === h.units > 0, `${name}: unit list filtered by "dak to": heading ${h.letter} is ${h.visible ? 'shown' : 'hidden'} with ${h.units} unit(s) under it`);
  await page.close();
}

// Clicks every column's sort button twice and checks the order each time.
async function sorting(context, url, label) {
  const page = await context.newPage();
  await page.goto(url);
  const lang = await page.$eval('html', (h) => h.lang);
  const heads = await page.$$eval('table.sortable thead th', (ths) => ths.map((th) => ({ text: th.textContent.trim(), num: th.getAttribute('data-sort') === 'num', button: !!th.querySelector('button') })));
  const rows = [];
  for (let col = 0; col < heads.length; col++) {
    const h = heads[col];
    if (!gate.check(h.button, `${label}: column "${h.text}" has no sort button`)) continue;
    for (const dir of ['ascending', 'descending']) {
      await page.click(`table.sortable thead th:nth-child(${col + 1}) button`);
      const state = await page.$$eval('table.sortable thead th', (ths) => ths.map((th) => th.getAttribute('aria-sort')));
      const keys = await page.$$eval(`table.sortable tbody tr`, (trs, c) => trs.map((tr) => {
        const cell = tr.cells[c];
        return { v: cell.getAttribute('data-value'), t: cell.textContent.replace(/\s+/g, ' ').trim() };
      }), col);
      const coll = new Intl.Collator('vi', { numeric: true });
      // Without data-value a numeric cell is read as shown: `85,74` on a
      // Vietnamese page, `+0,73`, `79,3%`, `–` for none.
      const shown = (t) => { const x = t.replace(/[\s%+]/g, '').replace(/\u2212/g, '-'); return /\d/.test(x) ? (lang === 'en' ? x.replace(/,/g, '') : x.replace(/\./g, '').replace(',', '.')) : ''; };
      const vals = keys.map((k) => { const v = k.v === null ? shown(k.t) : k.v; return h.num ? (v.trim() === '' || !isFinite(Number(v)) ? null : Number(v)) : k.t; });
      const present = vals.filter((v) => v !== null && v !== '');
      const firstMissing = vals.findIndex((v) => v === null || v === '');
      const missingLast = firstMissing < 0 || vals.slice(firstMissing).every((v) => v === null || v === '');
      const sign = dir === 'ascending' ? 1 : -1;
      const cmp = (a, b) => (h.num ? a - b : coll.compare(a, b)) * sign;
      const bad = present.findIndex((v, i) => i > 0 && cmp(present[i - 1], v) > 0);
      gate.check(bad < 0, `${label}: column "${h.text}" ${dir}: out of order at row ${bad + 1} (${present[bad - 1]} before ${present[bad]})`);
      gate.check(missingLast, `${label}: column "${h.text}" ${dir}: blank values should come last`);
      gate.check(state[col] === dir && state.filter(Boolean).length === 1, `${label}: column "${h.text}": aria-sort should be "${dir}" on it alone, got ${JSON.stringify(state)}`);
      rows.push([h.text, dir, keys.length, present.length]);
    }
  }
  await page.close();
  return rows;
}

// Comparing: a unit page's "other units" link opens the free comparison
// with that unit, adding one found by the search gives a table of both and
// an address that gives it again; a ranking filtered by parent shows that
// parent's rows only, and sorting keeps the filter.
async function comparing(context, base, dir) {
  const pages = walk(dir).filter((f) => f.endsWith('.html'));
  const read = (f) => fs.readFileSync(path.join(dir, f), 'utf8');
  const unitPage = pages.find((f) => f.startsWith('don-vi/') && read(f).includes('compare-links'));
  if (!gate.check(unitPage, 'no unit page offers a comparison')) return;
  const page = await context.newPage();
  await page.goto(base + unitPage);
  await Promise.all([page.waitForNavigation(), page.click('.compare-links a[href*="so-sanh.html?u="]')]);
  const first = new URL(page.url()).searchParams.get('u');
  const columns = async () => page.$$eval('#compare-out thead th', (ths) => ths.slice(1).map((th) => th.textContent.trim()));
  await page.waitForSelector('#compare-out table', { timeout: 5000 }).catch(() => {});
  gate.check((await columns()).length === 1, `so-sanh.html?u=${first}: one unit's column expected, got ${JSON.stringify(await columns())}`);
  gate.check(!(await page.isVisible('#compare-nojs')), 'so-sanh.html: the text for readers without JavaScript should hide');
  await page.fill('#compare-q', 'xa');
  await page.click('#compare-results button:not([disabled])');
  await page.waitForFunction(() => document.querySelectorAll('#compare-out thead th').length === 3, null, { timeout: 5000 }).catch(() => {});
  const two = await columns();
  const address = page.url();
  gate.check(two.length === 2 && new RegExp(`u=${first}(%2C|,)[\\w-]+$`).test(address), `so-sanh.html: adding a unit should give two columns and name both in the address, got ${JSON.stringify(two)} at ${address}`);
  // Each unit's figures came from its group's data script.
  const index = await page.$$eval('#compare-out tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
  gate.check(index.length > 6 && index[1].slice(1).every((v) => /^\d+,\d+$/.test(v)), `so-sanh.html: the index row should hold both units' indices, got ${JSON.stringify(index[1])}`);
  await page.goto(address);
  await page.waitForFunction(() => document.querySelectorAll('#compare-out thead th').length === 3, null, { timeout: 5000 }).catch(() => {});
  gate.check(JSON.stringify(await columns()) === JSON.stringify(two), `${address}: the shared address should show the same units, got ${JSON.stringify(await columns())}`);

  const ranking = pages.find((f) => /^\d{4}\/[^/]+\/index\.html$/.test(f) && read(f).includes('data-parents='));
  if (!gate.check(ranking, 'no ranking offers a filter by parent')) return page.close();
  await page.goto(base + ranking);
  const total = await page.$$eval('table.ranking tbody tr', (trs) => trs.length);
  await page.selectOption('#parent-filter', { index: 1 });
  const shown = async () => page.$$eval('table.ranking tbody tr', (trs) => trs.filter((tr) => !tr.hidden).map((tr) => tr.dataset.p));
  const value = await page.$eval('#parent-filter', (s) => s.value);
  const rows = await shown();
  gate.check(rows.length > 0 && rows.length < total && rows.every((p) => p === value), `${ranking}: filtering by a parent should show its ${rows.length} row(s) of ${total} only`);
  await page.click('table.ranking thead th:nth-child(3) button');
  const sorted = await shown();
  gate.check(sorted.length === rows.length && sorted.every((p) => p === value), `${ranking}: sorting should keep the filter (${sorted.length} rows shown after, ${rows.length} before)`);
  await page.selectOption('#parent-filter', { index: 0 });
  gate.check((await shown()).length === total, `${ranking}: "all" should show every row again`);
  gate.info(`compared from ${unitPage}: ${two.join(' | ')}; ${ranking}: ${rows.length} of ${total} rows under one parent`);
  await page.close();
}

// A sample of pages to walk: the main ones, every page of the small site,
// and every 25th page of the big one.
function walkList(dir, every) {
  const pages = walk(dir).filter((f) => f.endsWith('.html')).sort();
  return [...new Set([...mainPages(dir).map(([, p]) => p), ...pages.filter((_, i) => i % every === 0)])];
}

async function pageWalk(browser, dir, every) {
  const server = await serve(dir);
  const pub = publicBase(dir);
  const { context, problems, expect404 } = await guardedContext(browser, pub ? { alias: { from: pub, to: server.base } } : {});
  expect404.add(server.base + visitPath('404.html', dir));
  const page = await context.newPage();
  const list = walkList(dir, every);
  for (const p of list) {
    await page.goto(server.base + visitPath(p, dir), { waitUntil: 'load' });
    // Let deferred scripts run and give late errors a chance to show.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  }
  await context.close();
  await server.close();
  return { count: list.length, problems };
}

// A unit's report card: the print button shows with a script (and only
// then), and the largest unit page prints on at most two A4 pages.
async function reportCard(context, base, unit) {
  const page = await context.newPage();
  await page.goto(base + unit);
  gate.check(await page.isVisible('[data-print]'), `${unit}: the "In / Lưu PDF" button is not shown`);
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  gate.check(pages >= 1 && pages <= 2, `${unit}: the report card prints on ${pages} A4 pages, expected 1 or 2`);
  gate.info(`${unit}: report card on ${pages} A4 page(s)`);
  await page.emulateMedia({ media: 'screen' });
  // Its charts' downloads are made by the page: the CSV is the chart's
  // table with numbers written with a dot, the SVG the drawing.
  const buttons = await page.$$('[data-make]');
  gate.check(buttons.length >= 2, `${unit}: no chart download buttons`);
  for (const b of buttons.slice(0, 2)) {
    const kind = await b.getAttribute('data-make');
    const name = await b.getAttribute('data-name');
    const [download] = await Promise.all([page.waitForEvent('download'), b.click()]);
    const file = await download.path();
    const text = fs.readFileSync(file, 'utf8');
    gate.check(download.suggestedFilename() === name, `${unit}: the ${kind} download is named ${download.suggestedFilename()}, expected ${name}`);
    if (kind === 'svg') {
      gate.check(text.startsWith('<?xml') && text.includes('<svg') && text.includes('viewBox'), `${unit}: the SVG download is not an SVG file`);
    } else {
      const figure = await b.evaluateHandle((x) => x.closest('figure'));
      const rows = await figure.evaluate((f) => f.querySelectorAll('table tr').length);
      const lines = text.replace(/\n$/, '').split('\n');
      gate.check(text.charCodeAt(0) === 0xfeff, `${unit}: the CSV download has no byte-order mark`);
      gate.check(lines.length === rows, `${unit}: the CSV download has ${lines.length} lines for ${rows} table rows`);
      // A number with a decimal comma would be a quoted field.
      const commaNumbers = text.match(/"[+-]?[\d.]*,\d+%?"/g) || [];
      gate.check(commaNumbers.length === 0, `${unit}: the CSV download writes numbers with a decimal comma: ${commaNumbers.slice(0, 3).join(' ')}`);
      gate.check(/\d\.\d/.test(text), `${unit}: the CSV download has no decimal number`);
      gate.info(`${unit}: ${name}: ${lines.length} lines`);
    }
  }
  await page.close();
}

// A unit page's section link: with a script, clicking it puts the
// page's address with the section's #id on the clipboard and says so in
// the status region; from file:// too (through a text field there), where
// at least the address bar gets the #id.
async function copyLink(browser, base, dir, unit) {
  const { context, problems } = await guardedContext(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await page.goto(base + unit);
  const link = page.locator('a[data-copy]').first();
  const href = await link.getAttribute('href');
  await link.click();
  await page.waitForFunction(() => document.getElementById('copy-status').textContent.trim() !== '', null, { timeout: 5000 }).catch(() => {});
  const status = await page.$eval('#copy-status', (s) => s.textContent.trim());
  const copied = await page.evaluate(() => navigator.clipboard.readText()).catch((e) => `(unreadable: ${e.message})`);
  gate.check(copied === base + unit + href, `${unit}: the copy link should put ${base + unit + href} on the clipboard, put "${copied}"`);
  gate.check(status === 'Đã chép liên kết', `${unit}: after copying, the status should say "Đã chép liên kết", says "${status}"`);
  gate.check(await page.$eval(href, () => true).catch(() => false), `${unit}: the copy link's ${href} is not on the page`);
  const file = await context.newPage();
  await file.goto('file://' + path.join(dir, unit));
  await file.locator('a[data-copy]').first().click();
  await file.waitForTimeout(300);
  const fileStatus = await file.$eval('#copy-status', (s) => s.textContent.trim());
  const hash = await file.evaluate(() => location.hash);
  gate.check(fileStatus === 'Đã chép liên kết' || hash === href, `${unit} from file://: the copy link neither copied ("${fileStatus}") nor gave the address ${href} (${hash})`);
  gate.info(`${unit}: copy link put ${copied} on the clipboard; from file:// "${fileStatus || hash}"`);
  await context.close();
  for (const p of distinct(problems)) gate.fail(p);
}

await run(gate, async () => {
  const dir = siteDir();
  const konray = process.env.E2E_KONRAY && path.resolve(process.env.E2E_KONRAY);
  const browser = await launch();
  try {
    if (konray) {
      const s = await serve(konray);
      const { context, problems } = await guardedContext(browser);
      await search(context, s.base, 'kon-ray');
      const g = rankingDir(konray);
      const rows = await sorting(context, `${s.base}${g}/index.html`, `kon-ray ${g}`);
      gate.info(`kon-ray ${g}: ${rows.length / 2} columns sorted both ways`);
      await context.close();
      await s.close();
      for (const p of distinct(problems)) gate.fail(p);
    } else {
      gate.fail('E2E_KONRAY is not set: the search check needs the kon-ray example (run through e2e/run.sh)');
    }
    const s = await serve(dir);
    const { context, problems } = await guardedContext(browser);
    const rows = await sorting(context, `${s.base}${rankingDir(dir)}/index.html`, rankingDir(dir));
    console.log(table(['column', 'order', 'rows', 'with a value'], rows));
    // A field's page: its sub-criteria are columns that carry no data-value.
    await comparing(context, s.base, dir);
    const field = `${rankingDir(dir)}/tieu-chi-1.html`;
    const fieldRows = await sorting(context, `${s.base}${field}`, field);
    gate.check(fieldRows.length > 10, `${field}: expected sub-criteria columns to sort, got ${fieldRows.length / 2} columns`);
    gate.info(`${field}: ${fieldRows.length / 2} columns sorted both ways`);
    await reportCard(context, s.base, sampleUnit(dir));
    await copyLink(browser, s.base, dir, sampleUnit(dir));
    await context.close();
    await s.close();
    for (const p of distinct(problems)) gate.fail(p);

    const walks = [await pageWalk(browser, dir, 25)];
    if (konray) walks.push(await pageWalk(browser, konray, 1));
    for (const w of walks) for (const p of distinct(w.problems)) gate.fail(p);
    gate.info(`walked ${walks.map((w) => w.count).join(' + ')} pages: ${walks.reduce((n, w) => n + w.problems.length, 0)} console errors, failed or outside requests`);
  } finally {
    await browser.close();
  }
});
