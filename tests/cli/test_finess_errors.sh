#!/usr/bin/env bash
# test_finess_errors.sh — every bad record of the FINESS extractions named
# by line (CSV) or element and line (XML), with its field and value, a
# non-zero exit and a store left as it was (sqlite3 .dump before = after).
# FINESS numbers pass the Luhn key (750000010, 750000028: digit sums by
# hand); 750000011 does not.
source "${0%/*}/lib.sh"

new_store
site() { # FINESS NAME
  echo "structureet;$1;750712184;$2;$2;;;1;RUE;DE LA SANTE;;;056;75;PARIS;75000 PARIS;;;101;Centre Hospitalier Régional (C.H.R.);1102;Centres Hospitaliers;;8610Z;03;ARS;1;Etablissement public de santé;1990-01-01;1990-01-02;2022-03-04;"
}
{ echo "finess;etalab;2;2023-05-01"; site 750000010 "HOPITAL A"; } >etab.csv
run import finess --db t.db --establishments etab.csv
expect_status 0 "one good site"
before=$(dump)

# bad_etab NAME CONTENT-AFTER-FIRST-LINE MESSAGE
bad_etab() {
  { echo "finess;etalab;2;2023-05-01"; printf '%s\n' "$2"; } >"$1.csv"
  run import finess --db t.db --establishments "$1.csv"
  expect_status 1 "$1"
  expect_line err "eml: $3"
  checks=$((checks + 1)); [ "$(dump)" = "$before" ] || fail "$1: the store changed"
}
bad_etab bad_key "$(site 750000011 "HOPITAL B")" \
  "bad_key.csv:2: colonne nofinesset : clé de contrôle FINESS fausse (valeur « 750000011 »)"
bad_etab short_line "structureet;750000028;;HOPITAL B" \
  "short_line.csv:2: une ligne structureet a 31 champs, celle-ci 4"
bad_etab unknown_type "autre;750000028" \
  "unknown_type.csv:2: colonne type : type d'enregistrement inconnu (attendu structureet ou geolocalisation) (valeur « autre »)"
bad_etab bad_date "$(site 750000028 "HOPITAL B" | sed 's/1990-01-01/1990-13-01/')" \
  "bad_date.csv:2: colonne dateouv : pas une date (attendu AAAA-MM-JJ) (valeur « 1990-13-01 »)"
bad_etab no_name "$(site 750000028 "")" \
  "no_name.csv:2: colonne rs : un nom est obligatoire (rs ou rslongue) (valeur «  »)"
bad_etab bad_coordinate "geolocalisation;750000010;65x;6862035.2;IGN;2022-01-31" \
  "bad_coordinate.csv:2: colonne coordxet : pas un nombre (valeur « 65x »)"
# both bad lines are reported, then nothing is loaded
bad_etab two_bad "$(site 750000028 "HOPITAL B")
$(site 750000011 "HOPITAL C")
autre;x" "two_bad.csv:3: colonne nofinesset : clé de contrôle FINESS fausse (valeur « 750000011 »)"
expect_line err "eml: two_bad.csv:4: colonne type : type d'enregistrement inconnu (attendu structureet ou geolocalisation) (valeur « autre »)"
expect_line out "two_bad.csv: 3 lignes lues, 1 chargée, 0 ignorée, 2 rejetées"
printf 'nofinesset;rs\n750000028;B\n' >not_finess.csv
run import finess --db t.db --establishments not_finess.csv
expect_status 1 "not an extraction"
expect_line err "eml: not_finess.csv:1: pas une extraction FINESS des établissements (la première ligne devrait être finess;etalab;N;DATE)"
printf 'finess;etalab;2;hier\n' >bad_extraction_date.csv
run import finess --db t.db --establishments bad_extraction_date.csv
expect_status 1 "bad extraction date"
expect_line err "eml: bad_extraction_date.csv:1: la date d'extraction de la première ligne n'est pas une date (attendu AAAA-MM-JJ) (valeur « hier »)"

# ---- the XML file: one good device, then each bad one
FIELDS="nofinessej rsej eml libeml libcourteml noautor noautorarhgos noimplarhgos dateautor nofinesset numserie marque rset datelimite indcaduc indnatlien datemeo datefin indrempl noautorremplacement indsup datemaj"
# device KEY=VALUE...: one <equipmateriellourd> (22 lines + 2); "-" drops an element, "" is nil
device() {
  declare -A v=([nofinessej]=750712184 [eml]=05602 [libeml]="Scanographe à utilisation médicale"
                [noautorarhgos]=11-0001 [dateautor]=2010-01-01 [nofinesset]=750000010 [indcaduc]=N [indsup]=N)
  for kv in "$@"; do v[${kv%%=*}]=${kv#*=}; done
  echo "  <equipmateriellourd>"
  for f in $FIELDS; do
    local x=${v[$f]-}
    if [ "$x" = "-" ]; then continue; fi
    if [ -z "$x" ]; then echo "    <$f xsi:nil=\"true\"/>"; else echo "    <$f>$x</$f>"; fi
  done
  echo "  </equipmateriellourd>"
}
xml() { echo '<?xml version="1.0" encoding="UTF-8"?>'; echo '<racine xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'; cat; echo '</racine>'; }
# bad_xml NAME MESSAGE <<<DEVICES: the second device (lines 27-50) is the bad one
# (a here-string, not a pipe: the checks must run in this shell)
bad_xml() {
  xml >"$1.xml"
  run import finess --db t.db --establishments etab.csv --equipment "$1.xml"
  expect_status 1 "$1"
  expect_line err "eml: $2"
  checks=$((checks + 1)); [ "$(dump)" = "$before" ] || fail "$1: the store changed"
}
bad_xml missing_site_element \
  "missing_site_element.xml:27: élément nofinesset : absent de cet <equipmateriellourd>" <<<"$(device; device noautorarhgos=11-0002 nofinesset=-)"
bad_xml bad_date \
  "bad_date.xml:36: élément dateautor : pas une date (attendu AAAA-MM-JJ) (valeur « 2010-02-30 »)" <<<"$(device; device noautorarhgos=11-0002 dateautor=2010-02-30)"
bad_xml bad_lapsed \
  "bad_lapsed.xml:42: élément indcaduc : attendu O ou N (valeur « X »)" <<<"$(device; device noautorarhgos=11-0002 indcaduc=X)"
bad_xml unknown_site \
  "unknown_site.xml:37: élément nofinesset : site inconnu (ni dans le fichier des établissements ni dans le registre) (valeur « 750000028 »)" <<<"$(device; device noautorarhgos=11-0002 nofinesset=750000028)"
bad_xml bad_site_key \
  "bad_site_key.xml:37: élément nofinesset : clé de contrôle FINESS fausse (valeur « 750000011 »)" <<<"$(device; device noautorarhgos=11-0002 nofinesset=750000011)"
bad_xml twice \
  "twice.xml:34: élément noautorarhgos : la même autorisation deux fois dans ce fichier (valeur « 11-0001 »)" <<<"$(device; device)"
bad_xml no_number \
  "no_number.xml:34: élément noautorarhgos : un numéro d'autorisation est obligatoire (noautorarhgos ou noautor) (valeur «  »)" <<<"$(device; device noautorarhgos= noautor=)"
bad_xml wrong_mri_code \
  "wrong_mri_code.xml:30: élément eml : code et libellé d'équipement inconnus (ajouter le code à data/finess/equipment-codes.csv, ou donner --codes FICHIER) (valeur « 04101 »)" <<<"$(device; device noautorarhgos=11-0002 eml=04101 libeml=Appareil libcourteml=-)"
bad_xml nested \
  "nested.xml:38: élément b : élément inattendu imbriqué dans un champ de <equipmateriellourd>" <<<"$(device; device noautorarhgos=11-0002 numserie="<b>1</b>")"
printf '<?xml version="1.0"?>\n<racine>\n  <equipmateriellourd>\n    <eml>05602</emk>\n</racine>\n' >broken.xml
run import finess --db t.db --establishments etab.csv --equipment broken.xml
expect_status 1 "not well-formed"
expect_contains err "eml: broken.xml:4: XML mal formé : "
checks=$((checks + 1)); [ "$(dump)" = "$before" ] || fail "broken: the store changed"
printf '<?xml version="1.0"?>\n<racine/>\n' >empty.xml
run import finess --db t.db --establishments etab.csv --equipment empty.xml
expect_status 1 "no record"
expect_line err "eml: empty.xml: aucun élément <equipmateriellourd> dans le fichier"

# a code mapped by label when the code is not listed; an element missing
# (read as empty, with a warning); an unknown element (warning)
{ device eml=99999 libeml="Appareil d'IRM à utilisation clinique" numserie=- ; device noautorarhgos=11-0002 datemeo=2011-01-01 extra=1; } | xml >good.xml
sed -i 's#<datemaj xsi:nil="true"/>#<datemaj xsi:nil="true"/><commentaire>x</commentaire>#' good.xml
run import finess --db t.db --establishments etab.csv --equipment good.xml
expect_status 0 "by label"
expect_line err "eml: good.xml: attention : élément <numserie> absent de 1 enregistrement : lu vide"
expect_line err "eml: good.xml: attention : ligne 24 : élément <commentaire> de <equipmateriellourd> absent de la description : ignoré"
expect_line out "good.xml: 2 lignes lues, 2 chargées, 0 ignorée, 0 rejetée"
checks=$((checks + 1))
[ "$(sqlite3 t.db "SELECT modality FROM equipment ORDER BY equipment_id")" = "MRI
CT" ] || fail "modalities: $(sqlite3 t.db "SELECT modality FROM equipment ORDER BY equipment_id")"

# a mapping file that says "-" skips the code, counted
printf 'code;label;modality\n05602;Scanographe;-\n' >codes.csv
new_store
run import finess --db t.db --establishments etab.csv --equipment good.xml --codes codes.csv
expect_status 1 "09999 by label is not in this mapping"
expect_line err "eml: good.xml:6: élément eml : code et libellé d'équipement inconnus (ajouter le code à data/finess/equipment-codes.csv, ou donner --codes FICHIER) (valeur « 99999 »)"
printf 'code;label;modality\n05602;Scanographe;-\n;IRM;MRI\n' >codes.csv
run import finess --db t.db --establishments etab.csv --equipment good.xml --codes codes.csv
expect_status 0 "05602 ignored"
expect_line out "good.xml: 2 lignes lues, 1 chargée, 1 ignorée, 0 rejetée"
expect_line out "registre : 1 appareil d'un code associé à « - » (non compté par eml) ignoré"
printf 'code;label;modality\n05602;Scanographe;RADIO\n' >codes.csv
run import finess --db t.db --establishments etab.csv --equipment good.xml --codes codes.csv
expect_status 1 "bad mapping file"
expect_line err "eml: codes.csv:2: colonne modality : modalité inconnue (attendu CT, MRI, GAMMA, PET, OHB, CYCLOTRON, LINAC, COBALT, ou - pour un appareil qu'eml ne compte pas) (valeur « RADIO »)"

# a record refused after its site was written (typvoie too long: the site's
# fields are stored after the site) is undone, and so is its count: with
# --rejects the summary says 0 new sites, as the store holds (found by
# fuzz_finess_csv: "sites new 1" for an empty store)
long_way=$(printf 'R%.0s' $(seq 301))
{ echo "finess;etalab;2;2023-05-01"; site 750000028 "HOPITAL B" | sed "s/;RUE;/;$long_way;/"; } \
  >late_reject.csv
new_store
run import finess --db t.db --establishments late_reject.csv --rejects late_reject.rej
expect_status 1 "a record refused after its site was written"
expect_line err "eml: late_reject.csv:2: colonne typvoie : valeur trop longue (au plus 300 octets) (valeur « RRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRR... »)"
expect_line out "late_reject.csv: 1 ligne lue, 0 chargée, 0 ignorée, 1 rejetée"
expect_line out "registre : sites nouveaux 0, mis à jour 0, avec coordonnées 0 ; appareils nouveaux 0, mis à jour 0, clos 0"
checks=$((checks + 1))
[ "$(sqlite3 t.db 'SELECT count(*) FROM site')" = 0 ] || fail "late reject: a site was stored"

# usage
run import finess --db t.db
expect_status 2 "no establishments"
expect_line err "eml: l'option --establishments est obligatoire (voir « eml import finess --help »)"
run import finess --db t.db --establishments etab.csv --territory 20
expect_status 2 "bad territory"
expect_line err "eml: option --territory : département inconnu (attendu un code comme 75, 2A ou 971) (valeur « 20 »)"
finish
