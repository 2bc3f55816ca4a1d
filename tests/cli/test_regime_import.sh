#!/usr/bin/env bash
# test_regime_import.sh — the four files of the 2023 regime through
# `eml import authorisations|devices|conventions|windows`, and the activity
# rows of targets.csv (spec regime-2023.md "Inputs", docs/regime-2023.md):
# every bad-input message to the byte, a non-zero exit and the store
# unchanged (sqlite3 .dump before = after); then --rejects (good rows
# loaded, bad rows verbatim with their reason, read = loaded + rejected)
# and the audit log. FINESS numbers pass the Luhn key (750000010,
# 750000028, 780000014 as in test_import_errors.sh).
source "${0%/*}/lib.sh"
command -v sqlite3 >/dev/null || { echo "SKIP: sqlite3 not found"; exit 77; }

new_store
printf '%s\n' finess,name,territory,legal_status "750000010,Site A,75,CH" \
  "750000028,Site B,75,PRIVE" "780000014,Site C,78,LIBERAL" >sites.csv
run import sites sites.csv --db t.db
expect_status 0 "sites"
HA=authorisation_id,finess,finess_ej,activity,mention,decided_on,started_on,until
printf '%s\n' "$HA" "A1,750000010,,IMAGING,,2023-06-01,2023-06-01," \
  "N1,750000028,750000010,NUCLEAR,B,2024-01-10,," >aut.csv
run import authorisations aut.csv --db t.db --user test
expect_status 0 "good authorisations"
expect_line out "aut.csv: 2 lignes lues, 2 chargées, 0 rejetée"
HD=equipment_id,authorisation_id,modality,declared_on,installed_on,removed_on,justified
printf '%s\n' "$HD" "D1,A1,CT,2023-06-01,2023-07-01,,0" "D2,A1,MRI,2023-07-01,,,1" >dev.csv
run import devices dev.csv --db t.db
expect_status 0 "good devices"
expect_line out "dev.csv: 2 lignes lues, 2 chargées, 0 rejetée"
HC=finess,partner_finess,modality,from,until
printf '%s\n' "$HC" "750000028,750000010,MRI,2023-09-01,2025-01-31" >conv.csv
run import conventions conv.csv --db t.db
expect_status 0 "good conventions"
expect_line out "conv.csv: 1 ligne lue, 1 chargée, 0 rejetée"
HW=activity,opens_on,closes_on,published_on
printf '%s\n' "$HW" "IMAGING,2025-09-01,2025-10-31,2025-08-14" >win.csv
run import windows win.csv --db t.db
expect_status 0 "good windows"
expect_line out "win.csv: 1 ligne lue, 1 chargée, 0 rejetée"
HT=period,territory,modality,unit,low,high,mention
printf '%s\n' "$HT" "P,75,IMAGING,sites,3,5," "P,75,NUCLEAR,sites,,1,A" "P,75,CT,devices,,4," >tg.csv
run import targets tg.csv --db t.db
expect_status 0 "good targets of both regimes"
expect_line out "tg.csv: 3 lignes lues, 3 chargées, 0 rejetée"
checks=$((checks + 1))
[ "$(sqlite3 t.db "SELECT group_concat(modality || '/' || mention, ' ') FROM (SELECT * FROM target ORDER BY modality, mention)")" = "CT/ IMAGING/ NUCLEAR/A" ] ||
  fail "targets stored: $(sqlite3 t.db 'SELECT * FROM target')"
checks=$((checks + 1))
[ "$(sqlite3 t.db "SELECT count(*) FROM audit WHERE action = 'insert' AND entity IN ('authorisations', 'devices', 'conventions', 'windows')")" = 6 ] ||
  fail "audit: $(sqlite3 t.db 'SELECT action, entity, key FROM audit')"
checks=$((checks + 1))
[ "$(sqlite3 t.db "SELECT user || ' ' || key FROM audit WHERE entity = 'authorisations' AND action = 'insert' ORDER BY id LIMIT 1")" = "test A1" ] ||
  fail "audit of A1: $(sqlite3 t.db "SELECT * FROM audit WHERE entity = 'authorisations'")"
before=$(dump)

# bad_case NAME KIND CONTENT EXPECTED-MESSAGE
bad_case() {
  local name=$1 kind=$2 content=$3 message=$4
  printf '%s' "$content" >"$name.csv"
  run import "$kind" "$name.csv" --db t.db
  expect_status 1 "$name"
  expect_line err "eml: $message"
  checks=$((checks + 1))
  [ "$(dump)" = "$before" ] || fail "$name: the store changed"
}

# authorisations.csv
bad_case unknown_site authorisations "$HA
A2,780000022,,IMAGING,,2023-06-01,,
" "unknown_site.csv:2: colonne finess : site inconnu (absent du registre : importer d'abord sites.csv) (valeur « 780000022 »)"
bad_case unknown_activity authorisations "$HA
A2,750000010,,SCANNER,,2023-06-01,,
" "unknown_activity.csv:2: colonne activity : activité inconnue (attendu IMAGING, NUCLEAR, INTERVENTIONAL ou RADIOTHERAPY) (valeur « SCANNER »)"
bad_case mention_of_another authorisations "$HA
A2,750000010,,NUCLEAR,C,2023-06-01,,
" "mention_of_another.csv:2: colonne mention : pas une mention de NUCLEAR (attendu A B) (valeur « C »)"
bad_case mention_imaging authorisations "$HA
A2,750000010,,IMAGING,A,2023-06-01,,
" "mention_imaging.csv:2: colonne mention : IMAGING n'a pas de mention (valeur « A »)"
bad_case ends_before_decided authorisations "$HA
A2,750000010,,IMAGING,,2023-06-01,,2023-06-01
" "ends_before_decided.csv:2: colonne until : l'autorisation finit avant d'être décidée (valeur « 2023-06-01 »)"
bad_case started_before_decided authorisations "$HA
A2,750000010,,IMAGING,,2023-06-01,2023-05-31,
" "started_before_decided.csv:2: colonne started_on : l'autorisation est mise en œuvre avant d'être décidée (valeur « 2023-05-31 »)"
bad_case bad_date authorisations "$HA
A2,750000010,,IMAGING,,2023-02-30,,
" "bad_date.csv:2: colonne decided_on : pas une date (attendu AAAA-MM-JJ ou JJ/MM/AAAA) (valeur « 2023-02-30 »)"
bad_case no_decision authorisations "$HA
A2,750000010,,IMAGING,,,,
" "no_decision.csv:2: colonne decided_on : une date est obligatoire (valeur «  »)"
bad_case duplicate_authorisation authorisations "$HA
A1,750000010,,IMAGING,,2023-06-01,,
" "duplicate_authorisation.csv:2: colonne authorisation_id : doublon : identifiant d'autorisation (déjà dans la base ou plus haut dans le fichier) (valeur « A1 »)"
bad_case bad_holder authorisations "$HA
A2,750000010,750000011,IMAGING,,2023-06-01,,
" "bad_holder.csv:2: colonne finess_ej : clé de contrôle FINESS fausse (valeur « 750000011 »)"
# devices.csv
bad_case unknown_authorisation devices "$HD
D3,A9,CT,2023-06-01,,,
" "unknown_authorisation.csv:2: colonne authorisation_id : autorisation inconnue (absente du registre : importer d'abord authorisations.csv) (valeur « A9 »)"
bad_case removed_before_declared devices "$HD
D3,A1,CT,2023-06-01,,2023-05-01,
" "removed_before_declared.csv:2: colonne removed_on : l'appareil est retiré avant d'être déclaré (valeur « 2023-05-01 »)"
bad_case unknown_device_modality devices "$HD
D3,A1,XRAY,2023-06-01,,,
" "unknown_device_modality.csv:2: colonne modality : modalité inconnue (attendu CT, MRI, GAMMA, PET, OHB, CYCLOTRON, LINAC, COBALT) (valeur « XRAY »)"
bad_case bad_justified devices "$HD
D3,A1,CT,2023-06-01,,,peut-être
" "bad_justified.csv:2: colonne justified : pas un booléen (attendu 1/0, oui/non, true/false, yes/no, o/n) (valeur « peut-être »)"
bad_case duplicate_device devices "$HD
D1,A1,CT,2023-06-01,,,
" "duplicate_device.csv:2: colonne equipment_id : doublon : identifiant d'appareil (déjà dans la base ou plus haut dans le fichier) (valeur « D1 »)"
# conventions.csv
bad_case convention_unknown_site conventions "$HC
780000022,750000010,MRI,2023-09-01,
" "convention_unknown_site.csv:2: colonne finess : site inconnu (absent du registre : importer d'abord sites.csv) (valeur « 780000022 »)"
bad_case convention_modality conventions "$HC
750000028,750000010,PET,2023-09-01,
" "convention_modality.csv:2: colonne modality : une convention donne accès à un CT ou à une MRI (valeur « PET »)"
bad_case convention_itself conventions "$HC
750000028,750000028,CT,2023-09-01,
" "convention_itself.csv:2: colonne partner_finess : un site ne peut pas passer une convention avec lui-même (valeur « 750000028 »)"
bad_case convention_ends conventions "$HC
750000028,750000010,CT,2023-09-01,2023-08-31
" "convention_ends.csv:2: colonne until : la convention finit avant de commencer (valeur « 2023-08-31 »)"
bad_case duplicate_convention conventions "$HC
750000028,750000010,MRI,2023-09-01,
" "duplicate_convention.csv:2: colonne from : doublon : convention (même site, partenaire, modalité et début) (déjà dans la base ou plus haut dans le fichier) (valeur « 2023-09-01 »)"
# windows.csv
bad_case closes_before_opens windows "$HW
NUCLEAR,2025-10-31,2025-09-01,
" "closes_before_opens.csv:2: colonne closes_on : la fenêtre se ferme avant de s'ouvrir (valeur « 2025-09-01 »)"
bad_case overlaps_stored windows "$HW
IMAGING,2025-10-31,2025-12-31,
" "overlaps_stored.csv:2: colonne opens_on : chevauche la fenêtre IMAGING du 2025-09-01 au 2025-10-31 (valeur « 2025-10-31 »)"
bad_case overlaps_in_file windows "$HW
NUCLEAR,2026-03-01,2026-04-30,
NUCLEAR,2026-04-01,2026-05-31,
" "overlaps_in_file.csv:3: colonne opens_on : chevauche la fenêtre NUCLEAR du 2026-03-01 au 2026-04-30 (valeur « 2026-04-01 »)"
bad_case window_activity windows "$HW
,2026-03-01,2026-04-30,
" "window_activity.csv:2: colonne activity : une activité est obligatoire (valeur «  »)"
# targets.csv: the rows of the 2023 regime
bad_case activity_unit targets "$HT
P2,75,IMAGING,devices,,3,
" "activity_unit.csv:2: colonne unit : l'objectif d'une activité compte des implantations (unité sites) (valeur « devices »)"
bad_case mention_on_device_row targets "$HT
P2,75,CT,devices,,3,A
" "mention_on_device_row.csv:2: colonne mention : une mention ne s'applique qu'à l'objectif d'une activité (valeur « A »)"
bad_case target_mention targets "$HT
P2,75,INTERVENTIONAL,sites,,3,E
" "target_mention.csv:2: colonne mention : pas une mention de INTERVENTIONAL (attendu A B C D) (valeur « E »)"
bad_case target_unknown targets "$HT
P2,75,XRAY,sites,,3,
" "target_unknown.csv:2: colonne modality : modalité inconnue (attendu CT, MRI, GAMMA, PET, OHB, CYCLOTRON, LINAC, COBALT, ou une activité : IMAGING, NUCLEAR, INTERVENTIONAL, RADIOTHERAPY) (valeur « XRAY »)"
bad_case duplicate_target targets "$HT
P,75,NUCLEAR,sites,,2,A
" "duplicate_target.csv:2: colonne territory : doublon : objectif (même période, territoire, activité et mention) (déjà dans la base ou plus haut dans le fichier) (valeur « 75 »)"

# all or nothing: one bad row among good ones and nothing is loaded
printf '%s\n' "$HD" "D3,A1,CT,2024-01-01,,," "D4,A9,MRI,2024-01-01,,," "D5,N1,GAMMA,2024-02-01,,," >mixed.csv
run import devices mixed.csv --db t.db
expect_status 1 "mixed all-or-nothing"
expect_line err "eml: mixed.csv:3: colonne authorisation_id : autorisation inconnue (absente du registre : importer d'abord authorisations.csv) (valeur « A9 »)"
expect_line out "mixed.csv: 3 lignes lues, 0 chargée, 1 rejetée"
checks=$((checks + 1)); [ "$(dump)" = "$before" ] || fail "mixed: the store changed"
# with --rejects: the good rows kept, the bad one verbatim with its reason
run import devices mixed.csv --db t.db --rejects rejects.csv
expect_status 1 "mixed with --rejects"
expect_line out "mixed.csv: 3 lignes lues, 2 chargées, 1 rejetée"
checks=$((checks + 1))
expected="$HD,eml_reason
D4,A9,MRI,2024-01-01,,,,\"mixed.csv:3: colonne authorisation_id : autorisation inconnue (absente du registre : importer d'abord authorisations.csv) (valeur « A9 »)\""
[ "$(cat rejects.csv)" = "$expected" ] || fail "rejects file:
$(cat rejects.csv)"
checks=$((checks + 1))
[ "$(sqlite3 t.db 'SELECT group_concat(equipment_id) FROM (SELECT equipment_id FROM declared_device ORDER BY 1)')" = "D1,D2,D3,D5" ] ||
  fail "store after --rejects: $(sqlite3 t.db 'SELECT equipment_id FROM declared_device')"
finish
