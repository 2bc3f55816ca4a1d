#!/usr/bin/env bash
# test_imaging_schedule.sh — `--schedule FILE [--holidays skip|keep]`, the
# weekly template of spec imaging.md (schedule.csv) as the alternative to
# --sessions, in eml imaging compute/report/machine/import and eml report
# imaging: opening hours per week computed by hand over a window holding
# Good Friday, Easter Monday and Ascension; the errors of the rows and of
# the options.
# shellcheck source=lib.sh
. "${EML_SOURCE_DIR:?}/tests/cli/lib.sh"
data="$src/tests/data/imaging/schedule"
cd "$data" || exit 1
window=(--from 2024-03-25 --to 2024-05-13)
inputs=(--equipment equipment.csv --schedule schedule.csv --exams exams.csv)

# The window [Mon 2024-03-25, Mon 2024-05-13) is 49 days = 7 weeks (Easter
# 2024 is Sunday 31 March: Good Friday 29/03, Easter Monday 01/04,
# Ascension Thursday 09/05). It holds 7 Mondays (01/04 among them), 7
# Thursdays (09/05 among them) and 7 Fridays (29/03 among them). Both
# machines have: Monday 08-18 programmed (10 h), Monday 18-20 EMERGENCY
# (2 h, extended group, never skipped), Thursday 08-12 programmed (4 h),
# Friday 08-15 LIBERAL (7 h, programmed group).
#   keep: programmed 7 x (10 + 4 + 7) = 147 h / 7 weeks = 21 h/week;
#         extended 147 + 7 x 2 = 161 h / 7 = 23 h/week.
#   skip, M75 (FINESS 75, Paris): minus Easter Monday (10 h) and Ascension
#         (4 h): 133 h / 7 = 19 h/week; extended 133 + 14 = 147 / 7 = 21.
#   skip, M57 (FINESS 57, Moselle): also minus Good Friday (7 h):
#         126 h / 7 = 18 h/week; extended 126 + 14 = 140 / 7 = 20.
# TEP1 (PET) is not benchmarked: its row is skipped and counted.
run imaging compute "${inputs[@]}" "${window[@]}" --machines-csv "$work/keep.csv"
expect_status 0 "holidays kept (default)"
expect_line err "eml: schedule.csv: 9 lignes lues, 8 chargées, 0 rejetée, 1 ignorée (modalité autre que scanner et IRM)"
# 8 rows x 7 weeks
expect_line err "eml: schedule.csv: 56 vacations datées du 2024-03-25 au 2024-05-13 (exclu), jours fériés gardés"
checks=$((checks + 1))
[ "$(cut -d, -f1-4 "$work/keep.csv" | tail -n +2)" = "M57,MRI,21,23
M75,CT,21,23" ] || fail "keep: opening per week $(cat "$work/keep.csv")"

run imaging compute "${inputs[@]}" "${window[@]}" --holidays skip --machines-csv "$work/skip.csv"
expect_status 0 "holidays skipped"
# 56 minus M75's 2 (Easter Monday, Ascension) minus M57's 3 (+ Good Friday)
expect_line err "eml: schedule.csv: 51 vacations datées du 2024-03-25 au 2024-05-13 (exclu), jours fériés omis"
checks=$((checks + 1))
[ "$(cut -d, -f1-4 "$work/skip.csv" | tail -n +2)" = "M57,MRI,18,20
M75,CT,19,21" ] || fail "skip: opening per week $(cat "$work/skip.csv")"

# the same through report, machine, import + report --campaign, report imaging
run imaging report "${inputs[@]}" "${window[@]}" --holidays skip --format csv
expect_status 0 "imaging report --schedule"
expect_contains out "Temps d'ouverture au programmé"
# the files read: schedule.csv's 9 rows, TEP1's skipped (not sessions.csv)
expect_contains out "schedule.csv;9;8;0;1;0;0"
run imaging machine M57 "${inputs[@]}" "${window[@]}" --holidays skip --format csv
expect_status 0 "imaging machine --schedule"
expect_contains out "Temps d'ouverture au programmé;h/semaine;18,0;"
new_store
run imaging import --campaign c1 --db "$work/t.db" "${inputs[@]}" "${window[@]}" --holidays skip
expect_status 0 "imaging import --schedule"
# 51 dated sessions stored, 2 machines, 2 exams
expect_line out "campagne c1 enregistrée dans $work/t.db : 3 équipements, 51 vacations, 2 examens"
run imaging compute --campaign c1 --db "$work/t.db" "${window[@]}" --machines-csv "$work/stored.csv"
expect_status 0 "compute from the stored campaign"
checks=$((checks + 1))
cmp -s "$work/skip.csv" "$work/stored.csv" || fail "stored campaign differs from the files"
run report imaging "${inputs[@]}" "${window[@]}" --holidays skip --format xlsx --output "$work/r.xlsx"
expect_status 0 "report imaging --schedule"

# bad rows: each reported as FILE:LINE: colonne NAME : ... (valeur « X »)
run imaging compute --equipment equipment.csv --schedule bad_schedule.csv --exams exams.csv "${window[@]}"
expect_status 1 "bad schedule rows"
expect_line err "eml: bad_schedule.csv:3: colonne weekday : pas un jour de la semaine (1 = lundi … 7 = dimanche, ou lundi … dimanche) (valeur « 8 »)"
expect_line err "eml: bad_schedule.csv:4: colonne start_time : pas une heure (HH:MM, 00:00-23:59) (valeur « 25:00 »)"
expect_line err "eml: bad_schedule.csv:5: colonne type : type de vacation inconnu (valeur « COFFEE_BREAK »)"
expect_line err "eml: bad_schedule.csv:6: colonne equipment_id : équipement inconnu (absent de equipment.csv) (valeur « X99 »)"
expect_line err "eml: bad_schedule.csv: 6 lignes lues, 2 chargées, 4 rejetées"
checks=$((checks + 1))
[ -z "$out" ] || fail "a summary was printed despite bad rows"
# --rejects: the 2 good rows (Monday 08-18 of each machine, 7 Mondays)
# give 70 h / 7 weeks = 10 h/week
run imaging compute --equipment equipment.csv --schedule bad_schedule.csv --exams exams.csv \
  "${window[@]}" --rejects "$work/rej.csv" --machines-csv "$work/bad.csv"
expect_status 0 "bad rows with --rejects"
checks=$((checks + 1))
# the rejects of schedule.csv: its header and eml_reason, then each bad row
# as read with its reason
rej=$work/rej.bad_schedule.csv
[ "$(grep -c ',"bad_schedule.csv:' "$rej")" = 4 ] || fail "rejects file: $(cat "$rej")"
[ "$(head -1 "$rej")" = "$(head -1 bad_schedule.csv),eml_reason" ] || fail "rejects header: $(head -1 "$rej")"
grep -qxF "M75,3,08:00,12:00,COFFEE_BREAK,\"bad_schedule.csv:5: colonne type : type de vacation inconnu (valeur « COFFEE_BREAK »)\"" "$rej" ||
  fail "rejects file keeps the row as read"
checks=$((checks + 1))
[ "$(cut -d, -f1-3 "$work/bad.csv" | tail -n +2)" = "M57,MRI,10
M75,CT,10" ] || fail "good rows kept: $(cat "$work/bad.csv")"

# options
run imaging compute --equipment equipment.csv --schedule schedule.csv --sessions s.csv --exams exams.csv "${window[@]}"
expect_status 2 "both --sessions and --schedule"
expect_line err "eml: donner les vacations soit en intervalles (--sessions FICHIER), soit en semaine type (--schedule FICHIER), pas les deux"
run imaging compute --equipment equipment.csv --exams exams.csv "${window[@]}"
expect_status 2 "neither --sessions nor --schedule"
expect_line err "eml: les options --equipment, --sessions (ou --schedule) et --exams vont ensemble"
run imaging report "${inputs[@]}"
expect_status 2 "--schedule without a window"
expect_line err "eml: l'option --schedule demande la fenêtre de la campagne : donner --from et --to"
run report imaging "${inputs[@]}" --format pdf --output "$work/r.pdf"
expect_status 2 "report imaging --schedule without a window"
run imaging machine M75 "${inputs[@]}" "${window[@]}" --holidays maybe
expect_status 2 "bad --holidays"
expect_line err "eml: option --holidays : attendu skip ou keep (valeur « maybe »)"
run imaging compute --equipment equipment.csv --sessions schedule.csv --exams exams.csv --holidays skip
expect_status 2 "--holidays without --schedule"
expect_line err "eml: l'option --holidays va avec --schedule (les vacations de --sessions sont prises telles quelles)"
finish
