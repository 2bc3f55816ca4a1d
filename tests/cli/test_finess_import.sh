#!/usr/bin/env bash
# test_finess_import.sh — `eml import finess` on the fixtures of
# tests/data/finess (written by make_fixtures.py from issue 8's layouts;
# its docstring lists every site and device and what must become of it):
# all-or-nothing with an unknown code, --rejects, every field mapped, a
# lapsed and a removed device, sites outside the region, Corsica, a
# Windows-1252 file, a missing element, a re-import that ends one
# authorisation and adds one without duplicating, and the balance.
source "${0%/*}/lib.sh"
source "${0%/*}/finess_record.sh"
cp "$src"/tests/data/finess/*.csv "$src"/tests/data/finess/*.xml .
UNKNOWN="eml: equip-2023.xml:173: élément eml : code et libellé d'équipement inconnus (ajouter le code à data/finess/equipment-codes.csv, ou donner --codes FICHIER) (valeur « 09999 »)"

# ---- all-or-nothing: the unknown code 09999 stops the whole import
new_store
before=$(dump)
run import finess --db t.db --establishments etab-2023.csv --equipment equip-2023.xml
expect_status 1 "unknown code, all-or-nothing"
expect_line err "$UNKNOWN"
expect_line err "eml: rien n'est chargé : 1 mauvais enregistrement ; le corriger, ou charger les bons avec --rejects FICHIER"
expect_line out "etab-2023.csv: 7 lignes lues, 7 chargées, 0 ignorée, 0 rejetée"
expect_line out "equip-2023.xml: 8 lignes lues, 7 chargées, 0 ignorée, 1 rejetée"
checks=$((checks + 1)); [ "$(dump)" = "$before" ] || fail "all-or-nothing: the store changed"

# ---- --rejects: the good records are loaded, the bad device written with its reason
run import finess --db t.db --establishments etab-2023.csv --equipment equip-2023.xml --rejects rej.csv --user planif
expect_status 1 "unknown code with --rejects"
expect_line out "etab-2023.csv: extraction du 2023-05-01, lu en UTF-8"
expect_line out "registre : sites nouveaux 5, mis à jour 0, avec coordonnées 2 ; appareils nouveaux 7, mis à jour 0, clos 0"
expect_line out "registre : 1 appareil caduc ou supprimé sans date, clos à la date de l'extraction (signalé)"
expect_line err "eml: equip-2023.xml: attention : élément <numserie> absent de 1 enregistrement : lu vide"
# one rejects file per input: rej.etab-2023.csv (no bad line: not written)
# and the XML records in rej.equip-2023.xml
expect_line err "eml: 1 mauvais enregistrement écrit dans rej.equip-2023.xml"
checks=$((checks + 1))
[ ! -e rej.etab-2023.csv ] || fail "establishments rejects without a bad line: $(cat rej.etab-2023.csv)"
expect_contains_file() { checks=$((checks + 1)); grep -qF -- "$2" "$1" || fail "$1 lacks: $2"; }
expect_contains_file rej.equip-2023.xml "<equipmateriellourd eml_reason=\"equip-2023.xml:173: élément eml : code et libellé d&#39;équipement inconnus"
expect_contains_file rej.equip-2023.xml "<noautorarhgos>11-0008</noautorarhgos>"
xmllint --noout rej.equip-2023.xml 2>/dev/null || fail "the XML rejects file is not well-formed"

# ---- every field mapped: sites (name = rslongue, territory from departement,
# legal status from category/SPH/legal entity, EJ), the full record, coordinates
expect_query "SELECT finess, name, territory, legal_status, finess_ej FROM site ORDER BY finess" \
"2A0000010|CENTRE HOSPITALIER D'AJACCIO|2A|CH|2A0000028
330000019|CENTRE HOSPITALIER EXEMPLE|33|CH|330000027
750000010|HÔPITAL EXEMPLE AP-HP|75|CHU AP-HP|750712184
750000028|CLINIQUE DES LILAS|75|PRIVE|750000036
920000015|CENTRE HOSPITALIER DE NEUILLY|92|CH|920000023"
# the issue's example line, field by field: its 30 named fields in
# finess_site, the key and the 29 others as its record (schema 13; then no
# coordinates: it has no geolocalisation line)
checks=$((checks + 1))
[ "$(finess_rows "WHERE nofinesset = '330000019'")" = \
"330000019|330000027|CH EXEMPLE|CENTRE HOSPITALIER EXEMPLE|||12|RUE|DES LILAS|||063|33|GIRONDE|33000 BORDEAUX|0500000000||355|Centre Hospitalier (C.H.)|1102|Centres Hospitaliers||8610Z|03|ARS établissements Publics de santé dotation globale|1|Etablissement public de santé|1980-01-01|1980-01-01|2020-01-01||||" ] ||
  fail "the record of 330000019: $(finess_rows "WHERE nofinesset = '330000019'")"
expect_query "SELECT group_concat(name, ' ') FROM pragma_table_info('finess_site')" \
"nofinesset record coord_x coord_y coord_source coord_updated"
expect_field 330000019 rs "CH EXEMPLE"
expect_field 330000019 datemaj "2020-01-01"
expect_query "SELECT nofinesset, coord_x, coord_y, coord_source, coord_updated FROM finess_site WHERE coord_x IS NOT NULL ORDER BY 1" \
"2A0000010|1177245.1|6106432.9|1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93|2022-01-31
750000010|652469.5|6862035.2|1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93|2022-01-31"
# devices: dateautor = start, datemeo = installation, datefin = due date;
# 11-0003 lapsed -> ends at its datelimite; 11-0004 removed without a date
# -> ends at the extraction's date (2023-05-01), flagged
expect_query "SELECT equipment_id, finess, modality, authorized_from, ifnull(authorized_until,'-'), ifnull(installed_on,'-'), ifnull(due_on,'-') FROM equipment ORDER BY equipment_id" \
"FINESS-11-0001|750000010|CT|2010-01-01|-|2010-06-01|2030-01-01
FINESS-11-0003|750000028|CT|2019-03-01|2022-06-30|-|-
FINESS-11-0004|920000015|GAMMA|2005-01-01|2023-05-01|2005-09-01|-
FINESS-11-0005|920000015|CT|2013-01-01|-|2013-04-01|2020-12-31
FINESS-75-0006|330000019|CT|2015-01-01|-|2015-02-01|-
FINESS-750000010-2|750000010|MRI|2022-09-01|-|-|-
FINESS-94-0007|2A0000010|MRI|2016-01-01|-|2016-02-01|-"
expect_query "SELECT authorisation, ifnull(flag, '-') FROM finess_device WHERE flag IS NOT NULL" \
"11-0004|supprimée sans date : close à la date de l'extraction"
# the 22 elements of a device, as read (nil -> empty), plus the modality found
expect_query "SELECT group_concat(key || '=' || value, ';') FROM finess_device, json_each(record) WHERE authorisation = '11-0001'" \
"nofinessej=750712184;rsej=ENTITE 750712184;eml=05602;libeml=Scanographe à utilisation médicale;libcourteml=Scanographe méd.;noautor=A1;noautorarhgos=11-0001;noimplarhgos=IMP-11-0001;dateautor=2010-01-01;nofinesset=750000010;numserie=SN-0001;marque=MARQUE A;rset=SITE 750000010;datelimite=2013-01-01;indcaduc=N;indnatlien=1;datemeo=2010-06-01;datefin=2030-01-01;indrempl=N;noautorremplacement=;indsup=N;datemaj=2022-12-01;modality=CT"
expect_query "SELECT count(*) FROM audit WHERE action = 'insert' AND user = 'planif'" "12"

# ---- a region: the sites and devices of Gironde and Corsica are skipped and counted
new_store
run import finess --db t.db --establishments etab-2023.csv --equipment equip-2023.xml --region Île-de-France --rejects rej.csv
expect_status 1 "region 11"
expect_line out "etab-2023.csv: 7 lignes lues, 4 chargées, 3 ignorées, 0 rejetée"
expect_line out "equip-2023.xml: 8 lignes lues, 5 chargées, 2 ignorées, 1 rejetée"
expect_query "SELECT group_concat(finess, ' ') FROM (SELECT finess FROM site ORDER BY finess)" "750000010 750000028 920000015"
run import finess --db t.db --establishments etab-2023.csv --region 99
expect_status 2 "unknown region"
expect_line err "eml: option --region : région inconnue (attendu un code de région INSEE comme 11, ou son nom) (valeur « 99 »)"

# ---- Corsica alone (2A numbers are never rejected for their key)
new_store
run import finess --db t.db --establishments etab-2023.csv --territory 2A
expect_status 0 "territory 2A"
expect_line out "etab-2023.csv: 7 lignes lues, 2 chargées, 5 ignorées, 0 rejetée"
expect_query "SELECT finess, territory FROM site" "2A0000010|2A"

# ---- Windows-1252 with CRLF: detected, transcoded to UTF-8
new_store
run import finess --db t.db --establishments etab-cp1252.csv
expect_status 0 "cp1252"
expect_line out "etab-cp1252.csv: extraction du 2023-05-01, lu en Windows-1252"
expect_query "SELECT name FROM site WHERE finess = '750000010'" "HÔPITAL EXEMPLE AP-HP"
expect_field 330000019 libmft \
  "ARS établissements Publics de santé dotation globale"
# forced to UTF-8, the accented lines are rejected with the reader's message
new_store
run import finess --db t.db --establishments etab-cp1252.csv --encoding utf8
expect_status 1 "cp1252 read as utf8"
expect_line err "eml: etab-cp1252.csv:2: colonne #5 : pas de l'UTF-8 valide ; pour un fichier Windows-1252, utiliser --encoding cp1252 (valeur « \\xD4PITAL E »)"
expect_line out "etab-cp1252.csv: 7 lignes lues, 1 chargée, 2 ignorées, 4 rejetées" # the coordinates of rejected sites: skipped

# ---- re-import of a newer extraction: ends 11-0005 (absent) at 2024-01-15,
# adds 11-0009, installs 750000010-2, renames 920000015; nothing duplicated
new_store
run import finess --db t.db --establishments etab-2023.csv --equipment equip-2023.xml --region 11 --rejects rej.csv
run import targets targets.csv --db t.db
expect_status 0 "targets"
run bilan --db t.db --period P --at 2023-06-01 --modality CT --format csv
expect_status 0 "bilan 2023"
# 75: 11-0001 (11-0003 lapsed 2022-06-30); 92: 11-0005, due 2020-12-31: counted, échue
expect_contains out "75;1;1;3;-2;OUI;1;1;2;-1;OUI"
expect_contains out "92;1;1;2;-1;OUI;1;1;1;0;NON"
expect_contains out "Appareils dont l'autorisation est échue (date de fin FINESS dépassée) au 01/06/2023, comptés ci-dessus : 1 (92 : 1)."
run import finess --db t.db --establishments etab-2024.csv --equipment equip-2024.xml --region 11
expect_status 0 "re-import 2024"
expect_line out "etab-2024.csv: 7 lignes lues, 4 chargées, 3 ignorées, 0 rejetée"
expect_line out "equip-2024.xml: 7 lignes lues, 5 chargées, 2 ignorées, 0 rejetée"
expect_line out "registre : sites nouveaux 0, mis à jour 1, avec coordonnées 1 ; appareils nouveaux 1, mis à jour 1, clos 1"
expect_query "SELECT count(*), count(DISTINCT equipment_id) FROM equipment" "6|6"
expect_query "SELECT equipment_id, ifnull(authorized_until,'-'), ifnull(installed_on,'-') FROM equipment WHERE equipment_id IN ('FINESS-11-0005', 'FINESS-11-0009', 'FINESS-750000010-2', 'FINESS-11-0004') ORDER BY 1" \
"FINESS-11-0004|2023-05-01|2005-09-01
FINESS-11-0005|2024-01-15|2013-04-01
FINESS-11-0009|-|-
FINESS-750000010-2|-|2024-02-01"
run log --db t.db --entity equipment --limit 3
expect_contains out "update equipment   750000010-2  avant={\"finess\":\"750000010\",\"modality\":\"MRI\",\"authorized_from\":\"2022-09-01\",\"authorized_until\":null,\"installed_on\":null,\"due_on\":null}  après={\"finess\":\"750000010\",\"modality\":\"MRI\",\"authorized_from\":\"2022-09-01\",\"authorized_until\":null,\"installed_on\":\"2024-02-01\",\"due_on\":null}"
expect_contains out "insert equipment   11-0009  après={\"nofinessej\":\"750000036\""
expect_contains out "end    equipment   11-0005  avant={\"finess\":\"920000015\",\"modality\":\"CT\",\"authorized_from\":\"2013-01-01\",\"authorized_until\":null,\"installed_on\":\"2013-04-01\",\"due_on\":\"2020-12-31\"}  après={\"finess\":\"920000015\",\"modality\":\"CT\",\"authorized_from\":\"2013-01-01\",\"authorized_until\":\"2024-01-15\",\"installed_on\":\"2013-04-01\",\"due_on\":\"2020-12-31\"}"
run log --db t.db --entity site --limit 1
expect_contains out "update site        920000015  avant={\"name\":\"CENTRE HOSPITALIER DE NEUILLY\",\"territory\":\"92\",\"legal_status\":\"CH\",\"finess_ej\":\"920000023\"}  après={\"name\":\"CENTRE HOSPITALIER DE NEUILLY-SUR-SEINE\""
# the balance after: 92 has no CT any more, 75 gains a PET (not installed)
run bilan --db t.db --period P --at 2024-06-01 --format csv
expect_status 0 "bilan 2024"
expect_contains out "92;0;1;2;-2;OUI;0;1;1;-1;OUI"
expect_contains out "75;1;1;0;NON;1;1;0;NON"
# the same extraction again changes nothing
before=$(q "SELECT * FROM equipment ORDER BY 1; SELECT * FROM site ORDER BY 1")
run import finess --db t.db --establishments etab-2024.csv --equipment equip-2024.xml --region 11
expect_status 0 "same extraction again"
expect_line out "registre : sites nouveaux 0, mis à jour 0, avec coordonnées 1 ; appareils nouveaux 0, mis à jour 0, clos 0"
checks=$((checks + 1))
[ "$(q "SELECT * FROM equipment ORDER BY 1; SELECT * FROM site ORDER BY 1")" = "$before" ] || fail "re-import of the same extraction changed the register"

# ---- issue 17: the lines are checked first, then written in the file's
# order. The same extraction again rewrites no row: triggers count the
# updates of site and finess_site (0). A geolocalisation line alone, for a
# site of the earlier extraction, updates its stored row (1 update).
q "CREATE TABLE writes(t TEXT);
   CREATE TRIGGER site_w AFTER UPDATE ON site BEGIN INSERT INTO writes VALUES('site'); END;
   CREATE TRIGGER fs_w AFTER UPDATE ON finess_site BEGIN INSERT INTO writes VALUES('finess_site'); END;"
run import finess --db t.db --establishments etab-2024.csv --equipment equip-2024.xml --region 11
expect_status 0 "same extraction, writes counted"
expect_query "SELECT count(*) FROM writes" "0"
{ head -1 etab-2024.csv; echo "geolocalisation;750000010;1.5;2.5;TEST;2024-03-01"; } >geo-only.csv
run import finess --db t.db --establishments geo-only.csv --region 11
expect_status 0 "a geolocalisation line of a stored site"
expect_line out "geo-only.csv: 1 ligne lue, 1 chargée, 0 ignorée, 0 rejetée"
expect_line out "registre : sites nouveaux 0, mis à jour 0, avec coordonnées 1 ; appareils nouveaux 0, mis à jour 0, clos 0"
expect_query "SELECT t, count(*) FROM writes GROUP BY t" "finess_site|1"
expect_query "SELECT coord_x, coord_y, coord_source, coord_updated FROM finess_site WHERE nofinesset = '750000010'" \
  "1.5|2.5|TEST|2024-03-01"
# a geolocalisation line before its site's line, in a new store: no row for
# it yet (skipped, as when each line was written as read); the one after
# goes into the site's row: read 3, the site and the line after it loaded.
new_store
site=$(grep '^structureet;750000010;' etab-2024.csv)
{ head -1 etab-2024.csv; echo "geolocalisation;750000010;1.5;2.5;TEST;2024-03-01"; echo "$site"
  echo "geolocalisation;750000010;3.5;4.5;;"; } >geo-order.csv
run import finess --db t.db --establishments geo-order.csv
expect_status 0 "geolocalisation lines before and after their site"
expect_line out "geo-order.csv: 3 lignes lues, 2 chargées, 1 ignorée, 0 rejetée"
expect_line out "registre : sites nouveaux 1, mis à jour 0, avec coordonnées 1 ; appareils nouveaux 0, mis à jour 0, clos 0"
expect_query "SELECT nofinesset, coord_x, coord_y, ifnull(coord_source, '-'), ifnull(coord_updated, '-') FROM finess_site" \
  "750000010|3.5|4.5|-|-"

finish
