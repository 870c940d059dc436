#!/usr/bin/env bash
# Proves that every gate can fail: builds the sites once, then for each
# gate breaks a fresh copy of them on purpose (a page too heavy, an invalid
# attribute, a broken link, a missing label, a number only JavaScript
# writes, a too wide heading, a search that no longer folds diacritics, a
# javascript: link on a Markdown page...), runs that gate alone on the copy
# and expects it to fail with the right message. The work tree is never
# touched. Exits non-zero if a gate let a break through.
#   e2e/prove-gates.sh [gate...]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/chiso-prove.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$here/build-sites.sh" "$work/pristine" >/dev/null || { echo "building the sites failed" >&2; exit 1; }
export E2E_SCREENSHOTS="$work/screenshots"

# perl -0pi: edit a built file in place (the pages are minified: unquoted
# attributes, no newlines).
edit() { perl -0pi -e "$2" "$1"; }

# name | gate | what the break does | pattern the gate must print
breaks=(
  "heavy-page|weight|pad index.html with 200 KB|index.html is [0-9.]+ KB of HTML"
  "heavy-css|weight|add 10 KB of CSS|CSS totals"
  "invalid-attr|html|an unknown attribute on the ranking's h1|Attribute “bogus” not allowed"
  "unclosed|html|a stray </div> on a unit page|Stray end tag|No “div” element in scope"
  "broken-link|links|link van-ban-cu.html from the home page|van-ban-cu.html\" answers 404"
  "broken-anchor|links|link #chinh, which does not exist|#chinh does not exist"
  "missing-download|links|delete a chart's CSV download|answers 404"
  "wrong-switch|links|a unit page's language switch leads to the English home|the language switch leads to"
  "no-label|a11y|remove the search box's label (and placeholder)|label \\(critical\\)"
  "low-contrast|a11y|grey text on the sample notice|color-contrast"
  "no-focus-ring|a11y|hide the focus ring in site.css|no visible focus indicator"
  "js-only-number|nojs|a number that only site.js writes|without JS the number"
  "wide-heading|mobile|h1 { white-space: nowrap } in site.css|scrolls sideways|text off screen"
  "tiny-targets|mobile|nav links 12 px tall, side by side|tap target"
  "lost-scrolls|mobile|lost points back in a sideways-scrolling table|lost-points cell"
  "docs-scroll|mobile|document links pushed right in a wide list|document link needs sideways scrolling"
  "squeezed-names|mobile|units' names in rankings squeezed to 40 px on a phone|text column 2 of table"
  "cut-cells|mobile|ranking cells 20 px wide that hide their overflow|cell cut off in table"
  "card-overflow|mobile|key figures' changes at 3rem|overflows its card"
  "table-box|mobile|the ranking back in a box shorter than itself on a desktop|table scrolls inside a box"
  "lone-charts|mobile|charts one under another on a desktop|two figures drawn at a phone's width"
  "no-fold|behaviour|search no longer strips diacritics|does not find Đắk Tô Re"
  "no-sort|behaviour|sort buttons no longer react|out of order|aria-sort should be"
  "outside-request|behaviour|an image from another host on the home page|request leaves 127.0.0.1"
  "script-link|markdown|a javascript: link on the payload page|a payload ran: alert"
  "handler-attr|markdown|an onmouseover attribute on the payload page's h1|has an event handler: onmouseover"
)

apply() {
  local s="$1/site" k="$1/kon-ray" m="$1/payloads/kiem-thu-an-toan.html"
  case "$2" in
    heavy-page) head -c 204800 /dev/zero | tr '\0' 'x' >> "$s/index.html" ;;
    heavy-css) head -c 10240 /dev/zero | tr '\0' ' ' | sed 's/^/.x{}/' >> "$s/assets/site.css" ;;
    invalid-attr) edit "$s/2024/xa/index.html" 's/<h1>/<h1 bogus=1>/' ;;
    unclosed) edit "$(ls "$s"/don-vi/*.html | head -1)" 's/<main /<\/div><main /' ;;
    broken-link) edit "$s/index.html" 's/href="?van-ban\.html"?/href=van-ban-cu.html/' ;;
    broken-anchor) edit "$s/index.html" 's/href=#main/href=#chinh/' ;;
    missing-download) rm "$s/2024/xa/bieu-do-xep-hang.csv" ;;
    wrong-switch) edit "$s/don-vi/a-vao.html" 's/(<p class="?lang-switch"?><a [^>]*?href=")[^"]+/${1}..\/en\/index.html/' ;;
    no-label) edit "$s/index.html" 's/<label for=q>.*?<\/label>//; s/placeholder="[^"]*" //' ;;
    low-contrast) echo '.notice-sample{color:#aaa}' >> "$s/assets/site.css" ;;
    no-focus-ring) echo ':focus-visible{outline:none!important;box-shadow:none!important}' >> "$s/assets/site.css" ;;
    js-only-number) echo 'document.addEventListener("DOMContentLoaded",function(){var p=document.createElement("p");p.textContent="Chỉ số 12,34";document.querySelector("main").appendChild(p)});' >> "$s/assets/site.js" ;;
    wide-heading) echo 'h1{white-space:nowrap}' >> "$s/assets/site.css" ;;
    docs-scroll) echo '.doc-cards{overflow-x:auto}.doc-cards li{padding-left:400px;width:800px}' >> "$s/assets/site.css" ;;
    lost-scrolls) echo '@media (max-width:40rem){table.stack tr{display:table-row}table.stack :is(th,td){display:table-cell}.table-wrap:has(>table.stack){overflow:auto}.table-wrap table.data.stack{min-width:36rem}}' >> "$s/assets/site.css" ;;
    squeezed-names) echo '.sortable tbody th{min-width:0!important;width:40px;max-width:40px}' >> "$s/assets/site.css" ;;
    cut-cells) echo '.ranking td{overflow:hidden;max-width:20px}' >> "$s/assets/site.css" ;;
    card-overflow) echo '.figure dd .change{font-size:3rem}' >> "$s/assets/site.css" ;;
    table-box) for f in "$s/assets/site.css" "$k/assets/site.css"; do echo '@media (min-width:64rem){.table-wrap:has(>.ranking){max-height:12rem;overflow:auto!important}}' >> "$f"; done ;;
    lone-charts) echo '.pair,.card-charts{display:block!important}' >> "$s/assets/site.css" ;;
    tiny-targets) echo '.site-nav a{min-height:0;padding:0;line-height:12px;font-size:10px}.site-nav ul{gap:0}' >> "$s/assets/site.css" ;;
    no-fold) echo ';String.prototype.normalize=function(){return String(this)};' >> "$k/assets/site.js" ;;
    no-sort) for f in "$s/assets/site.js" "$k/assets/site.js"; do echo ';document.addEventListener("click",function(e){if(e.target.closest("table.sortable thead"))e.stopImmediatePropagation()},true);' >> "$f"; done ;;
    outside-request) edit "$s/index.html" 's/<h1>/<img alt="" src=https:\/\/example.com\/logo.png><h1>/' ;;
    script-link) edit "$m" 's/<h1/<a href="javascript:alert(1)">x<\/a><h1/' ;;
    handler-attr) edit "$m" 's/<h1/<h1 onmouseover="alert(2)"/' ;;
  esac
}

only=("$@")
rows=()
bad=0
for b in "${breaks[@]}"; do
  IFS='|' read -r name gate what pattern alt <<<"$b"
  if [ ${#only[@]} -gt 0 ] && [[ ! " ${only[*]} " == *" $gate "* ]]; then continue; fi
  rm -rf "$work/broken"
  cp -a "$work/pristine" "$work/broken"
  apply "$work/broken" "$name"
  log="$work/$name.log"
  E2E_SITE="$work/broken/site" E2E_KONRAY="$work/broken/kon-ray" E2E_PAYLOADS="$work/broken/payloads" "$here/run.sh" "$gate" >"$log" 2>&1
  rc=$?
  if [ $rc -ne 0 ] && grep -Eq -- "$pattern${alt:+|$alt}" "$log"; then
    verdict="failed, as it must"
  else
    verdict="DID NOT FAIL (exit $rc)"
    bad=$((bad + 1))
    grep -E 'FAIL|crashed' "$log" | head -20
  fi
  first=$(grep -m1 -E -- "$pattern${alt:+|$alt}" "$log" | sed 's/^ *//' | cut -c1-110)
  rows+=("$(printf '  %-10s %-17s %-22s %s' "$gate" "$name" "$verdict" "$first")")
  echo "${rows[-1]}"
done
echo
echo "== every gate against a broken site"
printf '  %-10s %-17s %-22s %s\n' gate break verdict "first message"
printf '%s\n' "${rows[@]}"
echo "prove-gates: $(( ${#rows[@]} - bad )) passed, $bad failed"
[ $bad -eq 0 ]
