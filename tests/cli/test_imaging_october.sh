#!/usr/bin/env bash
# test_imaging_october.sh — the October hour resolved (issue 17, item 4;
# spec README, "Conventions for every input file"): an exam or a session
# whose start and end both lie in the hour repeated on 31 October 2010 with
# the end not after the start has its start read in the first occurrence
# (+02:00) and its end in the second (+01:00); it is kept, never rejected,
# and counted per file ("Heures ambiguës résolues"), through the fast
# reader, the generic one (';'), the store and the PDF report.
#
# Expected values, by hand (2010-10-31: 02:00-02:59 local is 00:00-00:59Z
# in summer time, 01:00-01:59Z in standard time; the day lasts 25 h; the
# window is that day, 1/7 week):
#   E1 TDM1 02:50 -> 02:10: 00:50Z -> 01:10Z, 20 min (resolved)
#   E2 TDM1 02:10 -> 02:50: 01:10Z -> 01:50Z, 40 min (both second: as before)
#   mean duration A = (20 + 40) / 2 = 30 min; exams per week 2 x 7 = 14
#   S1 TDM1 00:00 -> 06:00: 22:00Z (30 Oct) -> 05:00Z, 7 h: 49 h/week
#   S2 IRM1 02:30 -> 02:30: 00:30Z -> 01:30Z, 1 h (resolved): 7 h/week
#   exams.csv: 4 ambiguous times, 1 resolved; sessions.csv: 2 and 1
#   E3 TDM1 03:10 -> 02:50 (only the end in the repeated hour): rejected
source "$(dirname "$0")/lib.sh"

cat >equipment.csv <<'EOF'
equipment_id,finess,modality
TDM1,750000010,CT
IRM1,750000028,MRI
EOF
cat >sessions.csv <<'EOF'
equipment_id,start,end,type
TDM1,2010-10-31T00:00,2010-10-31T06:00,PUBLIC_PROGRAMMED
IRM1,2010-10-31T02:30,2010-10-31T02:30,PUBLIC_PROGRAMMED
EOF
cat >exams.csv <<'EOF'
exam_id,equipment_id,start,end,patient_class,icr,report_at
E1,TDM1,2010-10-31T02:50,2010-10-31T02:10,A,10,
E2,TDM1,2010-10-31T02:10,2010-10-31T02:50,A,10,
EOF
# the CSV renderer ends its lines with CRLF: compared without the CR
run_csv() { run "$@" --format csv; out=${out//$'\r'/}; }
window=(--from 2010-10-31 --to 2010-11-01)
files=(--equipment equipment.csv --sessions sessions.csv --exams exams.csv)

# machines.csv: its columns read by name (the header)
check_machines() { # label file
  checks=$((checks + 1))
  local tdm irm cols='NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }'
  tdm=$(awk -F, "$cols"' $1 == "TDM1" { print $c["open_programmed_h"], $c["exams_per_week"], $c["mean_duration_A"], $c["exams"] }' "$2")
  irm=$(awk -F, "$cols"' $1 == "IRM1" { print $c["open_programmed_h"], $c["exams_per_week"], $c["exams"] }' "$2")
  [ "$tdm" = "49 14 30 2" ] || fail "$1: TDM1 open_programmed_h, exams_per_week, mean_duration_A, exams: $tdm"
  [ "$irm" = "7 0 0" ] || fail "$1: IRM1 open_programmed_h, exams_per_week, exams: $irm"
}

run_csv imaging compute "${files[@]}" "${window[@]}" --machines-csv m.csv
expect_status 0 "no --rejects: nothing rejected"
expect_line err "eml: sessions.csv: 2 lignes lues, 2 chargées, 0 rejetée"
expect_line err "eml: exams.csv: 2 lignes lues, 2 chargées, 0 rejetée"
expect_line out "Fichier;Lues;Chargées;Rejetées;Ignorées (autre modalité);Heures ambiguës (octobre);Heures inexistantes (mars);Heures ambiguës résolues"
expect_line out "sessions.csv;2;2;0;0;2;0;1"
expect_line out "exams.csv;2;2;0;0;4;0;1"
expect_line out "\"Heures ambiguës résolues : examens ou vacations dont le début et la fin sont tous deux dans l'heure répétée du changement d'heure d'octobre, la fin avant le début ; le début est lu à sa première occurrence (heure d'été), la fin à la seconde (heure d'hiver), seule lecture qui donne une durée réelle. Ils sont gardés, non rejetés.\""
check_machines "fast reader" m.csv

# the generic reader (';' files) reads the same
sed 's/,/;/g' sessions.csv >sessions_sc.csv
sed 's/,/;/g' exams.csv >exams_sc.csv
run_csv imaging compute --equipment equipment.csv --sessions sessions_sc.csv --exams exams_sc.csv \
  "${window[@]}" --machines-csv m_sc.csv
expect_status 0 "generic reader"
expect_line out "exams.csv;2;2;0;0;4;0;1"
checks=$((checks + 1))
cmp -s m.csv m_sc.csv || fail "generic reader: machines.csv differs: $(diff m.csv m_sc.csv)"

# stored, then computed from the store: the same figures and counts
new_store
run imaging import --campaign oct --db t.db "${files[@]}"
expect_status 0 "import"
run_csv imaging compute --campaign oct --db t.db "${window[@]}" --machines-csv m_db.csv
expect_status 0 "from the store"
expect_line out "sessions.csv;2;2;0;0;2;0;1"
expect_line out "exams.csv;2;2;0;0;4;0;1"
checks=$((checks + 1))
cmp -s m.csv m_db.csv || fail "store: machines.csv differs: $(diff m.csv m_db.csv)"

# a campaign without such an interval keeps the table it always had
sed -i '/^E1,/d' exams.csv
sed -i '/^IRM1,/d' sessions.csv
run_csv imaging compute "${files[@]}" "${window[@]}"
expect_status 0 "no resolved interval"
expect_line out "Fichier;Lues;Chargées;Rejetées;Ignorées (autre modalité);Heures ambiguës (octobre);Heures inexistantes (mars)"
expect_line out "exams.csv;1;1;0;0;2;0"

# only the end in the repeated hour: no reading makes it real, rejected
printf 'E3,TDM1,2010-10-31T03:10,2010-10-31T02:50,A,10,\n' >>exams.csv
run imaging compute "${files[@]}" "${window[@]}"
expect_status 1 "an interval no reading makes real"
expect_line err "eml: exams.csv:3: colonne end : la fin (end) n'est pas après le début (start) (valeur « 2010-10-31T02:50 »)"

# the PDF report shows the count in its "Fichiers lus" table
{ head -2 exams.csv; echo 'E1,TDM1,2010-10-31T02:50,2010-10-31T02:10,A,10,'; } >exams2.csv
if command -v pdftotext >/dev/null; then
  run report imaging --equipment equipment.csv --sessions sessions.csv --exams exams2.csv \
    "${window[@]}" --format pdf --output r.pdf
  expect_status 0 "PDF report"
  checks=$((checks + 1))
  pdftotext -layout r.pdf - | grep -q "Heures ambiguës résolues" ||
    fail "PDF report: no \"Heures ambiguës résolues\" column"
else
  skip_part "pdftotext missing (the PDF part)"
fi
finish
