#!/usr/bin/env bash
# update-po.sh — the message catalogue of eml (docs/i18n.md). The msgids are
# the French texts of the sources (lib/, cli/, server/), extracted by
# xgettext: those marked _() or N_(), and the text arguments of the table
# and report setters, which translate what they are given (lib/core/table.c,
# lib/report/report.c).
#   scripts/update-po.sh          writes po/eml.pot, merges it into po/en.po
#                                 (new msgids come untranslated: translate them)
#   scripts/update-po.sh --check  changes nothing; fails (exit 1) naming every
#                                 msgid of the sources missing, untranslated
#                                 or fuzzy in po/en.po, and every entry of
#                                 po/en.po the sources no longer have
# Run from anywhere; needs the Debian package gettext (xgettext, msgmerge).
set -u
root=$(cd "${BASH_SOURCE[0]%/*}/.." && pwd)
cd "$root" || exit 2
for tool in xgettext msgmerge msgattrib msgcat; do
  command -v "$tool" >/dev/null || { echo "update-po: $tool missing (apt-get install gettext)" >&2; exit 77; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# xgettext takes one argument position per keyword: the setters with two
# text arguments (a column's group and name) get a second pass
common=(--language=C --from-code=UTF-8 --no-wrap --sort-by-file --add-comments=TRANSLATORS:
        --package-name=eml --msgid-bugs-address=- --foreign-user)
pass1=(-k_ -kN_ -kNF_ --flag=NF_:1:no-c-format -k_n:1,2 -keml_trn:1,2 -kplan_rows_read_whole:5,6 -keml_table_new:2 -keml_table_list_add:3 -keml_table_add_column:2
       -keml_table_add_note:2 -keml_table_add_notef:2 -keml_table_set_subtitle:2
       -keml_report_new:1 -keml_report_set_subtitle:2 -keml_report_set_annex_title:2
       -keml_report_add_line:2 -keml_report_add_heading:3 -keml_report_add_text:3
       -keml_report_add_chart:5 -keml_report_begin_document:2
       -keml_chart_new:2 -keml_chart_set_axis:3 -keml_chart_set_note:2)
pass2=(-kNF_ --flag=NF_:1:no-c-format -keml_table_add_column:3)
mapfile -t sources < <(git ls-files -- 'lib/*.c' 'lib/*.h' 'cli/*.c' 'cli/*.h' 'server/*.c' 'server/*.h' 2>/dev/null ||
                       find lib cli server -name '*.[ch]' | sort)
# the setters' "" (an empty header) is no msgid: xgettext's warning about it
# is left out
extract() { # extract OUT KEYWORDS...
  local out=$1
  shift
  xgettext "${common[@]}" "$@" -o "$out" "${sources[@]}" 2>"$tmp/xgettext.err"
  local rc=$?
  grep -v -e 'Empty msgid' -e 'gettext("") returns' -e 'meta information, not' "$tmp/xgettext.err" >&2
  return $rc
}
extract "$tmp/1.pot" "${pass1[@]}" || exit 2
extract "$tmp/2.pot" "${pass2[@]}" || exit 2
[ -f "$tmp/2.pot" ] || cp "$tmp/1.pot" "$tmp/2.pot"
# the diagnostics (docs/i18n.md, "Diagnostics"): the message formats given
# to eml_diag_set and to the row checkers, which translate them
# (lib/core/status.c, lib/io/row.c), from the files whose messages are
# French msgids (issue 18 item 1 goes on: the others are still English)
# one file per line, sorted: the list grows as files move to French msgids
diag_files=(
  cli/cli.c
  cli/cmd_imaging.c
  cli/cmd_report.c
  lib/chart/chart_write.c
  lib/chart/outlines.c
  lib/core/status.c
  lib/domain/account.c
  lib/domain/balance.c
  lib/domain/compare.c
  lib/domain/convert.c
  lib/domain/edit.c
  lib/domain/import.c
  lib/domain/import_regime.c
  lib/domain/register_rows.c
  lib/domain/requests.c
  lib/finess/amm.c
  lib/finess/codes.c
  lib/finess/import.c
  lib/finess/xml.c
  lib/imaging/appointments.c
  lib/imaging/compute.c
  lib/imaging/generate.c
  lib/imaging/load.c
  lib/imaging/schedule.c
  lib/imaging/schedule_load.c
  lib/imaging/sites.c
  lib/import/session.c
  'lib/io/*.c'
  lib/model/pseudonym.c
  lib/model/regime.c
  lib/plan/delays.c
  lib/plan/need.c
  lib/plan/population.c
  lib/plan/scenario.c
  lib/plan/scenario_read.c
  lib/render/render_pdf.c
  lib/render/render_xlsx.c
  lib/rt/generate.c
  lib/rt/load.c
  'lib/store/*.c'
)
mapfile -t sources < <(git ls-files -- "${diag_files[@]}" 2>/dev/null)
extract "$tmp/4.pot" -keml_diag_set:7 --flag=eml_diag_set:7:c-format -keml_row_bad:4 \
  -keml_row_badf:4 --flag=eml_row_badf:4:c-format -keml_row_duplicate:4 -krow_error:3 \
  --flag=row_error:3:c-format -kbad_option:4 --flag=bad_option:4:c-format -kprofile_error:4 \
  --flag=profile_error:4:c-format || exit 2
[ -f "$tmp/4.pot" ] || cp "$tmp/1.pot" "$tmp/4.pot"
# the French texts of the X-macro lists (their third field): the
# vocabularies' titles, translated by eml_modality_title and
# eml_activity_title, and the statuses' messages, by eml_strerror
sources=(include/eml/register.h include/eml/status.h)
extract "$tmp/3.pot" -kX:3 || exit 2
[ -f "$tmp/3.pot" ] || cp "$tmp/1.pot" "$tmp/3.pot"
msgcat --no-wrap -o "$tmp/eml.pot" "$tmp/1.pot" "$tmp/2.pot" "$tmp/3.pot" "$tmp/4.pot" || exit 2
# the date of the template is not content: keep it out of the diffs
sed -i '/^"POT-Creation-Date:/d' "$tmp/eml.pot"

if [ "${1:-}" != --check ]; then
  cp "$tmp/eml.pot" po/eml.pot
  msgmerge --quiet --no-wrap --no-fuzzy-matching --update --backup=none po/en.po po/eml.pot || exit 2
  msgattrib --no-wrap --no-obsolete -o po/en.po po/en.po || exit 2
  n=$(msgattrib --untranslated po/en.po | grep -c '^msgid ' || true)
  echo "po/eml.pot written; po/en.po merged ($((n > 0 ? n - 1 : 0)) untranslated)"
  exit 0
fi

msgmerge --quiet --no-wrap --no-fuzzy-matching -o "$tmp/merged.po" po/en.po "$tmp/eml.pot" || exit 2
bad=0
report() { # report TITLE FILE: the msgids of FILE (its header aside), under TITLE
  local ids
  # a msgid of several lines (a text with \n) is msgid "" then its lines:
  # joined, so that only the header's lone "" is left out
  ids=$(awk '{ line = $0; sub(/^#~ /, "", line) }
             line ~ /^msgid / { if (id != "" && id != "\"\"") print id; sub(/^msgid /, "", line); id = line; inid = 1; next }
             inid && line ~ /^"/ { id = id line; next }
             { inid = 0 }
             END { if (id != "" && id != "\"\"") print id }' "$2")
  [ -n "$ids" ] || return 0
  echo "$1:"
  printf '%s\n' "$ids" | sed 's/^/  /'
  bad=1
}
msgattrib --no-wrap --untranslated --no-obsolete -o "$tmp/untranslated.po" "$tmp/merged.po"
msgattrib --no-wrap --only-fuzzy --no-obsolete -o "$tmp/fuzzy.po" "$tmp/merged.po"
msgattrib --no-wrap --only-obsolete -o "$tmp/obsolete.po" "$tmp/merged.po"
msgattrib --no-wrap --only-obsolete -o "$tmp/old.po" po/en.po
for f in untranslated fuzzy obsolete old; do touch "$tmp/$f.po"; done
report "msgids of the sources missing or untranslated in po/en.po" "$tmp/untranslated.po"
report "msgids of the sources fuzzy in po/en.po" "$tmp/fuzzy.po"
report "entries of po/en.po that the sources no longer have" "$tmp/obsolete.po"
report "obsolete (#~) entries left in po/en.po" "$tmp/old.po"
[ $bad -eq 0 ] && echo "po/en.po: every msgid of the sources translated"
exit $bad
