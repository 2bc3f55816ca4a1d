#!/usr/bin/env bash
# test_serve_browser_upload.sh — a campaign sent through the dashboard in a
# real browser (issue 16 item 4, issue 18 item 2): on the demo data
# (tests/browser/serve_demo.sh) with an ars account, tests/browser/upload.mjs
# logs in in Debian's headless Chromium (playwright-core:
# tests/browser/browser_setup.sh; skipped, 77, without it), fills /upload
# with the demo campaign's three files (setInputFiles: the DevTools
# protocol sets the file inputs, headless), sends it and checks the result
# page and the progress shown; then this script checks that the stored
# campaign reads as `eml imaging import` of the same files into a copy of
# the store made before (the same report, to the byte), and that the
# rejects file downloaded by the browser is the CLI's. Screenshots (1,400 x
# 1,000): BUILD/serve-screens/upload*.png.
set -u
source "$EML_SOURCE_DIR/tests/cli/lib.sh"
source "$EML_SOURCE_DIR/tests/browser/serve_demo.sh"
source "$EML_SOURCE_DIR/tests/browser/browser_setup.sh"

build=$(cd "$(dirname "$EML")" && pwd)
browser_ready "$build" "$work" # exits 77 without Chromium, node or playwright-core
cp "$EML_SOURCE_DIR/tests/browser/upload.mjs" "$EML_SOURCE_DIR/tests/browser/chromium.mjs" \
  "$NODE_DIR/"

serve_make_demo "$work/demo" || { echo "FAIL: demo data"; exit 1; }
D=$work/demo
printf 'secret123\nsecret123\n' | "$eml" user add agence --role ars --db "$D/eml.db" >/dev/null ||
  fail "user add"
cp "$D/eml.db" "$work/cli.db"
mkdir -p "$work/named"
cp "$D/img/equipment.csv" "$D/img/sessions.csv" "$work/named/"
cp "$D/img/exams.csv" "$work/named/examens.csv"
sed -i '3s/,A,/,Z,/; 5s/2010-02-01T/2010-13-01T/; 7s/M00001/M99999/' "$work/named/examens.csv"

serve_start "$D" || exit 1
shots=$build/serve-screens
mkdir -p "$shots"
rm -f "$shots/rejets.examens.csv"
SERVE_URL=$SERVE_URL ACCOUNT=agence PASSWORD=secret123 IMG_DIR=$D/img \
  BAD_EXAMS=$work/named/examens.csv SHOT_DIR=$shots USER_DATA_DIR=$work/chromium-profile \
  timeout 300 node "$NODE_DIR/upload.mjs"
browser_status=$?
serve_stop
checks=$((checks + 1))
[ "$browser_status" -eq 0 ] || fail "the browser test failed (status $browser_status)"

"$eml" imaging import --campaign demo --db "$work/cli.db" --equipment "$D/img/equipment.csv" \
  --sessions "$D/img/sessions.csv" --exams "$D/img/exams.csv" >/dev/null || fail "CLI import"
for f in json csv; do
  "$eml" imaging report --campaign demo --db "$work/cli.db" --format $f >"$work/cli.$f"
  "$eml" imaging report --campaign demo --db "$D/eml.db" --format $f >"$work/up.$f"
  checks=$((checks + 1))
  [ -s "$work/cli.$f" ] && cmp -s "$work/cli.$f" "$work/up.$f" ||
    fail "the campaign sent by the browser reads differently from the CLI's import ($f)"
done
(cd "$work/named" && "$eml" imaging import --campaign bad --db "$work/cli.db" \
  --equipment equipment.csv --sessions sessions.csv --exams examens.csv \
  --rejects rejets.csv >/dev/null 2>&1)
checks=$((checks + 1))
cmp -s "$work/named/rejets.examens.csv" "$shots/rejets.examens.csv" ||
  fail "the rejects file the browser downloaded differs from the CLI's"
checks=$((checks + 1))
[ "$SERVE_STATUS" -eq 0 ] || fail "eml serve after SIGTERM: exit status $SERVE_STATUS"
finish
