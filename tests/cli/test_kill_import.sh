#!/usr/bin/env bash
# test_kill_import.sh — crash safety of imports (issue 7): an import of
# 30,000 sites killed with SIGKILL at random points, twelve times, leaves
# the store either as before (3 sites, 1 import in the audit log) or fully
# loaded (30,003 sites, 2 imports), never in between, and `PRAGMA
# integrity_check` answers ok. The same for the one-transaction imports of
# issue 17: `eml rt import` of a generated year over the annex examples
# (the annex's 12 passages or the year's, never a mix), and `eml imaging
# import` of a second campaign (the first alone, or both whole). The rollback journal of SQLite does the
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
# timed twice as the rounds run it, the shorter kept: one slow run (a loaded
# machine, a server warming up: 62 s once against seconds after) put every
# kill after the end of the imports
import_ms=
for timing in 1 2; do
  new_store
  "$eml" import sites before.csv --db t.db >/dev/null || fail "timing $timing: first import"
  t0=$(date +%s%N)
  "${EML_REAL:-$eml}" import sites big.csv --db "$(bash "$src/tests/tools/store-sql.sh" --uri t.db)" \
    >/dev/null || fail "the timed import"
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  [ -z "$import_ms" ] || [ "$ms" -lt "$import_ms" ] && import_ms=$ms
done
[ "$import_ms" -ge 1 ] || import_ms=1

rounds=12
[ "${EML_TEST_DB:-}" = pg ] && rounds=4 # an import takes seconds there, not a tenth
# when no kill lands while an import runs (the timed import was slower than
# the rounds': PostgreSQL's first import into fresh tables, a loaded
# machine), the window shrinks to a quarter and the rounds run again
for attempt in 1 2 3 4; do
  killed_running=0 complete=0 untouched=0
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
  [ "$killed_running" -ge 1 ] && [ "$untouched" -ge 1 ] && break
  import_ms=$((import_ms / 4 + 1))
done
echo "import ${import_ms} ms; kills: $killed_running while running; stores untouched $untouched, complete $complete"
checks=$((checks + 1))
[ "$killed_running" -ge 1 ] && [ "$untouched" -ge 1 ] ||
  fail "no kill landed during an import: the test proved nothing"

# kill_rounds NAME BEFORE IMPORT STATE UNTOUCHED COMPLETE: BEFORE and
# IMPORT are commands on t.db, STATE the query of the store's state; twelve
# rounds of BEFORE then IMPORT killed at a random point within 1.5 times its
# duration leave STATE at UNTOUCHED or COMPLETE and the store intact
kill_rounds() {
  if [ "${EML_TEST_DB:-sqlite}" = pg ]; then
    # these rounds read the SQLite file (integrity_check, its state): under
    # PostgreSQL the kill test is the register's rounds above
    echo "$1: SQLite rounds only (EML_TEST_DB=pg)"
    return 0
  fi
  local name=$1 before=$2 import=$3 state=$4 untouched_state=$5 complete_state=$6
  new_store
  eval "$before" >/dev/null 2>&1 || fail "$name: the first import"
  local t0 ms
  t0=$(date +%s%N)
  eval "$import" >/dev/null 2>&1 || fail "$name: the timed import"
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  [ "$ms" -ge 1 ] || ms=1
  [ "$(sqlite3 t.db "$state")" = "$complete_state" ] || fail "$name: complete state '$(sqlite3 t.db "$state")'"
  local killed=0 whole=0 none=0 at_ms pid now
  for round in $(seq 1 12); do
    new_store
    eval "$before" >/dev/null 2>&1 || fail "$name round $round: first import"
    eval "exec $import" >/dev/null 2>&1 &  # exec: the pid is eml's
    pid=$!
    at_ms=$(( (RANDOM * 32768 + RANDOM) % (ms * 15 / 10 + 1) ))
    sleep "$((at_ms / 1000)).$(printf '%03d' $((at_ms % 1000)))"
    if kill -KILL "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
    wait "$pid" 2>/dev/null
    checks=$((checks + 2))
    [ "$(sqlite3 t.db 'PRAGMA integrity_check')" = ok ] || fail "$name round $round: integrity_check"
    now=$(sqlite3 t.db "$state")
    case $now in
      "$untouched_state") none=$((none + 1)) ;;
      "$complete_state") whole=$((whole + 1)) ;;
      *) fail "$name round $round: half-loaded store: $now" ;;
    esac
  done
  echo "$name: import ${ms} ms; kills: $killed while running; stores untouched $none, complete $whole"
  checks=$((checks + 1))
  [ "$killed" -ge 1 ] && [ "$none" -ge 1 ] || fail "$name: no kill landed during an import"
}

# radiotherapy: the annex (1 centre, 11 courses, 12 passages), then a
# generated year of 3 centres replacing it
export EML_PSEUDONYM_KEY=$(cat "$src/tests/data/rt/test_key.hex")
"$eml" generate radiotherapy --centres 3 --year 2024 --seed 11 --out rtgen >/dev/null ||
  fail "eml generate radiotherapy"
rt_passages=$(($(wc -l <rtgen/rt_sessions.csv) - 1))
rt_state="SELECT (SELECT count(*) FROM rt_centre) || ' ' || (SELECT coalesce(sum(passages), 0) FROM rt_passages)
  || ' ' || (SELECT count(*) FROM audit WHERE action = 'import' AND entity = 'radiotherapy')"
kill_rounds rt "\"\$eml\" rt import --dir \"$src/tests/data/rt/annex\" --db t.db" \
  "\"\$eml\" rt import --dir rtgen --db t.db" "$rt_state" "1 12 1" "3 $rt_passages 2"

# imaging: campaign a (20 machines, 7 days), then campaign b (200, 28 days)
"$eml" generate imaging --ct 10 --mri 10 --days 7 --out imga >/dev/null || fail "generate imaging a"
"$eml" generate imaging --ct 100 --mri 100 --out imgb >/dev/null || fail "generate imaging b"
files() { echo "--equipment $1/equipment.csv --sessions $1/sessions.csv --exams $1/exams.csv"; }
exams_a=$(($(wc -l <imga/exams.csv) - 1)) exams_b=$(($(wc -l <imgb/exams.csv) - 1))
img_state="SELECT group_concat(name || ':' || (SELECT coalesce(sum(n), 0) FROM imaging_block e
  WHERE e.campaign = c.id AND e.kind = 2), ' ') FROM (SELECT * FROM imaging_campaign ORDER BY name) c"
kill_rounds imaging "\"\$eml\" imaging import --campaign a --db t.db $(files imga) --rejects rej.csv" \
  "\"\$eml\" imaging import --campaign b --db t.db $(files imgb) --rejects rej.csv" "$img_state" \
  "a:$exams_a" "a:$exams_a b:$exams_b"

# after all that, the last store still takes the import and answers
if [ "$(sql 'SELECT count(*) FROM site')" = 3 ]; then
  run import sites big.csv --db t.db
  expect_status 0 "import after a kill"
  expect_line out "big.csv: 30000 lignes lues, 30000 chargées, 0 rejetée"
fi
run log --db t.db --limit 1
expect_status 0 "log after kills"
finish
