#!/usr/bin/env bash
# test_imaging_breakdown.sh — `eml imaging report --sites FILE` (issue 4,
# spec imaging.md "Reports": sites by legal status; medians per modality x
# legal status and x département): a small campaign whose counts and
# medians are computed by hand below; the same from the store (the
# register's sites, `eml import sites`); a bad sites.csv row.
# shellcheck source=lib.sh
. "${EML_SOURCE_DIR:?}/tests/cli/lib.sh"
command -v jq >/dev/null || { echo "jq missing: skipped"; exit 77; }
data="$src/tests/data/imaging/sites"
cd "$data" || exit 1
inputs=(--equipment equipment.csv --schedule schedule.csv --exams exams.csv
  --from 2024-04-08 --to 2024-04-15)

# One week (Mon 2024-04-08 .. Sun 14), every machine has one Monday
# programmed session of H hours from 08:00 and k one-hour exams from 08:00,
# each with the same ICR: opening = H h/week, passages = k, occupancy =
# k / H, ICR/h = k x icr / H; every session is occupied > 15 %, so every
# machine is kept by the inclusion rule.
#   machine FINESS (dép., site status)  H  k icr -> opening occ   ICR/h pass.
#   C1 CT  570000018 (57, CH)          10  5  20      10    50 %  10    5
#   C2 CT  570000018 (57, CH)           8  2  20       8    25 %   5    2
#   C3 CT  750000010 (75, PRIVE)        6  3  30       6    50 %  15    3
#   C4 CT  670000017 (67, CH)          12  6  10      12    50 %   5    6
#   C5 CT  130000011 (13, not a site)   4  1   8       4    25 %   2    1
#   I1 MRI 570000018 (57, CH)          10  4  25      10    40 %  10    4
#   I2 MRI 750000010 (75, PRIVE)        9  3  30       9   33.3 % 10    3
# (a) by legal status: CH has sites 570000018 and 670000017 (2), CT C1 C2
# C4 (3, exams 5+2+6 = 13), MRI I1 (1, exams 4); PRIVE 1 site, 1 CT
# (3 exams), 1 MRI (3); "Statut inconnu" C5 (1 site, 1 CT, 1 exam); total
# 4 sites, 5 CT, 2 MRI, 17 and 7 exams. (570000026 has no machine.)
# (b) medians, type 7: CT CH {10,8,12} -> 10, {.5,.25,.5} -> .5,
# {10,5,5} -> 5, {5,2,6} -> 5; CT all {4,6,8,10,12} -> 8, occupancy
# {.25,.25,.5,.5,.5} -> .5, ICR/h {2,5,5,10,15} -> 5, passages {1,2,3,5,6}
# -> 3; CT 57 = C1, C2: {8,10} -> 9, {.25,.5} -> .375, {5,10} -> 7.5,
# {2,5} -> 3.5; MRI all: {9,10} -> 9.5, {1/3,.4} -> 11/30, 10, {3,4} -> 3.5.
# (c) region against nation (issue 14 item 7): the region of the site's
# territory: 57 Moselle and 67 Bas-Rhin are Grand Est (44), 75 Paris is
# Île-de-France (11); C5 has no site: "Région inconnue", listed last, then
# the national panel. CT 11 = C3: 6, .5, 15, 3; CT 44 = C1, C2, C4: {10,8,12}
# -> 10, {.5,.25,.5} -> .5, {10,5,5} -> 5, {5,2,6} -> 5; unknown C5: 4, .25,
# 2, 1; national 8, .5, 5, 3. MRI 11 = I2: 9, 1/3, 10, 3; 44 = I1: 10, .4,
# 10, 4; national 9.5, 11/30, 10, 3.5. The sheet of C1 (Grand Est, 3 CT of
# 5): opening 10 (region median 10 over 3, nation 8 over 5), occupancy .5
# (.5 over 3, .5 over 5), passages 5 (5, 3).
run imaging report "${inputs[@]}" --sites sites.csv --format json
expect_status 0 "imaging report --sites"
expect_line err "eml: sites.csv: 4 lignes lues, 4 chargées, 0 rejetée"
echo "$out" >"$work/files.json"
# rows of a table as "first|col=value ..." lines, numbers rounded to 1e-9
rows() { # file table-id
  jq -r --arg id "$2" '.tables[] | select(.id == $id) | .rows[] |
    [to_entries[] | "\(.key)=\(if (.value | type) == "number" then (.value * 1e9 | round / 1e9) else .value end)"] | join(" ")' "$1"
}
expect_rows() { # file table-id expected
  checks=$((checks + 1))
  local got
  got=$(rows "$1" "$2")
  [ "$got" = "$3" ] || fail "table $2:
--- expected:
$3
--- got:
$got"
}
check_tables() { # file
  expect_rows "$1" imaging_legal_status "legal_status=CH sites=2 ct=3 mri=1 exams_ct=13 exams_mri=4
legal_status=PRIVE sites=1 ct=1 mri=1 exams_ct=3 exams_mri=3
legal_status=Statut inconnu sites=1 ct=1 mri=0 exams_ct=1 exams_mri=0
legal_status=Total sites=4 ct=5 mri=2 exams_ct=17 exams_mri=7"
  expect_rows "$1" imaging_legal_status_medians_ct "legal_status=CH machines=3 open_programmed_h=10 occupancy_programmed=0.5 icr_per_hour=5 exams_per_week=5
legal_status=PRIVE machines=1 open_programmed_h=6 occupancy_programmed=0.5 icr_per_hour=15 exams_per_week=3
legal_status=Statut inconnu machines=1 open_programmed_h=4 occupancy_programmed=0.25 icr_per_hour=2 exams_per_week=1
legal_status=Ensemble machines=5 open_programmed_h=8 occupancy_programmed=0.5 icr_per_hour=5 exams_per_week=3"
  expect_rows "$1" imaging_legal_status_medians_mri "legal_status=CH machines=1 open_programmed_h=10 occupancy_programmed=0.4 icr_per_hour=10 exams_per_week=4
legal_status=PRIVE machines=1 open_programmed_h=9 occupancy_programmed=0.333333333 icr_per_hour=10 exams_per_week=3
legal_status=Ensemble machines=2 open_programmed_h=9.5 occupancy_programmed=0.366666667 icr_per_hour=10 exams_per_week=3.5"
  expect_rows "$1" imaging_territory_medians_ct "territory=13 name=Bouches-du-Rhône machines=1 open_programmed_h=4 occupancy_programmed=0.25 icr_per_hour=2 exams_per_week=1
territory=57 name=Moselle machines=2 open_programmed_h=9 occupancy_programmed=0.375 icr_per_hour=7.5 exams_per_week=3.5
territory=67 name=Bas-Rhin machines=1 open_programmed_h=12 occupancy_programmed=0.5 icr_per_hour=5 exams_per_week=6
territory=75 name=Paris machines=1 open_programmed_h=6 occupancy_programmed=0.5 icr_per_hour=15 exams_per_week=3
territory=Ensemble name=null machines=5 open_programmed_h=8 occupancy_programmed=0.5 icr_per_hour=5 exams_per_week=3"
  expect_rows "$1" imaging_territory_medians_mri "territory=57 name=Moselle machines=1 open_programmed_h=10 occupancy_programmed=0.4 icr_per_hour=10 exams_per_week=4
territory=75 name=Paris machines=1 open_programmed_h=9 occupancy_programmed=0.333333333 icr_per_hour=10 exams_per_week=3
territory=Ensemble name=null machines=2 open_programmed_h=9.5 occupancy_programmed=0.366666667 icr_per_hour=10 exams_per_week=3.5"
  expect_rows "$1" imaging_region_medians_ct "region=11 name=Île-de-France machines=1 open_programmed_h=6 occupancy_programmed=0.5 icr_per_hour=15 exams_per_week=3
region=44 name=Grand Est machines=3 open_programmed_h=10 occupancy_programmed=0.5 icr_per_hour=5 exams_per_week=5
region=Région inconnue name=site absent, ou territoire hors département machines=1 open_programmed_h=4 occupancy_programmed=0.25 icr_per_hour=2 exams_per_week=1
region=Panel national name=null machines=5 open_programmed_h=8 occupancy_programmed=0.5 icr_per_hour=5 exams_per_week=3"
  expect_rows "$1" imaging_region_medians_mri "region=11 name=Île-de-France machines=1 open_programmed_h=9 occupancy_programmed=0.333333333 icr_per_hour=10 exams_per_week=3
region=44 name=Grand Est machines=1 open_programmed_h=10 occupancy_programmed=0.4 icr_per_hour=10 exams_per_week=4
region=Panel national name=null machines=2 open_programmed_h=9.5 occupancy_programmed=0.366666667 icr_per_hour=10 exams_per_week=3.5"
}
check_tables "$work/files.json"

# --appointments: figures 1 and 2 in the summary, in the seed's order.
# Non-urgent delays (days): CT outpatients {2, 7, 14} -> P20 = 2 + 0.4 x 5
# = 4, median 7, P80 = 7 + 0.6 x 7 = 11.2; CT inpatients {2}; MRI
# outpatients {21}; the urgent CT answer (1 day) is left out.
run imaging report "${inputs[@]}" --sites sites.csv --appointments appointments.csv --format json
expect_status 0 "imaging report --appointments"
expect_line err "eml: appointments.csv: 6 lignes lues, 6 chargées, 0 rejetée"
echo "$out" >"$work/appointments.json"
expect_rows "$work/appointments.json" appointment_delays_ct "statistic=20 % des patients outpatient_days=4 inpatient_days=2
statistic=Médiane outpatient_days=7 inpatient_days=2
statistic=80 % des patients outpatient_days=11.2 inpatient_days=2
statistic=Nombre de réponses outpatient_days=3 inpatient_days=1"
expect_rows "$work/appointments.json" appointment_delays_mri "statistic=20 % des patients outpatient_days=21 inpatient_days=null
statistic=Médiane outpatient_days=21 inpatient_days=null
statistic=80 % des patients outpatient_days=21 inpatient_days=null
statistic=Nombre de réponses outpatient_days=1 inpatient_days=0"
checks=$((checks + 1))
order=$(jq -r '[.tables[].id] | join(" ")' "$work/appointments.json")
[ "$order" = "imaging_counts imaging_files imaging_legal_status appointment_delays_ct appointment_delays_mri imaging_reports_ct imaging_reports_mri imaging_durations_ct imaging_durations_mri imaging_occupancy_ct imaging_occupancy_mri imaging_occupancy_emergency_ct imaging_occupancy_emergency_mri imaging_headlines imaging_panel imaging_legal_status_medians_ct imaging_legal_status_medians_mri imaging_territory_medians_ct imaging_territory_medians_mri imaging_region_medians_ct imaging_region_medians_mri" ] ||
  fail "tables not in the seed's order: $order"

# the machine sheet with --sites: C1 in Grand Est against the nation
run imaging machine C1 "${inputs[@]}" --sites sites.csv --format json
expect_status 0 "imaging machine --sites"
echo "$out" >"$work/c1.json"
checks=$((checks + 1))
title=$(jq -r '.tables[] | select(.id == "machine_region") | .title' "$work/c1.json")
[ "$title" = "Région et nation : Grand Est (3 scanners) face au panel national (5)" ] ||
  fail "machine_region title: $title"
checks=$((checks + 1))
got=$(rows "$work/c1.json" machine_region | grep -E '^indicator=(Temps d.ouverture au programmé|Taux d.occupation \(vacations programmées\)|Passages par semaine) ')
[ "$got" = "indicator=Temps d'ouverture au programmé unit=h/semaine value=10 region_n=3 region_p50=10 nation_n=5 nation_p50=8
indicator=Passages par semaine unit=/semaine value=5 region_n=3 region_p50=5 nation_n=5 nation_p50=3
indicator=Taux d'occupation (vacations programmées) unit=% value=0.5 region_n=3 region_p50=0.5 nation_n=5 nation_p50=0.5" ] ||
  fail "machine_region rows of C1:
$got"
# C5 has no site, so no region: no such table; without --sites neither
run imaging machine C5 "${inputs[@]}" --sites sites.csv --format json
checks=$((checks + 1))
[ "$(jq '[.tables[] | select(.id == "machine_region")] | length' <<<"$out")" = 0 ] || fail "C5 has a region"
run imaging machine C1 "${inputs[@]}" --format json
checks=$((checks + 1))
[ "$(jq '[.tables[] | select(.id == "machine_region")] | length' <<<"$out")" = 0 ] || fail "a region without --sites"

# without --sites: no breakdown
run imaging report "${inputs[@]}" --format json
checks=$((checks + 1))
[ "$(jq '[.tables[] | select(.id | test("legal_status|territory"))] | length' <<<"$out")" = 0 ] ||
  fail "breakdowns without sites"

# from the store: the register's sites (eml import sites) are used
new_store
"$eml" import sites sites.csv --db "$work/t.db" >/dev/null 2>&1 || fail "eml import sites"
run imaging import --campaign w15 --db "$work/t.db" "${inputs[@]}"
expect_status 0 "imaging import"
run imaging report --campaign w15 --db "$work/t.db" --from 2024-04-08 --to 2024-04-15 --format json
expect_status 0 "imaging report --campaign with the register's sites"
echo "$out" >"$work/store.json"
check_tables "$work/store.json"

# a generated campaign (sites of every legal status, machines at several
# sites): the counts by legal status add up to the panel's counts, and the
# "Ensemble" medians are the national panel medians
"$eml" generate imaging --ct 40 --mri 20 --days 14 --out "$work/gen" --schedule >/dev/null 2>&1 ||
  fail "eml generate imaging"
run imaging report --equipment "$work/gen/equipment.csv" --schedule "$work/gen/schedule.csv" \
  --exams "$work/gen/exams.csv" --sites "$work/gen/sites.csv" --from 2010-02-01 --to 2010-02-15 \
  --holidays skip --format json
expect_status 0 "generated campaign"
echo "$out" >"$work/gen.json"
checks=$((checks + 1))
sums=$(jq -r '[.tables[] | select(.id == "imaging_legal_status") | .rows[] | select(.legal_status != "Total")] |
  "\(map(.ct) | add) \(map(.mri) | add) \(map(.exams_ct) | add) \(map(.exams_mri) | add) \(map(.sites) | add)"' "$work/gen.json")
total=$(jq -r '.tables[] | select(.id == "imaging_legal_status") | .rows[] | select(.legal_status == "Total") |
  "\(.ct) \(.mri) \(.exams_ct) \(.exams_mri) \(.sites)"' "$work/gen.json")
panel=$(jq -r '[.tables[] | select(.id == "imaging_counts") | .rows[] | select(.item == "Équipements" or .item == "Examens retenus")] |
  "\(.[0].ct) \(.[0].mri) \(.[1].ct) \(.[1].mri)"' "$work/gen.json")
sites=$(cut -d, -f2 "$work/gen/equipment.csv" | tail -n +2 | sort -u | wc -l)
[ "$sums" = "$total" ] && [ "$total" = "$panel $sites" ] ||
  fail "counts by legal status: rows $sums, total $total, panel and sites $panel $sites"
checks=$((checks + 1))
national=$(jq -r '.tables[] | select(.id == "imaging_panel") | .rows[] | select(.indicator == "Temps d'"'"'ouverture au programmé") | "\(.ct_p50) \(.mri_p50)"' "$work/gen.json")
ensemble=$(jq -r '[.tables[] | select(.id | test("^imaging_(legal_status|territory)_medians_")) | .rows[] | select(.legal_status == "Ensemble" or .territory == "Ensemble") | .open_programmed_h] | join(" ")' "$work/gen.json")
set -- $national
[ "$ensemble" = "$1 $2 $1 $2" ] || fail "Ensemble medians $ensemble, national $national"

# a bad sites.csv row stops the report (all-or-nothing), as every reader
printf 'finess,name,territory,legal_status\n570000018,CHR,57,CH\n570000018,Bis,57,CH\n750000010,X,75,HOPITAL\n' >"$work/bad_sites.csv"
run imaging report "${inputs[@]}" --sites "$work/bad_sites.csv"
expect_status 1 "bad sites rows"
expect_line err "eml: $work/bad_sites.csv:3: colonne finess : numéro FINESS en double (plus haut dans le fichier) (valeur « 570000018 »)"
expect_line err "eml: $work/bad_sites.csv:4: colonne legal_status : statut juridique inconnu (attendu CH, CHU, CHU AP-HP, CHU APHM, EPSIC, GCS, GIE, HIA, LIBERAL, PRIVE ou AUTRE) (valeur « HOPITAL »)"
expect_line err "eml: $work/bad_sites.csv: 3 lignes lues, 1 chargée, 2 rejetées"
finish
