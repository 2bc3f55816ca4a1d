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
#    machines (403, nothing stored), a file above 64 MiB (413).
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
post "$work/etab75" -F campaign=x "${files[@]}"
expect_code 403 "no CSRF token"
login etab92 "$work/etab92"
post "$work/etab92" -F "csrf=$token" -F campaign=x "${files[@]}"
expect_code 403 "an etablissement of 92 sending machines of 75"
checks=$((checks + 1))
grep -qF "la machine M00001 (FINESS 750000010) n'est pas d'un site de ce compte" <<<"$body" ||
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
post "$work/etab75" -F "csrf=$token" -F campaign=demo "${files[@]}"
expect_code 200 "upload"
checks=$((checks + 1))
grep -qF '<p class="done">Campagne demo enregistrée : 30 machines, 1742 sessions, 16947 examens.</p>' \
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
grep -qF 'Campagne bad enregistrée : 30 machines, 1742 sessions, 16944 examens ; 3 mauvaise(s) ligne(s) écartée(s).' \
  <<<"$body" || fail "upload with rejects: $body"
checks=$((checks + 1))
[ "$(stored bad)" = 1 ] || fail "the campaign with rejects not stored"
serve_stop
finish
