#!/usr/bin/env bash
# test_imaging_errors.sh — bad rows of the imaging inputs (spec README "Bad
# input"): every bad row reported as FILE:LINE: colonne NAME : ... with exit
# status 1 and nothing computed by default; with --rejects FILE the good rows
# are used and the bad ones written verbatim with their reason, one rejects
# file per input (FILE rejects.csv: rejects.equipment.csv, ...); the fast
# exams reader (',' file) and the generic one (';' file) say the same; a
# missing file exits 3, a missing column 1, bad options 2.
# Expected outputs: tests/data/imaging/bad/expected_*.txt (reviewed by hand).
set -u
data="$EML_SOURCE_DIR/tests/data/imaging/bad"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # name expected actual
  if ! diff -u "$2" "$3"; then echo "FAIL: $1"; fail=1; else echo "ok: $1"; fi
}
cd "$data"
"$EML" imaging compute --equipment equipment.csv --sessions sessions.csv --exams exams.csv \
  >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] || { echo "FAIL: bad rows exit $rc, expected 1"; fail=1; }
[ -s "$tmp/out" ] && { echo "FAIL: a report was printed despite bad rows"; fail=1; }
check "all-or-nothing messages" expected_stderr.txt "$tmp/err"

"$EML" imaging compute --equipment equipment.csv --sessions sessions.csv --exams exams.csv \
  --rejects "$tmp/rejects.csv" --machines-csv "$tmp/m.csv" >/dev/null 2>"$tmp/err2"
rc=$?
[ $rc -eq 0 ] || { echo "FAIL: --rejects exit $rc, expected 0"; fail=1; }
for k in equipment sessions exams; do
  check "rejects file of $k.csv" "expected_rejects.$k.csv" "$tmp/rejects.$k.csv"
done
grep -q "^eml: 7 mauvaises lignes écrites dans $tmp/rejects.exams.csv\$" "$tmp/err2" ||
  { echo "FAIL: where the bad rows went"; fail=1; }
grep -q '^eml: exams.csv: 9 lignes lues, 2 chargées, 7 rejetées$' "$tmp/err2" || { echo "FAIL: summary"; fail=1; }
# kept on TDM1: S1 08:00-12:00, E1 08:10-08:30 A icr 10, E8 11:20-11:40 U
# icr 1.5; window = the day 2010-03-22 (1/7 week): opening 4 h * 7 = 28,
# exams 2 * 7 = 14, occupancy 40 / 240 min, ICR/h 11.5 / 4 = 2.875, ER 0.5
grep -q '^TDM1,CT,28,28,28,0,14,0.16666666666666666,2.875,0.5,0,0,true,' "$tmp/m.csv" ||
  { echo "FAIL: kept rows"; grep TDM1 "$tmp/m.csv"; fail=1; }

# the generic reader (';' file) reports the same rows with the same words
sed 's/,/;/g' exams.csv >"$tmp/exams.csv"
"$EML" imaging compute --equipment equipment.csv --sessions sessions.csv --exams "$tmp/exams.csv" \
  --rejects "$tmp/rejects_sc.csv" >/dev/null 2>&1
check "generic reader, same messages" expected_rejects.exams.csv \
  <(sed -e "s|$tmp/||" -e 's/;/,/g' "$tmp/rejects_sc.exams.csv")

"$EML" imaging compute --equipment nope.csv --sessions sessions.csv --exams exams.csv 2>/dev/null
[ $? -eq 3 ] || { echo "FAIL: missing file should exit 3"; fail=1; }
printf 'exam_id,equipment_id,start,end\n' >"$tmp/nocol.csv"
"$EML" imaging compute --equipment equipment.csv --sessions sessions.csv --exams "$tmp/nocol.csv" \
  --rejects /dev/null 2>"$tmp/err3"
[ $? -eq 1 ] && grep -q "nocol.csv:1: colonne patient_class : colonne absente" "$tmp/err3" ||
  { echo "FAIL: colonne absente"; fail=1; }
"$EML" imaging compute --equipment equipment.csv 2>/dev/null
[ $? -eq 2 ] || { echo "FAIL: missing options should exit 2"; fail=1; }
"$EML" imaging compute --equipment e --sessions s --exams x --from 2010-13-01 --to 2010-02-01 2>/dev/null
[ $? -eq 2 ] || { echo "FAIL: bad date should exit 2"; fail=1; }
exit $fail
