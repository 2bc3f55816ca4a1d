#!/usr/bin/env python3
"""check_totals.py — recounts a register of the 2023 authorisation regime
from its CSV files alone, independently of eml and of make_demo.py, and
prints what the balance and the verdicts must show.

Model (spec regime-2023.md; the choices where it is silent are those of
docs/regime-2023.md, each named below as "choice"):

* An authorisation is in force at D when decided_on <= D and (until empty
  or D < until). It is implemented at D when started_on is given and
  started_on <= D; otherwise it is "decided, not implemented": it counts
  and is shown apart (choice: a started_on after D is "not implemented").
* A device is in force at D when declared_on <= D and (removed_on empty or
  D < removed_on). An imaging device of the balance is a CT or MRI device
  in force declared under an IMAGING authorisation in force (choice: a CT
  declared under an INTERVENTIONAL or NUCLEAR authorisation is a device of
  that activity, not an imaging device).
* Implantations of an activity (and mention, when the target has one) in a
  zone = distinct sites of the zone (sites.csv territory) holding at least
  one authorisation of the activity (and mention) in force at D. A target
  without a mention counts every mention of the activity (choice).
* Per site (choice: counts per geographic site, summed over its holders):
  - "Sites > 3 appareils": imaging devices > 3;
  - flagged above 3 when the devices not marked justified are more than 3
    (choice: independent of the order of declaration);
  - flagged for the mix rule when devices >= 3 and CT = 0 or MRI = 0;
  - "sans scanner ou sans IRM": devices >= 1 and CT = 0 or MRI = 0 (choice:
    a site without any device yet is not checked), "dont sans convention":
    of those, no convention in force at D (from <= D and (until empty or
    D < until)) for the missing type;
  - flagged above the maximum when data/regimes/2023.csv gives one
    (its value is empty: not applied).
* A device in force under an authorisation that is not in force at D is
  flagged and not counted.
* Verdicts of requests.csv: declarations (not applications, not subject to
  windows, choice) -> NON RECEVABLE when the mix rule would break, or above
  the maximum; JUSTIFICATION REQUISE above 3; else DÉCLARATION.
  Applications (creation, renewal, transfer): when windows.csv has windows
  for the activity and filed_on is in none of them -> NON RECEVABLE,
  "déposée hors période de dépôt", naming the next window; else renewal and
  transfer within the zone RECEVABLE (counts unchanged); creation and
  transfer to another zone: implantations + 1 <= max of the zone (the zone of
  to_finess for a transfer; a site already implanted for the activity adds
  none, choice). Competition per zone, activity, mention and
  window: "N demandes recevables pour M places" when N > M = max - now.
  Windows shorter than two months, or whose balance was published fewer
  than 15 days before they open, are reported.

Usage: check_totals.py [--dir DIR] [--at YYYY-MM-DD] [--period P]
                       [--regimes data/regimes/2023.csv]
Standard library only. Prints the totals, the balance per zone, every site
the rules flag, and the verdicts. Exit status 1 when a file is inconsistent
(unknown site or authorisation).
"""
import argparse
import csv
import datetime as dt
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ACTIVITIES = ["IMAGING", "NUCLEAR", "INTERVENTIONAL", "RADIOTHERAPY"]


def read(directory, name):
    path = os.path.join(directory, name)
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def day(text):
    return dt.date.fromisoformat(text) if text else None


def in_force(start, end, at):
    """start <= at and (end empty or at < end), dates as text."""
    return day(start) <= at and (not end or at < day(end))


def french(d):
    return d.strftime("%d/%m/%Y")


def regime_max(path):
    """The justified maximum of devices per imaging site, or None when the
    regimes file leaves it empty."""
    if not path or not os.path.exists(path):
        return None
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["rule"] == "imaging_devices_max_justified" and row["value"]:
                return int(row["value"])
    return None


class Register:
    def __init__(self, directory, at, period, maximum):
        self.at, self.period, self.maximum = at, period, maximum
        self.problems = []
        self.sites = {s["finess"]: s for s in read(directory, "sites.csv")}
        self.auths = {a["authorisation_id"]: a for a in read(directory, "authorisations.csv")}
        self.devices = read(directory, "devices.csv")
        self.conventions = read(directory, "conventions.csv")
        self.windows = read(directory, "windows.csv")
        self.targets = [t for t in read(directory, "targets.csv")
                        if t["period"] == period and t["unit"] == "sites"
                        and t["modality"] in ACTIVITIES]
        self.requests = read(directory, "requests.csv")
        for a in self.auths.values():
            if a["finess"] not in self.sites:
                self.problems.append("authorisation %s: unknown site %s"
                                     % (a["authorisation_id"], a["finess"]))
        for d in self.devices:
            if d["authorisation_id"] not in self.auths:
                self.problems.append("device %s: unknown authorisation %s"
                                     % (d["equipment_id"], d["authorisation_id"]))
        self.auth_in_force = {k: in_force(a["decided_on"], a["until"], at)
                              for k, a in self.auths.items()}

    def zone(self, finess):
        return self.sites[finess]["territory"]

    # --- the balance ------------------------------------------------------
    def implantations(self, activity, mention, zone):
        """(sites, sites whose only authorisations of the activity in force
        are all not implemented, authorisations in force)."""
        sites, implemented, auths = set(), set(), []
        for k, a in self.auths.items():
            if (a["activity"] != activity or not self.auth_in_force[k]
                    or (mention and a["mention"] != mention)
                    or (zone and self.zone(a["finess"]) != zone)):
                continue
            sites.add(a["finess"])
            auths.append(k)
            if a["started_on"] and day(a["started_on"]) <= self.at:
                implemented.add(a["finess"])
        return sites, sites - implemented, auths

    def imaging_devices(self):
        """{site: [device rows]} of the imaging devices counted at D, and the
        devices in force under an authorisation not in force."""
        per_site, orphans = {}, []
        for d in self.devices:
            if d["authorisation_id"] not in self.auths:
                continue
            if not in_force(d["declared_on"], d["removed_on"], self.at):
                continue
            a = self.auths[d["authorisation_id"]]
            if not self.auth_in_force[d["authorisation_id"]]:
                orphans.append(d)
                continue
            if a["activity"] == "IMAGING" and d["modality"] in ("CT", "MRI"):
                per_site.setdefault(a["finess"], []).append(d)
        return per_site, orphans

    def convention(self, finess, modality):
        return any(c["finess"] == finess and c["modality"] == modality
                   and in_force(c["from"], c["until"], self.at) for c in self.conventions)

    def site_checks(self):
        """Per site with imaging devices: figures and flags."""
        per_site, orphans = self.imaging_devices()
        result = {}
        for finess, rows in sorted(per_site.items()):
            ct = sum(r["modality"] == "CT" for r in rows)
            mri = sum(r["modality"] == "MRI" for r in rows)
            justified = sum(r["justified"] == "1" for r in rows)
            n = ct + mri
            missing = "CT" if ct == 0 else ("MRI" if mri == 0 else "")
            flags = []
            if n >= 3 and missing:
                flags.append("mix: %d appareils sans %s" % (n, "scanner" if missing == "CT" else "IRM"))
            if n - justified > 3:
                flags.append("above 3: %d appareils, %d justifié(s)" % (n, justified))
            if self.maximum is not None and n > self.maximum:
                flags.append("above the maximum %d: %d appareils" % (self.maximum, n))
            conv = bool(missing) and self.convention(finess, missing)
            if missing and not conv:
                flags.append("single type without convention: %d %s, pas de convention %s en vigueur"
                             % (n, "CT" if missing == "MRI" else "MRI", missing))
            result[finess] = {"ct": ct, "mri": mri, "n": n, "justified": justified,
                              "missing": missing, "convention": conv, "flags": flags}
        return result, orphans

    # --- the verdicts -----------------------------------------------------
    def target(self, activity, mention, zone):
        best = None
        for t in self.targets:
            if t["modality"] != activity or t["territory"] != zone:
                continue
            if t.get("mention", "") == mention:
                return t
            if not t.get("mention", ""):
                best = t
        return best

    def target_mention(self, activity, mention, zone):
        t = self.target(activity, mention, zone)
        return t.get("mention", "") if t else ""

    def windows_of(self, activity):
        return sorted((w for w in self.windows if w["activity"] == activity),
                      key=lambda w: w["opens_on"])

    def verdicts(self, checks):
        out, competing = [], {}
        for r in self.requests:
            activity, mention, kind = r["modality"], r.get("mention", ""), r["kind"]
            filed = day(r["filed_on"])
            if kind == "declaration":
                c = checks.get(r["finess"], {"ct": 0, "mri": 0, "n": 0})
                ct = c["ct"] + (r["device_modality"] == "CT")
                mri = c["mri"] + (r["device_modality"] == "MRI")
                n = ct + mri
                rule = "appareils du site : %d + 1 = %d (CT %d, IRM %d)" % (c["n"], n, ct, mri)
                if n >= 3 and (ct == 0 or mri == 0):
                    out.append((r, "NON RECEVABLE", rule + " ; 3 appareils ou plus sans %s"
                                % ("scanner" if ct == 0 else "IRM")))
                elif self.maximum is not None and n > self.maximum:
                    out.append((r, "NON RECEVABLE", rule + " > %d" % self.maximum))
                elif n > 3:
                    out.append((r, "JUSTIFICATION REQUISE", rule + " > 3"))
                else:
                    out.append((r, "DÉCLARATION", rule + " ≤ 3"))
                continue
            windows = self.windows_of(activity)
            window = None
            if windows:
                inside = [w for w in windows if day(w["opens_on"]) <= filed <= day(w["closes_on"])]
                if not inside:
                    later = [w for w in windows if day(w["opens_on"]) > filed]
                    nxt = ("prochaine période du %s au %s" % (french(day(later[0]["opens_on"])),
                                                              french(day(later[0]["closes_on"])))
                           if later else "aucune période à venir")
                    out.append((r, "NON RECEVABLE", "déposée hors période de dépôt ; " + nxt))
                    continue
                window = inside[0]["opens_on"]
            zone = r["territory"]
            if kind == "renewal":
                out.append((r, "RECEVABLE", "renouvellement : sans effet sur les implantations"))
                continue
            if kind == "transfer":
                to_zone = self.zone(r["to_finess"])
                if to_zone == zone:
                    out.append((r, "RECEVABLE", "transfert dans la zone %s : sans effet sur "
                                "les implantations" % zone))
                    continue
                zone = to_zone
            t = self.target(activity, mention, zone)
            sites, _, _ = self.implantations(activity, self.target_mention(activity, mention, zone), zone)
            now, high = len(sites), int(t["high"])
            site = r["to_finess"] if kind == "transfer" else r["finess"]
            added = 0 if site in sites else 1  # a site already implanted adds none
            ok = now + added <= high
            rule = "%simplantations %s : %d + %d %s %d%s" % (
                "transfert vers la zone %s, " % zone if kind == "transfer" else "",
                zone, now, added, "≤" if ok else ">", high,
                " (site déjà implanté)" if not added else "")
            out.append((r, "RECEVABLE" if ok else "NON RECEVABLE", rule))
            if ok and added:
                key = (zone, activity, self.target_mention(activity, mention, zone), window)
                competing.setdefault(key, [high - now, []])[1].append(r["request_id"])
        notes = []
        for (zone, activity, mention, window), (room, ids) in sorted(
                competing.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2], kv[0][3] or "")):
            if len(ids) > room:
                notes.append("%s, %s%s : %d demandes recevables pour %d place%s (%s)"
                             % (zone, activity, " " + mention if mention else "", len(ids), room,
                                "s" if room > 1 else "", ", ".join(ids)))
        for w in self.windows:
            opens, closes = day(w["opens_on"]), day(w["closes_on"])
            two_months = opens.replace(day=min(opens.day, 28), year=opens.year + (opens.month + 1) // 12,
                                       month=(opens.month + 1) % 12 + 1) - dt.timedelta(days=1)
            if closes < two_months:
                notes.append("période %s du %s au %s : moins de deux mois" % (
                    w["activity"], french(opens), french(closes)))
            gap = (day(w["opens_on"]) - day(w["published_on"])).days
            if gap < 15:
                notes.append("période %s du %s au %s : bilan publié le %s, %d jours avant "
                             "l'ouverture (moins de 15)" % (w["activity"], french(day(w["opens_on"])),
                                                           french(day(w["closes_on"])),
                                                           french(day(w["published_on"])), gap))
        return out, notes


def report(reg):
    at = reg.at
    lines = []
    sites, waiting, auths = reg.implantations("IMAGING", "", "")
    per_site, orphans = reg.imaging_devices()
    ct = sum(d["modality"] == "CT" for rows in per_site.values() for d in rows)
    mri = sum(d["modality"] == "MRI" for rows in per_site.values() for d in rows)
    not_impl = [k for k in auths if not (reg.auths[k]["started_on"]
                                         and day(reg.auths[k]["started_on"]) <= at)]
    holders = {}
    for k in auths:
        holders.setdefault(reg.auths[k]["finess"], []).append(k)
    shared = {f: len(v) for f, v in holders.items() if len(v) > 1}
    lines.append("IMAGING at %s: authorisations in force %d (decided, not implemented %d: %s), "
                 "distinct sites %d, devices %d (CT %d, MRI %d)"
                 % (at, len(auths), len(not_impl), ", ".join(sorted(not_impl)), len(sites),
                    ct + mri, ct, mri))
    lines.append("  sites with several holders: %d (%s), extra authorisations %d"
                 % (len(shared), ", ".join("%d with %d" % (sum(1 for v in shared.values() if v == n), n)
                                           for n in sorted(set(shared.values()))),
                    sum(v - 1 for v in shared.values())))
    checks, orphans = reg.site_checks()
    for activity in ACTIVITIES:
        groups = sorted({(t["modality"], t.get("mention", "")) for t in reg.targets
                         if t["modality"] == activity}, key=lambda g: g[1])
        for _, mention in groups:
            title = activity + (" mention " + mention if mention else "")
            lines.append("")
            lines.append("%s — balance at %s, period %s" % (title, at, reg.period))
            header = ("zone   implantations  not implemented (sites only through them)"
                      "  OQOS min  OQOS max  gap  receivable")
            if activity == "IMAGING":
                header += "  CT  MRI  sites>3  lacking CT or MRI (without convention)"
            lines.append(header)
            total = [0, 0, 0, 0, 0, 0, 0, 0, 0]
            rows = sorted((t for t in reg.targets if t["modality"] == activity
                           and t.get("mention", "") == mention), key=lambda t: t["territory"])
            for t in rows:
                zone = t["territory"]
                zs, zw, za = reg.implantations(activity, mention, zone)
                waiting = sum(1 for k in za if not (reg.auths[k]["started_on"]
                                                    and day(reg.auths[k]["started_on"]) <= at))
                low = int(t["low"]) if t["low"] else None
                high = int(t["high"])
                gap = len(zs) - high
                cells = "%-5s  %13d  %40s  %8s  %8d  %3d  %s" % (
                    zone, len(zs), "%d (%d)" % (waiting, len(zw)), "" if low is None else low,
                    high, gap, "OUI" if gap < 0 else "NON")
                total[0] += len(zs)
                total[1] += waiting
                total.append(len(zw))
                total[2] += low or 0
                total[3] += high
                if activity == "IMAGING":
                    zc = [c for f, c in checks.items() if reg.zone(f) == zone]
                    zct = sum(c["ct"] for c in zc)
                    zmri = sum(c["mri"] for c in zc)
                    above = sum(c["n"] > 3 for c in zc)
                    lacking = sum(bool(c["missing"]) for c in zc)
                    noconv = sum(bool(c["missing"]) and not c["convention"] for c in zc)
                    cells += "  %3d  %3d  %7d  %d (%d)" % (zct, zmri, above, lacking, noconv)
                    for i, v in enumerate((zct, zmri, above, lacking, noconv)):
                        total[4 + i] += v
                lines.append(cells)
            cells = "%-5s  %13d  %40s  %8s  %8d" % (
                "Total", total[0], "%d (%d)" % (total[1], sum(total[9:])),
                total[2] if any(t["low"] for t in rows) else "", total[3])
            if activity == "IMAGING":
                cells += "  %14s  %3d  %3d  %7d  %d (%d)" % ("", *total[4:9])
            lines.append(cells)
    lines.append("")
    lines.append("Sites the rules flag (IMAGING, at %s):" % at)
    for finess, c in checks.items():
        for flag in c["flags"]:
            lines.append("  %s (%s, %s): CT %d, MRI %d, justified %d — %s"
                         % (finess, reg.sites[finess]["name"], reg.zone(finess), c["ct"], c["mri"],
                            c["justified"], flag))
    for d in orphans:
        a = reg.auths[d["authorisation_id"]]
        lines.append("  %s (%s, %s): device %s (%s) declared %s, in force, under %s "
                     "not in force (until %s)" % (a["finess"], reg.sites[a["finess"]]["name"],
                                                  reg.zone(a["finess"]), d["equipment_id"],
                                                  d["modality"], d["declared_on"],
                                                  d["authorisation_id"], a["until"] or "-"))
    above = [f for f, c in checks.items() if c["n"] > 3]
    lines.append("Sites above 3 devices: %d, of which flagged (unjustified extra devices) %d"
                 % (len(above), sum(1 for f in above if checks[f]["n"] - checks[f]["justified"] > 3)))
    if reg.requests:
        verdicts, notes = reg.verdicts(checks)
        lines.append("")
        lines.append("Verdicts (requests.csv):")
        for r, verdict, rule in verdicts:
            lines.append("  %s %s %s %s%s -> %s: %s" % (
                r["request_id"], r["kind"], r["modality"] + (" " + r["mention"] if r.get("mention") else ""),
                r["finess"], " -> " + r["to_finess"] if r.get("to_finess") else "", verdict, rule))
        for n in notes:
            lines.append("  " + n)
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", default=HERE, help="the register's folder (default: this one)")
    parser.add_argument("--at", default="2025-06-30", help="date of the balance (YYYY-MM-DD)")
    parser.add_argument("--period", default="PRS-2023")
    parser.add_argument("--regimes", default=os.path.join(HERE, "..", "regimes", "2023.csv"))
    args = parser.parse_args()
    reg = Register(args.dir, dt.date.fromisoformat(args.at), args.period, regime_max(args.regimes))
    for p in reg.problems:
        print("check_totals.py: " + p, file=sys.stderr)
    for line in report(reg):
        print(line)
    return 1 if reg.problems else 0


if __name__ == "__main__":
    sys.exit(main())
