#!/usr/bin/env python3
"""make_demo.py — writes and checks the Île-de-France 2025 demo data of eml:
an INVENTED register under the authorisation regime in force since
1 June 2023 (spec regime-2023.md, issue 13).

Model:
* ARS Île-de-France publishes, after the reform, 345 authorisations of
  "équipements d'imagerie en coupes" on 293 geographic sites covering 872
  devices (484 MRI, 388 CT). Those four numbers are the only real ones; the
  sites, holders, devices, dates, conventions, targets (OQOS), filing windows
  and applications are invented. At AT = 2025-06-30 the register gives
  exactly: 345 IMAGING authorisations in force (decided_on <= AT and (until
  empty or AT < until)), on 293 distinct sites, with 388 CT and 484 MRI
  devices in force (declared_on <= AT < removed_on) under them.
* The 293 sites are drawn per département (SITES_PER_DEPT), each with a
  number of imaging devices taken from DEVICES_PER_SITE (291 sites with
  1 to 7 devices, 2 new sites whose authorisation is decided but not yet
  implemented, with none), the larger numbers going to the first-ranked
  (hospital) sites; 52 extra authorisations are second and third holders on
  49 shared sites (46 with two holders, 3 with three).
* Mix of CT and MRI: every site with 2 or more devices gets one CT and one
  MRI first, except the single-type sites named below; the other devices
  come from a bag holding exactly the CT and MRI still needed, so the
  totals are exact by construction (and recounted by check_totals.py).
* Rule-tripping sites, history and applications are placed on purpose
  (generate(), "special" comments); README.md lists each with its figures.
* NUCLEAR, INTERVENTIONAL and RADIOTHERAPY authorisations (counts typed in
  NUCLEAR_SITES, INTERVENTIONAL_SITES, RT_SITES) sit mostly on the large
  imaging sites; their devices (GAMMA, PET, LINAC, one CT dedicated to
  interventional radiology) are not imaging devices.

Usage:
  python3 make_demo.py          write the files, then check them
  python3 make_demo.py --check  check only: the files are what this script
                                writes, and check_totals.py's recount gives
                                the published totals and the expected figures
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
AT = dt.date(2025, 6, 30)
PERIOD = "PRS-2023"
RANDOM_SEED = 20250630
DEPTS = ["75", "77", "78", "91", "92", "93", "94", "95"]
REFORM = dt.date(2023, 6, 1)

# The published figures (ARS Île-de-France, after the reform): real.
PUBLISHED = {"authorisations": 345, "sites": 293, "devices": 872, "MRI": 484, "CT": 388}

# Invented: imaging sites in force per département (sum 293), and the number
# of imaging devices per site (291 sites, 872 devices; the 2 sites with 0 are
# new authorisations not yet implemented, in 77 and 93).
SITES_PER_DEPT = {"75": 80, "77": 30, "78": 31, "91": 27, "92": 44, "93": 32, "94": 28, "95": 21}
DEVICES_PER_SITE = {1: 24, 2: 62, 3: 135, 4: 44, 5: 16, 6: 7, 7: 3}
NEW_NOT_IMPLEMENTED = ["77", "93"]
SHARED_TWO, SHARED_THREE = 46, 3

# Invented OQOS of PRS-2023, in implantations (unit sites): (low, high).
IMAGING_TARGETS = {"75": (78, 82), "77": (28, 31), "78": (29, 31), "91": (25, 28),
                   "92": (42, 44), "93": (30, 34), "94": (27, 28), "95": (19, 23)}
# NUCLEAR: sites per département (on imaging sites, 75 also one nuclear-only
# site) and a single target value (no mention: every mention counts).
NUCLEAR_SITES = {"75": 12, "77": 3, "78": 4, "91": 3, "92": 8, "93": 5, "94": 5, "95": 3}
NUCLEAR_TARGETS = {"75": 12, "77": 4, "78": 4, "91": 4, "92": 8, "93": 6, "94": 5, "95": 3}
# INTERVENTIONAL: authorisations per département and mention; targets for
# mention D only (single value).
INTERVENTIONAL_SITES = {"75": "AABBCDDD", "77": "A", "78": "AB", "91": "AC", "92": "ABD",
                        "93": "AB", "94": "ACD", "95": "A"}
INTERVENTIONAL_D_TARGETS = {"75": 3, "77": 0, "78": 0, "91": 0, "92": 1, "93": 1, "94": 1, "95": 0}
# RADIOTHERAPY (mention A, radiothérapie externe chez l'adulte): sites per
# département (RT_ONLY of them are stand-alone radiotherapy centres) and
# targets (low, high); mention B (curiethérapie) at the first site of
# RT_BRACHY départements, no target for it.
RT_SITES = {"75": 6, "77": 2, "78": 3, "91": 3, "92": 4, "93": 2, "94": 3, "95": 2}
RT_ONLY = {"75": 1, "92": 1, "93": 1}
RT_TARGETS = {"75": (5, 6), "77": (2, 3), "78": (3, 3), "91": (2, 3), "92": (4, 5),
              "93": (2, 3), "94": (3, 3), "95": (2, 2)}
RT_BRACHY = ["75", "92", "94", "91", "78"]

WINDOWS = [("IMAGING", "2025-09-01", "2025-10-31", "2025-08-01"),
           ("IMAGING", "2026-03-01", "2026-04-30", "2026-02-20"),   # published 9 days before
           ("NUCLEAR", "2025-09-01", "2025-10-31", "2025-08-01")]

SITE_HEADER = ["finess", "name", "territory", "legal_status", "finess_ej"]
AUTH_HEADER = ["authorisation_id", "finess", "finess_ej", "activity", "mention",
               "decided_on", "started_on", "until"]
DEVICE_HEADER = ["equipment_id", "authorisation_id", "modality", "declared_on",
                 "installed_on", "removed_on", "justified"]
CONVENTION_HEADER = ["finess", "partner_finess", "modality", "from", "until"]
WINDOW_HEADER = ["activity", "opens_on", "closes_on", "published_on"]
TARGET_HEADER = ["period", "territory", "modality", "unit", "low", "high", "mention"]
REQUEST_HEADER = ["request_id", "finess", "territory", "modality", "mention", "kind",
                  "device_modality", "to_finess", "filed_on"]

SITE_NAME = {
    "CHU AP-HP": "Hôpital universitaire fictif",
    "CH": "Centre hospitalier fictif",
    "HIA": "Hôpital d'instruction des armées fictif",
    "EPSIC": "Hôpital privé d'intérêt collectif fictif",
    "PRIVE": "Clinique fictive",
    "LIBERAL": "Centre d'imagerie fictif",
    "GIE": "GIE d'imagerie fictif",
    "GCS": "GCS d'imagerie fictif",
}


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
    """An invented FINESS: département, series (97 sites, 96 the site's legal
    entity, 95 other holders), 4-digit number, Luhn key."""
    body = "%s%s%04d" % (dept, series, number)
    return body + str(luhn_key(body))


def iso(d):
    return d.isoformat() if d else ""


def add_years(d, years):
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def random_date(rng, first, last):
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def legal_status(dept, position, count, rng):
    """By size rank inside the département: AP-HP university hospitals (75,
    92, 93, 94), public hospitals, one military hospital (92, 94), private
    non-profit, clinics, then imaging practices."""
    share = position / count
    if dept in ("92", "94") and position == 3:
        return "HIA"
    if dept in ("75", "92", "93", "94") and share < (0.22 if dept == "75" else 0.1):
        return "CHU AP-HP"
    if share < 0.25:
        return "CH"
    if share < 0.33:
        return "EPSIC"
    if share < 0.55:
        return "PRIVE"
    return rng.choice(["LIBERAL", "LIBERAL", "LIBERAL", "GIE", "GCS"])


class Demo:
    def __init__(self):
        self.rng = random.Random(RANDOM_SEED)
        self.sites, self.auths, self.devices = [], [], []
        self.conventions, self.requests = [], []
        self.by_dept = {d: [] for d in DEPTS}
        self.serial = {}
        self.ej_serial = {d: 0 for d in DEPTS}
        self.notes = {}  # what README.md states, by key

    # --- building blocks ---------------------------------------------------
    def add_site(self, dept, status, k=0):
        number = len(self.by_dept[dept]) + 1
        ej = finess("75", "96", 0) if status == "CHU AP-HP" else finess(dept, "96", number)
        site = {"finess": finess(dept, "97", number), "territory": dept,
                "name": "%s %s-%02d" % (SITE_NAME[status], dept, number),
                "legal_status": status, "finess_ej": ej, "k": k, "mix": None,
                "holders": [ej], "auths": []}
        self.by_dept[dept].append(site)
        self.sites.append(site)
        return site

    def other_holder(self, dept):
        self.ej_serial[dept] += 1
        return finess(dept, "95", self.ej_serial[dept])

    def next_id(self, prefix, dept, width=3):
        key = (prefix, dept)
        self.serial[key] = self.serial.get(key, 0) + 1
        return "%s-%s-%0*d" % (prefix, dept, width, self.serial[key])

    def add_auth(self, site, activity, ej, decided, started, until, mention=""):
        prefix = {"IMAGING": "IMG", "NUCLEAR": "NUC", "INTERVENTIONAL": "RI",
                  "RADIOTHERAPY": "RT"}[activity]
        auth = {"authorisation_id": self.next_id(prefix, site["territory"]),
                "finess": site["finess"], "finess_ej": ej, "activity": activity,
                "mention": mention, "decided_on": iso(decided), "started_on": iso(started),
                "until": iso(until)}
        self.auths.append(auth)
        site["auths"].append(auth)
        return auth

    def add_device(self, auth, modality, declared, installed=None, removed=None, justified=0):
        dept = auth["finess"][:2]
        row = {"equipment_id": self.next_id(modality, dept), "authorisation_id":
               auth["authorisation_id"], "modality": modality, "declared_on": iso(declared),
               "installed_on": iso(installed), "removed_on": iso(removed),
               "justified": str(justified)}
        self.devices.append(row)
        return row

    def imaging_dates(self):
        """An authorisation of the new regime: decided between the reform and
        2025-04-30, implemented the same day (a converted or renewed activity,
        three in four) or 1 to 4 months later; valid 7 years."""
        decided = random_date(self.rng, REFORM, dt.date(2025, 4, 30))
        started = decided if self.rng.randrange(4) else decided + dt.timedelta(
            days=self.rng.randrange(30, 60))
        return decided, min(started, AT), add_years(decided, 7)

    # --- the 293 imaging sites --------------------------------------------
    def draw_sites(self):
        ks = [k for k in sorted(DEVICES_PER_SITE, reverse=True) for _ in range(DEVICES_PER_SITE[k])]
        slots = []
        for dept in DEPTS:
            normal = SITES_PER_DEPT[dept] - NEW_NOT_IMPLEMENTED.count(dept)
            for position in range(normal):
                slots.append((position / normal + self.rng.uniform(0, 0.3), dept))
        slots.sort()
        assert len(slots) == len(ks)
        per_dept = {d: [] for d in DEPTS}
        for (_, dept), k in zip(slots, ks):
            per_dept[dept].append(k)
        for dept in DEPTS:
            ordered = sorted(per_dept[dept], reverse=True)
            for position, k in enumerate(ordered):
                self.add_site(dept, legal_status(dept, position, len(ordered), self.rng), k)
            for _ in range(NEW_NOT_IMPLEMENTED.count(dept)):
                self.add_site(dept, "LIBERAL", 0)

    def pick(self, dept, k, last=True, taken=()):
        found = [s for s in self.by_dept[dept] if s["k"] == k and s["mix"] is None
                 and s["finess"] not in taken]
        return found[-1] if last else found[0]

    def compose(self):
        """The CT/MRI mix of every site (special sites first), then the bag."""
        s = self.pick("94", 3)
        s["mix"] = ["MRI"] * 3
        self.notes["mix_no_ct"] = s                  # 3 MRI, no CT, convention for CT
        s = self.pick("93", 3)
        s["mix"] = ["CT"] * 3
        self.notes["mix_no_mri"] = s                 # 3 CT, no MRI, no convention
        s = self.pick("77", 4)
        s["mix"] = ["CT", "MRI", "CT", "MRI"]
        self.notes["unjustified_4"] = s              # 4 devices, none justified
        dept5 = next(d for d in ("92", "94", "75") if any(x["k"] == 5 for x in self.by_dept[d]))
        s = self.pick(dept5, 5)
        s["mix"] = ["CT", "MRI", "MRI", "CT", "MRI"]
        self.notes["unjustified_5"] = s              # 5 devices, 1 of 2 extras justified
        s = self.pick("78", 1)
        s["mix"] = ["MRI"]
        self.notes["no_convention"] = s              # 1 MRI, no convention at all
        s = self.pick("91", 2)
        s["mix"] = ["CT", "CT"]
        self.notes["convention_ended"] = s           # 2 CT, convention ended 2025-03-31
        for dept in ("75", "92", "93", "95", "77"):
            self.pick(dept, 2)["mix"] = ["MRI", "MRI"]
        for dept in ("75", "94"):
            self.pick(dept, 2)["mix"] = ["CT", "CT"]
        singles = [x for x in self.sites if x["k"] == 1 and x["mix"] is None]
        self.rng.shuffle(singles)
        for i, x in enumerate(singles):
            x["mix"] = ["CT"] if i < 8 else ["MRI"]
        fixed = {"CT": 0, "MRI": 0}
        free = []
        for x in self.sites:
            if x["mix"] is None:
                x["mix"] = ["CT", "MRI"] + [None] * (x["k"] - 2) if x["k"] >= 2 else []
            for i, m in enumerate(x["mix"]):
                if m is None:
                    free.append((x, i))
                else:
                    fixed[m] += 1
        bag = (["CT"] * (PUBLISHED["CT"] - fixed["CT"]) + ["MRI"] * (PUBLISHED["MRI"] - fixed["MRI"]))
        assert len(bag) == len(free), (len(bag), len(free))
        self.rng.shuffle(bag)
        for (x, i), m in zip(free, bag):
            x["mix"][i] = m

    def share(self):
        """Second and third holders: on large sites (3+ devices) not used by a
        rule-tripping case; one second holder (75) is decided, not implemented."""
        special = {s["finess"] for s in self.notes.values()}
        three = [s for s in self.sites if s["k"] >= 4 and s["finess"] not in special]
        for s in self.rng.sample(three, SHARED_THREE):
            s["holders"] += [self.other_holder(s["territory"]), self.other_holder(s["territory"])]
        two = [s for s in self.sites if s["k"] >= 3 and len(s["holders"]) == 1
               and s["finess"] not in special]
        chosen = self.rng.sample(two, SHARED_TWO)
        for s in sorted(chosen, key=lambda s: s["finess"]):
            s["holders"].append(self.other_holder(s["territory"]))
        self.notes["second_holder_waiting"] = next(s for s in sorted(chosen, key=lambda s: s["finess"])
                                                   if s["territory"] == "75")

    def imaging(self):
        waiting_holder = self.notes["second_holder_waiting"]
        for s in self.sites:
            if s["k"] == 0:  # special: new site, decided, not implemented, no device yet
                decided = random_date(self.rng, dt.date(2025, 1, 15), dt.date(2025, 4, 30))
                self.add_auth(s, "IMAGING", s["holders"][0], decided, None, add_years(decided, 7))
                self.notes.setdefault("new_waiting", []).append(s)
                continue
            auths = []
            for h, ej in enumerate(s["holders"]):
                decided, started, until = self.imaging_dates()
                if s is waiting_holder and h == 1:
                    decided, started = dt.date(2025, 3, 20), None
                    until = add_years(decided, 7)
                auths.append(self.add_auth(s, "IMAGING", ej, decided, started, until))
            # Devices in declaration order: the first three are older (converted
            # per-device authorisations keep their date, spec "devices.csv"),
            # the ones beyond the third were declared since the reform and are
            # justified (except on the two unjustified sites).
            old = sorted(random_date(self.rng, dt.date(2004, 1, 1), dt.date(2023, 5, 31))
                         for _ in range(min(3, s["k"])))
            new = sorted(random_date(self.rng, dt.date(2023, 7, 1), dt.date(2025, 5, 31))
                         for _ in range(s["k"] - 3))
            dates = old + new
            owners = [auths[0]] * s["k"]
            if len(auths) >= 2 and auths[1]["started_on"]:
                owners[-1] = auths[1]
                if s["k"] >= 5:
                    owners[-2] = auths[1]
            if len(auths) == 3:
                owners[-3] = auths[2]
            for i, (modality, declared) in enumerate(zip(s["mix"], dates)):
                justified = int(i >= 3)
                if s is self.notes["unjustified_4"] or (s is self.notes["unjustified_5"] and i == 4):
                    justified = 0
                installed = declared + dt.timedelta(days=self.rng.randrange(30, 300))
                self.add_device(owners[i], modality, declared, min(installed, AT), None, justified)

    def history(self):
        """History that must not count at AT, and boundaries that must."""
        imaging = [d for d in self.devices]
        by_site = {}
        for d in imaging:
            by_site.setdefault(d["authorisation_id"], []).append(d)
        site_of = {a["authorisation_id"]: a["finess"] for a in self.auths}
        # Replaced devices: one old device removed since the reform at one
        # site in five holding 2+ devices (not counted).
        replaced = 0
        for s in self.sites:
            if s["k"] >= 2 and self.rng.randrange(5) == 0:
                auth = s["auths"][0]
                declared = random_date(self.rng, dt.date(1999, 1, 1), dt.date(2012, 12, 31))
                removed = random_date(self.rng, dt.date(2023, 7, 1), dt.date(2025, 6, 29))
                self.add_device(auth, self.rng.choice(s["mix"]), declared,
                                declared + dt.timedelta(days=120), removed)
                replaced += 1
        self.notes["replaced"] = replaced
        big = [s for s in self.sites if s["k"] >= 4 and len(s["holders"]) == 1 and s["finess"]
               not in {x["finess"] for x in self.notes.values() if isinstance(x, dict)}]
        # Boundaries: removed on AT (not counted), declared on AT (counted,
        # installed later), declared after AT (not counted).
        s = big[0]
        d = self.add_device(s["auths"][0], "CT", dt.date(2011, 4, 12), dt.date(2011, 9, 1), AT)
        self.notes["removed_on_at"] = (s, d)
        s = big[1]
        last = [d for d in self.devices if d["authorisation_id"] == s["auths"][0]["authorisation_id"]
                and d["justified"] == "1"][-1]
        last["declared_on"], last["installed_on"] = iso(AT), ""
        self.notes["declared_on_at"] = (s, last)
        s = big[2]
        d = self.add_device(s["auths"][0], "MRI", dt.date(2025, 7, 15), None, None, 1)
        self.notes["declared_after_at"] = (s, d)
        # In force, not yet installed (counted): the latest declared devices
        # of four large sites.
        waiting = []
        for s in big[3:7]:
            rows = [d for d in self.devices if site_of[d["authorisation_id"]] == s["finess"]
                    and d["justified"] == "1" and not d["removed_on"]]
            rows[-1]["installed_on"] = "" if len(waiting) % 2 == 0 else "2025-09-01"
            waiting.append((s, rows[-1]))
        self.notes["not_installed"] = waiting
        # An authorisation that ends the day after AT (end of activity
        # announced): in force, its site counted.
        s = next(x for x in self.by_dept["94"] if x["k"] == 2 and len(x["holders"]) == 1
                 and x["mix"] == ["CT", "MRI"])
        s["auths"][0]["until"] = iso(AT + dt.timedelta(days=1))
        self.notes["until_next_day"] = s
        # A second holder whose authorisation ended 2024-12-31 on a site that
        # stays counted through its first holder.
        s = next(x for x in self.by_dept["92"] if x["k"] == 2 and len(x["holders"]) == 1
                 and x["mix"] == ["CT", "MRI"])
        ej = self.other_holder("92")
        a = self.add_auth(s, "IMAGING", ej, dt.date(2023, 6, 1), dt.date(2023, 6, 1), dt.date(2024, 12, 31))
        self.add_device(a, "MRI", dt.date(2016, 5, 2), dt.date(2016, 9, 1), dt.date(2024, 12, 31))
        self.notes["holder_ended"] = (s, a)
        # Sites that hold no imaging authorisation in force at AT.
        s = self.add_site("95", "LIBERAL")  # withdrawn 2025-01-31, one CT never removed
        a = self.add_auth(s, "IMAGING", s["finess_ej"], dt.date(2023, 9, 14), dt.date(2023, 9, 14),
                          dt.date(2025, 1, 31))
        self.add_device(a, "CT", dt.date(2014, 3, 3), dt.date(2014, 6, 2), dt.date(2025, 1, 31))
        orphan = self.add_device(a, "CT", dt.date(2019, 10, 7), dt.date(2020, 1, 13))
        self.notes["orphan"] = (s, a, orphan)
        s = self.add_site("75", "LIBERAL")  # lapsed 2024-10-15, devices removed then
        a = self.add_auth(s, "IMAGING", s["finess_ej"], dt.date(2023, 6, 1), dt.date(2023, 6, 1),
                          dt.date(2024, 10, 15))
        self.add_device(a, "CT", dt.date(2009, 2, 16), dt.date(2009, 5, 4), dt.date(2024, 10, 15))
        self.add_device(a, "MRI", dt.date(2012, 11, 5), dt.date(2013, 2, 1), dt.date(2024, 10, 15))
        self.notes["ended"] = (s, a)
        s = self.add_site("92", "LIBERAL")  # ends on AT itself: not in force
        a = self.add_auth(s, "IMAGING", s["finess_ej"], dt.date(2023, 7, 3), dt.date(2023, 7, 3), AT)
        self.add_device(a, "MRI", dt.date(2010, 6, 21), dt.date(2010, 10, 4), AT)
        self.add_device(a, "CT", dt.date(2015, 1, 19), dt.date(2015, 4, 7), AT)
        self.notes["ends_on_at"] = (s, a)
        s = self.add_site("78", "LIBERAL")  # decided after AT
        a = self.add_auth(s, "IMAGING", s["finess_ej"], dt.date(2025, 9, 15), None,
                          dt.date(2032, 9, 15))
        self.notes["decided_after_at"] = (s, a)

    # --- the other activities ----------------------------------------------
    def other_activities(self):
        special = {x["finess"] for x in self.notes.values() if isinstance(x, dict)}

        def hosts(dept, n, skip=()):
            return [s for s in self.by_dept[dept] if s["k"] >= 3 and s["finess"] not in special
                    and s["finess"] not in skip][:n]

        def dates():
            decided = random_date(self.rng, REFORM, dt.date(2025, 3, 31))
            return decided, decided, add_years(decided, 7)

        # NUCLEAR: mention B at the first 60 % of the sites, A elsewhere;
        # 1 to 3 gamma cameras and 0 to 2 PET each.
        for dept in DEPTS:
            n = NUCLEAR_SITES[dept]
            chosen = hosts(dept, n - (1 if dept == "75" else 0))
            if dept == "75":
                chosen.append(self.add_site("75", "LIBERAL"))
                chosen[-1]["name"] = "Centre de médecine nucléaire fictif 75-%02d" % len(self.by_dept["75"])
                self.notes["nuclear_only"] = chosen[-1]
            for i, s in enumerate(chosen):
                mention = "B" if i < 0.6 * n else "A"
                a = self.add_auth(s, "NUCLEAR", s["finess_ej"], *dates(), mention=mention)
                for _ in range(self.rng.randint(1, 3)):
                    self.add_device(a, "GAMMA", random_date(self.rng, dt.date(2005, 1, 1),
                                                            dt.date(2024, 12, 31)))
                for _ in range(self.rng.randint(0, 2) if i else 1):
                    self.add_device(a, "PET", random_date(self.rng, dt.date(2008, 1, 1),
                                                          dt.date(2024, 12, 31)))
        for d in self.devices:
            if d["modality"] in ("GAMMA", "PET"):
                installed = dt.date.fromisoformat(d["declared_on"]) + dt.timedelta(days=150)
                d["installed_on"] = iso(min(installed, AT))
        # INTERVENTIONAL: one authorisation per mention letter, on the large
        # sites; the first of 75 holds a CT dedicated to interventional
        # radiology (a CT that is not an imaging device).
        for dept in DEPTS:
            letters = INTERVENTIONAL_SITES[dept]
            for s, mention in zip(hosts(dept, len(letters)), letters):
                a = self.add_auth(s, "INTERVENTIONAL", s["finess_ej"], *dates(), mention=mention)
                if dept == "75" and "interventional_ct" not in self.notes:
                    d = self.add_device(a, "CT", dt.date(2021, 3, 15), dt.date(2021, 6, 1))
                    self.notes["interventional_ct"] = (s, a, d)
        # RADIOTHERAPY, mention A: 2 to 5 accelerators per site, except one
        # site with a single accelerator in 77 and one in 95.
        for dept in DEPTS:
            n = RT_SITES[dept]
            chosen = hosts(dept, n - RT_ONLY.get(dept, 0), skip={x["finess"] for x in
                                                                 [self.notes["nuclear_only"]]})
            for _ in range(RT_ONLY.get(dept, 0)):
                s = self.add_site(dept, "PRIVE")
                s["name"] = "Centre de radiothérapie fictif %s-%02d" % (dept, len(self.by_dept[dept]))
                chosen.append(s)
            for i, s in enumerate(chosen):
                a = self.add_auth(s, "RADIOTHERAPY", s["finess_ej"], *dates(), mention="A")
                single = dept in ("77", "95") and i == len(chosen) - 1
                for _ in range(1 if single else self.rng.randint(2, 5)):
                    declared = random_date(self.rng, dt.date(2006, 1, 1), dt.date(2024, 6, 30))
                    self.add_device(a, "LINAC", declared, declared + dt.timedelta(days=200))
                if single:
                    self.notes.setdefault("rt_single", []).append(s)
                if dept in RT_BRACHY and i == 0:
                    self.add_auth(s, "RADIOTHERAPY", s["finess_ej"], *dates(), mention="B")

    # --- conventions, requests --------------------------------------------
    def conventions_rows(self):
        for s in self.sites:
            if s["k"] == 0:
                continue
            missing = [m for m in ("CT", "MRI") if m not in s["mix"]]
            if not missing or not s["auths"] or s["auths"][0]["activity"] != "IMAGING":
                continue
            if s is self.notes["no_convention"] or s is self.notes["mix_no_mri"]:
                continue
            partner = next(p for p in self.by_dept[s["territory"]] if missing[0] in (p["mix"] or [])
                           and p is not s and "CT" in p["mix"] and "MRI" in p["mix"])
            start = random_date(self.rng, dt.date(2023, 6, 1), dt.date(2025, 1, 31))
            until = dt.date(2025, 3, 31) if s is self.notes["convention_ended"] else None
            if until:
                start = dt.date(2023, 9, 1)
            self.conventions.append({"finess": s["finess"], "partner_finess": partner["finess"],
                                     "modality": missing[0], "from": iso(start), "until": iso(until)})

    def request(self, site_or_finess, dept, activity, kind, filed, mention="", device="", to=""):
        number = site_or_finess if isinstance(site_or_finess, str) else site_or_finess["finess"]
        self.requests.append({"request_id": "D2025-%02d" % (len(self.requests) + 1),
                              "finess": number, "territory": dept, "modality": activity,
                              "mention": mention, "kind": kind, "device_modality": device,
                              "to_finess": to, "filed_on": filed})

    def requests_rows(self):
        special = {x["finess"] for x in self.notes.values() if isinstance(x, dict)}

        def plain(dept, k, mix=None, nth=0):
            found = [s for s in self.by_dept[dept] if s["k"] == k and len(s["holders"]) == 1
                     and s["finess"] not in special and (mix is None or s["mix"] == mix)
                     and all(a["activity"] == "IMAGING" for a in s["auths"])]
            return found[nth]

        def host(dept):  # a site of sites.csv without any authorisation
            s = self.add_site(dept, "PRIVE")
            s["name"] = "Clinique fictive %s-%02d (projet)" % (dept, len(self.by_dept[dept]))
            return s

        # Three creations in 91 (one place): "3 demandes recevables pour 1 place".
        self.request(host("91"), "91", "IMAGING", "creation", "2025-09-08")
        self.request(host("91"), "91", "IMAGING", "creation", "2025-09-25")
        self.request(finess("91", "97", 900), "91", "IMAGING", "creation", "2025-10-14")  # not in sites.csv
        self.request(host("78"), "78", "IMAGING", "creation", "2025-09-16")      # 31 + 1 > 31
        self.request(host("75"), "75", "IMAGING", "creation", "2025-07-21")      # before the window
        self.request(host("95"), "95", "IMAGING", "creation", "2025-11-12")      # between windows
        self.request(plain("75", 3), "75", "IMAGING", "renewal", "2025-09-30")
        self.request(plain("93", 2, ["CT", "MRI"]), "93", "IMAGING", "declaration", "2025-07-03",
                     device="MRI")                                               # 2 + 1 = 3
        self.request(plain("92", 3), "92", "IMAGING", "declaration", "2025-08-18", device="CT")
        self.request(next(s for s in self.by_dept["94"] if s["mix"] == ["CT", "CT"]), "94",
                     "IMAGING", "declaration", "2025-09-05", device="CT")        # 3 CT, no MRI
        single_ct = next(s for d in DEPTS for s in self.by_dept[d] if s["mix"] == ["CT"])
        self.request(single_ct, single_ct["territory"], "IMAGING", "declaration", "2025-12-01",
                     device="MRI")                                               # 1 CT + 1 MRI
        self.request(plain("93", 3, nth=1), "93", "IMAGING", "transfer", "2025-09-12",
                     to=host("93")["finess"])                                    # same zone
        self.request(plain("94", 3), "94", "IMAGING", "transfer", "2025-10-02",
                     to=host("92")["finess"])                                    # to 92: 44 + 1 > 44
        self.request(plain("92", 3, nth=1), "92", "IMAGING", "transfer", "2025-10-20",
                     to=host("93")["finess"])                                    # to 93: 32 + 1 <= 34
        self.request(next(s for s in self.by_dept["77"] if s["k"] >= 3 and not any(
            a["activity"] == "NUCLEAR" for a in s["auths"])), "77", "NUCLEAR", "creation",
            "2025-09-10", mention="A")                                           # 3 + 1 <= 4
        self.request(host("75"), "75", "NUCLEAR", "creation", "2025-10-01", mention="B")  # 12 + 1 > 12
        self.request(host("93"), "93", "RADIOTHERAPY", "creation", "2025-08-05", mention="A")

    def generate(self):
        self.draw_sites()
        self.compose()
        self.share()
        self.imaging()
        self.history()
        self.other_activities()
        self.conventions_rows()
        self.requests_rows()
        self.sites.sort(key=lambda s: s["finess"])
        self.auths.sort(key=lambda a: (["IMAGING", "NUCLEAR", "INTERVENTIONAL", "RADIOTHERAPY"]
                                       .index(a["activity"]), a["authorisation_id"]))
        order = ["CT", "MRI", "GAMMA", "PET", "LINAC"]
        self.devices.sort(key=lambda d: (order.index(d["modality"]), d["equipment_id"]))
        self.conventions.sort(key=lambda c: c["finess"])
        return self


def target_rows():
    rows = []
    for dept in DEPTS:
        low, high = IMAGING_TARGETS[dept]
        rows.append([PERIOD, dept, "IMAGING", "sites", low, high, ""])
    for dept in DEPTS:
        rows.append([PERIOD, dept, "NUCLEAR", "sites", "", NUCLEAR_TARGETS[dept], ""])
    for dept in DEPTS:
        rows.append([PERIOD, dept, "INTERVENTIONAL", "sites", "", INTERVENTIONAL_D_TARGETS[dept], "D"])
    for dept in DEPTS:
        low, high = RT_TARGETS[dept]
        rows.append([PERIOD, dept, "RADIOTHERAPY", "sites", low, high, "A"])
    return rows


def csv_text(header, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row[c] for c in header] if isinstance(row, dict) else row)
    return out.getvalue()


def files_text():
    demo = Demo().generate()
    return {
        "sites.csv": csv_text(SITE_HEADER, demo.sites),
        "authorisations.csv": csv_text(AUTH_HEADER, demo.auths),
        "devices.csv": csv_text(DEVICE_HEADER, demo.devices),
        "conventions.csv": csv_text(CONVENTION_HEADER, demo.conventions),
        "windows.csv": csv_text(WINDOW_HEADER, WINDOWS),
        "targets.csv": csv_text(TARGET_HEADER, target_rows()),
        "requests.csv": csv_text(REQUEST_HEADER, demo.requests),
    }, demo


# --- Checks -------------------------------------------------------------------

def check():
    """The files are what generate() writes; FINESS keys; the recount of
    check_totals.py (independent of the generator) gives the published
    totals and the expected verdicts."""
    sys.path.insert(0, HERE)
    import check_totals  # the independent recount, beside this script
    problems = []
    texts, demo = files_text()
    for name, text in texts.items():
        path = os.path.join(HERE, name)
        if not os.path.exists(path):
            problems.append("%s is missing: run make_demo.py" % name)
            continue
        with open(path, encoding="utf-8") as f:
            if f.read() != text:
                problems.append("%s is not what make_demo.py writes: regenerate it" % name)
    for s in demo.sites:
        for number in (s["finess"], s["finess_ej"]):
            if len(number) != 9 or luhn_key(number[:8]) != int(number[8]):
                problems.append("sites.csv: bad FINESS key %s" % number)
        if s["finess"][:2] != s["territory"] or "fictif" not in s["name"] and "fictive" not in s["name"]:
            problems.append("sites.csv: %s (%s) is not an invented site of its département"
                            % (s["finess"], s["name"]))
    reg = check_totals.Register(HERE, AT, PERIOD, check_totals.regime_max(
        os.path.join(HERE, "..", "regimes", "2023.csv")))
    problems += reg.problems
    sites, _, auths = reg.implantations("IMAGING", "", "")
    per_site, _ = reg.imaging_devices()
    got = {"authorisations": len(auths), "sites": len(sites),
           "devices": sum(len(v) for v in per_site.values()),
           "CT": sum(d["modality"] == "CT" for v in per_site.values() for d in v),
           "MRI": sum(d["modality"] == "MRI" for v in per_site.values() for d in v)}
    if got != PUBLISHED:
        problems.append("recount at %s: %s, published %s" % (AT, got, PUBLISHED))
    checks, orphans = reg.site_checks()
    verdicts, notes = reg.verdicts(checks)
    expected = ["RECEVABLE", "RECEVABLE", "RECEVABLE", "NON RECEVABLE", "NON RECEVABLE",
                "NON RECEVABLE", "RECEVABLE", "DÉCLARATION", "JUSTIFICATION REQUISE",
                "NON RECEVABLE", "DÉCLARATION", "RECEVABLE", "NON RECEVABLE", "RECEVABLE",
                "RECEVABLE", "NON RECEVABLE", "RECEVABLE"]
    if [v for _, v, _ in verdicts] != expected:
        problems.append("verdicts %s, expected %s" % ([v for _, v, _ in verdicts], expected))
    # README.md quotes check_totals.py's output: it must be the current one.
    with open(os.path.join(HERE, "README.md"), encoding="utf-8") as f:
        if "\n".join(check_totals.report(reg)) not in f.read():
            problems.append("README.md does not quote check_totals.py's current output")
    flagged = sum(len(c["flags"]) for c in checks.values()) + len(orphans)
    if flagged != 8:
        problems.append("%d rule flags, expected 8 (README.md)" % flagged)
    for p in problems:
        print("make_demo.py: " + p, file=sys.stderr)
    if problems:
        return 1
    print("make_demo.py: OK at %s: %d authorisations in force on %d sites, %d devices "
          "(%d MRI, %d CT) as published; %d sites, %d authorisations, %d devices in the files; "
          "%d verdicts as expected" % (AT, got["authorisations"], got["sites"], got["devices"],
                                       got["MRI"], got["CT"], len(demo.sites), len(demo.auths),
                                       len(demo.devices), len(verdicts)))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only check the files (write nothing)")
    args = parser.parse_args()
    if not args.check:
        texts, _ = files_text()
        for name, text in texts.items():
            with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="") as f:
                f.write(text)
    return check()


if __name__ == "__main__":
    sys.exit(main())
