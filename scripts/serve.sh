#!/usr/bin/env bash
# Set up everything (idempotent), check the demo portal, build it, and serve it with live reload.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
reportal check
exec mkdocs serve --dev-addr "${REPORTAL_ADDR:-127.0.0.1:8000}"
