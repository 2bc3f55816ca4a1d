#!/usr/bin/env bash
# test_store_busy.sh — SQLite keeps one writer at a time (issue 16, item 2):
# while another process holds the write lock of t.db (sqlite3, BEGIN
# IMMEDIATE for 8 s), an import waits the busy timeout (5 s) then fails
# with "store busy" naming the store, loads nothing, and exits 3; once the
# lock is gone the same import goes through.
source "${0%/*}/lib.sh"
command -v sqlite3 >/dev/null || { echo "SKIP: sqlite3 not found"; exit 77; }
new_store
(echo "BEGIN IMMEDIATE;"; sleep 8; echo "COMMIT;") | sqlite3 t.db &
holder=$!
sleep 1
t0=$(date +%s)
run import sites "$src/data/idf-2017/sites.csv" --db t.db
waited=$(( $(date +%s) - t0 ))
expect_status 3 "import while another writer holds the store"
expect_line err "eml: t.db: début de la transaction impossible : stockage occupé : un autre programme y écrit (attendu 5 s) ; réessayer quand il aura fini"
checks=$((checks + 1))
[ "$waited" -ge 4 ] || fail "gave up after $waited s, not the 5 s busy timeout"
expect_query "SELECT count(*) FROM site" 0
wait "$holder"
run import sites "$src/data/idf-2017/sites.csv" --db t.db
expect_status 0 "import once the other writer is done"
expect_query "SELECT count(*) FROM site" 204
finish
