#!/usr/bin/env bash
# test_bilan_below.sh — below the lower bound (issue 14 item 2): a territory
# whose devices (or interventional devices, or sites) in force are below
# the lower bound is flagged under its table, in every format.
#  1. the demo data/idf-2017 at 2017-10-01, period SROS3-PRS, against seed
#     000's own rows: CT 94 "25 (2) | 25 (3) | 27 (3)": interventional 2 < 3
#     (devices 25 = 25 and sites 17 = 17 are not below); gamma cameras 75
#     "22 | 24 | 26": devices 22 < 24 (its sites have one target value, no
#     lower bound). Every other row of the six tables is at or above its
#     lower bound (e.g. MRI 75: 75 >= 63, sites 47 >= 41);
#  2. the 2023 regime: the fixture tests/data/regime2023 with 91's IMAGING
#     OQOS min raised from 3 to 5: 4 implantations < 5 (README: S1-S4).
source "${0%/*}/lib.sh"
data=$src/data/idf-2017
new_store
load_files t.db "$data" sites equipment targets notes
ct="Sous la borne basse au 01/10/2017 : 94 (appareils interventionnels : 2 < 3)."
gamma="Sous la borne basse au 01/10/2017 : 75 (appareils : 22 < 24)."
ct_esc="Sous la borne basse au 01/10/2017 : 94 (appareils interventionnels : 2 &lt; 3)."
gamma_esc="Sous la borne basse au 01/10/2017 : 75 (appareils : 22 &lt; 24)."
run bilan --db t.db --at 2017-10-01 --period SROS3-PRS
expect_status 0 "bilan text"
expect_line out "$ct"
expect_line out "$gamma"
checks=$((checks + 1))
[ "$(grep -c '^Sous la borne basse' <<<"$out")" = 2 ] || fail "two tables flagged expected: $out"
# the note sits under its own table: CT's before the MRI title, gamma's after it
checks=$((checks + 1))
[ "$(grep -nE '^(Sous la borne basse|Imageurs par résonance)' <<<"$out" | cut -d: -f2 | cut -c1-10 | paste -sd,)" = "Sous la bo,Imageurs p,Sous la bo" ] ||
  fail "order of the notes: $out"
# csv and json as written; md, html and the workbook's XML escape '<'
for fmt in csv json md html; do
  run bilan --db t.db --at 2017-10-01 --period SROS3-PRS --format "$fmt"
  expect_status 0 "bilan $fmt"
  case $fmt in md | html) expect_contains out "$ct_esc"; expect_contains out "$gamma_esc" ;;
  *) expect_contains out "$ct"; expect_contains out "$gamma" ;;
  esac
done
run bilan --db t.db --at 2017-10-01 --period SROS3-PRS --format xlsx --output b.xlsx
expect_status 0 "bilan xlsx"
if command -v unzip >/dev/null; then
  text=$(unzip -p b.xlsx 'xl/sharedStrings.xml' 'xl/worksheets/*.xml')
  checks=$((checks + 1))
  grep -qF "$ct_esc" <<<"$text" || fail "xlsx lacks the CT note"
  checks=$((checks + 1))
  grep -qF "$gamma_esc" <<<"$text" || fail "xlsx lacks the gamma note"
else
  skip_part "unzip not found: the workbook not read"
fi
run report bilan --db t.db --at 2017-10-01 --period SROS3-PRS --format pdf --output b.pdf
expect_status 0 "report bilan pdf"
if command -v pdftotext >/dev/null; then
  text=$(pdftotext b.pdf - | tr '\n' ' ' | tr -s ' ')
  for s in "94 (appareils interventionnels : 2 < 3)" "75 (appareils : 22 < 24)"; do
    checks=$((checks + 1))
    grep -qF "$s" <<<"$text" || fail "PDF lacks '$s'"
  done
else
  skip_part "pdftotext not found: the PDF's text not read"
fi

# 2. the 2023 regime
cp -r "$src/tests/data/regime2023" fx
sed -i 's/^PRS-2023,91,IMAGING,sites,3,5,$/PRS-2023,91,IMAGING,sites,5,5,/' fx/targets.csv
"$eml" init --db fx.db >/dev/null
load_files fx.db fx sites authorisations devices conventions windows targets
csv_lines bilan --db fx.db --at 2025-06-30 --period PRS-2023 --modality IMAGING
expect_status 0 "2023"
expect_line out "91;4;5;5;-1;OUI;5;5;1;2 (1)"
expect_line out "Sous l'OQOS min au 30/06/2025 : 91 (implantations : 4 < 5)."
# the shipped fixture (min 3): no note
"$eml" init --db fx0.db >/dev/null
load_files fx0.db "$src/tests/data/regime2023" sites authorisations devices conventions windows targets
csv_lines bilan --db fx0.db --at 2025-06-30 --period PRS-2023 --modality IMAGING
checks=$((checks + 1))
grep -q "^Sous l'OQOS min" <<<"$out" && fail "fixture flagged below its min: $out"
finish
