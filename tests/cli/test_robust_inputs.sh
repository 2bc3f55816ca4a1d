#!/usr/bin/env bash
# test_robust_inputs.sh — bad-input classes of issue 7 through `eml import`
# and `eml bilan --compare`, one case per line where possible: what eml
# answers (exact message, exit status) and that the store is unchanged
# (sqlite3 .dump before = after). The table of docs/robustness.md points
# here, case by case (#N below is its row number).
source "${0%/*}/lib.sh"

new_store
printf 'finess,name,territory,legal_status\n750000010,Site A,75,CH\n' >base.csv
"$eml" import sites base.csv --db t.db >/dev/null || fail "base import"
before=$(dump)
unchanged() {
  checks=$((checks + 1))
  [ "$(dump)" = "$before" ] || fail "$1: the store changed"
}
# bad NAME KIND PRINTF-CONTENT EXPECTED-FIRST-MESSAGE [STATUS]
bad() {
  local name=$1 kind=$2 content=$3 message=$4 want=${5:-1}
  printf "$content" >"$name.csv"
  run import "$kind" "$name.csv" --db t.db
  expect_status "$want" "$name"
  expect_line err "eml: $message"
  unchanged "$name"
}
H='finess,name,territory,legal_status'

# --- encodings ---
bad latin1 sites "$H\n780000014,H\xf4pital,78,CH\n" \
  "latin1.csv:2: colonne name : pas de l'UTF-8 valide ; pour un fichier Windows-1252, utiliser --encoding cp1252 (valeur « \\xF4pital »)"          # 1
U16="ni UTF-8 ni Windows-1252 : l'enregistrer à nouveau en « CSV UTF-8 » (Excel) ou en texte UTF-8 et importer ce fichier"
bad utf16 sites '\xff\xfef\x00i\x00n\x00\n\x00' "utf16.csv:1: le fichier est en UTF-16 (little-endian), $U16"                  # 2
bad utf16_nobom sites 'f\x00i\x00n\x00e\x00s\x00s\x00\n\x00' "utf16_nobom.csv:1: le fichier est en UTF-16 (little-endian), $U16" # 50
bad utf16_be sites '\xfe\xff\x00f\x00i\x00n\x00\n' "utf16_be.csv:1: le fichier est en UTF-16 (big-endian), $U16"                # 51
bad utf16_utf8mark sites '\xef\xbb\xbff\x00i\x00n\x00e\x00s\x00s\x00\n\x00' "utf16_utf8mark.csv:1: le fichier est en UTF-16 (little-endian), $U16" # 66
bad binary sites '\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR' \
  "binary.csv:1: colonne #1 : pas de l'UTF-8 valide ; pour un fichier Windows-1252, utiliser --encoding cp1252 (valeur « \\x89PNG »)"             # 3
# #4 Windows-1252 with the option: loaded, stored as UTF-8 (0xF4 = ô, 0x9C = œ)
printf "$H\n780000014,H\xf4pital C\x9cur,78,CH\n" >cp1252.csv
run import sites cp1252.csv --db t.db --encoding cp1252
expect_status 0 "cp1252"
checks=$((checks + 1))
[ "$(sqlite3 t.db "SELECT name FROM site WHERE finess = '780000014'")" = "Hôpital Cœur" ] || fail "cp1252 not transcoded"
new_store; "$eml" import sites base.csv --db t.db >/dev/null; before=$(dump)

# --- file shape ---
bad empty sites '' "empty.csv: fichier vide (une ligne d'en-tête est attendue)"                                                        # 5
bad bom_only sites '\xef\xbb\xbf' "bom_only.csv: fichier vide (une ligne d'en-tête est attendue)"                                     # 6
bad header_only sites "$H\n" "header_only.csv:1: aucune ligne de données après l'en-tête"                                                  # 7
run import sites "$work" --db t.db                                                                                                # 8
expect_status 3 "directory as input"
expect_line err "eml: $work: erreur de lecture : c'est un répertoire"
run import sites missing.csv --db t.db                                                                                            # 9
expect_status 3 "missing input"
expect_line err "eml: missing.csv: ouverture impossible : fichier ou répertoire introuvable"

# --- quoting ---
bad unclosed_quote sites "$H\n780000014,\"Site,78,CH\n" "unclosed_quote.csv:3: colonne name : champ entre guillemets non fermé en fin de fichier" # 10
bad quote_inside sites "$H\n780000014,Site \"A\",78,CH\n" "quote_inside.csv:2: colonne name : guillemet dans un champ sans guillemets"        # 11
bad after_quote sites "$H\n780000014,\"Site\"A,78,CH\n" "after_quote.csv:2: colonne name : caractère inattendu après un guillemet fermant" # 12
bad nul_byte sites "$H\n780000014,Si\x00te,78,CH\n" "nul_byte.csv:2: colonne name : octet NUL dans un champ"                          # 13
# #14 quoted delimiters, doubled quotes and a line break in a field: loaded as written
printf "$H\r\n780000014,\"Site \"\"C\"\", 78\nbis\",78,CH\r\n" >quoted.csv
run import sites quoted.csv --db t.db
expect_status 0 "quoted field"
checks=$((checks + 1))
[ "$(sqlite3 t.db "SELECT name FROM site WHERE finess = '780000014'")" = "Site \"C\", 78
bis" ] || fail "quoted field not stored as written"
# #15 lone CR line ends, BOM, blank lines, spaces around values and header names
printf '\xef\xbb\xbf FINESS ; Name ;territory;legal_status\r\r 780000022 ; Site D ;78;CH\r\r' >cr.csv
run import sites cr.csv --db t.db
expect_status 0 "CR, BOM, ';', spaces"
expect_line out "cr.csv: 1 ligne lue, 1 chargée, 0 rejetée"
checks=$((checks + 1))
[ "$(sqlite3 t.db "SELECT name FROM site WHERE finess = '780000022'")" = "Site D" ] || fail "spaces not trimmed"
new_store; "$eml" import sites base.csv --db t.db >/dev/null; before=$(dump)

# --- sizes ---
bad long_name sites "$H\n780000014,$(printf '%0400d' 0),78,CH\n" \
  "long_name.csv:2: colonne name : valeur trop longue (au plus 300 octets) (valeur « 000000000000000000000000000000000000000000000000000000000000... »)" # 16
# EML_SKIP_HUGE=1 (set by tests/memcheck/run.sh): #17 and #18 are left out,
# their sizes would take hours under valgrind; every other case runs there
if [ -z "${EML_SKIP_HUGE:-}" ]; then
  # #17 a 100 MB line: the field cap (1 MiB) answers, memory stays bounded, the
  #     next line is read; with --rejects the first 64 MiB of the line are kept
  { printf '%s\n780000030,' "$H"; head -c 100000000 /dev/zero | tr '\0' a; printf ',78,CH\n780000014,Site C,78,CH\n'; } >huge.csv
  run import sites huge.csv --db t.db --rejects huge_rejects.csv
  expect_status 1 "100 MB line"
  expect_line err "eml: huge.csv:2: colonne name : champ de plus de 1048576 octets (valeur « aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa »)"
  expect_line out "huge.csv: 2 lignes lues, 1 chargée, 1 rejetée"
  checks=$((checks + 1))
  size=$(stat -c %s huge_rejects.csv)
  [ "$size" -gt 67108864 ] && [ "$size" -lt 67109500 ] || fail "rejects of a 100 MB line: $size bytes, expected 64 MiB and the reason"
  tail -c 200 huge_rejects.csv | grep -q 'record longer than 64 MiB: only its start is copied' || fail "no truncation notice in the rejects"
  rm -f huge.csv huge_rejects.csv
  new_store; "$eml" import sites base.csv --db t.db >/dev/null; before=$(dump)
  # #18 a line of 1,000,001 fields
  { echo "$H"; printf '780000014'; head -c 1000000 /dev/zero | tr '\0' ,; echo; } >many_fields.csv
  run import sites many_fields.csv --db t.db
  expect_status 1 "1,000,001 fields"
  expect_line err "eml: many_fields.csv:2: colonne #1000000 : more than 1000000 fields in the line"
  unchanged "1,000,001 fields"
fi
# #19 (100,000 columns in the header: tests/cli/test_robust_wide.sh)

# --- values ---
T='period,territory,modality,unit,low,high'
bad negative targets "$T\nP,75,CT,devices,-1,2\n" "negative.csv:2: colonne low : pas un nombre entier de 0 à 1000000 (valeur « -1 »)"                     # 20
bad overflow targets "$T\nP,75,CT,devices,1,99999999999999999999\n" \
  "overflow.csv:2: colonne high : pas un nombre entier de 0 à 1000000 (valeur « 99999999999999999999 »)"                                                 # 21
bad decimal targets "$T\nP,75,CT,devices,\"1,5\",2\n" "decimal.csv:2: colonne low : pas un nombre entier de 0 à 1000000 (valeur « 1,5 »)"               # 22
bad hexadecimal targets "$T\nP,75,CT,devices,0x10,20\n" "hexadecimal.csv:2: colonne low : pas un nombre entier de 0 à 1000000 (valeur « 0x10 »)"        # 23
bad low_above_high targets "$T\nP,75,CT,devices,9,2\n" "low_above_high.csv:2: colonne low : la borne basse dépasse la borne haute (valeur « 9 »)"     # 24
Q='equipment_id,finess,modality,authorized_from,authorized_until'
bad feb_29 equipment "$Q\nZ,750000010,CT,2017-02-29,\n" \
  "feb_29.csv:2: colonne authorized_from : pas une date (attendu AAAA-MM-JJ ou JJ/MM/AAAA) (valeur « 2017-02-29 »)"                                         # 25
bad april_31 equipment "$Q\nZ,750000010,CT,31/04/2017,\n" \
  "april_31.csv:2: colonne authorized_from : pas une date (attendu AAAA-MM-JJ ou JJ/MM/AAAA) (valeur « 31/04/2017 »)"                                       # 26
bad dst_time equipment "$Q\nZ,750000010,CT,2017-03-26 02:30,\n" \
  "dst_time.csv:2: colonne authorized_from : pas une date (attendu AAAA-MM-JJ ou JJ/MM/AAAA) (valeur « 2017-03-26 02:30 »)"                                 # 27
bad zero_duration equipment "$Q\nZ,750000010,CT,2017-10-29,2017-10-29\n" \
  "zero_duration.csv:2: colonne authorized_until : l'autorisation finit avant de commencer (valeur « 2017-10-29 »)"                                        # 28
bad negative_duration equipment "$Q\nZ,750000010,CT,2017-10-29,2017-03-26\n" \
  "negative_duration.csv:2: colonne authorized_until : l'autorisation finit avant de commencer (valeur « 2017-03-26 »)"                                    # 29
bad year_zero equipment "$Q\nZ,750000010,CT,0000-01-01,\n" \
  "year_zero.csv:2: colonne authorized_from : pas une date (attendu AAAA-MM-JJ ou JJ/MM/AAAA) (valeur « 0000-01-01 »)"                                      # 30
bad escape_sequence sites "$H\n780000014,Site,\x1b[2J,CH\n" \
  "escape_sequence.csv:2: colonne territory : territoire inconnu (pas un département ; le déclarer dans territories.csv) (valeur « \\x1B[2J »)"                  # 31

# --- hostile text, stored verbatim, exported harmless (#32-#35) ---
new_store
for k in sites equipment targets notes; do "$eml" import "$k" "$src/data/idf-2017/$k.csv" --db t.db >/dev/null; done
cat >evil_sites.csv <<'CSV'
finess,name,territory,legal_status
780000014,"'; DROP TABLE site; --",78,CH
CSV
run import sites evil_sites.csv --db t.db
expect_status 0 "SQL text in a name"
checks=$((checks + 1))
[ "$(sqlite3 t.db "SELECT name FROM site WHERE finess = '780000014'")" = "'; DROP TABLE site; --" ] || fail "SQL text not stored verbatim"
cat >evil_notes.csv <<'CSV'
territory,modality,unit,receivable,mark,note
,IRM,,,,"=HYPERLINK(""http://evil"",""x"") <script>alert(1)</script> & ""q"""
CSV
run import notes evil_notes.csv --db t.db
expect_status 0 "formula and script in a note"
B=(bilan --db t.db --at 2017-10-01 --period SROS3-PRS --modality MRI)
run "${B[@]}" --format csv
expect_contains out '"'"'"'=HYPERLINK(""http://evil"",""x"") <script>alert(1)</script> & ""q"""'
run "${B[@]}" --format html
expect_contains out '<p class="note">=HYPERLINK(&quot;http://evil&quot;,&quot;x&quot;) &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;</p>'
checks=$((checks + 1))
grep -q '<script>' <<<"$out" && fail "raw <script> in the HTML output"
run "${B[@]}" --format xlsx --output evil.xlsx
expect_status 0 "xlsx"
if command -v unzip >/dev/null; then
  unzip -q -o evil.xlsx -d evil_xlsx
  checks=$((checks + 2))
  grep -q '=HYPERLINK(&quot;http://evil&quot;\|=HYPERLINK("http://evil"' evil_xlsx/xl/sharedStrings.xml ||
    fail "the note is not a shared string in the xlsx"
  ! grep -q '<f>' evil_xlsx/xl/worksheets/*.xml || fail "a formula cell in the xlsx"
else
  skip_part "the xlsx's cells (unzip missing: apt-get install unzip)"
fi

# --- the published table of --compare (#36-#38) ---
C=(bilan --db t.db --at 2017-10-01 --period SROS3-PRS --compare)
: >published_empty.tsv
run "${C[@]}" published_empty.tsv
expect_status 1 "empty published file"
expect_line err "eml: published_empty.tsv: fichier vide"
printf 'Scanners (TDM)\n75\t\xe9\n' >published_latin1.tsv
run "${C[@]}" published_latin1.tsv
expect_status 1 "latin1 published file"
expect_line err "eml: published_latin1.tsv: pas de l'UTF-8 valide (convertir le fichier publié en UTF-8)"
printf 'nothing here\n' >published_none.tsv
run "${C[@]}" published_none.tsv
expect_status 1 "no table"
expect_line err "eml: published_none.tsv: aucun tableau du bilan trouvé (une ligne doit porter un titre tel que « Scanners (TDM) »)"
checks=$((checks + 1))
[ -z "$out" ] || fail "a file without any table listed differences: $(head -2 <<<"$out")"
finish
