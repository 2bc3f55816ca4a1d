#!/usr/bin/env bash
# test_cli_help.sh — the help is the table: for every command that `eml
# help` lists, each option that `eml COMMAND --help` shows is accepted by
# the program (given without its value it is answered "needs a value", a
# flag runs on to another message, never "is not an option of"), an option
# it does not show is refused naming the option and the command (exit 2),
# and `eml help COMMAND` prints the same help. The table's own test is
# tests/unit/test_cli_options.c; this one runs the program. Then the help in
# French (the msgids) and in English (po/en.po), line by line, for a few
# commands (docs/i18n.md).
source "${0%/*}/lib.sh"
run help
expect_status 0 "help"
# the commands: the first column of the list, two spaces in, up to two spaces
mapfile -t commands < <(sed -n '/^Commandes :/,/^$/p' <<<"$out" | sed -n 's/^  \([a-z][a-z ]*[a-z]\)  .*/\1/p')
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
  [[ $help_text == "Usage : eml $cmd"* ]] || fail "$cmd --help does not begin with its usage: $(head -1 <<<"$help_text")"
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

# the help in both languages, to the byte. French: the msgids; "--lang en",
# EML_LANG=en and an English locale: po/en.po. Value words in the language
# (FICHIER, CHEMIN, NOM / FILE, PATH, NAME; one-letter words are the same),
# numbers with its decimal mark (de 0,25 à 6 / 0.25 to 6).
run help
checks=$((checks + 1))
[[ $(head -1 <<<"$out") == "eml "*" — observatoire des équipements matériels lourds" ]] ||
  fail "eml help's first line: $(head -1 <<<"$out")"
expect_line out "Usage : eml COMMANDE [OPTIONS]"
expect_line out "Commandes :"
expect_line out "  bilan                  bilan des appareils face aux objectifs régionaux (OQOS)"
expect_line out "  rt check               conformité de chaque centre à la circulaire de 2002, manque de personnel"
expect_line out "« eml COMMANDE --help » donne les options d'une commande."
expect_line out "Code de retour : 0 succès, 1 données rejetées ou différences, 2 erreur"
run --lang en help
checks=$((checks + 1))
[[ $(head -1 <<<"$out") == "eml "*" — observatory of heavy medical equipment" ]] ||
  fail "eml --lang en help's first line: $(head -1 <<<"$out")"
expect_line out "Usage: eml COMMAND [OPTIONS]"
expect_line out "Commands:"
expect_line out "  bilan                  balance of equipment against the regional targets (OQOS)"
expect_line out "  rt check               conformity of each centre to the 2002 circular, staff shortfall"
expect_line out "Run 'eml COMMAND --help' for the options of a command."
expect_line out "Exit status: 0 ok, 1 rejected data or differences, 2 usage error,"

run bilan --help
expect_line out "Usage : eml bilan --period P [--at DATE] [OPTIONS]"
expect_line out "Affiche le bilan des appareils autorisés face aux objectifs (OQOS) : un"
expect_line out "Options :"
expect_line out "  --at DATE             date du bilan [par défaut aujourd'hui]"
expect_line out "  --output FICHIER      écrire dans FICHIER au lieu de la sortie standard"
expect_line out "  --db CHEMIN           le stockage, créé par « eml init » [par défaut eml.db]"
for lang in "--lang en" "EML_LANG=en" "LANG=en_US.UTF-8"; do
  if [[ $lang == --* ]]; then run --lang en bilan --help; else
    env -u EML_LANG -u LC_ALL -u LC_MESSAGES "$lang" "$eml" bilan --help >"$work/out" 2>"$work/err"
    status=$? out=$(cat "$work/out")
  fi
  expect_status 0 "bilan --help under $lang"
  expect_line out "Usage: eml bilan --period P [--at DATE] [OPTIONS]"
  expect_line out "Prints the balance of authorised equipment against the targets (OQOS):"
  expect_line out "Options:"
  expect_line out "  --at DATE             date of the balance [default today]"
  expect_line out "  --output FILE         write to FILE instead of the standard output (required"
  expect_line out "  --db PATH             the store, made by 'eml init' [default eml.db]"
done

run import --help
expect_line out "Usage : eml import sites|equipment|targets|territories|notes FICHIER [OPTIONS]"
expect_line out "        eml import authorisations|devices|conventions|windows FICHIER [OPTIONS]"
expect_line out "Arguments :"
expect_line out "  FICHIER            le fichier CSV (formats : docs/input-files.md)"
expect_line out "  --encoding CODAGE  codage des fichiers CSV : utf8, cp1252 ou latin1 [par"
run --lang en import --help
expect_line out "Usage: eml import sites|equipment|targets|territories|notes FILE [OPTIONS]"
expect_line out "       eml import authorisations|devices|conventions|windows FILE [OPTIONS]"
expect_line out "Arguments:"
expect_line out "  FILE            the CSV file (formats: docs/input-files.md)"
expect_line out "  --encoding ENC  encoding of the CSV files: utf8, cp1252 or latin1 [default"

run rt activity --help
expect_line out "Seuils de la circulaire :"
expect_line out "  --visit-gap H         heures entre passages qui ouvrent une nouvelle venue"
expect_line out "                        [de 0 à 24 ; par défaut 3]"
run --lang en rt activity --help
expect_line out "Thresholds of the circular:"
expect_line out "  --visit-gap H         hours between passages that open a new venue [0 to 24;"
expect_line out "                        default 3]"

run plan delays --help
expect_line out "  --session-hours H     heures d'une vacation [de 0,25 à 6 ; par défaut 4]"
run --lang en plan delays --help
expect_line out "  --session-hours H     hours of a session [0.25 to 6; default 4]"
# a number's default in the language too (the parser takes both marks)
run imaging report --help
expect_line out "                        dédié aux urgences [de 0 à 1 ; par défaut 0,5]"
run --lang en imaging report --help
expect_line out "                        emergency-dedicated [0 to 1; default 0.5]"

# a required argument is named in the language (its word in the help)
run import sites
expect_status 2 "import without its file"
expect_line err "eml: argument manquant : FICHIER (voir « eml import --help »)"
run --lang en import sites
expect_line err "eml: missing argument FILE (see 'eml import --help')"
checks=$((checks + 1))
[ "$options_seen" -ge 150 ] || fail "only $options_seen options seen in the helps"
finish
