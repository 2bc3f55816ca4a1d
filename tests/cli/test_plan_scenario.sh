#!/usr/bin/env bash
# test_plan_scenario.sh — `eml plan scenario` (spec planning.md §3, issue
# 15) on the demo registers, the scenario files of tests/data/plan/scenario
# (their README derives each expected figure from the demo's):
#  1. granting D2017-08 of data/idf-2017 (a creation of 1 MRI at 919900068,
#     Essonne): 91 MRI devices 16 -> 17 (gap -3 -> -2), sites 11 -> 12, the
#     verdict line of D2017-08 RECEVABLE -> accordée; the store unchanged
#     (sqlite3 .dump before and after);
#  2. closing CT-75-002: 75 CT 66 -> 65 devices, its verdict NON* -> OUI*;
#  3. a bad line: `FILE:1: colonne request : …` to the byte, nothing applied,
#     nothing printed on stdout, the store unchanged; every bad line listed;
#  4. target, add with a date, move, blanks and comments;
#  5. the 2023 regime on data/idf-2025: a creation granted moves 75's
#     IMAGING implantations 80 -> 81, a declaration 93's devices 94 -> 95;
#  6. every output format; --save: an audit entry per change, the register
#     unchanged.
source "${0%/*}/lib.sh"
data=$src/data/idf-2017
fx=$src/tests/data/plan/scenario
new_store
load_files t.db "$data" sites equipment targets notes
before=$(dump)
scenario() { csv_lines plan scenario --db t.db --at 2017-10-01 --period SROS3-PRS "$@"; }
unchanged() {
  checks=$((checks + 1))
  [ "$(dump)" = "$before" ] || fail "$1: the store changed"
}
# the columns of a row: zone; devices before, after, high before, after, gap
# before, after, verdict before, after; the same for sites
head_row="Département;Appareils - Avant;Appareils - Après;Appareils - Borne haute avant;Appareils - Borne haute après;Appareils - Écart avant;Appareils - Écart après;Appareils - Recevable avant;Appareils - Recevable après;Implantations - Avant;Implantations - Après;Implantations - Borne haute avant;Implantations - Borne haute après;Implantations - Écart avant;Implantations - Écart après;Implantations - Recevable avant;Implantations - Recevable après"

# 1. grant D2017-08
scenario --requests "$data/requests.csv" --modality MRI "$fx/grant.txt"
expect_status 0 "grant"
expect_line out "Scénario : bilan avant et après — Imageurs par résonance magnétique (IRM)"
expect_line out "$head_row"
# 91: 16 + 1 = 17 devices, high 19: gap -3 -> -2; sites 11 + 1 = 12, high 13: -2 -> -1
expect_line out "91;16;17;19;19;-3;-2;OUI;OUI;11;12;13;13;-2;-1;OUI;OUI"
# the other zones do not move (75: 75 devices, high 78)
expect_line out "75;75;75;78;78;-3;-3;OUI;OUI;47;47;48;48;-1;-1;OUI;OUI"
expect_line out "2;grant D2017-08;D2017-08 accordée : 1 appareil MRI au site 919900068 (91), autorisé le 01/10/2017"
expect_line out "Aucune zone ne change d'avis."
expect_line out "D2017-08;91;MRI;RECEVABLE;accordée"
checks=$((checks + 1))
[ "$(grep -c '^D2017-' <<<"$out")" = 1 ] || fail "grant: other applications changed: $out"
unchanged "grant"

# 2. close a device: its zone moves down by one
scenario --modality CT "$fx/close.txt"
expect_status 0 "close"
expect_line out "75;66;65;66;66;0;-1;NON*;OUI*;48;48;50;50;-2;-2;OUI;OUI"
expect_line out "1;close CT-75-002;appareil CT-75-002 CT du site 759900012 (75) : fin le 01/10/2017"
expect_line out "Tableau;Zone;Unité;Avis avant;Avis après"
expect_line out "CT;75;appareils;NON*;OUI*"
unchanged "close"

# 3. an unknown request: FILE:1, nothing applied, nothing printed
scenario --requests "$data/requests.csv" "$fx/unknown.txt"
expect_status 1 "unknown request"
checks=$((checks + 1))
[ "$err" = "eml: $fx/unknown.txt:1: colonne request : demande absente du fichier --requests (valeur « D2017-99 »)
eml: $fx/unknown.txt: 1 mauvaise ligne : rien n'est appliqué" ] || fail "unknown request: stderr: $err"
checks=$((checks + 1))
[ -z "$out" ] || fail "unknown request: stdout: $out"
unchanged "unknown request"
# every bad line, each with its message, to the byte
printf 'grant D2017-08\nremove X\nclose NOPE\nadd XX 919900068\nmove CT-75-002 123\ntarget 91 MRI 20 18\ngrant\nclose CT-75-002 2017-13-01\n' >bad.txt
scenario --requests "$data/requests.csv" bad.txt
expect_status 1 "bad lines"
checks=$((checks + 1))
[ "$err" = "eml: bad.txt:2: colonne change : code inconnu (attendu grant, add, close, move, target) (valeur « remove »)
eml: bad.txt:3: colonne equipment : appareil ou autorisation absent du registre (valeur « NOPE »)
eml: bad.txt:4: colonne modality : modalité inconnue (attendu CT, MRI, GAMMA, PET, OHB, CYCLOTRON, LINAC, COBALT, ou une activité : IMAGING, NUCLEAR, INTERVENTIONAL, RADIOTHERAPY) (valeur « XX »)
eml: bad.txt:5: colonne finess : $("$eml" plan scenario --db t.db --period SROS3-PRS bad.txt 2>&1 | sed -n 's/^eml: bad.txt:5: colonne finess : //p')
eml: bad.txt:6: colonne low : au-dessus de la borne haute (18) (valeur « 20 »)
eml: bad.txt:7: 1 mot là où « grant » en prend 2 (grant REQUEST_ID)
eml: bad.txt:8: colonne date : $("$eml" plan scenario --db t.db --period SROS3-PRS bad.txt 2>&1 | sed -n 's/^eml: bad.txt:8: colonne date : //p')
eml: bad.txt: 7 mauvaises lignes : rien n'est appliqué" ] || fail "bad lines: stderr: $err"
expect_contains err "bad.txt:5: colonne finess : "
expect_contains err "(valeur « 123 »)"
expect_contains err "(valeur « 2017-13-01 »)"
checks=$((checks + 1))
[ -z "$out" ] || fail "bad lines: stdout: $out"
printf '# rien\n\n' >empty.txt
scenario empty.txt
expect_status 1 "empty"
expect_line err "eml: empty.txt: aucun changement dans le scénario"
unchanged "bad lines"

# 4. target, add with a date, move; blanks before and between the words
scenario --modality MRI "$fx/mixed.txt"
expect_status 0 "mixed MRI"
# 91 MRI: low 15, high 19 -> 18; 16 + 1 devices: gap -3 -> -1; the site
# 919900068 has no MRI: sites 11 -> 12
expect_line out "91;16;17;19;18;-3;-1;OUI;OUI;11;12;13;13;-2;-1;OUI;OUI"
expect_line out "1;target 91 MRI 15 18;OQOS 91 MRI en appareils, période SROS3-PRS : 16–19 → 15–18"
expect_line out "2;add MRI 919900068 2017-09-01;appareil SCENARIO-2 MRI autorisé au site 919900068 (91) le 01/09/2017"
expect_line out "3;move CT-75-002 919900068;appareil CT-75-002 CT : du site 759900012 (75) au site 919900068 (91)"
scenario --modality CT "$fx/mixed.txt"
expect_status 0 "mixed CT"
# 75 CT 66 -> 65 (gap 0 -> -1); 91 CT 19 -> 20, high 20 (gap -1 -> 0: OUI -> NON); no
# site changes (both sites keep or had a CT)
expect_line out "75;66;65;66;66;0;-1;NON*;OUI*;48;48;50;50;-2;-2;OUI;OUI"
expect_line out "91;19;20;20;20;-1;0;OUI;NON;17;17;17;17;0;0;NON;NON"
expect_line out "CT;91;appareils;OUI;NON"
unchanged "mixed"

# 5. the 2023 regime: data/idf-2025 at 2025-06-30
d25=$src/data/idf-2025
"$eml" init --db r.db >/dev/null
load_files r.db "$d25" sites authorisations devices conventions windows targets
before25=$(sqlite3 r.db .dump)
csv_lines plan scenario --db r.db --at 2025-06-30 --period PRS-2023 --requests "$d25/requests.csv" \
  "$fx/grant-2023.txt"
expect_status 0 "2023"
expect_line out "Zone;Implantations - Avant;Implantations - Après;Implantations - OQOS max avant;Implantations - OQOS max après;Implantations - Écart avant;Implantations - Écart après;Implantations - Recevable avant;Implantations - Recevable après;Appareils (scanners et IRM) - Avant;Appareils (scanners et IRM) - Après"
# 75: 80 implantations + the creation = 81, OQOS max 82: gap -2 -> -1
expect_line out "75;80;81;82;82;-2;-1;OUI;OUI;229;229"
# 93: one MRI declared at 939700258: 94 -> 95 devices, implantations unchanged
expect_line out "93;32;32;34;34;-2;-2;OUI;OUI;94;95"
expect_line out "1;grant D2025-05;D2025-05 accordée : autorisation IMAGING au site 759700842 (75), décidée le 30/06/2025"
expect_line out "D2025-05;75;IMAGING;NON RECEVABLE;accordée"
expect_line out "D2025-08;93;IMAGING;DÉCLARATION;accordée"
checks=$((checks + 1))
[ "$(sqlite3 r.db .dump)" = "$before25" ] || fail "2023: the store changed"

# 6. every format; --save
for f in text json md html; do
  run plan scenario --db t.db --at 2017-10-01 --period SROS3-PRS --modality MRI --format "$f" \
    --requests "$data/requests.csv" "$fx/grant.txt"
  expect_status 0 "format $f"
  expect_contains out "D2017-08"
done
run plan scenario --db t.db --at 2017-10-01 --period SROS3-PRS --format xlsx --output s.xlsx \
  "$fx/close.txt"
expect_status 0 "xlsx"
checks=$((checks + 1))
[ -s s.xlsx ] || fail "xlsx: nothing written"
run plan scenario --db t.db --at 2017-10-01 --period SROS3-PRS --format json "$fx/close.txt"
expect_contains out '"id": "scenario_CT"'
unchanged "formats"
regs="site equipment target note territory authorisation declared_device"
reg_dump() { for t in $regs; do sqlite3 t.db "SELECT * FROM $t ORDER BY 1"; done; }
reg_before=$(reg_dump)
run plan scenario --db t.db --at 2017-10-01 --period SROS3-PRS --modality CT --save fermeture \
  --user planner "$fx/close.txt"
expect_status 0 "save"
expect_line err "eml: scénario « fermeture » enregistré dans t.db (1 changement, eml log --entity scenario)"
expect_line out "$(printf '%s' "$out" | grep -m1 '^Scénario : changements appliqués')"
checks=$((checks + 1))
[ "$(reg_dump)" = "$reg_before" ] || fail "save: the register changed"
run log --db t.db --entity scenario
expect_status 0 "log"
expect_contains out 'planner    scenario scenario    fermeture:1  après={"scenario":"fermeture","file":"'"$fx"'/close.txt","line":1,"change":"close CT-75-002"}'
expect_contains out 'après={"scenario":"fermeture","at":"2017-10-01","period":"SROS3-PRS","changes":1'
# with data loaded (spec §3): the capacity of a stored campaign and the
# radiotherapy saturation, before and after. The register of
# tests/data/plan/scenario/data (IRM1 at 750000010 in 75; LINAC L1, L2 at
# each of the two generated centres), the hand machine IRM1 of
# tests/data/plan/capacity as campaign "hand" (0,51 machine with
# --reference 5,5,2, its README), the radiotherapy of `generate
# radiotherapy --centres 2 --year 2024 --seed 11`: 750100000 737
# treatments on 2 machine-years = 368, 920100013 1149 / 2 = 574 (saturated,
# > 450). data.txt: add LINAC 920100013 -> 1149 / 3 = 383, not saturated;
# close 750100000-L1 -> 737 / 1 = 737, saturated; move IRM1 920100013 ->
# its capacity from 75 to 92.
new_store
load_files t.db "$fx/data" sites equipment targets
run generate radiotherapy --centres 2 --year 2024 --seed 11 --out rtg
expect_status 0 "generate radiotherapy"
EML_PSEUDONYM_KEY=$(cat "$src/tests/data/rt/test_key.hex") "$eml" rt import --dir rtg --db t.db \
  >/dev/null 2>&1 || fail "rt import"
cap=$src/tests/data/plan/capacity
run imaging import --campaign hand --db t.db --equipment "$cap/equipment.csv" \
  --sessions "$cap/sessions.csv" --exams "$cap/exams.csv" --from 2024-03-04 --to 2024-03-18
expect_status 0 "imaging import"
csv_lines rt report --db t.db --year 2024
expect_line out "920100013;Institut de radiothérapie 2;92;2;2,00;1149;574;SATURÉ;1068;6, 7;1,7"
expect_line out "750100000;Centre de radiothérapie 1;75;2;2,00;737;368;—;688;—;0,0"
before=$(dump)
csv_lines plan scenario "$fx/data.txt" --db t.db --at 2024-06-30 --period SROS3-PRS \
  --campaign hand --reference 5,5,2 --rt-year 2024
expect_status 0 "scenario with data"
expect_line out "75;MRI;1;0;0,51;0,00"
expect_line out "92;MRI;0;1;0,00;0,51"
expect_line out "Centre de radiothérapie 1;750100000;-1;2,00;1,00;737;368;737;non saturé;saturé"
expect_line out "Institut de radiothérapie 2;920100013;+1;2,00;3,00;1149;574;383;saturé;non saturé"
expect_line out "Centre de radiothérapie 1 (750100000) : non saturé → saturé (368 → 737 traitements par appareil)."
expect_line out "Institut de radiothérapie 2 (920100013) : saturé → non saturé (574 → 383 traitements par appareil)."
expect_line out "LINAC;92;appareils;OUI;NON"
# the same in English (docs/i18n.md): the words eml writes, the data as they are
csv_lines plan scenario "$fx/data.txt" --db t.db --at 2024-06-30 --period SROS3-PRS \
  --campaign hand --reference 5,5,2 --rt-year 2024 --lang en
expect_status 0 "scenario with data, English"
expect_line out "Scenario: saturation of the radiotherapy centres before and after (activity 2024)"
expect_line out "Centre;FINESS;Devices added or closed;Machine-years - Before;Machine-years - After;External treatments;Treatments per machine - Before;Treatments per machine - After;Saturation - Before;Saturation - After"
expect_line out "Institut de radiothérapie 2;920100013;+1;2,00;3,00;1149;574;383;saturated;not saturated"
expect_line out "LINAC;92;devices;YES;NO"  # the balance's verdicts, in the run's language
checks=$((checks + 1))
[ "$(dump)" = "$before" ] || fail "scenario with data: the store changed"
# without the options, neither table
csv_lines plan scenario "$fx/data.txt" --db t.db --at 2024-06-30 --period SROS3-PRS
expect_status 0 "scenario without data"
checks=$((checks + 1))
grep -q "capacité mobilisable\|saturation des centres" <<<"$out" && fail "data tables without data"
run plan scenario "$fx/data.txt" --db t.db --at 2024-06-30 --period SROS3-PRS --campaign nope
expect_status 1 "unknown campaign"

# options of another command are refused
run plan scenario --db t.db --period SROS3-PRS --year 2021 "$fx/close.txt"
expect_status 2 "foreign option"
finish
