#!/usr/bin/env bash
# Idempotent set-up: Debian packages (when missing), a venv in .venv, and Reportal in it.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(chromium fonts-noto-cjk poppler-utils)
# nginx serves the editions behind their accounts (scripts/serve.sh, tests/deploy/); any
# installed nginx will do, so nginx-light is only added when there is none.
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || DEBIAN_PACKAGES+=(nginx-light)

install_debian_packages() {
  local missing=()
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null; then
    echo "setup: missing Debian packages ${missing[*]} and no apt-get here" >&2
    return 1
  fi
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_python_env() {
  [ -x .venv/bin/python ] || python3 -m venv .venv
  local stamp=.venv/.reportal-installed
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".[dev]"
    touch "$stamp"
  fi
}

install_node_tools() {
  # axe-core for the accessibility scan in the browser tests (npm registry, no browser download).
  [ -f tests/browser/node_modules/axe-core/axe.min.js ] && return 0
  command -v npm >/dev/null || { echo "setup: npm not found; browser a11y tests need it" >&2; return 1; }
  (cd tests/browser && npm install --silent --no-audit --no-fund >/dev/null)
}

install_debian_packages
install_python_env
if [ -f tests/browser/package.json ]; then install_node_tools; fi
echo "setup: ready (.venv, $(.venv/bin/python --version))"
