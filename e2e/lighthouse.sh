#!/usr/bin/env bash
# Lighthouse scores (performance, accessibility, best practices, SEO) for
# the home page, a ranking and a unit page of the sample site, served on
# 127.0.0.1 and audited with Debian's Chromium.
#
#   e2e/lighthouse.sh             # builds data/ into a temp dir first
#   E2E_SITE=DIR e2e/lighthouse.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.."
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
[ -d "$here/node_modules/lighthouse" ] || { echo "run (cd e2e && npm ci --ignore-scripts) first" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/chiso-lh.XXXXXX")
trap 'rm -rf "$work"' EXIT
if [ -z "${E2E_SITE:-}" ]; then
  cargo build --release --quiet
  ./target/release/chiso build --data data --out "$work/site" >/dev/null
  export E2E_SITE="$work/site"
fi
node "$here/lighthouse.mjs"
