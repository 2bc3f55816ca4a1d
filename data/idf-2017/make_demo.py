#!/usr/bin/env python3
"""make_demo.py — writes and checks the Île-de-France 2017 demo data of eml.

Model (spec registry.md, seed 000_224149d20fa42384.txt, "Bilan des OQOS EML,
Île-de-France, octobre 2017"):

* The seed gives, per département (75 77 78 91 92 93 94 95) and modality
  (CT, MRI, GAMMA, PET, OHB, CYCLOTRON), the devices and the sites
  ("implantations") in force now, the CT devices dedicated to interventional
  imaging (figures in parentheses) and the target bounds (OQOS). Those
  numbers are typed below (SEED_NOW, SEED_TARGETS) — they are real.
* Sites and devices are INVENTED: the seed gives only counts. This script
  draws them with a fixed random seed so that, at AT = 2017-10-01, per
  département and modality, the devices in force
  (authorized_from <= AT and (authorized_until empty or AT < authorized_until)),
  the interventional ones and the distinct sites holding at least one device
  in force equal the seed's "Situation actuelle" exactly. Around them it adds
  history that must not count (authorisations ended on or before AT, granted
  after AT) and devices in force but not yet installed (which do count).
* It writes sites.csv, equipment.csv, targets.csv, notes.csv, requests.csv
  (and published.tsv, copied from the seed, when --seed is given), then
  checks what it wrote: recount at AT against the typed numbers, targets
  against the typed numbers, the typed numbers against the published tables
  (published.tsv), FINESS keys, references, and the expected verdicts of
  the demo applications. Exit status 1 when anything differs.

Usage:
  python3 make_demo.py [--seed SEED.txt]          write the files, then check
  python3 make_demo.py --check [--seed SEED.txt]  check the files on disk only
                                                  (and that they are up to date)
Standard library only; deterministic (random.Random(RANDOM_SEED)).
"""
import argparse
import csv
import datetime as dt
import io
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
AT = dt.date(2017, 10, 1)
PERIOD = "SROS3-PRS"
RANDOM_SEED = 20171001
DEPTS = ["75", "77", "78", "91", "92", "93", "94", "95"]
MODALITIES = ["CT", "MRI", "GAMMA", "PET", "OHB", "CYCLOTRON"]

# Title line of each modality's table in the seed (published.tsv).
TITLES = {
    "Scanners (TDM)": "CT",
    "Imageurs par résonance magnétique (IRM)": "MRI",
    "Gamma caméras (Gcam)": "GAMMA",
    "Tomographes par émission de positons (TEP-CT)": "PET",
    "Caissons d'oxygénothérapie hyperbare (OHB)": "OHB",
    "Cyclotrons à usage médical": "CYCLOTRON",
}

# --- Seed numbers, typed from the seed (real) --------------------------------
# SEED_NOW[modality][dept] = (devices, interventional devices, sites) in force
# at 2017-10-01 ("Situation actuelle").
SEED_NOW = {
    "CT": {"75": (66, 5, 48), "77": (20, 0, 17), "78": (25, 0, 19), "91": (19, 0, 17),
           "92": (32, 1, 26), "93": (26, 1, 19), "94": (25, 2, 17), "95": (20, 0, 14)},
    "MRI": {"75": (75, 0, 47), "77": (19, 0, 15), "78": (21, 0, 15), "91": (16, 0, 11),
            "92": (27, 0, 21), "93": (25, 0, 16), "94": (25, 0, 16), "95": (19, 0, 12)},
    "GAMMA": {"75": (22, 0, 10), "77": (6, 0, 3), "78": (6, 0, 4), "91": (5, 0, 3),
              "92": (16, 0, 8), "93": (12, 0, 6), "94": (8, 0, 4), "95": (7, 0, 3)},
    "PET": {"75": (11, 0, 7), "77": (3, 0, 3), "78": (3, 0, 3), "91": (2, 0, 2),
            "92": (6, 0, 6), "93": (4, 0, 3), "94": (4, 0, 3), "95": (4, 0, 3)},
    "OHB": {"75": (0, 0, 0), "77": (0, 0, 0), "78": (0, 0, 0), "91": (0, 0, 0),
            "92": (1, 0, 1), "93": (0, 0, 0), "94": (0, 0, 0), "95": (0, 0, 0)},
    "CYCLOTRON": {"75": (0, 0, 0), "77": (0, 0, 0), "78": (0, 0, 0), "91": (1, 0, 1),
                  "92": (0, 0, 0), "93": (0, 0, 0), "94": (0, 0, 0), "95": (0, 0, 0)},
}

# SEED_TARGETS[modality][dept] = (devices low, devices high, interventional low,
# interventional high, sites low, sites high); None = not printed in the seed
# (a single "Situation future" value is the high bound, low empty).
N = None
SEED_TARGETS = {
    "CT": {"75": (64, 66, 5, 5, 48, 50), "77": (19, 22, N, N, 16, 18),
           "78": (24, 26, N, N, 18, 19), "91": (18, 20, N, N, 16, 17),
           "92": (30, 32, 1, 1, 25, 26), "93": (25, 26, 1, 1, 19, 20),
           "94": (25, 27, 3, 3, 17, 18), "95": (20, 22, N, N, 14, 16)},
    "MRI": {"75": (63, 78, N, N, 41, 48), "77": (16, 21, N, N, 14, 15),
            "78": (17, 22, N, N, 14, 16), "91": (16, 19, N, N, 11, 13),
            "92": (23, 27, N, N, 18, 21), "93": (22, 25, N, N, 15, 16),
            "94": (22, 25, N, N, 15, 17), "95": (18, 21, N, N, 12, 14)},
    "GAMMA": {"75": (24, 26, N, N, N, 11), "77": (5, 6, N, N, N, 3),
              "78": (5, 6, N, N, N, 4), "91": (5, 6, N, N, N, 3),
              "92": (16, 16, N, N, N, 8), "93": (12, 12, N, N, N, 6),
              "94": (7, 8, N, N, N, 4), "95": (7, 7, N, N, N, 3)},
    "PET": {"75": (10, 13, N, N, 6, 7), "77": (3, 3, N, N, 2, 3),
            "78": (2, 3, N, N, 2, 3), "91": (2, 3, N, N, 2, 2),
            "92": (6, 6, N, N, 5, 6), "93": (4, 4, N, N, 3, 3),
            "94": (3, 4, N, N, 2, 3), "95": (3, 4, N, N, 3, 3)},
    "OHB": {d: (N, 1 if d == "92" else 0, N, N, N, 1 if d == "92" else 0) for d in DEPTS},
    "CYCLOTRON": {d: (N, 1 if d == "91" else 0, N, N, N, 1 if d == "91" else 0) for d in DEPTS},
}

# The seed's footnotes (real): CT table, 75 devices "NON*", and the regional
# note under the CT table, each with the rule it states (docs/register.md
# "Notes"): 75 receives only interventional CT applications; the region may
# dedicate 6 more CT to interventional imaging.
NOTES = [
    ("75", "CT", "devices", "", "*",
     "Possibilité de dépôt uniquement pour les demandes de scanners dédiés à "
     "l'imagerie interventionnelle", "interventional_only", ""),
    ("", "CT", "", "", "",
     "Les chiffres placés entre parenthèses concernent les scanners dédiés à "
     "l'imagerie interventionnelle et il est recommandé qu'à la fin du SROS-PRS, "
     "6 appareils supplémentaires puissent être dédiés dans la région à "
     "l'imagerie interventionnelle sous scanner.", "interventional_allowance", "6"),
]

# The one published cell that contradicts its own row (registry.md): 94, CT,
# interventional gap printed (1) where now (2) - high (3) = (-1).
KNOWN_PUBLISHED_ERRORS = {("CT", "94", "devices", "interventional gap"): (1, -1)}

SITE_HEADER = ["finess", "name", "territory", "legal_status", "finess_ej"]
EQUIPMENT_HEADER = ["equipment_id", "finess", "modality", "interventional",
                    "authorized_from", "authorized_until", "installed_on"]
TARGET_HEADER = ["period", "territory", "modality", "unit", "low", "high",
                 "interventional_low", "interventional_high"]
NOTE_HEADER = ["territory", "modality", "unit", "receivable", "mark", "note", "rule",
               "allowance"]
REQUEST_HEADER = ["request_id", "finess", "territory", "modality", "devices",
                  "interventional", "kind", "filed_on"]

# How strongly a modality goes to the larger sites (hospitals): the rank
# jitter, as a fraction of the département's site pool. Small = hospitals.
RANK_JITTER = {"CT": 0.6, "MRI": 0.9, "GAMMA": 0.35, "PET": 0.3, "OHB": 0.0,
               "CYCLOTRON": 0.0}
MAX_DEVICES_PER_SITE = 6


def luhn_key(digits8):
    """Luhn key completing 8 digits (same as eml_finess_key, lib/io/parse.c)."""
    total = 0
    for i, ch in enumerate(reversed(digits8)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10


def finess(dept, series, number):
    """An invented FINESS: département, series (99 sites, 98 legal entities),
    4-digit number, Luhn key."""
    body = "%s%s%04d" % (dept, series, number)
    return body + str(luhn_key(body))


def luhn_valid(number):
    return len(number) == 9 and number.isdigit() and luhn_key(number[:8]) == int(number[8])


def in_force(row, at=AT):
    start = dt.date.fromisoformat(row["authorized_from"])
    until = row["authorized_until"]
    return start <= at and (until == "" or at < dt.date.fromisoformat(until))


# --- Generation ---------------------------------------------------------------

def random_date(rng, first, last):
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def legal_status_for(dept, position, count, rng):
    """Status by size rank inside the département: public hospitals first,
    then private non-profit (EPSIC), clinics, and imaging practices."""
    share = position / count
    if dept in ("75", "92", "93", "94") and share < (0.3 if dept == "75" else 0.15):
        return "CHU AP-HP"
    if share < 0.3:
        return "CH"
    if share < 0.4:
        return "EPSIC"
    if share < 0.62:
        return "PRIVE"
    return rng.choice(["LIBERAL", "LIBERAL", "GIE", "GCS"])


SITE_NAME = {
    "CHU AP-HP": "Hôpital universitaire fictif",
    "CH": "Centre hospitalier fictif",
    "EPSIC": "Hôpital privé d'intérêt collectif fictif",
    "PRIVE": "Clinique fictive",
    "LIBERAL": "Centre d'imagerie fictif",
    "GIE": "GIE d'imagerie fictif",
    "GCS": "GCS d'imagerie fictif",
}


def choose_holders(rng, pool_size, modality, sites_needed):
    """Ranks (0 = largest site) of the sites holding the modality: the
    `sites_needed` smallest of rank + jitter."""
    jitter = RANK_JITTER[modality] * pool_size
    keyed = sorted((rank + rng.uniform(0, jitter), rank) for rank in range(pool_size))
    return [rank for _, rank in keyed[:sites_needed]]


def spread_devices(rng, holders, devices):
    """One device per holder, the rest to the larger holders (weight
    1/(1+position)), at most MAX_DEVICES_PER_SITE each."""
    per_site = {rank: 1 for rank in holders}
    order = sorted(holders)
    for _ in range(devices - len(holders)):
        weights = [0 if per_site[r] >= MAX_DEVICES_PER_SITE else 1 / (1 + i)
                   for i, r in enumerate(order)]
        per_site[rng.choices(order, weights)[0]] += 1
    return per_site


def generate():
    """Returns (sites, equipment, requests) as lists of dicts."""
    rng = random.Random(RANDOM_SEED)
    sites, equipment, requests = [], [], []
    serial = {}  # (dept, modality) -> last device number

    def add_device(site, modality, start, until="", installed="", interventional=0):
        key = (site["territory"], modality)
        serial[key] = serial.get(key, 0) + 1
        row = {"equipment_id": "%s-%s-%03d" % (modality, site["territory"], serial[key]),
               "finess": site["finess"], "modality": modality,
               "interventional": str(interventional),
               "authorized_from": start.isoformat(),
               "authorized_until": until.isoformat() if until else "",
               "installed_on": installed.isoformat() if installed else ""}
        equipment.append(row)
        return row

    by_dept = {}
    for dept in DEPTS:
        most_sites = max(SEED_NOW[m][dept][2] for m in MODALITIES)
        pool_size = most_sites + 3 + most_sites // 5
        holdings = {}  # rank -> {modality: devices in force}
        for modality in MODALITIES:
            devices, _, site_count = SEED_NOW[modality][dept]
            holders = choose_holders(rng, pool_size, modality, site_count)
            for rank, n in spread_devices(rng, holders, devices).items():
                holdings.setdefault(rank, {})[modality] = n
        ranks = sorted(holdings)  # sites that hold nothing are not written
        dept_sites = []
        for position, rank in enumerate(ranks):
            status = legal_status_for(dept, position, len(ranks), rng)
            number = position + 1
            if status == "CHU AP-HP":
                ej = finess("75", "98", 0)
            elif status in ("LIBERAL", "GIE"):
                ej = ""
            else:
                ej = finess(dept, "98", number)
            site = {"finess": finess(dept, "99", number),
                    "name": "%s %s-%02d" % (SITE_NAME[status], dept, number),
                    "territory": dept, "legal_status": status, "finess_ej": ej,
                    "holdings": holdings[rank]}
            dept_sites.append(site)
        by_dept[dept] = dept_sites
        sites.extend(dept_sites)

        # Devices in force at AT: authorised 1996-2015, put in service 3 to
        # 16 months later; one in nine with a known end after AT.
        for site in dept_sites:
            for modality in MODALITIES:
                for _ in range(site["holdings"].get(modality, 0)):
                    start = random_date(rng, dt.date(1996, 1, 1), dt.date(2015, 12, 31))
                    installed = start + dt.timedelta(days=rng.randrange(90, 480))
                    until = ""
                    if rng.randrange(9) == 0:
                        until = random_date(rng, dt.date(2018, 1, 1), dt.date(2022, 12, 31))
                    add_device(site, modality, start, until, installed)

        # Replaced devices (authorisation ended before AT) at one site in five
        # holding CT or MRI: history that must not count.
        for site in dept_sites:
            for modality in ("CT", "MRI"):
                if modality in site["holdings"] and rng.randrange(5) == 0:
                    start = random_date(rng, dt.date(1992, 1, 1), dt.date(2003, 12, 31))
                    until = random_date(rng, dt.date(2008, 1, 1), dt.date(2016, 12, 31))
                    add_device(site, modality, start, until, start + dt.timedelta(days=200))

    # Interventional CT: one device each at the largest CT sites.
    for dept in DEPTS:
        wanted = SEED_NOW["CT"][dept][1]
        for site in by_dept[dept]:
            if wanted == 0:
                break
            for row in equipment:
                if (row["finess"] == site["finess"] and row["modality"] == "CT"
                        and in_force(row)):
                    row["interventional"] = "1"
                    wanted -= 1
                    break

    def first_device(dept, modality, nth=0):
        rows = [r for r in equipment if r["modality"] == modality and in_force(r)
                and r["finess"][:2] == dept]
        return rows[nth]

    # In force but not yet installed at AT (they count): recent authorisations.
    for dept, modality, start, installed in [
            ("77", "CT", dt.date(2017, 5, 12), None),
            ("93", "CT", dt.date(2017, 7, 3), dt.date(2017, 11, 20)),
            ("75", "MRI", dt.date(2017, 4, 20), None),
            ("91", "MRI", dt.date(2017, 9, 14), dt.date(2018, 2, 1)),
            ("95", "MRI", dt.date(2017, 6, 1), None),
            ("75", "PET", dt.date(2017, 3, 30), dt.date(2017, 12, 4)),
            ("92", "GAMMA", dt.date(2017, 8, 22), None),
            ("94", "MRI", AT, None)]:  # granted on AT itself: in force
        row = first_device(dept, modality, 1)
        row["authorized_from"] = start.isoformat()
        row["installed_on"] = installed.isoformat() if installed else ""
    # An authorisation that ends the day after AT: still in force.
    first_device("95", "CT")["authorized_until"] = (AT + dt.timedelta(days=1)).isoformat()

    def site_with(dept, modality, without=None, nth=0):
        found = [s for s in by_dept[dept] if modality in s["holdings"]
                 and (without is None or without not in s["holdings"])]
        return found[nth]

    # Ended exactly on AT: not in force (AT < until is false).
    add_device(site_with("92", "MRI"), "MRI", dt.date(2010, 10, 1), AT, dt.date(2011, 3, 1))
    # Granted after AT: not in force yet.
    add_device(site_with("94", "CT"), "CT", dt.date(2018, 2, 15), interventional=1)
    add_device(site_with("75", "PET", nth=1), "PET", dt.date(2018, 6, 1))
    add_device(site_with("75", "GAMMA"), "GAMMA", AT + dt.timedelta(days=1))
    add_device(site_with("78", "MRI", nth=2), "MRI", dt.date(2018, 4, 9))
    # Sites that hold nothing in force at AT: closed (authorisation not
    # renewed), or first authorised after AT. They must not count as sites.
    extra_sites = [("75", "CT", dt.date(1999, 3, 1), dt.date(2013, 6, 30)),
                   ("77", "MRI", dt.date(2018, 3, 5), None),
                   ("91", "CT", dt.date(2001, 9, 17), dt.date(2016, 1, 31)),
                   ("93", "MRI", dt.date(2004, 5, 3), dt.date(2015, 12, 31)),
                   ("95", "MRI", dt.date(2018, 1, 22), None)]
    for dept, modality, start, until in extra_sites:
        number = len(by_dept[dept]) + 1
        site = {"finess": finess(dept, "99", number),
                "name": "%s %s-%02d" % (SITE_NAME["LIBERAL"], dept, number),
                "territory": dept, "legal_status": "LIBERAL", "finess_ej": "",
                "holdings": {}}
        by_dept[dept].append(site)
        sites.append(site)
        installed = start + dt.timedelta(days=150) if until else None
        add_device(site, modality, start, until, installed)

    # Demo applications (registry.md, "Applications"), filed in the window
    # that opens after the balance.
    def request(finess_number, dept, modality, kind, filed, interventional=0):
        requests.append({"request_id": "D2017-%02d" % (len(requests) + 1),
                         "finess": finess_number, "territory": dept, "modality": modality,
                         "devices": "1", "interventional": str(interventional),
                         "kind": kind, "filed_on": filed})

    new_site_78 = finess("78", "99", 900)  # not in sites.csv
    request(new_site_78, "78", "CT", "creation", "2017-10-16")
    request(site_with("78", "CT")["finess"], "78", "CT", "extension", "2017-10-18")
    request(site_with("92", "MRI", nth=3)["finess"], "92", "MRI", "renewal", "2017-10-20")
    request(site_with("77", "CT", nth=2)["finess"], "77", "CT", "creation", "2017-10-23")
    for nth, filed in enumerate(["2017-10-24", "2017-11-02", "2017-11-07"]):
        request(site_with("91", "MRI", nth=nth)["finess"], "91", "MRI", "extension", filed)
    request(site_with("91", "CT", without="MRI")["finess"], "91", "MRI", "creation",
            "2017-11-14")
    request(site_with("94", "CT")["finess"], "94", "CT", "extension", "2017-11-20",
            interventional=1)

    sites.sort(key=lambda s: s["finess"])
    equipment.sort(key=lambda r: (MODALITIES.index(r["modality"]), r["equipment_id"]))
    return sites, equipment, requests


def target_rows():
    rows = []
    for modality in MODALITIES:
        for dept in DEPTS:
            d_low, d_high, i_low, i_high, s_low, s_high = SEED_TARGETS[modality][dept]
            blank = lambda v: "" if v is None else str(v)
            rows.append([PERIOD, dept, modality, "devices", blank(d_low), str(d_high),
                         blank(i_low), blank(i_high)])
            rows.append([PERIOD, dept, modality, "sites", blank(s_low), str(s_high), "", ""])
    return rows


def csv_text(header, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row[c] for c in header] if isinstance(row, dict) else row)
    return out.getvalue()


def published_from_seed(seed_path):
    """The seed's six tables: title, header lines, data rows, Total row, as
    printed (tabs kept); tables separated by one empty line."""
    with open(seed_path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    tables, current = [], None
    for line in lines:
        if line in TITLES:
            current = [line]
            continue
        if current is None or line == "":
            continue
        current.append(line)
        if line.startswith("Total\t"):
            tables.append(current)
            current = None
    return "\n\n".join("\n".join(t) for t in tables) + "\n"


def files_text():
    sites, equipment, requests = generate()
    return {
        "sites.csv": csv_text(SITE_HEADER, sites),
        "equipment.csv": csv_text(EQUIPMENT_HEADER, equipment),
        "targets.csv": csv_text(TARGET_HEADER, target_rows()),
        "notes.csv": csv_text(NOTE_HEADER, NOTES),
        "requests.csv": csv_text(REQUEST_HEADER, requests),
    }


# --- Checks -------------------------------------------------------------------

def read_csv(name, header, problems):
    path = os.path.join(HERE, name)
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        first = next(reader, [])
        if first != header:
            problems.append("%s: header is %s, expected %s" % (name, first, header))
            return []
        return [dict(zip(header, row)) for row in reader]


def recount(sites, equipment, problems):
    """counts[(modality, dept)] = [devices, interventional, sites] in force at AT."""
    territory = {s["finess"]: s["territory"] for s in sites}
    counts = {(m, d): [0, 0, set()] for m in MODALITIES for d in DEPTS}
    for row in equipment:
        if row["finess"] not in territory:
            problems.append("equipment.csv: %s: unknown site %s" % (row["equipment_id"], row["finess"]))
            continue
        if not in_force(row):
            continue
        cell = counts[(row["modality"], territory[row["finess"]])]
        cell[0] += 1
        cell[1] += row["interventional"] == "1"
        cell[2].add(row["finess"])
    return {k: (v[0], v[1], len(v[2])) for k, v in counts.items()}


def check_registry(sites, equipment, problems):
    seen = set()
    for s in sites:
        if not luhn_valid(s["finess"]) or s["finess"][:2] != s["territory"]:
            problems.append("sites.csv: bad FINESS %s" % s["finess"])
        if s["finess_ej"] and not luhn_valid(s["finess_ej"]):
            problems.append("sites.csv: bad FINESS EJ %s" % s["finess_ej"])
        if s["finess"] in seen:
            problems.append("sites.csv: duplicate %s" % s["finess"])
        seen.add(s["finess"])
        if "fictif" not in s["name"] and "fictive" not in s["name"]:
            problems.append("sites.csv: %s is not labelled invented" % s["name"])
    ids = set()
    for row in equipment:
        if row["equipment_id"] in ids:
            problems.append("equipment.csv: duplicate %s" % row["equipment_id"])
        ids.add(row["equipment_id"])
        if row["modality"] not in MODALITIES:
            problems.append("equipment.csv: unknown modality %s" % row["modality"])
        start = dt.date.fromisoformat(row["authorized_from"])
        if row["authorized_until"] and dt.date.fromisoformat(row["authorized_until"]) <= start:
            problems.append("equipment.csv: %s ends before it starts" % row["equipment_id"])
        if row["installed_on"] and dt.date.fromisoformat(row["installed_on"]) < start:
            problems.append("equipment.csv: %s installed before authorised" % row["equipment_id"])
    # The history the demo is meant to show must be there.
    ended = sum(1 for r in equipment if r["authorized_until"]
                and dt.date.fromisoformat(r["authorized_until"]) <= AT)
    later = sum(1 for r in equipment if dt.date.fromisoformat(r["authorized_from"]) > AT)
    waiting = sum(1 for r in equipment if in_force(r) and (
        not r["installed_on"] or dt.date.fromisoformat(r["installed_on"]) > AT))
    for what, n in [("ended on or before AT", ended), ("granted after AT", later),
                    ("in force, not yet installed", waiting)]:
        if n < 3:
            problems.append("equipment.csv: only %d devices %s" % (n, what))
    return ended, later, waiting


def check_counts(counts, problems):
    for modality in MODALITIES:
        for dept in DEPTS:
            if counts[(modality, dept)] != SEED_NOW[modality][dept]:
                problems.append("%s %s at %s: recount (devices, interventional, sites) = %s, "
                                "seed says %s" % (modality, dept, AT, counts[(modality, dept)],
                                                  SEED_NOW[modality][dept]))


def check_targets(targets, problems):
    expected = [dict(zip(TARGET_HEADER, r)) for r in target_rows()]
    if targets != expected:
        problems.append("targets.csv differs from the seed's bounds typed in make_demo.py")


def parse_cell(text):
    """'66 (5)' -> (66, 5); '-2' -> (-2, None); 'NON*' -> 'NON*'."""
    text = text.strip()
    if text in ("OUI", "NON", "NON*", "OUI*", ""):
        return text
    if "(" in text:
        main, paren = text.split("(")
        return (int(main), int(paren.rstrip(")")))
    return (int(text), None)


def published_tables(problems):
    """{modality: {dept or 'Total': [cells]}} from published.tsv."""
    with open(os.path.join(HERE, "published.tsv"), encoding="utf-8") as f:
        blocks = f.read().rstrip("\n").split("\n\n")
    tables = {}
    for block in blocks:
        lines = block.split("\n")
        if lines[0] not in TITLES:
            problems.append("published.tsv: unknown title %r" % lines[0])
            continue
        rows = {}
        for line in lines[1:]:
            cells = line.split("\t")
            if cells[0] in DEPTS or cells[0] == "Total":
                rows[cells[0]] = [parse_cell(c) for c in cells[1:] if c.strip() != ""]
        tables[TITLES[lines[0]]] = rows
    return tables


def expected_row(modality, dept, marks):
    """The row the balance must print for the seed's numbers, as (kind, value)
    cells: devices (now, [low], high, gap, verdict), then sites likewise.
    Numbers are (main, parenthesised or None)."""
    devices, interventional, site_count = SEED_NOW[modality][dept]
    d_low, d_high, i_low, i_high, s_low, s_high = SEED_TARGETS[modality][dept]
    paren = i_high is not None
    row = [("now", (devices, interventional if paren else None))]
    if d_low is not None:
        row.append(("low", (d_low, i_low)))
    row.append(("high", (d_high, i_high)))
    gap = devices - d_high
    row.append(("gap", (gap, interventional - i_high if paren else None)))
    row.append(("verdict", ("OUI" if gap < 0 else "NON") + marks.get((dept, modality, "devices"), "")))
    row.append(("now", (site_count, None)))
    if s_low is not None:
        row.append(("low", (s_low, None)))
    row.append(("high", (s_high, None)))
    gap = site_count - s_high
    row.append(("gap", (gap, None)))
    row.append(("verdict", ("OUI" if gap < 0 else "NON") + marks.get((dept, modality, "sites"), "")))
    return row


def check_published(problems):
    """The typed numbers reproduce every published cell but the known one,
    and every Total (sums of the now, low and high columns)."""
    marks = {(n[0], n[1], n[2]): n[4] for n in NOTES if n[0]}
    tables = published_tables(problems)
    found_errors = {}
    for modality in MODALITIES:
        table = tables.get(modality, {})
        rows = [expected_row(modality, d, marks) for d in DEPTS]
        for dept, want in zip(DEPTS, rows):
            got = table.get(dept)
            if got is None or len(got) != len(want):
                problems.append("published.tsv: %s %s: row %s, expected %s" % (modality, dept, got, want))
                continue
            for i, ((kind, w), g) in enumerate(zip(want, got)):
                if w == g:
                    continue
                if kind == "gap" and i < 4 and w[0] == g[0]:
                    found_errors[(modality, dept, "devices", "interventional gap")] = (g[1], w[1])
                else:
                    problems.append("published.tsv: %s %s column %d (%s): %s, expected %s"
                                    % (modality, dept, i + 2, kind, g, w))
        sums = []
        for i, (kind, cell) in enumerate(rows[0]):
            if kind in ("now", "low", "high"):
                main = sum(r[i][1][0] for r in rows)
                parens = [r[i][1][1] for r in rows if r[i][1][1] is not None]
                sums.append((main, sum(parens) if parens else None))
        if table.get("Total") != sums:
            problems.append("published.tsv: %s Total %s, expected %s" % (modality, table.get("Total"), sums))
    if found_errors != KNOWN_PUBLISHED_ERRORS:
        problems.append("published.tsv: inconsistent cells %s, expected exactly %s"
                        % (found_errors, KNOWN_PUBLISHED_ERRORS))


def check_requests(sites, equipment, requests, counts, problems):
    """Expected verdict of each demo application by registry.md's rules."""
    holders = {(r["finess"], r["modality"]) for r in equipment if in_force(r)}
    known = {s["finess"] for s in sites}
    verdicts = []
    for req in requests:
        m, d = req["modality"], req["territory"]
        devices, interventional, site_count = counts[(m, d)]
        _, d_high, _, i_high, _, s_high = SEED_TARGETS[m][d]
        n = int(req["devices"])
        has = (req["finess"], m) in holders
        if req["kind"] in ("renewal", "replacement"):
            ok = True
        else:
            ok = devices + n <= d_high
            if req["interventional"] == "1" and i_high is not None:
                ok = ok and interventional + n <= i_high
            if req["kind"] == "creation":
                ok = ok and site_count + 1 <= s_high
        flag = (req["kind"] == "creation" and has) or (req["kind"] == "extension" and not has)
        verdicts.append((req["request_id"], req["kind"], ok, flag, req["finess"] in known))
    expected = [("D2017-01", "creation", False, False, False),   # 78: sites 19 + 1 > 19
                ("D2017-02", "extension", True, False, True),    # 78: devices 25 + 1 <= 26
                ("D2017-03", "renewal", True, False, True),
                ("D2017-04", "creation", True, True, True),      # site already has a CT
                ("D2017-05", "extension", True, False, True),    # 91 MRI: 16 + 1 <= 19
                ("D2017-06", "extension", True, False, True),
                ("D2017-07", "extension", True, False, True),
                ("D2017-08", "creation", True, False, True),     # 4 receivable, 3 places
                ("D2017-09", "extension", True, False, True)]    # 94 CT (2) + 1 <= (3)
    if verdicts != expected:
        problems.append("requests.csv: verdicts %s, expected %s" % (verdicts, expected))


def check(seed_path):
    problems = []
    sites = read_csv("sites.csv", SITE_HEADER, problems)
    equipment = read_csv("equipment.csv", EQUIPMENT_HEADER, problems)
    targets = read_csv("targets.csv", TARGET_HEADER, problems)
    notes = read_csv("notes.csv", NOTE_HEADER, problems)
    requests = read_csv("requests.csv", REQUEST_HEADER, problems)
    history = check_registry(sites, equipment, problems)
    counts = recount(sites, equipment, problems)
    check_counts(counts, problems)
    check_targets(targets, problems)
    if [tuple(n.values()) for n in notes] != NOTES:
        problems.append("notes.csv differs from the seed's notes")
    check_published(problems)
    check_requests(sites, equipment, requests, counts, problems)
    for name, text in files_text().items():
        with open(os.path.join(HERE, name), encoding="utf-8") as f:
            if f.read() != text:
                problems.append("%s is not what make_demo.py writes: regenerate it" % name)
    if seed_path:
        with open(os.path.join(HERE, "published.tsv"), encoding="utf-8") as f:
            if f.read() != published_from_seed(seed_path):
                problems.append("published.tsv differs from the tables of %s" % seed_path)
    for p in problems:
        print("make_demo.py: " + p, file=sys.stderr)
    if problems:
        return 1
    print("make_demo.py: OK at %s: %d sites, %d devices (%d ended on or before, %d granted "
          "after, %d in force not yet installed), %d targets, %d requests; 48 département x "
          "modality counts and the published tables match the seed"
          % (AT, len(sites), len(equipment), history[0], history[1], history[2],
             len(targets), len(requests)))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="only check the files on disk (write nothing)")
    parser.add_argument("--seed", help="seed 000 text: (re)write or check published.tsv from it")
    args = parser.parse_args()
    if not args.check:
        for name, text in files_text().items():
            with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="") as f:
                f.write(text)
        if args.seed:
            with open(os.path.join(HERE, "published.tsv"), "w", encoding="utf-8", newline="") as f:
                f.write(published_from_seed(args.seed))
    return check(args.seed)


if __name__ == "__main__":
    sys.exit(main())
