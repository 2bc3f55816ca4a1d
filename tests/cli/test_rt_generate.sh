#!/usr/bin/env bash
# test_rt_generate.sh — `eml generate radiotherapy`: the same seed writes the
# same files, another seed other files; the year holds complements, special
# techniques, inpatients, bifractionation and multi-machine visits; and
# `eml rt report` reads it without a rejected row, with saturated,
# approaching and non-conforming centres, and a teaching centre.
set -euo pipefail
source "$EML_SOURCE_DIR/tests/data/rt/cli_helpers.sh"
export EML_PSEUDONYM_KEY=$(cat "$D/test_key.hex")

run generate radiotherapy --centres 6 --year 2024 --seed 7 --out "$T/a"
expect_rc 0
run generate radiotherapy --centres 6 --year 2024 --seed 7 --out "$T/b"
expect_rc 0
diff -r "$T/a" "$T/b" >/dev/null || fail "the same seed gave other files"
run generate radiotherapy --centres 6 --year 2024 --seed 8 --out "$T/c"
expect_rc 0
! diff -q "$T/a/rt_sessions.csv" "$T/c/rt_sessions.csv" >/dev/null || fail "another seed gave the same sessions"

G="$T/a"
# complements (continues), special techniques, brachytherapy, inpatients
awk -F, 'NR > 1 && $9 != "" { n++ } END { exit !(n > 50) }' "$G/rt_courses.csv" || fail "no complements"
awk -F, 'NR > 1 && $6 != "STANDARD" { n++ } END { exit !(n > 50) }' "$G/rt_courses.csv" || fail "no special techniques"
awk -F, 'NR > 1 && $5 == "BRACHY" { n++ } END { exit !(n > 10) }' "$G/rt_courses.csv" || fail "no brachytherapy"
awk -F, 'NR > 1 && $6 == 1 { n++ } END { exit !(n > 100) }' "$G/rt_sessions.csv" || fail "no inpatients"
# bifractionation: a patient twice on one machine one day; multi-machine
# visits: a patient on two machines one day
awk -F, 'NR > 1 { day = substr($4, 1, 10); k = $1 SUBSEP day; m[k, $3]++; if (m[k, $3] == 2) bif++;
                   if (!((k, "seen") in s)) { s[k, "seen"] = $3 } else if (s[k, "seen"] != $3) multi[k] = 1 }
         END { for (k in multi) nm++; exit !(bif > 100 && nm > 100) }' "$G/rt_sessions.csv" \
  || fail "no bifractionation or multi-machine visits"

run rt report --year 2024 --dir "$G"
expect_rc 0
for f in rt_centres rt_machines rt_staff rt_courses rt_sessions; do
  has "^eml: $f.csv: [0-9]+ lignes? lues?, [0-9]+ chargées?, 0 rejetée$" err
done
has "^Centres de radiothérapie 2024 : synthèse régionale" out
# the first centre listed is saturated, and one has a temporary overload (a
# renewal: its L3 replaced L0 on 1 July)
first=$(grep -m1 -E '^[0-9]{9} ' "$T/out")
[[ "$first" == *SATURÉ* ]] || fail "the first centre is not saturated: $first"
has "^[0-9]{9} .* TEMPORAIRE " out
# the non-conforming centre (a cobalt beside a 6 MV accelerator, no network);
# in 2024 also check 15 of the 2023 regime: one accelerator, the cobalt is
# not one, and no derogation declared (the generator declares none)
has "^[0-9]{9} +Centre de rayons 5 .* 2, 3, 4, 5, .*8, 9, 15 " out
has "enseignement" out
! grep -q "PAT-" "$T/out" "$T/err" || fail "a patient identifier in clear"

run generate radiotherapy --centres 0 --year 2024 --seed 1 --out "$T/z"
expect_rc 2
echo "ok"
