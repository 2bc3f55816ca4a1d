#!/usr/bin/env bash
# test_serve_browser.sh — the dashboard in a real browser: starts `eml serve`
# on the demo data (tests/browser/serve_demo.sh), writes the command line's
# JSON of the same data, and runs tests/browser/dashboard.mjs in Debian's
# headless Chromium with playwright-core (pinned in tests/browser/
# package.json, installed by npm into the build directory, never committed).
# Screenshots go to BUILD/serve-screens/. Chromium and playwright-core:
# tests/browser/browser_setup.sh (skipped, 77, when they cannot be had).
set -u
source "$EML_SOURCE_DIR/tests/cli/lib.sh"
source "$EML_SOURCE_DIR/tests/browser/serve_demo.sh"
source "$EML_SOURCE_DIR/tests/browser/browser_setup.sh"

build=$(cd "$(dirname "$EML")" && pwd)
browser_ready "$build" "$work" # exits 77 without Chromium, node or playwright-core
node_dir=$NODE_DIR
cp "$EML_SOURCE_DIR/tests/browser/dashboard.mjs" "$EML_SOURCE_DIR/tests/browser/chromium.mjs" \
  "$node_dir/"

serve_make_demo "$work/demo" || { echo "FAIL: demo data"; exit 1; }
D=$work/demo
cli=$work/cli
mkdir -p "$cli"
"$eml" bilan --db "$D/eml.db" --period SROS3-PRS --at 2017-10-01 --format json >"$cli/bilan.json"
img=(--equipment "$D/img/equipment.csv" --sessions "$D/img/sessions.csv" --exams "$D/img/exams.csv")
"$eml" imaging compute "${img[@]}" --format json --machines-csv "$cli/machines.csv" \
  >"$cli/imaging.json" 2>/dev/null
# the machine with most exams (the first after sorting "Examens" descending)
python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print(max(rows, key=lambda r: int(r["exams"]))["equipment_id"])' "$cli/machines.csv" >"$cli/top.txt"
"$eml" imaging machine "$(cat "$cli/top.txt")" "${img[@]}" --format json >"$cli/machine.json" 2>/dev/null
"$eml" rt report --year 2024 --db "$D/eml.db" --format json >"$work/report.json"
"$eml" rt check --year 2024 --db "$D/eml.db" --format json >"$work/check.json"
jq -s '{tables: (.[0].tables + .[1].tables)}' "$work/report.json" "$work/check.json" >"$cli/rt.json"

serve_start "$D" || exit 1
mkdir -p "$build/serve-screens"
SERVE_URL=$SERVE_URL CLI_DIR=$cli SHOT_DIR=$build/serve-screens USER_DATA_DIR=$work/chromium-profile \
  timeout 400 node "$node_dir/dashboard.mjs"
browser_status=$?
serve_stop
checks=$((checks + 1))
[ "$browser_status" -eq 0 ] || fail "the browser test failed (status $browser_status)"
checks=$((checks + 1))
[ "$SERVE_STATUS" -eq 0 ] || fail "eml serve after SIGTERM: exit status $SERVE_STATUS"
finish
