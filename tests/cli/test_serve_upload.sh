#!/usr/bin/env bash
# test_serve_upload.sh — a campaign sent through the dashboard (issue 16
# item 4; docs/dashboard.md "Sending a campaign"), with curl -F on the
# loopback:
#  - the demo campaign (30 machines at FINESS 75...) sent by an
#    etablissement of prefix 75 is stored exactly as `eml imaging import`
#    stores it into another store (the same report of the stored campaign,
#    to the byte) and its audit entry names the account;
#  - 3 bad rows: 422 and each listed as `FILE:LINE: colonne NAME : ... (value
#    'X')` with the file name the browser sent, nothing stored; with the
#    rejects box ticked the good rows are stored and the 3 still listed;
#  - refused: not logged in (302, before the body is read), a lecteur
#    (403), no CSRF token (403), an etablissement sending another site's
#    machines (403, nothing stored), a file above 64 MiB (413);
#  - the stored campaign on the imaging pages at once (the store's version
#    moved: the answers kept before are dropped): /imaging links it,
#    /imaging?campaign=demo&format=csv and /api/imaging?campaign=demo are
#    `eml imaging report --campaign demo --format csv|json` of the same
#    store to the byte, a machine's sheet `eml imaging machine ID --campaign
#    demo`'s JSON; the sheet for the accounts that see its site only;
#  - with the box ticked, the rejects file linked from the page is the one
#    `eml imaging import --rejects` writes, to the byte, and another
#    account or session gets 404;
#  - the progress bar of the form, filled by /eml.js (served as
#    text/javascript; the policy's connect-src 'self' lets it send the
#    form), the form still sent without the script (curl).
set -u
source "$EML_SOURCE_DIR/tests/cli/lib.sh"
source "$EML_SOURCE_DIR/tests/browser/serve_demo.sh"

serve_make_demo "$work/demo" || { echo "FAIL: demo data"; exit 1; }
D=$work/demo
for spec in "lect --role lecteur" "etab75 --role etablissement --finess 75" \
            "etab92 --role etablissement --finess 92"; do
  # shellcheck disable=SC2086
  printf 'secret123\nsecret123\n' | "$eml" user add $spec --db "$D/eml.db" >/dev/null ||
    fail "user add $spec"
done
serve_start "$D" || exit 1
U=$SERVE_URL

post() { # post JAR [CURL OPTIONS]: POST /upload; $code, $body
  local jar=$1
  shift
  code=$(curl -s -o "$work/body" -w '%{http_code}' --max-time 60 -b "$jar" "$@" "$U/upload")
  body=$(cat "$work/body")
}
expect_code() {
  checks=$((checks + 1))
  [ "$code" = "$1" ] || fail "$2: HTTP $code, expected $1 (body: ${body:0:300})"
}
login() { # login NAME JAR: a session in JAR, its upload token in $token
  rm -f "$2"
  curl -s -o "$work/form" -c "$2" "$U/login"
  local t
  t=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$work/form")
  curl -s -o /dev/null -b "$2" -c "$2" --data-urlencode "csrf=$t" -d "name=$1" \
    -d password=secret123 "$U/login"
  curl -s -o "$work/form" -b "$2" "$U/logout" # the session's token (the upload form's too)
  token=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$work/form")
  checks=$((checks + 1))
  [ ${#token} = 64 ] || fail "login $1: no session ($(head -c 300 "$work/form"))"
}
files=(-F "equipment=@$D/img/equipment.csv" -F "sessions=@$D/img/sessions.csv"
       -F "exams=@$D/img/exams.csv")
stored() { bash "$src/tests/tools/store-sql.sh" "$D/eml.db" \
  "SELECT count(*) FROM imaging_campaign WHERE name = '$1'"; }

# ---- refused ------------------------------------------------------------------
post /dev/null -F campaign=x "${files[@]}"
expect_code 302 "not logged in"
login lect "$work/lect"
post "$work/lect" -F "csrf=$token" -F campaign=x "${files[@]}"
expect_code 403 "a lecteur"
login etab75 "$work/etab75"
checks=$((checks + 1))
curl -s -b "$work/etab75" "$U/upload" | grep -qF "name=\"csrf\" value=\"$token\"" ||
  fail "the upload form does not carry the session's token"
# the progress of the sending (issue 18 item 2): the form carries the
# progress bar the page's one script (/eml.js, no inline script) fills from
# XMLHttpRequest's upload.onprogress; the policy lets it send to this server
# alone; without the script (curl, here) the form is a plain POST
curl -s -D "$work/headers" -o "$work/form" -b "$work/etab75" "$U/upload"
checks=$((checks + 1))
grep -qF '<form id="upload-form" method="post" action="/upload" enctype="multipart/form-data">' \
  "$work/form" && grep -qF '<p id="upload-progress" hidden><progress max="100" value="0"></progress>' \
  "$work/form" || fail "the upload form's progress bar: $(cat "$work/form")"
checks=$((checks + 1))
[ "$(grep -c '<script' "$work/form")" = 1 ] && grep -qF '<script src="/eml.js"></script>' "$work/form" ||
  fail "the upload page's scripts: $(grep '<script' "$work/form")"
checks=$((checks + 1))
grep -qiF "content-security-policy: default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'" \
  "$work/headers" || fail "the upload page's policy: $(cat "$work/headers")"
curl -s -D "$work/headers" -o "$work/eml.js" -b "$work/etab75" "$U/eml.js"
checks=$((checks + 1))
grep -qiF 'content-type: text/javascript; charset=utf-8' "$work/headers" &&
  grep -qF "x.upload.onprogress=function(ev)" "$work/eml.js" &&
  grep -qF "getElementById('upload-form')" "$work/eml.js" ||
  fail "/eml.js: the upload's progress: $(cat "$work/headers")"
if command -v node >/dev/null; then # the script parses
  checks=$((checks + 1))
  node --check "$work/eml.js" 2>"$work/node.err" || fail "/eml.js does not parse: $(cat "$work/node.err")"
fi
post "$work/etab75" -F campaign=x "${files[@]}"
expect_code 403 "no CSRF token"
login etab92 "$work/etab92"
post "$work/etab92" -F "csrf=$token" -F campaign=x "${files[@]}"
expect_code 403 "an etablissement of 92 sending machines of 75"
checks=$((checks + 1))
# the sentence from the catalogue, escaped as every text of a page (' as &#39;)
grep -qF '<p class="error">l&#39;équipement M00001 (FINESS 750000010) n&#39;est pas d&#39;un site de ce compte : rien n&#39;est enregistré</p>' <<<"$body" ||
  fail "foreign machine message: $body"
checks=$((checks + 1))
[ "$(stored x)" = 0 ] || fail "a refused campaign was stored"
head -c $((64 * 1024 * 1024 + 1)) /dev/zero | tr '\0' 'a' >"$work/big.csv"
login etab75 "$work/etab75"
post "$work/etab75" -F "csrf=$token" -F campaign=x -F "equipment=@$work/big.csv" \
  -F "sessions=@$D/img/sessions.csv" -F "exams=@$D/img/exams.csv"
expect_code 413 "a file above 64 MiB"
rm -f "$work/big.csv"

# ---- the demo campaign, as eml imaging import stores it ----------------------------
# (into a copy of the store made before: the report of a stored campaign
# takes the register's sites of its store)
cp "$D/eml.db" "$work/cli.db"
curl -s -b "$work/etab75" -o "$work/before" "$U/imaging"
checks=$((checks + 1))
grep -qF 'campaign=demo' "$work/before" && fail "/imaging names demo before its upload"
post "$work/etab75" -F "csrf=$token" -F campaign=demo "${files[@]}"
expect_code 200 "upload"
checks=$((checks + 1))
grep -qF '<p class="done">Campagne demo enregistrée : 30 équipements, 1742 vacations, 16947 examens.</p>' \
  <<<"$body" || fail "upload page: $body"
"$eml" imaging import --campaign demo --db "$work/cli.db" --equipment "$D/img/equipment.csv" \
  --sessions "$D/img/sessions.csv" --exams "$D/img/exams.csv" >/dev/null || fail "CLI import"
"$eml" imaging report --campaign demo --db "$work/cli.db" --format json >"$work/cli.json"
"$eml" imaging report --campaign demo --db "$D/eml.db" --format json >"$work/up.json"
checks=$((checks + 1))
[ -s "$work/cli.json" ] && cmp -s "$work/cli.json" "$work/up.json" ||
  fail "the uploaded campaign reads differently from the CLI's import"
checks=$((checks + 1))
[ "$(bash "$src/tests/tools/store-sql.sh" "$D/eml.db" \
  "SELECT \"user\" || ' ' || action || ' ' || entity FROM audit WHERE key = 'demo'")" = \
  "etab75 import imaging" ] || fail "audit of the upload: $(bash "$src/tests/tools/store-sql.sh" \
  "$D/eml.db" "SELECT * FROM audit WHERE key = 'demo'")"

# ---- the stored campaign on the imaging pages ----------------------------------------
get() { # get JAR PATH: $code, $body
  code=$(curl -s -o "$work/body" -w '%{http_code}' --max-time 60 -b "$1" "$U$2")
  body=$(cat "$work/body")
}
get "$work/etab75" "/imaging?campaign=demo&format=csv"
expect_code 200 "the stored campaign's CSV"
"$eml" imaging report --campaign demo --db "$D/eml.db" --format csv >"$work/cli.csv"
checks=$((checks + 1))
[ -s "$work/cli.csv" ] && cmp -s "$work/cli.csv" "$work/body" ||
  fail "/imaging?campaign=demo&format=csv differs from eml imaging report --campaign demo --format csv"
get "$work/etab75" "/api/imaging?campaign=demo"
checks=$((checks + 1))
cmp -s "$work/up.json" "$work/body" || fail "/api/imaging?campaign=demo differs from the CLI's JSON"
get "$work/etab75" "/imaging"
checks=$((checks + 1))
grep -qF '<a href="/imaging?campaign=demo">demo</a>' <<<"$body" ||
  fail "/imaging does not link the stored campaign: ${body:0:2000}"
get "$work/etab75" "/imaging?campaign=demo"
expect_code 200 "the stored campaign's page"
checks=$((checks + 1))
grep -qF '<h1>Imagerie : campagne demo</h1>' <<<"$body" &&
  grep -qF 'href="/imaging/machine/M00001?campaign=demo"' <<<"$body" ||
  fail "the campaign's page: title or sheet links: ${body:0:2000}"
# the page's tables are --format html's (the machine list and the charts
# aside): each table of the CLI's HTML is in the page
"$eml" imaging report --campaign demo --db "$D/eml.db" --format html |
  python3 -c '
import re, sys
cli = sys.stdin.read(); page = open(sys.argv[1]).read()
tables = re.findall(r"<table>.*?</table>", cli, re.S)
missing = [t[:80] for t in tables if t not in page]
print(len(tables), len(missing)); sys.exit(1 if missing or not tables else 0)' "$work/body"   >"$work/tables" || fail "the page's tables differ from --format html's: $(cat "$work/tables")"
checks=$((checks + 1))
get "$work/etab75" "/api/imaging/machine/M00001?campaign=demo"
"$eml" imaging machine M00001 --campaign demo --db "$D/eml.db" --format json >"$work/m.json"
checks=$((checks + 1))
[ -s "$work/m.json" ] && cmp -s "$work/m.json" "$work/body" ||
  fail "the stored campaign's machine sheet differs from eml imaging machine --campaign"
get "$work/etab92" "/imaging/machine/M00001?campaign=demo"
expect_code 403 "an etablissement of 92, a machine of 75 in a stored campaign"
checks=$((checks + 1))
grep -qF "Erreur 403 : ce compte n&#39;a pas accès à cette page" <<<"$body" || fail "403: ${body:0:300}"
get "$work/etab75" "/imaging/machine/M00001?campaign=demo"
expect_code 200 "an etablissement of 75, its machine in a stored campaign"
checks=$((checks + 1))
grep -qF '<a href="/imaging?campaign=demo">' <<<"$body" || fail "the sheet's way back: ${body:0:1500}"
get "$work/lect" "/imaging/machine/M00001?campaign=demo"
expect_code 403 "a lecteur, a machine sheet of a stored campaign"
get "$work/etab75" "/imaging?campaign=nope"
expect_code 404 "an unknown campaign"
checks=$((checks + 1))
grep -qF "Erreur 404 : paramètre campaign : aucune campagne de ce nom dans le stockage" \
  <<<"$body" || fail "unknown campaign: $body"

# ---- 3 bad rows -------------------------------------------------------------------
cp "$D/img/exams.csv" "$work/exams_bad.csv"
sed -i '3s/,A,/,Z,/; 5s/2010-02-01T/2010-13-01T/; 7s/M00001/M99999/' "$work/exams_bad.csv"
bad=(-F "equipment=@$D/img/equipment.csv" -F "sessions=@$D/img/sessions.csv"
     -F "exams=@$work/exams_bad.csv;filename=examens.csv")
post "$work/etab75" -F "csrf=$token" -F campaign=bad "${bad[@]}"
expect_code 422 "3 bad rows"
"$eml" imaging import --campaign bad --db "$work/cli.db" --equipment "$D/img/equipment.csv" \
  --sessions "$D/img/sessions.csv" --exams "$work/exams_bad.csv" 2>"$work/cli.err" >/dev/null
sed -n "s|^eml: $work/exams_bad.csv:\([0-9]\)|examens.csv:\1|p" "$work/cli.err" | sed "s/'/\&#39;/g" >"$work/expected"
checks=$((checks + 1))
[ "$(wc -l <"$work/expected")" = 3 ] || fail "the CLI's rejects: $(cat "$work/cli.err")"
while read -r line; do
  checks=$((checks + 1))
  grep -qF "<li>$line</li>" <<<"$body" || fail "reject not listed: $line"
done <"$work/expected"
checks=$((checks + 1))
[ "$(stored bad)" = 0 ] || fail "a campaign with bad rows was stored"
post "$work/etab75" -F "csrf=$token" -F campaign=bad -F rejects=1 "${bad[@]}"
expect_code 200 "3 bad rows, rejects kept aside"
checks=$((checks + 1))
grep -qF 'Campagne bad enregistrée : 30 équipements, 1742 vacations, 16944 examens ; 3 mauvaises lignes écartées.' \
  <<<"$body" || fail "upload with rejects: $body"
checks=$((checks + 1))
[ "$(stored bad)" = 1 ] || fail "the campaign with rejects not stored"
while read -r line; do # the page lists them with the rejects kept aside too
  checks=$((checks + 1))
  grep -qF "<li>$line</li>" <<<"$body" || fail "reject not listed (rejects kept): $line"
done <"$work/expected"
# the rejects file: what `eml imaging import --rejects rejets.csv` writes for
# the files named as the browser named them (rejets.examens.csv), for this
# session alone
link=$(sed -n 's|.*<a download href="\(/upload?rejets=[0-9a-f]*\)">rejets.examens.csv</a> (3 lignes ; gardé 60 min pour cette session).*|\1|p' \
  <<<"$body")
checks=$((checks + 1))
[ -n "$link" ] || fail "no link to the rejects file: $body"
mkdir -p "$work/named"
cp "$D/img/equipment.csv" "$D/img/sessions.csv" "$work/named/"
cp "$work/exams_bad.csv" "$work/named/examens.csv"
(cd "$work/named" && "$eml" imaging import --campaign bad --db "$work/cli.db" \
  --equipment equipment.csv --sessions sessions.csv --exams examens.csv \
  --rejects rejets.csv >/dev/null 2>&1)
checks=$((checks + 1))
[ "$(wc -l <"$work/named/rejets.examens.csv")" = 4 ] || fail "the CLI's rejects file"
code=$(curl -s -D "$work/headers" -o "$work/rejects.csv" -w '%{http_code}' -b "$work/etab75" \
  "$U$link")
expect_code 200 "the rejects file"
checks=$((checks + 1))
cmp -s "$work/named/rejets.examens.csv" "$work/rejects.csv" ||
  fail "the rejects file differs from the CLI's: $(diff "$work/named/rejets.examens.csv" "$work/rejects.csv" | head -5)"
checks=$((checks + 1))
grep -qiF 'content-disposition: attachment; filename="rejets.examens.csv"' "$work/headers" &&
  grep -qiF 'content-type: text/csv; charset=utf-8' "$work/headers" ||
  fail "the rejects file's headers: $(cat "$work/headers")"
code=$(curl -s -o "$work/body" -w '%{http_code}' -b "$work/etab92" "$U$link")
body=$(cat "$work/body")
expect_code 404 "the rejects file asked by another account"
checks=$((checks + 1))
grep -qF "Erreur 404 : fichier des rejets inconnu ou expiré (il n&#39;est gardé qu&#39;une heure, pour la session qui a envoyé les fichiers)" \
  <<<"$body" || fail "another account's message: ${body:0:400}"
login etab75 "$work/etab75"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$work/etab75" "$U$link")
expect_code 404 "the rejects file asked by another session of the same account"
serve_stop
finish
