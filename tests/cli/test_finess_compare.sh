#!/usr/bin/env bash
# test_finess_compare.sh — a FINESS re-import compares its lines with the
# stored FINESS records in memory (issue 17: eml_store_finess_each_site), so
# that an unchanged record runs no statement. Counted by a trigger on the
# updates of finess_site, over bench/finess_gen.py's 150 establishments
# (each with its geolocalisation line, after all the structureet lines):
#   - the same file again: 0 updates;
#   - one telephone (site 5) and one x coordinate (site 7) changed: those
#     2 records updated, with the file's values, no other;
#   - a geolocalisation line of site 9 put first (1.5, 2.5): it updates the
#     stored row, then site 9's line with its own coordinates (unchanged
#     from the store as read) is written again, not skipped: 2 updates of
#     site 9, its coordinates the file's last ones (600008.5, 6800008.2);
#   - a stored record with an empty text ('' in complrs, which an import
#     never writes: NULL) is rewritten (NULL again), like the upsert did.
source "${0%/*}/lib.sh"
source "${0%/*}/finess_record.sh"
command -v python3 >/dev/null || { echo "SKIP: python3 missing (bench/finess_gen.py)"; exit 77; }
python3 "$src/bench/finess_gen.py" "$work" 150 0 >/dev/null || fail "finess_gen.py"
export LC_ALL=C
nth() { grep -a '^structureet' etab.csv | sed -n "${1}p" | cut -d';' -f2; }
s5=$(nth 5) s7=$(nth 7) s9=$(nth 9) s11=$(nth 11)
summary="registre : sites nouveaux 0, mis à jour 0, avec coordonnées 150 ; appareils nouveaux 0, mis à jour 0, clos 0"

new_store
run import finess --db t.db --establishments etab.csv
expect_status 0 "first import"
q "CREATE TABLE writes(k TEXT);
   CREATE TRIGGER fs_w AFTER UPDATE ON finess_site BEGIN INSERT INTO writes VALUES(new.nofinesset); END;"

# ---- the same file: nothing written
run import finess --db t.db --establishments etab.csv
expect_status 0 "same file"
expect_line out "etab.csv: 300 lignes lues, 300 chargées, 0 ignorée, 0 rejetée"
expect_line out "$summary"
expect_query "SELECT count(*) FROM writes" "0"

# ---- two records changed: a field, a coordinate
sed -E "/^structureet;$s5;/s/;0100000000;/;0199999999;/; /^geolocalisation;$s7;/s/;600006\.5;/;600006.75;/" \
  etab.csv >changed.csv
checks=$((checks + 1))
[ "$(cmp -l etab.csv changed.csv 2>/dev/null | wc -l)" -gt 0 ] || fail "the edit changed nothing"
run import finess --db t.db --establishments changed.csv
expect_status 0 "two records changed"
expect_line out "$summary"
expect_query "SELECT k FROM writes ORDER BY k" "$(printf '%s\n' "$s5" "$s7" | sort)"
expect_field "$s5" telephone "0199999999"
expect_query "SELECT coord_x, coord_y FROM finess_site WHERE nofinesset = '$s7'" "600006.75|6800006.2"

# ---- a geolocalisation line before its site's line: the record read is stale
q "DELETE FROM writes"
{ head -1 changed.csv; echo "geolocalisation;$s9;1.5;2.5;TEST;2024-03-01"; tail -n +2 changed.csv; } >stale.csv
run import finess --db t.db --establishments stale.csv
expect_status 0 "a geolocalisation line first"
expect_line out "stale.csv: 301 lignes lues, 301 chargées, 0 ignorée, 0 rejetée"
expect_query "SELECT k, count(*) FROM writes GROUP BY k" "$s9|2"
expect_query "SELECT coord_x, coord_y, coord_source, coord_updated FROM finess_site WHERE nofinesset = '$s9'" \
  "600008.5|6800008.2|1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93|2023-01-31"

# ---- a stored record that is not a text (the same bytes as a blob) is
# not what the file says: rewritten, as a text
q "DELETE FROM writes; UPDATE finess_site SET record = CAST(record AS BLOB) WHERE nofinesset = '$s11'; DELETE FROM writes"
run import finess --db t.db --establishments changed.csv
expect_status 0 "a blob stored"
expect_query "SELECT k FROM writes" "$s11"
expect_query "SELECT typeof(record) FROM finess_site WHERE nofinesset = '$s11'" "text"
# ---- a stored record of another number of fields (one field missing) is
# not what the file says: rewritten, whole again
q "DELETE FROM writes; UPDATE finess_site SET record = substr(record, instr(record, char(31)) + 1) WHERE nofinesset = '$s11'; DELETE FROM writes"
run import finess --db t.db --establishments changed.csv
expect_status 0 "a record cut"
expect_query "SELECT k FROM writes" "$s11"
expect_query "SELECT length(record) - length(replace(record, char(31), '')) FROM finess_site WHERE nofinesset = '$s11'" "28"
finish
