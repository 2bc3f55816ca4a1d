#!/usr/bin/env bash
# store-sql.sh PATH SQL — the rows of a test's store, '|'-separated: the
# SQLite file PATH, or under EML_TEST_DB=pg (tests/tools/with-pg.sh) the
# PostgreSQL database that eml-pg.sh makes of PATH. For the tests that
# check the store with their own SQL, independently of eml (plain SQL that
# both dialects read).
# store-sql.sh --uri PATH — what --db PATH names: PATH itself, or under
# EML_TEST_DB=pg the URI postgresql:///eml_<md5 of PATH's absolute
# path>?host=DIR&user=eml (the one copy of that mapping).
set -u
uri_of() {
  local abs
  abs=$(realpath -m -- "$1")
  echo "postgresql:///eml_$(printf '%s' "$abs" | md5sum | cut -c1-20)?host=$EML_PG_DIR&user=eml"
}
if [ "$1" = --uri ]; then
  if [ "${EML_TEST_DB:-}" = pg ]; then uri_of "$2"; else echo "$2"; fi
  exit 0
fi
path=$1 sql=$2
[ "${EML_TEST_DB:-}" = pg ] && exec psql -X -q -At -F '|' "$(uri_of "$path")" -c "$sql"
exec sqlite3 -separator '|' "$path" "$sql"
