#!/usr/bin/env bash
# test_imaging_report.sh — the reports of `eml imaging compute` and
# `eml imaging machine` on the hand-made campaign tests/data/imaging/dst_week
# (its values are derived by hand in tests/unit/test_imaging_fixtures.c)
# equal the reviewed golden files beside it; the cap on printed bad rows.
# Regenerate the golden files with: UPDATE=1 EML=build/eml EML_SOURCE_DIR=. bash $0
set -u
data="$EML_SOURCE_DIR/tests/data/imaging/dst_week"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
golden() { # name command...
  local name=$1; shift
  (cd "$data" && "$@") >"$tmp/$name.out" 2>"$tmp/$name.err"
  local rc=$?
  { echo "exit $rc"; echo "stderr:"; cat "$tmp/$name.err"; } >>"$tmp/$name.out"
  if [ "${UPDATE:-}" = 1 ]; then cp "$tmp/$name.out" "$data/expected_$name.txt"; return; fi
  if diff -u "$data/expected_$name.txt" "$tmp/$name.out"; then echo "ok: $name"; else echo "FAIL: $name"; fail=1; fi
}
# The sheet's activity table (machine_tdm1), by hand from the exams of
# test_imaging_fixtures.c: lun. 08 h E1 ∪ E2 = 08:10-08:45, 35/60 = 58 %;
# 11 h E3 10/60 = 17 %; 12 h E3 20 + E4 15 = 58 %; 15 h E6 50 %; 19 h E7
# 33 %; 23 h E8 33 %; mar. 02 h E9 33 %; dim. 28/03 (23 hours): 01 h E10
# 01:50-02:00 = 17 %, 02 h empty (no such hour), 03 h E10 03:00-03:10 + E11
# 03:30-03:50 = 50 %; every other hour 0 %.
inputs=(--equipment equipment.csv --sessions sessions.csv --exams exams.csv --from 2010-03-22 --to 2010-03-29)
golden compute "$EML" imaging compute "${inputs[@]}"
# `imaging report` is the documented name of the same summary
(cd "$data" && "$EML" imaging report "${inputs[@]}") >"$tmp/report.out" 2>/dev/null
(cd "$data" && "$EML" imaging compute "${inputs[@]}") >"$tmp/compute.out" 2>/dev/null
if [ -s "$tmp/report.out" ] && cmp -s "$tmp/report.out" "$tmp/compute.out"; then echo "ok: report = compute"
else echo "FAIL: imaging report differs from imaging compute"; fail=1; fi
golden machine_tdm1 "$EML" imaging machine TDM1 "${inputs[@]}"
golden machine_unknown "$EML" imaging machine RX1 "${inputs[@]}"

# more than 20 bad rows: 20 printed, then a count
{ echo "exam_id,equipment_id,start,end,patient_class"
  for i in $(seq 1 25); do echo "B$i,TDM1,2010-03-22T08:00:00,2010-03-22T08:00:00,A"; done; } >"$tmp/bad.csv"
(cd "$data" && "$EML" imaging compute --equipment equipment.csv --sessions sessions.csv --exams "$tmp/bad.csv") 2>"$tmp/bad.err" >/dev/null
[ "$(grep -c "colonne end : la fin (end) n'est pas après le début (start)" "$tmp/bad.err")" = 20 ] &&
  grep -q '^eml: ... et 5 mauvaises lignes de plus$' "$tmp/bad.err" &&
  grep -q "^eml: 25 mauvaises lignes : rien n'est calculé" "$tmp/bad.err" && echo "ok: printed cap" ||
  { echo "FAIL: printed cap"; cat "$tmp/bad.err"; fail=1; }
exit $fail
