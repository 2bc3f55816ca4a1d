#!/usr/bin/env bash
# test_kill_import.sh — crash safety of imports (issue 7): an import of
# 30,000 sites killed with SIGKILL at random points, twelve times, leaves
# the store either as before (3 sites, 1 import in the audit log) or fully
# loaded (30,003 sites, 2 imports), never in between, and `PRAGMA
# integrity_check` answers ok. The rollback journal of SQLite does the
# work: the import is one transaction (eml/import.h). The test requires at
# least one kill to land while the import was running, else it proves
# nothing and fails.
# Under EML_TEST_DB=pg (tests/tools/with-pg.sh, issue 16) the same rounds
# run against PostgreSQL: the killed client's transaction is rolled back by
# the server; the program killed is eml itself (EML_REAL), not the wrapper.
source "${0%/*}/lib.sh"
sql() { bash "$src/tests/tools/store-sql.sh" t.db "$1"; }
awk -v n=30000 -f "$src/tests/cli/gen_sites.awk" >big.csv
printf 'finess,name,territory,legal_status\n780000014,Site C,78,LIBERAL\n780000022,Site D,78,CH\n780000030,Site E,78,CH\n' >before.csv

# how long the import takes here (a tenth of a second on an idle machine,
# seconds on a loaded one): the kills land at random points within it, so
# that some do land while it runs whatever the machine's speed (a fixed 0-1.5 s
# window missed every time once the machine was idle)
new_store
t0=$(date +%s%N)
"$eml" import sites big.csv --db t.db >/dev/null || fail "the timed import"
import_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$import_ms" -ge 1 ] || import_ms=1

killed_running=0 complete=0 untouched=0
rounds=12
[ "${EML_TEST_DB:-}" = pg ] && rounds=4 # an import takes seconds there, not a tenth
for round in $(seq 1 "$rounds"); do
  new_store
  "$eml" import sites before.csv --db t.db >/dev/null || fail "round $round: first import"
  "${EML_REAL:-$eml}" import sites big.csv --db "$(bash "$src/tests/tools/store-sql.sh" --uri t.db)" \
    >/dev/null 2>&1 &
  pid=$!
  # a random point from 0 to 1.5 times the timed import (some land after it)
  at_ms=$(( (RANDOM * 32768 + RANDOM) % (import_ms * 15 / 10 + 1) ))
  sleep "$((at_ms / 1000)).$(printf '%03d' $((at_ms % 1000)))"
  if kill -KILL "$pid" 2>/dev/null; then killed_running=$((killed_running + 1)); fi
  wait "$pid" 2>/dev/null
  sites=$(sql 'SELECT count(*) FROM site')
  imports=$(sql "SELECT count(*) FROM audit WHERE action = 'import'")
  inserts=$(sql "SELECT count(*) FROM audit WHERE action = 'insert'")
  integrity=ok # PostgreSQL: the server's own business
  [ "${EML_TEST_DB:-}" = pg ] || integrity=$(sql 'PRAGMA integrity_check')
  checks=$((checks + 2))
  [ "$integrity" = ok ] || fail "round $round: integrity_check says $integrity"
  case "$sites/$imports/$inserts" in
    3/1/3) untouched=$((untouched + 1)) ;;
    30003/2/30003) complete=$((complete + 1)) ;;
    *) fail "round $round: half-loaded store: $sites sites, $imports imports, $inserts inserts logged" ;;
  esac
done
echo "import ${import_ms} ms; kills: $killed_running while running; stores untouched $untouched, complete $complete"
checks=$((checks + 1))
[ "$killed_running" -ge 1 ] && [ "$untouched" -ge 1 ] ||
  fail "no kill landed during an import: the test proved nothing"

# after all that, the last store still takes the import and answers
if [ "$(sql 'SELECT count(*) FROM site')" = 3 ]; then
  run import sites big.csv --db t.db
  expect_status 0 "import after a kill"
  expect_line out "big.csv: read 30000, loaded 30000, rejected 0"
fi
run log --db t.db --limit 1
expect_status 0 "log after kills"
finish
