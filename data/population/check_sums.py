#!/usr/bin/env python3
"""check_sums.py — checks the INSEE populations of data/population/ against
INSEE's published totals, and prints the sums.

Model: departements-2021.csv holds the population municipale (PMUN) and
population totale (PTOT) of the millésime 2021 (reference date 1 January
2021, in force 1 January 2024) for the 100 départements (Mayotte has no
population légale in that millésime), as research note
population_departements.md copied them from INSEE's file. The sum of the
PMUN of a region's départements is the region's PMUN (INSEE: "La population
municipale d'un ensemble de communes est égale à la somme des populations
municipales des communes qui le composent"); INSEE publishes 12 317 279 for
Île-de-France and 67 408 052 for France without Mayotte ("Populations
légales des régions en 2021", https://insee.fr/fr/statistiques/7728783).
ile-de-france.csv holds the 8 départements for the millésimes 2018, 2019
and 2021, whose sums must be 12 213 447 (Région Île-de-France, millésime
2018), 12 262 544 (INSEE Flash Île-de-France n° 62, millésime 2019) and
12 317 279. Region names are eml's (lib/domain/territories.c).

Usage: python3 check_sums.py   (exit status 1 when a sum differs)
Standard library only.
"""
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PUBLISHED_2021 = {"11": 12317279}
PUBLISHED_FRANCE_2021 = 67408052
PUBLISHED_IDF = {2018: 12213447, 2019: 12262544, 2021: 12317279}
REGIONS = {"01": "Guadeloupe", "02": "Martinique", "03": "Guyane", "04": "La Réunion",
           "11": "Île-de-France", "24": "Centre-Val de Loire", "27": "Bourgogne-Franche-Comté",
           "28": "Normandie", "32": "Hauts-de-France", "44": "Grand Est",
           "52": "Pays de la Loire", "53": "Bretagne", "75": "Nouvelle-Aquitaine",
           "76": "Occitanie", "84": "Auvergne-Rhône-Alpes",
           "93": "Provence-Alpes-Côte d'Azur", "94": "Corse"}


def read(name):
    with open(os.path.join(HERE, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def spaced(n):
    return "{:,}".format(n).replace(",", " ")


def main():
    problems = []
    rows = read("departements-2021.csv")
    by_region = {}
    for r in rows:
        by_region[r["region"]] = by_region.get(r["region"], 0) + int(r["population"])
    print("INSEE populations légales, millésime 2021 (population municipale), %d départements"
          % len(rows))
    for code in sorted(by_region):
        published = PUBLISHED_2021.get(code)
        mark = ""
        if published is not None:
            mark = "  = INSEE %s" % spaced(published) if by_region[code] == published else \
                "  INSEE publishes %s: DIFFERS" % spaced(published)
            if by_region[code] != published:
                problems.append("region %s" % code)
        print("  %s %-28s %12s%s" % (code, REGIONS.get(code, "?"), spaced(by_region[code]), mark))
    total = sum(by_region.values())
    ok = total == PUBLISHED_FRANCE_2021
    print("  France without Mayotte          %12s  %s" % (
        spaced(total), ("= INSEE %s" if ok else "INSEE publishes %s: DIFFERS") % spaced(PUBLISHED_FRANCE_2021)))
    if not ok:
        problems.append("France")
    idf = read("ile-de-france.csv")
    print("Île-de-France, 8 départements (ile-de-france.csv)")
    for year in sorted(PUBLISHED_IDF):
        s = sum(int(r["population"]) for r in idf if int(r["year"]) == year)
        ok = s == PUBLISHED_IDF[year]
        print("  millésime %d %12s  %s" % (year, spaced(s), ("= published %s" if ok else
                                                              "published %s: DIFFERS") % spaced(PUBLISHED_IDF[year])))
        if not ok:
            problems.append("Île-de-France %d" % year)
    same = {(r["zone"], r["population"]) for r in idf if r["year"] == "2021"} == \
        {(r["zone"], r["population"]) for r in rows if r["region"] == "11"}
    print("  millésime 2021 of ile-de-france.csv equals departements-2021.csv: %s"
          % ("yes" if same else "NO"))
    if not same:
        problems.append("ile-de-france.csv 2021")
    for p in problems:
        print("check_sums.py: sum differs: " + p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
