#!/usr/bin/env bash
# test_bilan_cells.sh — the demo balance equals the seed's six tables cell
# for cell, checked without eml's own comparator: the CSV output (one row per
# line, ';'-separated) and data/idf-2017/published.tsv (copied from seed 000)
# are both reduced to their data rows (first field a département or Total),
# tab-separated, trailing empty cells dropped, and compared with diff. The
# only difference allowed is the inconsistent published cell: 94, CT,
# interventional gap printed (1) where 2 - 3 = -1.
source "${0%/*}/lib.sh"
data=$src/data/idf-2017
new_store
for f in sites equipment targets notes; do
  "$eml" import "$f" "$data/$f.csv" --db t.db >/dev/null || fail "import $f"
done
run bilan --db t.db --at 2017-10-01 --period SROS3-PRS --format csv
expect_status 0 "bilan csv"
rows() { tr -d '\r' | grep -E $'^([0-9]{2,3}|2A|2B|Total)[;\t]' | tr ';' '\t' | sed -E $'s/\t+$//'; }
rows <<<"$out" >computed.tsv
rows <"$data/published.tsv" >published.tsv
checks=$((checks + 1))
[ "$(wc -l <computed.tsv)" -eq 54 ] || fail "expected 54 data rows (6 tables x 9), got $(wc -l <computed.tsv)"
diff published.tsv computed.tsv >cells.diff
checks=$((checks + 1))
expected=$'7c7\n< 94\t25 (2)\t25 (3)\t27 (3)\t-2 (1)\tOUI\t17\t17\t18\t-1\tOUI\n---\n> 94\t25 (2)\t25 (3)\t27 (3)\t-2 (-1)\tOUI\t17\t17\t18\t-1\tOUI'
[ "$(cat cells.diff)" = "$expected" ] || fail "cells differing from the seed:
$(cat cells.diff)"
finish
