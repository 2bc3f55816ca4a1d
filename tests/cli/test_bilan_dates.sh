#!/usr/bin/env bash
# test_bilan_dates.sh — the balance as of a date (registry.md: a device is
# in force at D when authorized_from <= D and (no end or D < authorized_until)).
# One territory, CT, targets 1..3 devices and 1..2 sites; device E1 from
# 2015-03-01 to 2017-06-30 (exclusive), E2 from 2016-01-01 without end at a
# second site, not installed until 2016-06-01. Expected counts by hand:
#   2015-02-28: none in force             -> devices 0, sites 0, gap -3
#   2015-03-01: E1 (first day counts)     -> 1, 1, gap -2
#   2016-03-01: E1 + E2 (E2 not installed)-> 2, 2, gap -1, note "1 ... (75 : 1)"
#   2017-06-29: E1 + E2                   -> 2, 2
#   2017-06-30: E2 only (end excluded)    -> 1, 1, gap -2
# Then a device in a territory without target is an error of the balance.
source "${0%/*}/lib.sh"
new_store
printf 'finess,name,territory,legal_status\n750000010,A,75,CH\n750000028,B,75,CH\n780000014,C,78,CH\n' >sites.csv
printf 'equipment_id,finess,modality,authorized_from,authorized_until,installed_on\nE1,750000010,CT,2015-03-01,2017-06-30,2015-04-01\nE2,750000028,CT,01/01/2016,,2016-06-01\n' >equipment.csv
printf 'period,territory,modality,unit,low,high\nP,75,CT,devices,1,3\nP,75,CT,sites,1,2\n' >targets.csv
for f in sites equipment targets; do "$eml" import $f $f.csv --db t.db >/dev/null || fail "import $f"; done

# expect_row DATE ROW: the 75 row of the text output at DATE, spaces squeezed
expect_row() {
  run bilan --db t.db --period P --at "$1"
  expect_status 0 "bilan at $1"
  checks=$((checks + 1))
  local got; got=$(grep -E '^75 ' <<<"$out" | tr -s ' ')
  [ "$got" = "$2" ] || fail "at $1: expected '$2', got '$got'"
}
expect_row 2015-02-28 "75 0 1 3 -3 OUI 0 1 2 -2 OUI"
expect_row 2015-03-01 "75 1 1 3 -2 OUI 1 1 2 -1 OUI"
expect_row 2016-03-01 "75 2 1 3 -1 OUI 2 1 2 0 NON"
expect_contains out "Appareils autorisés pas encore installés au 01/03/2016, comptés ci-dessus : 1 (75 : 1)."
expect_row 2017-06-29 "75 2 1 3 -1 OUI 2 1 2 0 NON"
expect_row 2017-06-30 "75 1 1 3 -2 OUI 1 1 2 -1 OUI"

# above the target: the gap is shown with its sign
printf 'equipment_id,finess,modality,authorized_from\nE3,750000010,CT,2016-01-01\nE4,750000010,CT,2016-01-01\n' >more.csv
"$eml" import equipment more.csv --db t.db >/dev/null || fail "import more"
expect_row 2016-03-01 "75 4 1 3 +1 NON 2 1 2 0 NON"

# a device in force in 78, where P has no CT target: an error, not dropped
printf 'equipment_id,finess,modality,authorized_from\nE9,780000014,CT,2016-01-01\n' >orphan.csv
"$eml" import equipment orphan.csv --db t.db >/dev/null || fail "import orphan"
run bilan --db t.db --period P --at 2016-03-01
expect_status 1 "orphan device"
expect_line err "eml: bilan : CT : 1 appareil en vigueur au 2016-03-01 est dans un territoire sans objectif CT pour la période P : E9 (780000014, 78)"
run bilan --db t.db --period NOPE --at 2016-03-01
expect_status 1 "unknown period"
expect_line err "eml: option --period : aucun objectif pour cette période (importer d'abord targets.csv) (valeur « NOPE »)"
finish
