#!/usr/bin/env bash
# test_demo_bilan.sh — the demo data through eml itself (registry.md,
# "Reference data to reproduce"): import data/idf-2017 into a fresh store,
# compute the balance at 2017-10-01 for SROS3-PRS and compare it with the
# published tables (published.tsv, copied from seed 000). Every cell must
# agree except the one the seed gets wrong: 94, CT, interventional gap
# printed (1) where now (2) - upper bound (3) = (-1). So --compare must exit
# 1 and report exactly that cell.
set -u
src=${EML_SOURCE_DIR:-$(cd "${0%/*}/../.." && pwd)}
data=$src/data/idf-2017
eml=${EML:?EML must name the eml binary}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$eml" init --db "$work/t.db" >/dev/null || fail "init"
for f in sites equipment targets notes; do
  "$eml" import "$f" "$data/$f.csv" --db "$work/t.db" >"$work/import.out" 2>&1 ||
    fail "import $f: $(cat "$work/import.out")"
  grep -q ", 0 rejetée$" "$work/import.out" || fail "import $f: $(cat "$work/import.out")"
done

"$eml" bilan --db "$work/t.db" --at 2017-10-01 --period SROS3-PRS \
  --compare "$data/published.tsv" >"$work/compare.out" 2>&1
status=$?
cat "$work/compare.out"
[ "$status" -eq 1 ] || fail "bilan --compare exit status $status, expected 1 (one published cell differs)"
grep -q "6 tableaux, 54 lignes, 495 cellules comparées, 1 différente" "$work/compare.out" ||
  fail "expected 495 cells compared (6 tables: 10+10+9+10+8+8 cells a row, 9 rows) and exactly 1 differing"
grep -F "94" "$work/compare.out" | grep -F "publié « -2 (1) »" | grep -qF "calculé « -2 (-1) »" ||
  fail "the differing cell is not 94 CT, published '-2 (1)', computed '-2 (-1)'"
echo "OK: the demo data reproduce the published balance but the one inconsistent cell"
