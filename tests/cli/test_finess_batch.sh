#!/usr/bin/env bash
# test_finess_batch.sh — the new sites of `eml import finess` written by
# batches (issue 17: eml_store_finess_insert_sites; SQLite: 64 rows per
# INSERT, the rest one by one): bench/finess_gen.py's 150 establishments
# (2 batches of 64 and 22 single rows) give 150 sites, 150 FINESS records
# with their coordinates and 150 audit entries in the file's order; a batch
# the store refuses (a stale finess_site row of a site it lacks, left by a
# store written without its foreign keys) is undone and written row by
# row: the stale row is replaced by the file's, nothing else differs.
source "${0%/*}/lib.sh"
source "${0%/*}/finess_record.sh"
command -v python3 >/dev/null || { echo "SKIP: python3 missing (bench/finess_gen.py)"; exit 77; }
python3 "$src/bench/finess_gen.py" "$work" 150 0 >/dev/null || fail "finess_gen.py"
grep -a '^structureet' etab.csv | cut -d';' -f2 >file-order # the FINESS numbers, in the file's order
checks=$((checks + 1))
[ "$(wc -l <file-order)" -eq 150 ] || fail "the generator wrote $(wc -l <file-order) sites, expected 150"
snapshot() { q "SELECT * FROM site ORDER BY 1"; finess_rows "ORDER BY 1"
  q "SELECT id, user, action, entity, key, before, after FROM audit ORDER BY id"; }

# ---- the first import: every site, in the file's order
new_store
run import finess --db t.db --establishments etab.csv
expect_status 0 "first import"
expect_line out "registre : sites nouveaux 150, mis à jour 0, avec coordonnées 150 ; appareils nouveaux 0, mis à jour 0, clos 0"
checks=$((checks + 1))
[ "$(q "SELECT count(*) FROM site"):$(q "SELECT count(*) FROM finess_site WHERE coord_x IS NOT NULL")" = 150:150 ] ||
  fail "sites and located records: $(q "SELECT count(*) FROM site"):$(q "SELECT count(*) FROM finess_site WHERE coord_x IS NOT NULL"), expected 150:150"
checks=$((checks + 1))
q "SELECT key FROM audit WHERE entity = 'site' AND action = 'insert' ORDER BY id" >audit-order
cmp -s audit-order file-order || fail "the audit entries are not in the file's order: $(diff audit-order file-order | head -5)"
snapshot >batched

# ---- a refused batch: the third site has a stale finess_site row
new_store
third=$(sed -n 3p file-order)
sqlite3 t.db "INSERT INTO finess_site(nofinesset, record) VALUES('$third', 'ANCIEN')"
run import finess --db t.db --establishments etab.csv
expect_status 0 "a batch refused, written row by row"
expect_line out "registre : sites nouveaux 150, mis à jour 0, avec coordonnées 150 ; appareils nouveaux 0, mis à jour 0, clos 0"
checks=$((checks + 1))
[ "$(q "SELECT count(*) FROM finess_site WHERE record = 'ANCIEN'")" = 0 ] || fail "the stale record was kept"
snapshot >row-by-row
checks=$((checks + 1))
cmp -s batched row-by-row || fail "row by row differs from the batches: $(diff batched row-by-row | head -5)"
finish
