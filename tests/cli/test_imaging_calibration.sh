#!/usr/bin/env bash
# test_imaging_calibration.sh — issue 4's calibration acceptance: the demo
# campaign (`make demo`: `eml generate imaging --ct 326 --mri 191 --days 28
# --seed 1`) computed by eml gives the panel medians of programmed opening,
# occupancy, ICR per hour and passages per week within 5 % of seed 001's,
# and its exam-duration table (P20, median, P80 per patient class) within
# 10 % cell by cell. The reference figures are spec imaging.md's table
# ("Reference figures", from seed 001's figures 11, 12, 15, 16 and the
# passages per week); eml's engine itself is checked against the DuckDB
# reference by test_imaging_duckdb. Seed 2 is checked too, so that the
# calibration is not a property of one random draw.
# Issue 14 item 4: the opening "programmé + vacations d'urgences"
# (open_prog_emergency_h) has its median within 5 % of the seed's (CT 53.2 h,
# MRI 58.5 h: text of figures 17 and 18), and the move of the median from
# the programmed opening to it goes the seed's way and by about its size:
# CT 47 -> 53.2 h (+6.2 h), MRI 57 -> 58.5 h (+1.5 h); the move is positive
# and within 40 % or 1 h of the seed's, whichever is larger (a median of
# values in quarter hours moves by steps: seed 1 gives CT +7.5 h, MRI
# +1.2 h; seed 2 CT +6.4 h, MRI +0.7 h).
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# modality indicator quantile reference tolerance
cat > "$T/reference" <<'REF'
CT exams_per_week p50 158 0.05
CT open_programmed_h p50 47 0.05
CT occupancy_programmed p50 0.606 0.05
CT icr_per_hour p50 158.8 0.05
MRI exams_per_week p50 105 0.05
MRI open_programmed_h p50 57 0.05
MRI occupancy_programmed p50 0.814 0.05
MRI icr_per_hour p50 166.1 0.05
CT open_prog_emergency_h p50 53.2 0.05
MRI open_prog_emergency_h p50 58.5 0.05
CT duration_min_A p20 5 0.10
CT duration_min_H p20 7.1 0.10
CT duration_min_R p20 10 0.10
CT duration_min_U p20 7 0.10
CT duration_min_A p50 10 0.10
CT duration_min_H p50 12 0.10
CT duration_min_R p50 16.6 0.10
CT duration_min_U p50 11 0.10
CT duration_min_A p80 15.8 0.10
CT duration_min_H p80 20 0.10
CT duration_min_R p80 27.9 0.10
CT duration_min_U p80 18 0.10
MRI duration_min_A p20 14 0.10
MRI duration_min_H p20 19.4 0.10
MRI duration_min_R p20 20 0.10
MRI duration_min_U p20 17 0.10
MRI duration_min_A p50 20 0.10
MRI duration_min_H p50 28 0.10
MRI duration_min_R p50 31.6 0.10
MRI duration_min_U p50 25 0.10
MRI duration_min_A p80 30 0.10
MRI duration_min_H p80 40 0.10
MRI duration_min_R p80 47.9 0.10
MRI duration_min_U p80 35 0.10
REF

for seed in 1 2; do
  $EML generate imaging --ct 326 --mri 191 --days 28 --seed $seed --out "$T/s$seed" \
    --threads 2 > /dev/null || fail "generator, seed $seed: exit $?"
  $EML imaging compute --equipment "$T/s$seed/equipment.csv" --sessions "$T/s$seed/sessions.csv" \
    --exams "$T/s$seed/exams.csv" --from 2010-02-01 --to 2010-03-01 \
    --panel-csv "$T/s$seed/panel.csv" > /dev/null 2>&1 || fail "compute, seed $seed: exit $?"
  # panel.csv: modality,indicator,n,p20,p50,p80
  awk -v seed=$seed '
    NR == FNR { want[$1 "," $2 "," $3] = $4; tol[$1 "," $2 "," $3] = $5; next }
    FNR == 1 { split("p20 p50 p80", q, " "); next }
    {
      split($0, f, ",")
      for (i = 1; i <= 3; i++) {
        k = f[1] "," f[2] "," q[i]
        if (!(k in want)) continue
        got = f[3 + i]; ref = want[k]; dev = (got - ref) / ref
        checked++
        printf "seed %s %-28s %-3s eml %8.3f  seed 001 %7.3f  %+5.1f %% (tolerance %d %%)\n",
          seed, f[1] " " f[2], q[i], got, ref, 100 * dev, 100 * tol[k]
        if (dev > tol[k] || dev < -tol[k]) { bad++; print "  ^ out of tolerance" }
      }
    }
    END {
      if (checked != 34) { print "checked " checked " figures, expected 34"; exit 1 }
      exit bad > 0
    }' FS=' ' "$T/reference" FS=',' "$T/s$seed/panel.csv" || fail "seed $seed: calibration"
  # the move of the median: programmed -> programmed + emergency sessions
  awk -F, -v seed=$seed '
    $2 == "open_programmed_h" { p[$1] = $5 } $2 == "open_prog_emergency_h" { e[$1] = $5 }
    END {
      want["CT"] = 53.2 - 47; want["MRI"] = 58.5 - 57
      for (m in want) {
        move = e[m] - p[m]
        printf "seed %s %-3s median opening %.2f -> %.2f h: %+.2f h (seed 001 %+.1f h)\n", seed, m, p[m], e[m], move, want[m]
        tol = 0.4 * want[m] > 1 ? 0.4 * want[m] : 1
        if (!(move > 0) || move < want[m] - tol || move > want[m] + tol) { bad++; print "  ^ out of tolerance" }
      }
      exit bad > 0
    }' "$T/s$seed/panel.csv" || fail "seed $seed: move of the opening with emergency sessions"
done
echo "ok: 2 campaigns x 34 figures within tolerance, and the move of figures 17-18"
