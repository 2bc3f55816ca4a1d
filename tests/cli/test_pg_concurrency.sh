#!/usr/bin/env bash
# test_pg_concurrency.sh — concurrency on PostgreSQL (issue 16 item 2): two
# imports at once both land or one waits, never a half state, and the audit
# log keeps both; a balance read during an import is the balance before it
# or after it, never between. Each part runs ROUNDS times (EML_PG_REPEAT,
# default 5: a round of the three parts takes about 10 s on the loaded test
# machine; the acceptance's "50 times in a row" is EML_PG_REPEAT=50, run
# and recorded in docs/store.md), on a fresh copy of one
# store (createdb -T) holding the demo register (idf-2017: 204 sites, 523
# devices, 4 imports in the audit log):
#  1. same kind: two `eml import sites` of 150 new sites each at once: both
#     exit 0, 204 + 150 + 150 = 504 sites, 6 imports and 300 site inserts
#     in the audit log;
#  2. different kinds: `eml import sites` (150 new sites), `eml import
#     equipment` (150 new devices on the demo's sites) and `eml imaging
#     import` (the DST fixture: 13 exams) at once: all exit 0, 354 sites,
#     811 devices, 1 campaign of 13 exams, 7 imports logged;
#  3. a reader: `eml bilan` in a loop while `eml import equipment` of the
#     150 devices runs: every output is the balance before the import or
#     the one after it (both computed once, alone).
# The writers wait for each other on the store's advisory lock (pg.c,
# docs/store.md); the readers read in one REPEATABLE READ snapshot. The
# test requires the imports of parts 1 and 2 to have overlapped in time in
# at least one round, and part 3 to have read during an import, else it
# proved nothing. Skipped (77) when no server can start.
source "${0%/*}/lib.sh"
. "$src/tests/tools/pg.sh"
pgdir=$(pg_start) || { echo "SKIP: no PostgreSQL server here"; exit 77; }
trap 'pg_stop "$pgdir"; rm -rf "$work"' EXIT
rounds=${EML_PG_REPEAT:-5}
bin=$(pg_bin)
d17=$src/data/idf-2017 fx=$src/tests/data/imaging/dst_week
sql() { "$bin/psql" -X -q -At -F '|' "$1" -c "$2"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# sites.csv FIRST COUNT: COUNT new sites of département 75, numbered from
# FIRST + 1, their FINESS keys valid (gen_sites.awk's Luhn key)
gen_sites() {
  awk -v o="$1" -v n="$2" 'BEGIN { print "finess,name,territory,legal_status"
    for (i = o + 1; i <= o + n; i++) {
      d = sprintf("75%06d", i); s = 0
      for (p = 1; p <= 8; p++) { x = substr(d, p, 1) + 0; if (p % 2 == 0) { x *= 2; if (x > 9) x -= 9 }; s += x }
      printf "%s%d,Site %d,75,CH\n", d, (10 - s % 10) % 10, i } }'
}
gen_sites 0 150 >a.csv
gen_sites 150 150 >b.csv
gen_sites 300 150 >c.csv
# 150 new CT and MRI devices spread over the demo's first 30 sites
awk -F, 'NR > 1 && NR <= 31 { site[n++] = $1 }
  END { print "equipment_id,finess,modality,interventional,authorized_from,authorized_until,installed_on"
        for (i = 0; i < 150; i++)
          printf "TST-%04d,%s,%s,0,2015-01-01,,2015-06-01\n", i, site[i % n], i % 2 ? "MRI" : "CT" }' \
  "$d17/sites.csv" >dev.csv

# the template: the demo register, stored once
base=$(pg_createdb "$pgdir" base) || { fail "createdb base"; finish; }
"$eml" init --db "$base" >/dev/null || fail "init"
load_files "$base" "$d17" sites equipment targets notes
checks=$((checks + 1))
[ "$(sql "$base" "SELECT count(*) FROM site; SELECT count(*) FROM equipment")" = "204
661" ] || fail "the demo register is not 204 sites and 661 devices"
# fresh NAME: a copy of the template, its URI
fresh() {
  "$bin/dropdb" -h "$pgdir" -U eml --if-exists "$1" 2>/dev/null
  "$bin/createdb" -h "$pgdir" -U eml -T base "$1" || return 1
  echo "postgresql:///$1?host=$pgdir&user=eml"
}
# at_once NAME CMD...: runs CMD (an eml command line) in the background,
# its status into NAME.rc, its start and end times (ms) into NAME.t
at_once() {
  local name=$1
  shift
  { t0=$(now_ms); "$eml" "$@" >"$name.out" 2>&1; echo $? >"$name.rc"; echo "$t0 $(now_ms)" >"$name.t"; } &
}
# overlapped A B: the runs A and B were running at the same moment
overlapped() {
  local s1 e1 s2 e2
  read -r s1 e1 <"$1.t" && read -r s2 e2 <"$2.t" && [ "$s2" -lt "$e1" ] && [ "$s1" -lt "$e2" ]
}
# landed ROUND NAME...: each run NAME exited 0
landed() {
  local round=$1 n
  shift
  for n in "$@"; do
    checks=$((checks + 1))
    [ "$(cat "$n.rc")" = 0 ] || fail "round $round: $n exited $(cat "$n.rc"): $(cat "$n.out")"
  done
}

# state ROUND PART DB SQL EXPECTED: the rows of SQL on DB, joined by
# spaces, are EXPECTED
state() {
  local got
  got=$(sql "$3" "$4" | tr '\n' ' ')
  checks=$((checks + 1))
  [ "$got" = "$5 " ] || fail "round $1 ($2): $got, expected $5"
}
# expect_overlaps PART COUNT: the runs overlapped in COUNT rounds, at least one
expect_overlaps() {
  echo "$1: $rounds rounds, the imports overlapped in $2"
  checks=$((checks + 1))
  [ "$2" -ge 1 ] || fail "$1: the imports never ran at the same time: the test proved nothing"
}

# 1. same kind
overlaps=0
for round in $(seq 1 "$rounds"); do
  db=$(fresh same) || { fail "round $round: createdb"; break; }
  at_once a import sites a.csv --db "$db"
  at_once b import sites b.csv --db "$db"
  wait
  landed "$round" a b
  overlapped a b && overlaps=$((overlaps + 1))
  # sites, imports logged, site inserts logged, the two imports logged
  state "$round" "same kind" "$db" "SELECT count(*) FROM site;
    SELECT count(*) FROM audit WHERE action = 'import';
    SELECT count(*) FROM audit WHERE action = 'insert' AND entity = 'sites' AND key LIKE '75000%';
    SELECT count(*) FROM audit WHERE action = 'import' AND key IN ('a.csv', 'b.csv')" "504 6 300 2"
done
expect_overlaps "same kind" "$overlaps"

# 2. different kinds
overlaps=0
for round in $(seq 1 "$rounds"); do
  db=$(fresh kinds) || { fail "round $round: createdb"; break; }
  at_once s import sites c.csv --db "$db"
  at_once e import equipment dev.csv --db "$db"
  at_once i imaging import --campaign dst --db "$db" --equipment "$fx/equipment.csv" \
    --sessions "$fx/sessions.csv" --exams "$fx/exams.csv"
  wait
  landed "$round" s e i
  { overlapped s e || overlapped s i || overlapped e i; } && overlaps=$((overlaps + 1))
  # sites, devices, campaigns, exams, imports logged
  state "$round" "different kinds" "$db" "SELECT count(*) FROM site;
    SELECT count(*) FROM equipment; SELECT count(*) FROM imaging_campaign;
    SELECT coalesce(sum(n), 0) FROM imaging_block WHERE kind = 2;
    SELECT count(*) FROM audit WHERE action = 'import'" \
    "354 811 1 13 7"
done
expect_overlaps "different kinds" "$overlaps"

# 3. a balance read during an import
bilan() { "$eml" bilan --db "$1" --at 2017-10-01 --period SROS3-PRS --format csv; }
db=$(fresh ref)
bilan "$db" >before.csv 2>&1 || fail "the balance before"
"$eml" import equipment dev.csv --db "$db" >/dev/null 2>&1 || fail "the import alone"
bilan "$db" >after.csv 2>&1 || fail "the balance after"
checks=$((checks + 1))
cmp -s before.csv after.csv && fail "the import does not change the balance: the test proves nothing"
during=0 saw_before=0 saw_after=0
for round in $(seq 1 "$rounds"); do
  db=$(fresh reader) || { fail "round $round: createdb"; break; }
  at_once w import equipment dev.csv --db "$db"
  writer=$!
  while [ ! -e w.t ]; do
    bilan "$db" >read.csv 2>&1
    running=0
    [ -e w.t ] || running=1 # still running when the read ended: it was read during the import
    checks=$((checks + 1))
    if cmp -s read.csv before.csv; then
      saw_before=$((saw_before + 1))
    elif cmp -s read.csv after.csv; then
      saw_after=$((saw_after + 1))
    else
      fail "round $round: a balance neither before nor after the import: $(diff before.csv read.csv | head -5)"
    fi
    during=$((during + running))
  done
  wait "$writer"
  landed "$round" w
  rm -f w.t
done
echo "reader: $rounds rounds, $during reads during an import ($saw_before before, $saw_after after)"
checks=$((checks + 1))
[ "$during" -ge 1 ] || fail "reader: no balance was read during an import: the test proved nothing"
finish
