#!/usr/bin/env bash
# test_pg_same.sh — the acceptance of issue 16: the same commands on a
# SQLite store and on a PostgreSQL store (a private server, tests/tools/
# pg.sh) give byte-identical outputs: the demo's six balances (idf-2017,
# SROS3-PRS at 2017-10-01, text and CSV), the requests, a scenario (plan
# scenario, CSV), the need (plan need, ratio), the conversion to the 2023
# regime (dry run), the register edited by hand (register amend-target,
# amend-site) and the balance after, the 2023 balance (idf-2025, PRS-2023
# at 2025-06-30), the imaging summary, report, capacity, campaign list and a
# machine sheet from a stored campaign (the DST fixture), the radiotherapy
# report, activity and checks from the stored annex data set, the audit
# log (times left out: the servers' clocks); and the FINESS imports of
# region 11 (issue 17: checked first, then written; the same extraction
# twice, a geolocalisation line alone), their counts and the balance after
# them. The other commands that touch a store run against PostgreSQL as
# the pg/NAME ctests (tests/CMakeLists.txt, docs/store.md).
# Skipped (77) when no server can start.
source "${0%/*}/lib.sh"
. "$src/tests/tools/pg.sh"
pgdir=$(pg_start) || { echo "SKIP: no PostgreSQL server here"; exit 77; }
trap 'pg_stop "$pgdir"; rm -rf "$work"' EXIT
export EML_PSEUDONYM_KEY=$(cat "$src/tests/data/rt/test_key.hex")
d17=$src/data/idf-2017 d25=$src/data/idf-2025 fx=$src/tests/data/imaging/dst_week

# fill DB OUTDIR: the stores' contents, then the commands' outputs in OUTDIR
fill() {
  local db=$1 o=$2 k
  mkdir -p "$o"
  "$eml" init --db "$db" >/dev/null || fail "init $db"
  for k in sites equipment targets notes; do
    "$eml" import "$k" "$d17/$k.csv" --db "$db" >/dev/null || fail "import $k into $db"
  done
  "$eml" bilan --db "$db" --at 2017-10-01 --period SROS3-PRS >"$o/bilan.txt" 2>&1
  "$eml" bilan --db "$db" --at 2017-10-01 --period SROS3-PRS --format csv >"$o/bilan.csv" 2>&1
  "$eml" requests --db "$db" --at 2017-10-01 --period SROS3-PRS "$d17/requests.csv" \
    >"$o/requests.txt" 2>&1
  "$eml" plan scenario --db "$db" --at 2017-10-01 --period SROS3-PRS \
    --requests "$d17/requests.csv" --format csv "$src/tests/data/plan/scenario/grant.txt" \
    >"$o/scenario.csv" 2>&1
  "$eml" plan need --db "$db" --period SROS3-PRS --at 2017-10-01 --year 2021 --method ratio \
    --per-100k 1.5 --population "$src/data/population/departements-2021.csv" >"$o/need.txt" 2>&1
  "$eml" regime convert --db "$db" --at 2017-10-01 --dry-run >"$o/convert.txt" 2>&1
  # the register edited by hand (issue 16 item 1: amend-target was SQLite's
  # only), then the balance after the edits
  "$eml" register amend-target SROS3-PRS 75 CT devices --high 70 --low 60 --db "$db" \
    >"$o/edits.txt" 2>&1 || fail "amend-target on $db"
  "$eml" register amend-site 759900012 --name "Site B bis" --db "$db" >>"$o/edits.txt" 2>&1 ||
    fail "amend-site on $db"
  "$eml" bilan --db "$db" --at 2017-10-01 --period SROS3-PRS --modality CT \
    >"$o/bilan-edited.txt" 2>&1
  for k in sites authorisations devices conventions windows targets; do
    "$eml" import "$k" "$d25/$k.csv" --db "$db" >/dev/null 2>&1 || fail "import 2025 $k into $db"
  done
  "$eml" bilan --db "$db" --at 2025-06-30 --period PRS-2023 >"$o/bilan23.txt" 2>&1
  "$eml" imaging import --campaign dst --db "$db" --equipment "$fx/equipment.csv" \
    --sessions "$fx/sessions.csv" --exams "$fx/exams.csv" >/dev/null 2>&1 || fail "imaging import $db"
  "$eml" imaging compute --campaign dst --db "$db" >"$o/imaging.txt" 2>&1
  "$eml" imaging report --campaign dst --db "$db" >"$o/imaging-report.txt" 2>&1
  "$eml" imaging capacity --campaign dst --db "$db" >"$o/capacity.txt" 2>&1
  # the campaigns' list without its import time (the server's clock)
  "$eml" imaging campaigns --db "$db" 2>&1 | sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z/TIME/g' \
    >"$o/campaigns.txt"
  local id
  id=$(awk -F, 'NR == 2 { print $1 }' "$fx/equipment.csv")
  "$eml" imaging machine "$id" --campaign dst --db "$db" >"$o/machine.txt" 2>&1
  "$eml" rt import --dir "$src/tests/data/rt/annex" --db "$db" >/dev/null 2>&1 || fail "rt import $db"
  "$eml" rt report --year 2024 --db "$db" >"$o/rt.txt" 2>&1
  "$eml" rt activity --year 2024 --db "$db" >"$o/rt-activity.txt" 2>&1
  "$eml" rt check --year 2024 --db "$db" >"$o/rt-check.txt" 2>&1
  # the audit log without its times
  "$eml" log --db "$db" --limit 0 2>&1 | sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z/TIME/g' \
    >"$o/log.txt"
}

# fill_finess DB OUTDIR: the FINESS fixtures of 2023 then 2024 (region 11)
fill_finess() {
  local db=$1 o=$2 f=$src/tests/data/finess
  "$eml" init --db "$db" >/dev/null || fail "init $db"
  "$eml" import targets "$f/targets.csv" --db "$db" >/dev/null || fail "targets into $db"
  "$eml" import finess --db "$db" --region 11 --establishments "$f/etab-2023.csv" \
    --equipment "$f/equip-2023.xml" --rejects "$o/rej.csv" 2>&1 | sed "s|$o/||g" >"$o/finess.txt"
  for i in 1 2; do
    "$eml" import finess --db "$db" --region 11 --establishments "$f/etab-2024.csv" \
      --equipment "$f/equip-2024.xml" >>"$o/finess.txt" 2>&1
  done
  { head -1 "$f/etab-2024.csv"; echo "geolocalisation;750000010;1.5;2.5;TEST;2024-03-01"; } >"$o/geo.csv"
  "$eml" import finess --db "$db" --establishments "$o/geo.csv" 2>&1 | sed "s|$o/||g" >>"$o/finess.txt"
  "$eml" bilan --db "$db" --period P --at 2024-06-01 --format csv >"$o/finess-bilan.csv" 2>&1
}

fill "$work/s.db" "$work/sqlite"
fill "$(pg_createdb "$pgdir" same)" "$work/pg"
fill_finess "$work/f.db" "$work/sqlite"
fill_finess "$(pg_createdb "$pgdir" finess)" "$work/pg"
for f in bilan.txt bilan.csv requests.txt scenario.csv need.txt convert.txt edits.txt \
  bilan-edited.txt bilan23.txt imaging.txt imaging-report.txt capacity.txt campaigns.txt machine.txt rt.txt rt-activity.txt \
  rt-check.txt log.txt finess.txt finess-bilan.csv; do
  checks=$((checks + 1))
  [ -s "$work/sqlite/$f" ] || fail "$f: empty from SQLite"
  cmp -s "$work/sqlite/$f" "$work/pg/$f" ||
    fail "$f differs between SQLite and PostgreSQL: $(diff "$work/sqlite/$f" "$work/pg/$f" | head -5)"
done
# the bulk writes go by COPY in its text format (pg.c's eml_pg_copy): a
# centre's name with a tab, a backslash, a newline and a non-ASCII letter
# is stored byte for byte, as SQLite stores it
mkdir "$work/annexq"
cp "$src"/tests/data/rt/annex/rt_{machines,staff,courses,sessions}.csv "$work/annexq/"
{ head -1 "$src/tests/data/rt/annex/rt_centres.csv"
  printf '750100000,"Centre \303\251\tdes\\exemples\nsuite",75,non,,oui,oui,on_site,10.5,oui,non,non,non\n'
} >"$work/annexq/rt_centres.csv"
name_hex=$(printf 'Centre \303\251\tdes\\exemples\nsuite' | od -An -tx1 | tr -d ' \n')
qdb=$(pg_createdb "$pgdir" quoted)
for db in "$work/q.db" "$qdb"; do
  "$eml" init --db "$db" >/dev/null || fail "init $db"
  "$eml" rt import --dir "$work/annexq" --db "$db" >/dev/null 2>&1 || fail "rt import of the quoted name into $db"
done
checks=$((checks + 2))
got=$(sqlite3 "$work/q.db" "SELECT lower(hex(name)) FROM rt_centre")
[ "$got" = "$name_hex" ] || fail "SQLite stored the name as $got, expected $name_hex"
got=$("$(pg_bin)/psql" -X -At "$qdb" -c "SELECT encode(convert_to(name, 'UTF8'), 'hex') FROM rt_centre")
[ "$got" = "$name_hex" ] || fail "PostgreSQL (COPY) stored the name as $got, expected $name_hex"

# a real figure of each, that the outputs compared are the ones meant
expect_file_has() { checks=$((checks + 1)); grep -qF -- "$2" "$work/pg/$1" || fail "$1 lacks: $2"; }
# 75's CT devices: 66 in force (5 interventional), the bounds amended from
# 64-66 to 60-70: a gap of 66 - 70 = -4
expect_file_has bilan-edited.txt "75                       66 (5)       60 (5)       70 (5)               -4 (0)"
expect_file_has log.txt "amend  target      SROS3-PRS/75/CT/devices  avant={\"low\":64,\"high\":66,"
expect_file_has bilan23.txt "Autorisations en vigueur au 30/06/2025 : 345 sur 293 sites."
expect_file_has finess.txt "registre : sites nouveaux 0, mis à jour 0, avec coordonnées 1 ; appareils nouveaux 0, mis à jour 0, clos 0"
expect_file_has finess.txt "geo.csv: 1 ligne lue, 1 chargée, 0 ignorée, 0 rejetée"
finish
