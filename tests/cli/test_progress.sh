#!/usr/bin/env bash
# test_progress.sh — the progress line of long work (issue 18, item 2;
# docs/cli.md, "Progress"): on a terminal (a pseudo-terminal made by
# script(1)) an import shows `lecture : ...` on standard error; piped, or
# with --quiet, it shows nothing. EML_PROGRESS_AFTER_MS=0 drops the
# one-second delay, so that a small campaign is enough.
source "${0%/*}/lib.sh"
command -v script >/dev/null || { echo "SKIP: no script(1)"; exit 77; }

# on_tty CMD: runs CMD under a pseudo-terminal, its terminal output in $tty
# with carriage returns shown ^M and escapes ^[ (as cat -v, keeping UTF-8)
on_tty() { tty=$(script -qfec "$1" /dev/null </dev/null 2>&1 | sed 's/\r/^M/g; s/\x1b/^[/g'); }

"$eml" generate imaging --ct 4 --mri 2 --days 28 --out camp --threads 1 >/dev/null ||
  fail "generate imaging"
new_store
files="--equipment camp/equipment.csv --sessions camp/sessions.csv --exams camp/exams.csv"
imp="$eml imaging import --db t.db $files --threads 1"

# a terminal: the line, rewritten with \r and erased (ESC [K, shown ^[[K)
# before the summary of each file
on_tty "EML_PROGRESS_AFTER_MS=0 $imp --campaign a"
checks=$((checks + 1))
grep -qF 'lecture : ' <<<"$tty" || fail "no progress on a terminal: $tty"
# equipment.csv (6 machines, under 1 MiB) is read in one chunk: the first
# call sees all its bytes (100 %) and no record parsed yet
checks=$((checks + 1))
grep -qF '^Mlecture : 100 %, 0 lignes^[[K' <<<"$tty" || fail "first line of equipment.csv: $tty"
# the line is erased before the summary line of the file
checks=$((checks + 1))
grep -qF '^M^[[Keml: camp/equipment.csv: 6 lignes lues, 6 chargées, 0 rejetée' <<<"$tty" ||
  fail "line not erased before the summary: $tty"

# --quiet: nothing but the messages
on_tty "EML_PROGRESS_AFTER_MS=0 $imp --campaign b --quiet"
checks=$((checks + 1))
grep -qF 'lecture' <<<"$tty" && fail "progress with --quiet: $tty"
# --quiet as a global option before the command
on_tty "EML_PROGRESS_AFTER_MS=0 $eml --quiet imaging import --db t.db $files --campaign c"
checks=$((checks + 1))
grep -qF 'lecture' <<<"$tty" && fail "progress with eml --quiet: $tty"

# piped: stderr a file, nothing of the line
EML_PROGRESS_AFTER_MS=0 $imp --campaign d 2>err.txt >/dev/null || fail "piped import"
checks=$((checks + 1))
grep -qF 'lecture' err.txt && fail "progress in a file: $(cat -v err.txt)"
expect_file_line() { checks=$((checks + 1)); grep -qxF -- "$2" "$1" || fail "expected in $1: $2"; }
expect_file_line err.txt "eml: camp/equipment.csv: 6 lignes lues, 6 chargées, 0 rejetée"

# the one-second delay: a small import on a terminal shows nothing
on_tty "$imp --campaign e"
checks=$((checks + 1))
grep -qF 'lecture' <<<"$tty" && fail "progress before a second: $tty"

# the generic CSV reader (eml import) shows it too
on_tty "EML_PROGRESS_AFTER_MS=0 $eml import sites camp/sites.csv --db t.db"
checks=$((checks + 1))
grep -qF '^Mlecture : 100 %, 0 lignes^[[K' <<<"$tty" || fail "no progress of eml import: $tty"
# in English (po/en.po), its percent sign as English writes it
on_tty "EML_PROGRESS_AFTER_MS=0 $eml --lang en import sites camp/sites.csv --db t.db"
checks=$((checks + 1))
grep -qF '^Mreading: 100%, 0 rows^[[K' <<<"$tty" || fail "no English progress of eml import: $tty"

# the generator (units: machines; 6 here, so the share is known) and the
# machine sheets (one unit per sheet) show theirs
on_tty "EML_PROGRESS_AFTER_MS=0 $eml generate imaging --ct 4 --mri 2 --days 28 --out camp2 --threads 1"
checks=$((checks + 1))
grep -qE '\^Mécriture : [0-9]+ %, [0-9]+ appareils, [0-9 ]+ examens' <<<"$tty" ||
  fail "no progress of the generator: $tty"
on_tty "EML_PROGRESS_AFTER_MS=0 $eml generate imaging --ct 4 --mri 2 --days 28 --out camp3 --threads 1 --lang en"
checks=$((checks + 1))
grep -qE '\^Mwriting: [0-9]+%, [0-9]+ devices, [0-9,]+ exams' <<<"$tty" ||
  fail "no English progress of the generator: $tty"
cmp -s camp/exams.csv camp2/exams.csv || fail "the progress changed the generated files"
mkdir sheets
on_tty "EML_PROGRESS_AFTER_MS=0 $eml report machines $files --output sheets"
checks=$((checks + 1))
grep -qE '\^Mfiches : [0-9]+ %, [0-9]+ fiches' <<<"$tty" || fail "no progress of the sheets: $tty"

# radiotherapy (issue 18 item 2): the generator (units: centres, 2 here;
# rows: passages), then `rt activity` and `rt report` from a store, which
# show the loading of the passages and their counting (units: passages)
export EML_PSEUDONYM_KEY=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
on_tty "EML_PROGRESS_AFTER_MS=0 $eml generate radiotherapy --centres 2 --year 2010 --seed 1 --out rt"
checks=$((checks + 1))
grep -qE '\^Mécriture : [0-9]+ %, [12] centres, [0-9 ]+ passages' <<<"$tty" ||
  fail "no progress of the radiotherapy generator: $tty"
"$eml" generate radiotherapy --centres 2 --year 2010 --seed 1 --out rt2 >/dev/null 2>&1 ||
  fail "generate radiotherapy piped"
cmp -s rt/rt_sessions.csv rt2/rt_sessions.csv || fail "the progress changed the generated passages"
"$eml" init --db rt.db >/dev/null && "$eml" rt import --dir rt --db rt.db >/dev/null 2>&1 ||
  fail "rt import"
for cmd in activity report; do
  on_tty "EML_PROGRESS_AFTER_MS=0 $eml rt $cmd --year 2010 --db rt.db"
  checks=$((checks + 1))
  grep -qE '\^Mchargement : [0-9]+ %, [0-9 ]+ passages' <<<"$tty" ||
    fail "no progress of the loading (rt $cmd): $tty"
  checks=$((checks + 1))
  grep -qE '\^Mcalcul : [0-9]+ %, [0-9 ]+ passages' <<<"$tty" ||
    fail "no progress of the counting (rt $cmd): $tty"
  on_tty "EML_PROGRESS_AFTER_MS=0 $eml rt $cmd --year 2010 --db rt.db --quiet"
  checks=$((checks + 1))
  grep -qE 'chargement|calcul' <<<"$tty" && fail "progress of rt $cmd with --quiet: $tty"
  EML_PROGRESS_AFTER_MS=0 $eml rt $cmd --year 2010 --db rt.db >/dev/null 2>err.txt ||
    fail "rt $cmd piped"
  checks=$((checks + 1))
  [ -s err.txt ] && fail "rt $cmd piped wrote on stderr: $(cat -v err.txt)"
done

# --quiet is said in `eml help`
run help
expect_line out "Options globales : --quiet, pas de ligne de progression sur le terminal ;"
run --lang en help
expect_line out "Global options: --quiet, no progress line on the terminal;"

finish
