#!/usr/bin/env bash
# test_rt_store.sh — `eml rt import` and the rt commands with --db: the store
# holds no patient identifier of the input (the .db file is searched for each
# one), the counts from the store equal those from the files, another key is
# refused, a bad import leaves the store as it was, and the import is in the
# audit log.
set -euo pipefail
source "$EML_SOURCE_DIR/tests/data/rt/cli_helpers.sh"
export EML_PSEUDONYM_KEY=$(cat "$D/test_key.hex")
DB="$T/eml.db"

run init --db "$DB"
expect_rc 0
run rt import --dir "$D/annex" --db "$DB" --user planner
expect_rc 0
has "données de radiothérapie enregistrées : 1 centre, 4 appareils, 4 lignes d'effectifs, 11 traitements, 12 passages" out

# every patient identifier of the input, and the key: none in the store
ids=$( (tail -n +2 "$D/annex/rt_courses.csv" | cut -d, -f2; tail -n +2 "$D/annex/rt_sessions.csv" | cut -d, -f1) | sort -u)
[ "$(echo "$ids" | wc -l)" -eq 7 ] || fail "expected 7 identifiers in the fixture"
for id in $ids; do
  ! grep -qaF "$id" "$DB" || fail "identifier $id in clear in the store"
done
! grep -qaF "$EML_PSEUDONYM_KEY" "$DB" || fail "the key is in the store"
# but pseudonyms are: 6 distinct patients with a course (7 with PAT-0006)
[ "$(bash "$EML_SOURCE_DIR/tests/tools/store-sql.sh" "$DB" 'SELECT count(DISTINCT patient) FROM rt_course')" -eq 7 ] || fail "pseudonyms"

# the same counts from the store as from the files, and no key needed
run rt activity --year 2024 --dir "$D/annex"
cp "$T/out" "$T/from_files"
( unset EML_PSEUDONYM_KEY; "$EML" rt activity --year 2024 --db "$DB" >"$T/out" 2>"$T/err" ) || fail "activity --db"
cmp -s "$T/out" "$T/from_files" || fail "the store gives other counts than the files"
has "^ +Région +9 +9 +0 +0 +6 +8 +6 +9 +29$" out
run rt check --year 2024 --db "$DB" --centre 750100000
expect_rc 0
has "^Conformité 2024 — Centre des exemples \(750100000\)" out

# another key: refused, the store unchanged
EML_PSEUDONYM_KEY=ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100 \
  run rt import --dir "$D/annex" --db "$DB"
expect_rc 1
has "pseudonymisées avec une autre clé" err
# a bad row: nothing stored (all or nothing)
cp -r "$D/annex" "$T/bad"
echo "EX5-METAS,PAT-0009,750100000,C61,EXTERNAL,STANDARD,2024-09-02,2024-09-13," >>"$T/bad/rt_courses.csv"
run rt import --dir "$T/bad" --db "$DB"
expect_rc 1
run rt activity --year 2024 --db "$DB"
cmp -s "$T/out" "$T/from_files" || fail "a refused import changed the store"

# the audit log names the import
run log --db "$DB" --entity radiotherapy
expect_rc 0
has "planner +import +radiotherapy" out

# usage: both or neither of --dir and --db; a store without radiotherapy data
run rt report --year 2024 --dir "$D/annex" --db "$DB"
expect_rc 2
run init --db "$T/empty.db"
run rt report --year 2024 --db "$T/empty.db"
expect_rc 1
has "aucune donnée de radiothérapie enregistrée" err

# a generated year: the regional report from the store is the one from the files
run generate radiotherapy --centres 3 --year 2024 --seed 11 --out "$T/gen"
expect_rc 0
run rt import --dir "$T/gen" --db "$T/gen.db"
expect_rc 1  # no store yet: 'eml init' first
has "pas de stockage ici" err
run init --db "$T/gen.db"
run rt import --dir "$T/gen" --db "$T/gen.db"
expect_rc 0
run rt report --year 2024 --dir "$T/gen"
cp "$T/out" "$T/gen_files"
run rt report --year 2024 --db "$T/gen.db"
expect_rc 0
cmp -s "$T/out" "$T/gen_files" || fail "the generated year reads differently from the store"
! grep -qa "PAT-" "$T/gen.db" || fail "a generated identifier in clear in the store"

if [ "${EML_TEST_DB:-sqlite}" != pg ]; then # SQLite's own layouts, version 6 and 8
# a store of schema version 6 (the text layout: tests/data/rt/store_v6.sql,
# the annex imported twice by eml 6) is converted by migration 6 -> 7 into
# the compact one (issue 17): the same report as from the files, and the
# same rows as a fresh import into a version 13 store (8: compact rt tables; 9: note.rule;
# 10: the passages packed by blocks, converted from the rows of rt_session; 11: users;
# 12: imaging exams packed by blocks; 13: a site's FINESS record as one value)
sqlite3 "$T/v6.db" <"$D/store_v6.sql"
run init --db "$T/v6.db"
expect_rc 0
has "stockage migré de la version 6 à la version 13 du schéma" out
run rt activity --year 2024 --db "$T/v6.db"
cmp -s "$T/out" "$T/from_files" || fail "the migrated store gives other counts than the files"
run rt report --year 2024 --dir "$D/annex"
cp "$T/out" "$T/report_files"
run rt report --year 2024 --db "$T/v6.db"
cmp -s "$T/out" "$T/report_files" || fail "the migrated store gives another report than the files"
run init --db "$T/v7.db"
run rt import --dir "$D/annex" --db "$T/v7.db"
expect_rc 0
dump() { for t in rt_key rt_patient rt_centre rt_machine rt_staff rt_course; do
  echo "-- $t"; sqlite3 "$1" "SELECT * FROM $t ORDER BY rowid"; done
  echo "-- rt_passages"; sqlite3 "$1" "SELECT id, passages, hex(data) FROM rt_passages ORDER BY id"; }
dump "$T/v6.db" >"$T/migrated"
dump "$T/v7.db" >"$T/imported"
diff "$T/migrated" "$T/imported" >&2 || fail "the migrated rows differ from an import's"
# the compact form: 7 patients, passages naming their course and machine by
# index, the start in seconds (EX1's first passage: 2024-03-04T09:00+01:00 =
# 08:00Z = 19786 days x 86400 + 8 x 3600 = 1709539200 = 0x65E57F80), packed
# 22 little-endian bytes a passage in one block of the 12 passages: course
# EX1-PELVIS (0) 00000000, machine COB (2) 02000000, start 807FE56500000000,
# fields 2 02000000, outpatient 00, time_flags 00
[ "$(sqlite3 "$T/v7.db" 'SELECT count(*) FROM rt_patient')" -eq 7 ] || fail "rt_patient"
sqlite3 "$T/v7.db" 'SELECT id, passages, length(data), hex(substr(data, 1, 22)) FROM rt_passages' >"$T/first"
has "^0\\|12\\|264\\|0000000002000000807FE56500000000020000000000$" first
fi
echo "ok"
