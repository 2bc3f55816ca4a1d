#!/usr/bin/env bash
# test_rt_activity.sh — `eml rt activity` on the Annex II examples
# (tests/data/rt/annex, expected counts worked out in its README.md), the
# pseudonymisation key (none, bad, file, environment, another key), patient
# identifiers never printed, and bad rows: all-or-nothing, or --rejects.
set -euo pipefail
source "$EML_SOURCE_DIR/tests/data/rt/cli_helpers.sh"
unset EML_PSEUDONYM_KEY

# no key: a clear error, never a default key
run rt activity --year 2024 --dir "$D/annex"
expect_rc 2
has "pas de clé de pseudonymisation : donner --key-file FICHIER ou EML_PSEUDONYM_KEY" err

# a key that is not 64 hexadecimal digits
printf 'short\n' >"$T/bad.key"
run rt activity --year 2024 --dir "$D/annex" --key-file "$T/bad.key"
expect_rc 2
has "doit avoir 64 chiffres hexadécimaux" err
EML_PSEUDONYM_KEY=0102 run rt activity --year 2024 --dir "$D/annex"
expect_rc 2

# the Annex examples: 9 treatments, 6 patients, 8 venues, 6 séances,
# 9 passages, 29 fields (README.md of the fixture)
run rt activity --year 2024 --dir "$D/annex" --key-file "$D/test_key.hex"
expect_rc 0
has "^750100000 +Centre des exemples +9 +9 +0 +0 +6 +8 +6 +9 +29$" out
has "^ +Région +9 +9 +0 +0 +6 +8 +6 +9 +29$" out
has "^750100000 +ACC1 +Accélérateur +6/18 +OUI +366 +1,00 +6 +17 +3$" out
has "^750100000 +COB +Cobalt +1,25 +NON +366 +1,00 +1 +2 +1$" out
has "rt_courses.csv: 11 lignes lues, 11 chargées, 0 rejetée" err
# the window's edges in data quality (issue 14 item 10): JAN1, closed on
# 1 January 2024, is in no year; nothing of 2024 closes after 31 December
has "^Traitements clos le 1er janvier \(comptés dans aucune année\) +1$" out
has "^Traitements en cours au 31 décembre, clos ensuite \(comptés l'année de leur clôture\) +0$" out
cp "$T/out" "$T/with_file_key"

# same data + the same key from the environment: same output; another key:
# other pseudonyms but the same counts
EML_PSEUDONYM_KEY=$(cat "$D/test_key.hex") run rt activity --year 2024 --dir "$D/annex"
expect_rc 0
cmp -s "$T/out" "$T/with_file_key" || fail "the environment key gave another output"
EML_PSEUDONYM_KEY=ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100 \
  run rt activity --year 2024 --dir "$D/annex"
expect_rc 0
cmp -s "$T/out" "$T/with_file_key" || fail "another key changed the counts"

# a 32-byte binary key file is accepted too
printf '0123456789abcdef0123456789abcdef' >"$T/raw.key"
run rt activity --year 2024 --dir "$D/annex" --key-file "$T/raw.key"
expect_rc 0

# --visit-gap 7: the morning and afternoon passages (6 h apart) become one
# venue, and so do the bifractionated ones: 8 - 1 - 1 = 6 venues; the
# trifractionated ones (4 h apart) too: 6 - 2 = 4 venues, passages 9 - 1 - 1 - 2 = 5
run rt activity --year 2024 --dir "$D/annex" --key-file "$D/test_key.hex" --visit-gap 7
expect_rc 0
has "^ +Région +9 +9 +0 +0 +6 +4 +3 +5 +29$" out

# the year is the one of closing: in 2023 nothing is closed (JAN1 closes on
# 1 January 2024, which belongs to no year), the 2023 session is 1 venue
run rt activity --year 2023 --dir "$D/annex" --key-file "$D/test_key.hex"
expect_rc 0
has "^ +Région +0 +0 +0 +0 +0 +1 +1 +1 +5$" out
# ... and both JAN1 and JAN2 (started 20 November 2023) were open on
# 31 December 2023 and closed after it: 2, counted in 2024 (JAN2) or never
has "^Traitements en cours au 31 décembre, clos ensuite \(comptés l'année de leur clôture\) +2$" out
has "^Traitements clos le 1er janvier \(comptés dans aucune année\) +0$" out

# bad rows: a duplicate course and a session of an unknown machine; by
# default nothing is computed (exit 1), each row is reported
cp -r "$D/annex" "$T/bad"
echo "EX5-METAS,PAT-0009,750100000,C61,EXTERNAL,STANDARD,2024-09-02,2024-09-13," >>"$T/bad/rt_courses.csv"
echo "PAT-0005,EX5-METAS,ACC9,2024-09-02T10:00,2,non" >>"$T/bad/rt_sessions.csv"
run rt activity --year 2024 --dir "$T/bad" --key-file "$D/test_key.hex"
expect_rc 1
has "^eml: .*/bad/rt_courses.csv:13: colonne course_id : traitement en double \(valeur « EX5-METAS »\)$" err
has "^eml: .*/bad/rt_sessions.csv:14: colonne machine_id : machine inconnue \(absente de rt_machines.csv\) \(valeur « ACC9 »\)$" err
has "rt_courses.csv: 12 lignes lues, 11 chargées, 1 rejetée" err
has "2 lignes rejetées : rien n.est calculé" err
[ ! -s "$T/out" ] || fail "a report was printed despite rejected rows"

# --rejects FILE: the good rows are counted, the bad ones written with their
# reason, the patient identifier replaced by its pseudonym
# (one rejects file per input: rejects.rt_courses.csv, rejects.rt_sessions.csv)
run rt activity --year 2024 --dir "$T/bad" --key-file "$D/test_key.hex" --rejects "$T/rejects.csv"
expect_rc 0
has "^ +Région +9 +9 +0 +0 +6 +8 +6 +9 +29$" out
[ "$(head -1 "$T/rejects.rt_courses.csv")" = "$(head -1 "$T/bad/rt_courses.csv"),eml_reason" ] ||
  fail "rejects: header $(head -1 "$T/rejects.rt_courses.csv")"
grep -q ",\".*rt_courses.csv:13: colonne course_id : traitement en double" "$T/rejects.rt_courses.csv" || fail "rejects: no reason"
grep -qE "^EX5-METAS,[0-9a-f]{64},750100000,C61," "$T/rejects.rt_courses.csv" || fail "rejects: no pseudonymised row"
has "^eml: 1 mauvaise ligne écrite dans $T/rejects.rt_courses.csv$" err

# no patient identifier in clear anywhere we wrote
for f in "$T/out" "$T/err" "$T/rejects".*.csv "$T/with_file_key"; do
  ! grep -q "PAT-" "$f" || { cat "$f" >&2; echo "FAIL: a patient identifier in clear in $f" >&2; exit 1; }
done

# a Windows-1252 file: refused with a message naming --encoding, read with it
cp -r "$D/annex" "$T/cp1252"
sed 's/Centre des exemples/Centre des examens médicaux/' "$D/annex/rt_centres.csv" |
  iconv -f utf-8 -t cp1252 >"$T/cp1252/rt_centres.csv"
run rt activity --year 2024 --dir "$T/cp1252" --key-file "$D/test_key.hex"
expect_rc 1
has "rt_centres.csv:2: colonne name : pas de l'UTF-8 valide ; pour un fichier Windows-1252, utiliser --encoding cp1252" err
run rt activity --year 2024 --dir "$T/cp1252" --key-file "$D/test_key.hex" --encoding cp1252
expect_rc 0
has "^750100000 +Centre des examens médicaux +9 " out

# --threads N: the counting split by centre, the same report for any N
# (issue 17 item 3): the annex (1 centre: one job whatever N) and a
# generated year of 7 centres (1, 2 or 3 jobs of whole centres), in text and
# in JSON (every figure, the quality table included)
"$EML" generate radiotherapy --centres 7 --year 2024 --seed 5 --out "$T/gen7" >/dev/null ||
  fail "eml generate radiotherapy"
for dir in "$D/annex" "$T/gen7"; do
  for fmt in text json; do
    for n in 1 2 3; do
      run rt activity --year 2024 --dir "$dir" --key-file "$D/test_key.hex" --format "$fmt" \
        --threads "$n"
      expect_rc 0
      cp "$T/out" "$T/threads$n"
    done
    cmp -s "$T/threads1" "$T/threads2" && cmp -s "$T/threads1" "$T/threads3" ||
      fail "rt activity --threads 1, 2, 3 differ on $dir ($fmt)"
  done
done
run rt activity --year 2024 --dir "$T/gen7" --key-file "$D/test_key.hex" --format json
cmp -s "$T/out" "$T/threads1" || fail "rt activity with the default threads differs"
run rt activity --year 2024 --dir "$D/annex" --key-file "$D/test_key.hex" --threads 0
expect_rc 2
has "^eml: option --threads : pas un nombre entier de 1 à 256 \(valeur « 0 »\)$" err

# usage errors
run rt activity --dir "$D/annex" --key-file "$D/test_key.hex"
expect_rc 2
has "l'option --year est obligatoire" err
run rt activity --year 2024 --dir "$T/nowhere" --key-file "$D/test_key.hex"
expect_rc 3
echo "ok"
