#!/usr/bin/env python3
"""finess_gen.py - writes a national-size pair of FINESS extractions for
bench/finess.sh: N establishments (structureet + geolocalisation lines,
Windows-1252 like the files in circulation) and M heavy-equipment records
(XML, cs1400104 layout of issue 8). Invented values; FINESS numbers carry a
valid Luhn key (Corsican ones 2A/2B: key not checked, as in eml).

usage: finess_gen.py DIR [N_ESTABLISHMENTS] [N_DEVICES]
"""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "idf-2017"))
from make_demo import luhn_key  # noqa: E402 (the demo's Luhn key, same as eml_finess_key)


DEPS = [f"{d:02d}" for d in range(1, 96) if d != 20] + ["2A", "2B"]
CODES = [("05602", "Scanographe à utilisation médicale", "Scanographe méd."),
         ("06201", "Appareil d'IRM à utilisation clinique", "IRM"),
         ("05701", "Caméra à scintillation sans détecteur d'émission de positons", "Cam scin sans détect"),
         ("05706", "Caméra à positons", "Cam positons"),
         ("44901", "Caisson hyperbare", "Caisson hyperbare"),
         ("06301", "Cyclotron à utilisation médicale", "Cyclotron")]
CATS = [("355", "Centre Hospitalier (C.H.)", "1", "Etablissement public de santé"),
        ("128", "Etablissement de Soins Chirurgicaux", "", ""),
        ("101", "Centre Hospitalier Régional (C.H.R.)", "1", "Etablissement public de santé"),
        ("131", "Centre de Lutte Contre Cancer", "6", "Etablissement de santé privé d'intérêt collectif")]


def finess(dep, serial):
    body = f"{dep}{serial:06d}"
    return body + (str(luhn_key(body)) if dep.isdigit() else "0")


def main():
    out = sys.argv[1]
    n_sites = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
    n_devices = int(sys.argv[3]) if len(sys.argv) > 3 else 5000
    rnd = random.Random(8)
    sites = [finess(DEPS[i % len(DEPS)], i // len(DEPS) + 1) for i in range(n_sites)]
    with open(os.path.join(out, "etab.csv"), "w", encoding="cp1252", newline="") as f:
        f.write(f"finess;etalab;{n_sites};2024-01-15\r\n")
        for i, s in enumerate(sites):
            dep = s[:2]
            cat = CATS[i % len(CATS)]
            f.write(";".join(["structureet", s, s, f"ETAB {i}", f"ÉTABLISSEMENT DE SANTÉ N° {i}", "", "",
                              str(i % 200), "RUE", "DES HÔPITAUX", "", "", "001", dep, "DÉPARTEMENT",
                              f"{dep}000 VILLE", "0100000000", "", cat[0], cat[1], "1102",
                              "Centres Hospitaliers", "", "8610Z", "03", "ARS", cat[2], cat[3],
                              "1990-01-01", "1990-01-01", "2023-06-30"]) + ";\r\n")
        for i, s in enumerate(sites):
            f.write(f"geolocalisation;{s};{600000 + i % 50000}.5;{6800000 + i % 70000}.2;"
                    "1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93;2023-01-31\r\n")
    with open(os.path.join(out, "equip.xml"), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<equipements xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n')
        for i in range(n_devices):
            s = sites[rnd.randrange(n_sites)]
            code, label, short = CODES[rnd.randrange(len(CODES))]
            meo = f"<datemeo>20{rnd.randrange(10, 23)}-0{rnd.randrange(1, 10)}-15</datemeo>" if i % 7 else \
                '<datemeo xsi:nil="true"/>'
            f.write(f"""  <equipmateriellourd>
    <nofinessej>{s}</nofinessej>
    <rsej>ENTITE {i}</rsej>
    <eml>{code}</eml>
    <libeml>{label}</libeml>
    <libcourteml>{short}</libcourteml>
    <noautor>{s}-{i}</noautor>
    <noautorarhgos>{s[:2]}-{i:06d}</noautorarhgos>
    <noimplarhgos>IMP-{i}</noimplarhgos>
    <dateautor>2009-0{1 + i % 9}-01</dateautor>
    <nofinesset>{s}</nofinesset>
    <numserie xsi:nil="true"/>
    <marque xsi:nil="true"/>
    <rset>ETAB</rset>
    <datelimite xsi:nil="true"/>
    <indcaduc>N</indcaduc>
    <indnatlien>1</indnatlien>
    {meo}
    <datefin>20{rnd.randrange(20, 32)}-12-31</datefin>
    <indrempl>N</indrempl>
    <noautorremplacement xsi:nil="true"/>
    <indsup>N</indsup>
    <datemaj>2023-06-30</datemaj>
  </equipmateriellourd>
""")
        f.write("</equipements>\n")


main()
