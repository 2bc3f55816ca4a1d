#!/usr/bin/env bash
# test_check_layers_fails.sh — scripts/check-layers fails on an upward call.
#
# Usage: test_check_layers_fails.sh CHECK_LAYERS BUILD_DIR CC
#
# Compiles three small objects into a scratch tree shaped like CMake's
# (CMakeFiles/eml.dir/lib/DIR/FILE.c.o) and runs the checker over the real
# build directory and that tree together: a core file calling the balance
# (rank 0 -> 7) and a finess file calling the imaging engine (two
# directories of rank 8) must be reported, with the exit status 1; a domain
# file calling core (downward) must not. Only what the added objects add to
# the report of the build alone is compared, so this test does not depend
# on the build passing (the check_layers test asserts that).
set -u
check=${1:?check-layers path} build=${2:?build directory} cc=${3:-cc}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

obj=$work/CMakeFiles/eml.dir/lib
mkdir -p "$obj/core" "$obj/finess" "$obj/domain"
compile() { # SOURCE_TEXT OBJECT
  printf '%s\n' "$1" >"$work/t.c"
  "$cc" -c -o "$2" "$work/t.c" || { echo "FAIL: cannot compile with $cc"; exit 1; }
}
compile 'int eml_balance_compute(void); int upward(void); int upward(void) { return eml_balance_compute(); }' \
  "$obj/core/upward.c.o"
compile 'void *eml_imaging_campaign_new(void); void *sideways(void); void *sideways(void) { return eml_imaging_campaign_new(); }' \
  "$obj/finess/sideways.c.o"
compile 'void eml_buf_init(void *b, unsigned long max); void downward(void *b); void downward(void *b) { eml_buf_init(b, 1); }' \
  "$obj/domain/downward.c.o"

base=$(bash "$check" "$build" 2>&1 | grep -v '^check-layers: ')
out=$(bash "$check" "$build" "$work" 2>&1)
status=$?
[ "$status" -eq 1 ] || fail "exit status $status, expected 1; output:
$out"
# what the added objects add to the build's own report (empty by the end of
# issue 12): exactly the two violations, in the documented form
added=$(grep -v '^check-layers: ' <<<"$out" | grep -vxF -f <(printf '%s\n' "$base"))
expected='lib/core/upward.c uses eml_balance_compute of domain (domain rank 7 > core rank 0)
lib/finess/sideways.c uses eml_imaging_campaign_new of imaging (imaging rank 8 = finess rank 8)'
[ "$added" = "$expected" ] || fail "reported for the added objects:
$added
--- expected:
$expected"

out=$(bash "$check" "$work/none" 2>&1)
status=$?
[ "$status" -eq 2 ] || fail "a missing build directory: exit $status, expected 2"

[ "$failures" -eq 0 ] && echo "ok: check-layers reports upward and sideways calls and exits 1"
exit $((failures > 0))
