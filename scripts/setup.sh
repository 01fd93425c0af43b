#!/usr/bin/env bash
# Idempotent set-up: Debian packages (when missing), a venv in .venv, and Reportal in it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

DEBIAN_PACKAGES=(chromium fonts-noto-cjk poppler-utils)
# nginx serves the editions behind their accounts (scripts/serve.sh, tests/deploy/); any
# installed nginx will do, so nginx-light is only added when there is none.
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || DEBIAN_PACKAGES+=(nginx-light)
# Another apt/dpkg process (unattended-upgrades on a fresh machine) may hold the dpkg lock:
# apt waits this many seconds for it instead of failing at once.
DPKG_LOCK_TIMEOUT="${DPKG_LOCK_TIMEOUT:-600}"

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
  local lock=(-o "DPkg::Lock::Timeout=${DPKG_LOCK_TIMEOUT}")
  echo "setup: installing ${missing[*]}"
  echo "setup: if another apt process holds the dpkg lock, waiting up to ${DPKG_LOCK_TIMEOUT} s for it" \
    "(DPKG_LOCK_TIMEOUT=seconds to change)"
  apt_update_waiting $sudo apt-get "${lock[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get "${lock[@]}" install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

# `apt-get update` takes the package-lists lock without waiting: retry it until the timeout.
apt_update_waiting() {
  local waited=0
  until "$@"; do
    [ "$waited" -ge "$DPKG_LOCK_TIMEOUT" ] && { echo "setup: apt-get update kept failing for ${waited} s" >&2; return 1; }
    echo "setup: apt-get update failed (lock held by another apt process?); retrying in 10 s" >&2
    sleep 10
    waited=$((waited + 10))
  done
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

main() {
  install_debian_packages
  install_python_env
  if [ -f tests/browser/package.json ]; then install_node_tools; fi
  echo "setup: ready (.venv, $(.venv/bin/python --version))"
}

# Sourced (by the tests), it only defines the functions.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then main; fi
