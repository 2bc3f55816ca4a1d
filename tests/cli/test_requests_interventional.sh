#!/usr/bin/env bash
# test_requests_interventional.sh — the rules notes.csv carries (issue 14
# item 1; docs/register.md "Notes"; seed 000's CT footnotes) on the demo
# register data/idf-2017 at 2017-10-01, period SROS3-PRS:
#  - 75 CT carries interventional_only (the seed's NON*: "Possibilité de
#    dépôt uniquement pour les demandes de scanners dédiés à l'imagerie
#    interventionnelle"): 75 is at its bounds (devices 66 + 1 > 66,
#    interventional 5 + 1 > 5), yet an interventional CT extension at a
#    Paris site is RECEVABLE, judged on the regional allowance, naming both
#    notes; a plain CT extension there is NON RECEVABLE, naming the note;
#  - the regional CT note carries interventional_allowance 6 (the seed's
#    "6 appareils supplémentaires … dédiés dans la région à l'imagerie
#    interventionnelle"): seven receivable interventional applications, two
#    in 75 and one each in 77, 78, 91, 94, 95 (each within its own
#    département's bounds: 77 20 + 1 <= 22, 78 25 + 1 <= 26, 91 19 + 1 <=
#    20, 94 25 + 1 <= 27 and interventional 2 + 1 <= 3, 95 20 + 1 <= 22),
#    give "7 demandes recevables pour 6 places (région)";
#  - the new columns' bad values, each to the byte, the store unchanged.
source "${0%/*}/lib.sh"
data=$src/data/idf-2017
new_store
load_files t.db "$data" sites equipment targets notes
cat >iv.csv <<'CSV'
request_id,finess,territory,modality,devices,interventional,kind,filed_on
IV-75a,759900012,75,CT,1,1,extension,2017-10-16
IV-75b,759900020,75,CT,1,1,extension,2017-10-16
IV-77,779900018,77,CT,1,1,extension,2017-10-17
IV-78,789900016,78,CT,1,1,extension,2017-10-17
IV-91,919900019,91,CT,1,1,extension,2017-10-18
IV-94,949900013,94,CT,1,1,extension,2017-10-18
IV-95,959900028,95,CT,1,1,extension,2017-10-19
PL-75,759900012,75,CT,1,0,extension,2017-10-19
CSV
csv_lines requests --db t.db --at 2017-10-01 --period SROS3-PRS iv.csv
expect_status 0 "requests"
only="note * du 75 « Possibilité de dépôt uniquement pour les demandes de scanners dédiés à l'imagerie interventionnelle »"
allow="allocation régionale (note régionale CT) : 1 ≤ 6 appareils interventionnels"
expect_line out "IV-75a;16/10/2017;759900012;75;CT;extension (interventionnel);1;RECEVABLE;\"appareils : 66 + 1 > 66 dépassé ; $only : jugée sur l'allocation régionale, hors bornes du département ; $allow\""
expect_line out "PL-75;19/10/2017;759900012;75;CT;extension;1;NON RECEVABLE;\"appareils : 66 + 1 > 66 dépassé ; $only : demande non interventionnelle\""
expect_line out "IV-94;18/10/2017;949900013;94;CT;extension (interventionnel);1;RECEVABLE;\"appareils : 25 + 1 ≤ 27 respecté ; interventionnel : 2 + 1 ≤ 3 respecté ; $allow\""
expect_line out "IV-77;17/10/2017;779900018;77;CT;extension (interventionnel);1;RECEVABLE;\"appareils : 20 + 1 ≤ 22 respecté ; pas de borne pour l'imagerie interventionnelle ; $allow\""
checks=$((checks + 1))
[ "$(grep -c ';RECEVABLE;' <<<"$out")" = 7 ] || fail "7 receivable expected: $out"
expect_line out "CT, imagerie interventionnelle : 7 demandes recevables pour 6 places (région)."
# the 75 applications do not compete for 75's own room (0 places)
checks=$((checks + 1))
grep -q '^75, CT' <<<"$out" && fail "75 counted against its own bounds: $out"
# six applications fit the allowance: no note
grep -v '^IV-95' iv.csv >six.csv
csv_lines requests --db t.db --at 2017-10-01 --period SROS3-PRS six.csv
expect_status 0 "six"
checks=$((checks + 1))
grep -qF "(région)" <<<"$out" && fail "6 for 6 places flagged: $out"

# a note's rule without its allowance note: interventional_only alone,
# then the département's bounds apply as well (5 + 1 > 5)
"$eml" init --db o.db >/dev/null
load_files o.db "$data" sites equipment targets
head -2 "$data/notes.csv" >only.csv
"$eml" import notes only.csv --db o.db >/dev/null || fail "import only.csv"
printf 'request_id,finess,territory,modality,devices,interventional,kind\nIV,759900012,75,CT,1,1,extension\n' >one.csv
csv_lines requests --db o.db --at 2017-10-01 --period SROS3-PRS one.csv
expect_line out "IV;;759900012;75;CT;extension (interventionnel);1;NON RECEVABLE;\"appareils : 66 + 1 > 66 dépassé ; $only : pas d'allocation régionale ; interventionnel : 5 + 1 > 5 dépassé\""

# bad values of the new columns, to the byte; nothing stored
# bad_note N ROW MESSAGE: notes.csv bN.csv holding ROW is refused with MESSAGE
bad_note() {
  printf 'territory,modality,unit,receivable,mark,note,rule,allowance\n%s\n' "$2" >"b$1.csv"
  run import notes "b$1.csv" --db o.db
  expect_status 1 "bad note $1"
  [ -z "$3" ] || expect_line err "eml: b$1.csv:2: $3"
}
bad_note 1 "75,MRI,devices,,*,x,interventionnel," "colonne rule : règle inconnue (attendu interventional_only ou interventional_allowance) (valeur « interventionnel »)"
bad_note 2 ",MRI,,,,x,interventional_only," "colonne rule : interventional_only est une règle de la note d'un territoire (valeur « interventional_only »)"
bad_note 3 "75,MRI,devices,,,x,interventional_allowance,3" "colonne rule : interventional_allowance est une règle d'une note régionale (territoire vide) (valeur « interventional_allowance »)"
bad_note 4 ",MRI,,,,x,interventional_allowance," "colonne allowance : interventional_allowance a besoin de son allocation (appareils, au moins 1) (valeur «  »)"
bad_note 5 ",MRI,,,,x,,2" "colonne allowance : une allocation va avec la règle interventional_allowance (valeur « 2 »)"
bad_note 6 ",MRI,,,,x,interventional_allowance,deux" "" # not a whole number: io's message
checks=$((checks + 1))
[ "$(sqlite3 o.db 'select count(*) from note' 2>/dev/null || echo 1)" = 1 ] || fail "a bad note stored"
finish
