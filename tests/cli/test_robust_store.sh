#!/usr/bin/env bash
# test_robust_store.sh — a store that cannot be written (issue 7): a
# write-protected file, a write-protected directory (no journal can be
# created), a rejects file on a full disk, a full disk (simulated by a file size limit: `ulimit -f`, with
# SIGXFSZ ignored so the write fails with EFBIG as on a full disk), and bad
# --db paths; the same for the FINESS import (6). Each gives a clear message naming the store, exit status 3,
# and no partial state: the store is byte for byte what it was (sqlite3
# .dump) and `PRAGMA integrity_check` says ok.
source "${0%/*}/lib.sh"
awk -v n=30000 -f "$src/tests/cli/gen_sites.awk" >big.csv
printf 'finess,name,territory,legal_status\n780000014,Site C,78,LIBERAL\n' >one.csv

# as_other_user CMD...: runs CMD without the right to write root's files
# (root ignores file modes, so the test drops to nobody when run as root)
as_other_user() {
  if [ "$(id -u)" -eq 0 ]; then
    setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
  else
    "$@"
  fi
}
run_other() {
  as_other_user "$eml" "$@" >"$work/out" 2>"$work/err"
  status=$?
  out=$(cat "$work/out")
  err=$(cat "$work/err")
}
unchanged() {
  checks=$((checks + 2))
  [ "$(sqlite3 "$1" .dump)" = "$2" ] || fail "$3: the store changed"
  [ "$(sqlite3 "$1" 'PRAGMA integrity_check')" = ok ] || fail "$3: integrity_check failed"
}

chmod 755 "$work"
mkdir -m 755 ro
"$eml" init --db ro/t.db >/dev/null
"$eml" import sites one.csv --db ro/t.db >/dev/null
before=$(sqlite3 ro/t.db .dump)

# 1. write-protected store file: refused at open, before any row is read
chmod 444 ro/t.db
run_other import sites big.csv --db ro/t.db
expect_status 3 "read-only store"
expect_line err "eml: ro/t.db: le stockage est en lecture seule (pas de droit d'écriture sur le fichier) : rien ne peut être modifié"
unchanged ro/t.db "$before" "read-only store"
# reading it is still fine
run_other log --db ro/t.db --limit 1
expect_status 0 "log of a read-only store"

# 2. writable file in a write-protected directory: the journal cannot be
#    created; the first write fails and the import stops, undoing all
chmod 666 ro/t.db
chmod 555 ro
run_other import sites big.csv --db ro/t.db
expect_status 3 "read-only directory"
expect_contains err "eml: ro/t.db: enregistrement du site impossible : "
expect_line err "eml: big.csv: rien n'est chargé"
unchanged ro/t.db "$before" "read-only directory"
chmod 755 ro

# 3. full disk: the store may not grow past 200 KiB; 30,000 sites need ~2 MB
new_store
"$eml" import sites one.csv --db t.db >/dev/null
before=$(dump)
(trap '' XFSZ; ulimit -f 200; "$eml" import sites big.csv --db t.db >"$work/out" 2>"$work/err")
status=$?
err=$(cat "$work/err")
expect_status 3 "full disk"
expect_contains err "écriture impossible dans le fichier du stockage ou son journal (disk I/O error : disque plein, taille de fichier limitée ou pas de droit d'écriture sur son dossier ?)"
expect_line err "eml: big.csv: rien n'est chargé"
unchanged t.db "$before" "full disk"
# once there is room again, the same import goes through
run import sites big.csv --db t.db
expect_status 0 "import after the disk was freed"
expect_line out "big.csv: 30000 lignes lues, 30000 chargées, 0 rejetée"

# 4. the rejects file cannot be written (/dev/full): the good row of the
#    file must not be committed either (it was, while saying "nothing loaded")
new_store
before=$(dump)
printf 'finess,name,territory,legal_status\n780000014,Site C,78,LIBERAL\n750000011,Bad key,75,CH\n' >mixed.csv
run import sites mixed.csv --db t.db --rejects /dev/full
expect_status 3 "rejects on a full disk"
expect_line err "eml: /dev/full: option --rejects : écriture impossible : plus de place sur le disque"
unchanged t.db "$before" "rejects on a full disk"

# 5. bad --db paths
run import sites one.csv --db "$work"
expect_status 3 "store is a directory"
echo "not a database, just text" >notdb.db
run import sites one.csv --db notdb.db
expect_status 3 "not a store"
expect_line err "eml: notdb.db: pas un stockage eml : file is not a database"
new_store
current=$(sqlite3 t.db 'PRAGMA user_version') # the version this eml writes
sqlite3 t.db 'PRAGMA user_version = 99'
run import sites one.csv --db t.db
expect_status 3 "newer schema"
expect_line err "eml: t.db: schéma du stockage en version 99, plus récente que celle de ce programme ($current)"
run import sites one.csv --db missing.db
expect_status 1 "missing store"
expect_line err "eml: missing.db: pas de stockage ici (le créer avec « eml init », ou donner --db CHEMIN)"

# 6. the FINESS import on a store that cannot be written: stops at once with
#    the store's message, not a rejected record nor "the store refused to
#    undo a record" (it said so, after counting the record as rejected)
etab_head=$(head -1 "$src/tests/data/finess/etab-2024.csv")
etab_line=$(sed -n 2p "$src/tests/data/finess/etab-2024.csv")
{ echo "$etab_head"; tail -n +2 big.csv | cut -d, -f1 |
    awk -v l="$etab_line" 'BEGIN { n = split(l, a, ";") }
      { s = a[1] ";" $1; for (i = 3; i <= n; i++) s = s ";" a[i]; print s }'; } >bigfiness.csv
new_store
"$eml" import sites one.csv --db t.db >/dev/null
before=$(dump)
# (the write that fails first is the site's or its audit entry's)
full_store_message="écriture impossible dans le fichier du stockage ou son journal (disk I/O error : disque plein, taille de fichier limitée ou pas de droit d'écriture sur son dossier ?)"
for rejects in "" "--rejects $work/finess.rejects"; do
  # shellcheck disable=SC2086 # $rejects is two words or none
  (trap '' XFSZ; ulimit -f 200
   "$eml" import finess --establishments bigfiness.csv --db t.db $rejects >"$work/out" 2>"$work/err")
  status=$?
  err=$(cat "$work/err")
  expect_status 3 "FINESS on a full disk ${rejects:+with --rejects}"
  expect_contains err "$full_store_message"
  expect_contains err "eml: t.db: "
  expect_contains err " impossible : $full_store_message"
  expect_line err "eml: bigfiness.csv: rien n'est chargé"
  checks=$((checks + 1))
  ! grep -q "refused to undo\|rejected [1-9]" "$work/err" "$work/out" ||
    fail "FINESS on a full disk: a record counted as rejected"
  unchanged t.db "$before" "FINESS on a full disk"
done
# the same import once there is room: 30,000 sites (30,001 with one.csv's)
run import finess --establishments bigfiness.csv --db t.db
expect_status 0 "FINESS import after the disk was freed"
checks=$((checks + 1))
[ "$(sqlite3 t.db 'SELECT count(*) FROM site')" = 30001 ] || fail "FINESS after the disk was freed"
# a write-protected directory: the journal cannot be created
chmod 755 ro
"$eml" init --db ro/f.db >/dev/null
chmod 666 ro/f.db
before=$(sqlite3 ro/f.db .dump)
chmod 555 ro
run_other import finess --establishments bigfiness.csv --db ro/f.db
expect_status 3 "FINESS in a read-only directory"
expect_contains err "eml: ro/f.db: enregistrement du site impossible : le stockage est en lecture seule"
expect_line err "eml: bigfiness.csv: rien n'est chargé"
unchanged ro/f.db "$before" "FINESS in a read-only directory"
chmod 755 ro
finish
