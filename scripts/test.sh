#!/usr/bin/env bash
# Set up everything (idempotent) and run every check: ruff, mypy, import layers, the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
echo "== ruff"; ruff check src tests scripts bench macros; ruff format --check src tests scripts bench macros
echo "== mypy"; mypy
echo "== import layers"; lint-imports
echo "== pytest"; pytest "$@"
