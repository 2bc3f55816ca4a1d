#!/usr/bin/env bash
# test_register_edit.sh — editing the register by hand (issue 14 item 3,
# registry.md "Every change of the register (import, edit, end of an
# authorisation) is recorded"; docs/register.md "Editing the register").
#
# The register: territory 75, CT, targets P 1..3 devices and 1..2 sites;
# E1 at site A (750000010) from 2015-03-01, E2 at site B (750000028) from
# 2016-01-01, neither ended. `eml register end E1 --on 2018-01-01`: E1 is
# in force while 2015-03-01 <= D < 2018-01-01. Counts by hand:
#   before the end, at 2018-01-01: E1 + E2 -> devices 2, gap 2-3 = -1 OUI;
#                                  sites A, B -> 2, gap 2-2 = 0 NON
#   after, at 2017-12-31 (the day before): the same, E1 still in force
#   after, at 2018-01-01 (the end date, excluded): E2 only -> devices 1,
#                                  gap -2 OUI; sites 1, gap -1 OUI
# Every refusal is checked to the byte with the store unchanged (its dump).
source "${0%/*}/lib.sh"
new_store
printf 'finess,name,territory,legal_status\n750000010,A,75,CH\n750000028,B,75,CH\n' >sites.csv
printf 'equipment_id,finess,modality,authorized_from,installed_on\nE1,750000010,CT,2015-03-01,2015-04-01\nE2,750000028,CT,2016-01-01,2016-06-01\nG1,750000028,GAMMA,2016-01-01,\n' >equipment.csv
printf 'period,territory,modality,unit,low,high\nP,75,CT,devices,1,3\nP,75,CT,sites,1,2\nP,75,GAMMA,devices,,2\n' >targets.csv
printf 'authorisation_id,finess,activity,decided_on\nAUT-1,750000010,IMAGING,2023-06-01\n' >authorisations.csv
printf 'equipment_id,authorisation_id,modality,declared_on\nD1,AUT-1,CT,2023-07-01\n' >devices.csv
for f in sites equipment targets authorisations devices; do
  "$eml" import $f $f.csv --db t.db --user loader >/dev/null || fail "import $f"
done

# expect_row DATE ROW: the 75 row of the CT balance at DATE, spaces squeezed
expect_row() {
  run bilan --db t.db --period P --at "$1" --modality CT
  expect_status 0 "bilan at $1"
  checks=$((checks + 1))
  local got; got=$(grep -E '^75 ' <<<"$out" | tr -s ' ')
  [ "$got" = "$2" ] || fail "at $1: expected '$2', got '$got'"
}
expect_row 2018-01-01 "75 2 1 3 -1 OUI 2 1 2 0 NON"

# ---- end a device: the acceptance of issue 14 item 3 ----
E1_BEFORE='{"finess":"750000010","modality":"CT","authorized_from":"2015-03-01","authorized_until":null,"installed_on":"2015-04-01","due_on":null,"interventional":false}'
E1_AFTER='{"finess":"750000010","modality":"CT","authorized_from":"2015-03-01","authorized_until":"2018-01-01","installed_on":"2015-04-01","due_on":null,"interventional":false}'
run register end E1 --on 2018-01-01 --db t.db --user alice
expect_status 0 "end E1"
expect_line out "E1: equipment end  avant=$E1_BEFORE  après=$E1_AFTER"
expect_row 2017-12-31 "75 2 1 3 -1 OUI 2 1 2 0 NON"
expect_row 2018-01-01 "75 1 1 3 -2 OUI 1 1 2 -1 OUI"
expect_query "SELECT equipment_id, coalesce(authorized_until, '-') FROM equipment ORDER BY 1" "E1|2018-01-01
E2|-
G1|-"
run log --db t.db --limit 1
expect_status 0 "log"
expect_contains out "  alice      end    equipment   E1  avant=$E1_BEFORE  après=$E1_AFTER"
# the user defaults to the environment's USER
USER=bob run register end E1 --on 2018-02-01 --db t.db
expect_status 0 "end E1 again, later"
run log --db t.db --limit 1
expect_contains out "  bob        end    equipment   E1  avant=$E1_AFTER"
expect_row 2018-01-15 "75 2 1 3 -1 OUI 2 1 2 0 NON"
# the same end again changes nothing and writes no audit entry
run register end E1 --on 2018-02-01 --db t.db --user alice
expect_status 0 "same end"
expect_line out "E1: equipment inchangé (les valeurs données sont celles enregistrées)"
expect_query "SELECT count(*) FROM audit WHERE action = 'end'" "2"

# ---- refusals: the message to the byte, the store unchanged ----
# refuse CODE MESSAGE ARGS...: eml ARGS exits CODE with MESSAGE on stderr,
# nothing on stdout, and the store's dump is what it was
refuse() {
  local code=$1 message=$2 before
  shift 2
  before=$(dump)
  run "$@"
  expect_status "$code" "$*"
  checks=$((checks + 1))
  [ "$err" = "$message" ] || fail "$*: stderr
--- expected:
$message
--- got:
$err"
  [ -z "$out" ] || fail "$*: stdout not empty: $out"
  [ "$(dump)" = "$before" ] || fail "$*: the store changed"
}
refuse 1 "eml: ID: appareil ou autorisation inconnu (valeur « E9 »)" register end E9 --on 2018-01-01 --db t.db
refuse 1 "eml: option --on : la fin n'est pas après le début de l'autorisation (2016-01-01) (valeur « 2016-01-01 »)" \
  register end E2 --on 2016-01-01 --db t.db
refuse 1 "eml: option --on : la fin n'est pas après le début de l'autorisation (2016-01-01) (valeur « 2015-12-31 »)" \
  register end E2 --on 2015-12-31 --db t.db
refuse 1 "eml: option --on : la fin n'est pas après la décision de l'autorisation (2023-06-01) (valeur « 2023-01-01 »)" \
  register end AUT-1 --on 2023-01-01 --db t.db
refuse 1 "eml: option --on : la fin n'est pas après la déclaration de l'appareil (2023-07-01) (valeur « 2023-07-01 »)" \
  register end D1 --on 2023-07-01 --db t.db
refuse 2 "eml: l'option --on est obligatoire (par exemple --on 2024-06-30)" register end E2 --db t.db
refuse 1 "eml: EQUIPMENT_ID: appareil inconnu (valeur « E9 »)" register amend E9 --installed-on 2016-02-01 --db t.db
refuse 1 "eml: option --authorized-until : l'autorisation finit avant de commencer (2016-01-01) (valeur « 2015-06-01 »)" \
  register amend E2 --authorized-until 2015-06-01 --db t.db
refuse 1 "eml: option --authorized-from : l'autorisation commencerait après sa fin (2018-02-01) (valeur « 2018-03-01 »)" \
  register amend E1 --authorized-from 2018-03-01 --db t.db
refuse 1 "eml: option --interventional : seuls les scanners et les IRM peuvent être dédiés à l'imagerie interventionnelle (valeur « yes »)" \
  register amend G1 --interventional yes --db t.db
refuse 1 "eml: option --site : clé de contrôle FINESS fausse (valeur « 750000011 »)" register amend E2 --site 750000011 --db t.db
refuse 1 "eml: option --site : site inconnu (absent du registre : importer d'abord sites.csv) (valeur « 750000036 »)" \
  register amend E2 --site 750000036 --db t.db
refuse 2 "eml: register amend : rien à changer (donner --authorized-from, --authorized-until, --installed-on, --interventional or --site)" \
  register amend E2 --db t.db
refuse 1 "eml: FINESS: site inconnu (valeur « 750000036 »)" register amend-site 750000036 --name X --db t.db
refuse 1 "eml: option --territory : territoire inconnu (pas un département ; le déclarer dans territories.csv) (valeur « 99 »)" \
  register amend-site 750000028 --territory 99 --db t.db
refuse 1 "eml: option --legal-status : statut juridique inconnu (attendu CH, CHU, CHU AP-HP, CHU APHM, EPSIC, GCS, GIE, HIA, LIBERAL, PRIVE ou AUTRE) (valeur « XX »)" \
  register amend-site 750000028 --legal-status XX --db t.db
refuse 1 "eml: option --name : une valeur est obligatoire (valeur «  »)" register amend-site 750000028 --name '' --db t.db
refuse 1 "eml: option --finess-ej : clé de contrôle FINESS fausse (valeur « 750000011 »)" \
  register amend-site 750000028 --finess-ej 750000011 --db t.db
refuse 2 "eml: register amend-site : rien à changer (donner --name, --territory, --legal-status or --finess-ej)" \
  register amend-site 750000028 --db t.db
refuse 1 "eml: TARGET: objectif inconnu (période, territoire, modalité, unité) (valeur « P/75/MRI/devices »)" \
  register amend-target P 75 MRI devices --high 4 --db t.db
refuse 1 "eml: TARGET: objectif inconnu (période, territoire, modalité, unité) (valeur « Q/75/CT/devices »)" \
  register amend-target Q 75 CT devices --high 4 --db t.db
refuse 1 "eml: MODALITY: modalité inconnue (attendu CT, MRI, GAMMA, PET, OHB, CYCLOTRON, LINAC, COBALT, ou une activité du régime de 2023) (valeur « XRAY »)" \
  register amend-target P 75 XRAY devices --high 4 --db t.db
refuse 1 "eml: UNIT: unité inconnue (attendu devices ou sites) (valeur « beds »)" \
  register amend-target P 75 CT beds --high 4 --db t.db
refuse 1 "eml: option --low : la borne basse dépasse la borne haute (4 > 3) (valeur « 4 »)" \
  register amend-target P 75 CT devices --low 4 --db t.db
refuse 1 "eml: option --high : la borne basse dépasse la borne haute (1 > 0) (valeur « 0 »)" \
  register amend-target P 75 CT devices --high 0 --db t.db
refuse 1 "eml: option --interventional-high : les bornes interventionnelles ne valent que pour les appareils (valeur « 1 »)" \
  register amend-target P 75 CT sites --interventional-high 1 --db t.db
refuse 1 "eml: option --interventional-low : la borne basse interventionnelle dépasse la borne haute (2 > 1) (valeur « 2 »)" \
  register amend-target P 75 CT devices --interventional-low 2 --interventional-high 1 --db t.db
refuse 2 "eml: register amend-target : rien à changer (donner --low, --high, --interventional-low or --interventional-high)" \
  register amend-target P 75 CT devices --db t.db

# ---- amend a device: moving E2 to site A leaves one site (at 2018-01-15,
# E1 and E2 both at A: devices 2, one of them interventional (1), sites 1,
# gap -1 OUI) ----
run register amend E2 --site 750000010 --interventional yes --installed-on 2016-07-01 --db t.db --user carol
expect_status 0 "amend E2"
expect_line out "E2: equipment amend  avant={\"finess\":\"750000028\",\"modality\":\"CT\",\"authorized_from\":\"2016-01-01\",\"authorized_until\":null,\"installed_on\":\"2016-06-01\",\"due_on\":null,\"interventional\":false}  après={\"finess\":\"750000010\",\"modality\":\"CT\",\"authorized_from\":\"2016-01-01\",\"authorized_until\":null,\"installed_on\":\"2016-07-01\",\"due_on\":null,\"interventional\":true}"
expect_query "SELECT finess, interventional, installed_on FROM equipment WHERE equipment_id = 'E2'" "750000010|1|2016-07-01"
expect_row 2018-01-15 "75 2 (1) 1 3 -1 OUI 1 1 2 -1 OUI"

# ---- amend a site, a target ----
run register amend-site 750000028 --name 'B bis' --legal-status PRIVE --finess-ej 750000010 --db t.db --user carol
expect_status 0 "amend-site"
expect_line out "750000028: site amend  avant={\"name\":\"B\",\"territory\":\"75\",\"legal_status\":\"CH\",\"finess_ej\":\"\"}  après={\"name\":\"B bis\",\"territory\":\"75\",\"legal_status\":\"PRIVE\",\"finess_ej\":\"750000010\"}"
expect_query "SELECT name, legal_status, finess_ej FROM site WHERE finess = '750000028'" "B bis|PRIVE|750000010"
# the upper bound from 3 to 2: at 2018-01-15 devices 2, gap 2-2 = 0 NON
run register amend-target P 75 CT devices --high 2 --db t.db --user carol
expect_status 0 "amend-target"
expect_line out "P/75/CT/devices: target amend  avant={\"low\":1,\"high\":3,\"interventional_low\":null,\"interventional_high\":null}  après={\"low\":1,\"high\":2,\"interventional_low\":null,\"interventional_high\":null}"
expect_row 2018-01-15 "75 2 (1) 1 2 0 NON 1 1 2 -1 OUI"

# ---- the 2023 regime: an authorisation, a declared device ----
run register end D1 --on 2023-09-01 --db t.db --user dan
expect_status 0 "end D1"
expect_line out "D1: device end  avant={\"authorisation_id\":\"AUT-1\",\"modality\":\"CT\",\"declared_on\":\"2023-07-01\",\"installed_on\":null,\"removed_on\":null}  après={\"authorisation_id\":\"AUT-1\",\"modality\":\"CT\",\"declared_on\":\"2023-07-01\",\"installed_on\":null,\"removed_on\":\"2023-09-01\"}"
run register end AUT-1 --on 2024-01-01 --db t.db --user dan
expect_status 0 "end AUT-1"
expect_contains out "AUT-1: authorisation end  avant="
expect_query "SELECT coalesce(until, '-') FROM authorisation WHERE authorisation_id = 'AUT-1'" "2024-01-01"
expect_query "SELECT removed_on FROM declared_device WHERE equipment_id = 'D1'" "2023-09-01"

# ---- eml log: every edit, who, before and after ----
run log --db t.db --limit 0
expect_status 0 "log all"
checks=$((checks + 1))
got=$(grep -E ' (end|amend) ' <<<"$out" | cut -c26- | awk '{print $1, $2, $3, $4}')
[ "$got" = "alice end equipment E1
bob end equipment E1
carol amend equipment E2
carol amend site 750000028
carol amend target P/75/CT/devices
dan end device D1
dan end authorisation AUT-1" ] || fail "log of the edits: $got"
finish
