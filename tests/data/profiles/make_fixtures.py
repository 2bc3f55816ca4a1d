#!/usr/bin/env python3
# make_fixtures.py — writes the fixtures of the two shipped import profiles
# (data/profiles/) from the eml-layout campaign tests/data/imaging/dst_week,
# with Python's own time zone rules: ris-duree/ (date and time in two
# columns, durations in minutes, French labels) and ris-horodatage/ (one
# "JJ/MM/AAAA HH:MM" column per instant, short codes). The files are
# committed; tests/cli/test_imaging_profile.sh reads them. Run from the
# source root: python3 tests/data/profiles/make_fixtures.py
import csv, datetime, os, zoneinfo

SRC = "tests/data/imaging/dst_week"
OUT = "tests/data/profiles"
PARIS = zoneinfo.ZoneInfo("Europe/Paris")

def rows(name):
    with open(os.path.join(SRC, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))

def local(text):  # eml's reading: a time in the March gap takes the offset before it
    return datetime.datetime.fromisoformat(text).replace(tzinfo=PARIS)

def minutes(start, end):
    a, b = local(start).astimezone(datetime.timezone.utc), local(end).astimezone(datetime.timezone.utc)
    return int((b - a).total_seconds() // 60)

def fr_date(text): return datetime.datetime.fromisoformat(text).strftime("%d/%m/%Y")
def hm(text): return datetime.datetime.fromisoformat(text).strftime("%H:%M")
def stamp(text): return datetime.datetime.fromisoformat(text).strftime("%d/%m/%Y %H:%M") if text else ""

def write(folder, name, header, lines):
    os.makedirs(os.path.join(OUT, folder), exist_ok=True)
    with open(os.path.join(OUT, folder, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\n")
        w.writerow(header)
        w.writerows(lines)

equipment, sessions, exams = rows("equipment.csv"), rows("sessions.csv"), rows("exams.csv")

# ris-duree: French labels
mod_a = {"CT": "Scanographe", "MRI": "Remnographe", "RX": "Radiologie conventionnelle"}
type_a = {"PUBLIC_PROGRAMMED": "Programmée", "Vacation urgence": "Urgences", "LIBERAL": "Libérale",
          "ON_CALL": "Astreinte", "Permanence des soins": "Astreinte", "MAINTENANCE": "Maintenance"}
class_a = {"A": "Externe", "H": "Hospitalisé", "R": "Réa", "U": "Urgences"}
write("ris-duree", "appareils.csv", ["Salle", "FINESS ET", "Type d'appareil"],
      [[e["equipment_id"], e["finess"], mod_a[e["modality"]]] for e in equipment])
write("ris-duree", "vacations.csv", ["Salle", "Date", "Début", "Fin", "Type de vacation"],
      [[s["equipment_id"], fr_date(s["start"]), hm(s["start"]), hm(s["end"]), type_a[s["type"]]]
       for s in sessions])
write("ris-duree", "examens.csv",
      ["N° examen", "Salle", "Date examen", "Heure début", "Durée (min)", "Provenance", "ICR",
       "Date CR", "Heure CR"],
      [[x["exam_id"], x["equipment_id"], fr_date(x["start"]), hm(x["start"]),
        minutes(x["start"], x["end"]), class_a[x["patient_class"]], x["icr"],
        fr_date(x["report_at"]) if x["report_at"] else "", hm(x["report_at"]) if x["report_at"] else ""]
       for x in exams])

# ris-horodatage: one column per instant, short codes
mod_b = {"CT": "TDM", "MRI": "IRM", "RX": "RX"}
type_b = {"PUBLIC_PROGRAMMED": "PROG", "Vacation urgence": "URG", "LIBERAL": "LIB",
          "ON_CALL": "PDS", "Permanence des soins": "PDS", "MAINTENANCE": "MAINT"}
class_b = {"A": "EXT", "H": "HOSP", "R": "REA", "U": "URG"}
write("ris-horodatage", "modalites.csv", ["Code modalité", "FINESS géographique", "Modalité"],
      [[e["equipment_id"], e["finess"], mod_b[e["modality"]]] for e in equipment])
write("ris-horodatage", "plages.csv", ["Code modalité", "Début plage", "Fin plage", "Activité"],
      [[s["equipment_id"], stamp(s["start"]), stamp(s["end"]), type_b[s["type"]]] for s in sessions])
write("ris-horodatage", "actes.csv",
      ["Numéro d'examen", "Code modalité", "Horodatage début", "Horodatage fin", "Type patient",
       "Cotation ICR", "Horodatage CR"],
      [[x["exam_id"], x["equipment_id"], stamp(x["start"]), stamp(x["end"]),
        class_b[x["patient_class"]], x["icr"], stamp(x["report_at"])] for x in exams])
