#!/usr/bin/env python3
"""imaging_calibration.py - checks a campaign of `eml generate imaging`
against the reference figures of seed 001 (spec imaging.md), independently
of eml's engine: it reads the CSV files with Python's own date-time and
Europe/Paris rules (zoneinfo; a repeated October time is its second
occurrence, fold=1) and computes, per machine, the indicators of imaging.md:

  open_programmed_h   |union of PROGRAMMED sessions| / weeks
  occupancy           |exams (>= 3 min) union  ∩  PROGRAMMED| / |PROGRAMMED|
  icr_per_hour        sum icr of exams starting in PROGRAMMED / hours
  exams_per_week      exams (>= 3 min) starting in the window / weeks
  the same with PROGRAMMED ∪ EMERGENCY, on_call_h (> 90: significant),
  night exams per week and weeknight_mean,
and the panel's P20 / median / P80 (type 7, numpy's default, written out
below), occupancy and ICR per hour over the machines kept by the 15 % / 95 %
inclusion rule; the pooled duration table per class; report delays (A; H+R)
and appointment delays (non-urgent, A; H).

usage: imaging_calibration.py DIR FROM_DATE DAYS [--check]
With --check, exits 1 when a figure is off its tolerance (printed beside).
"""
import csv
import sys
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
PROGRAMMED = {"PUBLIC_PROGRAMMED", "PUBLIC_UNPROGRAMMED", "LIBERAL", "PRIVATE", "PH_OTHER"}
EXTENDED = PROGRAMMED | {"EMERGENCY", "RECONDITIONING", "BREAKDOWN", "RESEARCH"}


def instant(text):
    """Seconds since the epoch of a local Europe/Paris time (second occurrence
    when repeated)."""
    d = datetime.fromisoformat(text).replace(tzinfo=PARIS, fold=1)
    return d.timestamp()


def quantile(values, p):
    """R type 7: h = (n - 1) p, linear between order statistics."""
    v = sorted(values)
    if not v:
        return float("nan")
    h = (len(v) - 1) * p
    lo = int(h)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (h - lo) * (v[hi] - v[lo])


def union(intervals):
    out = []
    for s, e in sorted(intervals):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return out


def length(intervals):
    return sum(e - s for s, e in intervals)


def intersection_length(a, b):
    """Both sorted, disjoint."""
    i = j = 0
    total = 0.0
    while i < len(a) and j < len(b):
        s = max(a[i][0], b[j][0])
        e = min(a[i][1], b[j][1])
        if e > s:
            total += e - s
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def inside(t, intervals):
    import bisect
    k = bisect.bisect_right([s for s, _ in intervals], t) - 1
    return k >= 0 and t < intervals[k][1]


def main():
    folder, first, days = sys.argv[1], date.fromisoformat(sys.argv[2]), int(sys.argv[3])
    check = "--check" in sys.argv
    w0 = datetime(first.year, first.month, first.day, tzinfo=PARIS).timestamp()
    last = first + timedelta(days=days)
    w1 = datetime(last.year, last.month, last.day, tzinfo=PARIS).timestamp()
    weeks = days / 7.0
    modality = {}
    with open(f"{folder}/equipment.csv", newline="") as f:
        for row in csv.DictReader(f):
            modality[row["equipment_id"]] = row["modality"]
    sessions = defaultdict(list)
    with open(f"{folder}/sessions.csv", newline="") as f:
        for row in csv.DictReader(f):
            s, e = max(instant(row["start"]), w0), min(instant(row["end"]), w1)
            if e > s:
                sessions[row["equipment_id"]].append((s, e, row["type"]))
    exams = defaultdict(list)
    durations = defaultdict(list)
    reports = defaultdict(list)
    with open(f"{folder}/exams.csv", newline="") as f:
        for row in csv.DictReader(f):
            s, e = instant(row["start"]), instant(row["end"])
            m = modality[row["equipment_id"]]
            if row["report_at"]:
                kind = "A" if row["patient_class"] == "A" else "HR" if row["patient_class"] in "HR" else None
                if kind:
                    reports[(m, kind)].append(instant(row["report_at"]) - e)
            if e - s < 180 or not (w0 <= s < w1):
                continue
            icr = float(row["icr"]) if row["icr"] else 0.0
            exams[row["equipment_id"]].append((s, e, row["patient_class"], icr))
            durations[(m, row["patient_class"])].append((e - s) / 60.0)
    per = defaultdict(lambda: defaultdict(list))
    for machine, m in modality.items():
        ss = sessions[machine]
        prog = union([(s, e) for s, e, t in ss if t in PROGRAMMED])
        prog_em = union([(s, e) for s, e, t in ss if t in PROGRAMMED or t == "EMERGENCY"])
        extended = union([(s, e) for s, e, t in ss if t in EXTENDED])
        on_call = union([(s, e) for s, e, t in ss if t in ("ON_CALL", "EMERGENCY")])
        xs = exams[machine]
        busy = union([(s, e) for s, e, _, _ in xs])
        out = per[m]
        out["open_programmed_h"].append(length(prog) / 3600 / weeks)
        out["open_prog_emergency_h"].append(length(prog_em) / 3600 / weeks)
        out["exams_per_week"].append(len(xs) / weeks)
        out["on_call_h"].append(length(on_call) / 3600 / weeks)
        out["er_share"].append(sum(c == "U" for _, _, c, _ in xs) / len(xs) if xs else 0)
        night = 0
        for s, _, _, _ in xs:
            h = datetime.fromtimestamp(s, PARIS).hour
            night += h >= 20 or h < 7
        out["night_per_week"].append(night / weeks)
        out["outside_extended_per_week"].append(sum(not inside(s, extended) for s, _, _, _ in xs) / weeks)
        # inclusion rule: PROGRAMMED sessions as given, occ(s) > 15 %
        sessions_prog = [(s, e) for s, e, t in ss if t in PROGRAMMED]
        total = sum(e - s for s, e in sessions_prog)
        kept = sum(e - s for s, e in sessions_prog if intersection_length([[s, e]], busy) / (e - s) > 0.15)
        included = total > 0 and kept >= 0.95 * total
        out["included"].append(included)
        if included:
            out["occupancy"].append(intersection_length(busy, prog) / length(prog))
            out["occupancy_prog_emergency"].append(intersection_length(busy, prog_em) / length(prog_em))
            icr = sum(i for s, _, _, i in xs if inside(s, prog))
            out["icr_per_hour"].append(icr / (length(prog) / 3600))
    appointments = defaultdict(list)
    with open(f"{folder}/appointments.csv", newline="") as f:
        for row in csv.DictReader(f):
            if row["urgent"] in ("1", "true", "oui"):
                continue
            delay = (date.fromisoformat(row["offered_on"]) - date.fromisoformat(row["asked_on"])).days
            appointments[(row["modality"], row["patient_class"])].append(delay)

    reference = {
        ("CT", "exams_per_week"): (105, 158, 214), ("MRI", "exams_per_week"): (70, 105, 149),
        ("CT", "open_programmed_h"): (37.4, 47, 56.2), ("MRI", "open_programmed_h"): (47, 57, 64),
        ("CT", "occupancy"): (0.508, 0.606, 0.702), ("MRI", "occupancy"): (0.74, 0.814, 0.87),
        ("CT", "icr_per_hour"): (130.4, 158.8, 191.1), ("MRI", "icr_per_hour"): (125, 166.1, 208),
    }
    medians_only = {("CT", "occupancy_prog_emergency"): 0.59, ("MRI", "occupancy_prog_emergency"): 0.80,
                    ("CT", "open_prog_emergency_h"): 53.2, ("MRI", "open_prog_emergency_h"): 58.5}
    dur_ref = {"CT": {"A": (5, 10, 15.8), "H": (7.1, 12, 20), "R": (10, 16.6, 27.9), "U": (7, 11, 18)},
               "MRI": {"A": (14, 20, 30), "H": (19.4, 28, 40), "R": (20, 31.6, 47.9), "U": (17, 25, 35)}}
    report_ref = {("CT", "A"): (48, 180, 1650), ("CT", "HR"): (66, 174, 1452),
                  ("MRI", "A"): (48, 360, 4140), ("MRI", "HR"): (72, 762, 3726)}
    appt_ref = {("CT", "A"): (2, 7, 14), ("CT", "H"): (0, 2, 5), ("MRI", "A"): (11, 21, 38), ("MRI", "H"): (3, 7, 17)}
    failures = []

    def line(label, got, want, tolerance, absolute=False):
        ok = all(abs(g - w) <= (tolerance if absolute else tolerance * max(abs(w), 1e-9))
                 for g, w in zip(got, want))
        if not ok:
            failures.append(label)
        print(f"{label:42s} " + " ".join(f"{g:9.3f}" for g in got) + "   seed " +
              " ".join(f"{w:9.3f}" for w in want) + ("" if ok else "   <-- off"))

    for m in ("CT", "MRI"):
        if m not in per:
            continue
        out = per[m]
        print(f"== {m}: {len(out['open_programmed_h'])} machines, {sum(out['included'])} included")
        for ind in ("exams_per_week", "open_programmed_h", "occupancy", "icr_per_hour"):
            v = out[ind]
            line(f"{ind} P20/median/P80", [quantile(v, p) for p in (0.2, 0.5, 0.8)], reference[(m, ind)],
                 0.15 if ind == "exams_per_week" else 0.10)
        for ind in ("occupancy_prog_emergency", "open_prog_emergency_h"):
            line(f"{ind} median", [quantile(out[ind], 0.5)], [medians_only[(m, ind)]], 0.10)
        share = sum(h > 90 for h in out["on_call_h"]) / len(out["on_call_h"])
        line("share with on_call_h > 90", [share], [0.70 if m == "CT" else 0.21], 0.10, absolute=True)
        low_night = sum(n <= 5 for n in out["night_per_week"]) / len(out["night_per_week"])
        print(f"{'share with <= 5 night exams/week':42s} {low_night:9.3f}   seed about 0.667 (CT)")
        for c in "AHRU":
            line(f"duration {c} (min)", [quantile(durations[(m, c)], p) for p in (0.2, 0.5, 0.8)],
                 dur_ref[m][c], 0.10)
        for k in ("A", "HR"):
            line(f"report delay {k} (min)", [quantile(reports[(m, k)], p) / 60 for p in (0.2, 0.5, 0.8)],
                 report_ref[(m, k)], 0.10)
        for k in ("A", "H"):
            line(f"appointment delay {k} (days)", [quantile(appointments[(m, k)], p) for p in (0.2, 0.5, 0.8)],
                 appt_ref[(m, k)], 1.0, absolute=True)
    if failures:
        print("off:", ", ".join(failures))
    sys.exit(1 if check and failures else 0)


if __name__ == "__main__":
    main()
