// Gate: mobile. At 360 x 740 (a small phone): no page scrolls sideways, no
// text is clipped or pushed off screen (tables and wide charts may scroll
// inside their own container, but not the lost points' reasons, which
// must be in view), chart labels stay inside their viewBox, chart text is
// 11.5-17 px once scaled (at 360 and 1280 px; the body is 16 px), and
// every tap target is at least 24 x 24 px (WCAG 2.5.8: inline links in a
// sentence and targets with 24 px of free space around them are exempt).
// Every table's text column is at least 100 px wide at 360 px, unless
// its text fits on one line, and no cell is cut off. At 1280 px no table
// scrolls inside a box of its own and charts drawn at a phone's width
// share rows; key figures' cards hold their text from 320 to 1920 px.
// Screenshots of the main pages at 360 px and 1280 px go to
// e2e/screenshots/ (or $E2E_SCREENSHOTS).
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilderModule from '@axe-core/playwright';
import { launch, guardedContext, distinct } from '../lib/browser.mjs';
import { serve } from '../lib/server.mjs';
import { Gate, run, sites, mainPages, visitPath, publicBase, table } from '../lib/report.mjs';

const AxeBuilder = AxeBuilderModule.default || AxeBuilderModule;
const gate = new Gate('mobile');
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };
const SHOTS = path.resolve(process.env.E2E_SCREENSHOTS || new URL('../screenshots', import.meta.url).pathname);
const SHOT_PAGES = new Set(['home', 'edition', 'ranking', 'unit', 'criterion', 'heatmap', 'trends', 'documents', 'data', 'methodology', 'unit-list', 'compare']);

// The main pages and, when the site has them, a parent's comparison (its
// units side by side: the widest table) and the free comparison.
function pagesOf(dir) {
  const pages = mainPages(dir);
  const d = path.join(dir, 'so-sanh');
  const parents = fs.existsSync(d) ? fs.readdirSync(d).filter((f) => f.endsWith('.html')).sort() : [];
  if (parents.length) pages.push(['compare', `so-sanh/${parents[0]}`]);
  if (fs.existsSync(path.join(dir, 'so-sanh.html'))) pages.push(['compare-free', 'so-sanh.html']);
  return pages;
}

// Runs in the page: chart text outside [lo, hi] CSS px once the SVG is
// scaled to its column (issue: 9 px on a phone, 18-32 px on a desktop).
function chartTextProblems([lo, hi]) {
  const out = [];
  for (const svg of document.querySelectorAll('.chart-svg svg')) {
    const vb = svg.viewBox && svg.viewBox.baseVal;
    const w = svg.getBoundingClientRect().width;
    if (!vb || !vb.width || !w) continue;
    const scale = w / vb.width;
    for (const t of svg.querySelectorAll('text')) {
      if (!t.textContent.trim()) continue;
      const px = parseFloat(getComputedStyle(t).fontSize) * scale;
      if (px < lo || px > hi) {
        out.push(`chart text ${px.toFixed(1)} px, outside ${lo}-${hi} px: "${t.textContent.trim().slice(0, 40)}"`);
        break;
      }
    }
  }
  return out;
}
const CHART_TEXT = [11.5, 17];

// Runs in the page, at a phone's width: every visible table. A text
// column (most of its body cells hold words, not numbers) narrower than
// `min` px fails when its text wraps there (a word or two per line; a
// column of short labels, such as bands, that fit on one line is as wide
// as they need). A cell fails when its content is cut off: wider than the
// cell that hides its overflow, or past the screen's right edge while no
// .table-wrap scrolls the table. A stacked table (class stack: a card per
// row on a phone) passes once stacked.
function tableProblems(min) {
  const out = [];
  const vw = document.documentElement.clientWidth;
  const numeric = /^[\s\d.,:;%+\-–−/()*▲▼=↑↓]*$/;
  const name = (t) => ((t.caption && t.caption.textContent) || t.className).trim().replace(/\s+/g, ' ').slice(0, 50);
  // What a cell shows: text read aloud only (.visually-hidden) is left out.
  const shown = (c) => {
    const nodes = [];
    const walker = document.createTreeWalker(c, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.textContent.trim() && !n.parentElement.closest('.visually-hidden')) nodes.push(n);
    }
    return nodes;
  };
  const text = (c) => shown(c).map((n) => n.textContent).join('').trim();
  const lines = (c) => new Set(shown(c).flatMap((n) => {
    const range = document.createRange();
    range.selectNodeContents(n);
    return [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.bottom));
  })).size;
  for (const table of document.querySelectorAll('main table')) {
    const box = table.getBoundingClientRect();
    if (!box.width || !box.height || table.closest('details:not([open]), [hidden], .visually-hidden')) continue;
    if (table.classList.contains('stack') && getComputedStyle(table).display !== 'table') continue;
    const wrap = table.closest('.table-wrap');
    const scrolls = wrap && /(auto|scroll)/.test(getComputedStyle(wrap).overflowX);
    const cols = [];
    for (const body of table.tBodies) {
      for (const row of body.rows) {
        if ([...row.cells].some((c) => c.colSpan > 1)) continue;
        [...row.cells].forEach((c, i) => (cols[i] = cols[i] || []).push(c));
      }
    }
    cols.forEach((cells, i) => {
      const filled = cells.filter((c) => text(c));
      const words = filled.filter((c) => !numeric.test(text(c)));
      if (!filled.length || words.length * 2 <= filled.length) return;
      const w = Math.min(...cells.map((c) => c.getBoundingClientRect().width));
      const wrapped = words.find((c) => lines(c) > 1);
      if (w < min - 0.5 && wrapped) out.push(`text column ${i + 1} of table "${name(table)}" is ${Math.round(w)} px wide (at least ${min}), its text wraps: "${text(wrapped).slice(0, 30)}"`);
    });
    for (const c of table.querySelectorAll('th, td')) {
      const r = c.getBoundingClientRect();
      if (!c.textContent.trim() || !r.width) continue;
      const cs = getComputedStyle(c);
      const hides = (p) => p === 'hidden' || p === 'clip';
      const cut = (hides(cs.overflowX) && c.scrollWidth > c.clientWidth + 1) || (hides(cs.overflowY) && c.scrollHeight > c.clientHeight + 1);
      if (cut) out.push(`cell cut off in table "${name(table)}": "${c.textContent.trim().slice(0, 30)}"`);
      else if (!scrolls && r.right > vw + 1) out.push(`cell past the screen's edge (${Math.round(r.right)} px) in table "${name(table)}", which no .table-wrap scrolls: "${c.textContent.trim().slice(0, 30)}"`);
    }
  }
  return out;
}
const TEXT_COLUMN = 100;

// Runs in the page: text of a key figure's card (a change such as
// "▲ +4,47") that reaches past the card's padding.
function cardProblems() {
  const out = [];
  for (const card of document.querySelectorAll('.figure, .card')) {
    const box = card.getBoundingClientRect();
    if (!box.width) continue;
    const cs = getComputedStyle(card);
    const right = box.right - parseFloat(cs.borderRightWidth) - parseFloat(cs.paddingRight) + 1;
    const left = box.left + parseFloat(cs.borderLeftWidth) + parseFloat(cs.paddingLeft) - 1;
    const walker = document.createTreeWalker(card, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.textContent.trim() || n.parentElement.closest('.visually-hidden')) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const over = [...range.getClientRects()].find((r) => r.width > 0 && (r.right > right || r.left < left));
      if (over) {
        out.push([`"${n.textContent.trim().slice(0, 30)}" overflows its card`, Math.round(Math.max(over.right - right, left - over.left))]);
        break;
      }
    }
  }
  return out;
}
const CARD_WIDTHS = Array.from({ length: 81 }, (_, i) => 320 + 20 * i);

// Runs in the page, on a desktop: a long table that scrolls inside a box
// of its own (which cut a row in half), and a chart or map drawn at a
// phone's width that is alone in its row while the next such figure is
// too (two of them could have shared the row rather than leave half the
// page empty).
function desktopProblems() {
  const out = [];
  for (const table of document.querySelectorAll('main table')) {
    if (!table.getBoundingClientRect().height) continue;
    for (let a = table.parentElement; a && a !== document.body; a = a.parentElement) {
      if (/(auto|scroll)/.test(getComputedStyle(a).overflowY) && a.scrollHeight > a.clientHeight + 1) {
        out.push(`table scrolls inside a box ${a.clientHeight} px high: "${((table.caption && table.caption.textContent) || '').trim().slice(0, 40)}"`);
        break;
      }
    }
  }
  const main = document.querySelector('main');
  if (!main) return out;
  const column = main.querySelector('.wrap') || main;
  const all = [...main.querySelectorAll('*')];
  const narrow = [...main.querySelectorAll('figure.chart:not(.chart-wide), figure.map')].filter((f) => {
    const drawing = f.querySelector('.chart-svg svg, .map-frame');
    const w = drawing ? drawing.getBoundingClientRect().width : 0;
    return w > 0 && w < 0.6 * column.clientWidth;
  });
  const alone = narrow.map((f) => {
    const r = f.getBoundingClientRect();
    return !all.some((e) => {
      if (e.contains(f) || f.contains(e)) return false;
      const q = e.getBoundingClientRect();
      return q.width > 0 && q.height > 0 && q.top < r.bottom - 1 && q.bottom > r.top + 1 && (q.left >= r.right - 1 || q.right <= r.left + 1);
    });
  });
  for (let i = 1; i < narrow.length; i++) {
    if (alone[i - 1] && alone[i]) {
      const cap = (f) => (f.querySelector('figcaption') || f).textContent.trim().slice(0, 40);
      out.push(`two figures drawn at a phone's width each alone in a row, half the page empty: "${cap(narrow[i - 1])}", "${cap(narrow[i])}"`);
    }
  }
  return out;
}

// Runs in the page: every layout problem on it, as strings.
function layoutProblems(min) {
  const out = [];
  const vw = document.documentElement.clientWidth;
  const describe = (e) => {
    let s = e.tagName.toLowerCase();
    if (e.id) s += '#' + e.id;
    else if (e.classList.length) s += '.' + [...e.classList].join('.');
    const t = (e.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return t ? `${s} "${t}"` : s;
  };
  const visible = (e) => {
    const cs = getComputedStyle(e);
    if (cs.visibility === 'hidden' || cs.display === 'none') return false;
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  // Elements hidden on purpose: visually-hidden text, the skip link until focused.
  // A table's head hidden this way on a phone, where each cell shows its
  // own label, counts too: it is hidden by clip-path: inset(50%).
  const clippedAway = (e) => {
    for (let a = e; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).clipPath.startsWith('inset(50%')) return true;
    }
    return false;
  };
  const offPurpose = (e) => !!e.closest('.visually-hidden, .skip-link, [hidden], details:not([open]) > :not(summary)') || clippedAway(e);
  // The ancestor that scrolls `e` sideways, if any. Only an ancestor on
  // e's containing-block chain clips it: an absolutely positioned element
  // (such as visually-hidden text) escapes a scroller that is not
  // positioned, and then widens the page.
  const scroller = (e) => {
    let pos = getComputedStyle(e).position;
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (pos === 'fixed') return null;
      if (pos === 'absolute' && cs.position === 'static' && cs.transform === 'none') continue;
      if (/(auto|scroll)/.test(cs.overflowX)) return a;
      pos = cs.position;
    }
    return null;
  };

  // 1. The page itself must not scroll sideways.
  const sw = document.documentElement.scrollWidth;
  if (sw > vw + 1) {
    // Name the widest culprits.
    const wide = [...document.body.querySelectorAll('*')]
      .filter((e) => !scroller(e) && e.getBoundingClientRect().right > vw + 1)
      .sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)
      .slice(0, 3).map((e) => `${describe(e)} (right edge ${Math.round(e.getBoundingClientRect().right)} px)`);
    out.push(`scrolls sideways: ${sw} px wide for a ${vw} px screen; ${wide.join('; ')}`);
  }

  // 2. Text off screen (even when overflow-x: hidden hides the scroll bar),
  // or cut by an element that hides its overflow.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.textContent.trim()) continue;
    const e = n.parentElement;
    if (!e || seen.has(e) || offPurpose(e) || !visible(e) || e.closest('svg, script, style')) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0);
    if (!rects.length) continue;
    const left = Math.min(...rects.map((r) => r.left));
    const right = Math.max(...rects.map((r) => r.right));
    if ((right > vw + 1 || left < -1) && !scroller(e)) {
      seen.add(e);
      out.push(`text off screen (${Math.round(left)}..${Math.round(right)} px): ${describe(e)}`);
      continue;
    }
    // An ancestor that hides overflow and is smaller than this text.
    for (let a = e; a && a !== document.body; a = a.parentElement) {
      const cs = getComputedStyle(a);
      const hides = (p) => p === 'hidden' || p === 'clip';
      if (!hides(cs.overflowX) && !hides(cs.overflowY) && cs.textOverflow !== 'ellipsis') continue;
      const box = a.getBoundingClientRect();
      const cut = rects.some((r) => (hides(cs.overflowX) && (r.right > box.right + 1 || r.left < box.left - 1))
        || (hides(cs.overflowY) && (r.bottom > box.bottom + 1 || r.top < box.top - 1)));
      if (cut) { seen.add(e); out.push(`text clipped by ${describe(a)}: ${describe(e)}`); }
      break;
    }
  }

  // 3. Chart labels inside the chart's own viewBox (an SVG clips the rest).
  for (const svg of document.querySelectorAll('svg')) {
    const vb = svg.viewBox && svg.viewBox.baseVal;
    if (!vb || !vb.width || !visible(svg)) continue;
    for (const t of svg.querySelectorAll('text')) {
      if (!t.textContent.trim()) continue;
      const b = t.getBBox();
      if (b.x < vb.x - 0.5 || b.y < vb.y - 0.5 || b.x + b.width > vb.x + vb.width + 0.5 || b.y + b.height > vb.y + vb.height + 0.5) {
        out.push(`chart label outside the chart (${Math.round(b.x)},${Math.round(b.y)} ${Math.round(b.width)}x${Math.round(b.height)} in ${vb.width}x${vb.height}): "${t.textContent.trim().slice(0, 40)}"`);
      }
    }
  }

  // 4. What a citizen came for is in view without scrolling sideways, even
  // inside a scroller: a signed document's link, a reason for lost points,
  // who is responsible, the points lost.
  for (const link of document.querySelectorAll('a[href*="van-ban/"]')) {
    if (!visible(link) || offPurpose(link)) continue;
    const r = link.getBoundingClientRect();
    if (r.right > vw + 1 || r.left < -1) out.push(`document link needs sideways scrolling (${Math.round(r.left)}..${Math.round(r.right)} px): ${describe(link)}`);
  }
  for (const cell of document.querySelectorAll('table.lost-items tbody :is(th, td)')) {
    if (!cell.textContent.trim() || !visible(cell) || offPurpose(cell)) continue;
    const r = cell.getBoundingClientRect();
    if (r.right > vw + 1 || r.left < -1) out.push(`lost-points cell needs sideways scrolling (${Math.round(r.left)}..${Math.round(r.right)} px): ${describe(cell)}`);
    else if (r.width < 100) out.push(`lost-points cell squeezed to ${Math.round(r.width)} px: ${describe(cell)}`);
  }

  // 5. Tap targets.
  const targets = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])')]
    .filter((e) => visible(e) && !offPurpose(e));
  const boxes = targets.map((e) => e.getBoundingClientRect());
  const small = [];
  targets.forEach((e, i) => {
    const r = boxes[i];
    if (r.width >= min - 0.01 && r.height >= min - 0.01) return;
    // Inline in a sentence: the link sits in running text.
    if (getComputedStyle(e).display === 'inline') {
      const block = e.parentElement.closest('p, li, dd, td, th, figcaption, caption, div, span');
      const own = (e.textContent || '').trim().length;
      const all = block ? (block.textContent || '').trim().length : own;
      if (all > own + 3) return;
    }
    small.push(i);
  });
  const dist = (a, b) => Math.hypot(a.x - b.x, a.y - b.y);
  const center = (r) => ({ x: r.left + r.width / 2, y: r.top + r.height / 2 });
  const rectDist = (p, r) => Math.hypot(Math.max(r.left - p.x, 0, p.x - r.right), Math.max(r.top - p.y, 0, p.y - r.bottom));
  for (const i of small) {
    // Spacing exception: a 24 px circle on the target touches no other
    // target and no other small target's circle.
    const c = center(boxes[i]);
    const clash = targets.findIndex((o, j) => {
      if (j === i || o.contains(targets[i]) || targets[i].contains(o)) return false;
      return small.includes(j) ? dist(c, center(boxes[j])) < min : rectDist(c, boxes[j]) < min / 2;
    });
    if (clash >= 0) {
      const r = boxes[i];
      out.push(`tap target ${Math.round(r.width)}x${Math.round(r.height)} px, too close to ${describe(targets[clash])}: ${describe(targets[i])}`);
    }
  }
  return out;
}

await run(gate, async () => {
  const browser = await launch();
  fs.rmSync(SHOTS, { recursive: true, force: true });
  fs.mkdirSync(SHOTS, { recursive: true });
  const shots = [];
  const rows = [];
  try {
    for (const [name, dir] of sites()) {
      const server = await serve(dir);
      const pub = publicBase(dir);
      const alias = pub ? { alias: { from: pub, to: server.base } } : {};
      const phone = await guardedContext(browser, { ...alias, viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
      const desk = await guardedContext(browser, { ...alias, viewport: DESKTOP });
      for (const c of [phone, desk]) c.expect404.add(server.base + visitPath('404.html', dir));
      try {
        const p = await phone.context.newPage();
        const d = await desk.context.newPage();
        for (const [kind, rel] of pagesOf(dir)) {
          const label = `${name} ${kind}`;
          const url = server.base + visitPath(rel, dir);
          await p.goto(url);
          const problems = await p.evaluate(layoutProblems, 24);
          problems.push(...await p.evaluate(chartTextProblems, CHART_TEXT));
          problems.push(...await p.evaluate(tableProblems, TEXT_COLUMN));
          // A second opinion on tap targets from axe (WCAG 2.2 target-size).
          const axe = await new AxeBuilder({ page: p }).withRules(['target-size']).analyze();
          for (const v of axe.violations) for (const n of v.nodes) problems.push(`axe target-size: ${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 160)}`);
          const uniq = distinct(problems);
          rows.push([label, await p.evaluate(() => document.documentElement.scrollWidth), await p.evaluate(() => document.documentElement.scrollHeight), uniq.length]);
          for (const x of uniq.slice(0, 15)) gate.fail(`360 px ${label} (${rel}): ${x}`);
          if (uniq.length > 15) gate.fail(`360 px ${label}: ... and ${uniq.length - 15} more`);
          await d.goto(url);
          const dw = await d.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          gate.check(dw <= 1, `1280 px ${label} (${rel}): scrolls sideways by ${dw} px`);
          for (const x of await d.evaluate(chartTextProblems, CHART_TEXT)) gate.fail(`1280 px ${label} (${rel}): ${x}`);
          for (const x of await d.evaluate(desktopProblems)) gate.fail(`1280 px ${label} (${rel}): ${x}`);
          if (name === 'data' && SHOT_PAGES.has(kind)) {
            for (const [w, page] of [[360, p], [1280, d]]) {
              const file = path.join(SHOTS, `${kind}-${w}.png`);
              await page.screenshot({ path: file, fullPage: true });
              shots.push(file);
            }
          }
          // Key figures' cards at every width from 320 to 1920 px.
          if (await d.$('.figure, .card')) {
            const seen = new Set();
            for (const w of CARD_WIDTHS) {
              await d.setViewportSize({ width: w, height: DESKTOP.height });
              for (const [x, by] of await d.evaluate(cardProblems)) {
                if (!seen.has(x)) gate.fail(`${w} px ${label} (${rel}): ${x} by ${by} px (the first width of 320-1920 px where it does)`);
                seen.add(x);
              }
            }
            await d.setViewportSize(DESKTOP);
          }
        }
      } finally {
        await phone.context.close();
        await desk.context.close();
        await server.close();
      }
      for (const x of distinct([...phone.problems, ...desk.problems])) gate.fail(x);
    }
  } finally {
    await browser.close();
  }
  console.log(table(['page at 360 px', 'width', 'height', 'problems'], rows));
  console.log(`  screenshots (${shots.length}):`);
  for (const s of shots) console.log(`    ${path.relative(process.cwd(), s)}`);
});
