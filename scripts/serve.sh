#!/usr/bin/env bash
# Set up everything (idempotent), check the demo portal, build every edition with its PDFs
# (`reportal build`), and serve the result. For a live-reloading preview while writing a
# report, run `.venv/bin/mkdocs serve` instead (provider edition, no PDFs).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
reportal check
reportal build
addr="${REPORTAL_ADDR:-127.0.0.1:8000}"
echo "serving the editions in site/ on http://$addr/ (Ctrl-C stops):"
echo "  provider edition:  http://$addr/provider/"
for edition in site/customers/*/; do
  echo "  customer edition:  http://$addr/customers/$(basename "$edition")/"
done
exec python -m http.server --bind "${addr%:*}" --directory site "${addr##*:}"
