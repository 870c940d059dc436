// Lighthouse on the home page, a ranking and a unit page of the sample
// site: prints the four category scores. Run through e2e/lighthouse.sh.
// Not a gate (scores move with the machine's load); the aim is 100 in
// accessibility, best practices and SEO, and 95+ in performance.
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { serve } from './lib/server.mjs';
import { CHROME, CHROME_FLAGS } from './lib/browser.mjs';
import { siteDir, rankingDir, sampleUnit, table } from './lib/report.mjs';

const dir = siteDir();
const pages = [['home', 'index.html'], ['ranking', `${rankingDir(dir)}/index.html`], ['unit', sampleUnit(dir)]];
const server = await serve(dir);
const chrome = await chromeLauncher.launch({ chromePath: CHROME, chromeFlags: ['--headless=new', ...CHROME_FLAGS] });
const CATS = ['performance', 'accessibility', 'best-practices', 'seo'];
const rows = [];
const below = [];
try {
  for (const [kind, p] of pages) {
    const url = server.base + p;
    const r = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATS });
    const lhr = r.lhr;
    const scores = CATS.map((c) => Math.round(lhr.categories[c].score * 100));
    rows.push([kind, p, ...scores]);
    // Name what cost points, so a score below 100 says why.
    for (const c of CATS) {
      for (const ref of lhr.categories[c].auditRefs) {
        const a = lhr.audits[ref.id];
        if (ref.weight > 0 && a.score !== null && a.score < 1) {
          below.push(`${kind}: ${c}: ${a.id} (${a.title}) ${a.displayValue || ''}`.trim());
          for (const item of (a.details?.items || []).slice(0, 3)) {
            const what = item.description || item.url || item.source?.url || item.node?.snippet || '';
            if (what) below.push(`    ${String(what).slice(0, 200)}`);
          }
        }
      }
    }
    if (lhr.runWarnings.length) for (const w of lhr.runWarnings) below.push(`${kind}: warning: ${w}`);
    const m = lhr.audits;
    rows[rows.length - 1].push(`${m['first-contentful-paint'].displayValue} / ${m['largest-contentful-paint'].displayValue} / ${m['total-blocking-time'].displayValue} / ${m['cumulative-layout-shift'].displayValue}`);
  }
} finally {
  await chrome.kill();
  await server.close();
}
console.log(`Lighthouse ${(await import('lighthouse/package.json', { with: { type: 'json' } })).default.version}, default (mobile) settings, simulated throttling`);
console.log(table(['page', 'path', 'performance', 'accessibility', 'best practices', 'SEO', 'FCP / LCP / TBT / CLS'], rows));
if (below.length) {
  console.log('  audits below full marks:');
  for (const b of below) console.log(`    ${b}`);
}
