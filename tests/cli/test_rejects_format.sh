#!/usr/bin/env bash
# test_rejects_format.sh — one rejects format for every command (issue 12;
# eml/input.h and docs/input-files.md, "Rejects files"): the same kind of bad
# row (a FINESS number whose check key is wrong, 750000011) given to
# `eml import sites`, `eml imaging compute`, `eml rt import` and
# `eml import finess` with --rejects is written the same way: the input's
# header line, its delimiter and eml_reason; then the row as in the input,
# its delimiter and the reason quoted, `FILE:LINE: colonne NAME : FINESS check
# key is wrong (valeur « 750000011 »)`. Each rejects file reads back: given to
# the same command as its input, it is refused for the same reason at the
# same row (line 2), without a warning about the eml_reason column.
source "${BASH_SOURCE[0]%/*}/lib.sh"
BAD=750000011
KEYFILE=$src/tests/data/rt/test_key.hex

# check_rejects NAME INPUT REJECTS LINE COLUMN DELIM: REJECTS is INPUT's
# header + eml_reason, then INPUT's line LINE + the reason of COLUMN
check_rejects() {
  local name=$1 input=$2 rejects=$3 line=$4 column=$5 d=$6
  checks=$((checks + 1))
  if [ ! -f "$rejects" ]; then
    fail "$name: no rejects file $rejects"
    return
  fi
  local expected
  expected="$(head -1 "$input")${d}eml_reason
$(sed -n "${line}p" "$input")${d}\"$input:$line: colonne $column : clé de contrôle FINESS fausse (valeur « $BAD »)\""
  [ "$(cat "$rejects")" = "$expected" ] || fail "$name: rejects file
--- got:
$(cat "$rejects")
--- expected:
$expected"
}

# 1. eml import sites: one input, FILE as given
printf 'finess,name,territory,legal_status\n750000028,Clinique,75,PRIVE\n%s,Mauvais,75,CH\n' "$BAD" \
  >sites.csv
"$eml" init --db reg.db >/dev/null
run import sites sites.csv --db reg.db --rejects sites_rej.csv
expect_status 1 "import sites with --rejects"
check_rejects "import sites" sites.csv sites_rej.csv 3 finess ,

# 2. eml imaging compute: several inputs, one file per input (NAME.INPUT)
printf 'equipment_id,finess,modality\nTDM1,750000028,CT\nIRM2,%s,MRI\n' "$BAD" >equipment.csv
printf 'equipment_id,start,end,type\nTDM1,2010-03-22T08:00,2010-03-22T12:00,LIBERAL\n' >sessions.csv
printf 'exam_id,equipment_id,start,end,patient_class\nE1,TDM1,2010-03-22T08:10:00,2010-03-22T08:30:00,A\n' \
  >exams.csv
run imaging compute --equipment equipment.csv --sessions sessions.csv --exams exams.csv \
  --rejects img_rej.csv
expect_status 0 "imaging compute with --rejects"
check_rejects "imaging compute" equipment.csv img_rej.equipment.csv 3 finess ,
expect_line err "eml: 1 mauvaise ligne écrite dans img_rej.equipment.csv"
checks=$((checks + 1))
[ ! -e img_rej.sessions.csv ] && [ ! -e img_rej.exams.csv ] || fail "rejects files for inputs without bad rows"

# 3. eml rt import: the five files of a folder, one rejects file per input
cp -r "$src/tests/data/rt/annex" rt
printf '%s,Centre mal numéroté,75,non,,oui,oui,on_site,10,oui,non,non,non\n' "$BAD" >>rt/rt_centres.csv
rt_line=$(wc -l <rt/rt_centres.csv)
"$eml" init --db rt.db >/dev/null
run rt import --dir rt --db rt.db --key-file "$KEYFILE" --rejects rt_rej.csv
expect_status 0 "rt import with --rejects"
check_rejects "rt import" rt/rt_centres.csv rt_rej.rt_centres.csv "$rt_line" finess ,

# 4. eml import finess: the establishments file alone, FILE as given (';',
#    the extraction's first line as header)
fin=$src/tests/data/finess/etab-2023.csv
{ head -2 "$fin"; sed -n 2p "$fin" | sed "s/^structureet;750000010;/structureet;$BAD;/"; } >etab.csv
"$eml" init --db fin.db >/dev/null
run import finess --establishments etab.csv --db fin.db --rejects fin_rej.csv
expect_status 1 "import finess with --rejects"
check_rejects "import finess" etab.csv fin_rej.csv 3 nofinesset ';'

# the four rejects files read back: the same refusal, now at line 2, and no
# warning about eml_reason
same_reason() { # NAME REJECTS COLUMN: stderr names REJECTS:2 and the reason
  expect_line err "eml: $2:2: colonne $3 : clé de contrôle FINESS fausse (valeur « $BAD »)"
  checks=$((checks + 1))
  ! grep -q "eml_reason" <<<"$err" || fail "$1: a warning about eml_reason: $err"
}
run import sites sites_rej.csv --db reg.db
expect_status 1 "import sites of its rejects"
same_reason "import sites" sites_rej.csv finess
run imaging compute --equipment img_rej.equipment.csv --sessions sessions.csv --exams exams.csv
expect_status 1 "imaging compute of its rejects"
same_reason "imaging compute" img_rej.equipment.csv finess
cp rt_rej.rt_centres.csv rt/rt_centres.csv
run rt import --dir rt --db rt.db --key-file "$KEYFILE"
expect_status 1 "rt import of its rejects"
same_reason "rt import" rt/rt_centres.csv finess
run import finess --establishments fin_rej.csv --db fin.db
expect_status 1 "import finess of its rejects"
same_reason "import finess" fin_rej.csv nofinesset

finish
