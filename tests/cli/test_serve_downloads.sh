#!/usr/bin/env bash
# test_serve_downloads.sh — the dashboard's downloads, tables, dates, the
# capacity beside the balance and the scenario page (issue 18 item 3, issue
# 15 item 5; docs/dashboard.md), with curl on the demo of serve_demo.sh:
#  1. /bilan?…&format=csv|json are the bytes `eml bilan --format csv|json`
#     prints for the same query; format=xlsx the sheets (unzipped XML) of
#     `eml report bilan --format xlsx`, format=pdf the text (pdftotext) of
#     `eml report bilan --format pdf` (both dated by SOURCE_DATE_EPOCH,
#     the store named by its file name as the CLI run beside it names it);
#     each with its Content-Type and a Content-Disposition file name; a bad
#     format is 400 listing the accepted ones; every page links to its
#     downloads; the imaging page's CSV is `eml imaging compute`'s;
#  2. a wrong period is 404 listing the periods that exist (to the byte);
#     the date of the balance's form is JJ/MM/AAAA (a text box, not the
#     browser's type="date"); the style scrolls tables in their box with a
#     sticky header;
#  3. the balance page shows, under the CT and MRI tables, the capacity
#     notes `eml bilan --campaign` prints (the same campaign stored);
#  4. /scenario: its tables are those of `eml plan scenario --format html`
#     on the same file (typed in the text box, or uploaded with the
#     applications of `grant`); the store unchanged (sqlite3 .dump before
#     and after); a bad line shown `FILE:LINE: …` to the byte; a form over
#     256 KiB refused (413).
set -u
source "$EML_SOURCE_DIR/tests/cli/lib.sh"
source "$EML_SOURCE_DIR/tests/browser/serve_demo.sh"
command -v pdftotext >/dev/null && command -v unzip >/dev/null || {
  echo "SKIP: pdftotext and unzip are needed (apt-get install poppler-utils unzip)"
  exit 77
}
export SOURCE_DATE_EPOCH=1700000000 # 14/11/2023: the documents' "édité le", CLI and server

serve_make_demo "$work/demo" || { echo "FAIL: demo data"; exit 1; }
D=$work/demo
# the same campaign stored, for `eml bilan --campaign img` (the server names
# the campaign it serves by its folder's name: img)
img=(--equipment "$D/img/equipment.csv" --sessions "$D/img/sessions.csv" --exams "$D/img/exams.csv")
"$eml" imaging import --campaign img "${img[@]}" --db "$D/eml.db" >/dev/null 2>&1 ||
  fail "imaging import"
serve_start "$D" --period SROS3-PRS --at 2017-10-01 || exit 1
U=$SERVE_URL
Q="period=SROS3-PRS&at=2017-10-01"
B=(--db eml.db --period SROS3-PRS --at 2017-10-01) # run in $D: the store named eml.db

# get PATH [CURL OPTIONS]: $code, $ctype, $disposition, body in $work/body
get() {
  local path=$1
  shift
  code=$(curl -s -D "$work/headers" -o "$work/body" -w '%{http_code}' --max-time 60 "$@" "$U$path")
  ctype=$(sed -n 's/^Content-Type: \(.*\)\r$/\1/Ip' "$work/headers")
  disposition=$(sed -n 's/^Content-Disposition: \(.*\)\r$/\1/Ip' "$work/headers")
  body=$(tr -d "\\0" <"$work/body")
}
expect() { # expect WHAT GOT WANTED
  checks=$((checks + 1))
  [ "$2" = "$3" ] || fail "$1: got '$2', expected '$3'"
}
expect_body() {
  checks=$((checks + 1))
  grep -qF -- "$1" "$work/body" || fail "expected in the body of $2: $1 (got ${body:0:300})"
}
# tables_of FILE: every <table>…</table> and note of an HTML file, one per line
tables_of() {
  python3 -c '
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
for m in re.finditer(r"<table.*?</table>|<p class=\"note\">.*?</p>", s, re.S):
    print(m.group(0).replace("\n", " "))' "$1"
}
# same_tables WHAT HTML: the tables and notes of the last body are HTML's
same_tables() {
  tables_of "$work/body" >"$work/page_tables.txt"
  tables_of "$2" >"$work/cli_tables.txt"
  checks=$((checks + 1))
  [ -s "$work/page_tables.txt" ] && cmp -s "$work/page_tables.txt" "$work/cli_tables.txt" ||
    fail "$1: tables differ from the CLI's: $(diff "$work/page_tables.txt" "$work/cli_tables.txt" | head -5)"
}

# ---- 1. downloads -----------------------------------------------------------
for f in csv json; do
  get "/bilan?$Q&format=$f"
  expect "$f status" "$code" 200
  expect "$f type" "$ctype" "$([ $f = csv ] && echo text/csv || echo application/json); charset=utf-8"
  expect "$f name" "$disposition" "attachment; filename=\"bilan-SROS3-PRS-2017-10-01.$f\""
  (cd "$D" && "$eml" bilan "${B[@]}" --format $f) >"$work/cli.$f"
  checks=$((checks + 1))
  cmp -s "$work/body" "$work/cli.$f" || fail "format=$f differs from eml bilan --format $f"
done

# a second time: from the copy kept for this store version, named the same
get "/bilan?$Q&format=csv"
expect "csv kept" "$(sed -n 's/^X-Eml-Cache: \(.*\)\r$/\1/p' "$work/headers") $disposition" \
  'hit attachment; filename="bilan-SROS3-PRS-2017-10-01.csv"'

get "/bilan?$Q&format=xlsx"
expect "xlsx status" "$code" 200
expect "xlsx type" "$ctype" "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
expect "xlsx name" "$disposition" 'attachment; filename="bilan-SROS3-PRS-2017-10-01.xlsx"'
cp "$work/body" "$work/page.xlsx"
(cd "$D" && "$eml" report bilan "${B[@]}" --format xlsx --output "$work/cli.xlsx") ||
  fail "eml report bilan --format xlsx"
mkdir -p "$work/x1" "$work/x2"
(cd "$work/x1" && unzip -q ../page.xlsx) && (cd "$work/x2" && unzip -q ../cli.xlsx) ||
  fail "unzip the workbooks"
checks=$((checks + 1))
# the demo's 6 modalities: 6 sheets
[ "$(ls "$work/x1/xl/worksheets" | grep -c '^sheet.*\.xml$')" = 6 ] || fail "xlsx: 6 sheets expected"
checks=$((checks + 1))
diff -r "$work/x1/xl/worksheets" "$work/x2/xl/worksheets" >/dev/null &&
  cmp -s "$work/x1/xl/sharedStrings.xml" "$work/x2/xl/sharedStrings.xml" &&
  cmp -s "$work/x1/xl/workbook.xml" "$work/x2/xl/workbook.xml" ||
  fail "format=xlsx: sheets differ from eml report bilan --format xlsx"

get "/bilan?$Q&format=pdf"
expect "pdf status" "$code" 200
expect "pdf type" "$ctype" "application/pdf"
expect "pdf name" "$disposition" 'attachment; filename="bilan-SROS3-PRS-2017-10-01.pdf"'
checks=$((checks + 1))
[ "$(head -c 5 "$work/body")" = "%PDF-" ] || fail "format=pdf: not a PDF"
cp "$work/body" "$work/page.pdf"
(cd "$D" && "$eml" report bilan "${B[@]}" --format pdf --output "$work/cli.pdf") ||
  fail "eml report bilan --format pdf"
pdftotext "$work/page.pdf" "$work/page.txt" && pdftotext "$work/cli.pdf" "$work/cli.txt"
checks=$((checks + 1))
cmp -s "$work/page.txt" "$work/cli.txt" || fail "format=pdf: text differs from eml report bilan"
checks=$((checks + 1))
grep -qF "Source : registre eml.db, édité le 14/11/2023" "$work/page.txt" ||
  fail "format=pdf: the title page's source (the store by its name, no path)"

get "/bilan?$Q&format=docx"
expect "bad format" "$code" 400
expect_body '<p class="error">Erreur 400 : paramètre format : format inconnu (csv, xlsx, pdf ou json)</p>' "format=docx"

# the imaging summary in CSV: eml imaging compute's
get "/imaging?format=csv"
expect "imaging csv name" "$disposition" 'attachment; filename="imagerie.csv"'
"$eml" imaging compute "${img[@]}" --format csv >"$work/cli_imaging.csv" 2>/dev/null
checks=$((checks + 1))
cmp -s "$work/body" "$work/cli_imaging.csv" || fail "/imaging?format=csv differs from eml imaging compute"
get "/rt?year=2024&format=pdf"
expect "rt pdf" "$code $ctype" "200 application/pdf"
expect "rt pdf name" "$disposition" 'attachment; filename="radiotherapie-2024.pdf"'
get "/rt?year=2024&format=csv"
expect "rt csv" "$code $ctype" "200 text/csv; charset=utf-8"

# every page links to its downloads, with its query
get "/bilan?$Q"
for f in csv xlsx pdf json; do
  expect_body "<a download href=\"/bilan?period=SROS3-PRS&amp;at=2017-10-01&amp;format=$f\">$f</a>" "/bilan"
done
get /imaging
expect_body '<a download href="/imaging?format=pdf">pdf</a>' "/imaging"
get "/rt?year=2024"
expect_body '<a download href="/rt?year=2024&amp;format=xlsx">xlsx</a>' "/rt"
machine=$(sed -n 2p "$D/img/equipment.csv" | cut -d, -f1)
get "/imaging/machine/$machine"
expect_body "<a download href=\"/imaging/machine/$machine?format=csv\">csv</a>" "the machine's sheet"

# ---- 2. periods, dates, tables ------------------------------------------------
get "/bilan?period=1999"
expect "wrong period" "$code" 404
expect_body '<p class="error">Erreur 404 : paramètre period : aucun objectif pour cette période (valeur &#39;1999&#39;) ; périodes existantes : SROS3-PRS</p>' "/bilan?period=1999"
get "/api/bilan?period=1999"
expect "wrong period, API" "$(jq -r .error "$work/body")" \
  "parameter 'period': no target for this period (import targets.csv first) (value '1999'); periods with targets: SROS3-PRS"
get "/bilan?period=1999&format=csv"
expect "wrong period, a download" "$code" 404
get "/bilan?$Q"
expect_body '<input name="at" size="10" inputmode="numeric" placeholder="JJ/MM/AAAA"' "the balance's form"
expect_body 'value="01/10/2017"></label>' "the balance's form"
checks=$((checks + 1))
! grep -q 'type="date"' "$work/body" || fail "a type=\"date\" box shows the browser's locale"
expect_body 'main table{display:block;max-width:100%;max-height:85vh;overflow:auto}' "the style"
expect_body 'main thead{position:sticky;top:0;z-index:1}' "the style"

# ---- 3. the capacity beside the balance -----------------------------------------
(cd "$D" && "$eml" bilan "${B[@]}" --campaign img --format html) >"$work/cli_capacity.html" ||
  fail "eml bilan --campaign img"
same_tables "the balance page beside eml bilan --campaign img" "$work/cli_capacity.html"
expect_body "Capacité mobilisable des appareils de la campagne img" "the balance page"

# ---- 4. the scenario page --------------------------------------------------------
sqlite3 "$D/eml.db" .dump >"$work/before.sql"
get /scenario
expect "scenario form" "$code" 200
expect_body '<form method="post" action="/scenario" enctype="multipart/form-data"' "/scenario"
fx=$EML_SOURCE_DIR/tests/data/plan/scenario
# typed in the box: closing CT-75-002 (75's CT 66 -> 65 devices)
get /scenario --data-urlencode "scenario@$fx/close.txt" --data-urlencode period=SROS3-PRS \
  --data-urlencode at=01/10/2017 --data-urlencode modality=CT
expect "scenario typed" "$code" 200
cp "$fx/close.txt" "$work/scenario.txt"
(cd "$work" && "$eml" plan scenario scenario.txt --db "$D/eml.db" --period SROS3-PRS \
  --at 2017-10-01 --modality CT --format html) >"$work/cli_scenario.html"
same_tables "scenario typed" "$work/cli_scenario.html"
# 75: 66 -> 65 devices (high 66: gap 0 -> -1), NON* -> OUI*
expect_body '<tr><td>75</td><td class="num">66</td><td class="num">65</td><td class="num">66</td><td class="num">66</td><td class="num">0</td><td class="num">-1</td><td>NON*</td><td>OUI*</td>' "scenario typed"
# uploaded, with the applications: granting D2017-08 (91 MRI 16 -> 17)
get /scenario -F "file=@$fx/grant.txt" -F "requests=@$EML_SOURCE_DIR/data/idf-2017/requests.csv" \
  -F period=SROS3-PRS -F at=2017-10-01 -F modality=MRI
expect "scenario uploaded" "$code" 200
(cd "$fx" && "$eml" plan scenario grant.txt --db "$D/eml.db" --period SROS3-PRS --at 2017-10-01 \
  --modality MRI --requests "$EML_SOURCE_DIR/data/idf-2017/requests.csv" --format html) \
  >"$work/cli_grant.html"
same_tables "scenario uploaded" "$work/cli_grant.html"
expect_body '<tr><td>91</td><td class="num">16</td><td class="num">17</td><td class="num">19</td><td class="num">19</td><td class="num">-3</td><td class="num">-2</td>' "scenario uploaded"
# a bad line: its message as the CLI writes it, nothing applied
printf 'close CT-75-002\nclose NOPE\n' >"$work/bad.txt"
get /scenario -F "file=@$work/bad.txt" -F period=SROS3-PRS
expect "bad scenario" "$code" 422
expect_body "<pre class=\"error\">bad.txt:2: colonne equipment : appareil ou autorisation absent du registre (valeur « NOPE »)</pre>" "a bad scenario"
checks=$((checks + 1))
! grep -q '<table' "$work/body" || fail "a bad scenario: tables shown"
head -c 300000 /dev/zero | tr '\0' '#' >"$work/big.txt"
get /scenario -F "file=@$work/big.txt"
expect "scenario over 256 KiB" "$code" 413
get /scenario -X PUT -d x=1
expect "PUT on /scenario" "$code" 405
sqlite3 "$D/eml.db" .dump >"$work/after.sql"
checks=$((checks + 1))
cmp -s "$work/before.sql" "$work/after.sql" || fail "the scenario page changed the store"
serve_stop
expect "stopped" "$SERVE_STATUS" 0
finish
