#!/usr/bin/env bash
# Installs the Debian packages the test suite uses when they are missing:
# PostgreSQL (a throwaway cluster per run), Chromium (browser tests), gettext (catalogues),
# wrk (the HTTP load generator of make bench).
set -euo pipefail
need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
if [ ${#need[@]} -eq 0 ]; then
  echo "system-deps: PostgreSQL, Chromium, gettext and wrk are present"
  exit 0
fi
echo "system-deps: installing ${need[*]}"
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# Debian starts a system cluster on install; the tests use their own throwaway one.
if [[ " ${need[*]} " == *" postgresql "* ]] && command -v pg_ctlcluster >/dev/null; then
  $SUDO pg_ctlcluster --mode fast "$(ls /usr/lib/postgresql | sort -V | tail -1)" main stop 2>/dev/null || true
fi
