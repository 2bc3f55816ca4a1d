#!/usr/bin/env bash
# test_plan_need.sh — `eml plan need` (spec planning.md §2, issue 15) on the
# demo register (data/idf-2017) and the shipped INSEE populations, and on
# hand-made files whose needs are computed here, beside each check:
#   ratio at 1.5 MRI per 100 000 on the 2021 populations:
#     75: 2 133 111 × 1.5 / 100 000 = 31.997 -> 32,0; proposed bounds at 10 %:
#         floor(31.997 × 0.9) = floor(28.797) = 28, ceil(31.997 × 1.1) = ceil(35.196) = 36
#     93: 1 668 670 × 1.5 / 100 000 = 25.030 -> 25,0; floor(22.527) = 22, ceil(27.533) = 28
#   ny-mri (10 NYCRR 709.12), zone 75 of pop.csv below: 100 000 CT scans in 2021,
#     population 2 000 000 in 2021 and 2 200 000 in 2026: growth 1.1;
#     100 000 × 1.1 × 0.85 × 0.60 × 0.55 × 1.30 ÷ 3 200 = 40 111.5 ÷ 3 200 = 12.534 -> 12,5
#   linac, zone 75 of the radiotherapy register below: 1 800 treatments × 1.1 ÷ 450
#     (ESTRO-QUARTS) = 4.4 -> 4,4; zone 92: no treatments, 2 000 new cancer patients
#     × 1.1 × 60 % ÷ 320 (Virginia 12VAC5-230-290) = 1 320 ÷ 320 = 4.125 -> 4,1
. "${0%/*}/lib.sh"
# csv: the CSV renderer ends its lines with CRLF; compare without the CR
csv() { run "$@"; out=$(tr -d '\r' <<<"$out"); }
data=$src/data/idf-2017
pop=$src/data/population/departements-2021.csv

new_store
for f in sites equipment targets notes; do
  "$eml" import "$f" "$data/$f.csv" --db t.db >/dev/null || fail "import $f"
done

# ratio on the demo's MRI: the zones of the balance, their figures now
csv plan need --db t.db --period SROS3-PRS --at 2017-10-01 --population "$pop" --year 2021 \
  --method ratio --per-100k 1.5 --modality MRI --format csv
expect_status 0 "ratio"
expect_line out "75;2133111;2133111;75;47;63;78;32,0;28;36"
expect_line out "93;1668670;1668670;25;16;22;25;25,0;22;28"
expect_contains out "Ratio : population de l'année ÷ 100 000 × 1,5 (appareils pour 100 000 habitants, donné par --per-100k)"
expect_contains out "arrêté du 21 décembre 2001"
# the sum of the 8 départements is INSEE's Île-de-France total
expect_contains out "Total;12317279;12317279;227;153;197;238;184,8;"

# without --per-100k: the region's current ratio, 227 MRI ÷ 12 317 279 × 100 000 = 1.843
csv plan need --db t.db --period SROS3-PRS --at 2017-10-01 --population "$pop" --year 2021 \
  --method ratio --modality MRI --format csv
expect_status 0 "current ratio"
expect_contains out "× 1,843 (appareils pour 100 000 habitants, ratio actuel de la région"
# 75: 2 133 111 × 227 / 12 317 279 = 39.311 -> 39,3 (the current ratio gives back the total)
expect_line out "75;2133111;2133111;75;47;63;78;39,3;35;44"
expect_contains out "Total;12317279;12317279;227;153;197;238;227,0;"

# every table format
for f in text md html; do
  csv plan need --db t.db --period SROS3-PRS --at 2017-10-01 --population "$pop" --year 2021 \
    --method ratio --per-100k 1.5 --modality MRI --format $f
  expect_status 0 "format $f"
  expect_contains out "32,0"
done
csv plan need --db t.db --period SROS3-PRS --at 2017-10-01 --population "$pop" --year 2021 \
  --method ratio --per-100k 1.5 --format xlsx --output need.xlsx
expect_status 0 "xlsx"
checks=$((checks + 1))
[ -s need.xlsx ] || fail "need.xlsx not written"

# ny-mri and utilisation on a hand-made file: two years, growth 1.1 everywhere
{
  echo "zone,year,population,ct_scans,exams"
  for z in 75 77 78 91 92 93 94 95; do
    echo "$z,2021,2000000,100000,7000"
    echo "$z,2026,2200000,,"
  done
} >pop.csv
csv plan need --db t.db --period SROS3-PRS --at 2017-10-01 --population pop.csv --year 2026 \
  --method ny-mri,utilisation --modality MRI --format csv --tolerance 0
expect_status 0 "ny-mri"
# utilisation: 7 000 × 1.1 ÷ 3 494 = 2.2038 -> 2,2; bounds at 0 %: floor(2.2038) = 2,
# ceil(12.534) = 13
expect_line out "75;2000000;2200000;75;47;63;78;12,5;2,2;2;13"
expect_contains out "10 NYCRR 709.12"
expect_contains out "10A NCAC 14C .2703"

# linac: a register of two radiotherapy zones
mkdir rt
cat >rt/sites.csv <<'CSV'
finess,name,territory,legal_status,finess_ej
759900012,Centre 75,75,CHU AP-HP,759800006
CSV
cat >rt/equipment.csv <<'CSV'
equipment_id,finess,modality,interventional,authorized_from,authorized_until,installed_on
L1,759900012,LINAC,0,2010-01-01,,2010-06-01
L2,759900012,LINAC,0,2010-01-01,,2010-06-01
CSV
cat >rt/targets.csv <<'CSV'
period,territory,modality,unit,low,high,interventional_low,interventional_high
P,75,LINAC,devices,2,4,,
P,75,LINAC,sites,1,2,,
P,92,LINAC,devices,0,3,,
P,92,LINAC,sites,0,1,,
CSV
cat >rt/pop.csv <<'CSV'
zone,year,population,treatments,cancer_cases
75,2021,2000000,1800,
75,2026,2200000,,
92,2021,1000000,,2000
92,2026,1100000,,
CSV
"$eml" init --db rt.db >/dev/null
for f in sites equipment targets; do
  "$eml" import "$f" "rt/$f.csv" --db rt.db >/dev/null || fail "import rt $f"
done
csv plan need --db rt.db --period P --at 2021-01-01 --population rt/pop.csv --year 2026 \
  --method linac,ratio --per-100k 0.5 --format csv
expect_status 0 "linac"
# ratio: 2 200 000 × 0.5 / 100 000 = 11,0; bounds at 10 %: floor(4.4 × 0.9) = 3, ceil(11 × 1.1) = 13
expect_line out "75;2000000;2200000;2;1;2;4;4,4;11,0;3;13"
# 92: 1 100 000 × 0.5 / 100 000 = 5,5; floor(4.125 × 0.9) = 3, ceil(5.5 × 1.1) = ceil(6.05) = 7
expect_line out "92;1000000;1100000;0;0;0;3;4,1;5,5;3;7"
expect_contains out "ESTRO-QUARTS"
expect_contains out "12VAC5-230-290"

# a method without its column: the cell is empty and the note says where
csv plan need --db rt.db --period P --at 2021-01-01 --population "$pop" --year 2021 \
  --method linac --format csv
expect_status 0 "linac without activity"
expect_line out "75;2133111;2133111;2;1;2;4;;;"
expect_contains out "Accélérateurs : donnée absente pour 75, 92 (cellule vide)."

# bad rows, to the byte; nothing projected
printf 'zone,year,population\n75,2021,abc\n99,2021,5\n75,2021,-3\n75,1850,1\n75,2021,10\n75,2021,11\n' >bad.csv
csv plan need --db t.db --period SROS3-PRS --population bad.csv --year 2021 --method ratio
expect_status 1 "bad rows"
expect_line err "eml: bad.csv:2: colonne population : pas un nombre entier de 0 à 1000000000 (valeur « abc »)"
expect_line err "eml: bad.csv:3: colonne zone : territoire inconnu (pas un département ; le déclarer dans territories.csv) (valeur « 99 »)"
expect_line err "eml: bad.csv:4: colonne population : pas un nombre entier de 0 à 1000000000 (valeur « -3 »)"
expect_line err "eml: bad.csv:5: colonne year : pas un nombre entier de 1900 à 2200 (valeur « 1850 »)"
expect_line err "eml: bad.csv:7: colonne zone : zone donnée deux fois pour 2021 (ligne 6) (valeur « 75 »)"
expect_line err "eml: bad.csv: 5 mauvaises lignes : aucun besoin projeté"
checks=$((checks + 1))
[ -z "$out" ] || fail "a table was printed with bad rows: $out"

printf 'zone,year\n75,2021\n' >nopop.csv
csv plan need --db t.db --period SROS3-PRS --population nopop.csv --year 2021 --method ratio
expect_status 1 "missing column"
expect_line err "eml: nopop.csv:1: colonne population : colonne obligatoire absente de l'en-tête"

# a zone of the balance without the year asked
csv plan need --db t.db --period SROS3-PRS --at 2017-10-01 --population "$pop" --year 2030 \
  --method ratio
expect_status 1 "year missing"
expect_line err "eml: $pop: zone 75 : pas de population pour 2030"

# options
csv plan need --db t.db --period SROS3-PRS --population "$pop" --year 2021 --method foo
expect_status 2 "unknown method"
expect_line err "eml: option --method : méthode inconnue (attendu ratio, utilisation, ny-mri ou linac) (valeur « foo »)"
csv plan need --db t.db --period SROS3-PRS --population "$pop" --year 2021 --method ratio \
  --tolerance 120%
expect_status 2 "tolerance"
expect_line err "eml: option --tolerance : pas un pourcentage de 0 à 99 (valeur « 120% »)"
csv plan need --db t.db --period SROS3-PRS --population "$pop" --year 2021
expect_status 2 "method required"
csv plan need --db t.db --period SROS3-PRS --population "$pop" --year 2021 --method ratio --campaign x
expect_status 2 "foreign option"

finish
