#!/usr/bin/env bash
# test_serve_report.sh — the dashboard and the command line ask libeml for
# the same report (issue 12, eml/report.h). With --imaging-dir holding
# sites.csv and appointments.csv besides equipment, sessions and exams (the
# hand-made campaign of tests/data/imaging/sites, its Monday template as
# dated sessions):
#  - /api/imaging is the JSON of `eml imaging report --sites --appointments
#    --format json`: the same tables, titles, columns and cells, the
#    breakdowns by legal status and département and figures 1 and 2 among
#    them (named here, so that the check cannot pass on two empty reports);
#  - the page /imaging shows those tables as the HTML renderer writes them
#    (the bytes of `--format html`'s body, between "Synthèse nationale" and
#    the charts), then the charts of `eml report imaging`: as many inline
#    SVG figures as `--charts DIR` writes charts, none naming a URL;
#  - a bad row in sites.csv stops `eml serve` at start (exit 1) with a
#    message that does not advise --rejects, which `eml serve` does not take.
set -u
source "$EML_SOURCE_DIR/tests/cli/lib.sh"
source "$EML_SOURCE_DIR/tests/browser/serve_demo.sh"
data=$src/tests/data/imaging/sites
D=$work/demo
mkdir -p "$D/img"
"$eml" init --db "$D/eml.db" >/dev/null || fail "eml init"
cp "$data/equipment.csv" "$data/exams.csv" "$data/sites.csv" "$data/appointments.csv" "$D/img/"
# the weekly template's Mondays (weekday 1) of the exams' week, as intervals
awk -F, 'NR == 1 { print "equipment_id,start,end,type"; next }
  { printf "%s,2024-04-08T%s:00,2024-04-08T%s:00,%s\n", $1, $3, $4, $5 }' \
  "$data/schedule.csv" >"$D/img/sessions.csv"
img=(--equipment "$D/img/equipment.csv" --sessions "$D/img/sessions.csv" --exams "$D/img/exams.csv"
  --sites "$D/img/sites.csv" --appointments "$D/img/appointments.csv")

serve_start "$D" || exit 1
code=$(curl -s -o "$work/api.json" -w '%{http_code}' --max-time 20 "$SERVE_URL/api/imaging")
checks=$((checks + 1))
[ "$code" = 200 ] || fail "/api/imaging: HTTP $code"
code=$(curl -s -o "$work/page.html" -w '%{http_code}' --max-time 20 "$SERVE_URL/imaging")
checks=$((checks + 1))
[ "$code" = 200 ] || fail "/imaging: HTTP $code"
serve_stop

# the API is the command line's JSON, breakdowns and appointment figures included
"$eml" imaging report "${img[@]}" --format json >"$work/cli.json" 2>/dev/null || fail "imaging report json"
checks=$((checks + 1))
cmp -s <(jq -S . "$work/api.json") <(jq -S . "$work/cli.json") ||
  fail "/api/imaging differs from eml imaging report --format json:
$(diff <(jq -S . "$work/cli.json") <(jq -S . "$work/api.json") | head -20)"
for id in imaging_legal_status appointment_delays_ct appointment_delays_mri \
  imaging_legal_status_medians_ct imaging_territory_medians_mri; do
  checks=$((checks + 1))
  [ "$(jq --arg id "$id" '[.tables[] | select(.id == $id)] | length' "$work/api.json")" = 1 ] ||
    fail "/api/imaging: no table $id"
done
# sites.csv's statuses (570000026 has no machine; 130000011's site is not in
# it) and the départements of the machines' FINESS
checks=$((checks + 1))
[ "$(jq -r '.tables[] | select(.id == "imaging_legal_status") | .rows[].legal_status' \
  "$work/api.json" | tr '\n' ,)" = "CH,PRIVE,Statut inconnu,Total," ] ||
  fail "/api/imaging: the rows by legal status"
checks=$((checks + 1))
[ "$(jq -r '.tables[] | select(.id == "imaging_territory_medians_ct") | .rows[].territory' \
  "$work/api.json" | tr '\n' ,)" = "13,57,67,75,Ensemble," ] ||
  fail "/api/imaging: the scanners' départements"

# the page's tables are the HTML renderer's, byte for byte
"$eml" imaging report "${img[@]}" --format html >"$work/cli.html" 2>/dev/null || fail "imaging report html"
sed -n '/^<body>$/,/^<\/body>$/p' "$work/cli.html" | sed '1d;$d' >"$work/cli_tables.html"
sed -n '/^<h2>Synthèse nationale<\/h2>$/,/^<h2>Graphiques<\/h2>$/p' "$work/page.html" |
  sed '1d;$d' >"$work/page_tables.html"
checks=$((checks + 1))
[ -s "$work/cli_tables.html" ] && cmp -s "$work/cli_tables.html" "$work/page_tables.html" ||
  fail "/imaging: the tables differ from eml imaging report --format html:
$(diff "$work/cli_tables.html" "$work/page_tables.html" | head -10)"
checks=$((checks + 1))
[ "$(grep -c '<caption>' "$work/page_tables.html")" = "$(jq '.tables | length' "$work/cli.json")" ] ||
  fail "/imaging: $(grep -c '<caption>' "$work/page_tables.html") tables shown, the CLI has $(jq '.tables | length' "$work/cli.json")"

# the charts of the PDF report, inline
"$eml" report imaging "${img[@]}" --format pdf --output "$work/r.pdf" --charts "$work/charts" \
  2>/dev/null || fail "report imaging"
want=$(ls "$work/charts" | grep -c '\.svg$')
shown=$(grep -c '^<figure class="chart">$' "$work/page.html")
checks=$((checks + 1))
[ "$want" -ge 27 ] && [ "$shown" = "$want" ] ||
  fail "/imaging: $shown charts shown, eml report imaging writes $want"
# each chart keeps its own glyphs: ids prefixed per chart, no URL in the page
checks=$((checks + 1))
[ "$(grep -o ' id="chart[0-9]*-glyph0-1"' "$work/page.html" | sort -u | wc -l)" = "$want" ] ||
  fail "/imaging: the charts' glyph ids are not one set per chart"
checks=$((checks + 1))
! sed 's|<script src="/eml.js"></script>||' "$work/page.html" | grep -qiE '(src=|<link|https?://)' ||
  fail "/imaging: an external asset or URL (the one script is /eml.js, of the same server)"

# a bad row of sites.csv: the server does not start, and says why
printf '123,Bad,75,CH\n' >>"$D/img/sites.csv"
"$eml" serve --db "$D/eml.db" --imaging-dir "$D/img" --port 0 >"$work/out" 2>"$work/err" &
pid=$!
for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then
  kill -TERM "$pid"
  fail "a bad row of sites.csv: the server started"
fi
wait "$pid"
status=$?
err=$(cat "$work/err")
expect_status 1 "a bad row of sites.csv"
expect_contains err "$D/img/sites.csv:6: colonne finess :"
expect_line err "eml: $D/img: 1 mauvaise ligne : le panel n'est pas servi (la corriger d'abord)"
checks=$((checks + 1))
! grep -q -- '--rejects' "$work/err" || fail "the server's message advises --rejects: $err"
finish
