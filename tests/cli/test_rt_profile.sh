#!/usr/bin/env bash
# test_rt_profile.sh — `--profile` on the radiotherapy readers (issue 18
# item 6; docs/radiotherapy.md, "A foreign layout"): the shipped profile
# rt-export reads tests/data/rt/export (the Annex II examples of
# tests/data/rt/annex written as a radiotherapy information system's export:
# French headers, `;`, dates JJ/MM/AAAA, the session's date and time in two
# columns, French labels of the machine kinds, modalities, techniques and
# of the inpatient flag) into the same figures as eml's own layout, from
# the files and through the store; a profile naming a column that is not in
# the file is an error naming both; a bad date of the profile's format is
# the row's error, and its rejected row shows no patient identifier.
set -euo pipefail
source "$EML_SOURCE_DIR/tests/data/rt/cli_helpers.sh"
export EML_DATA_DIR="$EML_SOURCE_DIR/data"
K="$D/test_key.hex"

# the same reports as eml's layout: activity, check and report, byte for byte
for cmd in activity check report; do
  run rt $cmd --year 2024 --dir "$D/annex" --key-file "$K"
  expect_rc 0
  cp "$T/out" "$T/own.$cmd"
  run rt $cmd --year 2024 --dir "$D/export" --key-file "$K" --profile rt-export
  expect_rc 0
  cmp -s "$T/out" "$T/own.$cmd" || fail "rt $cmd through rt-export differs from eml's layout"
done
# the Annex examples (tests/data/rt/annex/README.md): 9 treatments, 6
# malades, 8 venues, 6 séances, 9 passages, 29 champs
run rt activity --year 2024 --dir "$D/export" --key-file "$K" --profile rt-export
has "^ +Région +9 +9 +0 +0 +6 +8 +6 +9 +29$" out
# every column of the export is the profile's: none listed as unknown
grep -q "unknown columns" "$T/err" && fail "columns of the profile listed as unknown"
has "^eml: rt_sessions.csv: 12 lignes lues, 12 chargées, 0 rejetée$" err
# the profile by its path, as any other file
run rt activity --year 2024 --dir "$D/export" --key-file "$K" \
  --profile "$EML_SOURCE_DIR/data/profiles/rt-export.ini"
expect_rc 0
cmp -s "$T/out" "$T/own.activity" || fail "rt-export.ini by its path"

# through the store: rt import with the profile, then the same activity
"$EML" init --db "$T/a.db" >/dev/null
"$EML" init --db "$T/b.db" >/dev/null
run rt import --dir "$D/annex" --db "$T/a.db" --key-file "$K"
expect_rc 0
run rt import --dir "$D/export" --db "$T/b.db" --key-file "$K" --profile rt-export
expect_rc 0
run rt activity --year 2024 --db "$T/a.db"
cp "$T/out" "$T/a.txt"
run rt activity --year 2024 --db "$T/b.db"
cmp -s "$T/out" "$T/a.txt" || fail "rt activity of the store imported through rt-export differs"
# the patient identifiers of the export are not in the store
for id in PAT-0001 PAT-0004; do
  grep -qaF "$id" "$T/b.db" && fail "$id in the store"
done

# --profile reads files: with --db it is a usage error
run rt activity --year 2024 --db "$T/b.db" --profile rt-export
expect_rc 2
has "^eml: l'option --profile va avec les fichiers \(--dir\)$" err

# a column the profile names that is not in the file: the file's line 1
# and the profile's line
mkdir "$T/x"
cp "$D"/export/*.csv "$T/x/"
sed '/^\[rt_sessions\]/,$ s/^machine_id = Appareil$/machine_id = Machine/' \
  "$EML_SOURCE_DIR/data/profiles/rt-export.ini" >"$T/p.ini"
at=$(grep -n '^machine_id = Machine$' "$T/p.ini" | cut -d: -f1)
[ -n "$at" ] || fail "profile edit"
run rt activity --year 2024 --dir "$T/x" --key-file "$K" --profile "$T/p.ini"
expect_rc 1
has "^eml: $T/x/rt_sessions.csv:1: la colonne « Machine » \(profil $T/p.ini:$at\) n'est pas dans le fichier$" err
run --lang en rt activity --year 2024 --dir "$T/x" --key-file "$K" --profile "$T/p.ini"
expect_rc 1
has "^eml: $T/x/rt_sessions.csv:1: column 'Machine' \(profile $T/p.ini:$at\) is not in the file$" err

# a date not in the profile's format: the row's error, on the foreign
# column; the rejected row keeps the pseudonym, not the identifier
sed -i 's#^PAT-0004;EX4-MANTLE;ACC1;08/01/2024;12:00#PAT-0004;EX4-MANTLE;ACC1;2024-01-08;12:00#' "$T/x/rt_sessions.csv"
grep -q '^PAT-0004;EX4-MANTLE;ACC1;2024-01-08;12:00' "$T/x/rt_sessions.csv" || fail "fixture edit"
run rt activity --year 2024 --dir "$T/x" --key-file "$K" --profile rt-export
expect_rc 1
line=$(grep -n '2024-01-08' "$T/x/rt_sessions.csv" | cut -d: -f1)
# the export's column, eml's name in parentheses (docs/i18n.md, "Diagnostics")
has "^eml: $T/x/rt_sessions.csv:$line: colonne Date séance \(start\) : pas une date au format JJ/MM/AAAA \(valeur « 2024-01-08 »\)$" err
grep -qF PAT-0004 "$T/err" && fail "patient identifier in a message"
run --lang en rt activity --year 2024 --dir "$T/x" --key-file "$K" --profile rt-export
expect_rc 1
has "^eml: $T/x/rt_sessions.csv:$line: column Date séance \(start\): not a date in the format JJ/MM/AAAA \(value '2024-01-08'\)$" err
grep -qF PAT-0004 "$T/err" && fail "patient identifier in a message"
run rt activity --year 2024 --dir "$T/x" --key-file "$K" --profile rt-export --rejects "$T/rej.csv"
expect_rc 0
[ -s "$T/rej.rt_sessions.csv" ] || fail "no rejects file of rt_sessions.csv"
grep -qF PAT-0004 "$T/rej.rt_sessions.csv" && fail "patient identifier in the rejects file"
grep -qF '2024-01-08' "$T/rej.rt_sessions.csv" || fail "the rejected row is not in the rejects file"
echo "ok"
