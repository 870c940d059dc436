/* chiso: progressive enhancement only. Every page works without this file. */
(function () {
  'use strict';

  // One collator: much faster than localeCompare on thousands of names, and
  // numeric so "Xã 10" follows "Xã 9".
  var coll = typeof Intl !== 'undefined'
    ? new Intl.Collator('vi', { numeric: true })
    : { compare: function (a, b) { return a.localeCompare(b, 'vi'); } };

  // Diacritic-insensitive key: "Đắk" and "Đăk" both become "dak". đ has no
  // decomposition, so it needs its own replacement.
  function fold(s) {
    return String(s == null ? '' : s).normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd')
      .toLowerCase().replace(/\s+/g, ' ').trim();
  }

  // Accented key for the "typed exactly" tier; NFC so a decomposed query
  // still matches precomposed data.
  function lower(s) {
    return String(s == null ? '' : s).normalize('NFC').toLowerCase()
      .replace(/\s+/g, ' ').trim();
  }

  function words(q) {
    var f = fold(q);
    return f ? f.split(' ') : [];
  }

  // Fold every name once, not on every keystroke.
  function prepare(units) {
    return units.map(function (u) {
      return { u: u, n: String(u.n || ''), fn: fold(u.n), fs: fold(u.s), ln: lower(u.n) };
    });
  }

  function matches(e, ws) {
    for (var i = 0; i < ws.length; i++) {
      if (e.fn.indexOf(ws[i]) < 0 && e.fs.indexOf(ws[i]) < 0) return false;
    }
    return true;
  }

  function atWordStart(hay, w) {
    return (' ' + hay).indexOf(' ' + w) >= 0;
  }

  // The query as typed, accents included, wins (0 at a word start, 1 inside
  // a word), then every folded word beginning a word (2), then the rest (3).
  function tier(e, ws, lq) {
    if (lq && e.ln.indexOf(lq) >= 0) return atWordStart(e.ln, lq) ? 0 : 1;
    for (var i = 0; i < ws.length; i++) {
      if (!atWordStart(e.fn, ws[i]) && !atWordStart(e.fs, ws[i])) return 3;
    }
    return 2;
  }

  // Returns { total, results } with at most `limit` units, best first.
  function search(entries, q, limit) {
    var ws = words(q), lq = lower(q), hits = [];
    if (!ws.length) return { total: 0, results: [] };
    for (var i = 0; i < entries.length; i++) {
      var e = entries[i];
      if (matches(e, ws)) hits.push({ e: e, t: tier(e, ws, lq) });
    }
    hits.sort(function (a, b) { return a.t - b.t || coll.compare(a.e.n, b.e.n); });
    return {
      total: hits.length,
      results: hits.slice(0, limit || 20).map(function (h) { return h.e.u; })
    };
  }

  // Machine value of a numeric cell; blank or garbage counts as missing.
  function numKey(v) {
    if (v == null || String(v).trim() === '') return null;
    var n = Number(v);
    return isFinite(n) ? n : null;
  }

  // Permutation of indices that sorts `keys`. Missing values go last in
  // both directions (a missing score is not the "lowest"), and the index
  // tie-break keeps the sort stable on engines whose sort is not.
  function sortOrder(keys, numeric, desc) {
    var idx = keys.map(function (_, i) { return i; });
    var dir = desc ? -1 : 1;
    idx.sort(function (a, b) {
      var x = keys[a], y = keys[b];
      var xm = x == null || x === '', ym = y == null || y === '';
      if (xm || ym) return xm && ym ? a - b : (xm ? 1 : -1);
      var c = numeric ? (x < y ? -1 : x > y ? 1 : 0) : coll.compare(x, y);
      return c * dir || a - b;
    });
    return idx;
  }

  var api = { fold: fold, lower: lower, prepare: prepare, matches: matches, tier: tier,
    search: search, numKey: numKey, sortOrder: sortOrder, compareText: coll.compare };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  if (typeof document === 'undefined') return;

  var EN = /^en/i.test(document.documentElement.lang || '');
  var T = EN
    ? { found: function (n, s) { return n + ' unit' + (n === 1 ? '' : 's') + ' found' + (s < n ? ', showing the first ' + s : ''); },
      none: 'No unit found', all: function (n) { return 'See all ' + n + ' results'; } }
    : { found: function (n, s) { return 'Tìm thấy ' + n + ' đơn vị' + (s < n ? ', hiển thị ' + s + ' đơn vị đầu' : ''); },
      none: 'Không tìm thấy đơn vị nào', all: function (n) { return 'Xem tất cả ' + n + ' kết quả'; } };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function say(msg) {
    var s = document.getElementById('search-status');
    if (s) s.textContent = msg;
  }

  function root() {
    return (document.body && document.body.getAttribute('data-root')) || '';
  }

  // ---- Unit list page: filter the list in place (no index file needed).
  function initList(list, input, form) {
    var items = Array.prototype.slice.call(document.querySelectorAll('li[data-fold]'));
    var keys = items.map(function (li) { return fold(li.getAttribute('data-fold')); });
    // A letter heading owns the siblings up to the next letter heading.
    var groups = Array.prototype.map.call(document.querySelectorAll('h2[id^="letter-"]'), function (h) {
      var els = [h];
      for (var n = h.nextElementSibling; n && !n.matches('h2[id^="letter-"]'); n = n.nextElementSibling) els.push(n);
      return els;
    });
    var empty = el('p', 'search-empty', T.none);
    empty.hidden = true;
    list.parentNode.insertBefore(empty, list.nextSibling);

    function run() {
      var ws = words(input.value), shown = 0;
      items.forEach(function (li, i) {
        var ok = ws.every(function (w) { return keys[i].indexOf(w) >= 0; });
        li.hidden = !ok;
        if (ok) shown++;
      });
      groups.forEach(function (g) {
        var any = g.some(function (e) { return e.querySelector && e.querySelector('li[data-fold]:not([hidden])'); });
        g.forEach(function (e) { e.hidden = !any; });
      });
      empty.hidden = shown > 0;
      say(ws.length ? (shown ? T.found(shown, shown) : T.none) : '');
    }

    input.addEventListener('input', run);
    input.addEventListener('keydown', function (ev) {
      if (ev.key === 'Escape') { input.value = ''; run(); }
    });
    form.addEventListener('submit', function (ev) {
      var first = list.querySelector('li[data-fold]:not([hidden]) a[href]');
      if (first && words(input.value).length) { ev.preventDefault(); location.href = first.href; }
    });
    var q = null;
    try { q = new URLSearchParams(location.search).get('q'); } catch (e) { /* old engine: no prefill */ }
    if (q) { input.value = q; run(); }
  }

  // ---- Search box with results drawn from window.CHISO_UNITS.
  function initSearch(input, form) {
    var box = document.getElementById('search-results');
    var entries = null;
    if (!box) return;

    function clear() {
      box.textContent = '';
      box.hidden = true;
      say('');
    }

    function run() {
      // Read lazily: the index script may run after this one, or fail to load.
      if (!entries) {
        if (!Array.isArray(window.CHISO_UNITS)) return;
        entries = prepare(window.CHISO_UNITS);
      }
      if (!words(input.value).length) { clear(); return; }
      var r = search(entries, input.value, 20), base = root();
      box.textContent = '';
      r.results.forEach(function (u) {
        // Index urls are root-relative; refuse anything with a scheme.
        if (!u.u || /^[a-z][a-z0-9+.-]*:/i.test(u.u)) return;
        var li = el('li'), a = el('a', null, u.n);
        a.href = base + u.u;
        li.appendChild(a);
        var meta = [u.k, u.p].filter(Boolean).join(' · ');
        if (meta) { li.appendChild(document.createTextNode(' ')); li.appendChild(el('span', 'meta', meta)); }
        box.appendChild(li);
      });
      if (!r.total) box.appendChild(el('li', 'search-empty', T.none));
      if (r.total > r.results.length) {
        var li = el('li', 'search-more'), more = el('a', null, T.all(r.total));
        more.href = form.action.split('?')[0] + '?q=' + encodeURIComponent(input.value.trim());
        li.appendChild(more);
        box.appendChild(li);
      }
      box.hidden = false;
      say(r.total ? T.found(r.total, r.results.length) : T.none);
    }

    function links() { return Array.prototype.slice.call(box.querySelectorAll('a[href]')); }

    input.addEventListener('input', run);
    form.addEventListener('keydown', function (ev) {
      var ls = links(), i = ls.indexOf(document.activeElement);
      if (ev.key === 'Escape') {
        input.value = ''; clear(); input.focus();
      } else if (ev.key === 'ArrowDown' && ls.length) {
        ev.preventDefault(); ls[Math.min(i + 1, ls.length - 1)].focus();
      } else if (ev.key === 'ArrowUp' && i >= 0) {
        ev.preventDefault(); (i ? ls[i - 1] : input).focus();
      }
    });
    form.addEventListener('submit', function (ev) {
      run();
      var first = box.hidden ? null : box.querySelector('li:not(.search-more) a[href]');
      if (first) { ev.preventDefault(); location.href = first.href; }
    });
  }

  // ---- Sortable tables.
  function initTable(table) {
    var ths = Array.prototype.slice.call(table.querySelectorAll('thead th[scope="col"]'));
    ths.forEach(function (th) {
      var b = el('button');
      b.type = 'button';
      while (th.firstChild) b.appendChild(th.firstChild);
      th.appendChild(b);
      b.addEventListener('click', function () {
        // Re-clicking the sorted column flips it; a new column starts ascending.
        var desc = th.getAttribute('aria-sort') === 'ascending';
        ths.forEach(function (o) { if (o !== th) o.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', desc ? 'descending' : 'ascending');
        sortBy(table, th.cellIndex, th.getAttribute('data-sort') === 'num', desc);
      });
    });
  }

  function sortBy(table, col, numeric, desc) {
    Array.prototype.forEach.call(table.tBodies, function (tb) {
      var rows = Array.prototype.slice.call(tb.rows);
      var keys = rows.map(function (r) {
        var c = r.cells[col];
        if (!c) return null;
        return numeric ? numKey(c.getAttribute('data-value')) : c.textContent.replace(/\s+/g, ' ').trim();
      });
      var frag = document.createDocumentFragment();
      sortOrder(keys, numeric, desc).forEach(function (i) { frag.appendChild(rows[i]); });
      tb.appendChild(frag);
    });
  }

  function init() {
    var input = document.getElementById('q');
    var form = input && input.form;
    var list = document.getElementById('unit-list');
    if (input && form) {
      if (list) initList(list, input, form);
      else initSearch(input, form);
    }
    Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), initTable);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
