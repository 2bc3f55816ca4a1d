#!/usr/bin/env bash
# test_rt_regime2023.sh — `eml rt check` from 2023: checks 15-16 of the 2023
# regime (spec regime-2023.md, "Radiotherapy under the 2023 regime";
# docs/regime-2023.md, "Radiotherapy from 2023") on four centres written
# below, with the rules of data/regimes/2023.csv and of edited copies; the
# new columns of rt_centres.csv (derogation, derogation_source) and their
# bad values to the byte. Every figure by hand:
#   750100000 2 LINAC, 601 external patients
#     15: 2 >= 2 (rt_min_accelerators_per_site)      CONFORME
#     16: 601 >= 600 (rt_min_patients_per_year)       CONFORME
#   920100013 1 LINAC, no derogation, 600 external patients
#     15: 1 < 2, no derogation                        NON CONFORME
#     16: 600 >= 600 (the threshold itself conforms)  CONFORME
#   930100029 1 LINAC, derogation declared, 599 external + 1 brachytherapy
#     15: 1 < 2, derogation declared, the rule allows it (1), 1 accelerator
#                                                     CONFORME (dérogation)
#     16: 599 < 600: the brachytherapy patient is not an external one
#                                                     NON CONFORME
#   940100035 1 LINAC + 1 COBALT, no derogation, 700 external patients
#     15: 1 < 2, the cobalt is not an accelerator     NON CONFORME
#     16: 700 >= 600                                  CONFORME
# One patient per course, every course closed on 14 June 2024.
set -euo pipefail
source "$EML_SOURCE_DIR/tests/data/rt/cli_helpers.sh"
export EML_PSEUDONYM_KEY=$(cat "$D/test_key.hex")
RULES="$EML_SOURCE_DIR/data/regimes/2023.csv"
[ -f "$RULES" ] || { echo "SKIP: no $RULES"; exit 77; }

F="$T/centres"
mkdir "$F"
cat >"$F/rt_centres.csv" <<'CSV'
finess;name;territory;teaching;single_machine_case;ct_simulation;conventional_dosimetry;dosimetry_3d;imaging_access_h;network;hdr_oncologist;hdr_physicist;cooperation_agreement;derogation;derogation_source
750100000;Deux accélérateurs;75;0;;1;1;on_site;7;1;0;0;0;;
920100013;Un accélérateur;92;0;;1;1;on_site;7;1;0;0;0;0;
930100029;Dérogation;93;0;isolated;1;1;on_site;7;1;0;0;1;1;DE012 arrêté ARS n° 2024-17
940100035;Accélérateur et cobalt;94;0;;1;1;on_site;7;1;0;0;0;non;
CSV
cat >"$F/rt_machines.csv" <<'CSV'
machine_id;finess;kind;photon_mv;electrons;mlc;portal_imaging;imrt;in_vivo_dosimetry;parameter_control;in_service_from;in_service_until
A1;750100000;LINAC;"6;18";1;1;1;0;1;1;2015-01-01;
A2;750100000;LINAC;"6;18";1;1;1;0;1;1;2015-01-01;
B1;920100013;LINAC;"6;18";1;1;1;0;1;1;2015-01-01;
C1;930100029;LINAC;"6;18";1;1;1;0;1;1;2015-01-01;
D1;940100035;LINAC;"6;18";1;1;1;0;1;1;2015-01-01;
DC;940100035;COBALT;;0;0;0;0;1;0;1998-01-01;
CSV
echo "finess;year;role;fte" >"$F/rt_staff.csv"
courses() { # finess count modality
  awk -v f="$1" -v n="$2" -v m="$3" 'BEGIN { for (i = 0; i < n; i++)
    printf "%s-%s-%d;PAT-%s-%s-%d;%s;C50.9;%s;STANDARD;2024-05-02;2024-06-14;\n", f, m, i, f, m, i, f, m }'
}
{
  echo "course_id;patient_id;finess;pathology;modality;technique;started_on;closed_on;continues"
  courses 750100000 601 EXTERNAL
  courses 920100013 600 EXTERNAL
  courses 930100029 599 EXTERNAL
  courses 930100029 1 BRACHY
  courses 940100035 700 EXTERNAL
} >"$F/rt_courses.csv"
echo "patient_id;course_id;machine_id;start;fields;inpatient" >"$F/rt_sessions.csv"

src15='Code de la santé publique R\. 6123-93-2 \(spec regime-2023\.md\)'
label15="Accélérateurs sur le site \(régime 2023 : au moins deux, ou un avec dérogation\)"
label16="Activité minimale annuelle du site : patients traités en radiothérapie externe \(régime 2023\)"
src16="arrêté of 2007 on minimum activity thresholds"

run rt check --year 2024 --dir "$F"
expect_rc 0
[ "$(grep -cE "^15  $label15 " "$T/out")" -eq 4 ] || fail "check 15 not in every checklist"
[ "$(grep -cE "^16  $label16 " "$T/out")" -eq 4 ] || fail "check 16 not in every checklist"
# checklists in the order of the file: the Nth of each check is the Nth centre
nth() { grep -E "^ ?$1  " "$T/out" | sed -n "$2p"; }
line() { [[ "$(nth "$1" "$2")" =~ $3 ]] || fail "check $1 of centre $2: $(nth "$1" "$2")"; }
line 15 1 "$src15 +CONFORME +2 accélérateurs en service au 31/12/2024 \(au moins 2 requis, règle rt_min_accelerators_per_site\) *$"
line 16 1 "$src16 .* +CONFORME +601 patients traités en radiothérapie externe \(au moins 600 requis, règle rt_min_patients_per_year\) *$"
line 15 2 "$src15 +NON CONFORME +1 accélérateur en service au 31/12/2024 \(au moins 2 requis, règle rt_min_accelerators_per_site\) ; aucune dérogation déclarée *$"
line 16 2 " +CONFORME +600 patients traités en radiothérapie externe \(au moins 600 requis, règle rt_min_patients_per_year\) *$"
line 15 3 "$src15 +CONFORME \(dérogation\) +1 accélérateur en service au 31/12/2024 \(au moins 2 requis, règle rt_min_accelerators_per_site\) ; dérogation déclarée : DE012 arrêté ARS n° 2024-17 \(règle rt_single_accelerator_derogation, Code de la santé publique R\. 6123-93-2 \(spec regime-2023\.md\); FINESS declaration DE012 'Demande exceptionnelle d'autorisation dérogatoire pour exception géographique' \(TRE_R385, finess_amm_format\.md §6\.2\)\) *$"
line 16 3 " +NON CONFORME +599 patients traités en radiothérapie externe \(au moins 600 requis, règle rt_min_patients_per_year\) *$"
line 15 4 "$src15 +NON CONFORME +1 accélérateur en service au 31/12/2024 \(au moins 2 requis, règle rt_min_accelerators_per_site\) ; 1 cobalt non compté : un cobalt n'est pas un accélérateur ; aucune dérogation déclarée *$"
line 16 4 " +CONFORME +700 patients traités en radiothérapie externe \(au moins 600 requis, règle rt_min_patients_per_year\) *$"
has "^Contrôles 15 et 16 : régime des autorisations en vigueur depuis le 1er juin 2023" out
# the 2002 checks stay: check 1 of the derogation centre is the circular's
line 1 3 "2\.1\.1\.1, 2\.1\.1\.3 +CONFORME +un seul appareil : accélérateur 6/18 MV"

# the regional report lists 15 and 16 among the non-conforming checks,
# after the 2002 ones: no centre declares staff (7); one machine-year
# (920100013, 930100029) carries 600 and 599 external treatments, above 500:
# saturated (6); 920100013 has one machine and no single-machine case (1),
# 930100029 declares isolation with a cooperation (1 conforming), the cobalt
# of 940100035 makes two high-energy machines there (1 conforming, 700 / 2 =
# 350 per machine). Malades: 930100029 has 600, the brachytherapy patient
# with them, and 599 external ones (check 16).
run rt report --year 2024 --dir "$F"
expect_rc 0
has "^920100013 +Un accélérateur +92 +1 +1,00 +600 +600 +SATURÉ +600 +1, 6, 7, 15 +6,7 *$" out
has "^930100029 +Dérogation +93 +1 +1,00 +599 +599 +SATURÉ +600 +6, 7, 16 +6,7 *$" out
has "^940100035 +Accélérateur et cobalt +94 +2 +2,00 +700 +350 +— +700 +7, 15 +9,2 *$" out
has "^750100000 +Deux accélérateurs +75 +2 +2,00 +601 +300 +— +601 +7 +8,7 *$" out

# every format of the table model carries the rows and their verdicts
run rt check --year 2024 --dir "$F" --centre 930100029 --format json
expect_rc 0
python3 - "$T/out" <<'PY' || fail "json: not the 2023 checks"
import json, sys
t = json.load(open(sys.argv[1]))["tables"][0]
rows = {r["check"]: r for r in t["rows"]}
assert len(rows) == 16, len(rows)
assert rows[15]["verdict"] == "CONFORME (dérogation)", rows[15]
assert rows[15]["article"].startswith("Code de la santé publique R. 6123-93-2"), rows[15]
assert "DE012 arrêté ARS n° 2024-17" in rows[15]["figures"], rows[15]
assert rows[16]["verdict"] == "NON CONFORME", rows[16]
assert rows[16]["figures"].startswith("599 patients"), rows[16]
PY
run rt check --year 2024 --dir "$F" --centre 920100013 --format csv
expect_rc 0
has "^15;Accélérateurs sur le site .*;Code de la santé publique R\. 6123-93-2 \(spec regime-2023\.md\);NON CONFORME;\"1 accélérateur en service" out  # quoted: its figures hold the delimiter
run rt check --year 2024 --dir "$F" --centre 920100013 --format md
expect_rc 0
has "^\| 16 \| Activité minimale annuelle .* \| CONFORME \| 600 patients" out
run rt check --year 2024 --dir "$F" --centre 920100013 --format html
expect_rc 0
has "<td class=\"num\">15</td><td>Accélérateurs sur le site" out

# the threshold is data: edited copies of the rules file change the verdicts
edit() { # rule value -> $T/rules.csv
  awk -F, -v OFS=, -v r="$1" -v v="$2" '$1 == r { $3 = v } { print }' "$RULES" >"$T/rules.csv"
}
edit rt_min_patients_per_year 599       # 599 >= 599 now
run rt check --year 2024 --dir "$F" --centre 930100029 --rules "$T/rules.csv"
expect_rc 0
has "^16 .* +CONFORME +599 patients traités en radiothérapie externe \(au moins 599 requis, règle rt_min_patients_per_year\) *$" out
edit rt_min_patients_per_year 601       # 600 < 601 now
run rt check --year 2024 --dir "$F" --centre 920100013 --rules "$T/rules.csv"
expect_rc 0
has "^16 .* +NON CONFORME +600 patients traités en radiothérapie externe \(au moins 601 requis" out
edit rt_min_accelerators_per_site 1     # 1 >= 1: no derogation needed
run rt check --year 2024 --dir "$F" --centre 920100013 --rules "$T/rules.csv"
expect_rc 0
has "^15 .* +CONFORME +1 accélérateur en service au 31/12/2024 \(au moins 1 requis, règle rt_min_accelerators_per_site\) *$" out
edit rt_single_accelerator_derogation 0 # the derogation no longer admitted
run rt check --year 2024 --dir "$F" --centre 930100029 --rules "$T/rules.csv"
expect_rc 0
has "^15 .* +NON CONFORME +1 accélérateur en service au 31/12/2024 \(au moins 2 requis, règle rt_min_accelerators_per_site\) ; dérogation déclarée \(DE012 arrêté ARS n° 2024-17\) mais non admise par le fichier des règles \(règle rt_single_accelerator_derogation\) *$" out
edit rt_min_patients_per_year ""        # empty: not checked
run rt check --year 2024 --dir "$F" --centre 930100029 --rules "$T/rules.csv"
expect_rc 0
has "^16 .* +SANS OBJET +règle rt_min_patients_per_year sans valeur dans le fichier des règles : non contrôlé *$" out

# a rules file that cannot be read stops the command (2023 on only)
run rt check --year 2024 --dir "$F" --rules "$T/none.csv"
expect_rc 3
has "^eml: lecture des règles du régime de 2023 impossible \(--rules FICHIER\)$" err
run rt check --year 2022 --dir "$F" --rules "$T/none.csv"
expect_rc 0
! grep -q "^1[56] " "$T/out" || fail "2022: checks of the 2023 regime"
! grep -q "Contrôles 15 et 16" "$T/out" || fail "2022: the note of the 2023 regime"

# the derogation is stored and read back from the store
db="$T/rt.db"
run init --db "$db"
expect_rc 0
run rt import --dir "$F" --db "$db"
expect_rc 0
run rt check --year 2024 --db "$db" --centre 930100029
expect_rc 0
has "^15 .* +CONFORME \(dérogation\) +1 accélérateur .* dérogation déclarée : DE012 arrêté ARS n° 2024-17 " out

# eml report rt: the regional table of the PDF lists 15 and 16
if command -v pdftotext >/dev/null; then
  run report rt --db "$db" --year 2024 --format pdf --output "$T/r.pdf"
  expect_rc 0
  pdftotext -layout "$T/r.pdf" "$T/pdf"
  has "1, 6, 7, 15" pdf
  has "6, 7, 16" pdf
  has "règles du régime des autorisations de 2023" pdf
fi

# bad values of the new columns, to the byte (the store untouched: nothing computed)
bad() { # line of rt_centres.csv -> $T/bad/
  rm -rf "$T/bad"; cp -r "$F" "$T/bad"
  head -1 "$F/rt_centres.csv" >"$T/bad/rt_centres.csv"
  printf '%s\n' "$1" >>"$T/bad/rt_centres.csv"
  # machines and courses of the other centres would be unknown: one LINAC
  printf 'machine_id;finess;kind;photon_mv;electrons;mlc;portal_imaging;imrt;in_vivo_dosimetry;parameter_control;in_service_from;in_service_until\n' >"$T/bad/rt_machines.csv"
  echo "course_id;patient_id;finess;pathology;modality;technique;started_on;closed_on;continues" >"$T/bad/rt_courses.csv"
}
bad "750100000;A;75;0;;1;1;on_site;7;1;0;0;0;peut-être;"
run rt check --year 2024 --dir "$T/bad"
expect_rc 1
grep -Fxq "eml: $T/bad/rt_centres.csv:2: colonne derogation : pas un booléen (attendu 1/0, oui/non, true/false, yes/no, o/n, y/n) (valeur « peut-être »)" "$T/err" || fail "bad derogation"
bad "750100000;A;75;0;;1;1;on_site;7;1;0;0;0;0;DE012"
run rt check --year 2024 --dir "$T/bad"
expect_rc 1
grep -Fxq "eml: $T/bad/rt_centres.csv:2: colonne derogation_source : une référence de dérogation, mais derogation n'est pas vrai (valeur « DE012 »)" "$T/err" || fail "a reference without a derogation"
long=$(printf 'x%.0s' $(seq 128))
bad "750100000;A;75;0;;1;1;on_site;7;1;0;0;0;1;$long"
run rt check --year 2024 --dir "$T/bad"
expect_rc 1
grep -Fxq "eml: $T/bad/rt_centres.csv:2: colonne derogation_source : trop long (au plus 127 octets) (valeur « ${long:0:60}... »)" "$T/err" || fail "a reference too long"
# an old file without the columns stays valid: no derogation
bad "750100000;A;75;0;;1;1;on_site;7;1;0;0;0"
cut -d';' -f1-13 "$T/bad/rt_centres.csv" >"$T/bad/c" && mv "$T/bad/c" "$T/bad/rt_centres.csv"
run rt check --year 2024 --dir "$T/bad"
expect_rc 0
has "^15 .* +NON CONFORME +0 accélérateur en service au 31/12/2024 \(au moins 2 requis, règle rt_min_accelerators_per_site\) ; aucune dérogation déclarée *$" out
! grep -q "PAT-" "$T/out" "$T/err" || fail "a patient identifier in clear"
echo "ok"
