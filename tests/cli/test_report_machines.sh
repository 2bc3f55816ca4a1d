#!/usr/bin/env bash
# test_report_machines.sh — `eml report machines`: one PDF per site of the
# hand-made campaign tests/data/imaging/heat_weeks (site 750000010: TDM7 and
# IRM7, site 750000028: TDM8), two A4 pages per machine (the sheet's tables,
# then the heat map), so 4 and 2 pages — counted by the library while
# writing and checked again with pdfinfo; the sheet's text (pdftotext)
# holds the machine's values (TDM7's grid is derived by hand in
# tests/unit/test_heatmap.c: lun. 10 h 50 %, dim. 2 h 50 %); --finess keeps
# the sites of a prefix; bad options fail with status 2, an unknown site
# with status 1.
source "${BASH_SOURCE[0]%/*}/lib.sh"
data=$src/tests/data/imaging/heat_weeks
camp=(--equipment "$data/equipment.csv" --sessions "$data/sessions.csv" --exams "$data/exams.csv"
      --from 2024-10-21 --to 2024-11-04)

run report machines "${camp[@]}" --output sheets
expect_status 0 "report machines"
expect_line out "sheets/fiches_750000010.pdf: 2 appareils, 4 pages"
expect_line out "sheets/fiches_750000028.pdf: 1 appareil, 2 pages"
checks=$((checks + 1))
[ "$(ls sheets | tr '\n' ' ')" = "fiches_750000010.pdf fiches_750000028.pdf " ] ||
  fail "files: $(ls sheets)"

if command -v pdfinfo >/dev/null && command -v pdftotext >/dev/null; then
  for f in 750000010:4 750000028:2; do
    checks=$((checks + 1))
    pages=$(pdfinfo "sheets/fiches_${f%:*}.pdf" | awk '/^Pages:/ { print $2 }')
    [ "$pages" = "${f#*:}" ] || fail "fiches_${f%:*}.pdf: $pages pages, expected ${f#*:}"
  done
  # pages 1-2 IRM7 (ids in order: IRM7, TDM7), pages 3-4 TDM7
  pdftotext -layout -f 3 -l 3 sheets/fiches_750000010.pdf p3.txt
  pdftotext -layout -f 4 -l 4 sheets/fiches_750000010.pdf p4.txt
  out=$(cat p3.txt)
  expect_contains out "TDM7 — scanner, site FINESS 750000010"
  expect_contains out "Fiche de l'équipement TDM7 (Scanner, FINESS 750000010)"
  expect_contains out "Campagne du 21/10/2024 au 03/11/2024 (2,0 semaines)"
  expect_contains out "Qualité des données"
  # kept: E1 E2 E3 E5 E6 E7 E9 = 7; E4 too short
  checks=$((checks + 1))
  grep -Eq "Examens retenus +7" p3.txt || fail "page 3: Examens retenus 7"
  out=$(cat p4.txt)
  expect_contains out "Activité par heure et jour de la semaine"
  # the cells show lun. 0 h 25, 8 h 25, 9 h 12 (12,5 rounded to even), 10 h 50
  checks=$((checks + 1))
  grep -Eq "lun\. +25 +25 +12 +50" p4.txt || fail "page 4: Monday's cells: $(grep lun p4.txt)"
else
  skip_part "pages of the sheets (pdfinfo/pdftotext missing: apt-get install poppler-utils)"
fi

run report machines "${camp[@]}" --output one --finess 750000028
expect_status 0 "--finess"
expect_line out "one/fiches_750000028.pdf: 1 appareil, 2 pages"
checks=$((checks + 1))
[ ! -e one/fiches_750000010.pdf ] || fail "--finess 750000028 wrote the other site"

run report machines "${camp[@]}" --output none --finess 13,69
expect_status 1 "unknown site"
expect_line err "eml: option --finess: no CT or MRI machine of such a site in the equipment file (value '13,69')"

run report machines "${camp[@]}" --output x --format xlsx
expect_status 2 "xlsx"
run report machines "${camp[@]}"
expect_status 2 "no --output"
expect_line err "eml: option --output is required"
run report machines --output x
expect_status 2 "no files"

run report machines "${camp[@]}" --output /nonexistent/dir
expect_status 3 "unwritable"
finish
