#!/usr/bin/env bash
# test_cli_help.sh — the help is the table: for every command that `eml
# help` lists, each option that `eml COMMAND --help` shows is accepted by
# the program (given without its value it is answered "needs a value", a
# flag runs on to another message, never "is not an option of"), an option
# it does not show is refused naming the option and the command (exit 2),
# and `eml help COMMAND` prints the same help. The table's own test is
# tests/unit/test_cli_options.c; this one runs the program.
source "${0%/*}/lib.sh"
run help
expect_status 0 "help"
# the commands: the first column of the list, two spaces in, up to two spaces
mapfile -t commands < <(sed -n '/^Commands:/,/^$/p' <<<"$out" | sed -n 's/^  \([a-z][a-z ]*[a-z]\)  .*/\1/p')
checks=$((checks + 1))
[ "${#commands[@]}" -ge 24 ] || fail "eml help lists ${#commands[@]} commands: ${commands[*]}"
options_seen=0
for cmd in "${commands[@]}"; do
  read -r -a words <<<"$cmd"
  run "${words[@]}" --help
  expect_status 0 "$cmd --help"
  help_text=$out
  expect_line out "$(head -1 <<<"$help_text")"
  checks=$((checks + 1))
  [[ $help_text == "Usage: eml $cmd"* ]] || fail "$cmd --help does not begin with its usage: $(head -1 <<<"$help_text")"
  run help "${words[@]}"
  checks=$((checks + 1))
  [ "$out" = "$help_text" ] || fail "eml help $cmd differs from eml $cmd --help"
  # the options: lines "  --name VALUE  help" or "  --name" (a flag)
  mapfile -t options < <(sed -n 's/^  \(--[a-z][a-z0-9-]*\)\( [^ ].*\)\{0,1\}$/\1\2/p' <<<"$help_text" |
                         sed -n 's/^\(--[a-z][a-z0-9-]*\)\( \([^ ]*\)\)\{0,1\}.*/\1 \3/p')
  for entry in "${options[@]}"; do
    read -r name value <<<"$entry"
    options_seen=$((options_seen + 1))
    # in an empty folder, stdin closed, a few seconds at most (eml serve
    # without a store stops at once)
    rm -rf "$work/run" && mkdir "$work/run"
    (cd "$work/run" && timeout 20 "$eml" "${words[@]}" "$name" </dev/null >"$work/out" 2>"$work/err")
    status=$?
    err=$(cat "$work/err")
    checks=$((checks + 1))
    if grep -qF "n'est pas une option de" <<<"$err"; then
      fail "eml $cmd refuses $name, which its help shows: $err"
    fi
    checks=$((checks + 1))
    [ "$status" -ne 124 ] || fail "eml $cmd $name did not stop"
    # a value word after the name in the help: the option takes a value
    if [ -n "$value" ] && [[ $value != \[* ]]; then
      expect_line err "eml: l'option $name attend une valeur (voir « eml $cmd --help »)"
      expect_status 2 "eml $cmd $name without its value"
    fi
  done
  [ "$cmd" = help ] && continue # eml help WORDS: the words name a command
  run "${words[@]}" --no-such-option x
  expect_status 2 "$cmd --no-such-option"
  expect_line err "eml: --no-such-option n'est pas une option de « eml $cmd » (voir « eml $cmd --help »)"
done
echo "$options_seen options of ${#commands[@]} commands"
checks=$((checks + 1))
[ "$options_seen" -ge 150 ] || fail "only $options_seen options seen in the helps"
finish
