#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster on a loopback port, then removes it.
# Usage: scripts/with-postgres.sh COMMAND [ARGS...]   (sets DATABASE_URL for the command)
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bindir" ] || { echo "PostgreSQL is not installed: run make system-deps" >&2; exit 1; }
dir=$(mktemp -d /tmp/lytt-pg.XXXXXX)
chmod 755 "$dir"
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
cleanup() {
  as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM
as_pg "$bindir/initdb" -D "$dir/data" -U lytt --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# A free loopback port (asked of the kernel); tried again with another if taken meanwhile.
for attempt in 1 2 3 4 5; do
  port=${LYTT_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
  if as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-k $dir -h 127.0.0.1 -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null; then
    break
  fi
  [ "$attempt" = 5 ] && { cat "$dir/log" >&2; exit 1; }
done
as_pg "$bindir/createdb" -h 127.0.0.1 -p "$port" -U lytt lytt
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
export DATABASE_URL="postgres://lytt@127.0.0.1:$port/lytt"
"$@"
