#!/usr/bin/env bash
# test_cli_basics.sh — the command line itself: help, version, per-command
# help, unknown commands and options, bad option values, missing store.
source "${0%/*}/lib.sh"
run --version
expect_status 0 "--version"
expect_line out "eml 0.1.0"
run help
expect_status 0 "help"
out=$(tr -s ' ' <<<"$out") # the command column's width follows the longest command
expect_line out " bilan bilan des appareils face aux objectifs régionaux (OQOS)"
expect_line out " requests juger les demandes face aux objectifs (recevables ou non)"
run bilan --help
expect_status 0 "bilan --help"
expect_line out "Usage : eml bilan --period P [--at DATE] [OPTIONS]"
run help import
expect_line out "Usage : eml import sites|equipment|targets|territories|notes FICHIER [OPTIONS]"
run frobnicate
expect_status 2 "unknown command"
expect_line err "eml: commande inconnue « frobnicate » (voir « eml help »)"
run
expect_status 2 "no command"
new_store
run bilan --db t.db --at 2017-02-30 --period P
expect_status 2 "bad --at"
expect_line err "eml: option --at : pas une date (attendu AAAA-MM-JJ ou JJ/MM/AAAA) (valeur « 2017-02-30 »)"
run bilan --db t.db --period P --format pdf
expect_status 2 "bad --format"
expect_line err "eml: option --format : format inconnu (attendu text, csv, json, md, html ou xlsx) (valeur « pdf »)"
run bilan --db t.db --period P --modality XRAY
expect_status 2 "bad --modality"
expect_line err "eml: option --modality : modalité inconnue (attendu CT, MRI, GAMMA, PET, OHB, CYCLOTRON, LINAC, COBALT, ou une activité : IMAGING, NUCLEAR, INTERVENTIONAL, RADIOTHERAPY) (valeur « XRAY »)"
run bilan --db t.db
expect_status 2 "no --period"
expect_line err "eml: l'option --period est obligatoire (par exemple --period SROS3-PRS)"
run import sites --db t.db
expect_status 2 "import without file"
run import things x.csv --db t.db
expect_status 2 "unknown kind"
expect_line err "eml: type inconnu « things » (attendu sites, equipment, targets, territories, notes, authorisations, devices, conventions ou windows)"
run import sites x.csv --db t.db --encoding ebcdic
expect_status 2 "bad --encoding"
expect_line err "eml: option --encoding : codage inconnu (attendu utf8, cp1252 ou latin1) (valeur « ebcdic »)"
# every command that reads CSV answers a bad --encoding the same way
for cmd in "requests --db t.db --period P x.csv" "rt activity --db t.db --year 2023 --dir ." \
           "import finess --db t.db --establishments x.csv" "imaging appointments x.csv"; do
  run $cmd --encoding ebcdic
  expect_status 2 "bad --encoding for $cmd"
  expect_line err "eml: option --encoding : codage inconnu (attendu utf8, cp1252 ou latin1) (valeur « ebcdic »)"
done
run import sites missing.csv --db t.db
expect_status 3 "missing file"
expect_line err "eml: missing.csv: ouverture impossible : fichier ou répertoire introuvable"
run bilan --db nowhere.db --period P
expect_status 1 "missing store"
expect_line err "eml: nowhere.db: pas de stockage ici (le créer avec « eml init », ou donner --db CHEMIN)"
run init --db t.db
expect_status 0 "init again"
expect_line out "t.db: stockage à jour (version du schéma 13)"
# an empty file is an SQLite database of schema version 0: init migrates it
: >empty.db
run init --db empty.db
expect_status 0 "init of an empty database file"
expect_line out "empty.db: stockage migré de la version 0 à la version 13 du schéma"
echo "not a database at all" >junk.db
run bilan --db junk.db --period P
expect_status 3 "not a store"
expect_contains err "eml: junk.db: pas un stockage eml : file is not a database"
# every command reads its number options with one parser and one message
run imaging report --er-share 2
expect_status 2 "--er-share out of range"
expect_line err "eml: option --er-share : pas un nombre de 0 à 1 (valeur « 2 »)"
run imaging compute --min-exam-minutes abc
expect_status 2 "--min-exam-minutes not a number"
expect_line err "eml: option --min-exam-minutes : pas un nombre de 0 à 1440 (valeur « abc »)"
run rt activity --year 20x --dir .
expect_status 2 "rt --year"
expect_line err "eml: option --year : pas un nombre entier de 1900 à 2200 (valeur « 20x »)"
run report rt --year 1800 --db t.db --format pdf --output r.pdf
expect_status 2 "report --year"
expect_line err "eml: option --year : pas un nombre entier de 1900 à 2200 (valeur « 1800 »)"
run serve --year 2.5
expect_status 2 "serve --year"
expect_line err "eml: option --year : pas un nombre entier de 1900 à 2200 (valeur « 2.5 »)"
# an option the command does not take is refused, naming it and the command
# (issue 12: they used to be accepted and ignored)
run report bilan --db t.db --at 2017-10-01 --period SROS3-PRS --format pdf --output r.pdf --year 2020
expect_status 2 "report bilan --year"
expect_line err "eml: --year n'est pas une option de « eml report bilan » (voir « eml report bilan --help »)"
checks=$((checks + 1))
[ ! -e r.pdf ] || fail "report bilan --year wrote r.pdf"
run bilan --db t.db --period SROS3-PRS --sessions x.csv
expect_status 2 "bilan --sessions"
expect_line err "eml: --sessions n'est pas une option de « eml bilan » (voir « eml bilan --help »)"
run report bilan --db t.db --at 2017-10-01 --period SROS3-PRS --year 2020 --sessions x
expect_status 2 "report bilan --year --sessions"
expect_line err "eml: --year n'est pas une option de « eml report bilan » (voir « eml report bilan --help »)"
run generate radiotherapy --seed -1
expect_status 2 "generate radiotherapy --seed"
expect_line err "eml: option --seed : pas un nombre entier de 0 à 4294967294 (valeur « -1 »)"
finish
