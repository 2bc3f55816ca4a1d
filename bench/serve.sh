#!/usr/bin/env bash
# bench/serve.sh — `eml serve` under load (issues 6 and 16): the demo data
# (tests/browser/serve_demo.sh), the server on the loopback, then wrk with
# 50 concurrent connections (2 threads: the machine has 2 cores; the
# server takes 64 connections from one address, docs/security.md).
#
# First the routes side by side, DURATION each, in one run: the trivial
# /api (the list of endpoints, no data), /api/bilan (the balance of the
# store), /api/imaging (the national summary) and /api/rt (radiotherapy
# report and checklists). Issue 16's targets: /api/bilan and /api/imaging
# at least a tenth of /api's requests per second, /api/rt a twentieth
# (answers kept per store version, server/cache.c), and no non-2xx answer.
#
# Then /api/imaging three times, to check that no request failed (no
# socket error, no non-2xx answer, the answer the same bytes after the
# load as before) and that the resident memory stops growing: run 1 brings
# the heap to its working size (the connections' buffers, the allocator's
# per-thread arenas), and the RSS after run 3 must not be above the one
# after run 2 by more than 1 MB (a leak of even 16 bytes a request would
# add ~1.5 MB a run). The memory leak check proper is LeakSanitizer's at
# exit, in the tests of make test.
#
# Then the soak (issue 16: "memory flat over 5 minutes"): one wrk of
# CONNECTIONS connections for BENCH_LOAD_SECONDS (default 300) whose
# requests go round /api/bilan, /api/imaging and /api/rt (a wrk Lua script),
# the server's VmRSS (/proc/PID/status) sampled every BENCH_RSS_EVERY
# seconds (default 5): first, last and peak are printed, and the last
# sample must not be above the first by more than 1 MB (the first sample
# is taken after the runs above brought the heap to its working size).
# Then a malformed request still gets its 4xx and SIGTERM stops the server
# (exit 0).
#
#   bench/serve.sh [DIR]      DIR: scratch directory (default: a temporary one)
# Environment: EML (default build/eml), DURATION (default 30s; each route
# of the comparison gets a third of it), CONNECTIONS (default 50),
# BENCH_LOAD_SECONDS (default 300: the soak; 0 leaves it out),
# BENCH_RSS_EVERY (default 5). Prints the lines copied into bench/RESULTS.md.
set -u
repo=$(cd "$(dirname "$0")/.." && pwd)
export EML=$(realpath "${EML:-$repo/build/eml}")
export EML_SOURCE_DIR=$repo
export EML_SHARED_DIR=${EML_SHARED_DIR:-$repo/../shared}
[ -d "$EML_SHARED_DIR/bench" ] || EML_SHARED_DIR=/work/shared
duration=${DURATION:-30s}
connections=${CONNECTIONS:-50}
load_seconds=${BENCH_LOAD_SECONDS:-300}
rss_every=${BENCH_RSS_EVERY:-5}
dir=${1:-$(mktemp -d)}
command -v wrk >/dev/null || { echo "bench/serve.sh: wrk is needed (apt-get install wrk)"; exit 2; }
source "$repo/tests/browser/serve_demo.sh"

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$SERVE_PID/status"; }
threads() { awk '/^Threads:/ {print $2}' "/proc/$SERVE_PID/status"; }

load_start=$(cut -d" " -f1-3 /proc/loadavg)
serve_make_demo "$dir" || { echo "demo data failed"; exit 1; }
serve_start "$dir" || exit 1
failed=0
# ---- the routes side by side --------------------------------------------------
seconds=${duration%s}
route_duration=$(((seconds + 2) / 3))s
declare -A rps
for route in /api /api/bilan /api/imaging /api/rt; do
  # the previous run's 50 connections closed first: with the new ones they
  # would pass the 64 a client address may hold while the first request of
  # a route reads the store (the worker threads wait for it)
  sleep 1
  out="$dir/wrk_route_${route//\//_}.txt"
  wrk -t2 -c"$connections" -d"$route_duration" --timeout 10s --latency "$SERVE_URL$route" >"$out" 2>&1
  if grep -qE 'Socket errors|Non-2xx' "$out"; then
    echo "FAIL: $route had errors: $(grep -E 'Socket errors|Non-2xx' "$out")"
    failed=1
  fi
  rps[$route]=$(awk '/Requests\/sec/ {print $2}' "$out")
  echo "$route: ${rps[$route]} requests/s, p99 $(awk '$1 == "99%" {print $2}' "$out")"
done
# ratio ROUTE DIVISOR: ROUTE reaches 1/DIVISOR of /api's requests per second
ratio() {
  local verdict
  verdict=$(awk -v r="${rps[$1]}" -v base="${rps[/api]}" -v d="$2" \
    'BEGIN { printf "%s %.3f", (r * d >= base ? "ok" : "FAIL"), r / base }')
  echo "$1: ${verdict#* } of /api (target 1/$2): ${verdict%% *}"
  [ "${verdict%% *}" = ok ] || failed=1
}
ratio_of() { awk -v r="${rps[$1]}" -v base="${rps[/api]}" 'BEGIN { printf "%.3f", r / base }'; }
ratio /api/bilan 10
ratio /api/imaging 10
ratio /api/rt 20
routes_summary="$connections connections, $route_duration a route:"
for route in /api /api/bilan /api/imaging /api/rt; do
  routes_summary+=" $route ${rps[$route]}/s,"
done

# ---- /api/imaging three times: errors and memory ----------------------------
url=$SERVE_URL/api/imaging
curl -s -o "$dir/before.json" "$url"
rss_start=$(rss_kb)
for run in 1 2 3; do
  wrk -t2 -c"$connections" -d"$duration" --timeout 10s --latency "$url" >"$dir/wrk$run.txt" 2>&1
  cat "$dir/wrk$run.txt"
  if grep -qE 'Socket errors|Non-2xx' "$dir/wrk$run.txt"; then
    echo "FAIL: run $run had errors"
    failed=1
  fi
  eval "rss_$run=$(rss_kb)"
  echo "run $run: RSS $(rss_kb) kB, threads $(threads)"
done

# ---- the soak: the three routes for load_seconds, RSS sampled ---------------
soak_summary="no soak (BENCH_LOAD_SECONDS=0)"
if [ "$load_seconds" -gt 0 ]; then
  cat >"$dir/routes.lua" <<'LUA'
-- the requests of each connection go round the three data routes
local paths = {"/api/bilan", "/api/imaging", "/api/rt"}
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
LUA
  sleep 1 # the previous run's connections closed first (the 64 of one address)
  wrk -t2 -c"$connections" -d"${load_seconds}s" --timeout 10s --latency -s "$dir/routes.lua" \
    "$SERVE_URL" >"$dir/wrk_soak.txt" 2>&1 &
  wrk_pid=$!
  : >"$dir/rss.txt"
  start=$SECONDS
  while kill -0 "$wrk_pid" 2>/dev/null; do
    echo "$((SECONDS - start)) $(rss_kb)" >>"$dir/rss.txt"
    sleep "$rss_every"
  done
  wait "$wrk_pid"
  echo "$((SECONDS - start)) $(rss_kb)" >>"$dir/rss.txt"
  cat "$dir/wrk_soak.txt"
  if grep -qE 'Socket errors|Non-2xx' "$dir/wrk_soak.txt"; then
    echo "FAIL: the soak had errors: $(grep -E 'Socket errors|Non-2xx' "$dir/wrk_soak.txt")"
    failed=1
  fi
  read -r rss_first rss_last rss_peak rss_samples < <(awk \
    'NR == 1 {f = $2} {l = $2; if ($2 > p) p = $2} END {print f, l, p, NR}' "$dir/rss.txt")
  echo "soak RSS samples (s kB): $(tr '\n' ' ' <"$dir/rss.txt")"
  [ "$rss_last" -le $((rss_first + 1024)) ] ||
    { echo "FAIL: memory grew during the soak from $rss_first to $rss_last kB"; failed=1; }
  soak_summary="soak ${load_seconds} s, $connections connections round /api/bilan, /api/imaging, /api/rt:"
  soak_summary+=" $(awk '/requests in/ {print $1}' "$dir/wrk_soak.txt") requests"
  soak_summary+=" ($(awk '/Requests\/sec/ {print $2}' "$dir/wrk_soak.txt")/s, p99 $(awk '$1 == "99%" {print $2}' "$dir/wrk_soak.txt")),"
  soak_summary+=" RSS first $rss_first kB, last $rss_last kB, peak $rss_peak kB ($rss_samples samples every ${rss_every} s)"
fi
curl -s -o "$dir/after.json" "$url"
cmp -s "$dir/before.json" "$dir/after.json" || { echo "FAIL: the answer changed"; failed=1; }
code=$(curl -s -o /dev/null -w '%{http_code}' --path-as-is "$SERVE_URL/../etc/passwd")
[ "$code" = 400 ] || { echo "FAIL: traversal after the load: HTTP $code"; failed=1; }
# growth allowed: 1 MB of allocator slack between two identical runs
[ "$rss_3" -le $((rss_2 + 1024)) ] || { echo "FAIL: memory grew from $rss_2 to $rss_3 kB"; failed=1; }
serve_stop
[ "$SERVE_STATUS" -eq 0 ] || { echo "FAIL: exit status $SERVE_STATUS after SIGTERM"; failed=1; }
summary="$connections connections, $duration x 3 on /api/imaging ($(wc -c <"$dir/before.json") bytes):"
for run in 1 2 3; do
  summary+=" run $run $(awk '/requests in/ {print $1}' "$dir/wrk$run.txt") requests"
  summary+=" ($(awk '/Requests\/sec/ {print $2}' "$dir/wrk$run.txt")/s, p99 $(awk '$1 == "99%" {print $2}' "$dir/wrk$run.txt")),"
done
echo "routes: $routes_summary"
echo "ratios: /api/bilan $(ratio_of /api/bilan), /api/imaging $(ratio_of /api/imaging), /api/rt $(ratio_of /api/rt) of /api"
echo "soak: $soak_summary; load average $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
echo "summary: $summary RSS $rss_start kB at start, then $rss_1, $rss_2, $rss_3 kB after each run;" \
  "exit status $SERVE_STATUS"
exit $failed
