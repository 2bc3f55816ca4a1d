#!/usr/bin/env bash
# run.sh — builds the libFuzzer harnesses (tests/fuzz/fuzz_*.c) with clang
# and runs each one: first over its seed corpus (corpus/<target>/) and its
# past crashes (regressions/<target>/), every input once, then fuzzing for
# SECONDS. Used by `make fuzz` (long) and `make test-fuzz` (seconds, part of
# `make test`). A crash leaves its input in BUILD/artifacts/<target>/ and
# fails the run; copy it to regressions/<target>/ once fixed.
#
#   tests/fuzz/run.sh SECONDS [BUILD_DIR] [PARALLEL]
# Without clang (or without libFuzzer) prints a `SKIP:` line and exits 0.
set -u
seconds=${1:?usage: run.sh SECONDS [BUILD_DIR] [PARALLEL]}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${2:-$root/build-fuzz}
parallel=${3:-2}
cc=${FUZZ_CC:-clang}

if ! command -v "$cc" >/dev/null 2>&1; then
  echo "SKIP: fuzz regression step: $cc not found (apt-get install clang)"
  exit 0
fi
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf '#include <stdint.h>\n#include <stddef.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' >"$probe/p.c"
if ! "$cc" -fsanitize=fuzzer "$probe/p.c" -o "$probe/p" >/dev/null 2>&1; then
  echo "SKIP: fuzz regression step: $cc cannot link libFuzzer (apt-get install libclang-rt-14-dev)"
  exit 0
fi

CC=$cc cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEML_FUZZ=ON >/dev/null ||
  exit 1
cmake --build "$build" -j "$parallel" --target fuzz_harnesses >"$build/build.log" 2>&1 || {
  cat "$build/build.log"; exit 1; }
warnings=$(grep -c 'warning:' "$build/build.log")
[ "$warnings" -gt 0 ] && echo "note: $warnings clang warning(s) in the fuzz build:" &&
  grep 'warning:' "$build/build.log" | sort -u | head -5

# run_one TARGET: corpus replay, then SECONDS of fuzzing into a scratch corpus
run_one() {
  local target=$1 bin="$build/tests/fuzz/fuzz_$1"
  local log="$build/logs/$target.log" scratch="$build/scratch/$target"
  local artifacts="$build/artifacts/$target/"
  # short runs (make test) start from the seeds, not from what long runs
  # gathered: replaying that would use up the seconds without mutating
  [ "$seconds" -le 10 ] && rm -rf "$scratch"
  mkdir -p "$scratch" "$artifacts" "$(dirname "$log")"
  local dirs=()
  for d in "$here/corpus/$target" "$here/regressions/$target"; do
    [ -d "$d" ] && dirs+=("$d")
  done
  # a small quarantine: the importers allocate a lot per input (fresh store),
  # the default 256 MB quarantine doubled the time per input and the memory
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:quarantine_size_mb=16 UBSAN_OPTIONS=print_stacktrace=1
  if [ ${#dirs[@]} -gt 0 ] &&
    ! "$bin" -runs=0 -artifact_prefix="$artifacts" "${dirs[@]}" >"$log" 2>&1; then
    echo "FAIL: fuzz_$target crashes on its corpus or regressions (log: $log)"
    tail -30 "$log"
    return 1
  fi
  if [ "$seconds" -gt 0 ] &&
    ! "$bin" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$artifacts" "$scratch" "${dirs[@]}" >>"$log" 2>&1; then
    echo "FAIL: fuzz_$target found a crash in ${seconds}s: $(ls -t "$artifacts" | head -1)" \
         "(in $artifacts; log: $log)"
    grep -m1 -A12 'ERROR\|fuzz invariant' "$log"
    return 1
  fi
  # the figures of the fuzzing run (the last status line and "Done N runs
  # in S second(s)"): executions per second, coverage (cov: edges, ft:
  # features); a line of the summary table printed at the end
  local execs secs last cov ft rate
  execs=$(grep -o '^Done [0-9]* runs' "$log" | tail -1 | grep -o '[0-9]*')
  secs=$(grep -o '^Done [0-9]* runs in [0-9]* second' "$log" | tail -1 | awk '{print $5}')
  last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  rate=$([ -n "$execs" ] && [ "${secs:-0}" -gt 0 ] && echo $((execs / secs)) || echo "?")
  mkdir -p "$build/summary"
  printf '| fuzz_%s | %s | %s | %s | %s | %s | none |\n' "$target" "$seconds" "${execs:-?}" \
    "$rate" "${cov:-?}" "${ft:-?}" >"$build/summary/$target"
  echo "ok: fuzz_$target (corpus ${#dirs[@]} dir(s), ${seconds}s, ${execs:-?} runs," \
       "$rate exec/s, cov ${cov:-?}, ft ${ft:-?}, nothing found)"
}
export -f run_one
export build here seconds

targets=()
for src in "$here"/fuzz_*.c; do
  t=${src##*/fuzz_}
  targets+=("${t%.c}")
done
rm -rf "$build/summary"
printf '%s\n' "${targets[@]}" | xargs -P "$parallel" -I{} bash -c 'run_one {}'
status=$?
if [ "$seconds" -gt 10 ] && [ -d "$build/summary" ]; then
  echo
  echo "| harness | seconds | runs | exec/s | cov | ft | found |"
  echo "|---|---:|---:|---:|---:|---:|---|"
  cat "$build/summary"/*
fi
[ $status -eq 0 ] && echo "fuzz: ${#targets[@]} harnesses passed" || echo "fuzz: FAILED"
exit $status
