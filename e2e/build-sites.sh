#!/usr/bin/env bash
# Builds the sites the gates check into DIR: DIR/site from data/,
# DIR/kon-ray from examples/kon-ray-2021 with its discrepancy stated, and
# DIR/payloads: a small example with the Markdown payloads of e2e/payloads/
# as its content pages (the markdown gate).
#   e2e/build-sites.sh DIR
set -euo pipefail
out=${1:?usage: e2e/build-sites.sh DIR}
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.."
mkdir -p "$out"
cargo build --release --quiet
chiso=./target/release/chiso
"$chiso" build --data data --out "$out/site"
# The kon-ray example fails the build on purpose (the signed figure of Đăk
# Ruồng differs from its scores); state the discrepancy, as a publisher
# who keeps the signed figure must.
rm -rf "$out/kon-ray-data"
cp -r examples/kon-ray-2021 "$out/kon-ray-data"
pub="$out/kon-ray-data/editions/2021/published-xa.csv"
awk -F, 'NR == 1 { print $0 ",discrepancy_note"; next }
         $1 == "dak-ruong" { print $0 ",Số liệu theo báo cáo đã ký."; next }
         { print $0 "," }' "$pub" > "$pub.new"
mv "$pub.new" "$pub"
"$chiso" build --data "$out/kon-ray-data" --content content --out "$out/kon-ray" 2>/dev/null
"$chiso" build --data examples/ha-nam-2022 --content e2e/payloads --out "$out/payloads" >/dev/null
