#!/usr/bin/env bash
# test_install.sh — the installed eml works on its own (issue 12, item 7):
# installs this build to a temporary prefix (cmake --install, nothing else
# copied), checks what is there (bin/eml, lib/libeml.a, the headers,
# lib/pkgconfig/eml.pc, the man pages, share/eml/), that the program names
# no path of this machine's source or build trees (strings), then runs it
# from / with EML_DATA_DIR unset, so that it can find its data only
# relative to its prefix: eml init, eml import finess (its equipment codes
# from PREFIX/share/eml) and, the demo register imported, eml report bilan
# (its map from PREFIX/share/eml/geo). The prefix is then moved and the
# program still finds its data. A small program compiled and linked with
# `pkg-config --cflags --libs eml` calls eml_version(), and another linked
# with --static opens a store (the Requires.private); every man page
# renders with groff without a warning.
# Needs cmake, pkg-config, groff, pdftotext and a C compiler: exits 77
# (skipped) without one of them.
source "${0%/*}/lib.sh"
build=${EML_BUILD_DIR:?EML_BUILD_DIR must name the build tree}
cc=${EML_CC:-cc}
for tool in cmake pkg-config groff pdftotext strings "$cc"; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool not found"; exit 77; }
done
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 ||
  { cat "$work/install.log"; fail "cmake --install"; finish; }

# what is installed
for f in bin/eml lib/libeml.a include/eml/eml.h include/eml/store.h lib/pkgconfig/eml.pc \
         share/eml/finess/equipment-codes.csv share/eml/geo/departements.csv \
         share/eml/regimes/2023.csv share/eml/profiles/ris-duree.ini \
         share/eml/profiles/ris-horodatage.ini share/eml/profiles/rt-export.ini \
         share/man/man1/eml.1 share/man/man1/eml-import.1 share/man/man1/eml-imaging.1 \
         share/man/man1/eml-rt.1 share/man/man1/eml-report.1 share/man/man1/eml-bilan.1 \
         share/man/man1/eml-serve.1 share/man/man1/eml-generate.1 \
         share/man/en/man1/eml.1 share/man/en/man1/eml-report.1; do
  checks=$((checks + 1))
  [ -s "$prefix/$f" ] || fail "not installed: $f"
done
checks=$((checks + 1))
[ -x "$prefix/bin/eml" ] || fail "bin/eml is not executable"

# no path of this machine's trees in the program (but a sanitizer build,
# never installed, names its sources in the sanitizers' reports)
[ "${EML_SANITIZED:-OFF}" = ON ] && echo "not checked with strings: a sanitizer build"
[ "${EML_SANITIZED:-OFF}" = ON ] || for tree in "$src" "$(realpath "$src")" "$build" "$(realpath "$build")"; do
  checks=$((checks + 1))
  if strings "$prefix/bin/eml" | grep -qF "$tree"; then
    fail "bin/eml names $tree: $(strings "$prefix/bin/eml" | grep -F "$tree" | head -3)"
  fi
done

# run from /, the data only through the prefix
inst() { (cd / && env -u EML_DATA_DIR "$prefix/bin/eml" "$@"); }
irun() {
  inst "$@" >"$work/out" 2>"$work/err"
  status=$?
  out=$(cat "$work/out")
  err=$(cat "$work/err")
}
fin=$src/tests/data/finess
irun init --db "$work/f.db"
expect_status 0 "installed eml init"
expect_line out "$work/f.db: stockage créé (version du schéma 13)"
irun import finess --establishments "$fin/etab-2024.csv" --equipment "$fin/equip-2024.xml" \
  --db "$work/f.db"
expect_status 0 "installed eml import finess (stderr: $err)"
expect_line out "$fin/equip-2024.xml: 7 lignes lues, 7 chargées, 0 ignorée, 0 rejetée"
expect_line out "registre : sites nouveaux 5, mis à jour 0, avec coordonnées 2 ; appareils nouveaux 7, mis à jour 0, clos 0"

idf=$src/data/idf-2017
irun init --db "$work/b.db"
for kind in sites equipment targets notes; do
  irun import "$kind" "$idf/$kind.csv" --db "$work/b.db" --user install
  expect_status 0 "installed eml import $kind"
done
irun report bilan --db "$work/b.db" --at 2017-10-01 --period SROS3-PRS --format pdf \
  --output "$work/b.pdf" --charts "$work/charts"
expect_status 0 "installed eml report bilan (stderr: $err)"
checks=$((checks + 1))
[ -z "$err" ] || fail "report bilan said: $err"
pdftotext -layout "$work/b.pdf" "$work/b.txt"
checks=$((checks + 1))
grep -q "Bilan des OQOS en nombre d'appareils et d'implantations au 01/10/2017" "$work/b.txt" ||
  fail "the PDF lacks the balance's table"
# the map of the CT balance: the shipped outlines (their credit) were found
checks=$((checks + 1))
[ -s "$work/charts/carte_CT.svg" ] || fail "no map carte_CT.svg"
checks=$((checks + 1))
grep -q "<path" "$work/charts/carte_CT.svg" || fail "the map has no outlines"

# rt check from 2023: the rules of the 2023 regime from PREFIX/share/eml/regimes
EML_PSEUDONYM_KEY=$(cat "$src/tests/data/rt/test_key.hex") irun rt check --year 2024 \
  --dir "$src/tests/data/rt/annex"
expect_status 0 "installed eml rt check (stderr: $err)"
checks=$((checks + 1))
grep -qE "^15 .*Code de la santé publique R\. 6123-93-2 .* CONFORME " "$work/out" ||
  fail "rt check lacks check 15 of the 2023 regime"

# EML_DATA_DIR overrides; a moved prefix still finds its data
EML_DATA_DIR=$work/nowhere "$prefix/bin/eml" import finess --establishments "$fin/etab-2024.csv" \
  --equipment "$fin/equip-2024.xml" \
  --db "$work/f.db" >/dev/null 2>"$work/err"
checks=$((checks + 1))
grep -qF "$work/nowhere/finess/equipment-codes.csv" "$work/err" ||
  fail "EML_DATA_DIR not used: $(cat "$work/err")"
mv "$prefix" "$work/moved"
prefix=$work/moved
irun init --db "$work/m.db"
irun import finess --establishments "$fin/etab-2024.csv" --equipment "$fin/equip-2024.xml" \
  --db "$work/m.db"
expect_status 0 "moved prefix: eml import finess (stderr: $err)"

# pkg-config: compile and link against the installed library
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
cat >"$work/version.c" <<'C'
#include <stdio.h>
#include <eml/eml.h>
int main(void) { printf("eml %s\n", eml_version()); return 0; }
C
cat >"$work/store.c" <<'C'
#include <stdio.h>
#include <eml/eml.h>
int main(int argc, char **argv) {
  eml_store *store = NULL;
  eml_diag diag;
  eml_diag_clear(&diag);
  eml_status st = eml_store_open(argc > 1 ? argv[1] : "x.db", EML_STORE_READ_ONLY, &store, &diag);
  if (!st)
    printf("schema %d\n", eml_store_schema_version(store));
  eml_store_close(store);
  return st != EML_OK;
}
C
# shellcheck disable=SC2086 # the flags are words
"$cc" ${EML_TEST_CFLAGS:-} -o "$work/version" "$work/version.c" $(pkg-config --cflags --libs eml) \
  2>"$work/cc.err"
checks=$((checks + 1))
if [ -x "$work/version" ]; then
  [ "$("$work/version")" = "$("$prefix/bin/eml" --version)" ] || fail "eml_version() of libeml.a"
else
  fail "pkg-config --cflags --libs eml: cannot build: $(cat "$work/cc.err")"
fi
# shellcheck disable=SC2086
"$cc" ${EML_TEST_CFLAGS:-} -o "$work/store" "$work/store.c" $(pkg-config --cflags --libs --static eml) \
  2>"$work/cc.err"
checks=$((checks + 1))
if [ -x "$work/store" ]; then
  [ "$("$work/store" "$work/m.db")" = "schema 13" ] || fail "eml_store_open through libeml.a"
else
  fail "pkg-config --static --libs eml: cannot build: $(cat "$work/cc.err")"
fi

# the man pages, French in man1 (the product's language), English in
# en/man1 (docs/i18n.md): roff that groff reads without a warning
for page in "$prefix"/share/man/man1/*.1 "$prefix"/share/man/en/man1/*.1; do
  name=NOM
  [[ $page == */en/man1/* ]] && name=NAME
  checks=$((checks + 1))
  groff -man -Tutf8 -ww -z "$page" 2>"$work/groff.err"
  [ ! -s "$work/groff.err" ] || fail "${page##*/}: $(head -3 "$work/groff.err")"
  if command -v man >/dev/null; then
    checks=$((checks + 1))
    MANWIDTH=80 man -l "$page" 2>"$work/man.err" | grep -q "^$name" || fail "man -l ${page#"$prefix"/share/man/}: no $name"
    [ ! -s "$work/man.err" ] || fail "man -l ${page##*/}: $(head -3 "$work/man.err")"
  fi
done
MANWIDTH=80 man -l "$prefix/share/man/man1/eml-report.1" 2>/dev/null >"$work/man.txt"
checks=$((checks + 1))
grep -q -- "--format pdf|xlsx" "$work/man.txt" || fail "eml-report(1) lacks --format pdf|xlsx"
checks=$((checks + 1))
grep -q "eml-report - les rapports en documents : PDF avec graphiques, ou XLSX" "$work/man.txt" || fail "eml-report(1) is not in French"
MANWIDTH=80 man -l "$prefix/share/man/en/man1/eml-report.1" 2>/dev/null >"$work/man-en.txt"
checks=$((checks + 1))
grep -q "eml-report - reports as documents: PDF with charts, or XLSX" "$work/man-en.txt" || fail "en/eml-report(1) is not in English"
finish
