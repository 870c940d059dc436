// Gate: valid HTML. The Nu HTML Checker (vnu.jar from npm `vnu-jar`, run
// with Java) over every generated page of every built site, in one Java
// invocation: zero errors, and every page must have been checked.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Gate, run, walk, env } from '../lib/report.mjs';

const gate = new Gate('html');
const require = createRequire(import.meta.url);

await run(gate, async () => {
  const dirs = [env('E2E_SITE'), process.env.E2E_KONRAY].filter(Boolean).map((d) => path.resolve(d));
  const jar = String(require('vnu-jar')); // the package's main export is the jar's path
  const java = process.env.JAVA || 'java';
  const expected = dirs.reduce((n, d) => n + walk(d).filter((f) => f.endsWith('.html')).length, 0);
  const r = spawnSync(java, ['-Xss8m', '-jar', jar, '--errors-only', '--skip-non-html', '--verbose', ...dirs], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) {
    gate.fail(`cannot run ${java}: ${r.error.message} (install a Java runtime, e.g. apt-get install default-jre-headless)`);
    return;
  }
  const lines = `${r.stdout}\n${r.stderr}`.split('\n').filter(Boolean);
  const errors = lines.filter((l) => /^"?file:.*?"?:[\d.-]*: (error|fatal error):/.test(l));
  // --verbose names every file it checks, one absolute path a line.
  const checked = lines.filter((l) => /^\/.*\.html$/.test(l)).length;
  gate.info(`${expected} HTML files in ${dirs.length} site(s); vnu checked ${checked}; ${errors.length} error(s); java exit ${r.status}`);
  if (checked) gate.check(checked >= expected, `vnu checked ${checked} files, expected ${expected}`);
  else gate.check(r.status !== null, 'vnu did not run');
  // Group identical messages so one template bug reads as one line.
  const byMessage = new Map();
  for (const e of errors) {
    const m = e.match(/^"?(file:[^"]*?)"?:[\d.-]+: (?:error|fatal error): (.*)$/);
    const file = m ? m[1] : '?';
    const msg = m ? m[2] : e;
    if (!byMessage.has(msg)) byMessage.set(msg, []);
    byMessage.get(msg).push(file);
  }
  for (const [msg, files] of byMessage) {
    const uniq = [...new Set(files)];
    gate.fail(`${msg} — ${files.length} time(s) in ${uniq.length} page(s), e.g. ${uniq.slice(0, 3).map((f) => f.replace(/^file:/, '')).join(', ')}`);
  }
  gate.check(r.status === 0 || errors.length > 0, `vnu exited ${r.status} without reporting an error:\n${lines.slice(-20).join('\n')}`);
  if (r.status === 0) gate.check(errors.length === 0, 'vnu exited 0 but printed errors');
});
