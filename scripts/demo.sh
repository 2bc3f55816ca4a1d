#!/usr/bin/env bash
# demo.sh — the main job on the bundled demo data (make demo): builds a
# store from data/idf-2017 (invented sites and devices, real targets of the
# ARS Île-de-France, October 2017), prints the six balances of the seed,
# checks them against the published tables, and judges the demo
# applications. Outputs are left in out/.
set -euo pipefail
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
