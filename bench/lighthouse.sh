#!/usr/bin/env bash
# Lighthouse, mobile (its default form factor) and desktop, on every page of the bundled site
# (the index and each report), served from a local HTTP server with Debian's chromium. Prints
# the four category scores of each page and form factor.
#
#   bench/lighthouse.sh [SITE_DIR]
#
# Without SITE_DIR the repository's site is built into a temporary folder first. Reports
# (JSON) are kept in $LIGHTHOUSE_OUT (default: a temporary folder, printed at the end).
# Needs Node 20+ and network access to the npm registry for the first `npx` run.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
LIGHTHOUSE=lighthouse@12.2.3
PAGES=("index.html" "reports/2021-withcorona-dx/index.html" "reports/2025-dx-symposium/index.html")
FORMS=(mobile desktop)
export CHROME_PATH="${SEMINAR_SITE_CHROMIUM:-/usr/bin/chromium}"
CHROME_FLAGS="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run \
--disable-background-networking --disable-component-update --disable-sync"

PYTHON=python3
[[ -x .venv/bin/python ]] && PYTHON=.venv/bin/python

work=$(mktemp -d "${TMPDIR:-/tmp}/seminar-lighthouse.XXXXXX")
OUT="${LIGHTHOUSE_OUT:-$work/reports}"
mkdir -p "$OUT"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; fi
  if [[ -z "${LIGHTHOUSE_OUT:-}" ]]; then
    rm -rf "$work/site"
  fi
}
trap cleanup EXIT

if [[ $# -ge 1 ]]; then
  SITE=$(cd "$1" && pwd)
else
  SITE="$work/site"
  echo "==> building the site into $SITE"
  "$PYTHON" -m seminar_site build --root . --out "$SITE"
fi

PORT=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
echo "==> serving $SITE on http://127.0.0.1:$PORT/"
"$PYTHON" -m http.server --bind 127.0.0.1 --directory "$SITE" "$PORT" >/dev/null 2>&1 &
server_pid=$!
for _ in $(seq 50); do
  if "$PYTHON" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/')" 2>/dev/null; then
    break
  fi
  sleep 0.1
done

for form in "${FORMS[@]}"; do
  preset=()
  [[ "$form" == desktop ]] && preset=(--preset=desktop)
  for page in "${PAGES[@]}"; do
    name=$(echo "$page" | tr '/' '_' | sed 's/\.html$//')
    echo "==> $LIGHTHOUSE $page ($form)"
    npx --yes "$LIGHTHOUSE" "http://127.0.0.1:$PORT/$page" "${preset[@]}" \
      --quiet --chrome-flags="$CHROME_FLAGS" \
      --only-categories=performance,accessibility,best-practices,seo \
      --output=json --output-path="$OUT/$name-$form.json"
  done
done

echo
"$PYTHON" - "$OUT" "${PAGES[@]}" <<'EOF'
import json
import sys
from pathlib import Path

out, pages = Path(sys.argv[1]), sys.argv[2:]
keys = ["performance", "accessibility", "best-practices", "seo"]
print(f"{'page':<42}{'form':<9}" + "".join(f"{k:>16}" for k in keys))
for form in ("mobile", "desktop"):
    for page in pages:
        name = page.replace("/", "_").removesuffix(".html")
        report = json.loads((out / f"{name}-{form}.json").read_text())
        scores = [report["categories"][k]["score"] for k in keys]
        row = "".join(f"{'n/a' if s is None else round(s * 100):>16}" for s in scores)
        print(f"{page:<42}{form:<9}{row}")
EOF
echo
echo "Lighthouse JSON reports: $OUT"
