#!/usr/bin/env bash
# bench/run.sh — what `make bench` runs (issue 17, item 5): installs what the
# benchmarks need when it is missing, generates the campaigns, times eml
# against each baseline in the same run, checks eml's outputs against the
# reference, and appends one dated row per benchmark to bench/RESULTS.md
# (section "make bench"): the machine (nproc, CPU model, load average at
# the start of the benchmark), the times, the ratios to the baselines
# measured in that run, the issue's target and the check.
#
#   BENCH_SIZE=small (default, a few minutes on 2 cores) or national
#   BENCH_DIR   scratch directory, kept between runs (default build/bench)
#   BENCH_ONLY  names of the benchmarks to run (default all of them):
#               imaging_year imaging_october imaging_store rt finess plan
#   EML         the binary (default build/eml); RESULTS (default bench/RESULTS.md)
#
# Benchmarks, baselines and checks:
#   imaging_year     eml imaging compute (2 and 1 threads) | DuckDB reference,
#                    wc -l of exams.csv | machines.csv, panel.csv equal to
#                    DuckDB's to 1e-9. small: 2,500 machines x 28 days;
#                    national: x 364 days (the DuckDB run takes 4 to 20 minutes)
#   imaging_october  the same over 26 Oct - 5 Nov 2010 (2,500 machines, seed
#                    1), without --rejects | DuckDB, wc -l | equal, nothing
#                    rejected, 34 exams kept by the October rule
#   imaging_store    eml imaging import, compute --campaign | compute from
#                    the files | the same machines.csv
#   rt               eml rt import, rt activity --db | sqlite3 .import of the
#                    five CSVs | rt activity from the store equals it from the
#                    files. small: 20 centres; national: 175
#   finess           eml import finess (bench/finess.sh) | wc -l + xmllint
#                    | every site and device stored. small: 20,000 + 1,000;
#                    national: 100,000 + 5,000
#   plan             eml imaging capacity, eml plan scenario --campaign (the
#                    demo register, mixed.txt) | imaging compute --campaign
#                    on the same stored campaign | the capacity's machines
#                    = the scenario's before. small: d28; national: d364
# A benchmark whose tools cannot be installed is skipped with a message on
# stderr and a row saying why; the exit status is 1 when a check failed.
# Timing: hyperfine, median of 3 runs (5 for national), whole processes;
# peak memory from one /usr/bin/time -v run. Never run by the tests.
set -u
repo=$(cd "$(dirname "$0")/.." && pwd)
size=${BENCH_SIZE:-small}
case $size in small | national) ;; *) echo "bench: BENCH_SIZE must be small or national" >&2; exit 2;; esac
eml=$(realpath "${EML:-$repo/build/eml}")
results=${RESULTS:-$repo/bench/RESULTS.md}
shared=${SHARED:-$repo/../shared}
[ -d "$shared/bench" ] || shared=/work/shared
dir=${BENCH_DIR:-$repo/build/bench}
only=${BENCH_ONLY:-imaging_year imaging_october imaging_store rt finess plan}
runs=3
[ "$size" = national ] && runs=5
mkdir -p "$dir" && dir=$(realpath "$dir")
[ -x "$eml" ] || { echo "bench: no eml binary at $eml (make build)" >&2; exit 2; }
status=0
say() { echo "bench: $*" >&2; }

# ---- what the benchmarks need ------------------------------------------------

# installs an apt package when missing and we may (root, apt-get)
apt_install() { # command package
  command -v "$1" >/dev/null && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing $2 (apt-get)"
    { DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2"; }; } \
      >"$dir/apt-$2.log" 2>&1
  fi
  command -v "$1" >/dev/null || { say "$1 is missing and could not be installed (apt-get install $2 as root; log $dir/apt-$2.log)"; return 1; }
}
have_hyperfine=0; apt_install hyperfine hyperfine && have_hyperfine=1
have_duckdb=0
if command -v node >/dev/null && command -v npm >/dev/null && [ -d "$shared/bench/duckdb" ]; then
  mkdir -p "$dir/duckdb"
  cp "$shared/bench/duckdb/"{imaging.mjs,imaging.sql.tmpl,package.json,package-lock.json} "$dir/duckdb/"
  if [ ! -d "$dir/duckdb/node_modules/@duckdb/node-api" ]; then
    say "installing the DuckDB reference's package (npm ci in $dir/duckdb)"
    # npm ci installs the locked versions; a newer npm may find the lock
    # file out of step with the platform packages: then npm install, as the
    # tests do (tests/cli/test_imaging_duckdb.sh)
    (cd "$dir/duckdb" && npm ci --no-audit --no-fund >npm.log 2>&1) ||
      { say "npm ci failed ($(grep -m1 -v '^npm error *$' "$dir/duckdb/npm.log" | cut -c1-160)); trying npm install"
        (cd "$dir/duckdb" && npm install --no-audit --no-fund >>npm.log 2>&1); } ||
      say "npm could not install @duckdb/node-api (log $dir/duckdb/npm.log): the imaging benchmarks run without DuckDB"
  fi
  [ -d "$dir/duckdb/node_modules/@duckdb/node-api" ] && have_duckdb=1
else
  say "node, npm or $shared/bench/duckdb missing: the imaging benchmarks run without DuckDB"
fi
gen_imaging=""
if command -v cc >/dev/null && [ -f "$shared/bench/gen_imaging.c" ]; then
  cc -O2 -o "$dir/gen_imaging" "$shared/bench/gen_imaging.c" -lm && gen_imaging="$dir/gen_imaging"
fi

# ---- measuring and recording -------------------------------------------------

machine() {
  printf '%s cores, %s, load %s' "$(nproc)" \
    "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)" "$(cut -d' ' -f1-3 /proc/loadavg)"
}
commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo "?")
[ -n "$(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null)" ] && commit="$commit+"
ensure_results() {
  grep -q '^## make bench' "$results" 2>/dev/null && return
  cat >>"$results" <<'EOF'

## make bench (issue 17)

One row per benchmark and run of `make bench` (`bench/run.sh`), appended by
the script: the machine and its load average when the benchmark started,
median wall times (hyperfine), the ratios to the baselines measured in the
same run, the issue's target and the check of eml's outputs.

| date (UTC) | commit | size | benchmark | machine | eml | baselines | ratios | target | check |
|---|---|---|---|---|---|---|---|---|---|
EOF
}
row() { # benchmark machine eml baselines ratios target check
  ensure_results
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$(date -u +%Y-%m-%dT%H:%MZ)" \
    "$commit" "$size" "$@" >>"$results"
  say "$1: $3 | $4 | $5 | target $6 | check: $7"
}
skip_row() { row "$1" "$(machine)" "—" "—" "—" "—" "skipped: $2"; say "SKIP $1: $2"; }

# median NAME: median wall seconds of the command NAME in $times (hyperfine csv)
times=""
median() { awk -F, -v n="$1" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
                               $1 == n { printf "%.3f", $(c["median"]) }' "$times"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf (b > 0 ? "%.2f" : "—"), (b > 0 ? a / b : 0) }'; }
peak_mib() { /usr/bin/time -f '%M' -o "$dir/peak" "$@" >/dev/null 2>&1; awk '{ printf "%.0f", $1 / 1024 }' "$dir/peak"; }
wall() { /usr/bin/time -f '%e' -o "$dir/wall" "$@" >/dev/null 2>"$dir/wall.err" || return 1; cat "$dir/wall"; }
hf() { # out.csv hyperfine-args...: hyperfine, median of $runs
  times=$1; shift
  hyperfine -i -r "$runs" --style basic --export-csv "$times" "$@" >"$times.log" 2>&1 ||
    { say "hyperfine failed: $(tail -5 "$times.log")"; return 1; }
}
compare() { # ref eml: both CSVs of the DuckDB reference against eml's, to 1e-9
  awk -F, -v keys=equipment_id -f "$repo/tests/cli/imaging_compare.awk" "$1/machines.csv" "$2/machines.csv" >&2 &&
    awk -F, -v keys=modality,indicator -f "$repo/tests/cli/imaging_compare.awk" "$1/panel.csv" "$2/panel.csv" >&2
}
imaging_campaign() { # name machines days seed start: generated once into $dir/name
  local d="$dir/$1"
  [ -s "$d/exams.csv" ] && return 0
  rm -rf "$d"; mkdir -p "$d"
  "$gen_imaging" "$2" "$3" "$4" "$d" "$5" >/dev/null 2>&1
}

# ---- the benchmarks ----------------------------------------------------------

# imaging compute against DuckDB and wc -l; name campaign from to [extra check]
imaging_vs_reference() {
  local name=$1 c=$2 from=$3 to=$4 m
  m=$(machine)
  local d="$dir/$c"
  mkdir -p "$d/eml" "$d/eml1" "$d/ref"
  local files="--equipment $d/equipment.csv --sessions $d/sessions.csv --exams $d/exams.csv --from $from --to $to"
  local run_eml="$eml imaging compute $files --machines-csv $d/eml/machines.csv --panel-csv $d/eml/panel.csv"
  "$eml" imaging compute $files --machines-csv "$d/eml/machines.csv" --panel-csv "$d/eml/panel.csv" \
    >"$d/eml/stdout" 2>"$d/eml/stderr"
  local rc=$? check
  if [ $rc -ne 0 ]; then
    check="FAILED: eml exit $rc ($(head -1 "$d/eml/stderr"))"
    status=1
  fi
  hf "$d/times.csv" -N -n eml2 "$run_eml --threads 2" -n eml1 "$run_eml --threads 1 --machines-csv $d/eml1/m.csv" \
    -n wc "wc -l $d/exams.csv" || return
  local t_eml t_eml1 t_wc t_duck="" peak
  t_eml=$(median eml2); t_eml1=$(median eml1); t_wc=$(median wc)
  peak=$(peak_mib $run_eml)
  local baselines="wc -l ${t_wc} s" ratios="eml/wc $(ratio "$t_eml" "$t_wc")×"
  if [ $have_duckdb = 1 ]; then
    say "$name: the DuckDB reference (one run)"
    if t_duck=$(wall node "$dir/duckdb/imaging.mjs" "$d" "$from" "$to" "$d/ref" 2); then
      baselines="DuckDB ${t_duck} s, $baselines"
      ratios="DuckDB/eml $(ratio "$t_duck" "$t_eml")×, $ratios"
      [ -n "${check:-}" ] || { compare "$d/ref" "$d/eml" && check="equal to DuckDB to 1e-9"; } ||
        { check="FAILED: differs from DuckDB"; status=1; }
    else
      [ -n "${check:-}" ] || check="not checked: the DuckDB run failed ($(tail -1 "$dir/wall.err"))"
    fi
  else
    [ -n "${check:-}" ] || check="not checked: no DuckDB"
  fi
  local exams=$(($(wc -l <"$d/exams.csv") - 1))
  if [ -n "${5:-}" ] && [[ $check != FAILED* ]]; then
    # "Fichiers lus", exams.csv: rejected (4th) and resolved October hours (8th)
    local counted
    counted=$(awk '$1 == "exams.csv" && NF == 8 { print $4, $8 }' "$d/eml/stdout")
    if [ "$counted" = "0 $5" ]; then check="$check; 0 rejected, $5 kept by the October rule"
    else check="FAILED: rejected and resolved '$counted', expected '0 $5'"; status=1; fi
  fi
  row "$name" "$m" "$(printf "%'d" "$exams") exams: ${t_eml} s (2 threads), ${t_eml1} s (1 thread), peak ${peak} MiB" \
    "$baselines" "$ratios" "$6" "$check"
}

bench_imaging_year() {
  [ -n "$gen_imaging" ] || { skip_row imaging_year "no C compiler or no $shared/bench/gen_imaging.c"; return; }
  [ $have_hyperfine = 1 ] || { skip_row imaging_year "hyperfine missing"; return; }
  if [ "$size" = small ]; then
    imaging_campaign d28 2500 28 1 2010-02-01
    imaging_vs_reference imaging_year d28 2010-02-01 2010-03-01 "" "≥ 3× faster than DuckDB"
  else
    imaging_campaign d364 2500 364 1 2010-02-01
    imaging_vs_reference imaging_year d364 2010-02-01 2011-01-31 "" "eml/wc ≤ 4×, DuckDB/eml ≥ 3×"
  fi
}

bench_imaging_october() {
  [ -n "$gen_imaging" ] || { skip_row imaging_october "no C compiler or no $shared/bench/gen_imaging.c"; return; }
  [ $have_hyperfine = 1 ] || { skip_row imaging_october "hyperfine missing"; return; }
  # 26 October - 5 November 2010 (10 days), seed 1: 34 exams inside the
  # repeated hour end "before" they start (issue 17)
  imaging_campaign oct10 2500 10 1 2010-10-26
  imaging_vs_reference imaging_october oct10 2010-10-26 2010-11-05 34 "no rejected row, DuckDB equality"
}

bench_imaging_store() {
  [ -n "$gen_imaging" ] || { skip_row imaging_store "no C compiler or no $shared/bench/gen_imaging.c"; return; }
  [ $have_hyperfine = 1 ] || { skip_row imaging_store "hyperfine missing"; return; }
  local c=d28 from=2010-02-01 to=2010-03-01 m
  [ "$size" = national ] && c=d364 to=2011-01-31
  [ "$size" = small ] && imaging_campaign d28 2500 28 1 2010-02-01
  [ "$size" = national ] && imaging_campaign d364 2500 364 1 2010-02-01
  m=$(machine)
  local d="$dir/$c" s="$dir/store-$c"
  mkdir -p "$s"
  local files="--equipment $d/equipment.csv --sessions $d/sessions.csv --exams $d/exams.csv"
  local import="$eml imaging import --campaign b --db $s/eml.db $files"
  hf "$s/times.csv" --prepare "rm -f $s/eml.db && $eml init --db $s/eml.db" -n import "$import" ||
    return
  local t_import; t_import=$(median import)
  hf "$s/times2.csv" -N -n store "$eml imaging compute --campaign b --db $s/eml.db --from $from --to $to --machines-csv $s/m_store.csv" \
    -n files "$eml imaging compute $files --from $from --to $to --machines-csv $s/m_files.csv" || return
  local t_store t_files check
  t_store=$(median store); t_files=$(median files)
  if cmp -s "$s/m_store.csv" "$s/m_files.csv"; then check="machines.csv from the store = from the files"
  else check="FAILED: machines.csv differs between the store and the files"; status=1; fi
  row imaging_store "$m" "import ${t_import} s, compute --campaign ${t_store} s" \
    "compute from the files ${t_files} s" \
    "store/files $(ratio "$t_store" "$t_files")×, import/files $(ratio "$t_import" "$t_files")×" \
    "store ≤ 1.5× files; national import < 10 s" "$check"
}

bench_rt() {
  [ $have_hyperfine = 1 ] || { skip_row rt "hyperfine missing"; return; }
  apt_install sqlite3 sqlite3 || { skip_row rt "sqlite3 missing (the baseline)"; return; }
  local centres=20 m
  [ "$size" = national ] && centres=175
  local d="$dir/rt-$centres"
  if [ ! -s "$d/rt_sessions.csv" ]; then
    "$eml" generate radiotherapy --centres "$centres" --year 2010 --seed 1 --out "$d" >/dev/null ||
      { skip_row rt "eml generate radiotherapy failed"; return; }
  fi
  m=$(machine)
  export EML_PSEUDONYM_KEY=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
  local sq="$d/sqlite.db" db="$d/eml.db"
  { echo ".mode csv"
    for f in centres machines staff courses sessions; do echo ".import $d/rt_$f.csv $f"; done; } >"$d/import.sql"
  # one --prepare per command: each starts from an empty database
  hf "$d/times.csv" --prepare "rm -f $sq" --prepare "rm -f $db && $eml init --db $db" \
    -n sqlite "sqlite3 $sq < $d/import.sql" -n import "$eml rt import --dir $d --db $db" || return
  local t_sq t_imp t_act peak check
  t_sq=$(median sqlite); t_imp=$(median import)
  local s_sq s_db; s_sq=$(stat -c %s "$sq"); s_db=$(stat -c %s "$db")
  hf "$d/times2.csv" -N -n activity "$eml rt activity --year 2010 --db $db" || return
  t_act=$(median activity)
  peak=$(peak_mib "$eml" rt activity --year 2010 --db "$db")
  # the report itself (stderr: the files' reading counts, only from the files)
  "$eml" rt activity --year 2010 --db "$db" >"$d/from_store.txt" 2>/dev/null
  "$eml" rt activity --year 2010 --dir "$d" >"$d/from_files.txt" 2>/dev/null
  if cmp -s "$d/from_store.txt" "$d/from_files.txt"; then check="rt activity from the store = from the files"
  else check="FAILED: rt activity differs between the store and the files"; status=1; fi
  local passages=$(($(wc -l <"$d/rt_sessions.csv") - 1))
  row rt "$m" "$(printf "%'d" "$passages") passages: import ${t_imp} s, store $((s_db / 1048576)) MiB; activity ${t_act} s, peak ${peak} MiB" \
    "sqlite3 .import ${t_sq} s, $((s_sq / 1048576)) MiB" \
    "import/sqlite3 $(ratio "$t_imp" "$t_sq")×, store/sqlite3 $(ratio "$s_db" "$s_sq")×, activity/import $(ratio "$t_act" "$t_imp")×" \
    "import ≤ 1.0×, store ≤ 0.5×, activity ≤ 0.25×" "$check"
}

bench_finess() {
  command -v python3 >/dev/null || { skip_row finess "python3 missing (bench/finess_gen.py)"; return; }
  apt_install xmllint libxml2-utils || { skip_row finess "xmllint missing (the baseline)"; return; }
  apt_install sqlite3 sqlite3 || { skip_row finess "sqlite3 missing (the count of stored rows)"; return; }
  local sites=20000 devices=1000 m out
  [ "$size" = national ] && sites=100000 devices=5000
  m=$(machine)
  out=$(bash "$repo/bench/finess.sh" "$eml" "$sites" "$devices" 2>&1) ||
    { row finess "$m" "—" "—" "—" "within 10× the bare read" "FAILED: $(tail -1 <<<"$out")"; status=1; return; }
  local base first again stored check
  base=$(awk '/^baseline/ { print $(NF-1) }' <<<"$out")
  first=$(awk '/first/ { print $5 }' <<<"$out")
  again=$(awk '/re-import/ { print $5 }' <<<"$out")
  stored=$(awk '/^stored:/ { print $2, $4 }' <<<"$out")
  if [ "$stored" = "$sites $devices" ]; then check="$sites sites and $devices devices stored"
  else check="FAILED: stored '$stored', expected '$sites $devices'"; status=1; fi
  row finess "$m" "$(printf "%'d" "$sites") establishments + $(printf "%'d" "$devices") devices: first import ${first} s, re-import ${again} s (one run each)" \
    "wc -l + xmllint --stream ${base} s" \
    "first/baseline $(ratio "$first" "$base")×, re-import/baseline $(ratio "$again" "$base")×" \
    "≤ 10× the bare read" "$check"
}

# capacity (planning.md §1) and a scenario (§3) on the year's campaign,
# against eml imaging compute on the same stored campaign in the same run
# (issue 15: "in under 2× the time of eml imaging compute on it")
bench_plan() {
  [ -n "$gen_imaging" ] || { skip_row plan "no C compiler or no $shared/bench/gen_imaging.c"; return; }
  [ $have_hyperfine = 1 ] || { skip_row plan "hyperfine missing"; return; }
  local c=d28 m
  [ "$size" = national ] && c=d364
  [ "$size" = small ] && imaging_campaign d28 2500 28 1 2010-02-01
  [ "$size" = national ] && imaging_campaign d364 2500 364 1 2010-02-01
  m=$(machine)
  local d="$dir/$c" s="$dir/plan-$c"
  mkdir -p "$s"
  local db="$s/eml.db" demo="$repo/data/idf-2017"
  if [ ! -s "$s/stored" ]; then # the register of the demo and the campaign, stored once
    rm -f "$db"
    { "$eml" init --db "$db" &&
      for k in sites equipment targets notes; do "$eml" import "$k" "$demo/$k.csv" --db "$db" || exit 1; done &&
      "$eml" imaging import --campaign b --db "$db" --equipment "$d/equipment.csv" \
        --sessions "$d/sessions.csv" --exams "$d/exams.csv"; } >"$s/store.log" 2>&1 ||
      { skip_row plan "the store could not be made ($(tail -1 "$s/store.log"))"; return; }
    touch "$s/stored"
  fi
  local src="--campaign b --db $db"
  local scenario="$eml plan scenario $repo/tests/data/plan/scenario/mixed.txt --at 2017-10-01 --period SROS3-PRS $src --format csv"
  hf "$s/times.csv" -N -n compute "$eml imaging compute $src" \
    -n capacity "$eml imaging capacity $src --format csv" -n scenario "$scenario" || return
  local t_compute t_capacity t_scenario check
  t_compute=$(median compute); t_capacity=$(median capacity); t_scenario=$(median scenario)
  # the check: the zone totals of the capacity are those the scenario shows before
  "$eml" imaging capacity $src --format csv 2>/dev/null | tr -d '\r' >"$s/capacity.csv"
  $scenario 2>/dev/null | tr -d '\r' >"$s/scenario.csv"
  local total_cap total_sc
  total_cap=$(awk -F';' '$1 == "Total" { n += $3 } END { print n + 0 }' "$s/capacity.csv")
  total_sc=$(awk -F';' 'f && NF == 6 && $3 ~ /^[0-9]+$/ { n += $3 } /^Scénario : capacité/ { f = 1 } END { print n + 0 }' "$s/scenario.csv")
  if [ "$total_cap" -gt 0 ] && [ "$total_cap" = "$total_sc" ]; then
    check="$total_cap machines in the capacity = in the scenario's before"
  else check="FAILED: capacity $total_cap machines, scenario $total_sc"; status=1; fi
  row plan "$m" "capacity ${t_capacity} s, scenario ${t_scenario} s" "imaging compute --campaign ${t_compute} s" \
    "capacity/compute $(ratio "$t_capacity" "$t_compute")×, scenario/compute $(ratio "$t_scenario" "$t_compute")×" \
    "≤ 2×" "$check"
}

say "size $size, scratch $dir, results appended to $results; machine: $(machine)"
for b in $only; do
  case $b in
    imaging_year | imaging_october | imaging_store | rt | finess | plan) say "-- $b"; "bench_$b" ;;
    *) say "unknown benchmark $b"; status=2 ;;
  esac
done
exit $status
