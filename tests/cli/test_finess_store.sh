#!/usr/bin/env bash
# test_finess_store.sh — a site's FINESS record as one value (schema 13,
# issue 17, include/eml/store.h): finess_site holds the key, the 29 other
# fields joined by U+001F in `record`, and the coordinates. Migration
# 12 -> 13: a store made from tests/data/finess (the 2023 extraction then
# the 2024 one: empty fields, accents, coordinates and sites without) is
# taken back to schema 12 (the 34 columns of migration 2 -> 3, an empty
# field NULL as the schema-12 import wrote it) and migrated: the same
# records, field by field; a re-import then writes nothing. A line whose
# field holds U+001F is refused (it would split into other fields). Both
# backends (tests/CMakeLists.txt, EML_PG_TESTS).
source "${0%/*}/lib.sh"
source "${0%/*}/finess_record.sh"
cp "$src"/tests/data/finess/etab-2023.csv "$src"/tests/data/finess/etab-2024.csv .
new_store
run import finess --db t.db --establishments etab-2023.csv
expect_status 0 "the 2023 extraction"
run import finess --db t.db --establishments etab-2024.csv
expect_status 0 "the 2024 extraction"
finess_rows "ORDER BY 1" >before
checks=$((checks + 1))
[ "$(wc -l <before)" = 5 ] ||
  fail "records before the migration: $(cat before)"
expect_field 750000010 libcategetab "Centre Hospitalier Régional (C.H.R.)"
expect_field 750000010 complrs ""

# ---- back to schema 12: the 34 columns, an empty field NULL
if [ "${EML_TEST_DB:-sqlite}" = pg ]; then version="UPDATE eml_schema SET version = 12;"
else version="PRAGMA user_version = 12;"; fi
{ echo "DROP TABLE finess_site;"
  echo "CREATE TABLE finess_site(nofinesset TEXT PRIMARY KEY REFERENCES site(finess),"
  printf ' %s TEXT,' "${finess_record_fields[@]}"
  echo " coord_x DOUBLE PRECISION, coord_y DOUBLE PRECISION, coord_source TEXT, coord_updated TEXT);"
  q "SELECT nofinesset, record, coord_x, coord_y, coord_source, coord_updated FROM finess_site" |
    awk -F'|' 'function v(s, num) { if (s == "") return "NULL"; if (num) return s
                                     gsub("\047", "\047\047", s); return "\047" s "\047" }
      { n = split($2, f, "\037"); if (n != 29) { print "BAD " n; exit 1 }
        row = v($1); for (i = 1; i <= 29; i++) row = row ", " v(f[i])
        print "INSERT INTO finess_site VALUES(" row ", " v($3, 1) ", " v($4, 1) ", " v($5) ", " v($6) ");" }'
  echo "$version"
} >v12.sql
checks=$((checks + 1))
grep -q '^BAD' v12.sql && fail "a stored record is not 29 fields: $(grep '^BAD' v12.sql)"
q "$(cat v12.sql)" >/dev/null || fail "the store taken back to schema 12"
expect_query "SELECT count(*) FROM finess_site WHERE complrs IS NULL" "5"
run init --db t.db
expect_status 0 "migration 12 -> 13"
expect_line out "t.db: stockage migré de la version 12 à la version 13 du schéma"
finess_rows "ORDER BY 1" >after
checks=$((checks + 1))
cmp -s before after || fail "the migrated records differ: $(diff before after)"
expect_field 750000010 libcategetab "Centre Hospitalier Régional (C.H.R.)"
expect_field 750000010 rs "HOPITAL EXEMPLE APHP"
expect_field 750000010 datemaj "2022-03-04"
# the migrated records are what the import writes: compared, nothing written
audit=$(q "SELECT count(*) FROM audit WHERE entity = 'site'")
if [ "${EML_TEST_DB:-sqlite}" != pg ]; then
  q "CREATE TABLE writes(k TEXT);
     CREATE TRIGGER fs_w AFTER UPDATE ON finess_site BEGIN INSERT INTO writes VALUES(new.nofinesset); END;"
fi
run import finess --db t.db --establishments etab-2024.csv
expect_status 0 "re-import after the migration"
expect_line out "registre : sites nouveaux 0, mis à jour 0, avec coordonnées 2 ; appareils nouveaux 0, mis à jour 0, clos 0"
expect_query "SELECT count(*) FROM audit WHERE entity = 'site'" "$audit"
[ "${EML_TEST_DB:-sqlite}" = pg ] || expect_query "SELECT count(*) FROM writes" "0"
finess_rows "ORDER BY 1" >again
checks=$((checks + 1))
cmp -s before again || fail "the re-import changed records: $(diff before again)"

# ---- U+001F in a field: refused, the line named
{ head -2 etab-2024.csv | sed '2s/;HOPITAL EXEMPLE APHP;/;HOPITAL\x1fEXEMPLE;/'; } >sep.csv
run import finess --db t.db --establishments sep.csv
expect_status 1 "U+001F in a field"
expect_line err 'eml: sep.csv:2: colonne rs : caractère de contrôle interdit (U+001F) (valeur « HOPITAL\x1FEXEMPLE »)'
run --lang en import finess --db t.db --establishments sep.csv
expect_line err "eml: sep.csv:2: column rs: forbidden control character (U+001F) (value 'HOPITAL\\x1FEXEMPLE')"
finish
