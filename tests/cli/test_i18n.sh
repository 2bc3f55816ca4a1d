#!/usr/bin/env bash
# test_i18n.sh — one language at a time (docs/i18n.md): French by default
# (no locale, C, C.UTF-8, fr_FR.UTF-8 whether installed or not), English
# with --lang en, EML_LANG=en or an English locale (en_US.UTF-8 whether
# installed or not), --lang over EML_LANG over the locale; the titles,
# headers and notes of eml bilan, eml report bilan, eml imaging report and
# eml rt report in each; a wrong language named to the byte.
source "${BASH_SOURCE[0]%/*}/lib.sh"

idf=$src/data/idf-2017
img=$src/tests/data/imaging/sites
rtd=$src/tests/data/rt/annex
key=$src/tests/data/rt/test_key.hex
new_store
load_files "$work/t.db" "$idf" sites equipment targets notes
bilan=(bilan --db "$work/t.db" --at 2017-10-01 --period SROS3-PRS --modality CT)

# French: the table title, header and note of the seed's CT balance
fr_bilan() {
  expect_line out "Scanners (TDM)"
  expect_line out "Bilan des OQOS en nombre d'appareils et d'implantations au 01/10/2017, période SROS3-PRS"
  expect_contains out "Département  Situation actuelle  Borne basse  Borne haute  Écart / borne haute"
  expect_line out "Sous la borne basse au 01/10/2017 : 94 (appareils interventionnels : 2 < 3)."
}
en_bilan() {
  expect_line out "CT scanners"
  expect_line out "Balance of the OQOS in devices and sites at 01/10/2017, period SROS3-PRS"
  expect_contains out "Département  Current count  Lower bound  Upper bound  Gap / upper bound"
  expect_line out "Below the lower bound at 01/10/2017: 94 (interventional devices: 2 < 3)."
}
# run_env VARS... -- ARGS...: eml under exactly these environment variables
run_env() {
  local vars=()
  while [ "$1" != -- ]; do vars+=("$1"); shift; done
  shift
  env -i "${vars[@]}" "$eml" "$@" >"$work/out" 2>"$work/err"
  status=$?
  out=$(cat "$work/out")
  err=$(cat "$work/err")
}

# both_langs STREAM FRENCH ENGLISH -- ARGS...: eml ARGS in French (no
# locale), then with --lang en; STREAM (out or err) holds the line FRENCH,
# then the line ENGLISH
both_langs() {
  local stream=$1 fr=$2 en=$3
  [ "${4-}" = -- ] || { fail "both_langs: '--' expected before eml's arguments (got '${4-}')"; return; }
  shift 4
  run_env -- "$@"
  expect_line "$stream" "$fr"
  run_env -- "$@" --lang en
  expect_line "$stream" "$en"
}

for locale in "" LANG=C LANG=POSIX LANG=C.UTF-8 LANG=fr_FR.UTF-8 LC_ALL=fr_FR.UTF-8 LANG=de_DE.UTF-8; do
  run_env $locale -- "${bilan[@]}"
  expect_status 0 "bilan under '${locale:-no locale}'"
  fr_bilan
done
for locale in LANG=en_US.UTF-8 LANG=en_GB LC_MESSAGES=en_US.UTF-8 LC_ALL=en LANG=en; do
  run_env $locale -- "${bilan[@]}"
  expect_status 0 "bilan under $locale"
  en_bilan
done
# precedence: LC_ALL over LC_MESSAGES over LANG; EML_LANG over them; --lang over all
run_env LC_ALL=fr_FR.UTF-8 LANG=en_US.UTF-8 -- "${bilan[@]}"
fr_bilan
run_env LC_MESSAGES=en_US.UTF-8 LANG=fr_FR.UTF-8 -- "${bilan[@]}"
en_bilan
run_env EML_LANG=en LANG=fr_FR.UTF-8 -- "${bilan[@]}"
en_bilan
run_env EML_LANG=fr LANG=en_US.UTF-8 -- "${bilan[@]}"
fr_bilan
run_env EML_LANG=en -- "${bilan[@]}" --lang fr
fr_bilan
run_env LANG=C.UTF-8 -- --lang en "${bilan[@]}"
en_bilan
run_env -- "${bilan[@]}" --lang=en
en_bilan
# the English figures are the French ones: only the words change (the
# verdicts too: OUI/NON, YES/NO, columns 6 and 11)
run_env -- "${bilan[@]}" --format csv
fr_csv=$out
run_env -- "${bilan[@]}" --format csv --lang en
expect_contains out "66 (5)"
checks=$((checks + 1))
# (lines 4-13: the rows of the eight départements and the total, under the
# title, subtitle and header)
[ "$(sed -n 4,13p <<<"$out" | cut -d';' -f1-5,7-10)" = "$(sed -n 4,13p <<<"$fr_csv" | cut -d';' -f1-5,7-10)" ] ||
  fail "the English CSV's values differ from the French ones"

# a wrong language, to the byte; nothing run
run_env -- "${bilan[@]}" --lang de
expect_status 2 "--lang de"
expect_line err "eml: option --lang : ni fr ni en (valeur « de »)"
run_env -- "${bilan[@]}" --lang
expect_status 2 "--lang without a value"
expect_line err "eml: option --lang : une valeur est attendue (fr ou en)"
run_env EML_LANG=es -- "${bilan[@]}"
expect_status 2 "EML_LANG=es"
expect_line err "eml: EML_LANG : ni fr ni en (valeur « es »)"
run_env EML_LANG=es -- --lang en "${bilan[@]}"
expect_status 0 "--lang en over a wrong EML_LANG"
en_bilan

# eml help and --help: French under no locale, C.UTF-8 and fr_FR.UTF-8,
# English under en_US.UTF-8, EML_LANG=en and --lang en
for locale in "" LANG=C.UTF-8 LANG=fr_FR.UTF-8; do
  run_env $locale -- help
  expect_status 0 "help under '${locale:-no locale}'"
  expect_line out "Usage : eml COMMANDE [OPTIONS]"
  expect_line out "  bilan                  bilan des appareils face aux objectifs régionaux (OQOS)"
  run_env $locale -- requests --help
  expect_line out "Usage : eml requests --period P [--at DATE] [OPTIONS] DEMANDES.csv"
  expect_line out "  DEMANDES.csv       les demandes d'autorisation (docs/input-files.md)"
done
for how in LANG=en_US.UTF-8 EML_LANG=en --lang; do
  if [ "$how" = --lang ]; then run_env LANG=fr_FR.UTF-8 -- --lang en help; else run_env "$how" -- help; fi
  expect_status 0 "help under $how"
  expect_line out "Usage: eml COMMAND [OPTIONS]"
  expect_line out "  bilan                  balance of equipment against the regional targets (OQOS)"
  if [ "$how" = --lang ]; then run_env -- requests --help --lang en; else run_env "$how" -- requests --help; fi
  expect_line out "Usage: eml requests --period P [--at DATE] [OPTIONS] REQUESTS.csv"
  expect_line out "  REQUESTS.csv    the applications (docs/input-files.md)"
done

# the usage errors of the command line
run_env -- frobnicate
expect_status 2 "unknown command"
expect_line err "eml: commande inconnue « frobnicate » (voir « eml help »)"
run_env LANG=en_US.UTF-8 -- frobnicate
expect_line err "eml: unknown command 'frobnicate' (see 'eml help')"
both_langs err "eml: l'option --period attend une valeur (voir « eml bilan --help »)" \
  "eml: option --period needs a value (see 'eml bilan --help')" \
  -- bilan --db "$work/t.db" --period
run_env -- bilan --period P --sessions x.csv --lang en
expect_line err "eml: option --sessions is not an option of 'eml bilan' (see 'eml bilan --help')"

# eml report bilan: the workbook's sheets (their strings)
rb=(report bilan --db "$work/t.db" --at 2017-10-01 --period SROS3-PRS --format xlsx)
run_env -- "${rb[@]}" --output "$work/en.xlsx" --lang en
expect_status 0 "report bilan --lang en"
out=$(unzip -p "$work/en.xlsx" xl/sharedStrings.xml | sed 's/></>\n</g')
expect_contains out ">Magnetic resonance imagers (MRI)<"
expect_contains out ">Balance of the OQOS in devices and sites at 01/10/2017, period SROS3-PRS<"
expect_contains out ">New applications receivable<"
run_env -- "${rb[@]}" --output "$work/fr.xlsx"
out=$(unzip -p "$work/fr.xlsx" xl/sharedStrings.xml | sed 's/></>\n</g')
expect_contains out ">Imageurs par résonance magnétique (IRM)<"
expect_contains out ">Demandes nouvelles recevables<"

# eml imaging report: the seed's figures
im=(imaging report --equipment "$img/equipment.csv" --schedule "$img/schedule.csv"
    --exams "$img/exams.csv" --from 2024-04-08 --to 2024-04-15)
run_env LANG=en_US.UTF-8 -- "${im[@]}"
expect_status 0 "imaging report in English"
expect_line out "Panel: machines, exams and data quality"
expect_line out "Figure 12: Distribution of exam durations (in minutes) on MRI"
expect_contains out "Quantiles by linear interpolation (type 7)."
run_env -- "${im[@]}"
expect_line out "Panel : équipements, examens et qualité des données"
expect_line out "Figure 12 : Répartition des durées d'examens (en minutes) en IRM"
# numbers in the language (docs/i18n.md): the decimal comma and "20 %" in
# French, the point and "20%" in English; the cells of a CSV are data and
# keep the seeds' comma in both (the exams last 60 minutes, the window is
# 7 days: 1 week)
expect_line out "Campagne du 08/04/2024 au 15/04/2024 (exclu), 1,0 semaines"
expect_line out "20 % des examens    60,0"
run_env LANG=en_US.UTF-8 -- "${im[@]}"
expect_line out "Campaign from 08/04/2024 to 15/04/2024 (excluded), 1.0 weeks"
expect_line out "20% of exams          60.0"
run_env -- "${im[@]}" --format csv --lang en
expect_contains out "20% of exams;60,0;;;"
run_env -- "${im[@]}" --format csv
expect_contains out "20 % des examens;60,0;;;"
# a threshold given with a decimal: said in the language (2.5 min)
run_env -- "${im[@]}" --min-exam-minutes 2,5
expect_contains out "Examens de moins de 2,5 min (exclus)"
run_env -- "${im[@]}" --min-exam-minutes 2.5 --lang en
expect_contains out "Exams under 2.5 min (excluded)"

# eml rt report: the regional summary
run_env EML_PSEUDONYM_KEY="$(cat "$key")" -- rt report --year 2024 --dir "$rtd" --lang en
expect_status 0 "rt report --lang en"
expect_line out "Radiotherapy centres 2024: regional summary"
expect_line out "Activity 2024 by centre (annex II)"
run_env EML_PSEUDONYM_KEY="$(cat "$key")" -- rt report --year 2024 --dir "$rtd"
expect_line out "Centres de radiothérapie 2024 : synthèse régionale"

# an import's summary, and a bad row (its diagnostic is not translated yet:
# docs/i18n.md)
"$eml" init --db "$work/i.db" >/dev/null
run_env -- import sites "$idf/sites.csv" --db "$work/i.db"
expect_status 0 "import sites"
expect_line out "$idf/sites.csv: 204 lignes lues, 204 chargées, 0 rejetée"
rm "$work/i.db"
"$eml" init --db "$work/i.db" >/dev/null
run_env LANG=en_US.UTF-8 -- import sites "$idf/sites.csv" --db "$work/i.db"
expect_line out "$idf/sites.csv: 204 rows read, 204 loaded, 0 rejected"
printf 'finess,name,territory,legal_status\n750000001,Bad,75,XX\n' >"$work/bad.csv"
run_env -- import sites "$work/bad.csv" --db "$work/i.db"
expect_status 1 "a bad row"
expect_line out "$work/bad.csv: 1 ligne lue, 0 chargée, 1 rejetée"
run_env -- import sites "$work/bad.csv" --db "$work/i.db" --lang en
expect_line out "$work/bad.csv: 1 row read, 0 loaded, 1 rejected"

# a bad-row message, in the language (docs/i18n.md, "Diagnostics"):
# (750000001: a wrong check key, as in tests/golden/import_bad.txt)
for lang in LANG=C.UTF-8 LANG=fr_FR.UTF-8 LC_ALL=fr_FR.UTF-8; do
  run_env "$lang" -- import sites "$work/bad.csv" --db "$work/i.db"
  expect_line err "eml: $work/bad.csv:2: colonne finess : clé de contrôle FINESS fausse (valeur « 750000001 »)"
done
for how in "LANG=en_US.UTF-8 --" "LANG=C.UTF-8 -- --lang en"; do
  # shellcheck disable=SC2086 # the words of the environment and the option
  run_env $how import sites "$work/bad.csv" --db "$work/i.db"
  expect_line err "eml: $work/bad.csv:2: column finess: FINESS check key is wrong (value '750000001')"
done
# the rejects file's reason, in the language
run_env -- import sites "$work/bad.csv" --db "$work/i.db" --rejects "$work/rej.csv"
checks=$((checks + 1))
grep -qF '"'"$work"'/bad.csv:2: colonne finess : clé de contrôle FINESS fausse (valeur « 750000001 »)"' "$work/rej.csv" ||
  fail "French reason in the rejects file: $(cat "$work/rej.csv")"
rm -f "$work/rej.csv"
run_env -- import sites "$work/bad.csv" --db "$work/i.db" --rejects "$work/rej.csv" --lang en
checks=$((checks + 1))
grep -qF '"'"$work"'/bad.csv:2: column finess: FINESS check key is wrong (value '"'"'750000001'"'"')"' "$work/rej.csv" ||
  fail "English reason in the rejects file: $(cat "$work/rej.csv")"
# a header error, a CSV error and an option value, both languages
printf 'name,territory\nA,75\n' >"$work/nofiness.csv"
both_langs err "eml: $work/nofiness.csv:1: colonne finess : colonne obligatoire absente de l'en-tête" \
  "eml: $work/nofiness.csv:1: column finess: required column missing from the header" \
  -- import sites "$work/nofiness.csv" --db "$work/i.db"
printf 'finess,name,territory,legal_status\n"750000001,A,75,CH\n' >"$work/quote.csv"
both_langs err "eml: $work/quote.csv:3: colonne finess : champ entre guillemets non fermé en fin de fichier" \
  "eml: $work/quote.csv:3: column finess: quoted field not closed at end of file" \
  -- import sites "$work/quote.csv" --db "$work/i.db"
both_langs err "eml: option --at : pas une date (attendu AAAA-MM-JJ ou JJ/MM/AAAA) (valeur « 2017-02-30 »)" \
  "eml: option --at: not a date (expected YYYY-MM-DD or DD/MM/YYYY) (value '2017-02-30')" \
  -- "${bilan[@]}" --at 2017-02-30
# the readers' own checks, one a file moved to French msgids, both languages
# lib/rt/load.c: a session on a machine not in rt_machines.csv (line 14:
# the header and the annex's 12 sessions before it)
cp -r "$rtd" "$work/rtbad"
echo "PAT-0005,EX1-PELVIS,ACC9,2024-09-02T10:00,2,non" >>"$work/rtbad/rt_sessions.csv"
run_env EML_PSEUDONYM_KEY="$(cat "$key")" -- rt activity --year 2024 --dir "$work/rtbad"
expect_line err "eml: $work/rtbad/rt_sessions.csv:14: colonne machine_id : machine inconnue (absente de rt_machines.csv) (valeur « ACC9 »)"
run_env EML_PSEUDONYM_KEY="$(cat "$key")" -- rt activity --year 2024 --dir "$work/rtbad" --lang en
expect_line err "eml: $work/rtbad/rt_sessions.csv:14: column machine_id: unknown machine (not in rt_machines.csv) (value 'ACC9')"
# lib/domain/import.c: a target whose lower bound is above its upper one
printf 'period,territory,modality,unit,low,high\nSROS3-PRS,75,CT,devices,9,2\n' >"$work/target.csv"
both_langs err "eml: $work/target.csv:2: colonne low : la borne basse dépasse la borne haute (valeur « 9 »)" \
  "eml: $work/target.csv:2: column low: the lower bound is above the upper bound (value '9')" \
  -- import targets "$work/target.csv" --db "$work/i.db"
# lib/domain/register_rows.c: a site in a territory that is no département
printf 'finess,name,territory,legal_status\n750000010,A,99,CH\n' >"$work/terr.csv"
both_langs err "eml: $work/terr.csv:2: colonne territory : territoire inconnu (pas un département ; le déclarer dans territories.csv) (valeur « 99 »)" \
  "eml: $work/terr.csv:2: column territory: unknown territory (not a département; declare it in territories.csv) (value '99')" \
  -- import sites "$work/terr.csv" --db "$work/i.db"
# lib/domain/import_regime.c: a convention of a site with itself (columns
# of tests/cli/test_regime_import.sh's conventions.csv)
printf 'finess,partner_finess,modality,from,until\n750000010,750000010,CT,2024-01-01,\n' >"$work/conv.csv"
both_langs err "eml: $work/conv.csv:2: colonne partner_finess : un site ne peut pas passer une convention avec lui-même (valeur « 750000010 »)" \
  "eml: $work/conv.csv:2: column partner_finess: a site cannot hold a convention with itself (value '750000010')" \
  -- import conventions "$work/conv.csv" --db "$work/i.db"
# lib/domain/requests.c: an application of an unknown kind, on the seed's
# register (t.db)
printf 'request_id,finess,modality,kind\nR1,780000014,CT,agrandissement\n' >"$work/req.csv"
run_env -- requests --db "$work/t.db" --at 2017-10-01 --period SROS3-PRS "$work/req.csv"
expect_line err "eml: $work/req.csv:2: colonne kind : nature inconnue (attendu creation, extension, renewal ou replacement) (valeur « agrandissement »)"
expect_line err "eml: $work/req.csv: 1 ligne rejetée : aucune demande jugée"
run_env -- requests --db "$work/t.db" --at 2017-10-01 --period SROS3-PRS "$work/req.csv" --lang en
expect_line err "eml: $work/req.csv:2: column kind: unknown kind (expected creation, extension, renewal or replacement) (value 'agrandissement')"
expect_line err "eml: $work/req.csv: 1 bad row: no application judged"
# lib/domain/requests.c: the seed's applications, D2017-04 a creation
# judged as an extension (its site has 2 CT), in both languages
run_env -- requests --db "$work/t.db" --at 2017-10-01 --period SROS3-PRS "$idf/requests.csv"
expect_line out "D2017-04 : déclarée « création » mais le site a déjà 2 appareils CT : jugée comme une extension."
expect_line out "91, MRI : 4 demandes recevables pour 3 places."
run_env -- requests --db "$work/t.db" --at 2017-10-01 --period SROS3-PRS "$idf/requests.csv" --lang en
expect_line out "D2017-04: declared a “creation” but the site already has 2 CT devices: judged as an extension."
expect_line out "91, MRI: 4 receivable applications for 3 places."
# eml bilan --compare: the published file is French, its tables are
# found whatever the run's language (the same counts: 6 tables of 9 rows,
# 10+10+9+10+8+8 cells a row, one cell differing, test_demo_bilan.sh);
# the differences said in the run's language
both_langs out "$idf/published.tsv: 6 tableaux, 54 lignes, 495 cellules comparées, 1 différente" \
  "$idf/published.tsv: 6 tables, 54 rows, 495 cells compared, 1 differs" \
  -- bilan --db "$work/t.db" --at 2017-10-01 --period SROS3-PRS --compare "$idf/published.tsv"
expect_line out "$idf/published.tsv:11: Scanners (TDM), 94, Appareils — Écart / borne haute: published '-2 (1)', computed '-2 (-1)'"
# lib/imaging/load.c: an exam that ends when it starts (dst_week's TDM1)
dst=$src/tests/data/imaging/dst_week
printf 'exam_id,equipment_id,start,end,patient_class\nB1,TDM1,2010-03-22T08:00:00,2010-03-22T08:00:00,A\n' >"$work/exams.csv"
both_langs err "eml: $work/exams.csv:2: colonne end : la fin (end) n'est pas après le début (start) (valeur « 2010-03-22T08:00:00 »)" \
  "eml: $work/exams.csv:2: column end: end is not after start (value '2010-03-22T08:00:00')" \
  -- imaging compute --equipment "$dst/equipment.csv" --sessions "$dst/sessions.csv" --exams "$work/exams.csv"
# lib/imaging/schedule.c: a schedule row on an eighth weekday, read with
# the sites' equipment (imaging report)
printf 'equipment_id,weekday,start_time,end_time,type\nC1,8,08:00,12:00,PUBLIC_PROGRAMMED\n' >"$work/sched.csv"
sched=(imaging report --equipment "$img/equipment.csv" --schedule "$work/sched.csv"
       --exams "$img/exams.csv" --from 2024-04-08 --to 2024-04-15)
both_langs err "eml: $work/sched.csv:2: colonne weekday : pas un jour de la semaine (1 = lundi … 7 = dimanche, ou lundi … dimanche) (valeur « 8 »)" \
  "eml: $work/sched.csv:2: column weekday: not a weekday (1 = Monday ... 7 = Sunday, or lundi ... dimanche) (value '8')" \
  -- "${sched[@]}"
# lib/imaging/sites.c: a FINESS twice in the sites file
printf 'finess,name,territory,legal_status\n570000018,CHR,57,CH\n570000018,Bis,57,CH\n' >"$work/isites.csv"
both_langs err "eml: $work/isites.csv:3: colonne finess : numéro FINESS en double (plus haut dans le fichier) (valeur « 570000018 »)" \
  "eml: $work/isites.csv:3: column finess: duplicate FINESS number (earlier in the file) (value '570000018')" \
  -- "${im[@]}" --sites "$work/isites.csv"
# lib/imaging/appointments.c: an answer of a machine the equipment does not list
printf 'equipment_id,case,patient_class,asked_on,offered_on,urgent\nCT9,TDM_ENC_80,A,2024-01-10,2024-01-20,0\n' >"$work/appt.csv"
both_langs err "eml: $work/appt.csv:2: colonne equipment_id : équipement inconnu (absent de equipment.csv) (valeur « CT9 »)" \
  "eml: $work/appt.csv:2: column equipment_id: unknown machine (not in equipment.csv) (value 'CT9')" \
  -- imaging appointments --equipment "$img/equipment.csv" "$work/appt.csv"
# the same answer against a campaign read from the store: there is no
# equipment.csv to name, the message names the stored campaign
"$eml" init --db "$work/c.db" >/dev/null
"$eml" imaging import --db "$work/c.db" --campaign avril --equipment "$img/equipment.csv" \
  --schedule "$img/schedule.csv" --from 2024-04-08 --to 2024-04-15 --exams "$img/exams.csv" \
  >/dev/null 2>&1 || fail "imaging import of the sites' campaign"
both_langs err "eml: $work/appt.csv:2: colonne equipment_id : équipement inconnu (absent de la campagne enregistrée) (valeur « CT9 »)" \
  "eml: $work/appt.csv:2: column equipment_id: unknown machine (not in the stored campaign) (value 'CT9')" \
  -- imaging report --db "$work/c.db" --campaign avril --appointments "$work/appt.csv"
# lib/plan/population.c: a zone given twice for a year (seed's register, t.db)
printf 'zone,year,population\n75,2021,10\n75,2021,11\n' >"$work/pop.csv"
need=(plan need --db "$work/t.db" --period SROS3-PRS --population "$work/pop.csv" --year 2021 --method ratio)
both_langs err "eml: $work/pop.csv:3: colonne zone : zone donnée deux fois pour 2021 (ligne 2) (valeur « 75 »)" \
  "eml: $work/pop.csv:3: column zone: zone given twice for 2021 (line 2) (value '75')" \
  -- "${need[@]}"
# lib/plan/scenario_read.c: a change of a device the register does not hold
printf 'close NOPE 2018-01-01\n' >"$work/scen.txt"
both_langs err "eml: $work/scen.txt:1: colonne equipment : appareil ou autorisation absent du registre (valeur « NOPE »)" \
  "eml: $work/scen.txt:1: column equipment: no such device or authorisation in the register (value 'NOPE')" \
  -- plan scenario --db "$work/t.db" --period SROS3-PRS "$work/scen.txt"

# lib/finess (import.c, xml.c, amm.c) and cli/cmd_finess.c: a bad line of
# the establishments file, a bad device of the XML equipment file, a bad
# record of the AMM file; the summary after them (1: singular)
fin=$src/tests/data/finess
"$eml" init --db "$work/f.db" >/dev/null || fail "eml init f.db"
printf 'finess;etalab;95;2023-05-01\nautre;x\n' >"$work/etab-bad.csv"
run_env -- import finess --db "$work/f.db" --establishments "$work/etab-bad.csv"
expect_status 1 "a bad FINESS line"
expect_line err "eml: $work/etab-bad.csv:2: colonne type : type d'enregistrement inconnu (attendu structureet ou geolocalisation) (valeur « autre »)"
expect_line err "eml: rien n'est chargé : 1 mauvais enregistrement ; le corriger, ou charger les bons avec --rejects FICHIER"
run_env -- import finess --db "$work/f.db" --establishments "$work/etab-bad.csv" --lang en
expect_status 1 "a bad FINESS line, --lang en"
expect_line err "eml: $work/etab-bad.csv:2: column type: unknown record type (expected structureet or geolocalisation) (value 'autre')"
expect_line err "eml: nothing loaded: 1 bad record; fix it, or load the good ones with --rejects FILE"
# two bad lines: the plural
printf 'finess;etalab;95;2023-05-01\nautre;x\nautre;y\n' >"$work/etab-bad2.csv"
both_langs err "eml: rien n'est chargé : 2 mauvais enregistrements ; les corriger, ou charger les bons avec --rejects FICHIER" \
  "eml: nothing loaded: 2 bad records; fix them, or load the good ones with --rejects FILE" \
  -- import finess --db "$work/f.db" --establishments "$work/etab-bad2.csv"
run_env -- import finess --db "$work/f.db" --establishments "$fin/etab-2023.csv" --equipment "$fin/equip-2023.xml"
expect_line err "eml: $fin/equip-2023.xml:173: élément eml : code et libellé d'équipement inconnus (ajouter le code à data/finess/equipment-codes.csv, ou donner --codes FICHIER) (valeur « 09999 »)"
expect_line err "eml: $fin/equip-2023.xml: attention : élément <numserie> absent de 1 enregistrement : lu vide"
run_env -- import finess --db "$work/f.db" --establishments "$fin/etab-2023.csv" --equipment "$fin/equip-2023.xml" --lang en
expect_line err "eml: $fin/equip-2023.xml:173: element eml: unknown equipment code and label (add the code to data/finess/equipment-codes.csv, or give --codes FILE) (value '09999')"
expect_line err "eml: $fin/equip-2023.xml: warning: element <numserie> absent from 1 record: read as empty"
run_env -- import finess --db "$work/f.db" --establishments "$fin/etab-2024.csv" "$fin/amm-bad-activity.xml" --rejects "$work/rej-amm.xml"
expect_line err "eml: $fin/amm-bad-activity.xml:44: élément activite : code d'activité AMM inconnu (valeur « QZ999 »)"
expect_line err "eml: 1 mauvais enregistrement écrit dans $work/rej-amm.amm-bad-activity.xml"
expect_line out "registre : autorisations nouvelles 1, mises à jour 0, closes 0 ; appareils déclarés nouveaux 3, mis à jour 0, retirés 0"
rm -f "$work/f.db" && "$eml" init --db "$work/f.db" >/dev/null || fail "eml init f.db"
run_env -- import finess --db "$work/f.db" --establishments "$fin/etab-2024.csv" "$fin/amm-bad-activity.xml" --rejects "$work/rej-amm.xml" --lang en
expect_line err "eml: $fin/amm-bad-activity.xml:44: element activite: unknown AMM activity code (value 'QZ999')"
expect_line err "eml: 1 bad record written to $work/rej-amm.amm-bad-activity.xml"
expect_line out "register: authorisations new 1, updated 0, ended 0; declared devices new 3, updated 0, removed 0"
rm -f "$work/f.db" && "$eml" init --db "$work/f.db" >/dev/null || fail "eml init f.db"
run_env -- import finess --db "$work/f.db" --establishments "$fin/etab-2024.csv" "$fin/amm-imaging.xml" --lang en
expect_line out "$fin/amm-imaging.xml: device counts nil or absent, read as 0 (records): tep 1, temp 1, cyclotron 1, caissonhyperbare 1, irmmeo 1, tepmeo 1, tempmeo 1, cyclotronmeo 1, caissonhyperbaremeo 1"
# the system's words (eml_errno_text, lib/core/i18n.c): a missing input
# file (ENOENT), an output that cannot be written (/dev/full: ENOSPC)
both_langs err "eml: $work/absent.csv: ouverture impossible : fichier ou répertoire introuvable" \
  "eml: $work/absent.csv: cannot open: No such file or directory" \
  -- import sites "$work/absent.csv" --db "$work/i.db"
printf 'finess,name,territory,legal_status\n780000014,Site C,78,LIBERAL\n750000011,Bad key,75,CH\n' >"$work/mixed.csv"
both_langs err "eml: /dev/full: option --rejects : écriture impossible : plus de place sur le disque" \
  "eml: /dev/full: option --rejects: cannot write: No space left on device" \
  -- import sites "$work/mixed.csv" --db "$work/i.db" --rejects /dev/full
# lib/render/render_xlsx.c: a workbook that cannot be created
book=(report bilan --db "$work/t.db" --at 2017-10-01 --period SROS3-PRS --format xlsx
      --output "$work/nowhere/b.xlsx")
both_langs err "eml: $work/nowhere/b.xlsx: création du classeur impossible : fichier ou répertoire introuvable" \
  "eml: $work/nowhere/b.xlsx: cannot create the workbook: No such file or directory" \
  -- "${book[@]}"
# lib/store: a file that is no store, a path with no store, a write-protected
# store (root ignores file modes: then run as nobody, where setpriv can)
echo "pas une base" >"$work/junk.db"
both_langs err "eml: $work/junk.db: pas un stockage eml : file is not a database" \
  "eml: $work/junk.db: not an eml store: file is not a database" \
  -- bilan --db "$work/junk.db" --at 2017-10-01 --period SROS3-PRS
both_langs err "eml: $work/nowhere.db: pas de stockage ici (le créer avec « eml init », ou donner --db CHEMIN)" \
  "eml: $work/nowhere.db: no store here (create it with 'eml init', or give --db PATH)" \
  -- bilan --db "$work/nowhere.db" --at 2017-10-01 --period SROS3-PRS
other=()
[ "$(id -u)" -ne 0 ] || other=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
if [ ${#other[@]} -eq 0 ] || "${other[@]}" true 2>/dev/null; then
  chmod 755 "$work"
  mkdir -m 755 "$work/ro"
  cp "$work/t.db" "$work/ro/t.db"
  chmod 444 "$work/ro/t.db"
  for lang in fr en; do
    env -i "${other[@]}" "$eml" import sites "$work/mixed.csv" --db "$work/ro/t.db" --lang $lang \
      >"$work/out" 2>"$work/err"
    status=$?
    err=$(cat "$work/err")
    expect_status 3 "a write-protected store ($lang)"
    if [ $lang = fr ]; then
      expect_line err "eml: $work/ro/t.db: le stockage est en lecture seule (pas de droit d'écriture sur le fichier) : rien ne peut être modifié"
    else
      expect_line err "eml: $work/ro/t.db: the store is read-only (no write permission on the file): nothing can be changed"
    fi
  done
else
  skip_part "setpriv cannot drop to nobody: the write-protected store not tried"
fi
# lib/imaging/compute.c: the campaign's window (--from, --to)
dst=$src/tests/data/imaging/dst_week
win=(imaging compute --equipment "$dst/equipment.csv" --sessions "$dst/sessions.csv")
both_langs err "eml: option --to : la fenêtre doit finir après son début (de 1932 à 2067)" \
  "eml: option --to: the window must end after it starts (1932-2067)" \
  -- "${win[@]}" --exams "$dst/exams.csv" --from 1900-03-22 --to 1900-03-29
head -1 "$dst/exams.csv" >"$work/noexam.csv"
both_langs err "eml: option --from : aucun examen dont tirer la fenêtre de la campagne : donner --from et --to" \
  "eml: option --from: no exam to compute the campaign window from: give --from and --to" \
  -- "${win[@]}" --exams "$work/noexam.csv"
# eml plan (lib/plan, cli/cmd_plan.c): the summary after bad rows, with
# its plural (French: 0 and 1 singular); the summaries of the two runs above
both_langs err "eml: $work/pop.csv: 1 mauvaise ligne : aucun besoin projeté" \
  "eml: $work/pop.csv: 1 bad row: no need projected" \
  -- "${need[@]}"
printf 'close NOPE\nremove X\n' >"$work/scen2.txt"
run_env -- plan scenario --db "$work/t.db" --period SROS3-PRS "$work/scen2.txt"
expect_line err "eml: $work/scen2.txt:2: colonne change : code inconnu (attendu grant, add, close, move, target) (valeur « remove »)"
expect_line err "eml: $work/scen2.txt: 2 mauvaises lignes : rien n'est appliqué"
run_env -- plan scenario --db "$work/t.db" --period SROS3-PRS "$work/scen2.txt" --lang en
expect_line err "eml: $work/scen2.txt:2: column change: unknown code (expected grant, add, close, move, target) (value 'remove')"
expect_line err "eml: $work/scen2.txt: 2 bad lines: nothing applied"
both_langs err "eml: $work/scen.txt: 1 mauvaise ligne : rien n'est appliqué" \
  "eml: $work/scen.txt: 1 bad line: nothing applied" \
  -- plan scenario --db "$work/t.db" --period SROS3-PRS "$work/scen.txt"
# lib/plan/scenario_read.c: too few words, "1 mot" (singular)
printf 'grant\n' >"$work/scen3.txt"
both_langs err "eml: $work/scen3.txt:1: 1 mot là où « grant » en prend 2 (grant REQUEST_ID)" \
  "eml: $work/scen3.txt:1: 1 word where 'grant' takes 2 (grant REQUEST_ID)" \
  -- plan scenario --db "$work/t.db" --period SROS3-PRS "$work/scen3.txt"
# lib/plan/need.c: a zone without the year asked
need30=(plan need --db "$work/t.db" --period SROS3-PRS --at 2017-10-01 --year 2030 --method ratio
        --population "$src/data/population/departements-2021.csv")
both_langs err "eml: $src/data/population/departements-2021.csv: zone 75 : pas de population pour 2030" \
  "eml: $src/data/population/departements-2021.csv: zone 75: no population for 2030" \
  -- "${need30[@]}"
# cli/cmd_plan.c: an option's value
both_langs err "eml: option --tolerance : pas un pourcentage de 0 à 99 (valeur « 120% »)" \
  "eml: option --tolerance: not a percentage from 0 to 99 (value '120%')" \
  -- "${need[@]}" --tolerance 120%
# lib/plan/delays.c: a demand at the capacity (120 slots a week, 17,2 a day
# = 120,4 a week: 100,3 %), the occupation with the language's decimal mark
both_langs err "eml: la demande atteint la capacité (occupation 100,3 %) : les délais croîtraient sans fin" \
  "eml: the demand reaches the capacity (occupation 100.3%): the delays would grow without end" \
  -- plan delays --rate 17.2 --sessions 10 --session-hours 4 --exam-minutes 20
# lib/plan/scenario.c: the "Effet" cells (data kept: ids, codes, sites, dates)
fxs=$src/tests/data/plan/scenario
scen=(plan scenario --db "$work/t.db" --at 2017-10-01 --period SROS3-PRS --format csv)
# run_csv VARS... -- ARGS...: run_env, $out without its BOM and CRLF (csv_lines)
run_csv() { run_env "$@"; out=$(printf '%s' "$out" | tr -d '\r' | sed '1s/^\xEF\xBB\xBF//'); }
run_csv -- "${scen[@]}" --modality CT "$fxs/close.txt"
expect_line out "Ligne;Changement;Effet"
expect_line out "1;close CT-75-002;appareil CT-75-002 CT du site 759900012 (75) : fin le 01/10/2017"
run_csv -- "${scen[@]}" --modality CT "$fxs/close.txt" --lang en
expect_line out "Line;Change;Effect"
expect_line out "1;close CT-75-002;device CT-75-002 CT of site 759900012 (75): ends on 01/10/2017"
run_csv -- "${scen[@]}" --modality MRI --requests "$idf/requests.csv" "$fxs/grant.txt"
expect_line out "2;grant D2017-08;D2017-08 accordée : 1 appareil MRI au site 919900068 (91), autorisé le 01/10/2017"
run_csv -- "${scen[@]}" --modality MRI --requests "$idf/requests.csv" "$fxs/grant.txt" --lang en
expect_line out "2;grant D2017-08;D2017-08 granted: 1 MRI device at site 919900068 (91), authorised on 01/10/2017"
run_csv -- "${scen[@]}" --modality MRI "$fxs/mixed.txt"
expect_line out "1;target 91 MRI 15 18;OQOS 91 MRI en appareils, période SROS3-PRS : 16–19 → 15–18"
run_csv -- "${scen[@]}" --modality MRI "$fxs/mixed.txt" --lang en
expect_line out "1;target 91 MRI 15 18;OQOS 91 MRI in devices, period SROS3-PRS: 16–19 → 15–18"
# lib/rt/conformity.c, report.c: the checklist's rows (label, verdict,
# figures: the annex's numbers in the language's form) and its note
chk=(rt check --year 2024 --dir "$rtd" --format csv)
run_csv EML_PSEUDONYM_KEY="$(cat "$key")" -- "${chk[@]}"
expect_line out "2;Traitements par photons et par électrons;2.1.1.1;CONFORME;\"photons : OUI ; électrons : OUI\""
expect_line out "4;Gamme d'énergie photons d'au moins 6 à 15 MV;2.1.1.1;CONFORME;gamme de 1,25 à 18 MV (6 à 15 MV requis)"
expect_line out "10;\"Radiothérapie externe et curiethérapie ; au moins 900 patients par an, dont 10 % par techniques spéciales\";2.1.1.2;SANS OBJET;centre sans mission d'enseignement et de recherche"
# check 16 (the 2023 regime's minimum activity) is the one not conforming
expect_line out "1 contrôle non conforme. Saturé au-delà de 450 à 500 traitements par appareil, hors surcharge temporaire liée au renouvellement d'un appareil (2.1.1.1)."
run_csv EML_PSEUDONYM_KEY="$(cat "$key")" -- "${chk[@]}" --lang en
expect_line out "2;Photon and electron treatments;2.1.1.1;CONFORMING;\"photons: YES; electrons: YES\""
expect_line out "4;Photon energy range of at least 6 to 15 MV;2.1.1.1;CONFORMING;range 1.25 to 18 MV (6 to 15 MV required)"
expect_line out "10;\"External radiotherapy and brachytherapy; at least 900 patients a year, 10% of them by special techniques\";2.1.1.2;NOT APPLICABLE;centre without a teaching and research mission"
expect_line out "1 check not conforming. Saturated beyond 450 to 500 treatments per machine, except a temporary overload due to the renewal of a machine (2.1.1.1)."
# cli/cmd_rt.c: the import's summary, one plural per count (1 centre)
run_env -- init --db "$work/rt.db"
run_env EML_PSEUDONYM_KEY="$(cat "$key")" -- rt import --dir "$rtd" --db "$work/rt.db"
expect_line out "$work/rt.db: données de radiothérapie enregistrées : 1 centre, 4 appareils, 4 lignes d'effectifs, 11 traitements, 12 passages (patients sous pseudonyme)"
run_env -- init --db "$work/rt-en.db"
run_env EML_PSEUDONYM_KEY="$(cat "$key")" -- rt import --dir "$rtd" --db "$work/rt-en.db" --lang en
expect_line out "$work/rt-en.db: radiotherapy data stored: 1 centre, 4 machines, 4 staff rows, 11 courses, 12 passages (patients as pseudonyms)"
both_langs err "eml: pas de clé de pseudonymisation : donner --key-file FICHIER ou EML_PSEUDONYM_KEY (64 chiffres hexadécimaux) ; les identifiants des patients ne sont jamais lus sans elle" \
  "eml: no pseudonymisation key: give --key-file FILE or set EML_PSEUDONYM_KEY (64 hexadecimal digits); patient identifiers are never read without one" \
  -- rt check --year 2024 --dir "$rtd"
# the commands' own messages (cli/, issue 18 items 1 and 2), both languages
# the options of eml imaging compute: a group title, an option's help
run_env -- imaging compute --help
expect_line out "Calcul :"
expect_line out "  --timing              afficher la durée de chaque phase sur la sortie"
expect_line out "                        dédié aux urgences [de 0 à 1 ; par défaut 0,5]"
run_env -- imaging compute --help --lang en
expect_line out "Computation:"
expect_line out "  --timing              print the time of each phase on stderr"
expect_line out "                        emergency-dedicated [0 to 1; default 0.5]"
# a word of an option's list
both_langs err "eml: option --holidays : attendu skip ou keep (valeur « maybe »)" \
  "eml: option --holidays: expected skip or keep (value 'maybe')" \
  -- imaging compute --holidays maybe
# one bad row (the exam of $work/exams.csv above): singular in both
imc=(imaging compute --equipment "$dst/equipment.csv" --sessions "$dst/sessions.csv" --exams "$work/exams.csv")
both_langs err "eml: 1 mauvaise ligne : rien n'est calculé (la corriger, ou --rejects FICHIER pour calculer sans elle)" \
  "eml: 1 bad row: nothing computed (fix it, or use --rejects FILE to compute without it)" \
  -- "${imc[@]}"
both_langs err "eml: 1 mauvaise ligne écrite dans $work/imrej.exams.csv" \
  "eml: 1 bad row written to $work/imrej.exams.csv" \
  -- "${imc[@]}" --rejects "$work/imrej.csv"
# a weekly schedule expanded (tests/data/imaging/sites: 7 sessions in the week)
isch=(imaging report --equipment "$img/equipment.csv" --schedule "$img/schedule.csv" --exams "$img/exams.csv" --from 2024-04-08 --to 2024-04-15)
both_langs err "eml: $img/schedule.csv: 7 vacations datées du 2024-04-08 au 2024-04-15 (exclu), jours fériés gardés" \
  "eml: $img/schedule.csv: 7 dated sessions from 2024-04-08 to 2024-04-15 (exclusive), public holidays kept" \
  -- "${isch[@]}"
# the generator's summary: 1 CT over 1 day (1 site, 1 machine: singular)
both_langs out "$work/gen1 : 1 site, 1 équipement, 5 vacations, 29 examens, 10 réponses à l'enquête de délais de rendez-vous" \
  "$work/gen1: 1 site, 1 machine, 5 sessions, 29 exams, 10 answers to the appointment-delay survey" \
  -- generate imaging --ct 1 --days 1 --out "$work/gen1"
# eml serve: a listen address beyond the loopback is warned about (then the
# store that does not exist stops it before it listens)
both_langs err "eml: attention : option --listen 0.0.0.0 : le tableau de bord est joignable depuis d'autres machines (sans authentification tant qu'aucun compte n'existe : eml user add)" \
  "eml: warning: option --listen 0.0.0.0: the dashboard is reachable from other machines (without authentication while no account exists: eml user add)" \
  -- serve --listen 0.0.0.0 --db "$work/none.db"
# its start and stop lines (any free port, then SIGTERM); a second server
# on the port the first holds cannot listen
serve_lines() { # serve_lines [--lang en]: the server's stderr in $err, the second's in $err2
  : >"$work/serve.err"
  env -i "$eml" serve --db "$work/t.db" --port 0 "$@" 2>"$work/serve.err" &
  local pid=$! i port
  for i in $(seq 1 100); do
    grep -q '^eml: [a-z ]* http://127.0.0.1:[0-9]*/ ' "$work/serve.err" && break
    sleep 0.1
  done
  port=$(sed -n 's#^eml: [a-z ]* http://127\.0\.0\.1:\([0-9]*\)/ .*#\1#p' "$work/serve.err")
  env -i "$eml" serve --db "$work/t.db" --port "$port" "$@" 2>"$work/serve2.err"
  status2=$?
  err2=$(sed "s#port $port #port PORT #" "$work/serve2.err")
  kill -TERM "$pid"
  wait "$pid"
  status=$?
  err=$(sed 's#127\.0\.0\.1:[0-9]*/#127.0.0.1:PORT/#' "$work/serve.err")
}
serve_lines
expect_status 0 "eml serve stopped"
expect_line err "eml: en service sur http://127.0.0.1:PORT/ (Ctrl-C pour arrêter)"
expect_line err "eml: arrêté"
checks=$((checks + 1))
[ "$status2" = 3 ] && [ "$err2" = "eml: écoute impossible sur 127.0.0.1 port PORT (déjà pris, ou interdit)" ] ||
  fail "a second server on the port: status $status2, $err2"
serve_lines --lang en
expect_status 0 "eml serve --lang en stopped"
expect_line err "eml: serving http://127.0.0.1:PORT/ (Ctrl-C to stop)"
expect_line err "eml: stopped"
checks=$((checks + 1))
[ "$status2" = 3 ] && [ "$err2" = "eml: cannot listen on 127.0.0.1 port PORT (in use, or not allowed)" ] ||
  fail "a second server on the port (English): status $status2, $err2"

# no catalogue at all: still French, and English asked for falls back to it
mkdir -p "$work/bin"
cp "$eml" "$work/bin/eml"
env -i EML_DATA_DIR="$src/data" "$work/bin/eml" "${bilan[@]}" --lang en >"$work/out" 2>"$work/err"
status=$?
out=$(cat "$work/out")
err=$(cat "$work/err")
expect_status 0 "English without a catalogue"
fr_bilan

# ---- lib/domain's own messages (issue 18 item 1), each family in both languages
# accounts (lib/domain/account.c, cli/cmd_user.c): a role that does not exist;
# then an account created
printf 'secret99\nsecret99\n' >"$work/pw"
run_env -- user add dave --role admin --db "$work/t.db" <"$work/pw"
expect_line err "eml: rôle « admin » : lecteur, etablissement ou ars"
run_env -- user add dave --role admin --db "$work/t.db" --lang en <"$work/pw"
expect_line err "eml: role 'admin': lecteur, etablissement or ars"
run_env -- user add dave --role lecteur --db "$work/t.db" <"$work/pw"
expect_line out "dave: compte créé"
run_env -- user add erin --role lecteur --db "$work/t.db" --lang en <"$work/pw"
expect_line out "erin: account created"
# register edits (lib/domain/edit.c), on a copy of the seed's register: a
# territory that is no département
cp "$work/t.db" "$work/p.db"
both_langs err "eml: option --territory : territoire inconnu (pas un département ; le déclarer dans territories.csv) (valeur « 99 »)" \
  "eml: option --territory: unknown territory (not a département; declare it in territories.csv) (value '99')" \
  -- register amend-site 759900012 --territory 99 --db "$work/p.db"
# a balance's problem (lib/domain/balance.c): site 759900012 moved to 2A,
# where SROS3-PRS has no CT target; its CT-75-001 to 005 are authorised
# before 01/10/2017 and not ended (CT-75-005 ends 2020-10-05): 5 devices
run_env -- register amend-site 759900012 --territory 2A --db "$work/p.db"
expect_status 0 "moving 759900012 to 2A"
both_langs err "eml: bilan : CT : 5 appareils en vigueur au 2017-10-01 sont dans des territoires sans objectif CT pour la période SROS3-PRS : CT-75-001 (759900012, 2A), CT-75-002 (759900012, 2A), CT-75-003 (759900012, 2A), CT-75-004 (759900012, 2A), CT-75-005 (759900012, 2A)" \
  "eml: bilan: CT: 5 devices in force at 2017-10-01 lie in territories without a CT target for period SROS3-PRS: CT-75-001 (759900012, 2A), CT-75-002 (759900012, 2A), CT-75-003 (759900012, 2A), CT-75-004 (759900012, 2A), CT-75-005 (759900012, 2A)" \
  -- bilan --db "$work/p.db" --at 2017-10-01 --period SROS3-PRS --modality CT
# --compare (lib/domain/compare.c): an empty published file; the demo's
# published tables: 6 tables, 54 rows, 495 cells, one differs (docs/register.md;
# in French only: the published file is French, and an English run's tables
# are titled, and say OUI/NON, in English)
: >"$work/empty.tsv"
both_langs err "eml: $work/empty.tsv: fichier vide" \
  "eml: $work/empty.tsv: file is empty" \
  -- bilan --db "$work/t.db" --at 2017-10-01 --period SROS3-PRS --compare "$work/empty.tsv"
run_env -- bilan --db "$work/t.db" --at 2017-10-01 --period SROS3-PRS --compare "$idf/published.tsv"
expect_line out "$idf/published.tsv: 6 tableaux, 54 lignes, 495 cellules comparées, 1 différente"
expect_line out "$idf/published.tsv:11: Scanners (TDM), 94, Appareils — Écart / borne haute : publié « -2 (1) », calculé « -2 (-1) »"
# eml regime convert (lib/domain/convert.c): a second conversion at the same date
cp "$work/t.db" "$work/c.db"
run_env -- regime convert --at 2023-06-01 --db "$work/c.db"
expect_status 0 "the first conversion"
both_langs err "eml: le registre a déjà été converti au 2023-06-01 (voir « eml log --entity conversion ») ; rien n'est écrit" \
  "eml: the register was already converted at 2023-06-01 (see 'eml log --entity conversion'); nothing written" \
  -- regime convert --at 2023-06-01 --db "$work/c.db"
# the 2023 regime's balance (lib/domain/balance_2023.c, regime_counts.c) on
# the fixture: its subtitle, counts and site checks (docs/regime-2023.md)
fx=$src/tests/data/regime2023
"$eml" init --db "$work/fx.db" >/dev/null
load_files "$work/fx.db" "$fx" sites authorisations devices conventions windows targets
run_env -- bilan --db "$work/fx.db" --at 2025-06-30 --period PRS-2023 --modality IMAGING
expect_line out "Bilan quantifié de l'offre de soins en implantations au 30/06/2025, période PRS-2023"
expect_line out "Autorisations en vigueur au 30/06/2025 : 7 sur 6 sites."
expect_line out "921000055 GIE d'imagerie fictif S5 (92) : 3 appareils, 3 scanners, 0 IRM — site de 3 appareils ou plus sans IRM (une convention ne lève pas cette règle)."
expect_line out "921000063 Centre d'imagerie fictif S6 (92) : appareil E16 (IRM, déclaré le 03/10/2016) sous l'autorisation AUT-07, qui n'est pas en vigueur (fin le 31/03/2025) — non compté."
run_env -- bilan --db "$work/fx.db" --at 2025-06-30 --period PRS-2023 --modality IMAGING --lang en
expect_line out "Quantified balance of the supply of care in sites at 30/06/2025, period PRS-2023"
expect_line out "Authorisations in force at 30/06/2025: 7 on 6 sites."
expect_line out "921000055 GIE d'imagerie fictif S5 (92): 3 devices, 3 CT scanners, 0 MRIs — site of 3 devices or more without MRI (a convention does not lift this rule)."
expect_line out "921000063 Centre d'imagerie fictif S6 (92): device E16 (MRI, declared on 03/10/2016) under authorisation AUT-07, which is not in force (ended on 31/03/2025) — not counted."
# eml regime convert's tables (lib/domain/convert.c), a dry run on the seed's
# register: 661 devices on 204 sites, the one OHB staying per device
# (singular: "1 reste", "0 déjà déclaré"; English "1 stays")
cp "$work/t.db" "$work/d.db"
run_env -- regime convert --at 2023-06-01 --db "$work/d.db" --dry-run
expect_line out "Conversion du registre au régime de 2023 au 01/06/2023"
expect_line out "661 appareils autorisés par appareil sur 204 sites : 239 autorisations créées (imagerie en coupes : 193, médecine nucléaire : 46, radiothérapie : 0), 517 appareils déclarés, 1 reste autorisé par appareil (OHB, cyclotron), 0 déjà déclaré, 143 pas en vigueur au 01/06/2023."
run_env -- regime convert --at 2023-06-01 --db "$work/d.db" --dry-run --lang en
expect_line out "Conversion of the register to the 2023 regime at 01/06/2023"
expect_line out "661 devices authorised per device on 204 sites: 239 authorisations created (cross-sectional imaging: 193, nuclear medicine: 46, radiotherapy: 0), 517 devices declared, 1 stays authorised per device (OHB, cyclotron), 0 already declared, 143 not in force at 01/06/2023."
expect_line out "105 sites flagged: more than 3 devices without a justified application, 3 devices or more without CT or without MRI, a single type without a convention (docs/regime-2023.md)."
# eml init's summaries (cli/cmd_register.c): created, up to date
both_langs out "$work/init.db: stockage créé (version du schéma 13)" \
  "$work/init.db: store is up to date (schema version 13)" \
  -- init --db "$work/init.db"
# lib/model/pseudonym.c: a pseudonymisation key of 4 characters (never echoed)
printf '0102\n' >"$work/badkey"
both_langs err "eml: $work/badkey: colonne key : la clé de pseudonymisation doit avoir 64 chiffres hexadécimaux (32 octets), pas 4 caractères" \
  "eml: $work/badkey: column key: the pseudonymisation key must be 64 hexadecimal digits (32 bytes), not 4 characters" \
  -- rt import --dir "$src/tests/data/rt/annex" --db "$work/key.db" --key-file "$work/badkey"
finish
