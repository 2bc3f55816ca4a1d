#!/usr/bin/env bash
# test_generate_imaging.sh — `eml generate imaging` on a small campaign: the
# files' headers, column counts, row counts, formats, the March change, and
# determinism (same seed byte-identical, whatever the threads; another seed
# differs). Then usage errors, and `eml imaging appointments` on the survey.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# 6 CT + 4 MRI over 14 days across the March 2010 change (28 March)
$EML generate imaging --ct 6 --mri 4 --days 14 --from 2010-03-22 --seed 7 --out "$T/a" \
  --schedule > "$T/a.out" || fail "generator exit $?"
grep -q "^$T/a : [0-9]* sites, 10 équipements" "$T/a.out" || fail "summary: $(cat "$T/a.out")"

check_header() { [ "$(head -1 "$T/a/$1")" = "$2" ] || fail "$1 header: $(head -1 "$T/a/$1")"; }
check_header sites.csv "finess,name,territory,legal_status"
check_header equipment.csv "equipment_id,finess,modality,authorized_from,installed_on"
check_header sessions.csv "equipment_id,start,end,type"
check_header exams.csv "exam_id,equipment_id,start,end,patient_class,icr,report_at"
check_header appointments.csv \
  "equipment_id,finess,modality,case,patient_class,asked_on,offered_on,urgent"
check_header schedule.csv "equipment_id,weekday,start_time,end_time,type"

# every row has the header's number of fields
for f in sites equipment sessions exams appointments schedule; do
  bad=$(awk -F, 'NR == 1 { n = NF } NF != n { print FILENAME ":" NR; exit }' "$T/a/$f.csv")
  [ -z "$bad" ] || fail "column count at $bad"
done

# counts: 10 machines, 6 CT and 4 MRI; at least one site, at most one per machine
[ "$(tail -n +2 "$T/a/equipment.csv" | wc -l)" -eq 10 ] || fail "equipment rows"
[ "$(grep -c ',CT,' "$T/a/equipment.csv")" -eq 6 ] || fail "CT count"
[ "$(grep -c ',MRI,' "$T/a/equipment.csv")" -eq 4 ] || fail "MRI count"
sites=$(tail -n +2 "$T/a/sites.csv" | wc -l)
{ [ "$sites" -ge 1 ] && [ "$sites" -le 10 ]; } || fail "sites: $sites"
# every equipment's site is in sites.csv
for finess in $(tail -n +2 "$T/a/equipment.csv" | cut -d, -f2 | sort -u); do
  grep -q "^$finess," "$T/a/sites.csv" || fail "site $finess missing"
done
# legal statuses of seed 001 and FINESS shape (9 digits)
tail -n +2 "$T/a/sites.csv" | cut -d, -f4 |
  grep -vxE 'CH|CHU|CHU AP-HP|CHU APHM|EPSIC|GCS|GIE|HIA|LIBERAL|PRIVE' && fail "unknown legal status"
tail -n +2 "$T/a/sites.csv" | cut -d, -f1 | grep -vxE '[0-9]{9}' && fail "FINESS shape"
# 5 clinical cases x 2 classes per machine, plus the urgent ones
[ "$(grep -c ',0$' "$T/a/appointments.csv")" -eq 100 ] || fail "non-urgent answers"

# exams: unique ids, classes, times as YYYY-MM-DDTHH:MM:SS, ICR with one decimal
[ "$(tail -n +2 "$T/a/exams.csv" | cut -d, -f1 | sort | uniq -d | wc -l)" -eq 0 ] \
  || fail "duplicate exam_id"
[ "$(tail -n +2 "$T/a/exams.csv" | wc -l)" -gt 1000 ] || fail "too few exams"
tail -n +2 "$T/a/exams.csv" | awk -F, '
  $3 !~ /^2010-0[34]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]$/ ||
  $5 !~ /^[AHRU]$/ || ($6 != "" && $6 !~ /^[0-9]+\.[0-9]$/) { print; exit 1 }' \
  || fail "exam row format"
tail -n +2 "$T/a/sessions.csv" | cut -d, -f4 | sort -u | grep -vxE \
  'PUBLIC_PROGRAMMED|PUBLIC_UNPROGRAMMED|LIBERAL|PRIVATE|PH_OTHER|EMERGENCY|ON_CALL|QUALITY_CONTROL' \
  && fail "unknown session type"
# no local time in the hour skipped on 28 March 2010
grep -q '2010-03-28T02:' "$T/a/sessions.csv" "$T/a/exams.csv" && fail "time in the March gap"

# determinism: same seed (and 2 threads) byte-identical; another seed differs
$EML generate imaging --ct 6 --mri 4 --days 14 --from 2010-03-22 --seed 7 --out "$T/b" \
  --schedule --threads 2 > /dev/null || fail "second run"
for f in sites equipment sessions exams appointments schedule; do
  cmp -s "$T/a/$f.csv" "$T/b/$f.csv" || fail "$f.csv differs for the same seed"
done
$EML generate imaging --ct 6 --mri 4 --days 14 --from 2010-03-22 --seed 8 --out "$T/c" \
  > /dev/null || fail "third run"
cmp -s "$T/a/exams.csv" "$T/c/exams.csv" && fail "another seed gives the same exams"
[ -e "$T/c/schedule.csv" ] && fail "schedule.csv written without --schedule"

# usage errors: exit 2 with the option named
$EML generate imaging --ct 2 > /dev/null 2> "$T/err"; [ $? -eq 2 ] || fail "missing --out"
grep -q -- "--out" "$T/err" || fail "missing --out message"
$EML generate imaging --ct abc --out "$T/d" > /dev/null 2> "$T/err"; [ $? -eq 2 ] || fail "--ct abc"
grep -qF "eml: option --ct : pas un nombre entier de 0 à 100000 (valeur « abc »)" "$T/err" \
  || fail "--ct message: $(cat "$T/err")"
$EML generate imaging --ct 1 --days 0 --out "$T/d" > /dev/null 2>&1; [ $? -eq 2 ] || fail "--days 0"
$EML generate imaging --mri 1 --from 2010-02-30 --out "$T/d" > /dev/null 2>&1
[ $? -eq 2 ] || fail "--from 2010-02-30"

# the survey: the tables of figures 1-6 from the generated answers
$EML imaging appointments "$T/a/appointments.csv" > "$T/survey.txt" 2> "$T/survey.err" \
  || fail "imaging appointments exit $?: $(cat "$T/survey.err")"
grep -q "Figure 1 : Répartition des délais de rendez-vous au scanner" "$T/survey.txt" \
  || fail "figure 1"
grep -q "Figure 2 : Répartition des délais de rendez-vous en IRM" "$T/survey.txt" || fail "figure 2"
grep -q "IRM_ENC_4" "$T/survey.txt" || fail "clinical cases"
grep -q "lignes lues" "$T/survey.err" || fail "survey counts"
# the modality found through equipment.csv when the survey does not give it
cut -d, -f1,4- "$T/a/appointments.csv" > "$T/by_equipment.csv"
$EML imaging appointments "$T/by_equipment.csv" --equipment "$T/a/equipment.csv" \
  > "$T/by_equipment.out" 2> /dev/null || fail "survey by equipment"
$EML imaging appointments "$T/by_equipment.csv" > /dev/null 2> "$T/err"
[ $? -eq 1 ] || fail "survey without equipment must reject"
grep -qF "by_equipment.csv:2: colonne equipment_id : équipement inconnu (absent de equipment.csv) (valeur « CT00001 »)" "$T/err" \
  || fail "unknown equipment message: $(cat "$T/err")"
# --rejects: the good rows are kept, the bad ones written with their reason
printf 'equipment_id,case,patient_class,asked_on,offered_on\nCT00001,TDM_AP_70,A,2010-02-01,2010-02-03\nCT00001,TDM_AP_70,X,2010-02-01,2010-02-03\n' \
  > "$T/two.csv"
$EML imaging appointments "$T/two.csv" --equipment "$T/a/equipment.csv" --rejects "$T/two.rej" \
  > "$T/two.out" 2> "$T/two.err"
[ $? -eq 1 ] || fail "rejected rows must give exit 1"
grep -q "2 lignes lues, 1 chargée, 1 rejetée" "$T/two.err" || fail "counts: $(cat "$T/two.err")"
[ "$(head -1 "$T/two.rej")" = "equipment_id,case,patient_class,asked_on,offered_on,eml_reason" ] \
  || fail "rejects header: $(head -1 "$T/two.rej")"
grep -qF "CT00001,TDM_AP_70,X,2010-02-01,2010-02-03,\"$T/two.csv:3: colonne patient_class :" "$T/two.rej" \
  || fail "rejects row: $(cat "$T/two.rej")"
echo "ok"
