#!/usr/bin/env bash
# Browser quality gates for the chiso site. Builds the sample site (data/),
# the kon-ray example (with its discrepancy stated) and a small site whose
# content pages are the Markdown payloads of e2e/payloads/, then runs every
# gate and prints a summary table. Exits non-zero if any gate fails.
#
#   e2e/run.sh                 # every gate
#   e2e/run.sh a11y links      # only these gates
#   E2E_SITE=DIR e2e/run.sh    # test an already built site instead of data/
#   E2E_PAYLOADS=DIR e2e/run.sh markdown   # the payload site already built
#
# Needs: cargo, node (>= 20) with `npm ci` done in e2e/, Debian's
# /usr/bin/chromium (or CHROME_PATH), java (for the HTML checker).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
cd "$repo"

ALL_GATES=(weight html links a11y nojs mobile behaviour markdown)
gates=("$@")
[ ${#gates[@]} -eq 0 ] && gates=("${ALL_GATES[@]}")
for g in "${gates[@]}"; do
  [ -f "$here/gates/$g.mjs" ] || { echo "unknown gate: $g (gates: ${ALL_GATES[*]})" >&2; exit 2; }
done

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
export E2E_SCREENSHOTS=${E2E_SCREENSHOTS:-$here/screenshots}

if [ ! -d "$here/node_modules/playwright-core" ]; then
  echo "e2e/node_modules is missing: run (cd e2e && npm ci --ignore-scripts) first" >&2
  exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/chiso-e2e.XXXXXX")
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

t0=$(date +%s)
needs_payloads=
[[ " ${gates[*]} " == *" markdown "* ]] && [ -z "${E2E_PAYLOADS:-}" ] && needs_payloads=1
if [ -z "${E2E_SITE:-}" ] || [ -z "${E2E_KONRAY:-}" ] || [ -n "$needs_payloads" ]; then
  echo "== building the sites"
  "$here/build-sites.sh" "$work" || { echo "building the sites failed" >&2; exit 1; }
  export E2E_SITE=${E2E_SITE:-$work/site}
  export E2E_KONRAY=${E2E_KONRAY:-$work/kon-ray}
  export E2E_PAYLOADS=${E2E_PAYLOADS:-$work/payloads}
fi
echo "   built in $(( $(date +%s) - t0 )) s: $E2E_SITE, $E2E_KONRAY, $E2E_PAYLOADS"

declare -a names results times
failed=0
for g in "${gates[@]}"; do
  echo
  echo "== gate: $g"
  s=$(date +%s)
  node "$here/gates/$g.mjs"
  rc=$?
  names+=("$g"); times+=("$(( $(date +%s) - s ))")
  if [ $rc -eq 0 ]; then results+=("pass"); else results+=("FAIL"); failed=$((failed + 1)); fi
done

echo
echo "== summary"
printf '  %-10s  %-6s  %s\n' gate result seconds
printf '  %-10s  %-6s  %s\n' ---------- ------ -------
for i in "${!names[@]}"; do
  printf '  %-10s  %-6s  %7s\n' "${names[$i]}" "${results[$i]}" "${times[$i]}"
done
echo "  total $(( $(date +%s) - t0 )) s"
echo "e2e: $(( ${#names[@]} - failed )) passed, $failed failed"
[ $failed -eq 0 ]
