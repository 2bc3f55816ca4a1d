#!/usr/bin/env python3
"""prog_emergency_union.py — an independent computation of open_prog_emergency_h
(spec imaging.md, issue 14 item 4): |union of the PROGRAMMED and EMERGENCY
sessions of a machine, clipped to the window| in hours / weeks.

    python3 prog_emergency_union.py SESSIONS.csv FROM TO > expected.csv

Written from the spec, not from eml's code: local times of Europe/Paris read
with zoneinfo (a time repeated in October is its second occurrence, fold=1;
a time skipped in March keeps the offset before the change, fold=0 — spec
docs/imaging.md "Time"; a session whose start and end both lie in the
repeated hour with end <= start reads its start as the first occurrence),
the window [FROM 00:00, TO 00:00) local, weeks = days / 7, the intervals
sorted and merged (touching ones joined: only the length of the union
matters). Prints equipment_id,open_prog_emergency_h for every machine with
sessions (17 significant digits).
"""
import csv
import sys
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
GROUP = {"PUBLIC_PROGRAMMED", "PUBLIC_UNPROGRAMMED", "LIBERAL", "PRIVATE", "PH_OTHER", "EMERGENCY"}


def utc(text, fold):
    local = datetime.fromisoformat(text).replace(tzinfo=PARIS, fold=fold)
    return int(local.astimezone(timezone.utc).timestamp())


def ambiguous(text):
    """In the hour repeated in October: the first reading (fold 0) is
    an hour ahead of UTC more than the second."""
    t = datetime.fromisoformat(text)
    return t.replace(tzinfo=PARIS, fold=0).utcoffset() > t.replace(tzinfo=PARIS, fold=1).utcoffset()


def epoch(text):
    """A repeated time: its second occurrence; a skipped one: the offset before."""
    return utc(text, 1 if ambiguous(text) else 0)


def main():
    path, d_from, d_to = sys.argv[1], sys.argv[2], sys.argv[3]
    w0 = epoch(d_from + "T00:00:00")
    w1 = epoch(d_to + "T00:00:00")
    weeks = (date.fromisoformat(d_to) - date.fromisoformat(d_from)).days / 7.0
    per_machine = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            m = row["equipment_id"]
            per_machine.setdefault(m, [])
            if row["type"] not in GROUP:
                continue
            s, e = epoch(row["start"]), epoch(row["end"])
            if e <= s and ambiguous(row["start"]) and ambiguous(row["end"]):
                s -= 3600
            s, e = max(s, w0), min(e, w1)
            if e > s:
                per_machine[m].append((s, e))
    print("equipment_id,open_prog_emergency_h")
    for m in sorted(per_machine):
        total, end = 0, None
        for s, e in sorted(per_machine[m]):
            if end is None or s > end:
                total += e - s
                end = e
            elif e > end:
                total += e - end
                end = e
        print("%s,%.17g" % (m, total / 3600 / weeks))


if __name__ == "__main__":
    main()
