# lib.sh — what the command-line tests share: a scratch directory, a fresh
# store, running eml with its stdout/stderr/status captured, assertions that
# print what was expected and what came. Sourced by tests/cli/test_*.sh.
set -u
eml=${EML:?EML must name the eml binary}
src=${EML_SOURCE_DIR:-$(cd "${BASH_SOURCE[0]%/*}/../.." && pwd)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
failures=0
checks=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# run ARGS...: runs eml, keeps $out, $err, $status
run() {
  "$eml" "$@" >"$work/out" 2>"$work/err"
  status=$?
  out=$(cat "$work/out")
  err=$(cat "$work/err")
}

expect_status() {
  checks=$((checks + 1))
  [ "$status" -eq "$1" ] || fail "${2:-}: exit status $status, expected $1 (stderr: $err)"
}
# expect_line STREAM TEXT: the stream holds exactly that line
expect_line() {
  checks=$((checks + 1))
  local content
  if [ "$1" = out ]; then content=$out; else content=$err; fi
  grep -qxF -- "$2" <<<"$content" || fail "expected line in std$1: $2
--- got:
$content"
}
expect_contains() {
  checks=$((checks + 1))
  local content
  if [ "$1" = out ]; then content=$out; else content=$err; fi
  grep -qF -- "$2" <<<"$content" || fail "expected in std$1: $2
--- got:
$content"
}

new_store() {
  rm -f "$work/t.db"
  "$eml" init --db "$work/t.db" >/dev/null || fail "eml init"
}
dump() { sqlite3 "$work/t.db" .dump; }
# load_files DB DIR KIND...: eml import KIND DIR/KIND.csv into DB, each
load_files() {
  local db=$1 dir=$2
  shift 2
  for k in "$@"; do
    "$eml" import "$k" "$dir/$k.csv" --db "$db" >"$work/import.out" 2>&1 ||
      fail "import $k of $dir: $(cat "$work/import.out")"
  done
}
# csv_lines ARGS...: run ARGS --format csv, $out without its BOM and CRLF
csv_lines() { run "$@" --format csv; out=$(printf '%s' "$out" | tr -d '\r' | sed '1s/^\xEF\xBB\xBF//'); }
# q SQL: the rows of the store t.db, '|'-separated (sqlite3, or psql under
# EML_TEST_DB=pg: tests/tools/store-sql.sh)
q() { bash "$src/tests/tools/store-sql.sh" "$work/t.db" "$1"; }
# expect_query SQL EXPECTED: the rows of t.db are exactly EXPECTED
expect_query() {
  checks=$((checks + 1))
  local got
  got=$(q "$1")
  [ "$got" = "$2" ] || fail "query: $1
--- expected:
$2
--- got:
$got"
}

# skip_part REASON: a part of the test could not run here (a tool or a file
# missing); the other checks go on, and finish exits 77 (CTest: skipped)
# rather than 0, so that a test that did not run all its checks never
# shows as passed
skipped_parts=()
skip_part() { echo "SKIP: $*"; skipped_parts+=("$*"); }

finish() {
  if [ "$failures" -gt 0 ]; then
    echo "$failures of $checks checks failed"
    exit 1
  fi
  if [ "${#skipped_parts[@]}" -gt 0 ]; then
    echo "$checks checks passed, ${#skipped_parts[@]} part(s) skipped: ${skipped_parts[*]}"
    exit 77
  fi
  echo "$checks checks passed"
  exit 0
}
