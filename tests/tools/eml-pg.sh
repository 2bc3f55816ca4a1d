#!/usr/bin/env bash
# eml-pg.sh — eml with every SQLite store path turned into a PostgreSQL
# database of the test's own server (tests/tools/with-pg.sh sets
# EML_PG_DIR and EML_REAL): how the store-touching CLI tests run unchanged
# against the PostgreSQL backend (docs/store.md).
#
# Model: `--db PATH` becomes postgresql:///eml_<md5 of PATH's absolute
# path>?host=DIR&user=eml. The file PATH stays the marker of the store's
# existence, as for SQLite: `eml init` on a missing PATH drops and creates
# the database then creates the file (empty), so that a test's `rm -f t.db;
# eml init` gives a fresh store; a command on a missing PATH gets a database
# that does not exist. What eml prints has the URI turned back into PATH,
# so that the test's expected lines hold. A --db option given as a URI is
# left as it is.
set -u
real=${EML_REAL:?EML_REAL must name the eml binary}
dir=${EML_PG_DIR:?EML_PG_DIR must name the server directory (with-pg.sh)}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | head -1)
[ -n "$bin" ] || bin=$(dirname "$(command -v psql)")

args=() paths=() uris=() init=0
[ "${1:-}" = init ] && init=1
while [ $# -gt 0 ]; do
  a=$1
  shift
  val= opt=
  case "$a" in
  --db=*) opt=--db= val=${a#--db=} ;;
  --db) opt=--db; val=${1-}; [ $# -gt 0 ] && shift ;;
  *) args+=("$a"); continue ;;
  esac
  case "$val" in
  postgresql://* | postgres://* | "") uri=$val ;;
  *)
    abs=$(realpath -m -- "$val")
    uri=$(EML_TEST_DB=pg EML_PG_DIR=$dir bash "${BASH_SOURCE[0]%/*}/store-sql.sh" --uri "$val")
    name=${uri#postgresql:///} name=${name%%\?*}
    if [ "$init" -eq 1 ] && [ ! -e "$abs" ]; then
      "$bin/dropdb" -h "$dir" -U eml --if-exists "$name" 2>/dev/null
      "$bin/createdb" -h "$dir" -U eml "$name" && : >"$abs"
    fi
    paths+=("$val") uris+=("$uri")
    ;;
  esac
  if [ "$opt" = --db= ]; then args+=("--db=$uri"); else args+=(--db "$uri"); fi
done

[ ${#uris[@]} -eq 0 ] && exec "$real" "${args[@]}"
tmp=$(mktemp -d)
"$real" "${args[@]}" >"$tmp/out" 2>"$tmp/err"
rc=$?
# the URI back into the path the test gave (bytes, so binary output is kept)
for i in "${!uris[@]}"; do
  U=${uris[$i]} P=${paths[$i]} perl -pi -e 's/\Q$ENV{U}\E/$ENV{P}/g' "$tmp/out" "$tmp/err"
done
cat "$tmp/out"
cat "$tmp/err" >&2
rm -rf "$tmp"
exit "$rc"
