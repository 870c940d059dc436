// Shared helpers: the pages each gate visits, failure bookkeeping, tables.
import path from 'node:path';
import fs from 'node:fs';

export function env(name, fallback) {
  const v = process.env[name];
  if (v) return v;
  if (fallback !== undefined) return fallback;
  console.error(`${name} is not set: run the gates through e2e/run.sh`);
  process.exit(2);
}

// The site of data/ and the pages that stand for each kind of page.
export function siteDir() {
  return path.resolve(env('E2E_SITE'));
}

// The built sites: data/ always, the kon-ray example when it was built.
export function sites() {
  const out = [['data', siteDir()]];
  if (process.env.E2E_KONRAY) out.push(['kon-ray', path.resolve(process.env.E2E_KONRAY)]);
  return out;
}

// The heaviest unit page (most years, most lost points): the hardest case
// for layout and accessibility, and chosen by the data, not by a name.
export function sampleUnit(dir) {
  const d = path.join(dir, 'don-vi');
  const units = fs.readdirSync(d).filter((f) => f.endsWith('.html') && f !== 'index.html');
  if (!units.length) throw new Error('no unit page in don-vi/');
  units.sort((a, b) => fs.statSync(path.join(d, b)).size - fs.statSync(path.join(d, a)).size || (a < b ? -1 : 1));
  return `don-vi/${units[0]}`;
}

export function latestYear(dir) {
  const years = fs.readdirSync(dir).filter((d) => /^\d{4}$/.test(d)).sort();
  if (!years.length) throw new Error(`no edition directory in ${dir}`);
  return years[years.length - 1];
}

// Representative pages: one of every kind the issue names, and a few more.
// The communes' group when there is one (the longest ranking), else the
// first group of the latest edition.
export function rankingDir(dir) {
  const y = latestYear(dir);
  const groups = fs.readdirSync(path.join(dir, y), { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, y, e.name, 'index.html'))).map((e) => e.name).sort();
  if (!groups.length) throw new Error(`no group ranking under ${y}/`);
  return `${y}/${groups.includes('xa') ? 'xa' : groups[0]}`;
}

export function mainPages(dir) {
  const y = latestYear(dir);
  const g = rankingDir(dir);
  const pages = [
    ['home', 'index.html'],
    ['edition', `${y}/index.html`],
    ['ranking', `${g}/index.html`],
    ['unit', sampleUnit(dir)],
    ['criterion', `${g}/tieu-chi-1.html`],
    ['heatmap', `${g}/theo-linh-vuc.html`],
    ['trends', 'xu-huong.html'],
    ['documents', 'van-ban.html'],
    ['data', 'du-lieu.html'],
    ['dictionary', 'tu-dien-du-lieu.html'],
    ['methodology', 'phuong-phap.html'],
    ['about', 'gioi-thieu.html'],
    ['unit-list', 'don-vi/index.html'],
    ['not-found', '404.html'],
  ];
  // A site in two languages: the English pages a citizen meets most.
  if (fs.existsSync(path.join(dir, 'en', 'index.html'))) {
    for (const kind of ['home', 'ranking', 'unit', 'documents']) {
      pages.push([`${kind} (en)`, 'en/' + pages.find(([k]) => k === kind)[1]]);
    }
  }
  for (const [, p] of pages) {
    if (!fs.existsSync(path.join(dir, p))) throw new Error(`expected page missing from the build: ${p}`);
  }
  return pages;
}

// The 404 page is visited where a visitor meets it: at a missing address.
// Its links are absolute when the site knows its address (base_url); a site
// built without one can only serve it correctly at its top level.
export function missingPath(dir) {
  return publicBase(dir) ? 'khong-co/trang-nay.html' : 'khong-co-trang-nay.html';
}
export function visitPath(p, dir) {
  return p === '404.html' ? missingPath(dir) : p;
}

// The site's public address (base_url), read from the home page's
// canonical link; null when the site was built without one.
export function publicBase(dir) {
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const m = html.match(/<link\b[^>]*\bhref="?([^"\s>]+)"?[^>]*\brel="?canonical/) || html.match(/<link\b[^>]*\brel="?canonical"?[^>]*\bhref="?([^"\s>]+)/);
  if (!m) return null;
  return m[1].endsWith('/') ? m[1] : m[1].replace(/[^/]*$/, '');
}

export class Gate {
  constructor(name) {
    this.name = name;
    this.failures = [];
    this.t0 = Date.now();
  }
  fail(msg) {
    this.failures.push(msg);
    console.log(`  FAIL ${msg}`);
  }
  check(ok, msg) {
    if (!ok) this.fail(msg);
    return ok;
  }
  info(msg) {
    console.log(`  ${msg}`);
  }
  // Prints the verdict and exits: 0 when nothing failed.
  done(extra = '') {
    const s = ((Date.now() - this.t0) / 1000).toFixed(1);
    if (this.failures.length) {
      console.log(`${this.name}: FAILED, ${this.failures.length} problem(s) (${s} s)${extra ? ' ' + extra : ''}`);
      process.exit(1);
    }
    console.log(`${this.name}: ok (${s} s)${extra ? ' ' + extra : ''}`);
    process.exit(0);
  }
}

// Runs the gate body and turns an exception into a failure.
export async function run(gate, body) {
  try {
    await body();
  } catch (e) {
    gate.fail(`crashed: ${e && e.stack ? e.stack : e}`);
  }
  gate.done();
}

export function table(headers, rows) {
  const w = headers.map((h, i) => Math.max(String(h).length, ...rows.map((r) => String(r[i]).length)));
  const right = (c) => typeof c === 'number' || /^-?[\d.,]+( %)?$/.test(String(c));
  const line = (r) => '  ' + r.map((c, i) => (right(c) ? String(c).padStart(w[i]) : String(c).padEnd(w[i]))).join('  ').trimEnd();
  return [line(headers), '  ' + w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)].join('\n');
}

export function walk(dir, out = [], rel = '') {
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) walk(dir, out, r);
    else out.push(r);
  }
  return out;
}
