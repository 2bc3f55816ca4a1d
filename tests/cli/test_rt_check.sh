#!/usr/bin/env bash
# test_rt_check.sh — `eml rt check` and `eml rt report` on four fixture
# centres written below (figures worked out by hand in the comments):
#   750100000 2 accelerators 6/18 MV with electrons, 960 treatments, 1 oncologist
#             (480 per machine: saturated, in the circular's 450-500 band)
#   920100013 a lone cobalt (declared isolated), 300 treatments
#   930100029 a teaching centre, 3 accelerators 6/20 MV, 850 patients, 100 special
#   940100035 2 accelerators, 1100 treatments: saturated
set -euo pipefail
source "$EML_SOURCE_DIR/tests/data/rt/cli_helpers.sh"
export EML_PSEUDONYM_KEY=$(cat "$D/test_key.hex")

F="$T/centres"
mkdir "$F"
cat >"$F/rt_centres.csv" <<'CSV'
finess;name;territory;teaching;single_machine_case;ct_simulation;conventional_dosimetry;dosimetry_3d;imaging_access_h;network;hdr_oncologist;hdr_physicist;cooperation_agreement
750100000;Centre A;75;0;;1;1;on_site;7;1;0;0;0
920100013;Centre du cobalt;92;0;isolated;1;1;on_site;3,5;1;0;0;1
930100029;CHU;93;1;;1;1;on_site;10,5;1;1;1;0
940100035;Centre saturé;94;0;;1;1;on_site;7;1;0;0;0
CSV
cat >"$F/rt_machines.csv" <<'CSV'
machine_id;finess;kind;photon_mv;electrons;mlc;portal_imaging;imrt;in_vivo_dosimetry;parameter_control;in_service_from;in_service_until
A1;750100000;LINAC;"6;18";1;1;1;0;1;1;2015-01-01;
A2;750100000;LINAC;"6;18";1;1;1;0;1;1;2015-01-01;
CO;920100013;COBALT;;0;0;0;0;1;0;1998-01-01;
U1;930100029;LINAC;"6;20";1;1;1;1;1;1;2015-01-01;
U2;930100029;LINAC;"6;20";1;1;1;0;1;1;2015-01-01;
U3;930100029;LINAC;"6;20";1;0;0;0;1;1;2015-01-01;
S1;940100035;LINAC;"6;18";1;1;1;0;1;1;2015-01-01;
S2;940100035;LINAC;"6;18";1;1;1;0;1;1;2015-01-01;
CSV
cat >"$F/rt_staff.csv" <<'CSV'
finess;year;role;fte
750100000;2024;ONCOLOGIST;1
750100000;2024;PHYSICIST;2
750100000;2024;RTT;5
750100000;2024;DOSIMETRIST;1
920100013;2024;ONCOLOGIST;1
920100013;2024;PHYSICIST;1
920100013;2024;RTT;3
920100013;2024;DOSIMETRIST;1
930100029;2024;ONCOLOGIST;4
930100029;2024;PHYSICIST;3
930100029;2024;RTT;7
930100029;2024;DOSIMETRIST;2
940100035;2024;ONCOLOGIST;3
940100035;2024;PHYSICIST;2,2
940100035;2024;RTT;5
940100035;2024;DOSIMETRIST;1
CSV
courses() { # finess count special
  awk -v f="$1" -v n="$2" -v s="$3" 'BEGIN { for (i = 0; i < n; i++)
    printf "%s-%d;PAT-%s-%d;%s;C50.9;EXTERNAL;%s;2024-05-02;2024-06-14;\n", f, i, f, i, f, i < s ? "SRS" : "STANDARD" }'
}
{
  echo "course_id;patient_id;finess;pathology;modality;technique;started_on;closed_on;continues"
  courses 750100000 960 0
  courses 920100013 300 0
  courses 930100029 850 100
  courses 940100035 1100 0
} >"$F/rt_courses.csv"
echo "patient_id;course_id;machine_id;start;fields;inpatient" >"$F/rt_sessions.csv"

# centre A: 960 / 2 = 480 per machine, saturated (the band 450-500 is
# saturation, issue 14 item 8); oncologists
# 960/400 = 2,4 to 960/300 = 3,2 for 1 present: short of 1,4
run rt check --year 2024 --dir "$F" --centre 750100000
expect_rc 0
[ "$(grep -c '^Conformité 2024' "$T/out")" -eq 1 ] || fail "--centre gave more than one centre"
has "^Conformité 2024 — Centre A \(750100000\) *$" out
has "^ ?1 +Au moins deux appareils .* +CONFORME +2 appareils de haute énergie en service au 31/12/2024 *$" out
has "^ ?6 +Activité par appareil .* +NON CONFORME +960 traitements de radiothérapie externe / 2,00 machine-années = 480 par appareil ; saturé \(plus de 450, dans la fourchette de 450 à 500 de la circulaire\) : à renforcer en priorité *$" out
has "^ ?7 +Effectifs .* +NON CONFORME +Radiothérapeutes 1,0 ETP pour 2,4 à 3,2 requis ; manque 1,4 ETP ; " out
has "^Radiothérapeutes +1,0 +2,4 +3,2 +1,4 *$" out
# total need: 2,4 + 1,92 + 5 + 1 = 10,32 to 3,2 + 2,74 + 5 + 1 = 11,94
has "^Total +9,0 +10,3 +11,9 +1,4 *$" out
has "^2 contrôles non conformes\. Saturé au-delà de 450 à 500 traitements par appareil, hors surcharge temporaire liée au renouvellement d'un appareil \(2\.1\.1\.1\)\.$" out

# thresholds as options: the band 490-520: 480 is under it
run rt check --year 2024 --dir "$F" --centre 750100000 --saturation-warn 490 --saturation 520
expect_rc 0
has "^ ?6 +Activité par appareil .* +CONFORME +960 traitements .* = 480 par appareil ; référence 400 par appareil *$" out
run rt check --year 2024 --dir "$F" --saturation-warn 600 --saturation 500
expect_rc 2

# the lone cobalt
run rt check --year 2024 --dir "$F" --centre 920100013
expect_rc 0
has "^ ?1 +Au moins deux appareils .* +NON CONFORME +un seul appareil, un cobalt : cobalt isolé non conforme" out
has "^ ?3 +Cobalt seulement .* +NON CONFORME +1 cobalt parmi 1 appareil de haute énergie, dont 0 à deux énergies photons ou plus ; cobalt isolé *$" out

# the teaching centre with 850 patients and no brachytherapy:
# non-conforming on check 10
run rt check --year 2024 --dir "$F" --centre 930100029
expect_rc 0
has "^10 +Radiothérapie externe et curiethérapie ; au moins 900 patients .* +NON CONFORME +850 patients \(900 requis\) ; dont 100 par techniques spéciales \(11,8 %, 10 % requis\) ; 0 curiethérapie \(au moins une requise\) *$" out
has "^12 +Gamme d'énergie des accélérateurs .* +CONFORME +gamme de 6 à 20 MV \(6 à 20 MV requis\) *$" out
has "^Effectifs 2024 — CHU \(930100029\), norme des centres d'enseignement *$" out

run rt check --year 2024 --dir "$F" --centre 123456789
expect_rc 2
has "aucun centre 123456789" err

# every centre without --centre
run rt check --year 2024 --dir "$F"
expect_rc 0
[ "$(grep -c '^Conformité 2024' "$T/out")" -eq 4 ] || fail "not four checklists"

# the regional report: saturated first (1100/2 = 550, then 480), then by
# treatments per machine (300, then 850/3 = 283)
run rt report --year 2024 --dir "$F"
expect_rc 0
order=$(grep -oE '^[0-9]{9}' "$T/out" | awk 'NR <= 4' | tr '\n' ' ')
[ "$order" = "940100035 750100000 920100013 930100029 " ] || fail "order: $order"
has "^940100035 +Centre saturé +94 +2 +2,00 +1100 +550 +SATURÉ +1100 +6 +0,0 *$" out
has "^750100000 +Centre A +75 +2 +2,00 +960 +480 +SATURÉ +960 +6, 7 +1,4 *$" out
# 2024: with checks 15-16 of the 2023 regime (test_rt_regime2023.sh): no
# accelerator (the cobalt is not one), 300 malades < 600
has "^920100013 +Centre du cobalt +92 +1 +1,00 +300 +300 +— +300 +1, 2, 3, 4, 15, 16 +0,0 *$" out
# totals: 8 machines, 3210 external treatments, 3210 / 8 = 401
has "^ +Région +8 +8,00 +3210 +401 +2 saturés, 0 temporaire +3210 +1,4 *$" out
has "^ +Région +1,4 +0,0 +0,0 +0,0 +1,4 *$" out
# the age and modernisation of the machines on 31 December (1.1 a, 1.4):
# A1 (2015, no IMRT): 9 years, a previous generation; the cobalt (1998):
# 26 years; U1 (2015, MLC, portal imaging, IMRT): modern; U3: none of the three
has "^Âge et modernisation des appareils au 31/12/2024 \(1\.1, 1\.4\) *$" out
has "^750100000 +Centre A +A1 +Accélérateur +6/18 +01/01/2015 +9 +OUI +OUI +NON +— +OUI +accélérateur de génération précédente \(sans modulation d'intensité\) *$" out
has "^920100013 +Centre du cobalt +CO +Cobalt +1,25 +01/01/1998 +26 +NON +NON +NON +— +OUI +cobalt, à remplacer par un accélérateur *$" out
has "^930100029 +CHU +U1 +Accélérateur +6/20 +01/01/2015 +9 +OUI +OUI +OUI +— +NON +— *$" out
has "^930100029 +CHU +U3 +Accélérateur +6/20 +01/01/2015 +9 +NON +NON +NON +— +OUI +accélérateur de génération précédente \(sans collimateur multilames, imagerie portale, modulation d'intensité\) *$" out
# 8 machines, all but U1 to replace
has "^7 appareils de haute énergie à remplacer sur 8\.$" out
! grep -q "PAT-" "$T/out" "$T/err" || fail "a patient identifier in clear"

# a renewal makes the overload temporary (2.1.1.1: "hors surcharge
# temporaire liée à un renouvellement d'appareil"): centre A's A2 is out of
# service on 30 June (182 days), A3 replaces it from 1 July (184 days):
# 1 + 182/366 + 184/366 = 2,00 machine-years, 960 / 2 = 480 again, shown
# but not counted as saturation
R="$T/renewal"
cp -r "$F" "$R"
awk -F';' -v OFS=';' 'NR == 1 { print $0 ";replaces"; next }
  $1 == "A2" { $12 = "2010-01-01"; $13 = "2024-06-30" } { print $0 ";" }  # "6;18" splits in two
  $1 == "A2" { print "A3;750100000;LINAC;\"6;18\";1;1;1;1;1;1;2024-07-01;;A2" }' \
  "$F/rt_machines.csv" >"$R/rt_machines.csv"
run rt check --year 2024 --dir "$R" --centre 750100000
expect_rc 0
has "^ ?6 +Activité par appareil .* +CONFORME \(réserve\) +960 traitements de radiothérapie externe / 2,00 machine-années = 480 par appareil ; plus de 450 : surcharge temporaire liée au renouvellement d'un appareil \(A3 remplace A2, en service le 01/07/2024\), non comptée comme saturation *$" out
has "^1 contrôle non conforme\." out
run rt report --year 2024 --dir "$R"
expect_rc 0
has "^750100000 +Centre A +75 +2 +2,00 +960 +480 +TEMPORAIRE +960 +7 +1,4 *$" out
has "^ +Région +8 +8,00 +3210 +401 +1 saturé, 1 temporaire +3210 +1,4 *$" out
# the new A3 (IMRT) replaced A2: shown in the modernisation table, modern
has "^750100000 +Centre A +A3 +Accélérateur +6/18 +01/07/2024 +0 +OUI +OUI +OUI +A2 +NON +— *$" out
# a bad link is refused to the byte
printf 'A4;750100000;LINAC;6;1;1;1;1;1;1;2024-07-01;;A9\n' >>"$R/rt_machines.csv"
run rt check --year 2024 --dir "$R" --centre 750100000
expect_rc 1
has "^eml: $R/rt_machines.csv:11: colonne replaces : machine inconnue \(absente de rt_machines.csv\) \(valeur « A9 »\)$" err

# the same centres four years earlier (2024 -> 2020, a leap year too):
# before the 2023 regime the checklists are the circular's 14 alone, and
# the regional report the same figures
E="$T/centres-2020"
mkdir "$E"
for f in "$F"/*.csv; do sed 's/2024/2020/g' "$f" >"$E/${f##*/}"; done
run rt check --year 2020 --dir "$E" --centre 920100013
expect_rc 0
has "^14 +Effectifs des centres" out
! grep -qE "^1[56] " "$T/out" || fail "2020: a check of the 2023 regime"
has "^4 contrôles non conformes\." out
run rt report --year 2020 --dir "$E"
expect_rc 0
has "^920100013 +Centre du cobalt +92 +1 +1,00 +300 +300 +— +300 +1, 2, 3, 4 +0,0 *$" out
has "^ +Région +8 +8,00 +3210 +401 +2 saturés, 0 temporaire +3210 +1,4 *$" out

# the same report in every format of the table model
run rt report --year 2024 --dir "$F" --format csv
expect_rc 0
has "^940100035;Centre saturé;94;2;2,00;1100;550;SATURÉ;1100;6;0,0.?$" out  # CRLF line ends (RFC 4180)
run rt report --year 2024 --dir "$F" --format md
expect_rc 0
has "^\| 750100000 \| Centre A \| 75 \| 2 \| 2,00 \| 960 \| 480 \| SATURÉ \| 960 \| 6, 7 \| 1,4 \|$" out
run rt report --year 2024 --dir "$F" --format html
expect_rc 0
has "<td>920100013</td><td>Centre du cobalt</td>" out
run rt report --year 2024 --dir "$F" --format json
expect_rc 0
python3 - "$T/out" <<'PY' || fail "json: not the figures"
import json, sys
t = json.load(open(sys.argv[1]))["tables"][0]
assert t["id"] == "rt_region"
row = t["rows"][1]
assert row["finess"] == "750100000" and row["treatments_per_machine"] == 480 and row["saturation"] == "SATURÉ", row
assert abs(row["shortfall_fte"] - 1.4) < 1e-9, row
PY
run rt check --year 2024 --dir "$F" --format xlsx --output "$T/check.xlsx"
expect_rc 0
[ "$(head -c 2 "$T/check.xlsx")" = "PK" ] || fail "xlsx: not a zip file"
echo "ok"
