#!/usr/bin/env bash
# Installs what the test suite runs for real, from Debian's packages, when it is missing:
# PostgreSQL, redis-server and chromium (driven by Playwright); with --bench also wrk (bench/tools.py).
set -euo pipefail

missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ "${1:-}" = "--bench" ]; then
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
fi

[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing test services: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# The Debian package starts a cluster and a redis service of its own; the tests start their own.
for service in postgresql redis-server; do
  $sudo service "$service" stop >/dev/null 2>&1 || true
done
