#!/usr/bin/env bash
# test_finess_flat.sh — `eml import finess --equipment` with the flat etalab
# cs1100504 file (finess.md: `equipmateriellourd` lines of 11 positions;
# the ministry says tab, the files in circulation use `;`): the fixtures
# etalab-cs1100504-semicolon.csv and -tab.csv (tests/data/finess/README.md
# lists their 5 devices) give the same register, line by line the same as
# the XML path would (ids FINESS-<noautorarhgos>, dates, modalities by
# code); the bad cases of a line, all-or-nothing and with --rejects (the
# one rejects format: the line as read and its reason); a re-import changes
# nothing.
source "${0%/*}/lib.sh"
cp "$src"/tests/data/finess/etab-2024.csv "$src"/tests/data/finess/etalab-cs1100504-*.csv .
registers() { q "SELECT * FROM equipment ORDER BY 1"; q "SELECT * FROM finess_device ORDER BY 1"; }

# ---- both separators: the same counts, the same register
for sep in semicolon tab; do
  new_store
  run import finess --db t.db --establishments etab-2024.csv --equipment etalab-cs1100504-$sep.csv
  expect_status 0 "cs1100504 with $sep"
  expect_line out "etalab-cs1100504-$sep.csv: 5 lignes lues, 5 chargées, 0 ignorée, 0 rejetée"
  expect_line out "registre : sites nouveaux 5, mis à jour 0, avec coordonnées 2 ; appareils nouveaux 5, mis à jour 0, clos 0"
  checks=$((checks + 1))
  [ -z "$err" ] || fail "cs1100504 with $sep: no warning expected (no absent element): $err"
  registers >"reg.$sep"
  sed "s/etalab-cs1100504-$sep.csv//" <<<"$out" >"out.$sep"
done
checks=$((checks + 1))
cmp -s reg.semicolon reg.tab || fail "the two separators give different registers: $(diff reg.semicolon reg.tab)"
checks=$((checks + 1))
cmp -s out.semicolon out.tab || fail "the two separators print differently: $(diff out.semicolon out.tab)"
# README: 750000010 CT 1, MRI 1 (not installed); 750000028 CT 1; 920000015 GAMMA 1, PET 1
checks=$((checks + 1))
expected="FINESS-11-0101|750000010|CT|0|2010-01-01||2010-06-01|
FINESS-11-0102|750000010|MRI|0|2022-09-01|||
FINESS-11-0103|750000028|CT|0|2019-03-01||2019-07-15|
FINESS-11-0104|920000015|GAMMA|0|2005-01-01||2005-09-01|
FINESS-11-0105|920000015|PET|0|2023-11-01||2024-01-08|"
[ "$(q 'SELECT * FROM equipment ORDER BY 1')" = "$expected" ] || fail "register: $(q 'SELECT * FROM equipment ORDER BY 1')"

# ---- the same extraction again changes nothing
before=$(dump)
run import finess --db t.db --establishments etab-2024.csv --equipment etalab-cs1100504-tab.csv
expect_status 0 "re-import"
expect_line out "registre : sites nouveaux 0, mis à jour 0, avec coordonnées 2 ; appareils nouveaux 0, mis à jour 0, clos 0"

# ---- bad lines: a wrong width, an unknown type, an unknown site; all-or-nothing
{
  cat etalab-cs1100504-semicolon.csv
  echo "equipmateriellourd;750712184;ENTITE;05602;Scanographe;1;11-0106;;2020-01-01;750000010"
  echo "equipementsocial;750712184"
  echo "equipmateriellourd;750712184;ENTITE;05602;Scanographe;1;11-0107;;2020-01-01;330000035;"
} >bad.csv
new_store
before=$(dump)
run import finess --db t.db --establishments etab-2024.csv --equipment bad.csv
expect_status 1 "bad lines"
expect_line out "bad.csv: 8 lignes lues, 5 chargées, 0 ignorée, 3 rejetées"
expect_line err "eml: bad.csv:10: une ligne equipmateriellourd a 11 champs, celle-ci 10"
expect_line err "eml: bad.csv:11: colonne type : type d'enregistrement inconnu (attendu structureet ou equipmateriellourd) (valeur « equipementsocial »)"
expect_line err "eml: bad.csv:12: colonne nofinesset : site inconnu (ni dans le fichier des établissements ni dans le registre) (valeur « 330000035 »)"
expect_line err "eml: rien n'est chargé : 3 mauvais enregistrements ; les corriger, ou charger les bons avec --rejects FICHIER"
checks=$((checks + 1)); [ "$(dump)" = "$before" ] || fail "all-or-nothing: the store changed"

# ---- --rejects: the good lines load; the bad ones, as read, with their reason
run import finess --db t.db --establishments etab-2024.csv --equipment bad.csv --rejects rej.csv
expect_status 1 "bad lines with --rejects"
expect_line err "eml: 3 mauvais enregistrements écrits dans rej.bad.csv"
checks=$((checks + 1))
want='finess;etalab;95;2023-05-01;eml_reason
equipmateriellourd;750712184;ENTITE;05602;Scanographe;1;11-0106;;2020-01-01;750000010;"bad.csv:10: une ligne equipmateriellourd a 11 champs, celle-ci 10"
equipementsocial;750712184;"bad.csv:11: colonne type : type d'\''enregistrement inconnu (attendu structureet ou equipmateriellourd) (valeur « equipementsocial »)"
equipmateriellourd;750712184;ENTITE;05602;Scanographe;1;11-0107;;2020-01-01;330000035;;"bad.csv:12: colonne nofinesset : site inconnu (ni dans le fichier des établissements ni dans le registre) (valeur « 330000035 »)"'
[ "$(cat rej.bad.csv)" = "$want" ] || fail "rejects file:
$(cat rej.bad.csv)"
checks=$((checks + 1))
[ "$(q 'SELECT count(*) FROM equipment')" = 5 ] || fail "with --rejects: the 5 good devices"

# ---- a first line of another kind
printf 'code,label\n05602,CT\n' >comma.csv
run import finess --db t.db --establishments etab-2024.csv --equipment comma.csv
expect_status 1 "not a FINESS file"
expect_line err "eml: comma.csv:1: ni un fichier XML des équipements ni une extraction FINESS à plat (la première ligne devrait être finess;etalab;N;DATE, séparée par des « ; » ou des tabulations)"
finish
