#!/usr/bin/env bash
# test_imaging_store.sh — the second way in of imaging.md: `eml imaging
# import --campaign` stores a campaign, then `compute` and `machine` with
# --campaign report from the store. The figures must be the very ones
# computed from the files (machines.csv, panel.csv, the summary and a
# machine sheet with its data-quality counts compared byte for byte), on the
# DST fixture and on a campaign of the benchmark's generator. A bad file
# stores nothing; an unknown campaign is named.
source "${0%/*}/lib.sh"
fixture=$src/tests/data/imaging/dst_week
files=(--equipment "$fixture/equipment.csv" --sessions "$fixture/sessions.csv" --exams "$fixture/exams.csv")
new_store
run imaging import --campaign dst --db t.db "${files[@]}"
expect_status 0 "import"
expect_line out "campagne dst enregistrée dans t.db : 3 équipements, 7 vacations, 13 examens"
run imaging campaigns --db t.db
expect_contains out $'dst\t'
for id in TDM1; do
  "$eml" imaging machine "$id" "${files[@]}" >from_files.txt 2>/dev/null
  "$eml" imaging machine "$id" --campaign dst --db t.db >from_store.txt
  checks=$((checks + 1))
  cmp -s from_files.txt from_store.txt || fail "machine $id differs: $(diff from_files.txt from_store.txt | head)"
done
"$eml" imaging compute "${files[@]}" >from_files.txt 2>/dev/null
"$eml" imaging compute --campaign dst --db t.db >from_store.txt
checks=$((checks + 1))
cmp -s from_files.txt from_store.txt || fail "summary differs: $(diff from_files.txt from_store.txt | head)"

# a generated campaign (shared/bench/gen_imaging.c) across the March change
gen_src=${EML_SHARED_DIR:-$src/../shared}/bench/gen_imaging.c
if [ -f "$gen_src" ] && cc -O2 -o gen "$gen_src" -lm 2>/dev/null; then
  mkdir camp && ./gen 25 28 3 camp >/dev/null
  camp=(--equipment camp/equipment.csv --sessions camp/sessions.csv --exams camp/exams.csv)
  run imaging import --campaign gen --db t.db "${camp[@]}"
  expect_status 0 "import generated"
  "$eml" imaging compute "${camp[@]}" --machines-csv m1.csv --panel-csv p1.csv >/dev/null 2>&1
  "$eml" imaging compute --campaign gen --db t.db --machines-csv m2.csv --panel-csv p2.csv >/dev/null
  checks=$((checks + 1))
  cmp -s m1.csv m2.csv && cmp -s p1.csv p2.csv || fail "generated campaign: figures differ"
  # importing again under the same name replaces it
  run imaging import --campaign gen --db t.db "${camp[@]}"
  checks=$((checks + 1))
  [ "$(bash "$src/tests/tools/store-sql.sh" t.db "SELECT count(*) FROM imaging_campaign WHERE name = 'gen'")" = 1 ] || fail "replace"
else
  skip_part "generated campaign part (no C compiler or no shared/bench)"
fi

before=$(dump)
printf 'exam_id,equipment_id,start,end,patient_class\nX1,TDM1,2017-03-27 09:00,2017-03-27 08:00,A\n' >bad_exams.csv
run imaging import --campaign bad --db t.db --equipment "$fixture/equipment.csv" \
  --sessions "$fixture/sessions.csv" --exams bad_exams.csv
expect_status 1 "bad exams"
checks=$((checks + 1))
[ "$(dump)" = "$before" ] || fail "a bad file changed the store"
run imaging compute --campaign nowhere --db t.db
expect_status 1 "unknown campaign"
expect_line err "eml: t.db: option --campaign : aucune campagne d'imagerie de ce nom dans le stockage (eml imaging campaigns les liste) (valeur « nowhere »)"
run imaging compute --db t.db
expect_status 2 "neither files nor campaign"

# a store of schema version 11 (tests/data/imaging/store_v11.sql: eml of
# f4e98ff imported dst_week and store_v11/ into a SQLite store, a row per
# session and exam, some without ICR or report) is converted by migration
# 11 -> 12 into blocks (issue 17): the same figures as from the files.
# PostgreSQL: a version 13 store taken back to 11 (the tables of migration
# 3 -> 4, the same rows; finess_site as before 13), then migrated.
v11=$src/tests/data/imaging/store_v11
sql() { bash "$src/tests/tools/store-sql.sh" v11.db "$1"; }
if [ "${EML_TEST_DB:-sqlite}" = pg ]; then
  "$eml" init --db v11.db >/dev/null || fail "eml init (pg)"
  { echo 'DROP TABLE imaging_block;'
    echo 'CREATE TABLE imaging_session(seq BIGINT GENERATED ALWAYS AS IDENTITY, campaign BIGINT NOT NULL
      REFERENCES imaging_campaign(id) ON DELETE CASCADE, machine BIGINT NOT NULL, start BIGINT NOT NULL,
      "end" BIGINT NOT NULL, type TEXT NOT NULL);'
    echo 'CREATE TABLE imaging_exam(seq BIGINT GENERATED ALWAYS AS IDENTITY, campaign BIGINT NOT NULL
      REFERENCES imaging_campaign(id) ON DELETE CASCADE, machine BIGINT NOT NULL, start BIGINT NOT NULL,
      "end" BIGINT NOT NULL, class TEXT NOT NULL, icr DOUBLE PRECISION, report_delay_s BIGINT);'
    grep '^INSERT INTO imaging_' "$v11.sql" |
      sed 's/^INSERT INTO imaging_session VALUES(/INSERT INTO imaging_session(campaign, machine, start, "end", type) VALUES(/;
           s/^INSERT INTO imaging_exam VALUES(/INSERT INTO imaging_exam(campaign, machine, start, "end", class, icr, report_delay_s) VALUES(/'
    # finess_site as schema 12 had it (migration 2 -> 3; 13 joins its fields)
    echo 'DROP TABLE finess_site;'
    echo "CREATE TABLE finess_site(nofinesset TEXT PRIMARY KEY REFERENCES site(finess),$(printf ' %s TEXT,' \
      nofinessej rs rslongue complrs compldistrib numvoie typvoie voie compvoie lieuditbp commune \
      departement libdepartement ligneacheminement telephone telecopie categetab libcategetab \
      categagretab libcategagretab siret codeape codemft libmft codesph libsph dateouv dateautor \
      datemaj) coord_x DOUBLE PRECISION, coord_y DOUBLE PRECISION, coord_source TEXT, coord_updated TEXT);"
    echo 'UPDATE eml_schema SET version = 11;'
  } >v11_pg.sql
  sql "$(cat v11_pg.sql)" >/dev/null || fail "the PostgreSQL store taken back to version 11"
elif command -v sqlite3 >/dev/null; then
  sqlite3 v11.db <"$v11.sql"
else
  skip_part "migration 11 -> 12 (sqlite3 needed)"
fi
if [ -n "$(sql 'SELECT 1' 2>/dev/null)" ]; then
  run init --db v11.db
  expect_status 0 "migration 11 -> 12"
  expect_line out "v11.db: stockage migré de la version 11 à la version 13 du schéma"
  checks=$((checks + 1))
  [ "$(sql "SELECT kind, n FROM imaging_block ORDER BY campaign, kind" | tr '\n' ' ')" = \
    "1|7 2|13 1|36 2|219 " ] || fail "blocks after the migration"
  gen=(--equipment "$v11/equipment.csv" --sessions "$v11/sessions.csv" --exams "$v11/exams.csv")
  for c in dst gen; do
    if [ $c = dst ]; then in=("${files[@]}"); else in=("${gen[@]}"); fi
    "$eml" imaging compute "${in[@]}" --machines-csv m1.csv --panel-csv p1.csv >from_files.txt 2>/dev/null
    "$eml" imaging compute --campaign $c --db v11.db --machines-csv m2.csv --panel-csv p2.csv >from_store.txt
    checks=$((checks + 1))
    cmp -s from_files.txt from_store.txt && cmp -s m1.csv m2.csv && cmp -s p1.csv p2.csv ||
      fail "migrated campaign $c: figures differ: $(diff from_files.txt from_store.txt | head)"
  done
  # a block whose count is not its bytes' is a damaged store, said as such
  sql "UPDATE imaging_block SET n = n + 1 WHERE kind = 2 AND campaign =
    (SELECT id FROM imaging_campaign WHERE name = 'gen')" >/dev/null
  run imaging compute --campaign gen --db v11.db
  expect_status 3 "damaged block"
  checks=$((checks + 1))
  case $err in *": campagne gen : une ligne enregistrée est abîmée") ;; *) fail "damaged block: $err" ;; esac
  [ "${EML_TEST_DB:-sqlite}" = pg ] || expect_line err "eml: v11.db: campagne gen : une ligne enregistrée est abîmée"
fi
finish
