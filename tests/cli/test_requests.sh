#!/usr/bin/env bash
# test_requests.sh — `eml requests` on the demo register (issue #3
# acceptance): one more CT at a new site in 78 is NON RECEVABLE because
# sites 19 + 1 > 19 (devices 25 + 1 <= 26 hold); one more CT at an existing
# 78 site is RECEVABLE; 4 receivable MRI applications in 91 for 3 places
# (16 devices, upper bound 19) are announced; a creation at a site that
# already has a CT is flagged. Figures from seed 000's CT/MRI tables.
source "${0%/*}/lib.sh"
data=$src/data/idf-2017
new_store
for f in sites equipment targets notes; do
  "$eml" import "$f" "$data/$f.csv" --db t.db >/dev/null || fail "import $f"
done
run requests --db t.db --at 2017-10-01 --period SROS3-PRS "$data/requests.csv"
expect_status 0 "requests"
row() { grep -E "^$1 " <<<"$out"; }
checks=$((checks + 1))
row D2017-01 | grep -qF "NON RECEVABLE  appareils : 25 + 1 ≤ 26 respecté ; implantations : 19 + 1 > 19 dépassé" ||
  fail "D2017-01: $(row D2017-01)"
checks=$((checks + 1))
row D2017-02 | grep -qE "  RECEVABLE +appareils : 25 \+ 1 ≤ 26 respecté$" || fail "D2017-02: $(row D2017-02)"
checks=$((checks + 1))
row D2017-03 | grep -qF "RECEVABLE      renouvellement : sans effet" || fail "D2017-03: $(row D2017-03)"
checks=$((checks + 1))
row D2017-09 | grep -qF "RECEVABLE      appareils : 25 + 1 ≤ 27 respecté ; interventionnel : 2 + 1 ≤ 3 respecté" ||
  fail "D2017-09: $(row D2017-09)"
expect_line out "91, MRI : 4 demandes recevables pour 3 places."
expect_line out "D2017-04 : déclarée « création » mais le site a déjà 2 appareils CT : jugée comme une extension."

# a file of applications with a bad row: every problem reported, nothing judged
printf 'request_id,finess,modality,kind\nR1,780000014,CT,creation\nR2,780000015,CT,creation\nR3,780000014,CT,agrandissement\n' >bad.csv
run requests --db t.db --at 2017-10-01 --period SROS3-PRS bad.csv
expect_status 1 "bad requests"
expect_line err "eml: bad.csv:3: colonne finess : clé de contrôle FINESS fausse (valeur « 780000015 »)"
expect_line err "eml: bad.csv:4: colonne kind : nature inconnue (attendu creation, extension, renewal ou replacement) (valeur « agrandissement »)"
expect_line err "eml: bad.csv: 2 lignes rejetées : aucune demande jugée"
# a site unknown to the register is placed by its FINESS number (78...)
printf 'request_id,finess,modality,kind\nR1,780000014,CT,creation\n' >new_site.csv
run requests --db t.db --at 2017-10-01 --period SROS3-PRS new_site.csv
expect_status 0 "new site"
checks=$((checks + 1))
[ "$(grep -E '^R1 ' <<<"$out" | tr -s ' ')" = "R1 780000014 78 CT création 1 NON RECEVABLE appareils : 25 + 1 ≤ 26 respecté ; implantations : 19 + 1 > 19 dépassé" ] ||
  fail "new site: $out"
finish
