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
  // The latest result: year, index as shown, band, group id.
  l: Array.isArray(l) ? { y: l[0], i: l[1], b: (ix.bands || [])[l[2]] || '', g: (ix.groups || [])[l[3]] } : null,
  id,
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

// A ranking's units of one parent (a district, a province): the rows
// stay in the table, so sorting keeps working on what is shown.
function initFilter(p) {
  let names;
  try { names = JSON.parse(p.dataset.parents); } catch (e) { return; }
  const wrap = p.nextElementSibling, table = wrap && wrap.querySelector('table');
  if (!table || !Array.isArray(names) || names.length < 2) return;
  const label = el('label', p.dataset.filter), sel = el('select');
  sel.id = 'parent-filter';
  label.htmlFor = sel.id;
  sel.append(new Option(p.dataset.all, ''));
  names.map((n, i) => [String(n), i]).sort((a, b) => cmp(a[0], b[0])).forEach(([n, i]) => sel.append(new Option(n, String(i))));
  sel.addEventListener('change', () => {
    for (const tb of table.tBodies) for (const r of tb.rows) r.hidden = sel.value !== '' && r.dataset.p !== sel.value;
  });
  p.append(label, ' ', sel);
  p.hidden = false;
}

// Two or three units side by side, named in the address (?u=a,b,c): the
// search index finds them, each group's data script (loaded as a script,
// so from file:// too) gives their figures, all shown as text.
function initCompare(box) {
  const ds = box.dataset, root = ds.root || '', q = id('compare-q'), found = id('compare-results');
  const chosenList = id('compare-chosen'), out = id('compare-out'), share = id('compare-share'), link = id('compare-link');
  const data = {};
  let byId = null, entries = null;
  let chosen = (new URLSearchParams(location.search).get('u') || '').split(',').map(sp).filter((v, i, a) => v && a.indexOf(v) === i).slice(0, 3);
  box.hidden = false;
  if (id('compare-nojs')) id('compare-nojs').hidden = true;
  const script = (src, done) => {
    const s = el('script');
    s.src = src;
    s.onload = s.onerror = done;
    document.head.append(s);
  };
  const keyOf = (e) => (e && e.l && /^[\w-]+$/.test(String(e.l.y) + '-' + e.l.g) ? e.l.y + '-' + e.l.g : null);
  window.CHISO_CMP = (key, d) => { data[key] = d; };
  const cell = (tag, text, cls) => { const c = el(tag, text == null || text === '' ? '–' : String(text), cls); return c; };
  const draw = () => {
    if (!byId) return;
    chosen = chosen.filter((u) => byId[u]);
    chosen.forEach((u) => {
      const k = keyOf(byId[u]);
      if (k && !(k in data)) { data[k] = null; script(root + ds.data + k + '.js', draw); }
    });
    const qs = chosen.length ? '?u=' + chosen.map(encodeURIComponent).join(',') : '';
    try { history.replaceState(null, '', location.pathname + qs); } catch (e) { /* file:// may refuse */ }
    link.href = root + 'so-sanh.html' + qs;
    share.hidden = chosen.length < 2;
    chosenList.textContent = '';
    chosen.forEach((u) => {
      const li = el('li', byId[u].n + ' '), b = el('button', ds.remove + ' ' + byId[u].n);
      b.type = 'button';
      b.addEventListener('click', () => { chosen = chosen.filter((x) => x !== u); draw(); q.focus(); });
      li.append(b);
      chosenList.append(li);
    });
    out.textContent = '';
    if (!chosen.length) return;
    const cols = chosen.map((u) => {
      const e = byId[u], d = data[keyOf(e)], r = d && d.units && d.units[u];
      return { e, d: r ? d : null, r };
    });
    const table = el('table', '', 'data compare-table'), head = el('tr'), body = el('tbody');
    // On a phone each item's name spans a row above its figures.
    table.style.setProperty('--n', cols.length);
    head.append(cell('th', ds.unit));
    cols.forEach((c) => {
      const th = el('th'), a = el('a', c.e.n);
      th.scope = 'col';
      a.href = root + c.e.u;
      th.append(a);
      head.append(th);
    });
    const thead = el('thead');
    thead.append(head);
    const row = (label, f) => {
      const tr = el('tr'), th = el('th', label);
      th.scope = 'row';
      tr.append(th);
      cols.forEach((c) => {
        const v = c.r ? f(c) : null, td = el('td', '', 'num');
        if (v instanceof Node) td.append(v); else td.textContent = v == null || v === '' ? (c.r ? '–' : ds.missing) : String(v);
        tr.append(td);
      });
      body.append(tr);
    };
    row(ds.group, (c) => { const a = el('a', c.d.group + ' ' + c.d.year); a.href = root + c.d.url; return a; });
    row(ds.index, (c) => c.r[0]);
    row(ds.rank, (c) => c.r[1] + '/' + c.d.count);
    row(ds.band, (c) => (Array.isArray(c.r[2]) ? el('span', c.r[2][0], /^band-\d$/.test(c.r[2][1]) ? 'band ' + c.r[2][1] : 'band') : null));
    row(ds.mean, (c) => c.d.mean);
    row(ds.lost, (c) => c.r[4]);
    // A field is its code and name: groups whose frameworks differ keep
    // their fields apart.
    const fields = [];
    cols.forEach((c) => c.d && c.d.fields.forEach((f, i) => {
      const k = f[0] + '\u0000' + f[1];
      if (!fields.some((x) => x.k === k)) fields.push({ k, label: f[0] + '. ' + f[1] });
    }));
    fields.forEach((f) => row(f.label, (c) => {
      const i = c.d.fields.findIndex((x) => x[0] + '\u0000' + x[1] === f.k);
      return i < 0 ? null : c.r[3][i];
    }));
    const years = [];
    cols.forEach((c) => c.r && c.r[5].forEach((t) => { if (!years.includes(t[0])) years.push(t[0]); }));
    years.sort((a, b) => b - a).forEach((y) => row(ds.index + ' ' + y, (c) => { const t = c.r[5].find((x) => x[0] === y); return t ? t[1] : null; }));
    table.append(thead, body);
    const wrap = el('div', '', 'table-wrap');
    wrap.tabIndex = 0;
    wrap.setAttribute('role', 'region');
    wrap.setAttribute('aria-label', document.title);
    wrap.append(table);
    out.append(wrap);
  };
  const list = () => {
    found.textContent = '';
    if (!entries || !words(q.value).length) return;
    const r = search(entries, q.value, 8);
    if (!r.total) { found.append(el('li', ds.none, 'meta')); return; }
    r.results.forEach((u) => {
      const li = el('li'), b = el('button', ds.add + ': ' + u.n);
      b.type = 'button';
      b.disabled = chosen.includes(u.id) || chosen.length >= 3;
      b.addEventListener('click', () => { chosen.push(u.id); q.value = ''; list(); draw(); q.focus(); });
      li.append(b, ' ', el('span', [u.k, u.p, u.l ? u.l.y + ': ' + u.l.i : ''].filter(Boolean).join(' · '), 'meta'));
      found.append(li);
    });
    if (chosen.length >= 3) found.append(el('li', ds.full, 'meta'));
  };
  const ready = () => {
    const ix = window.CHISO_UNITS;
    if (!ix || !Array.isArray(ix.units)) return;
    // Only units with a result can be compared.
    const units = unpack(ix).filter((u) => u.l);
    byId = {};
    units.forEach((u) => { byId[u.id] = u; });
    entries = prepare(units);
    list();
    draw();
  };
  q.addEventListener('input', list);
  q.form.addEventListener('submit', (ev) => ev.preventDefault());
  if (window.CHISO_UNITS) ready(); else script(root + 'assets/search-index.js', ready);
}

// defer: the DOM is parsed.
const input = id('q'), form = input && input.form, list = id('unit-list') || id('changes');
if (form) (list ? initList : initSearch)(input, form, list);
$$('table.sortable').forEach(initTable);
$$('p[data-parents]').forEach(initFilter);
if (id('compare')) initCompare(id('compare'));
// A unit's report card: the print button shows only where a script can
// press it.
$$('[data-print]').forEach((button) => {
  const box = button.closest('[hidden]');
  if (box) box.hidden = false;
  button.addEventListener('click', () => window.print());
});

// A unit page's chart downloads, made from the chart itself: its data
// table as CSV (UTF-8 with BOM, numbers with a dot, a formula-looking
// text quoted away, as the site's CSV files are) and its drawing as SVG.
const csvNumber = (shown) => {
  const bare = shown.trim().replace(/%+$/, '');
  const ok = /^[+-]*[0-9.,]*$/.test(bare) && /[0-9]/.test(bare) && (bare.match(/,/g) || []).length <= 1;
  return ok ? bare.replace(',', '.').replace(/^\++/, '') : null;
};
const csvField = (text, head) => {
  let v = text.trim();
  const n = head ? null : csvNumber(v);
  if (n !== null) v = n;
  else if (!head && v.replace(/%+$/, '') === '–') v = '';
  else if (/^[=+\-@\t\r]/.test(v)) v = "'" + v;
  return /[",\n\r]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
};
const save = (name, type, text) => {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
};
$$('[data-chart-files]').forEach((p) => {
  const figure = p.closest('figure');
  p.hidden = false;
  p.addEventListener('click', (e) => {
    const b = e.target.closest('[data-make]');
    if (!b) return;
    if (b.dataset.make === 'svg') {
      const svg = new XMLSerializer().serializeToString(figure.querySelector('.chart-svg svg'));
      save(b.dataset.name, 'image/svg+xml', '<?xml version="1.0" encoding="UTF-8"?>\n' + svg + '\n');
    } else {
      const rows = $$('table tr', figure).map((tr) => Array.from(tr.children)
        .map((c) => csvField(c.textContent, tr.parentElement.tagName === 'THEAD')).join(','));
      save(b.dataset.name, 'text/csv;charset=utf-8', '\ufeff' + rows.join('\n') + '\n');
    }
  });
});
// A section's link copies the page's address to that section; where the
// clipboard is refused (file://, an older browser), through a field.
const copied = id('copy-status');
if (copied) $$('a[data-copy]').forEach((a) => {
  a.textContent = copied.dataset.label;
  a.addEventListener('click', (e) => {
    e.preventDefault();
    const url = location.href.split('#')[0] + a.getAttribute('href');
    const done = () => { copied.textContent = copied.dataset.copied; setTimeout(() => { copied.textContent = ''; }, 4000); };
    const field = () => {
      const f = el('textarea');
      f.value = url;
      document.body.append(f);
      f.select();
      let ok = false;
      try { ok = document.execCommand('copy'); } catch (x) { ok = false; }
      f.remove();
      if (ok) done(); else location.hash = a.getAttribute('href');
    };
    const c = navigator.clipboard;
    if (c && c.writeText) c.writeText(url).then(done, field); else field();
  });
});
})();
