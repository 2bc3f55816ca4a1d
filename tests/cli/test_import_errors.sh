#!/usr/bin/env bash
# test_import_errors.sh — every bad-input case of issue #3 through
# `eml import`: the exact message `FILE:LINE: colonne NAME : what (valeur « X »)`,
# a non-zero exit, and a store unchanged (sqlite3 .dump before = after);
# then --rejects: good rows loaded, bad rows verbatim with their reason,
# read = loaded + rejected. FINESS numbers below pass the Luhn key
# (750000010, 750000028, 780000014: computed by hand, digit sums % 10 = 0).
source "${0%/*}/lib.sh"

new_store
cat >sites.csv <<'CSV'
finess,name,territory,legal_status
750000010,Site A,75,CH
750000028,Site B,75,PRIVE
780000014,Site C,78,LIBERAL
CSV
run import sites sites.csv --db t.db
expect_status 0 "good sites"
expect_line out "sites.csv: 3 lignes lues, 3 chargées, 0 rejetée"
cat >equipment.csv <<'CSV'
equipment_id,finess,modality,interventional,authorized_from,authorized_until,installed_on
E1,750000010,CT,0,2010-01-01,,2010-05-01
CSV
run import equipment equipment.csv --db t.db
expect_status 0 "good equipment"
before=$(dump)

# bad_case NAME KIND CONTENT EXPECTED-MESSAGE [extra import options]
bad_case() {
  local name=$1 kind=$2 content=$3 message=$4
  shift 4
  printf '%s' "$content" >"$name.csv"
  run import "$kind" "$name.csv" --db t.db "$@"
  expect_status 1 "$name"
  expect_line err "eml: $message"
  checks=$((checks + 1))
  [ "$(dump)" = "$before" ] || fail "$name: the store changed"
}

H='equipment_id,finess,modality,interventional,authorized_from,authorized_until,installed_on'
bad_case wrong_columns equipment "$H
E2,750000010,CT,0,2012-01-01
" "wrong_columns.csv:2: colonne authorized_until : absente : la ligne a 5 champs, l'en-tête 7"
bad_case extra_column equipment "$H
E2,750000010,CT,0,2012-01-01,,,surplus
" "extra_column.csv:2: colonne 8 : champ en trop : la ligne a 8 champs, l'en-tête 7 (valeur « surplus »)"
bad_case bad_date equipment "$H
E2,750000010,CT,0,2012-02-30,,
" "bad_date.csv:2: colonne authorized_from : pas une date (attendu AAAA-MM-JJ ou JJ/MM/AAAA) (valeur « 2012-02-30 »)"
bad_case bad_finess_key equipment "$H
E2,750000011,CT,0,2012-01-01,,
" "bad_finess_key.csv:2: colonne finess : clé de contrôle FINESS fausse (valeur « 750000011 »)"
bad_case unknown_modality equipment "$H
E2,750000010,XRAY,0,2012-01-01,,
" "unknown_modality.csv:2: colonne modality : modalité inconnue (attendu CT, MRI, GAMMA, PET, OHB, CYCLOTRON, LINAC, COBALT) (valeur « XRAY »)"
bad_case duplicate_id equipment "$H
E1,750000010,CT,0,2012-01-01,,
" "duplicate_id.csv:2: colonne equipment_id : doublon : identifiant d'appareil (déjà dans la base ou plus haut dans le fichier) (valeur « E1 »)"
bad_case duplicate_in_file equipment "$H
E7,750000010,CT,0,2012-01-01,,
E7,750000028,MRI,0,2012-01-01,,
" "duplicate_in_file.csv:3: colonne equipment_id : doublon : identifiant d'appareil (déjà dans la base ou plus haut dans le fichier) (valeur « E7 »)"
bad_case unknown_site equipment "$H
E2,780000022,CT,0,2012-01-01,,
" "unknown_site.csv:2: colonne finess : site inconnu (absent du registre : importer d'abord sites.csv) (valeur « 780000022 »)"
bad_case ends_before_start equipment "$H
E2,750000010,CT,0,2012-01-01,2011-12-31,
" "ends_before_start.csv:2: colonne authorized_until : l'autorisation finit avant de commencer (valeur « 2011-12-31 »)"
bad_case bad_boolean equipment "$H
E2,750000010,CT,peut-être,2012-01-01,,
" "bad_boolean.csv:2: colonne interventional : pas un booléen (attendu 1/0, oui/non, true/false, yes/no, o/n) (valeur « peut-être »)"
bad_case bad_status sites "finess,name,territory,legal_status
690000013,Site D,69,HOPITAL
" "bad_status.csv:2: colonne legal_status : statut juridique inconnu (attendu CH, CHU, CHU AP-HP, CHU APHM, EPSIC, GCS, GIE, HIA, LIBERAL, PRIVE ou AUTRE) (valeur « HOPITAL »)"
bad_case unknown_territory sites "finess,name,territory,legal_status
690000013,Site D,99,CH
" "unknown_territory.csv:2: colonne territory : territoire inconnu (pas un département ; le déclarer dans territories.csv) (valeur « 99 »)"
bad_case missing_column sites "finess,name,legal_status
690000013,Site D,CH
" "missing_column.csv:1: colonne territory : colonne obligatoire absente de l'en-tête"
bad_case bad_target targets "period,territory,modality,unit,low,high
P,75,CT,devices,5,3
" "bad_target.csv:2: colonne low : la borne basse dépasse la borne haute (valeur « 5 »)"
bad_case bad_quote equipment "$H
E2,750000010,\"CT\"x,0,2012-01-01,,
" "bad_quote.csv:2: colonne modality : caractère inattendu après un guillemet fermant"
bad_case empty_file sites "" "empty_file.csv: fichier vide (une ligne d'en-tête est attendue)"
bad_case header_only sites "finess,name,territory,legal_status
" "header_only.csv:1: aucune ligne de données après l'en-tête"
# Windows-1252 without the option: the message names --encoding
printf 'finess,name,territory,legal_status\n690000013,H\xf4pital D,69,CH\n' >cp1252.csv
run import sites cp1252.csv --db t.db
expect_status 1 "cp1252 without --encoding"
expect_line err "eml: cp1252.csv:2: colonne name : pas de l'UTF-8 valide ; pour un fichier Windows-1252, utiliser --encoding cp1252 (valeur « \\xF4pital D »)"
checks=$((checks + 1)); [ "$(dump)" = "$before" ] || fail "cp1252: the store changed"
# a 10 MB single field
{ echo 'finess,name,territory,legal_status'; printf '690000013,'; head -c 10485760 /dev/zero | tr '\0' 'x'; echo ',69,CH'; } >huge.csv
run import sites huge.csv --db t.db
expect_status 1 "10 MB field"
expect_line err "eml: huge.csv:2: colonne name : champ de plus de 1048576 octets (valeur « xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx »)"
checks=$((checks + 1)); [ "$(dump)" = "$before" ] || fail "huge field: the store changed"
# a column named twice is ambiguous; 100,000 unknown columns are listed in short
bad_case twice sites "finess,name,territory,legal_status,Name
690000013,Site D,69,CH,Autre nom
" "twice.csv:1: colonne Name : colonne présente deux fois dans l'en-tête"
{ printf 'finess,name,territory,legal_status'; for i in $(seq 0 99999); do printf ',x%d' "$i"; done
  printf '\n2A0000014,Site D,2A,CH'; head -c 100000 /dev/zero | tr '\0' ','; echo; } >wide.csv
run import sites wide.csv --db t.db
expect_status 0 "100,000 columns"
expect_contains err "eml: wide.csv: attention : 100000 colonnes inconnues ignorées : x0, x1, x2,"
expect_line out "wide.csv: 1 ligne lue, 1 chargée, 0 rejetée"
before=$(dump)

# every bad row is reported, not only the first; nothing is loaded
printf '%s\n' "$H" "E2,750000010,CT,0,2012-01-01,," "E3,750000010,CT,0,2012-13-01,," \
  "E4,750000028,MRI,0,2013-01-01,," "E5,780000022,CT,0,2012-01-01,," >mixed.csv
run import equipment mixed.csv --db t.db
expect_status 1 "mixed all-or-nothing"
expect_line err "eml: mixed.csv:3: colonne authorized_from : pas une date (attendu AAAA-MM-JJ ou JJ/MM/AAAA) (valeur « 2012-13-01 »)"
expect_line err "eml: mixed.csv:5: colonne finess : site inconnu (absent du registre : importer d'abord sites.csv) (valeur « 780000022 »)"
expect_line out "mixed.csv: 4 lignes lues, 0 chargée, 2 rejetées"
checks=$((checks + 1)); [ "$(dump)" = "$before" ] || fail "mixed: the store changed"

# the same file with the good rows kept: read = loaded + rejected
run import equipment mixed.csv --db t.db --rejects rejects.csv
expect_status 1 "mixed with --rejects"
expect_line out "mixed.csv: 4 lignes lues, 2 chargées, 2 rejetées"
checks=$((checks + 1))
expected_rejects="$H,eml_reason
E3,750000010,CT,0,2012-13-01,,,\"mixed.csv:3: colonne authorized_from : pas une date (attendu AAAA-MM-JJ ou JJ/MM/AAAA) (valeur « 2012-13-01 »)\"
E5,780000022,CT,0,2012-01-01,,,\"mixed.csv:5: colonne finess : site inconnu (absent du registre : importer d'abord sites.csv) (valeur « 780000022 »)\""
[ "$(cat rejects.csv)" = "$expected_rejects" ] || fail "rejects file:
$(cat rejects.csv)"
checks=$((checks + 1))
[ "$(sqlite3 t.db 'SELECT group_concat(equipment_id) FROM (SELECT equipment_id FROM equipment ORDER BY 1)')" = "E1,E2,E4" ] ||
  fail "store after --rejects: $(sqlite3 t.db 'SELECT equipment_id FROM equipment')"

# with --encoding cp1252 the name is read right
run import sites cp1252.csv --db t.db --encoding cp1252
expect_status 0 "cp1252 with --encoding"
checks=$((checks + 1))
[ "$(sqlite3 t.db "SELECT name FROM site WHERE finess = '690000013'")" = "Hôpital D" ] || fail "cp1252 name"

# the audit log holds each change
run log --db t.db --entity equipment
expect_status 0 "log"
expect_contains out 'insert equipment   E4  après={"equipment_id":"E4","finess":"750000028","modality":"MRI"'
expect_contains out 'import equipment   mixed.csv  après={"read":4,"loaded":2,"rejected":2}'
finish
