/* chiso: progressive enhancement only. */
(() => {
'use strict';
// Faster than localeCompare on 12k names; numeric: 9 < 10.
const cmp = new Intl.Collator('vi', { numeric: true }).compare;
const sp = (s) => s.replace(/\s+/g, ' ').trim();
// NFC: decomposed input still matches; đ does not decompose.
const norm = (s, form) => sp(String(s || '').normalize(form).toLowerCase());
const lower = (s) => norm(s, 'NFC');
const fold = (s) => norm(s, 'NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd');
const words = (q) => fold(q).split(' ').filter(Boolean);
const has = (ws, ...keys) => ws.every((w) => keys.some((k) => k.includes(w)));
const atStart = (h, w) => (' ' + h).includes(' ' + w);

// Fold once, not per keystroke.
const prepare = (units) => units.map((u) => ({ u, fn: fold(u.n), fs: fold(u.s), fo: fold((u.o || []).join(' ')), ln: lower(u.n) }));
// The index is packed (Site::search_index): [name, short, kind, parent, id,
// others, now], short being the short name or where it starts in the name,
// others the former and predecessors' names, now the units of today an old
// unit became (indices).
const unpack = (ix) => ix.units.map(([n, s, k, p, id, o, now, l]) => ({
  n, s: typeof s === 'number' ? n.slice(s) : s, k: ix.kinds[k] || '',
  p: (ix.units[p] || [''])[0], u: ix.page[0] + id + ix.page[1],
  o: Array.isArray(o) ? o : [], now: Array.isArray(now) ? now.map((i) => (ix.units[i] || [''])[0]).filter(Boolean) : [],
  // The latest result: year, index as shown, band.
  l: Array.isArray(l) ? { y: l[0], i: l[1], b: (ix.bands || [])[l[2]] || '' } : null,
}));
// Typed accents first (0 at a word start, else 1), then folded words at
// word starts (2), then the rest (3).
const tier = (e, ws, lq) => (e.ln.includes(lq) ? (atStart(e.ln, lq) ? 0 : 1)
  : ws.every((w) => atStart(e.fn, w) || atStart(e.fs, w)) ? 2 : 3);

function search(entries, q, limit = 20) {
  const ws = words(q), lq = lower(q);
  const hits = ws.length ? entries.filter((e) => has(ws, e.fn, e.fs, e.fo)).map((e) => ({ e, t: tier(e, ws, lq) })) : [];
  hits.sort((a, b) => a.t - b.t || cmp(a.e.u.n, b.e.u.n));
  return { total: hits.length, results: hits.slice(0, limit).map((h) => h.e.u) };
}

const numKey = (v) => (v == null || !/\S/.test(v) || !isFinite(v) ? null : +v);
// A number as shown (`85,74`, `+0,73`, `79,3%`; `85.74` in English), for
// cells that carry no data-value.
const shownNum = (t, vi) => {
  const x = t.replace(/[\s%+]/g, '').replace(/\u2212/g, '-');
  return /\d/.test(x) ? (vi ? x.replace(/\./g, '').replace(',', '.') : x.replace(/,/g, '')) : '';
};

// Missing values last both ways, not "lowest"; index tie-break: stable.
function sortOrder(keys, numeric, desc) {
  return keys.map((_, i) => i).sort((a, b) => {
    const x = keys[a], y = keys[b], m = (x == null) - (y == null), c = numeric ? (x > y) - (x < y) : cmp(x, y);
    return (m || x == null ? m : desc ? -c : c) || a - b;
  });
}

if (typeof module === 'object') module.exports = { fold, prepare, search, unpack, numKey, shownNum, sortOrder, compareText: cmp };
if (typeof document !== 'object') return;

const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));
const id = (x) => document.getElementById(x);
const st = id('search-status');
// The page says what it counts, in its language: "Tìm thấy {n} đơn vị".
const msg = (key, n, s) => st.dataset[key].replace('{n}', n).replace('{s}', s);
const say = (n, s) => st && (st.textContent = s == null ? '' : n ? msg('found', n) + (s < n ? msg('shown', n, s) : '') : msg('none'));
const el = (tag, text, cls) => {
  const e = document.createElement(tag);
  if (text) e.textContent = text;
  if (cls) e.className = cls;
  return e;
};
// Enter opens the one unit found; with several it shows them all (the
// form submits to the unit list, as without JS, unless `stay`: the list is
// this page), never a guess among them.
function wire(input, form, run, only, stay) {
  input.addEventListener('input', run);
  form.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') { input.value = ''; run(); input.focus(); } });
  form.addEventListener('submit', (ev) => {
    const a = only();
    if (a) { ev.preventDefault(); location.href = a.href; } else if (stay) ev.preventDefault();
  });
}

function initList(input, form, list) {
  // List items of the unit list, table rows of the reorganisation.
  const F = ':is(li,tr)[data-fold]', SHOWN = F + ':not([hidden])';
  // An empty data-fold: the item's own text is what it is found by.
  const items = $$(F).map((li) => [li, fold(li.dataset.fold || li.textContent)]);
  // An h2 owns its siblings up to the next h2.
  const groups = $$('h2', list.parentNode).map((h) => {
    const g = [h];
    while ((h = h.nextElementSibling) && h.tagName !== 'H2') g.push(h);
    return g;
  }).filter((g) => g.some((e) => e.querySelector(F)));
  const run = () => {
    const ws = words(input.value);
    let n = 0;
    items.forEach(([li, k]) => { n += !(li.hidden = !has(ws, k)); });
    groups.forEach((g) => {
      const any = g.some((e) => e.querySelector(SHOWN));
      g.forEach((e) => { e.hidden = !any; });
    });
    say(n, ws.length ? n : null);
  };
  // Sighted users need the count too, e.g. "nothing found": the list
  // changes in place here anyway.
  if (st) st.classList.remove('visually-hidden');
  const single = () => {
    const shown = $$(SHOWN);
    return words(input.value).length && shown.length === 1 && shown[0].querySelector('a[href]');
  };
  wire(input, form, run, single, true);
  input.value = new URLSearchParams(location.search).get('q') || input.value;
  run();
}

function initSearch(input, form) {
  const box = id('search-results');
  let entries, loading, total = 0;
  // The index (0.8 MB for a whole country) loads only once someone
  // searches, as a script so that it also loads from file://.
  const load = () => {
    if (loading || window.CHISO_UNITS) return;
    loading = el('script');
    loading.src = (document.body.dataset.root || '') + 'assets/search-index.js';
    loading.onload = () => run();
    document.head.append(loading);
  };
  const run = () => {
    load();
    // Lazy: the index may load later or never.
    const u = window.CHISO_UNITS;
    if (!box || !(entries = entries || (u && Array.isArray(u.units) && prepare(unpack(u))))) return;
    const r = search(entries, input.value), root = document.body.dataset.root || '';
    const asked = words(input.value).length > 0;
    total = r.total;
    box.textContent = '';
    box.hidden = !asked;
    // The count heads the list (the list floats over the page, so showing
    // it moves nothing), "nothing found" too; the live region says it to
    // screen readers.
    if (asked && st) {
      const count = r.total ? msg('found', r.total) + (r.results.length < r.total ? msg('shown', r.total, r.results.length) : '') : msg('none');
      box.append(el('li', count, 'meta count'));
    }
    // Urls are root-relative: refuse schemes.
    r.results.filter((u) => u.u && !/^[a-z][\w+.-]*:/i.test(u.u)).forEach((u) => {
      const now = u.now && u.now.length ? (document.documentElement.lang === 'en' ? 'now ' : 'nay là ') + u.now.join(', ') : '';
      const latest = u.l ? `${u.l.y}: ${u.l.i}${u.l.b ? ' · ' + u.l.b : ''}` : '';
      const li = el('li'), a = el('a', u.n), meta = [u.k, u.p, latest, now].filter(Boolean).join(' · ');
      a.href = root + u.u;
      li.append(a);
      if (meta) li.append(' ', el('span', meta, 'meta'));
      box.append(li);
    });
    say(r.total, words(input.value).length ? r.results.length : null);
  };
  wire(input, form, run, () => { run(); return box && !box.hidden && total === 1 && box.querySelector('a[href]'); }, false);
  input.addEventListener('focus', load);
  if (input.value) run();
}

function initTable(table) {
  const ths = $$('thead th[scope="col"]', table), vi = document.documentElement.lang !== 'en';
  ths.forEach((th) => {
    const b = el('button');
    b.type = 'button';
    b.append(...th.childNodes);
    th.append(b);
    b.addEventListener('click', () => {
      // Re-click flips; a new column starts ascending.
      const desc = th.getAttribute('aria-sort') === 'ascending', num = th.dataset.sort === 'num';
      ths.forEach((o) => o.removeAttribute('aria-sort'));
      th.setAttribute('aria-sort', desc ? 'descending' : 'ascending');
      for (const tb of table.tBodies) {
        const rows = Array.from(tb.rows), keys = rows.map((r) => {
          const c = r.cells[th.cellIndex];
          return c && (num ? numKey(c.dataset.value ?? shownNum(c.textContent, vi)) : (sp(c.textContent) || null));
        });
        tb.append(...sortOrder(keys, num, desc).map((i) => rows[i]));
      }
    });
  });
}

// defer: the DOM is parsed.
const input = id('q'), form = input && input.form, list = id('unit-list') || id('changes');
if (form) (list ? initList : initSearch)(input, form, list);
$$('table.sortable').forEach(initTable);
})();

// A unit's report card: the print button shows only where a script can
// press it.
$$('[data-print]').forEach((button) => {
  const box = button.closest('[hidden]');
  if (box) box.hidden = false;
  button.addEventListener('click', () => window.print());
});
