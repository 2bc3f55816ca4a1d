#!/usr/bin/env bash
# test_report.sh — `eml report bilan|imaging|rt --format pdf|xlsx`: the PDF
# opens (pdfinfo, pdftotext of poppler-utils), has its title page, tables,
# charts and annex with French text intact; the XLSX holds numbers as
# numbers; --charts writes SVG and PNG; bad options fail with status 2, an
# unwritable output with status 3.
set -uo pipefail
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
has() { grep -qF -- "$2" "$1" || fail "$1 lacks '$2'"; }
data=$EML_SOURCE_DIR/data/idf-2017

# the demo register (the published balance: Scanners, 75: 66 (5) devices)
"$EML" init --db "$T/r.db" >/dev/null
for kind in sites equipment targets notes; do
  "$EML" import "$kind" "$data/$kind.csv" --db "$T/r.db" --user test >/dev/null || fail "import $kind"
done
bilan=(report bilan --db "$T/r.db" --at 2017-10-01 --period SROS3-PRS)
"$EML" "${bilan[@]}" --format pdf --output "$T/bilan.pdf" --charts "$T/charts" || fail "bilan pdf"
pages=$(pdfinfo "$T/bilan.pdf" | awk '/^Pages:/ { print $2 }')
[ "${pages:-0}" -ge 3 ] || fail "bilan.pdf has ${pages:-no} pages"
pdftotext -layout "$T/bilan.pdf" "$T/bilan.txt"
has "$T/bilan.txt" "Bilan des objectifs quantifiés (OQOS)"
has "$T/bilan.txt" "Situation au 01/10/2017, période SROS3-PRS"
has "$T/bilan.txt" "Imageurs par résonance magnétique (IRM)"
has "$T/bilan.txt" "66 (5)"
has "$T/bilan.txt" "Scanners (TDM) : écart à la borne haute"
[ -s "$T/charts/ecart_CT.svg" ] && [ -s "$T/charts/ecart_CT.png" ] || fail "no chart files"
# the maps (docs/charts.md): one per modality, in the PDF and as files; the
# legend's title and the outlines' credit are text of the PDF
for mod in CT MRI GAMMA PET OHB CYCLOTRON; do
  [ -s "$T/charts/carte_$mod.svg" ] && [ -s "$T/charts/carte_$mod.png" ] || fail "no map of $mod"
done
[ "$(grep -cE "Écart à la borne haute( \(appareils\))?$" "$T/bilan.txt")" -eq 6 ] || fail "not 6 map legends"
has "$T/bilan.txt" "Fond de carte : MapSVG"
# CT at 01/10/2017 (eml bilan): gaps 75 0, 77 -2, 78 -1, 91 -1, 92 0, 93 0,
# 94 -2, 95 -2: the largest |gap| is 2, so 77, 94 and 95 are the blue end
# #2166AC (33/255 = 12.941176 %, 102/255 = 40 %, 172/255 = 67.45098 %) and
# 75, 92, 93 the middle #F7F7F7 (247/255 = 96.862745 %)
blue=$(grep -c "fill:rgb(12.941176%,40%,67.45098%)" "$T/charts/carte_CT.svg")
light=$(grep -c "fill:rgb(96.862745%,96.862745%,96.862745%)" "$T/charts/carte_CT.svg")
[ "$blue" -ge 3 ] && [ "$light" -ge 3 ] || fail "CT map: $blue blue and $light light fills"
# a corrupt outline file: the reader's message, exit 1; a missing one, exit 3
printf 'code,ring,x,y\n75,1,0,0\n75,1,1,abc\n' >"$T/bad.csv"
"$EML" "${bilan[@]}" --format pdf --output "$T/x.pdf" --geo "$T/bad.csv" 2>"$T/err"
[ $? -eq 1 ] || fail "corrupt outlines: not 1"
has "$T/err" "$T/bad.csv:3: colonne y : pas un nombre (valeur « abc »)"
"$EML" "${bilan[@]}" --format pdf --output "$T/x.pdf" --geo "$T/none.csv" 2>"$T/err"
[ $? -eq 3 ] || fail "missing outlines: not 3"
has "$T/err" "$T/none.csv"
# XLSX: the scanners' sites total (177) is a number cell, not text
"$EML" "${bilan[@]}" --format xlsx --output "$T/bilan.xlsx" || fail "bilan xlsx"
unzip -p "$T/bilan.xlsx" xl/worksheets/sheet1.xml | grep -q '<v>177</v>' || fail "xlsx: 177 not a number"

# imaging: a three-machine campaign of one week from the benchmark's generator
cc -O2 -o "$T/gen" "$EML_SHARED_DIR/bench/gen_imaging.c" -lm || fail "gen_imaging"
mkdir "$T/camp" && "$T/gen" 3 7 5 "$T/camp" >/dev/null
imaging=(report imaging --equipment "$T/camp/equipment.csv" --sessions "$T/camp/sessions.csv"
         --exams "$T/camp/exams.csv")
"$EML" "${imaging[@]}" --format pdf --output "$T/imaging.pdf" 2>"$T/err" || fail "imaging pdf"
pdftotext -layout "$T/imaging.pdf" "$T/imaging.txt"
has "$T/imaging.txt" "Parangonnage de l'imagerie en coupe"
has "$T/imaging.txt" "occupation et ouverture (programmé + urgences)"
has "$T/imaging.txt" "Annexe : qualité des données par appareil"
has "$T/imaging.txt" "durée des examens par classe de patients"
"$EML" "${imaging[@]}" --format xlsx --output "$T/imaging.xlsx" 2>/dev/null || fail "imaging xlsx"
[ "$(head -c 2 "$T/imaging.xlsx")" = "PK" ] || fail "imaging.xlsx is not a workbook"

# radiotherapy: a generated region, stored, then reported
export EML_PSEUDONYM_KEY=$(printf '%064d' 7)
"$EML" generate radiotherapy --centres 3 --year 2023 --seed 3 --out "$T/rt" 2>/dev/null
"$EML" init --db "$T/rt.db" >/dev/null
"$EML" rt import --dir "$T/rt" --db "$T/rt.db" >/dev/null 2>&1 || fail "rt import"
"$EML" report rt --db "$T/rt.db" --year 2023 --format pdf --output "$T/rt.pdf" || fail "rt pdf"
pdftotext -layout "$T/rt.pdf" "$T/rt.txt"
has "$T/rt.txt" "Traitements externes par appareil et par an"
has "$T/rt.txt" "Radiothérapie : activité et conformité"

# errors
"$EML" "${bilan[@]}" --output "$T/x.pdf" 2>/dev/null; [ $? -eq 2 ] || fail "no --format: not 2"
"$EML" "${bilan[@]}" --format html --output "$T/x.pdf" 2>/dev/null; [ $? -eq 2 ] || fail "html: not 2"
"$EML" report rt --db "$T/rt.db" --format pdf --output "$T/x.pdf" 2>/dev/null; [ $? -eq 2 ] || fail "no --year: not 2"
"$EML" "${bilan[@]}" --format pdf --output "$T/none/x.pdf" 2>"$T/err"; [ $? -eq 3 ] || fail "unwritable: not 3"
has "$T/err" "$T/none/x.pdf"

[ "$failures" -eq 0 ] || { echo "$failures failures"; exit 1; }
echo "test_report: ok"
