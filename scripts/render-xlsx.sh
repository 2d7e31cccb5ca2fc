#!/usr/bin/env bash
# Render the xlsx export of the sample workbooks as a picture: the first
# page (the 年度汇总 sheet: the table and one native chart per indicator) as
# LibreOffice prints it, written to docs/export-xlsx.png (or to $1).
#
#   scripts/render-xlsx.sh [OUT.png]
#
# Needs go, soffice and pdftoppm, and a CJK font:
#   apt-get install -y --no-install-recommends libreoffice-calc poppler-utils fonts-noto-cjk
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/export-xlsx.png}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go build -tags duckdb_arrow -o "$tmp/pairstat" ./cmd/pairstat
"$tmp/pairstat" run --db "$tmp/pairstat.duckdb" samples >/dev/null
"$tmp/pairstat" export --db "$tmp/pairstat.duckdb" --format xlsx --out "$tmp/totals.xlsx"

# A profile of its own, so that a running LibreOffice does not take the job.
soffice -env:UserInstallation="file://$tmp/lo-profile" --headless \
  --convert-to pdf --outdir "$tmp" "$tmp/totals.xlsx" >/dev/null
# Page 1 at 110 dpi (A4: 909 × 1286 pixels), cropped to the printed area.
pdftoppm -png -r 110 -f 1 -l 1 -singlefile -x 70 -y 90 -W 760 -H 960 "$tmp/totals.pdf" "$tmp/page"

mkdir -p "$(dirname "$out")"
cp "$tmp/page.png" "$out"
echo "wrote $out"
