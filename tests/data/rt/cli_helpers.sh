# cli_helpers.sh — sourced by tests/cli/test_rt_*.sh: a temporary folder T
# removed at exit, `run` (exit status in $rc, output in $T/out and $T/err),
# `expect_rc N`, `has REGEX out|err`, and `fail` printing both outputs.
D="$EML_SOURCE_DIR/tests/data/rt"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
: >"$T/out"
: >"$T/err"
fail() { echo "FAIL: $*" >&2; echo "--- stdout" >&2; cat "$T/out" >&2; echo "--- stderr" >&2; cat "$T/err" >&2; exit 1; }
run() { set +e; "$EML" "$@" >"$T/out" 2>"$T/err"; rc=$?; set -e; }
expect_rc() { [ "$rc" -eq "$1" ] || fail "exit status $rc, expected $1"; }
has() { grep -qE -- "$1" "$T/$2" || fail "no line matching '$1' in $2"; }
