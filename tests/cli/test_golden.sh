#!/usr/bin/env bash
# test_golden.sh — the outputs of the commands that the architecture step
# (issue 12) moves, frozen: each case's stdout, stderr and exit status equal
# tests/golden/NAME.txt to the byte. Scratch paths read as $W, the audit
# log's times as TIME. Binary outputs (xlsx, pdf, png) are compared through
# a text view (unzip -p of the sheets, pdftotext) so that their content is
# frozen, not their timestamps.
# Regenerate after a reviewed change: UPDATE=1 EML=build/eml EML_SOURCE_DIR=. bash tests/cli/test_golden.sh
set -u
src=$(cd "${EML_SOURCE_DIR:?}" && pwd)
eml=$(realpath "${EML:?}")
gold=$src/tests/golden
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
fail=0 count=0
export EML_PSEUDONYM_KEY=$(cat "$src/tests/data/rt/test_key.hex")
# the sanitizer build's leak checker lists the suppressions it used (fontconfig's
# caches) on stderr: not an output of eml
# documents say "édité le 02/12/2026" whatever day the suite runs (cli_now)
export SOURCE_DATE_EPOCH=1796212800
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}print_suppressions=0"
# inputs copied under $W and named relative to it (cases run in $W), so that a
# document that prints and wraps the files it read does not depend on paths
mkdir -p "$W/in"
cp -r "$src/data/idf-2017" "$src/tests/data/imaging/sites" "$src/tests/data/imaging/bad" \
  "$src/tests/data/rt/annex" "$src/tests/data/finess" "$W/in/"
idf=in/idf-2017
img=in/sites
rt=in/annex
fin=in/finess
norm() { sed -e "s#$W#\$W#g" -e "s#$src#\$SRC#g"; }
# the audit log's times (when the change was made) as TIME
log_times() { "$@" | sed 's/[0-9-]\{10\}T[0-9:.]*Z/TIME/'; }
# case NAME COMMAND...: run in $W, compare
case_() {
  local name=$1; shift
  count=$((count + 1))
  (cd "$W" && "$@") >"$W/.out" 2>"$W/.err"
  local rc=$?
  { cat "$W/.out"; echo "--- exit $rc"; echo "--- stderr"; cat "$W/.err"; } | norm >"$W/.case"
  if [ "${UPDATE:-}" = 1 ]; then cp "$W/.case" "$gold/$name.txt"; return; fi
  if ! diff -u "$gold/$name.txt" "$W/.case"; then echo "FAIL: $name"; fail=1; fi
}
# show NAME FILE...: a written file's content as a case
show() { local name=$1; shift; case_ "$name" cat "$@"; }
xlsx_text() { unzip -p "$1" 'xl/sharedStrings.xml' 'xl/worksheets/*.xml' | sed 's/></>\n</g'; }
pdf_text() { pdftotext -layout "$1" - ; }

db=$W/idf.db
case_ init "$eml" init --db "$db"
for k in sites equipment targets notes; do
  case_ "import_$k" "$eml" import "$k" "$idf/$k.csv" --db "$db" --user golden
done
for f in text csv json md html; do
  case_ "bilan_$f" "$eml" bilan --db "$db" --at 2017-10-01 --period SROS3-PRS --format "$f"
done
case_ bilan_xlsx "$eml" bilan --db "$db" --at 2017-10-01 --period SROS3-PRS --format xlsx --output "$W/b.xlsx"
case_ bilan_xlsx_content xlsx_text "$W/b.xlsx"
case_ bilan_compare "$eml" bilan --db "$db" --at 2017-10-01 --period SROS3-PRS --compare "$idf/published.tsv"
case_ bilan_2016 "$eml" bilan --db "$db" --at 2016-01-01 --period SROS3-PRS --modality IRM
case_ bilan_no_period "$eml" bilan --db "$db" --at 2017-10-01 --period NONE
for f in text csv json; do
  case_ "requests_$f" "$eml" requests --db "$db" --at 2017-10-01 --period SROS3-PRS --format "$f" "$idf/requests.csv"
done
case_ log log_times "$eml" log --db "$db"

# bad rows: all-or-nothing, then with rejects (the rejects file's content)
printf 'finess,name,territory,legal_status\n750000001,Bad,75,XX\n7500,Short,75,CH\n' >"$W/bad_sites.csv"
case_ import_bad "$eml" import sites "$W/bad_sites.csv" --db "$db"
case_ import_rejects "$eml" import sites "$W/bad_sites.csv" --db "$db" --rejects "$W/rej.csv"
show import_rejects_file "$W/rej.csv"

# the imaging benchmark with sites and appointments
im=(--equipment "$img/equipment.csv" --schedule "$img/schedule.csv" --exams "$img/exams.csv"
  --from 2024-04-08 --to 2024-04-15)
for f in text csv json md html; do
  case_ "imaging_report_$f" "$eml" imaging report "${im[@]}" --sites "$img/sites.csv" --appointments "$img/appointments.csv" --format "$f"
done
case_ imaging_compute_files "$eml" imaging compute "${im[@]}" --machines-csv "$W/m.csv" --panel-csv "$W/p.csv"
show imaging_machines_csv "$W/m.csv"
show imaging_panel_csv "$W/p.csv"
case_ imaging_machine "$eml" imaging machine C1 "${im[@]}" --format text
case_ imaging_machine_json "$eml" imaging machine C1 "${im[@]}" --format json
case_ imaging_appointments "$eml" imaging appointments --equipment "$img/equipment.csv" "$img/appointments.csv"
idb=$W/img.db
"$eml" init --db "$idb" >/dev/null
case_ imaging_import "$eml" imaging import --campaign T1 "${im[@]}" --db "$idb"
case_ imaging_campaigns log_times "$eml" imaging campaigns --db "$idb"
case_ imaging_report_store "$eml" imaging report --campaign T1 --db "$idb"
case_ imaging_bad "$eml" imaging compute --equipment "in/bad/equipment.csv" \
  --sessions "in/bad/sessions.csv" --exams "in/bad/exams.csv"
case_ imaging_bad_rejects "$eml" imaging compute --equipment "in/bad/equipment.csv" \
  --sessions "in/bad/sessions.csv" --exams "in/bad/exams.csv" --rejects "$W/irej.csv"
# one rejects file per input (eml/input.h, "Rejects files")
show imaging_bad_rejects_file "$W/irej.equipment.csv" "$W/irej.sessions.csv" "$W/irej.exams.csv"

# radiotherapy on the Annex examples
rdb=$W/rt.db
"$eml" init --db "$rdb" >/dev/null
case_ rt_import "$eml" rt import --dir "$rt" --db "$rdb"
for f in text csv json; do
  case_ "rt_activity_$f" "$eml" rt activity --year 2024 --db "$rdb" --format "$f"
  case_ "rt_check_$f" "$eml" rt check --year 2024 --db "$rdb" --format "$f"
  case_ "rt_report_$f" "$eml" rt report --year 2024 --db "$rdb" --format "$f"
done
case_ rt_activity_dir "$eml" rt activity --year 2024 --dir "$rt"
# the same examples four years earlier (2023 -> 2019, 2024 -> 2020, a leap
# year as 2024): before the 2023 regime, rt check and rt report stay the
# 2002 circular's alone (these files were made before the 2023 checks)
rt20=in/annex-2020
mkdir -p "$W/$rt20"
for f in "$W/$rt"/*.csv; do sed -e 's/2024/2020/g' -e 's/2023/2019/g' "$f" >"$W/$rt20/${f##*/}"; done
for f in text csv json; do
  case_ "rt_check_2020_$f" "$eml" rt check --year 2020 --dir "$rt20" --format "$f"
done
case_ rt_report_2020_text "$eml" rt report --year 2020 --dir "$rt20"

# FINESS extractions
fdb=$W/fin.db
"$eml" init --db "$fdb" >/dev/null
case_ finess_2023 "$eml" import finess --establishments "$fin/etab-2023.csv" --equipment "$fin/equip-2023.xml" --db "$fdb"
case_ finess_2024 "$eml" import finess --establishments "$fin/etab-2024.csv" --equipment "$fin/equip-2024.xml" --db "$fdb"

# documents: their text
case_ report_bilan_pdf "$eml" report bilan --db "$db" --at 2017-10-01 --period SROS3-PRS --format pdf --output "$W/b.pdf" --charts "$W/charts"
case_ report_bilan_pdf_text pdf_text "$W/b.pdf"
case_ report_bilan_charts ls "$W/charts"
case_ report_bilan_map_svg cat "$W/charts/$(ls "$W/charts" | grep -m1 'svg$')"
case_ report_imaging_xlsx "$eml" report imaging "${im[@]}" --sites "$img/sites.csv" --format xlsx --output "$W/i.xlsx"
case_ report_imaging_xlsx_content xlsx_text "$W/i.xlsx"
case_ report_imaging_pdf "$eml" report imaging "${im[@]}" --sites "$img/sites.csv" --format pdf --output "$W/i.pdf"
case_ report_imaging_pdf_text pdf_text "$W/i.pdf"
case_ report_rt_pdf "$eml" report rt --db "$rdb" --year 2024 --format pdf --output "$W/r.pdf"
case_ report_rt_pdf_text pdf_text "$W/r.pdf"
r20db=$W/rt2020.db
"$eml" init --db "$r20db" >/dev/null
"$eml" rt import --dir "$rt20" --db "$r20db" >/dev/null 2>&1
case_ report_rt_2020_pdf "$eml" report rt --db "$r20db" --year 2020 --format pdf --output "$W/r20.pdf"
case_ report_rt_2020_pdf_text pdf_text "$W/r20.pdf"
case_ report_machines "$eml" report machines "${im[@]}" --output "$W/fiches"
case_ report_machines_files ls "$W/fiches"

# generators: a digest of what they write for a seed
"$eml" generate imaging --ct 4 --mri 3 --days 7 --seed 3 --out "$W/gen" >/dev/null 2>&1
case_ generate_imaging sh -c "cd '$W/gen' && sha256sum *"
"$eml" generate radiotherapy --centres 2 --year 2023 --seed 5 --out "$W/rtgen" >/dev/null 2>&1
case_ generate_rt sh -c "cd '$W/rtgen' && sha256sum *"

if [ "${UPDATE:-}" = 1 ]; then echo "updated $count golden files in $gold"; exit 0; fi
[ $fail = 0 ] && echo "ok: $count golden cases"
exit $fail
