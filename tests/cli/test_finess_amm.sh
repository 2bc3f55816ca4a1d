#!/usr/bin/env bash
# test_finess_amm.sh — `eml import finess FILE` with the AMM authorisations
# file of the 2023 regime (docs/regime-2023.md, "FINESS as published now"):
# the fixtures of tests/data/finess (README.md there derives what each must
# give, by hand): the §2.2 record (skipped), the hand-made imaging record
# (scanner 2, irm 1, scannermeo 1) with its stable device ids, one record
# per activity, gzip by its first bytes; each bad case as the bad-input
# rules say (an unknown activity code, a count above the schema's maximum,
# an unknown site: all-or-nothing, then --rejects in the one rejects
# format; an unknown element listed once; a nil count; a truncated file;
# a file that is not the AMM file); re-extractions adding and removing
# devices (highest ranks first) and ending an authorisation absent, each
# change in the audit log; the same file twice changes nothing.
source "${0%/*}/lib.sh"
cp "$src"/tests/data/finess/amm-* "$src"/tests/data/finess/etab-2024.csv "$src"/tests/data/finess/equip-2023.xml .
DEVICES="SELECT equipment_id, authorisation_id, modality, declared_on, ifnull(installed_on, '-'), ifnull(removed_on, '-') FROM declared_device ORDER BY 1"
AUTHS="SELECT authorisation_id, finess, finess_ej, activity, mention, decided_on, ifnull(started_on, '-'), ifnull(until, '-'), ifnull(due_on, '-') FROM authorisation ORDER BY 1"
# a copy of amm-imaging.xml of another date with other counts (sed on the fixture)
variant() { # DATE SCANNER SCANNERMEO > file
  sed -e "s|<datemaj>2025-08-12</datemaj>|<datemaj>$1</datemaj>|" \
      -e "s|<scanner>2</scanner>|<scanner>$2</scanner>|" \
      -e "s|<scannermeo>1</scannermeo>|<scannermeo>$3</scannermeo>|" amm-imaging.xml
}

# ---- §2.2 (research note, verbatim): QA050 is known, not kept: skipped; .gz the same
for f in amm-2.2.xml amm-2.2.xml.gz; do
  new_store
  run import finess --db t.db --establishments etab-2024.csv "$f"
  expect_status 0 "$f"
  expect_line out "$f: extraction du 2025-08-12"
  expect_line out "$f: 1 ligne lue, 0 chargée, 1 ignorée, 0 rejetée"
  expect_line out "registre : autorisations nouvelles 0, mises à jour 0, closes 0 ; appareils déclarés nouveaux 0, mis à jour 0, retirés 0"
  checks=$((checks + 1)); [ -z "$err" ] || fail "$f: the seven extra elements are known: $err"
  expect_query "SELECT count(*) FROM authorisation" 0
done

# ---- the hand-made imaging record: 1 authorisation, 3 devices, 1 in service
new_store
run import finess --db t.db --establishments etab-2024.csv amm-imaging.xml
expect_status 0 "amm-imaging.xml"
expect_line out "amm-imaging.xml: 1 ligne lue, 1 chargée, 0 ignorée, 0 rejetée"
expect_line out "amm-imaging.xml: nombres d'appareils vides ou absents, lus 0 (enregistrements) : tep 1, temp 1, cyclotron 1, caissonhyperbare 1, irmmeo 1, tepmeo 1, tempmeo 1, cyclotronmeo 1, caissonhyperbaremeo 1"
expect_line out "registre : autorisations nouvelles 1, mises à jour 0, closes 0 ; appareils déclarés nouveaux 3, mis à jour 0, retirés 0"
expect_query "$AUTHS" "11-24-0042|750000010|750712184|IMAGING||2024-01-15|2024-03-04|-|2031-01-15"
expect_query "$DEVICES" "AMM-11-24-0042-CT-1|11-24-0042|CT|2024-01-15|2024-03-04|-
AMM-11-24-0042-CT-2|11-24-0042|CT|2024-01-15|-|-
AMM-11-24-0042-MRI-1|11-24-0042|MRI|2024-01-15|-|-"
expect_query "SELECT action, entity, key FROM audit WHERE entity IN ('authorisation', 'declared_device') ORDER BY id" \
"insert|authorisation|11-24-0042
insert|declared_device|AMM-11-24-0042-CT-1
insert|declared_device|AMM-11-24-0042-CT-2
insert|declared_device|AMM-11-24-0042-MRI-1"
# the same file again: nothing changes
before=$(dump)
run import finess --db t.db amm-imaging.xml
expect_status 0 "amm-imaging.xml again"
expect_line out "registre : autorisations nouvelles 0, mises à jour 0, closes 0 ; appareils déclarés nouveaux 0, mis à jour 0, retirés 0"
checks=$((checks + 1))
[ "$(dump | grep -v '^INSERT INTO audit')" = "$(grep -v '^INSERT INTO audit' <<<"$before")" ] || fail "a second import of the same file changed the register"

# ---- a later extraction: scanner 3, 2 in service: CT-3 declared at its date, CT-2 installed
variant 2025-10-01 3 2 >amm-later.xml
run import finess --db t.db amm-later.xml
expect_status 0 "scanner 3"
expect_line out "registre : autorisations nouvelles 0, mises à jour 0, closes 0 ; appareils déclarés nouveaux 1, mis à jour 1, retirés 0"
expect_query "$DEVICES" "AMM-11-24-0042-CT-1|11-24-0042|CT|2024-01-15|2024-03-04|-
AMM-11-24-0042-CT-2|11-24-0042|CT|2024-01-15|2024-03-04|-
AMM-11-24-0042-CT-3|11-24-0042|CT|2025-10-01|-|-
AMM-11-24-0042-MRI-1|11-24-0042|MRI|2024-01-15|-|-"
# ---- then scanner 1: the highest ranks go (CT-3, CT-2), removed at its date
variant 2025-12-01 1 1 >amm-fewer.xml
run import finess --db t.db amm-fewer.xml
expect_status 0 "scanner 1"
expect_line out "registre : autorisations nouvelles 0, mises à jour 0, closes 0 ; appareils déclarés nouveaux 0, mis à jour 0, retirés 2"
expect_query "$DEVICES" "AMM-11-24-0042-CT-1|11-24-0042|CT|2024-01-15|2024-03-04|-
AMM-11-24-0042-CT-2|11-24-0042|CT|2024-01-15|2024-03-04|2025-12-01
AMM-11-24-0042-CT-3|11-24-0042|CT|2025-10-01|-|2025-12-01
AMM-11-24-0042-MRI-1|11-24-0042|MRI|2024-01-15|-|-"
expect_query "SELECT action, key FROM audit WHERE entity = 'declared_device' AND action = 'remove' ORDER BY id" \
"remove|AMM-11-24-0042-CT-2
remove|AMM-11-24-0042-CT-3"
# ---- an extraction without 11-24-0042 (amm-nil-count.xml: 11-24-0063 only): it ends at its date
run import finess --db t.db amm-nil-count.xml
expect_status 0 "11-24-0042 absent"
expect_line out "registre : autorisations nouvelles 1, mises à jour 0, closes 1 ; appareils déclarés nouveaux 2, mis à jour 0, retirés 2"
expect_query "SELECT authorisation_id, ifnull(until, '-') FROM authorisation ORDER BY 1" "11-24-0042|2025-08-12
11-24-0063|-"
expect_query "SELECT equipment_id, ifnull(removed_on, '-') FROM declared_device WHERE authorisation_id = '11-24-0042' ORDER BY 1" \
"AMM-11-24-0042-CT-1|2025-08-12
AMM-11-24-0042-CT-2|2025-12-01
AMM-11-24-0042-CT-3|2025-12-01
AMM-11-24-0042-MRI-1|2025-08-12"
expect_query "SELECT action, key FROM audit WHERE entity = 'authorisation' AND action = 'end'" "end|11-24-0042"
# the nil count: 0 CT, 2 MRI both in service (installed 2024-03-04)
expect_query "SELECT equipment_id, ifnull(installed_on, '-') FROM declared_device WHERE authorisation_id = '11-24-0063' ORDER BY 1" \
"AMM-11-24-0063-MRI-1|2024-03-04
AMM-11-24-0063-MRI-2|2024-03-04"

# ---- one record per activity: read 10, loaded 9, skipped 1; 11 devices, 7 in service
new_store
run import finess --db t.db --establishments etab-2024.csv amm-activities.xml
expect_status 0 "amm-activities.xml"
expect_line out "amm-activities.xml: 10 lignes lues, 9 chargées, 1 ignorée, 0 rejetée"
expect_line out "registre : autorisations nouvelles 7, mises à jour 0, closes 0 ; appareils déclarés nouveaux 9, mis à jour 0, retirés 0"
expect_line out "registre : autorisations par appareil (caissons hyperbares, cyclotrons) nouvelles 2, mises à jour 0, closes 0"
expect_query "SELECT authorisation_id, finess, activity, mention, ifnull(started_on, '-') FROM authorisation ORDER BY 1" \
"11-24-0042|750000010|IMAGING||2024-03-04
11-24-0043|920000015|IMAGING||2024-05-02
11-24-0046|750000010|NUCLEAR|B|2024-03-04
11-24-0047|920000015|NUCLEAR|A|-
11-24-0048|750000010|INTERVENTIONAL|D|2024-03-04
11-24-0049|750000010|RADIOTHERAPY|A|2024-03-04
11-24-0050|920000015|RADIOTHERAPY|A|2024-03-04"
expect_query "SELECT modality, count(*), count(installed_on) FROM (SELECT modality, installed_on FROM declared_device UNION ALL SELECT modality, installed_on FROM equipment) GROUP BY modality ORDER BY modality" \
"CT|3|2
CYCLOTRON|1|1
GAMMA|3|2
MRI|2|0
OHB|1|1
PET|1|1"
expect_query "SELECT equipment_id, finess, authorized_from, installed_on, due_on FROM equipment ORDER BY 1" \
"AMM-11-24-0044-OHB-1|750000010|2024-01-15|2024-03-04|2031-01-15
AMM-11-24-0045-CYCLOTRON-1|750000010|2024-01-15|2024-03-04|2031-01-15"

# ---- an unknown activity code: all-or-nothing, then --rejects
new_store
run import finess --db t.db --establishments etab-2024.csv amm-bad-activity.xml
before=$(dump)
expect_status 1 "unknown activity code"
expect_line err "eml: amm-bad-activity.xml:44: élément activite : code d'activité AMM inconnu (valeur « QZ999 »)"
expect_line err "eml: rien n'est chargé : 1 mauvais enregistrement ; le corriger, ou charger les bons avec --rejects FICHIER"
expect_line out "amm-bad-activity.xml: 2 lignes lues, 1 chargée, 0 ignorée, 1 rejetée"
expect_query "SELECT count(*) FROM site" 0
run import finess --db t.db --establishments etab-2024.csv amm-bad-activity.xml --rejects rej.xml
expect_status 1 "unknown activity code, --rejects"
expect_line err "eml: 1 mauvais enregistrement écrit dans rej.amm-bad-activity.xml"
expect_query "SELECT authorisation_id FROM authorisation" "11-24-0042"
checks=$((checks + 1))
grep -qF '<activiteamm eml_reason="amm-bad-activity.xml:44: élément activite : code d&#39;activité AMM inconnu (valeur « QZ999 »)">' rej.amm-bad-activity.xml &&
  grep -qF '    <codeautorarhgos>11-24-0060</codeautorarhgos>' rej.amm-bad-activity.xml ||
  fail "rejects file: $(cat rej.amm-bad-activity.xml)"
checks=$((checks + 1))
xmllint --noout rej.amm-bad-activity.xml 2>/dev/null || fail "the AMM rejects file is not well-formed"
checks=$((checks + 1))
[ ! -e rej.etab-2024.csv ] || fail "establishments rejects without a bad line"

# ---- a count above the schema's maximum; the AMM file alone: --rejects FILE is FILE
run import finess --db t.db amm-count-above-max.xml
expect_status 1 "irm 19"
expect_line err "eml: amm-count-above-max.xml:62: élément irm : au-delà du maximum du schéma (18) (valeur « 19 »)"
expect_line out "amm-count-above-max.xml: 2 lignes lues, 1 chargée, 0 ignorée, 1 rejetée"
run import finess --db t.db amm-count-above-max.xml --rejects rej-max.xml
expect_status 1 "irm 19, --rejects"
expect_line err "eml: 1 mauvais enregistrement écrit dans rej-max.xml"
checks=$((checks + 1))
grep -qF '    <irm>19</irm>' rej-max.xml || fail "rejects file: $(cat rej-max.xml)"
# the rejects file reads back as an AMM file: the same record, the same reason
run import finess --db t.db rej-max.xml
expect_status 1 "the rejects file read back"
expect_line err "eml: rej-max.xml:26: élément irm : au-delà du maximum du schéma (18) (valeur « 19 »)"

# ---- an unknown site (no establishments file, not in the register)
new_store
run import finess --db t.db amm-nil-count.xml
expect_status 1 "unknown site"
expect_line err "eml: amm-nil-count.xml:20: élément nofinesset : site inconnu (ni dans le fichier des établissements ni dans le registre) (valeur « 750000028 »)"
expect_line out "amm-nil-count.xml: 1 ligne lue, 0 chargée, 0 ignorée, 1 rejetée"

# ---- an unknown element: tolerated, listed once
new_store
run import finess --db t.db --establishments etab-2024.csv amm-unknown-element.xml
expect_status 0 "unknown element"
expect_line err "eml: amm-unknown-element.xml: attention : élément <nouveauchamp> de <activiteamm> absent de la description : ignoré (2 enregistrements, le premier à la ligne 17)"
checks=$((checks + 1)); [ "$(grep -c nouveauchamp <<<"$err")" = 1 ] || fail "listed more than once: $err"
expect_query "SELECT equipment_id, ifnull(installed_on, '-') FROM declared_device ORDER BY 1" \
"AMM-11-24-0061-MRI-1|2024-03-04
AMM-11-24-0062-CT-1|2024-03-04"

# ---- a truncated file: nothing stored, not even its complete first record
new_store
before=$(dump)
run import finess --db t.db --establishments etab-2024.csv amm-truncated.xml
expect_status 1 "truncated"
expect_contains err "eml: amm-truncated.xml:63: XML mal formé : "
expect_line err "eml: amm-truncated.xml: rien n'est chargé"
checks=$((checks + 1)); [ "$(dump)" = "$before" ] || fail "truncated: the store changed"

# ---- not the AMM file
run import finess --db t.db equip-2023.xml
expect_status 1 "another root"
expect_line err "eml: equip-2023.xml: pas le fichier des autorisations AMM (racine <equipements>, attendu <fluxarhgos>) ; les autres extractions vont avec --establishments et --equipment"
run import finess --db t.db
expect_status 2 "no file at all"
expect_line err "eml: l'option --establishments est obligatoire (voir « eml import finess --help »)"
finish
