// Gate: accessibility. axe-core with the WCAG 2.0/2.1 A and AA rules on one
// page of every kind, as loaded and with every <details> open (chart data
// tables), and after the scripts have changed the page (search results,
// sorted table). Then keyboard only: skip link, search and table sorting
// with Tab and Enter, with a visible focus ring at every stop.
import AxeBuilderModule from '@axe-core/playwright';
import { launch, guardedContext, distinct } from '../lib/browser.mjs';
import { serve } from '../lib/server.mjs';
import { Gate, run, sites, mainPages, rankingDir, table, visitPath, publicBase } from '../lib/report.mjs';

const AxeBuilder = AxeBuilderModule.default || AxeBuilderModule;
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const gate = new Gate('a11y');

async function axe(page, label, rows) {
  const r = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const nodes = r.violations.reduce((n, v) => n + v.nodes.length, 0);
  rows.push([label, r.passes.length, r.violations.length, nodes]);
  for (const v of r.violations) {
    gate.fail(`${label}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.length} element(s)`);
    for (const n of v.nodes.slice(0, 3)) {
      gate.info(`      ${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 240)}`);
    }
  }
}

// The focused element must show a focus indicator: an outline or a ring.
async function focusInfo(page) {
  return page.evaluate(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    const cs = getComputedStyle(e);
    const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) || (cs.boxShadow && cs.boxShadow !== 'none');
    const r = e.getBoundingClientRect();
    const onScreen = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
    return {
      tag: e.tagName.toLowerCase(), id: e.id, text: (e.textContent || '').trim().slice(0, 40),
      inTh: !!e.closest('th'), ring, onScreen,
    };
  });
}

// Presses Tab until `want(focus)` holds; checks every stop on the way.
async function tabTo(page, label, want, max = 80) {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    const f = await focusInfo(page);
    if (!f) continue;
    gate.check(f.ring, `${label}: Tab stop ${i} (${f.tag}${f.id ? '#' + f.id : ''} "${f.text}") has no visible focus indicator`);
    gate.check(f.onScreen, `${label}: Tab stop ${i} (${f.tag} "${f.text}") is focused off screen`);
    if (want(f)) return i;
  }
  gate.fail(`${label}: not reached with ${max} presses of Tab`);
  return -1;
}

async function keyboard(context, base, dir) {
  const page = await context.newPage();

  // Skip link: the first Tab stop, and it moves focus to <main>.
  await page.goto(base + 'index.html');
  await page.keyboard.press('Tab');
  let f = await focusInfo(page);
  gate.check(f && f.tag === 'a' && f.onScreen, `skip link: the first Tab stop should be the visible skip link, got ${JSON.stringify(f)}`);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  const inMain = await page.evaluate(() => !!document.activeElement.closest('main'));
  gate.check(inMain, 'skip link: after Enter the next Tab stop should be inside <main>');

  // Search: Tab to the box, type, Enter opens the first result.
  await page.goto(base + 'index.html');
  const stops = await tabTo(page, 'search', (x) => x.id === 'q');
  if (stops > 0) {
    gate.info(`search box reached with ${stops} Tab presses`);
    await page.keyboard.type('dak');
    await page.waitForSelector('#search-results:not([hidden]) a', { timeout: 5000 }).catch(() => {});
    const first = await page.$eval('#search-results a', (a) => a.getAttribute('href')).catch(() => null);
    if (gate.check(first, 'search: typing "dak" shows no result link')) {
      // Tab reaches the result links too (after the search button).
      const toResult = await tabTo(page, 'search results', (x) => x.tag === 'a' && x.text.length > 0, 3);
      gate.check(toResult > 0, 'search: the result links cannot be reached with Tab');
      // "dak" finds several units: Enter opens the list of them, with the
      // keyboard as with a click, not a guess among them.
      await page.focus('#q');
      await Promise.all([page.waitForURL(/don-vi\/index\.html\?q=dak$/, { timeout: 5000 }).catch(() => {}), page.keyboard.press('Enter')]);
      gate.check(/don-vi\/index\.html\?q=dak$/.test(page.url()),
        `search: Enter in the box with several results should open the unit list filtered by "dak", got ${page.url()}`);
    }
  }

  // Sorting: Tab to the "index" column button of the ranking, Enter sorts
  // ascending, Enter again descending; aria-sort follows.
  await page.goto(`${base}${rankingDir(dir)}/index.html`);
  const colIndex = 2; // rank, unit, index, ...
  const label = await page.$eval(`table.sortable thead th:nth-child(${colIndex + 1})`, (th) => th.textContent.trim());
  const reached = await tabTo(page, 'sorting', (x) => x.tag === 'button' && x.inTh && x.text === label, 120);
  if (reached > 0) {
    const values = () => page.$$eval(`table.sortable tbody tr td:nth-child(${colIndex + 1})`, (tds) => tds.map((td) => Number(td.getAttribute('data-value'))));
    const sortState = () => page.$eval(`table.sortable thead th:nth-child(${colIndex + 1})`, (th) => th.getAttribute('aria-sort'));
    await page.keyboard.press('Enter');
    let v = await values();
    gate.check(v.every((x, i) => i === 0 || v[i - 1] <= x), `sorting: Enter on "${label}" should sort ascending`);
    gate.check((await sortState()) === 'ascending', 'sorting: aria-sort should be "ascending" after the first Enter');
    await page.keyboard.press('Enter');
    v = await values();
    gate.check(v.every((x, i) => i === 0 || v[i - 1] >= x), `sorting: a second Enter on "${label}" should sort descending`);
    gate.check((await sortState()) === 'descending', 'sorting: aria-sort should be "descending" after the second Enter');
    await page.keyboard.press('Space');
    gate.check((await sortState()) === 'ascending', 'sorting: Space should work like Enter');
  }
  await page.close();
}

await run(gate, async () => {
  const browser = await launch();
  const rows = [];
  try {
    for (const [name, dir] of sites()) {
      const server = await serve(dir);
      const pub = publicBase(dir);
      const { context, problems, expect404 } = await guardedContext(browser, pub ? { alias: { from: pub, to: server.base } } : {});
      expect404.add(server.base + visitPath('404.html', dir));
      try {
        const page = await context.newPage();
        for (const [kind, p] of mainPages(dir)) {
          const label = `${name} ${kind}`;
          await page.goto(server.base + visitPath(p, dir), { waitUntil: 'load' });
          await axe(page, `${label} (${p})`, rows);
          const opened = await page.$$eval('details:not([open])', (ds) => { ds.forEach((d) => { d.open = true; }); return ds.length; });
          if (opened) await axe(page, `${label}, details open`, rows);
          if (kind === 'home' || kind === 'unit-list') {
            await page.fill('#q', 'dak');
            await page.waitForTimeout(100);
            await axe(page, `${label}, search "dak"`, rows);
          }
          if (kind === 'ranking') {
            await page.click('table.sortable thead th:nth-child(3) button');
            await axe(page, `${label}, sorted`, rows);
          }
        }
        await page.close();
        if (name === 'data') await keyboard(context, server.base, dir);
      } finally {
        await context.close();
        await server.close();
      }
      for (const p of distinct(problems)) gate.fail(p);
    }
  } finally {
    await browser.close();
  }
  console.log(table(['page', 'rules passed', 'violations', 'elements'], rows));
});
