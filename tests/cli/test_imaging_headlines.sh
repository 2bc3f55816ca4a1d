#!/usr/bin/env bash
# test_imaging_headlines.sh — issue 14 item 5: the seed's headline shares
# ("Permanence des soins, activité de nuit et populations d'équipements",
# table imaging_headlines of the summary) on a hand-made panel of 5
# machines (4 CT, 1 MRI), one week from Monday 2010-02-01 (weeks = 1; the
# week nights are those of Mon 1 … Thu 4 February: 4 nights). Every figure
# derived by hand:
#
#   CT1  PROGRAMMED Mon 08-18 (10 h); ON_CALL Mon 18:00 -> Fri 18:00 (96 h)
#        exams Mon 09:00 A, Mon 21:00 U, Tue 02:00 H (20 min each)
#        on_call_h 96 > 90: significant on-call; night exams 2 <= 5: low
#        night; week-night mean 2 / 4 = 0.5; ER share 1/3: programmed;
#        extended 10 h: not red zone
#   CT2  EMERGENCY Mon 00:00 -> Sat 00:00 (120 h); PROGRAMMED Mon 08-12
#        exams: 10 a night at 20:00, 20:10 … 21:30 on Mon-Thu nights, U,
#        5 min (40), and 5 A on Mon 08:00 … 08:40 (5 min)
#        on_call_h (ON_CALL ∪ EMERGENCY) 120 > 90: significant; week-night
#        mean 40 / 4 = 10 >= 10: strong night; 40 night exams: not low;
#        ER share 40/45: emergency-dedicated; extended 120 > 100: red zone
#   CT3  PROGRAMMED Mon-Fri 08-16 (40 h); ON_CALL Sat 00:00 -> Sun 16:00
#        (40 h); exams Mon 09:00 A, Sat 21:00 … 22:10 H (8, 5 min)
#        on-call 40: no; 8 night exams > 5: not low; Saturday is no week
#        night: mean 0, not strong; ER 0: programmed; extended 40
#   CT4  PROGRAMMED Mon-Fri 08-18 (50 h); exams Mon 09:00 A, 10:00, 11:00,
#        12:00 U (20 min): ER share 3/4: emergency-dedicated, extended 50:
#        not red zone (the two criteria differ); no night exam: low night
#   MRI1 PROGRAMMED Mon 08-18; exam Mon 09:00 A (30 min): low night only
#
#   CT (n = 4): significant on-call 2 (CT1, CT2) 50 %; strong night 1 (CT2)
#   25 %; low night 2 (CT1, CT4) 50 %; programmed 2 (CT1, CT3) 50 %;
#   emergency-dedicated 2 (CT2, CT4) 50 %; red zone 1 (CT2) 25 %; both
#   criteria 1 (CT2) 25 %.   MRI (n = 1): 0, 0, 1 (100 %), 1 (100 %), 0, 0, 0.
set -u
. "$(dirname "$0")/lib.sh"

printf '%s\n' equipment_id,finess,modality CT1,,CT CT2,,CT CT3,,CT CT4,,CT MRI1,,MRI >equipment.csv
{
  echo equipment_id,start,end,type
  echo CT1,2010-02-01T08:00:00,2010-02-01T18:00:00,PUBLIC_PROGRAMMED
  echo CT1,2010-02-01T18:00:00,2010-02-05T18:00:00,ON_CALL
  echo CT2,2010-02-01T00:00:00,2010-02-06T00:00:00,EMERGENCY
  echo CT2,2010-02-01T08:00:00,2010-02-01T12:00:00,PUBLIC_PROGRAMMED
  for d in 01 02 03 04 05; do
    echo CT3,2010-02-${d}T08:00:00,2010-02-${d}T16:00:00,PUBLIC_PROGRAMMED
    echo CT4,2010-02-${d}T08:00:00,2010-02-${d}T18:00:00,PUBLIC_PROGRAMMED
  done
  echo CT3,2010-02-06T00:00:00,2010-02-07T16:00:00,ON_CALL
  echo MRI1,2010-02-01T08:00:00,2010-02-01T18:00:00,PUBLIC_PROGRAMMED
} >sessions.csv
{
  echo exam_id,equipment_id,start,end,patient_class
  echo E101,CT1,2010-02-01T09:00:00,2010-02-01T09:20:00,A
  echo E102,CT1,2010-02-01T21:00:00,2010-02-01T21:20:00,U
  echo E103,CT1,2010-02-02T02:00:00,2010-02-02T02:20:00,H
  n=0
  for d in 01 02 03 04; do
    for k in 0 1 2 3 4 5 6 7 8 9; do
      n=$((n + 1)); h=$((20 + k / 6)); m=$(((k % 6) * 10))
      printf 'E2%02d,CT2,2010-02-%sT%02d:%02d:00,2010-02-%sT%02d:%02d:00,U\n' $n $d $h $m $d $h $((m + 5))
    done
  done
  for k in 0 1 2 3 4; do printf 'E29%d,CT2,2010-02-01T08:%d0:00,2010-02-01T08:%d5:00,A\n' $k $k $k; done
  echo E301,CT3,2010-02-01T09:00:00,2010-02-01T09:20:00,A
  for k in 0 1 2 3 4 5 6 7; do
    h=$((21 + k / 6)); m=$(((k % 6) * 10))
    printf 'E31%d,CT3,2010-02-06T%02d:%02d:00,2010-02-06T%02d:%02d:00,H\n' $k $h $m $h $((m + 5))
  done
  echo E401,CT4,2010-02-01T09:00:00,2010-02-01T09:20:00,A
  echo E402,CT4,2010-02-01T10:00:00,2010-02-01T10:20:00,U
  echo E403,CT4,2010-02-01T11:00:00,2010-02-01T11:20:00,U
  echo E404,CT4,2010-02-01T12:00:00,2010-02-01T12:20:00,U
  echo E501,MRI1,2010-02-01T09:00:00,2010-02-01T09:30:00,A
} >exams.csv
inputs=(--equipment equipment.csv --sessions sessions.csv --exams exams.csv --from 2010-02-01 --to 2010-02-08)

# the classes per machine, from machines.csv (the hand derivation above)
run imaging compute "${inputs[@]}" --machines-csv m.csv
expect_status 0 "compute"
classes=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
  { print $1, $c["on_call_h"], $c["weeknight_mean"], $c["open_extended_h"], $c["significant_on_call"],
          $c["strong_night"], $c["low_night"], $c["emergency_dedicated"], $c["red_zone"] }' m.csv)
checks=$((checks + 1))
[ "$classes" = "CT1 96 0.5 10 true false true false false
CT2 120 10 120 true true false true true
CT3 40 0 40 false false false false false
CT4 0 0 50 false false true true false
MRI1 0 0 10 false false true false false" ] || fail "classes per machine:
$classes"

# the table, in CSV (every line to the byte)
run imaging report "${inputs[@]}" --format csv
expect_status 0 "report csv"
out=${out//$'\r'/}
table=$(awk '/^"?Permanence des soins, activité de nuit/ { on = 1 } on && /^$/ { exit } on' <<<"$out")
expected='Permanence des soins, activité de nuit et populations d'"'"'équipements
;Scanner - Nombre;Scanner - Part;IRM - Nombre;IRM - Part;Étude 2010 (seed 001)
Permanence des soins significative (plus de 90 h par semaine de permanence des soins et d'"'"'urgence);2;50,0 %;0;0,0 %;70 % des scanners, 21 % des IRM
Forte activité de nuit (au moins 10 patients par nuit en semaine, 20h-7h);1;25,0 %;0;0,0 %;une vingtaine de scanners (5 à 10 % du panel)
Faible activité de nuit (5 patients de nuit par semaine ou moins);2;50,0 %;1;100,0 %;deux tiers des scanners
Équipements centrés sur le programmé (part SU < 50 %);2;50,0 %;1;100,0 %;première population (figure 17)
Équipements dédiés aux urgences (part SU >= 50 %);2;50,0 %;0;0,0 %;seconde population (figure 17)
Zone rouge : ouverture élargie au-delà de 100 h par semaine (critère du seed);1;25,0 %;0;0,0 %;quelques rares scanners d'"'"'urgence
Dédiés aux urgences selon les deux critères (part SU et zone rouge);1;25,0 %;0;0,0 %;
Parts sur l'"'"'ensemble des équipements de la modalité.
Permanence des soins significative : note (7) du seed, « ont déclaré plus de 90h hebdomadaires de plage de permanence de soins et d'"'"'urgence » (vacations de permanence des soins et d'"'"'urgence réunies).
Deux populations (figure 17) : un équipement est dédié aux urgences quand au moins 50 % de ses patients viennent du service des urgences (SU), centré sur le programmé sinon (un équipement sans examen compte comme centré sur le programmé).
Critère du seed (figures 9 et 10) : zone rouge = ouverture élargie (programmé, urgences, reconditionnement, panne, recherche) au-delà de 100 h sur les 168 h de la semaine, « scanners d'"'"'urgence dont presque la totalité de l'"'"'activité est dédiée à la prise en charge des urgences ».'
checks=$((checks + 1))
[ "$table" = "$expected" ] || fail "headlines table (csv):
--- got:
$table
--- expected:
$expected"

# --er-share moves the line between the two populations: at 0.8 CT4 (3/4)
# is programmed, CT2 (40/45 = 0.89) still emergency-dedicated
run imaging report "${inputs[@]}" --er-share 0.8 --format csv
expect_status 0 "report --er-share 0.8"
expect_contains out "Équipements dédiés aux urgences (part SU >= 80 %);1;25,0 %;0;0,0 %;seconde population (figure 17)"
expect_contains out "Équipements centrés sur le programmé (part SU < 80 %);3;75,0 %;1;100,0 %;"

# every format carries it: JSON (its id), Markdown, HTML, text
run imaging report "${inputs[@]}" --format json
expect_contains out '"id": "imaging_headlines"'
run imaging report "${inputs[@]}" --format md
expect_contains out "Zone rouge : ouverture élargie au-delà de 100 h par semaine (critère du seed)"
run imaging report "${inputs[@]}" --format html
expect_contains out "Dédiés aux urgences selon les deux critères (part SU et zone rouge)"
run imaging report "${inputs[@]}"
expect_contains out "Permanence des soins, activité de nuit et populations d'équipements"

echo "$checks checks, $failures failures"
[ "$failures" -eq 0 ]
