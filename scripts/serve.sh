#!/usr/bin/env bash
# Set up everything (idempotent), check the demo portal, build every edition with its PDFs
# (`reportal build`), and serve the result the way a provider deploys it: nginx with one
# account per edition (`reportal deploy htpasswd` + `reportal deploy nginx`, demo accounts in
# scripts/demo-accounts.yml). Without nginx, Python's http.server serves every edition to
# anyone. For a live-reloading preview while writing a report, run `.venv/bin/mkdocs serve`
# instead (provider edition, no PDFs).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
reportal check
reportal build
addr="${REPORTAL_ADDR:-127.0.0.1:8000}"
nginx_bin="$(command -v nginx || true)"
[ -z "$nginx_bin" ] && [ -x /usr/sbin/nginx ] && nginx_bin=/usr/sbin/nginx

if [ -z "$nginx_bin" ]; then
  echo "nginx not found: serving with Python's http.server, WITHOUT access control"
  echo "serving the editions in site/ on http://$addr/ (Ctrl-C stops):"
  echo "  provider edition:  http://$addr/provider/"
  for edition in site/customers/*/; do
    echo "  customer edition:  http://$addr/customers/$(basename "$edition")/"
  done
  exec python -m http.server --bind "${addr%:*}" --directory site "${addr##*:}"
fi

conf="$PWD/build/nginx"
reportal deploy htpasswd --credentials scripts/demo-accounts.yml --out "$conf/htpasswd"
reportal deploy nginx --out "$conf" --listen "$addr"
"$nginx_bin" -t -q -p "$conf" -c "$conf/nginx.conf" -e stderr
echo "serving the editions in site/ with nginx on http://$addr/ (Ctrl-C stops);"
echo "each edition asks for its own account (config: build/nginx/reportal-site.conf):"
python - "$addr" <<'PY'
import sys

import yaml

addr = sys.argv[1]
with open("scripts/demo-accounts.yml", encoding="utf-8") as handle:
    accounts = yaml.safe_load(handle)
for edition, people in accounts.items():
    path = "provider" if edition == "provider" else f"customers/{edition}"
    logins = ", ".join(f"{name} / {password}" for name, password in people.items())
    print(f"  http://{addr}/{path}/  ->  {logins}")
PY
exec "$nginx_bin" -p "$conf" -c "$conf/nginx.conf" -e stderr -g "daemon off;"
