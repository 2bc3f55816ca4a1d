#!/usr/bin/env bash
# pg.sh — a private PostgreSQL server for the tests (issue 16, docs/store.md
# "How the suite starts its server").
#
# Model: one throw-away cluster per caller: `initdb` into a fresh temporary
# directory, `pg_ctl start` listening on no TCP address, only on a unix
# socket inside that directory (so nothing else on the machine reaches it,
# and two test scripts never share a server), trust authentication of the
# socket, superuser "eml". initdb refuses to run as root (CI does): then the
# server runs as the unprivileged user `nobody` through runuser, and the
# directory is handed to it. The binaries come from the Debian package
# (/usr/lib/postgresql/*/bin) or the PATH.
#
#   pg.sh start            starts a server; prints its directory (DIR)
#   pg.sh createdb DIR NAME creates database NAME; prints its URI
#                            (postgresql:///NAME?host=DIR&user=eml)
#   pg.sh stop DIR         stops the server and removes DIR
#
# Sourced (tests/cli/lib.sh), it defines the same as functions pg_start,
# pg_createdb, pg_stop. Exit status 77 when no server can start here (no
# binaries, no unprivileged user): a test that needs one is then skipped.
set -u

pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  d=$(command -v initdb 2>/dev/null) && { echo "${d%/*}"; return 0; }
  return 1
}

# pg_as CMD...: runs CMD as the server's user (nobody when we are root)
pg_as() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u nobody -- "$@"
  else
    "$@"
  fi
}

pg_start() {
  local bin dir
  bin=$(pg_bin) || { echo "pg.sh: no PostgreSQL server binaries (apt-get install postgresql)" >&2; return 77; }
  if [ "$(id -u)" -eq 0 ] && { ! command -v runuser >/dev/null || ! id nobody >/dev/null 2>&1; }; then
    echo "pg.sh: running as root without runuser or the user nobody" >&2
    return 77
  fi
  dir=$(mktemp -d /tmp/emlpg.XXXXXX) || return 77
  [ "$(id -u)" -eq 0 ] && chown nobody "$dir"
  chmod 700 "$dir"
  if ! pg_as "$bin/initdb" -D "$dir/data" -U eml --auth=trust -E UTF8 --locale=C.UTF-8 \
      >"$dir/initdb.log" 2>&1; then
    echo "pg.sh: initdb failed: $(tail -3 "$dir/initdb.log")" >&2
    rm -rf "$dir"
    return 77
  fi
  # no TCP (listen_addresses empty), the socket in DIR, small and quick
  if ! pg_as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off \
          -c full_page_writes=off -c synchronous_commit=off -c max_connections=40 \
          -c shared_buffers=16MB" start >/dev/null 2>&1; then
    echo "pg.sh: the server did not start: $(tail -3 "$dir/server.log" 2>/dev/null)" >&2
    rm -rf "$dir"
    return 77
  fi
  echo "$dir"
}

pg_createdb() {
  local bin dir=$1 name=$2
  bin=$(pg_bin) || return 77
  "$bin/createdb" -h "$dir" -U eml "$name" || return 1
  echo "postgresql:///$name?host=$dir&user=eml"
}

pg_stop() {
  local bin dir=$1
  [ -n "$dir" ] && [ -d "$dir/data" ] || return 0
  bin=$(pg_bin) && pg_as "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1
  rm -rf "$dir"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  case "${1:-}" in
  start) pg_start ;;
  createdb) pg_createdb "${2:?DIR}" "${3:?NAME}" ;;
  stop) pg_stop "${2:?DIR}" ;;
  *) echo "usage: pg.sh start | createdb DIR NAME | stop DIR" >&2; exit 2 ;;
  esac
fi
