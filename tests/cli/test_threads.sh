#!/usr/bin/env bash
# test_threads.sh — the results do not depend on --threads (issue 12, item 6):
# `eml generate imaging` writes byte-identical files for --threads 1, 3 and
# the default with the same seed; `eml imaging compute` writes identical
# machines.csv, panel.csv, stdout and stderr for --threads 1, 2, 3, 7 and the
# default, on a generated campaign whose window holds both DST changes (31
# October 2010 and 27 March 2011), read by the fast path as generated
# (sorted by machine), shuffled (every machine's exams spread over every
# part and segment) with bad rows (rejects in file order, same lines), and
# by the generic reader (a quoted field sends the file there); the machine
# sheet, a campaign stored with --threads 3 and read back with 1; and
# `eml serve --threads 1` and `--threads 3` serve the same imaging JSON.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# 10 CT + 6 MRI over 180 days from 2010-10-10: both changes inside
gen() { $EML generate imaging --ct 10 --mri 6 --days 180 --from 2010-10-10 --seed 3 \
  --schedule --out "$T/$1" "${@:2}" > /dev/null || fail "generator $*: exit $?"; }
gen g1 --threads 1
gen g3 --threads 3
gen gd
diff -r "$T/g1" "$T/g3" > /dev/null || fail "generator: --threads 1 and 3 differ"
diff -r "$T/g1" "$T/gd" > /dev/null || fail "generator: --threads 1 and the default differ"
g="$T/g1"
grep -q ',2010-10-31T02:' "$g/exams.csv" || fail "no exam in the repeated hour of October"
grep -q ',2011-03-27T' "$g/exams.csv" || fail "no exam on the day of the March change"
grep -q ',2011-03-27T02:' "$g/exams.csv" && fail "an exam in the hour skipped in March"

# the same exams shuffled (a fixed order), with three bad rows among them
{
  head -1 "$g/exams.csv"
  tail -n +2 "$g/exams.csv" | awk 'BEGIN { srand(12) } { print rand() "\t" $0 }' | sort -k1,1 |
    cut -f2- | awk 'NR == 100 { print "bad1,NOPE,2010-11-02T10:00:00,2010-11-02T10:20:00,A,1,"; }
                    NR == 40000 { print "bad2," "'"$(sed -n 2p "$g/equipment.csv" | cut -d, -f1)"'" ",2010-11-02T10:00:00,2010-11-02T09:00:00,A,1,"; }
                    { print }
                    END { print "bad3,x,y,z,Q,," }'
} > "$T/shuffled.csv"
# a quoted field: the generic reader reads the file
sed '2s/^\([^,]*\),/"\1",/' "$g/exams.csv" > "$T/quoted.csv"

window="--from 2010-10-10 --to 2011-04-08"
run() { # name exams threads...: out/name-tN.{m,p,out,err}
  local name=$1 exams=$2; shift 2
  for t in "$@"; do
    local opt=""
    [ "$t" = default ] || opt="--threads $t"
    local o="$T/$name-t$t"
    $EML imaging compute --equipment "$g/equipment.csv" --sessions "$g/sessions.csv" \
      --exams "$exams" $window --rejects "$o.rej" --machines-csv "$o.m" --panel-csv "$o.p" \
      $opt > "$o.out" 2> "$o.err" || fail "$name --threads $t: exit $?"
    # one rejects file per input with bad rows (docs/input-files.md), named
    # after $o.rej and the input ($o.exams.csv): gathered into $o.rej, and stderr's mention of their names
    # made the same for every thread count
    cat "$o".*.csv > "$o.rej" 2>/dev/null
    sed -i "s#$name-t$t\\.#$name-tN.#g" "$o.err"
  done
}
same() { # name threads...: every run equal to the first
  local name=$1 first=$2; shift 2
  for t in "$@"; do
    for f in m p out err rej; do
      cmp -s "$T/$name-t$first.$f" "$T/$name-t$t.$f" ||
        fail "$name: --threads $first and $t give different .$f: $(diff "$T/$name-t$first.$f" "$T/$name-t$t.$f" | head -5)"
    done
  done
}
run sorted "$g/exams.csv" 1 2 3 7 default
same sorted 1 2 3 7 default
[ "$(wc -l < "$T/sorted-t1.m")" -eq 17 ] || fail "machines.csv: $(wc -l < "$T/sorted-t1.m") lines"
grep -q ", 0 rejetée$" "$T/sorted-t1.err" || fail "sorted: $(cat "$T/sorted-t1.err")"

run shuffled "$T/shuffled.csv" 1 2 3 7 default
same shuffled 1 2 3 7 default
[ "$(grep -c "bad[123]" "$T/shuffled-t1.rej")" -eq 3 ] || fail "shuffled rejects: $(cat "$T/shuffled-t1.rej")"
# the order of the exams does not change the figures either
cmp -s "$T/sorted-t1.m" "$T/shuffled-t1.m" || fail "shuffled: machines.csv differs from sorted"
cmp -s "$T/sorted-t1.p" "$T/shuffled-t1.p" || fail "shuffled: panel.csv differs from sorted"

run quoted "$T/quoted.csv" 1 3
same quoted 1 3
cmp -s "$T/sorted-t1.m" "$T/quoted-t1.m" || fail "generic reader: machines.csv differs"

# one machine's sheet
id=$(sed -n 2p "$g/equipment.csv" | cut -d, -f1)
for t in 1 3; do
  $EML imaging machine "$id" --equipment "$g/equipment.csv" --sessions "$g/sessions.csv" \
    --exams "$g/exams.csv" $window --threads $t > "$T/machine-t$t.out" 2>&1 ||
    fail "machine --threads $t: exit $?"
done
cmp -s "$T/machine-t1.out" "$T/machine-t3.out" || fail "machine sheet: --threads 1 and 3 differ"

# stored with 3 threads, computed from the store with 1: the files' figures
$EML init --db "$T/s.db" > /dev/null || fail "init"
$EML imaging import --campaign c --equipment "$g/equipment.csv" --sessions "$g/sessions.csv" \
  --exams "$g/exams.csv" --db "$T/s.db" --threads 3 > /dev/null 2>&1 || fail "import: exit $?"
$EML imaging compute --campaign c --db "$T/s.db" $window --threads 1 \
  --machines-csv "$T/stored.m" --panel-csv "$T/stored.p" > /dev/null 2>&1 || fail "stored: exit $?"
cmp -s "$T/sorted-t1.m" "$T/stored.m" || fail "stored: machines.csv differs"
cmp -s "$T/sorted-t1.p" "$T/stored.p" || fail "stored: panel.csv differs"

# the range of --threads
$EML imaging compute --equipment "$g/equipment.csv" --sessions "$g/sessions.csv" \
  --exams "$g/exams.csv" --threads 0 > /dev/null 2> "$T/err0"
[ $? -eq 2 ] || fail "--threads 0: not a usage error"
grep -q -- "--threads" "$T/err0" || fail "--threads 0: $(cat "$T/err0")"
$EML generate imaging --ct 1 --out "$T/x" --threads 257 > /dev/null 2> "$T/err257"
[ $? -eq 2 ] || fail "generate --threads 257: not a usage error"

# the dashboard with 1 and 3 threads (HTTP pool and the panel's computing)
command -v curl > /dev/null || { echo "SKIP: curl is missing (the eml serve part)"; exit 77; }
source "$EML_SOURCE_DIR/tests/browser/serve_demo.sh"
mkdir -p "$T/srv"
ln -s "$g" "$T/srv/img"
$EML init --db "$T/srv/eml.db" > /dev/null || fail "init the server's store"
for t in 1 3; do
  serve_start "$T/srv" --threads $t || fail "serve --threads $t: $(cat "$T/srv/serve.err")"
  for path in /api/imaging "/api/imaging/machine/$id"; do
    curl -s --max-time 30 "$SERVE_URL$path" >> "$T/serve-t$t.json" ||
      fail "serve --threads $t: GET $path: curl exit $? ($(tail -3 "$T/srv/serve.err"))"
  done
  serve_stop
  [ "$SERVE_STATUS" = 0 ] || fail "serve --threads $t: stop status $SERVE_STATUS"
done
grep -q '"tables"' "$T/serve-t1.json" || fail "serve: $(head -c 300 "$T/serve-t1.json")"
cmp -s "$T/serve-t1.json" "$T/serve-t3.json" || fail "serve: --threads 1 and 3 differ"
echo "ok"
