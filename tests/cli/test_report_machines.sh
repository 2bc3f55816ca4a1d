#!/usr/bin/env bash
# test_report_machines.sh — `eml report machines`: one PDF per site of the
# hand-made campaign tests/data/imaging/heat_weeks (site 750000010: TDM7 and
# IRM7, site 750000028: TDM8), two A4 pages per machine (the sheet's tables,
# then the heat map), so 4 and 2 pages — counted by the library while
# writing and checked again with pdfinfo; the sheet's text (pdftotext)
# holds the machine's values (TDM7's grid is derived by hand in
# tests/unit/test_heatmap.c: lun. 10 h 50 %, dim. 2 h 50 %); --finess keeps
# the sites of a prefix; bad options fail with status 2, an unknown site
# with status 1. --format xlsx: one workbook per site, one sheet per
# machine, read back (python3's zipfile): the indicators and the 168 cells
# of the heat map with their values and colours.
source "${BASH_SOURCE[0]%/*}/lib.sh"
data=$src/tests/data/imaging/heat_weeks
camp=(--equipment "$data/equipment.csv" --sessions "$data/sessions.csv" --exams "$data/exams.csv"
      --from 2024-10-21 --to 2024-11-04)

run report machines "${camp[@]}" --output sheets
expect_status 0 "report machines"
expect_line out "sheets/fiches_750000010.pdf: 2 équipements, 4 pages"
expect_line out "sheets/fiches_750000028.pdf: 1 équipement, 2 pages"
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
expect_line out "one/fiches_750000028.pdf: 1 équipement, 2 pages"
checks=$((checks + 1))
[ ! -e one/fiches_750000010.pdf ] || fail "--finess 750000028 wrote the other site"

run report machines "${camp[@]}" --output none --finess 13,69
expect_status 1 "unknown site"
expect_line err "eml: option --finess : aucun scanner ni IRM d'un tel site dans le fichier des équipements (valeur « 13,69 »)"

# --format xlsx (issue 18): one workbook per site, one sheet per machine
# (IRM7, TDM7 in id order), the same report as the PDF: the sheet's tables,
# then the heat map as 7 rows (lun. ... dim.) of 24 cells (0 h ... 23 h)
run report machines "${camp[@]}" --output books --format xlsx
expect_status 0 "report machines --format xlsx"
expect_line out "books/fiches_750000010.xlsx: 2 équipements, 2 feuilles"
expect_line out "books/fiches_750000028.xlsx: 1 équipement, 1 feuille"
checks=$((checks + 1))
[ "$(ls books | tr '\n' ' ')" = "fiches_750000010.xlsx fiches_750000028.xlsx " ] ||
  fail "workbooks: $(ls books)"
if command -v python3 >/dev/null; then
  # TDM7's grid by hand (tests/unit/test_heatmap.c): lun. 0 h 0.25, 8 h 0.25,
  # 9 h 0.125, 10 h 0.5; mar. 23 h 1/6, mer. 0 h 1/6; dim. 1 h 0.25, 2 h 0.5,
  # 23 h 0.5; every other cell 0. Fill = white to dark blue (0.05, 0.20,
  # 0.50) in proportion of the share, as the PDF's and the SVG's cells:
  # 0 -> FFFFFF; 0.25 -> (1 - 0.95/4, 1 - 0.8/4, 1 - 0.5/4) * 255 = (194.4,
  # 204, 223.1) = C2CCDF; 0.5 -> (133.9, 153, 191.3) = 8699BF; 1/6 ->
  # (214.6, 221, 233.8) = D7DDEA.
  checks=$((checks + 1))
  python3 - books/fiches_750000010.xlsx <<'PY' || fail "the TDM7 sheet of fiches_750000010.xlsx"
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = re.findall(r'<sheet name="([^"]*)"', z.read('xl/workbook.xml').decode())
assert names == ['IRM7', 'TDM7'], names
strings = [re.sub(r'<[^>]*>', '', si) for si in
           re.findall(r'<si>(.*?)</si>', z.read('xl/sharedStrings.xml').decode(), re.S)]
styles = z.read('xl/styles.xml').decode()
fills = re.findall(r'<fill>(.*?)</fill>', re.search(r'<fills[^>]*>(.*?)</fills>', styles, re.S).group(1), re.S)
xfs = re.findall(r'<xf [^>]*?(?:/>|>.*?</xf>)', re.search(r'<cellXfs[^>]*>(.*?)</cellXfs>', styles, re.S).group(1), re.S)
numfmts = dict(re.findall(r'<numFmt numFmtId="(\d+)" formatCode="([^"]*)"', styles))
def fill_of(s):
    xf = xfs[int(s)]
    f = fills[int(re.search(r'fillId="(\d+)"', xf).group(1))]
    m = re.search(r'<fgColor rgb="FF([0-9A-F]{6})"', f)
    return m.group(1) if m else None
def numfmt_of(s):
    return numfmts.get(re.search(r'numFmtId="(\d+)"', xfs[int(s)]).group(1))
cells = {}
for ref, attrs, v in re.findall(r'<c r="([A-Z]+\d+)"([^>]*)>(?:<f>[^<]*</f>)?<v>([^<]*)</v></c>',
                                z.read('xl/worksheets/sheet2.xml').decode()):
    s = re.search(r' s="(\d+)"', attrs)
    text = strings[int(v)] if 't="s"' in attrs else None
    cells[ref] = (text, float(v) if text is None else None, s.group(1) if s else '0')
def col(ref): return re.match(r'[A-Z]+', ref).group(0)
def row(ref): return int(re.search(r'\d+', ref).group(0))
texts = {c[0] for c in cells.values() if c[0]}
for want in ["TDM7 — scanner, site FINESS 750000010",
             "Fiche de l'équipement TDM7 (Scanner, FINESS 750000010)", "Rang centile", "Médiane",
             "Temps d'ouverture au programmé", "Qualité des données",
             "Activité par heure et jour de la semaine"]:
    assert want in texts, want
kept = [r for r, c in cells.items() if c[0] == 'Examens retenus' and col(r) == 'A']
assert len(kept) == 1 and cells['B%d' % row(kept[0])][1] == 7, kept
days = ['lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.', 'dim.']
first = [row(r) for r, c in cells.items() if c[0] == 'lun.' and col(r) == 'A']
assert len(first) == 1, first
top = first[0]
columns = [chr(ord('B') + h) if h < 25 else None for h in range(24)]
assert [cells['%s%d' % (columns[h], top - 1)][0] for h in range(24)] == [str(h) for h in range(24)]
want = {(0, 0): .25, (0, 8): .25, (0, 9): .125, (0, 10): .5, (1, 23): 1 / 6, (2, 0): 1 / 6,
        (6, 1): .25, (6, 2): .5, (6, 23): .5}
colour = {0: 'FFFFFF', .25: 'C2CCDF', .5: '8699BF', 1 / 6: 'D7DDEA'}
grid = 0
for d in range(7):
    assert cells['A%d' % (top + d)][0] == days[d], d
    for h in range(24):
        text, value, s = cells['%s%d' % (columns[h], top + d)]
        v = want.get((d, h), 0)
        assert text is None and abs(value - v) < 1e-12, (d, h, value)
        if v in colour:
            assert fill_of(s) == colour[v], (d, h, fill_of(s))
        assert numfmt_of(s) == '0%', (d, h, numfmt_of(s))
        grid += 1
assert grid == 168
assert 'Y%d' % top in cells and 'Z%d' % top not in cells
PY
else
  skip_part "the workbook's sheets (python3 missing)"
fi

# on the demo's generator (a small campaign): one workbook per site, as
# many as the PDF files and the distinct FINESS of equipment.csv
run generate imaging --ct 4 --mri 3 --days 7 --seed 3 --out gen
expect_status 0 "generate imaging"
gen=(--equipment gen/equipment.csv --sessions gen/sessions.csv --exams gen/exams.csv)
run report machines "${gen[@]}" --output gen_pdf
expect_status 0 "demo: pdf"
run report machines "${gen[@]}" --output gen_xlsx --format xlsx
expect_status 0 "demo: xlsx"
checks=$((checks + 1))
sites=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "finess") c = i; next }
                 { print $c }' gen/equipment.csv | sort -u | wc -l)
[ "$sites" -gt 1 ] && [ "$(ls gen_xlsx | wc -l)" = "$sites" ] &&
  [ "$(ls gen_xlsx | sed 's/xlsx$//')" = "$(ls gen_pdf | sed 's/pdf$//')" ] ||
  fail "demo: $sites sites, workbooks $(ls gen_xlsx | tr '\n' ' '), PDF $(ls gen_pdf | tr '\n' ' ')"

run report machines "${camp[@]}" --output x --format csv
expect_status 2 "csv"
expect_line err "eml: option --format : attendu pdf ou xlsx (valeur « csv »)"
run report machines "${camp[@]}"
expect_status 2 "no --output"
expect_line err "eml: l'option --output est obligatoire"
run report machines --output x
expect_status 2 "no files"

run report machines "${camp[@]}" --output /nonexistent/dir
expect_status 3 "unwritable"
finish
