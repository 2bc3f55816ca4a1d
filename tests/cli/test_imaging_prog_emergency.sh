#!/usr/bin/env bash
# test_imaging_prog_emergency.sh — issue 14 item 4: open_prog_emergency_h
# (|union of the PROGRAMMED and EMERGENCY sessions| / weeks, the opening of
# seed 001 figures 17-18) in machines.csv equals an independent computation,
# tests/cli/prog_emergency_union.py (Python, zoneinfo: the spec's reading of
# local times, its own union), to 1e-9 (imaging_compare.awk), on campaigns of
# `eml generate imaging`: February; across the March change (2010-03-28);
# across the October change (2010-10-31). The generator's sessions never
# cross 02:00 on those days, so four hand-written sessions of CT00001 are
# appended to each DST campaign (their real lengths beside them):
#   EMERGENCY 2010-03-28T01:00 -> 04:00       2 h (the 02:00 hour is skipped)
#   EMERGENCY 2010-03-28T02:30 -> 05:00       02:30 does not exist: read at
#             UTC+1 (= 03:30 CEST), so 1 h 30 (union with the one above:
#             01:00 -> 05:00 CEST, 3 h)
#   EMERGENCY 2010-10-31T01:30 -> 03:30       3 h (the 02:00 hour twice)
#   PUBLIC_PROGRAMMED 2010-10-31T02:40 -> 02:10  both in the repeated hour,
#             end before start: 02:40 CEST -> 02:10 CET, 30 min, inside the
#             one above
# and the window's weeks; a campaign whose window starts on the change day
# itself checks the window's own length (28 days, whatever its hours).
# Without python3 (zoneinfo), prints SKIP and exits 77.
set -u
. "$(dirname "$0")/lib.sh"
python3 -c 'import zoneinfo; zoneinfo.ZoneInfo("Europe/Paris")' 2>/dev/null ||
  { echo "SKIP: python3 with zoneinfo missing"; exit 77; }
py="$src/tests/cli/prog_emergency_union.py"
cmp_awk="$src/tests/cli/imaging_compare.awk"

check_campaign() { # name from days to [extra sessions...]
  local name=$1 from=$2 days=$3 to=$4; shift 4
  checks=$((checks + 1))
  "$eml" generate imaging --ct 25 --mri 15 --days "$days" --from "$from" --seed 5 --out "$name" \
    --threads 2 >/dev/null 2>&1 || { fail "$name: generator"; return; }
  for row in "$@"; do echo "$row" >>"$name/sessions.csv"; done
  "$eml" imaging compute --equipment "$name/equipment.csv" --sessions "$name/sessions.csv" \
    --exams "$name/exams.csv" --from "$from" --to "$to" --machines-csv "$name/m.csv" \
    >/dev/null 2>"$name/err" || { fail "$name: compute: $(cat "$name/err")"; return; }
  python3 "$py" "$name/sessions.csv" "$from" "$to" >"$name/expected.csv" ||
    { fail "$name: prog_emergency_union.py"; return; }
  awk -F, -v keys=equipment_id -f "$cmp_awk" "$name/expected.csv" "$name/m.csv" >"$name/cmp" ||
    fail "$name: $(cat "$name/cmp")"
  # every machine compared, the column present
  [ "$(wc -l <"$name/expected.csv")" -eq 41 ] || fail "$name: $(wc -l <"$name/expected.csv") lines"
}

check_campaign feb 2010-02-01 28 2010-03-01
check_campaign march 2010-03-15 28 2010-04-12 \
  "CT00001,2010-03-28T01:00:00,2010-03-28T04:00:00,EMERGENCY" \
  "CT00001,2010-03-28T02:30:00,2010-03-28T05:00:00,EMERGENCY"
check_campaign october 2010-10-24 14 2010-11-07 \
  "CT00001,2010-10-31T01:30:00,2010-10-31T03:30:00,EMERGENCY" \
  "CT00001,2010-10-31T02:40:00,2010-10-31T02:10:00,PUBLIC_PROGRAMMED"
check_campaign march_start 2010-03-28 28 2010-04-25
check_campaign october_start 2010-10-31 28 2010-11-28

# the hand-written sessions by hand, on a campaign of their own: one CT, a
# one-week window around each change, only those sessions
mkdir -p hand
printf 'equipment_id,finess,modality\nCT1,,CT\n' >hand/equipment.csv
printf 'exam_id,equipment_id,start,end,patient_class\nE1,CT1,2010-03-29T10:00:00,2010-03-29T10:20:00,A\n' >hand/exams.csv
printf '%s\n' equipment_id,start,end,type \
  "CT1,2010-03-28T01:00:00,2010-03-28T04:00:00,EMERGENCY" \
  "CT1,2010-03-28T02:30:00,2010-03-28T05:00:00,EMERGENCY" \
  "CT1,2010-03-29T08:00:00,2010-03-29T12:00:00,PUBLIC_PROGRAMMED" \
  "CT1,2010-03-29T11:00:00,2010-03-29T13:00:00,EMERGENCY" \
  "CT1,2010-03-29T20:00:00,2010-03-30T08:00:00,ON_CALL" >hand/sessions.csv
# union: 01:00-05:00 CEST on the 28th = 3 h; 08:00-13:00 on the 29th = 5 h;
# ON_CALL is not in it: 8 h over 1 week = 8
run imaging compute --equipment hand/equipment.csv --sessions hand/sessions.csv \
  --exams hand/exams.csv --from 2010-03-22 --to 2010-03-29 --machines-csv hand/m1.csv
expect_status 0 "hand, week of the March change"
# the 29th is outside [22, 29): only the 3 h of the 28th
got=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "open_prog_emergency_h") c = i; next } { print $c }' hand/m1.csv)
checks=$((checks + 1)); [ "$got" = 3 ] || fail "hand: week 22-29 March: '$got', expected 3"
run imaging compute --equipment hand/equipment.csv --sessions hand/sessions.csv \
  --exams hand/exams.csv --from 2010-03-22 --to 2010-04-05 --machines-csv hand/m2.csv
expect_status 0 "hand, two weeks"
got=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "open_prog_emergency_h") c = i; next } { print $c }' hand/m2.csv)
checks=$((checks + 1)); [ "$got" = 4 ] || fail "hand: 22 March - 5 April: '$got', expected 8 / 2 = 4"

echo "$checks checks, $failures failures"
[ "$failures" -eq 0 ]
