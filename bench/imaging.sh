#!/usr/bin/env bash
# bench/imaging.sh — times `eml imaging compute` against the DuckDB reference
# (shared/bench/duckdb) and `wc -l` on the benchmark's generated campaigns
# (shared/bench/README.md), and checks that both give the same numbers.
#
#   bench/imaging.sh DIR [CAMPAIGN...]     CAMPAIGN: d28 d91 d364 (default d28 d91)
#
# DIR receives the generator, the campaigns (kept between runs), the DuckDB
# package and the outputs. Each campaign: hyperfine -r 3 (median of 3 wall
# times, the three commands in one run so the ratios share the machine's
# load), then one /usr/bin/time -v run of each for the peak resident memory.
# Environment: EML (default build/eml), SHARED (default ../shared beside the
# repository), NO_DUCKDB=1 to time eml and `wc -l` only (the year's DuckDB
# run takes 15 to 60 minutes; its outputs, kept in DIR/CAMPAIGN/ref from an
# earlier run, are still compared), THREADS=N to run eml with --threads N
# (default: eml's default, the online cores). Prints one summary line per
# campaign for bench/RESULTS.md.
set -eu
dir=${1:?usage: bench/imaging.sh DIR [d28 d91 d364]}; shift
command -v hyperfine >/dev/null ||
  { echo "bench/imaging.sh: hyperfine is missing (make bench installs it: apt-get install hyperfine)" >&2; exit 2; }
campaigns=${*:-d28 d91}
repo=$(cd "$(dirname "$0")/.." && pwd)
eml=$(realpath "${EML:-$repo/build/eml}")
shared=${SHARED:-$repo/../shared}
[ -d "$shared/bench" ] || shared=/work/shared
mkdir -p "$dir"; dir=$(realpath "$dir")
cc -O2 -o "$dir/gen_imaging" "$shared/bench/gen_imaging.c" -lm
mkdir -p "$dir/duckdb"
cp "$shared/bench/duckdb/"{imaging.mjs,imaging.sql.tmpl,package.json,package-lock.json} "$dir/duckdb/"
[ -d "$dir/duckdb/node_modules/@duckdb/node-api" ] || (cd "$dir/duckdb" && npm install --no-audit --no-fund >/dev/null)

window() { case $1 in d28) echo "2010-02-01 2010-03-01 28";; d91) echo "2010-02-01 2010-05-03 91";;
                      d364) echo "2010-02-01 2011-01-31 364";; *) echo "unknown campaign $1" >&2; exit 2;; esac; }
peak_kb() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ { print $2 }'; }
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
for c in $campaigns; do
  read -r from to days < <(window "$c")
  d="$dir/$c"
  if [ ! -s "$d/exams.csv" ]; then mkdir -p "$d"; "$dir/gen_imaging" 2500 "$days" 1 "$d"; fi
  mkdir -p "$d/ref" "$d/eml"
  exams=$(( $(wc -l <"$d/exams.csv") - 1 ))
  run_eml="$eml imaging compute --equipment $d/equipment.csv --sessions $d/sessions.csv --exams $d/exams.csv --from $from --to $to --rejects $d/eml/rejects.txt --machines-csv $d/eml/machines.csv --panel-csv $d/eml/panel.csv${THREADS:+ --threads $THREADS}"
  run_duck="node $dir/duckdb/imaging.mjs $d $from $to $d/ref 2"
  run_wc="wc -l $d/exams.csv"
  if [ -n "${NO_DUCKDB:-}" ]; then
    hyperfine -N -r 3 --export-csv "$d/times.csv" -n eml "$run_eml" -n wc "$run_wc" >&2
  else
    hyperfine -N -r 3 --export-csv "$d/times.csv" -n eml "$run_eml" -n duckdb "$run_duck" -n wc "$run_wc" >&2
  fi
  awk -F, -v keys=equipment_id -f "$repo/tests/cli/imaging_compare.awk" "$d/ref/machines.csv" "$d/eml/machines.csv"
  awk -F, -v keys=modality,indicator -f "$repo/tests/cli/imaging_compare.awk" "$d/ref/panel.csv" "$d/eml/panel.csv"
  rss_eml=$(peak_kb $run_eml); rss_duck=0
  [ -n "${NO_DUCKDB:-}" ] || rss_duck=$(peak_kb $run_duck)
  awk -F, -v c="$c" -v n="$exams" -v re="$rss_eml" -v rd="$rss_duck" '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    { med[$1] = $(col["median"]) }
    END {
      printf "%s: %d exams | eml %.2f s, DuckDB %.2f s, wc -l %.3f s | DuckDB/eml %.1fx, eml/wc %.1fx | peak eml %.0f MiB (%.0f B/exam), DuckDB %.0f MiB\n",
        c, n, med["eml"], med["duckdb"], med["wc"], med["duckdb"] / med["eml"], med["eml"] / med["wc"],
        re / 1024, re * 1024 / n, rd / 1024
    }' "$d/times.csv"
done
