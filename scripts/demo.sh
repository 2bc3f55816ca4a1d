#!/usr/bin/env bash
# demo.sh — the main job on the bundled demo data (make demo): builds a
# store from data/idf-2017 (invented sites and devices, real targets of the
# ARS Île-de-France, October 2017), prints the six balances of the seed,
# checks them against the published tables, and judges the demo
# applications; then the same for the 2023 authorisation regime on
# data/idf-2025 (an invented register whose totals are ARS Île-de-France's
# published figures after the reform): its import and its balance
# ("bilan quantifié de l'offre de soins") at 30 June 2025, and the
# conversion of the 2017 register to the 2023 regime at 1 June 2023.
# Outputs are left in out/. The demo speaks French, eml's language, whatever
# the locale (EML_LANG=en before make demo gives eml's own texts in English).
set -euo pipefail
export EML_LANG=${EML_LANG:-fr}
eml=${1:?usage: demo.sh PATH-TO-eml}
here=$(cd "$(dirname "$0")/.." && pwd)
data=$here/data/idf-2017
out=$here/out
mkdir -p "$out"
db=$out/demo.db
rm -f "$db"

"$eml" init --db "$db"
for kind in sites equipment targets notes; do
  "$eml" import "$kind" "$data/$kind.csv" --db "$db" --user demo
done

echo
echo "=== Bilan des OQOS, Île-de-France, au 1er octobre 2017 ==="
echo
"$eml" bilan --db "$db" --at 2017-10-01 --period SROS3-PRS | tee "$out/bilan.txt"

echo
echo "=== Comparaison avec les tableaux publiés (une cellule publiée est incohérente) ==="
"$eml" bilan --db "$db" --at 2017-10-01 --period SROS3-PRS --compare "$data/published.tsv" || true

echo
echo "=== Demandes d'autorisation ==="
echo
"$eml" requests --db "$db" --at 2017-10-01 --period SROS3-PRS "$data/requests.csv" | tee "$out/demandes.txt"

# ---- the 2023 authorisation regime (regime-2023.md, docs/regime-2023.md):
# site authorisations, declared devices, conventions, filing windows, OQOS
# in implantations per zone
data2023=$here/data/idf-2025
db2023=$out/demo-2023.db
rm -f "$db2023"
echo
echo "=== Régime d'autorisation de 2023 : registre de démonstration data/idf-2025 (inventé) ==="
echo
"$eml" init --db "$db2023"
for kind in sites authorisations devices conventions windows targets; do
  "$eml" import "$kind" "$data2023/$kind.csv" --db "$db2023" --user demo
done
echo
echo "=== Bilan quantifié de l'offre de soins, Île-de-France, au 30 juin 2025 ==="
echo
"$eml" bilan --db "$db2023" --at 2025-06-30 --period PRS-2023 | tee "$out/bilan-2023.txt"
echo
echo "=== Demandes d'autorisation sous le régime de 2023 (créations, renouvellements, déclarations, transferts) ==="
echo
"$eml" requests --db "$db2023" --at 2025-06-30 --period PRS-2023 "$data2023/requests.csv" |
  tee "$out/demandes-2023.txt"
# ---- the conversion of the 2017 register to the 2023 regime at 1 June 2023
# (issue 13, item 5; docs/regime-2023.md "From one regime to the other"),
# on a copy of the 2017 store: the whole report in out/conversion-2023.txt,
# here its summary and the sites the rules of 2023 flag
cp "$db" "$out/demo-converted.db"
echo
echo "=== Conversion du registre de 2017 au régime de 2023, au 1er juin 2023 ==="
echo
"$eml" regime convert --db "$out/demo-converted.db" --at 2023-06-01 --user demo \
  >"$out/conversion-2023.txt"
grep -F "autorisations créées" "$out/conversion-2023.txt"
echo
sed -n '/^Sites signalés par les règles de 2023/,$p' "$out/conversion-2023.txt"
echo "(rapport complet : $out/conversion-2023.txt)"

# ---- the CT/MRI benchmark (imaging.md) on a generated national campaign
# of the seed's size: 326 CT and 191 MRI over 28 days
campaign=$out/imaging-campaign
rm -rf "$campaign"
echo
echo "=== Benchmark des plateaux d'imagerie : campagne générée de 326 scanners et 191 IRM sur 28 jours ==="
echo
"$eml" generate imaging --ct 326 --mri 191 --days 28 --seed 1 --out "$campaign" --threads 2
imaging=(--equipment "$campaign/equipment.csv" --sessions "$campaign/sessions.csv"
         --exams "$campaign/exams.csv")
"$eml" imaging compute "${imaging[@]}" | tee "$out/imaging.txt"
echo
"$eml" imaging appointments --equipment "$campaign/equipment.csv" "$campaign/appointments.csv" |
  tee "$out/imaging-rdv.txt"

# ---- radiotherapy (radiotherapy.md): a generated region, its regional report
rm -rf "$out/rt-region" "$out/rt.db"
EML_PSEUDONYM_KEY=${EML_PSEUDONYM_KEY:-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')}
export EML_PSEUDONYM_KEY
"$eml" generate radiotherapy --centres 8 --year 2023 --seed 7 --out "$out/rt-region" >/dev/null
"$eml" init --db "$out/rt.db" >/dev/null
"$eml" rt import --dir "$out/rt-region" --db "$out/rt.db" >/dev/null
echo
echo "=== Radiothérapie : rapport régional 2023 (région générée, 8 centres) ==="
echo
"$eml" rt report --db "$out/rt.db" --year 2023 | tee "$out/rt.txt"

# ---- reports as documents (charts.md): PDF and XLSX of the three
# capabilities, the charts as SVG and PNG in out/charts
echo
echo "=== Rapports PDF et XLSX, graphiques ==="
"$eml" report bilan --db "$db" --at 2017-10-01 --period SROS3-PRS --format pdf \
  --output "$out/bilan.pdf" --charts "$out/charts"
"$eml" report bilan --db "$db" --at 2017-10-01 --period SROS3-PRS --format xlsx \
  --output "$out/bilan.xlsx"
"$eml" report bilan --db "$db2023" --at 2025-06-30 --period PRS-2023 --format pdf \
  --output "$out/bilan-2023.pdf"
"$eml" report bilan --db "$db2023" --at 2025-06-30 --period PRS-2023 --format xlsx \
  --output "$out/bilan-2023.xlsx"
"$eml" report imaging "${imaging[@]}" --format pdf --output "$out/imaging.pdf" \
  --charts "$out/charts" 2>/dev/null
"$eml" report imaging "${imaging[@]}" --format xlsx --output "$out/imaging.xlsx" 2>/dev/null
# the sheet of each machine, one PDF per site, for the sites of Île-de-France
# (FINESS of départements 75, 77, 78, 91-95: about 90 machines, 2 pages each)
rm -rf "$out/fiches"
"$eml" report machines "${imaging[@]}" --output "$out/fiches" \
  --finess 75,77,78,91,92,93,94,95 2>/dev/null | tail -n 3
echo "$(ls "$out/fiches" | wc -l) fiches de site (PDF) dans $out/fiches"
# the same sheets as workbooks, one per site, one sheet per machine
"$eml" report machines "${imaging[@]}" --output "$out/fiches" --format xlsx \
  --finess 75,77,78,91,92,93,94,95 2>/dev/null | tail -n 3
echo "$(ls "$out/fiches"/*.xlsx | wc -l) fiches de site (XLSX) dans $out/fiches"
"$eml" report rt --db "$out/rt.db" --year 2023 --format pdf --output "$out/rt.pdf" \
  --charts "$out/charts"
"$eml" report rt --db "$out/rt.db" --year 2023 --format xlsx --output "$out/rt.xlsx"
ls "$out"/*.pdf "$out"/*.xlsx
echo "$(ls "$out/charts" | wc -l) fichiers de graphiques dans $out/charts"
