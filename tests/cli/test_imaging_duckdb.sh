#!/usr/bin/env bash
# test_imaging_duckdb.sh — eml imaging compute equals the DuckDB reference
# (bench/duckdb/imaging.sql.tmpl: this repository's copy of
# shared/bench/duckdb's, with open_prog_emergency_h added, issue 14 item 4)
# on campaigns of the benchmark's
# generator (shared/bench/gen_imaging.c): every number of machines.csv and
# panel.csv to a relative difference of 1e-9 (tests/cli/imaging_compare.awk).
# Campaigns (generator seed 7 unless said): 40 machines x 28 days from
# 2010-02-01; 40 x 28 from 2010-03-15 (holds the March change, 2010-03-28);
# 30 x 14 from 2010-10-24 (holds the October change); 300 x 7 from
# 2010-10-28, seed 1 (issue 17): the generator writes the repeated hour's
# times as local times, so 5 exams there end "before" they start; both eml
# and the reference read their start as its first occurrence (spec README),
# so they are kept — none rejected, no --rejects — and counted by eml as
# "Heures ambiguës résolues" (the count checked against an awk count of the
# file and against 5). Each campaign is also read in ';' with decimal
# commas (the generic CSV reader).
# On the first campaign the shared reference runs too: the copy's results
# equal the shared one's for every column and row the shared one has (the
# copy only adds).
# Without node/npm, network or shared/bench, prints SKIP and exits 77 (CTest:
# skipped, not passed).
set -u
here=$(cd "$(dirname "$0")" && pwd)
bench="$EML_SHARED_DIR/bench"
work="$(dirname "$EML")/imaging-duckdb"
mkdir -p "$work"
skip() { echo "SKIP: $*"; exit 77; }
command -v node >/dev/null && command -v npm >/dev/null || skip "node or npm missing"
command -v cc >/dev/null || skip "no C compiler for gen_imaging.c"
[ -f "$bench/gen_imaging.c" ] && [ -d "$bench/duckdb" ] || skip "no $bench (the shared benchmark)"
# the reference runs from a copy (the sources are read-only) with its own
# node_modules; the shared one from shared/ beside it, same node_modules
ours="$EML_SOURCE_DIR/bench/duckdb"
cp "$ours/imaging.mjs" "$ours/imaging.sql.tmpl" "$ours/package.json" "$ours/package-lock.json" "$work/"
mkdir -p "$work/shared_ref"
cp "$bench/duckdb/imaging.mjs" "$bench/duckdb/imaging.sql.tmpl" "$work/shared_ref/"
ln -sfn ../node_modules "$work/shared_ref/node_modules"
if [ ! -d "$work/node_modules/@duckdb/node-api" ]; then
  (cd "$work" && npm install --no-audit --no-fund >npm.log 2>&1) ||
    skip "npm install of @duckdb/node-api failed (see $work/npm.log)"
fi
cc -O2 -o "$work/gen_imaging" "$bench/gen_imaging.c" -lm || { echo "FAIL: gen_imaging"; exit 1; }

fail=0
run_case() { # name machines days start from to [eml options...]; SEED (default 7)
  local name=$1 machines=$2 days=$3 start=$4 from=$5 to=$6; shift 6
  local d="$work/$name"
  rm -rf "$d"; mkdir -p "$d/ref" "$d/eml"
  "$work/gen_imaging" "$machines" "$days" "${SEED:-7}" "$d" "$start" 2>/dev/null
  node "$work/imaging.mjs" "$d" "$from" "$to" "$d/ref" 2 || { echo "FAIL: $name: DuckDB"; fail=1; return; }
  if [ -n "${SHARED:-}" ]; then # the shared reference: same results where it has them
    mkdir -p "$d/shared"
    node "$work/shared_ref/imaging.mjs" "$d" "$from" "$to" "$d/shared" 2 ||
      { echo "FAIL: $name: shared DuckDB"; fail=1; return; }
    awk -F, -v keys=equipment_id -f "$here/imaging_compare.awk" "$d/shared/machines.csv" "$d/ref/machines.csv" || fail=1
    awk -F, -v keys=modality,indicator -f "$here/imaging_compare.awk" "$d/shared/panel.csv" "$d/ref/panel.csv" || fail=1
    grep -q '^equipment_id,.*,included,open_prog_emergency_h$' "$d/ref/machines.csv" ||
      { echo "FAIL: $name: the copy's machines.csv lacks open_prog_emergency_h"; fail=1; }
  fi
  "$EML" imaging compute --equipment "$d/equipment.csv" --sessions "$d/sessions.csv" \
    --exams "$d/exams.csv" --from "$from" --to "$to" "$@" \
    --machines-csv "$d/eml/machines.csv" --panel-csv "$d/eml/panel.csv" >"$d/eml/stdout" 2>"$d/eml/stderr" ||
    { echo "FAIL: $name: eml exit $?"; cat "$d/eml/stderr"; fail=1; return; }
  awk -F, -v keys=equipment_id -f "$here/imaging_compare.awk" "$d/ref/machines.csv" "$d/eml/machines.csv" || fail=1
  awk -F, -v keys=modality,indicator -f "$here/imaging_compare.awk" "$d/ref/panel.csv" "$d/eml/panel.csv" || fail=1
  # the same exams in ';' with decimal commas go through the generic reader
  awk -F, -v OFS=';' '{ if (NR > 1) sub(/\./, ",", $6); $1 = $1; print }' "$d/exams.csv" >"$d/exams_semicolon.csv"
  "$EML" imaging compute --equipment "$d/equipment.csv" --sessions "$d/sessions.csv" \
    --exams "$d/exams_semicolon.csv" --from "$from" --to "$to" "$@" \
    --machines-csv "$d/eml/machines_sc.csv" --panel-csv "$d/eml/panel_sc.csv" >/dev/null 2>&1 ||
    { echo "FAIL: $name: eml on the ';' file"; fail=1; return; }
  cmp -s "$d/eml/machines.csv" "$d/eml/machines_sc.csv" && cmp -s "$d/eml/panel.csv" "$d/eml/panel_sc.csv" ||
    { echo "FAIL: $name: the fast and generic readers differ"; fail=1; }
  echo "ok: $name"
}
SHARED=1 run_case feb 40 28 2010-02-01 2010-02-01 2010-03-01
run_case march_dst 40 28 2010-03-15 2010-03-15 2010-04-12
run_case october_dst 30 14 2010-10-24 2010-10-24 2010-11-07
SEED=1 run_case october_kept 300 7 2010-10-28 2010-10-28 2010-11-04
# the exams kept by the October rule: start and end both in 02:00-02:59 of
# 31 October, the end not after the start (the text compares as the time)
d="$work/october_kept"
written=$(awk -F, 'NR > 1 && substr($3, 1, 14) == "2010-10-31T02:" &&
                   substr($4, 1, 14) == "2010-10-31T02:" && $4 <= $3' "$d/exams.csv" | wc -l)
# "Fichiers lus": file, read, loaded, rejected, skipped, ambiguous, skipped (March), resolved
counted=$(awk '$1 == "exams.csv" && NF == 8 { print $4, $8 }' "$d/eml/stdout")
[ "$written" -eq 5 ] && [ "$counted" = "0 5" ] ||
  { echo "FAIL: october_kept: $written such exams written, eml: rejected and resolved '$counted'"; fail=1; }
exit $fail
