#!/usr/bin/env bash
# test_imaging_profile.sh — `--profile FILE` (docs/imaging-inputs.md,
# "Import profiles"): the two shipped profiles of data/profiles/ read their
# fixtures (tests/data/profiles/, made from tests/data/imaging/dst_week by
# make_fixtures.py) into the same machines.csv and panel.csv as the same
# campaign in eml's own layout; then the errors of a profile and of the
# rows it reads, byte for byte.
# shellcheck source=lib.sh
. "${EML_SOURCE_DIR:?}/tests/cli/lib.sh"
own="$src/tests/data/imaging/dst_week"
fx="$src/tests/data/profiles"
profiles="$src/data/profiles"

run imaging compute --equipment "$own/equipment.csv" --sessions "$own/sessions.csv" \
  --exams "$own/exams.csv" --machines-csv "$work/own.csv" --panel-csv "$work/own_panel.csv"
expect_status 0 "eml's own layout"

# ris-duree: date and time in two columns, the end as a duration in minutes,
# French labels (Externe, Hospitalisé, Réa, Urgences; Programmée, Astreinte...)
cd "$fx/ris-duree" || exit 1
run imaging compute --profile "$profiles/ris-duree.ini" --equipment appareils.csv \
  --sessions vacations.csv --exams examens.csv --machines-csv "$work/duree.csv" \
  --panel-csv "$work/duree_panel.csv"
expect_status 0 "ris-duree"
checks=$((checks + 2))
cmp -s "$work/own.csv" "$work/duree.csv" || fail "ris-duree: machines.csv differs: $(diff "$work/own.csv" "$work/duree.csv")"
cmp -s "$work/own_panel.csv" "$work/duree_panel.csv" || fail "ris-duree: panel.csv differs"
# By hand, TDM1's outpatient (Externe) exams last 20, 2 and 20 min in
# "Durée (min)": the 2-min one is under 3 min and left out, mean 20; its
# emergency (Urgences) exams 30, 15, 20, 20, 20, 20, 20 — E10 from 01:50
# on 28 March 2010 lasts 20 min across the change to summer time (03:10),
# E11 at 02:30 (the skipped hour, read as 03:30) ends at 03:50 — mean
# 145 / 7 = 20.714285714285715 (columns mean_duration_A, mean_duration_U).
checks=$((checks + 1))
[ "$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
  $1 == "TDM1" { print $c["mean_duration_A"], $c["mean_duration_U"] }' "$work/duree.csv")" = \
  "20 20.714285714285715" ] || fail "ris-duree: TDM1 mean durations: $(cat "$work/duree.csv")"

# ris-horodatage: one "JJ/MM/AAAA HH:MM" column per instant, an end time,
# short codes (EXT, HOSP, REA, URG; PROG, URG, LIB, PDS, MAINT)
cd "$fx/ris-horodatage" || exit 1
run imaging compute --profile "$profiles/ris-horodatage.ini" --equipment modalites.csv \
  --sessions plages.csv --exams actes.csv --machines-csv "$work/horo.csv" \
  --panel-csv "$work/horo_panel.csv"
expect_status 0 "ris-horodatage"
checks=$((checks + 2))
cmp -s "$work/own.csv" "$work/horo.csv" || fail "ris-horodatage: machines.csv differs: $(diff "$work/own.csv" "$work/horo.csv")"
cmp -s "$work/own_panel.csv" "$work/horo_panel.csv" || fail "ris-horodatage: panel.csv differs"

# a shipped profile by its name (DATA/profiles/ris-horodatage.ini)
run imaging compute --profile ris-horodatage --equipment modalites.csv \
  --sessions plages.csv --exams actes.csv --machines-csv "$work/named.csv"
expect_status 0 "profile by name"
checks=$((checks + 1))
cmp -s "$work/own.csv" "$work/named.csv" || fail "profile by name: machines.csv differs"

# the same through the other readers of the imaging inputs group
run imaging report --profile "$profiles/ris-horodatage.ini" --equipment modalites.csv \
  --sessions plages.csv --exams actes.csv --format csv
expect_status 0 "imaging report --profile"

# a weekly template ([schedule]): French headers, day and type labels; the
# same expansion as tests/data/imaging/schedule in eml's own layout (the
# converter: awk, day numbers and codes to the export's words)
sch="$src/tests/data/imaging/schedule"
awk -F, 'BEGIN { OFS = ";"; split("Lun Mar Mer Jeu Ven Sam Dim", day, " ")
  t["PUBLIC_PROGRAMMED"] = "Programmée"; t["EMERGENCY"] = "Urgences"; t["LIBERAL"] = "Libérale" }
  NR == 1 { print "Appareil", "Jour", "Heure début", "Heure fin", "Vacation"; next }
  { print $1, ($2 ~ /^[1-7]$/ ? day[$2] : $2), $3, $4, ($5 in t ? t[$5] : $5) }' \
  "$sch/schedule.csv" >"$work/semaine.csv"
cat >"$work/semaine.ini" <<'INI'
[schedule]
equipment_id = Appareil
weekday = Jour
start_time = Heure début
end_time = Heure fin
type = Vacation
weekday.Lun = 1
weekday.Mar = 2
weekday.Mer = 3
weekday.Jeu = 4
weekday.Ven = 5
weekday.Sam = 6
weekday.Dim = 7
type.Programmée = PUBLIC_PROGRAMMED
type.Urgences = EMERGENCY
type.Libérale = LIBERAL
INI
window=(--from 2024-03-25 --to 2024-05-13 --holidays skip)
run imaging compute --equipment "$sch/equipment.csv" --schedule "$sch/schedule.csv" \
  --exams "$sch/exams.csv" "${window[@]}" --machines-csv "$work/sch_own.csv"
expect_status 0 "schedule, own layout"
run imaging compute --profile "$work/semaine.ini" --equipment "$sch/equipment.csv" \
  --schedule "$work/semaine.csv" --exams "$sch/exams.csv" "${window[@]}" \
  --machines-csv "$work/sch_profile.csv"
expect_status 0 "schedule through a profile"
# 8 rows x 7 weeks = 56, minus M75's Easter Monday and Ascension, minus
# M57's (Moselle) Good Friday too (test_imaging_schedule.sh): 51
expect_line err "eml: $work/semaine.csv: 51 vacations datées du 2024-03-25 au 2024-05-13 (exclu), jours fériés omis"
checks=$((checks + 1))
cmp -s "$work/sch_own.csv" "$work/sch_profile.csv" || fail "schedule: machines.csv differs: $(diff "$work/sch_own.csv" "$work/sch_profile.csv")"

# ---- errors ----
cd "$work" || exit 1
cp "$fx/ris-duree/"*.csv .
inputs=(--equipment appareils.csv --sessions vacations.csv --exams examens.csv)
# a profile naming a column that is not in the file: both named
sed 's/^start_time = Heure début$/start_time = Heure debut/' "$profiles/ris-duree.ini" >p.ini
run imaging compute --profile p.ini "${inputs[@]}"
expect_status 1 "column not in the file"
expect_line err "eml: examens.csv:1: la colonne « Heure debut » (profil p.ini:42) n'est pas dans le fichier"
run imaging compute --profile p.ini "${inputs[@]}" --lang en
expect_line err "eml: examens.csv:1: column 'Heure debut' (profile p.ini:42) is not in the file"

printf '[exams]\nexam_id N\n' >p.ini
run imaging compute --profile p.ini "${inputs[@]}"
expect_status 1 "syntax"
expect_line err "eml: p.ini:2: attendu « clé = valeur » ou « [section] »"
printf '# RIS\nexam_id = N\n' >p.ini
run imaging compute --profile p.ini "${inputs[@]}"
expect_line err "eml: p.ini:2: clé « exam_id » avant toute section (commencer par [equipment], [sessions], [exams], [schedule], [rt_centres], [rt_machines], [rt_staff], [rt_courses] ou [rt_sessions])"
printf '[examens]\n' >p.ini
run imaging compute --profile p.ini "${inputs[@]}"
expect_line err "eml: p.ini:1: section inconnue [examens] (attendu [equipment], [sessions], [exams], [schedule], [rt_centres], [rt_machines], [rt_staff], [rt_courses] ou [rt_sessions])"
printf '[exams]\n[exams]\n' >p.ini
run imaging compute --profile p.ini "${inputs[@]}"
expect_line err "eml: p.ini:2: section [exams] répétée (première à la ligne 1)"
printf '[exams]\nexam_id = N° examen\nexam_id = X\n' >p.ini
run imaging compute --profile p.ini "${inputs[@]}"
expect_line err "eml: p.ini:3: clé « exam_id » répétée dans [exams] (première à la ligne 2)"
printf '[exams]\nexam_id =\n' >p.ini
run imaging compute --profile p.ini "${inputs[@]}"
expect_line err "eml: p.ini:2: clé « exam_id » : pas de valeur"
run imaging compute --profile p.ini "${inputs[@]}" --lang en
expect_line err "eml: p.ini:2: key 'exam_id': no value"
printf '\n' >p.ini
run imaging compute --profile p.ini "${inputs[@]}"
expect_line err "eml: p.ini: aucune section (attendu [equipment], [sessions], [exams], [schedule], [rt_centres], [rt_machines], [rt_staff], [rt_courses] ou [rt_sessions])"
printf '[exams]\nexam_id = N\xe9\n' >p.ini
run imaging compute --profile p.ini "${inputs[@]}"
expect_line err "eml: p.ini:2: pas de l'UTF-8 valide (enregistrer le profil en UTF-8)"
run imaging compute --profile absent.ini "${inputs[@]}"
expect_status 3 "no profile file"
expect_line err "eml: absent.ini: ouverture du profil impossible : fichier ou répertoire introuvable"
# the keys of a section, checked against the columns of its file
sed 's/^\[exams\]$/[exams]\nfoo = X/' "$profiles/ris-duree.ini" >p.ini
run imaging compute --profile p.ini "${inputs[@]}"
expect_status 1 "unknown key"
expect_line err "eml: p.ini:39: clé inconnue « foo » dans [exams] (colonnes : exam_id, equipment_id, start, end, patient_class, icr, report_at)"
sed 's|^date_format = JJ/MM/AAAA$|date_format = JJ/MM|' "$profiles/ris-duree.ini" >p.ini
run imaging compute --profile p.ini "${inputs[@]}"
expect_line err "eml: p.ini:26: date_format « JJ/MM » : attendu le jour (JJ), le mois (MM) et l'année (AAAA), avec des séparateurs"
sed 's|^time_format = HH:MM$|time_format = HH|' "$profiles/ris-duree.ini" >p.ini
run imaging compute --profile p.ini "${inputs[@]}"
expect_line err "eml: p.ini:27: time_format « HH » : attendu l'heure (HH) et les minutes (MM), les secondes (SS) facultatives"
sed 's/^start_time = Heure début$//' "$profiles/ris-duree.ini" >p.ini
run imaging compute --profile p.ini "${inputs[@]}"
expect_line err "eml: p.ini:41: la clé « start_date » demande la clé « start_time »"
sed 's/^\[exams\]$/[exams]\nend = Durée (min)/' "$profiles/ris-duree.ini" >p.ini
run imaging compute --profile p.ini "${inputs[@]}"
expect_line err "eml: p.ini:44: la clé « duration_minutes » donne à nouveau la colonne end (ligne 39)"

# bad cells: rejected with the column of the export, kept with --rejects
# in the export's own layout
sed -e 's|^E3;TDM1;22/03/2010|E3;TDM1;2010-03-22|' \
  -e 's|^E4;TDM1;22/03/2010;12:30;15|E4;TDM1;22/03/2010;12:30;un quart|' \
  -e 's|^E5;TDM1;22/03/2010;15:00;2;|E5;TDM1;22/03/2010;25:00;2;|' \
  -e 's|^E9;TDM1;23/03/2010;02:00;20;|E9;TDM1;23/03/2010;02:00;;|' examens.csv >bad.csv
run imaging compute --profile "$profiles/ris-duree.ini" --equipment appareils.csv \
  --sessions vacations.csv --exams bad.csv
expect_status 1 "bad cells"
expect_line err "eml: bad.csv:4: colonne Date examen (start) : pas une date au format JJ/MM/AAAA (valeur « 2010-03-22 »)"
expect_line err "eml: bad.csv:5: colonne Durée (min) (end) : pas une durée (minutes entières de 0 à 10080) (valeur « un quart »)"
expect_line err "eml: bad.csv:6: colonne Heure début (start) : pas une heure au format HH:MM (valeur « 25:00 »)"
expect_line err "eml: bad.csv:10: colonne Durée (min) (end) : durée manquante"
# a check after the transformation names the export's column too, eml's in
# parentheses (docs/imaging-inputs.md, "Errors"); in English with --lang en
sed -e 's|^E6;TDM1;|E6;TDM9;|' examens.csv >bad2.csv
run imaging compute --profile "$profiles/ris-duree.ini" --equipment appareils.csv \
  --sessions vacations.csv --exams bad2.csv
expect_status 1 "unknown machine through a profile"
expect_line err "eml: bad2.csv:7: colonne Salle (equipment_id) : équipement inconnu (absent de equipment.csv) (valeur « TDM9 »)"
run imaging compute --profile "$profiles/ris-duree.ini" --equipment appareils.csv \
  --sessions vacations.csv --exams bad.csv --lang en
expect_line err "eml: bad.csv:4: column Date examen (start): not a date in the format JJ/MM/AAAA (value '2010-03-22')"
expect_line err "eml: bad.csv:10: column Durée (min) (end): missing duration"
run imaging compute --profile "$profiles/ris-duree.ini" --equipment appareils.csv \
  --sessions vacations.csv --exams bad.csv --rejects rejets.csv
expect_status 0 "--rejects"
checks=$((checks + 1))
[ "$(head -2 rejets.bad.csv)" = "N° examen;Salle;Date examen;Heure début;Durée (min);Provenance;ICR;Date CR;Heure CR;eml_reason
E3;TDM1;2010-03-22;11:50;30;Urgences;30;;;\"bad.csv:4: colonne Date examen (start) : pas une date au format JJ/MM/AAAA (valeur « 2010-03-22 »)\"" ] ||
  fail "rejects: $(cat rejets.bad.csv)"

run imaging compute --campaign C --profile "$profiles/ris-duree.ini"
expect_status 2 "--profile with --campaign"
expect_line err "eml: l'option --profile va avec les fichiers (--equipment, --sessions ou --schedule, --exams)"
finish
