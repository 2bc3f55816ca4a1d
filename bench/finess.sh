#!/usr/bin/env bash
# finess.sh — benchmark of `eml import finess` on a generated national-size
# pair of extractions (finess_gen.py: 100,000 establishments with their
# coordinates, Windows-1252, and 5,000 devices in XML), against a baseline
# measured in the same run over the same files: `wc -l` on the
# establishments and `xmllint --stream --noout` on the devices (reading the
# bytes and parsing the XML, with nothing stored). Then a re-import of the
# same extraction (every record compared, nothing changed).
# usage: bench/finess.sh [EML_BINARY] [N_ESTABLISHMENTS] [N_DEVICES]
set -eu
here=$(cd "${0%/*}" && pwd)
eml=${1:-$here/../build/eml}
n_sites=${2:-100000}
n_devices=${3:-5000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/finess_gen.py" "$work" "$n_sites" "$n_devices"
# run CMD...: prints "WALL CPU" seconds (CPU = user + system)
run() {
  /usr/bin/time -f '%e %U %S' -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || {
    cat "$work/stderr"; exit 1; }
  awk '{ printf "%.3f %.3f", $1, $2 + $3 }' "$work/time"
}
ratio() { echo "$1 $2" | awk '{ printf "%.0f", $1 / $2 }'; }
"$eml" init --db "$work/b.db" >/dev/null
read -r wc_wall wc_cpu <<<"$(run wc -l "$work/etab.csv")"
read -r xl_wall xl_cpu <<<"$(run xmllint --stream --noout "$work/equip.xml")"
read -r first_wall first_cpu <<<"$(run "$eml" import finess --db "$work/b.db" --establishments "$work/etab.csv" --equipment "$work/equip.xml")"
read -r again_wall again_cpu <<<"$(run "$eml" import finess --db "$work/b.db" --establishments "$work/etab.csv" --equipment "$work/equip.xml")"
base_wall=$(echo "$wc_wall $xl_wall" | awk '{ printf "%.3f", $1 + $2 }')
base_cpu=$(echo "$wc_cpu $xl_cpu" | awk '{ printf "%.3f", $1 + $2 }')
echo "files: etab.csv $(stat -c %s "$work/etab.csv") bytes, equip.xml $(stat -c %s "$work/equip.xml") bytes"
echo "stored: $(sqlite3 "$work/b.db" "SELECT count(*) FROM site") sites, $(sqlite3 "$work/b.db" "SELECT count(*) FROM equipment") devices, store $(stat -c %s "$work/b.db") bytes"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "                               wall (s)   CPU (s)"
printf 'baseline wc -l + xmllint       %8s  %8s\n' "$base_wall" "$base_cpu"
printf 'eml import finess, first       %8s  %8s   (%s x / %s x baseline)\n' "$first_wall" "$first_cpu" "$(ratio "$first_wall" "$base_wall")" "$(ratio "$first_cpu" "$base_cpu")"
printf 'eml import finess, re-import   %8s  %8s   (%s x / %s x baseline)\n' "$again_wall" "$again_cpu" "$(ratio "$again_wall" "$base_wall")" "$(ratio "$again_cpu" "$base_cpu")"
