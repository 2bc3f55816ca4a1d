#!/usr/bin/env bash
# run.sh — the command-line tests (tests/cli/test_*.sh) with every eml call
# under valgrind memcheck (issue 7: "no leak reported for the command-line
# paths"). A wrapper takes the place of $EML; each call writes its own log;
# the run fails when a test fails or when any log reports an error or a
# leak (definite, indirect or possible). Used by `make memcheck`.
#
#   tests/memcheck/run.sh PATH-TO-eml [TEST-NAME-PATTERN]  (a pattern also runs the skipped)
# Skipped, with the reason printed: tests whose point is timing or sizes
# that valgrind makes too slow (the same paths run in the other tests);
# EML_SKIP_HUGE=1 leaves out the 100 MB cases of test_robust_inputs.
set -u
eml=${1:?usage: run.sh PATH-TO-eml [PATTERN]}
pattern=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
eml=$(cd "$(dirname "$eml")" && pwd)/$(basename "$eml")
if ! command -v valgrind >/dev/null 2>&1; then
  echo "SKIP: memcheck: valgrind not found (apt-get install valgrind)"
  exit 0
fi
declare -A skip=(
  [test_kill_import]="kills at random points: timing, not memory"
  [test_install]="runs the installed program, not the one under valgrind"
  [test_cli_help]="every option of every command: the parser only, minutes under valgrind"
  [test_robust_wide]="100,000 columns: minutes under valgrind"
  [test_robust_store]="file size limit and 30,000-row imports: minutes under valgrind"
  [test_serve_auth]="times the slowing down of wrong passwords to the second: timing, not memory (logins, sessions and roles run under memcheck in test_serve_upload)"
)
logs=$(mktemp -d /tmp/eml-memcheck.XXXXXX)
chmod 1777 "$logs" # test_robust_store runs eml as nobody: it writes its log here too
wrapper=$logs/eml
cat >"$wrapper" <<WRAP
#!/bin/sh
exec valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect,possible \
  --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
  --log-file=$logs/%p.log "$eml" "\$@"
WRAP
chmod +x "$wrapper"

failed=0 ran=0
for script in "$root"/tests/cli/test_*.sh; do
  name=$(basename "$script" .sh)
  [ -n "$pattern" ] && [[ $name != *$pattern* ]] && continue
  if [ -z "$pattern" ] && [ -n "${skip[$name]:-}" ]; then
    echo "SKIP: memcheck $name (${skip[$name]})"
    continue
  fi
  ran=$((ran + 1))
  EML=$wrapper EML_SKIP_HUGE=1 EML_SOURCE_DIR=$root EML_SHARED_DIR=$root/../shared bash "$script" >"$logs/$name.out" 2>&1
  rc=$?
  if [ "$rc" -eq 0 ]; then
    echo "ok: memcheck $name ($(tail -1 "$logs/$name.out"))"
  elif [ "$rc" -eq 77 ]; then # the test could not run all its checks here
    echo "ok, parts skipped: memcheck $name ($(tail -1 "$logs/$name.out"))"
  else
    echo "FAIL: memcheck $name"
    tail -20 "$logs/$name.out"
    failed=$((failed + 1))
  fi
done
# every log of a call that reported something is non-empty under --quiet
bad_logs=$(find "$logs" -name '*.log' -size +0 | sort)
if [ -n "$bad_logs" ]; then
  echo "FAIL: memcheck reported errors or leaks:"
  for l in $bad_logs; do echo "--- $l"; head -40 "$l"; done
  failed=$((failed + 1))
fi
calls=$(find "$logs" -name '*.log' | wc -l)
if [ "$failed" -eq 0 ]; then
  echo "memcheck: $ran test scripts, $calls eml calls, no error and no leak"
  rm -rf "$logs"
  exit 0
fi
echo "memcheck: FAILED (logs in $logs)"
exit 1
