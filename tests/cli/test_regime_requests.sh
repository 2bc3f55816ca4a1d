#!/usr/bin/env bash
# test_regime_requests.sh — `eml requests` under the 2023 regime (spec
# regime-2023.md "Applications under the 2023 regime", docs/regime-2023.md
# "Applications"):
#  1. the hand-made fixture tests/data/regime2023 at D = 2025-06-30, period
#     PRS-2023: every application's verdict and rule text, cell by cell, as
#     its README derives them by hand (the reasons copied beside each line),
#     and the notes under the table (competition, the window published 9
#     days before its opening);
#  2. every output format of eml requests;
#  3. both regimes in one file: the seed-000 table first, unchanged, then
#     the 2023 table;
#  4. the windows the rules report (shorter than 2 months, balance published
#     after the opening, no publication date) and "aucune période à venir";
#  5. every bad-input message of the new columns, to the byte, nothing judged;
#  6. the demo data/idf-2025: the 17 verdicts as its README lists them.
source "${0%/*}/lib.sh"

fx=$src/tests/data/regime2023
"$eml" init --db fx.db >/dev/null
load_files fx.db "$fx" sites authorisations devices conventions windows targets

judge() { csv_lines requests --db "$1" --at 2025-06-30 --period PRS-2023 "$2"; }

# 1. the fixture (README "Applications (requests.csv) and their verdicts")
judge fx.db "$fx/requests.csv"
expect_status 0 "fixture"
expect_line out "Demandes d'autorisation (régime de 2023) : recevabilité"
expect_line out "Au regard des objectifs en implantations de la période PRS-2023, situation au 30/06/2025"
expect_line out "Demande;Déposée le;FINESS;Zone;Activité;Mention;Nature;Appareil;Vers;Avis;Règles vérifiées"
w1="déposée dans la période du 01/09/2025 au 31/10/2025"
# R01, R02: implantations 91 = S1, S2, S3, S4 = 4 (S1 once, two holders);
# OQOS max 5: 4 + 1 <= 5; filed 15/09 and 10/10, in the first window
expect_line out "R01;15/09/2025;911000081;91;IMAGING;;création;;;RECEVABLE;\"implantations 91 : 4 + 1 ≤ 5 ; $w1\""
expect_line out "R02;10/10/2025;911000099;91;IMAGING;;création;;;RECEVABLE;\"implantations 91 : 4 + 1 ≤ 5 ; $w1\""
# R03: 20/07/2025 is in no IMAGING window; the next opens 01/09/2025 (zone
# from `territory`, the site is not in sites.csv)
expect_line out "R03;20/07/2025;911000990;91;IMAGING;;création;;;NON RECEVABLE;\"déposée hors période de dépôt ; prochaine période du 01/09/2025 au 31/10/2025\""
# R04: a renewal changes no count
expect_line out "R04;22/09/2025;911000016;91;IMAGING;;renouvellement;;;RECEVABLE;\"renouvellement : sans effet sur les implantations ; $w1\""
# R05: S3 has E09 (MRI): 1 + 1 = 2 <= 3, then CT 1, MRI 1; no window applies
expect_line out "R05;10/07/2025;911000032;91;IMAGING;;déclaration;CT;;DÉCLARATION;appareils du site : 1 + 1 = 2 (CT 1, IRM 1) ≤ 3"
# R06: S1 has E01 CT, E02 + E03 MRI (two holders summed): 3 + 1 = 4 > 3,
# then CT 1, MRI 3: the mix holds, a justified request
expect_line out "R06;03/09/2025;911000016;91;IMAGING;;déclaration;MRI;;JUSTIFICATION REQUISE;appareils du site : 3 + 1 = 4 (CT 1, IRM 3) > 3"
# R07: S4 has E10, E11 (CT): 2 + 1 = 3, then CT 3, MRI 0: the mix breaks
expect_line out "R07;04/09/2025;911000040;91;IMAGING;;déclaration;CT;;NON RECEVABLE;\"appareils du site : 2 + 1 = 3 (CT 3, IRM 0) ; 3 appareils ou plus sans IRM\""
# R08: S3 -> S10, both 91: no count changes
expect_line out "R08;29/09/2025;911000032;91;IMAGING;;transfert;;911000107;RECEVABLE;\"transfert dans la zone 91 : sans effet sur les implantations ; $w1\""
# R09: S4 (91) -> S11 (92): a creation in 92, implantations S5, S7 = 2, max 2
expect_line out "R09;06/10/2025;911000040;91;IMAGING;;transfert;;921000113;NON RECEVABLE;\"transfert vers la zone 92, implantations 92 : 2 + 1 > 2 ; $w1\""
# R10: 92: 2 + 1 > 2
expect_line out "R10;15/10/2025;921000113;92;IMAGING;;création;;;NON RECEVABLE;\"implantations 92 : 2 + 1 > 2 ; $w1\""
# R11: NUCLEAR mention A, 91: S1 (AUT-09) = 1, OQOS 1; no NUCLEAR window
expect_line out "R11;01/07/2025;911000024;91;NUCLEAR;A;création;;;NON RECEVABLE;\"implantations 91 : 1 + 1 > 1 ; aucune période de dépôt NUCLEAR au calendrier : dépôt non vérifié\""
# competition: R01 and R02 receivable for 5 - 4 = 1 place (R04, R08 take
# none; R03 is outside the window); the 2026 window published 9 days before
expect_line out "91, IMAGING : 2 demandes recevables pour 1 place (R01, R02), période du 01/09/2025 au 31/10/2025."
expect_line out "période IMAGING du 01/03/2026 au 30/04/2026 : bilan publié le 20/02/2026, 9 jours avant l'ouverture (moins de 15)."
checks=$((checks + 1))
[ "$(grep -c '^R[0-9]' <<<"$out")" = 11 ] || fail "fixture: not 11 rows: $out"
checks=$((checks + 1))
[ "$(grep -cE '^(91, |période )' <<<"$out")" = 2 ] || fail "fixture: not 2 notes: $out"

# 2. every format
run requests --db fx.db --at 2025-06-30 --period PRS-2023 "$fx/requests.csv"
expect_status 0 "text"
checks=$((checks + 1))
[ "$(grep -E '^R06 ' <<<"$out" | tr -s ' ')" = "R06 03/09/2025 911000016 91 IMAGING déclaration MRI JUSTIFICATION REQUISE appareils du site : 3 + 1 = 4 (CT 1, IRM 3) > 3" ] ||
  fail "text R06: $(grep -E '^R06 ' <<<"$out")"
expect_line out "91, IMAGING : 2 demandes recevables pour 1 place (R01, R02), période du 01/09/2025 au 31/10/2025."
for f in json md html xlsx; do
  run requests --db fx.db --at 2025-06-30 --period PRS-2023 --format "$f" --output "r.$f" "$fx/requests.csv"
  expect_status 0 "format $f"
  checks=$((checks + 1))
  [ -s "r.$f" ] || fail "format $f: nothing written"
done
checks=$((checks + 1))
grep -qF '"id": "demandes_2023"' r.json || fail "json: no demandes_2023 table"
checks=$((checks + 1))
grep -qF '"verdict": "JUSTIFICATION REQUISE"' r.json || fail "json: no JUSTIFICATION REQUISE"
checks=$((checks + 1))
grep -qF '| R07 | 04/09/2025 | 911000040 | 91 | IMAGING |  | déclaration | CT |  | NON RECEVABLE | appareils du site : 2 + 1 = 3 (CT 3, IRM 0) ; 3 appareils ou plus sans IRM |' r.md ||
  fail "md: $(cat r.md)"
checks=$((checks + 1))
grep -qF '<td>R09</td><td>06/10/2025</td><td>911000040</td><td>91</td><td>IMAGING</td><td></td><td>transfert</td><td></td><td>921000113</td><td>NON RECEVABLE</td>' r.html ||
  fail "html: $(grep R09 r.html)"
checks=$((checks + 1))
[ "$(head -c 2 r.xlsx)" = PK ] || fail "xlsx: not a zip"
if command -v unzip >/dev/null; then
  checks=$((checks + 1))
  unzip -p r.xlsx | grep -qF "DÉCLARATION" || fail "xlsx: no DÉCLARATION in the workbook"
fi

# 3. both regimes in one file and one store: the seed table unchanged, first
"$eml" init --db both.db >/dev/null
load_files both.db "$src/data/idf-2017" sites equipment targets notes
load_files both.db "$fx" sites authorisations devices conventions windows targets
{
  echo "request_id,finess,territory,modality,mention,kind,device_modality,to_finess,filed_on"
  echo "D2017-01,789909009,78,CT,,creation,,,2017-10-16"
  echo "R01,911000081,91,IMAGING,,creation,,,2025-09-15"
} >mixed.csv
run requests --db both.db --at 2017-10-01 --period SROS3-PRS mixed.csv
expect_status 0 "mixed, seed period"
checks=$((checks + 1))
[ "$(grep -E '^(Demandes|D2017|R01)' <<<"$out" | sed 's/  */ /g' | paste -sd'|')" = "Demandes d'autorisation : recevabilité|D2017-01 16/10/2017 789909009 78 CT création 1 NON RECEVABLE appareils : 25 + 1 ≤ 26 respecté ; implantations : 19 + 1 > 19 dépassé|Demandes d'autorisation (régime de 2023) : recevabilité|R01 15/09/2025 911000081 91 IMAGING création NON RECEVABLE pas d'objectif IMAGING en implantations pour la zone 91 (période SROS3-PRS) ; déposée dans la période du 01/09/2025 au 31/10/2025" ] ||
  fail "mixed: $out"

# 4. windows the rules report (data/regimes/2023.csv: 2 months, 15 days)
"$eml" init --db win.db >/dev/null
load_files win.db "$fx" sites authorisations devices conventions targets
# 01/09 -> 15/10: shorter than 2 months (01/09 + 2 months = 01/11);
# published 05/09, 4 days after the opening; NUCLEAR: no publication date;
# 01/03/2026 -> 30/04/2026 exactly 2 months (not reported), published
# 15 days before (not reported)
printf 'activity,opens_on,closes_on,published_on\nIMAGING,2025-09-01,2025-10-15,2025-09-05\nIMAGING,2026-03-01,2026-04-30,2026-02-14\nNUCLEAR,2025-09-01,2025-12-31,\n' >w.csv
"$eml" import windows w.csv --db win.db >import.out 2>&1 || fail "import windows: $(cat import.out)"
printf 'request_id,finess,territory,modality,mention,kind,device_modality,to_finess,filed_on\nW1,911000081,91,IMAGING,,creation,,,2026-05-04\nW2,911000024,91,NUCLEAR,A,creation,,,2025-12-31\n' >wr.csv
judge win.db wr.csv
expect_status 0 "windows"
expect_line out "W1;04/05/2026;911000081;91;IMAGING;;création;;;NON RECEVABLE;\"déposée hors période de dépôt ; aucune période à venir\""
expect_line out "W2;31/12/2025;911000024;91;NUCLEAR;A;création;;;NON RECEVABLE;\"implantations 91 : 1 + 1 > 1 ; déposée dans la période du 01/09/2025 au 31/12/2025\""
expect_line out "période IMAGING du 01/09/2025 au 15/10/2025 : moins de 2 mois (Code de la santé publique R. 6122-29)."
expect_line out "période IMAGING du 01/09/2025 au 15/10/2025 : bilan publié le 05/09/2025, 4 jours après l'ouverture (moins de 15)."
expect_line out "période NUCLEAR du 01/09/2025 au 31/12/2025 : date de publication du bilan non renseignée."
checks=$((checks + 1))
[ "$(grep -c '^période ' <<<"$out")" = 3 ] || fail "windows: not 3 notes: $out"
# the same calendar notes in English (issue 18 item 1)
csv_lines requests --db win.db --at 2025-06-30 --period PRS-2023 wr.csv --lang en
expect_line out "period IMAGING from 01/09/2025 to 15/10/2025: shorter than 2 months (Code de la santé publique R. 6122-29)."
expect_line out "period IMAGING from 01/09/2025 to 15/10/2025: balance published on 05/09/2025, 4 days after the opening (fewer than 15)."
expect_line out "period NUCLEAR from 01/09/2025 to 31/12/2025: publication date of the balance not given."
expect_line out "W1;04/05/2026;911000081;91;IMAGING;;creation;;;NOT RECEIVABLE;\"filed outside a filing window; no window to come\""

# 5. bad input: every new message to the byte, nothing judged
h="request_id,finess,territory,modality,mention,kind,device_modality,to_finess,filed_on,devices,interventional"
{
  echo "$h"
  echo "B01,911000081,91,IMAGING,,extension,,,2025-09-15,,"
  echo "B02,911000032,91,IMAGING,,declaration,,,2025-07-10,,"
  echo "B03,911000032,91,IMAGING,,transfer,,,2025-09-29,,"
  echo "B04,911000032,91,IMAGING,,creation,CT,,2025-09-29,,"
  echo "B05,911000032,91,IMAGING,,renewal,,911000107,2025-09-29,,"
  echo "B06,911000024,91,NUCLEAR,A,declaration,GAMMA,,2025-07-01,,"
  echo "B07,911000032,91,IMAGING,,declaration,GAMMA,,2025-07-10,,"
  echo "B08,911000032,91,IMAGING,,transfer,,911000032,2025-09-29,,"
  echo "B09,911000081,91,IMAGING,,creation,,,,,"
  echo "B10,911000081,91,IMAGING,A,creation,,,2025-09-15,,"
  echo "B11,911000024,91,NUCLEAR,Z,creation,,,2025-09-15,,"
  echo "B12,911000081,91,IMAGING,,creation,,,2025-09-15,2,"
  echo "B13,911000081,91,IMAGING,,creation,,,2025-09-15,,1"
  echo "B14,789909009,78,CT,A,creation,,,2017-10-16,,"
  echo "B15,789909009,78,CT,,creation,,789900016,2017-10-16,,"
  echo "B16,911000081,91,IMAGERIE,,creation,,,2025-09-15,,"
  echo "B17,911000032,91,IMAGING,,declaration,XRAY,,2025-07-10,,"
  echo "B18,911000032,91,IMAGING,,transfer,,911000108,2025-09-29,,"
} >bad.csv
judge fx.db bad.csv
expect_status 1 "bad requests"
expect_line err "eml: bad.csv:2: colonne kind : nature inconnue (attendu creation, renewal, declaration ou transfer) (valeur « extension »)"
expect_line err "eml: bad.csv:3: colonne device_modality : une déclaration nomme l'appareil déclaré (CT ou MRI) (valeur «  »)"
expect_line err "eml: bad.csv:4: colonne to_finess : un transfert nomme le site où il va (valeur «  »)"
expect_line err "eml: bad.csv:5: colonne device_modality : seule une déclaration nomme un appareil (valeur « CT »)"
expect_line err "eml: bad.csv:6: colonne to_finess : seul un transfert nomme un site de destination (valeur « 911000107 »)"
expect_line err "eml: bad.csv:7: colonne modality : une déclaration porte sur un appareil d'imagerie (activité IMAGING) (valeur « NUCLEAR »)"
expect_line err "eml: bad.csv:8: colonne device_modality : un appareil déclaré sous IMAGING est un CT ou une MRI (valeur « GAMMA »)"
expect_line err "eml: bad.csv:9: colonne to_finess : un transfert va vers un autre site que finess (valeur « 911000032 »)"
expect_line err "eml: bad.csv:10: colonne filed_on : une demande du régime de 2023 a besoin de sa date de dépôt (les fenêtres de dépôt) (valeur «  »)"
expect_line err "eml: bad.csv:11: colonne mention : IMAGING n'a pas de mention (valeur « A »)"
expect_line err "eml: bad.csv:12: colonne mention : pas une mention de NUCLEAR (attendu A B) (valeur « Z »)"
expect_line err "eml: bad.csv:13: colonne devices : non utilisé sous le régime de 2023 (une ligne par implantation, ou par appareil déclaré) (valeur « 2 »)"
expect_line err "eml: bad.csv:14: colonne interventional : non utilisé sous le régime de 2023 (la radiologie interventionnelle est l'activité INTERVENTIONAL) (valeur « 1 »)"
expect_line err "eml: bad.csv:15: colonne mention : une mention ne s'applique qu'à une activité du régime de 2023 (valeur « A »)"
expect_line err "eml: bad.csv:16: colonne to_finess : seul un transfert nomme un site de destination (valeur « 789900016 »)"
expect_line err "eml: bad.csv:17: colonne modality : modalité inconnue (attendu CT, MRI, GAMMA, PET, OHB, CYCLOTRON, LINAC, COBALT, ou une activité : IMAGING, NUCLEAR, INTERVENTIONAL, RADIOTHERAPY) (valeur « IMAGERIE »)"
expect_line err "eml: bad.csv:18: colonne device_modality : modalité inconnue (attendu CT, MRI, GAMMA, PET, OHB, CYCLOTRON, LINAC, COBALT) (valeur « XRAY »)"
expect_line err "eml: bad.csv:19: colonne to_finess : clé de contrôle FINESS fausse (valeur « 911000108 »)"
expect_line err "eml: bad.csv: 18 lignes rejetées : aucune demande jugée"
checks=$((checks + 1))
[ -z "$out" ] || fail "bad requests: something judged: $out"

# 6. the demo (data/idf-2025/README.md, "Applications (requests.csv) and
# their verdicts"; check_totals.py prints the same texts)
"$eml" init --db demo.db >/dev/null
load_files demo.db "$src/data/idf-2025" sites authorisations devices conventions windows targets
judge demo.db "$src/data/idf-2025/requests.csv"
expect_status 0 "demo"
verdict() { # verdict ID VERDICT RULES: the row's last two cells, to the byte
  checks=$((checks + 1))
  local row
  row=$(grep -E "^$1;" <<<"$out" | tr -d '"')
  [ "$(cut -d';' -f10 <<<"$row")" = "$2" ] && [ "$(cut -d';' -f11- <<<"$row")" = "$3" ] ||
    fail "demo $1: expected $2, $3 — got: $row"
}
verdict D2025-01 "RECEVABLE" "implantations 91 : 27 + 1 ≤ 28 ; $w1"
verdict D2025-02 "RECEVABLE" "implantations 91 : 27 + 1 ≤ 28 ; $w1"
verdict D2025-03 "RECEVABLE" "implantations 91 : 27 + 1 ≤ 28 ; $w1"
verdict D2025-04 "NON RECEVABLE" "implantations 78 : 31 + 1 > 31 ; $w1"
verdict D2025-05 "NON RECEVABLE" "déposée hors période de dépôt ; prochaine période du 01/09/2025 au 31/10/2025"
verdict D2025-06 "NON RECEVABLE" "déposée hors période de dépôt ; prochaine période du 01/03/2026 au 30/04/2026"
verdict D2025-07 "RECEVABLE" "renouvellement : sans effet sur les implantations ; $w1"
verdict D2025-08 "DÉCLARATION" "appareils du site : 2 + 1 = 3 (CT 1, IRM 2) ≤ 3"
verdict D2025-09 "JUSTIFICATION REQUISE" "appareils du site : 3 + 1 = 4 (CT 2, IRM 2) > 3"
verdict D2025-10 "NON RECEVABLE" "appareils du site : 2 + 1 = 3 (CT 3, IRM 0) ; 3 appareils ou plus sans IRM"
verdict D2025-11 "DÉCLARATION" "appareils du site : 1 + 1 = 2 (CT 1, IRM 1) ≤ 3"
verdict D2025-12 "RECEVABLE" "transfert dans la zone 93 : sans effet sur les implantations ; $w1"
verdict D2025-13 "NON RECEVABLE" "transfert vers la zone 92, implantations 92 : 44 + 1 > 44 ; $w1"
verdict D2025-14 "RECEVABLE" "transfert vers la zone 93, implantations 93 : 32 + 1 ≤ 34 ; $w1"
# NUCLEAR targets have no mention: every mention counts
verdict D2025-15 "RECEVABLE" "implantations 77 : 3 + 1 ≤ 4 (objectif sans mention : toutes les mentions comptées) ; $w1"
verdict D2025-16 "NON RECEVABLE" "implantations 75 : 12 + 1 > 12 (objectif sans mention : toutes les mentions comptées) ; $w1"
verdict D2025-17 "RECEVABLE" "implantations 93 : 2 + 1 ≤ 3 ; aucune période de dépôt RADIOTHERAPY au calendrier : dépôt non vérifié"
expect_line out "91, IMAGING : 3 demandes recevables pour 1 place (D2025-01, D2025-02, D2025-03), période du 01/09/2025 au 31/10/2025."
expect_line out "période IMAGING du 01/03/2026 au 30/04/2026 : bilan publié le 20/02/2026, 9 jours avant l'ouverture (moins de 15)."
checks=$((checks + 1))
[ "$(grep -c '^D2025-' <<<"$out")" = 17 ] || fail "demo: not 17 rows: $out"
finish
