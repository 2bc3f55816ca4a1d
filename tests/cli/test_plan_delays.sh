#!/usr/bin/env bash
# test_plan_delays.sh — `eml plan delays` (spec planning.md §4, issue 15):
# the same seed gives byte-identical output in every format, another seed
# another; the capacity of the slot model by hand; the queueing check
# through the command line; bad options to the byte. The M/M/1 and M/M/c
# mean waits within 2 % are tests/unit/test_plan.c (the closed forms there).
. "${0%/*}/lib.sh"

# 10 sessions of 4 h in 20-minute slots: 10 × floor(240 / 20) = 120 slots a
# week; 10 requests a day = 70 a week: 70 / 120 = 58,3 %. One more machine:
# 240 slots, 29,2 %; one more session: 11 × 12 = 132, 53,0 %; late starts
# cut by 20 min: sessions of 4 h 20 = 13 slots, 130 a week, 53,8 %.
args=(plan delays --rate 10 --sessions 10 --session-hours 4 --exam-minutes 20 --days 730
      --warmup-days 100 --seed 5 --change machine --change session --change late-start
      --late-cut-minutes 20)
for f in text csv json md html; do
  "$eml" "${args[@]}" --format $f >a.$f 2>a.err || fail "format $f"
  "$eml" "${args[@]}" --format $f >b.$f 2>b.err || fail "format $f again"
  checks=$((checks + 1))
  cmp -s a.$f b.$f || fail "format $f: the same seed gave another output"
  checks=$((checks + 1))
  [ -s a.$f ] && [ ! -s a.err ] || fail "format $f: empty output or a message: $(cat a.err)"
done
"$eml" "${args[@]}" --format xlsx --output a.xlsx || fail "xlsx"
checks=$((checks + 1))
[ -s a.xlsx ] || fail "a.xlsx not written"

run "${args[@]}" --format csv
out=$(tr -d '\r' <<<"$out")
expect_status 0 "slots"
expect_contains out "Situation actuelle;1;120;70,0;58,3 %;"
expect_contains out "Une machine de plus;2;240;70,0;29,2 %;"
expect_contains out "Une séance de plus par semaine et par machine;1;132;70,0;53,0 %;"
expect_contains out "Retards de début réduits de 20 min par séance;1;130;70,0;53,8 %;"
expect_contains out "Capacité : 10 séances de 4 h par semaine et par machine"
expect_contains out "graine 5 (même graine, même résultat)"

# another seed, other delays
"$eml" "${args[@]}" --seed 6 --format csv >c.csv || fail "seed 6"
checks=$((checks + 1))
cmp -s a.csv c.csv && fail "seed 6 gave the output of seed 5"

# the queueing check from the command line: M/M/1, λ = 0.5 a day, services of
# mean 1 day: Wq = ρ / (μ − λ) = 0,5 / 0,5 = 1 day (mean shown with one decimal)
run plan delays --rate 0.5 --exam-minutes 1440 --open-always --days 200000 --warmup-days 1000 \
  --format csv
out=$(tr -d '\r' <<<"$out")
expect_status 0 "M/M/1"
expect_contains out "Situation actuelle;1;;3,5;50,0 %;"
mean=$(grep "^Situation actuelle" <<<"$out" | cut -d';' -f9)
checks=$((checks + 1))
[ "$mean" = "1" ] || [ "$mean" = "1,0" ] || fail "M/M/1 mean wait $mean, expected 1 day"

# errors
run plan delays --rate 17.2 --sessions 10 --session-hours 4 --exam-minutes 20
expect_status 1 "saturated"
expect_line err "eml: la demande atteint la capacité (occupation 100,3 %) : les délais croîtraient sans fin"
run plan delays --rate 10 --session-hours 4 --exam-minutes 300
expect_status 1 "no slot"
expect_line err "eml: de 1 à 12 séances par semaine d'au plus 6 heures, chacune tenant au moins un examen"
run plan delays --rate 10 --session-hours 6 --change late-start
expect_status 1 "late start past 6 h"
expect_line err "eml: option --change : Retards de début réduits de 15 min par séance : de 1 à 12 séances par semaine d'au plus 6 heures, chacune tenant au moins un examen"
run plan delays --rate 10 --change more
expect_status 2 "unknown change"
expect_line err "eml: option --change : changement inconnu (attendu machine, session ou late-start) (valeur « more »)"
run plan delays --rate 0
expect_status 2 "rate"
expect_line err "eml: option --rate : pas un nombre de 0.001 à 100000 (valeur « 0 »)"
run plan delays --rate 1000 --days 1000000
expect_status 1 "too long"
expect_line err "eml: option --days : 1000365000 demandes à simuler, plus de 50000000 : moins de jours"
run plan delays
expect_status 2 "rate required"

finish
