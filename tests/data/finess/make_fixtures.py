#!/usr/bin/env python3
"""make_fixtures.py - writes the FINESS fixtures of tests/cli/test_finess_*.sh
and tests/unit/test_finess.c (invented values, layouts of issue 8).

Sites (FINESS keys pass Luhn, computed by hand: e.g. 75000001 -> key 0):
  750000010 AP-HP site (EJ 750712184, category 101)  -> CHU AP-HP, Paris (75)
  750000028 private clinic (category 128, no SPH)    -> PRIVE, Paris (75)
  920000015 CH (category 355, SPH 1)                 -> CH, Hauts-de-Seine (92)
  330000019 the issue's example line                 -> CH, Gironde (33), outside region 11
  2A0000010 Corsica (key not checked)                -> CH, Corse-du-Sud (2A), outside region 11
Devices of the 2023 extraction (extraction date 2023-05-01):
  11-0001 CT at 750000010, in service 2010-06-01, due 2030-01-01
  750000010-2 (noautor only) MRI at 750000010, not installed, no <numserie> element
  11-0003 CT at 750000028, lapsed (indcaduc O), datelimite 2022-06-30 -> ended then
  11-0004 GAMMA at 920000015, removed (indsup O), no date -> ended 2023-05-01, flagged
  11-0005 CT at 920000015, due 2020-12-31 -> counted, "échue"
  75-0006 CT at 330000019 (outside region 11)
  94-0007 MRI at 2A0000010 (outside region 11)
  11-0008 code 09999 "Lithotripteur" -> unknown code, rejected
The 2024 extraction (2024-01-15) drops 11-0005 (ended 2024-01-15) and the
unknown one, installs 750000010-2 (2024-02-01), adds 11-0009 PET (05706) at
750000028, and renames 920000015.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))

EXAMPLE = ("structureet;330000019;330000027;CH EXEMPLE;CENTRE HOSPITALIER EXEMPLE;;;12;RUE;DES LILAS;;;063;33;"
           "GIRONDE;33000 BORDEAUX;0500000000;;355;Centre Hospitalier (C.H.);1102;Centres Hospitaliers;;8610Z;03;"
           "ARS établissements Publics de santé dotation globale;1;Etablissement public de santé;1980-01-01;"
           "1980-01-01;2020-01-01;")


def site(nofinesset, nofinessej, rs, rslongue, dep, libdep, cat, libcat, sph, libsph, commune="056"):
    f = ["structureet", nofinesset, nofinessej, rs, rslongue, "", "", "1", "RUE", "DE LA SANTE", "", "",
         commune, dep, libdep, dep + "000 VILLE", "0100000000", "", cat, libcat, "1102",
         "Centres Hospitaliers", "12345678900011", "8610Z", "03", "ARS dotation globale", sph, libsph,
         "1990-01-01", "1990-01-02", "2022-03-04"]
    assert len(f) == 31
    return ";".join(f) + ";"


def establishments(date, ch92_name):
    return "\n".join([
        "finess;etalab;95;" + date,
        site("750000010", "750712184", "HOPITAL EXEMPLE APHP", "HÔPITAL EXEMPLE AP-HP", "75", "PARIS",
             "101", "Centre Hospitalier Régional (C.H.R.)", "1", "Etablissement public de santé"),
        site("750000028", "750000036", "CLINIQUE DES LILAS", "CLINIQUE DES LILAS", "75", "PARIS",
             "128", "Etablissement de Soins Chirurgicaux", "", ""),
        site("920000015", "920000023", "CH NEUILLY", ch92_name, "92", "HAUTS-DE-SEINE",
             "355", "Centre Hospitalier (C.H.)", "1", "Etablissement public de santé"),
        EXAMPLE,
        site("2A0000010", "2A0000028", "CH AJACCIO", "CENTRE HOSPITALIER D'AJACCIO", "2A", "CORSE-DU-SUD",
             "355", "Centre Hospitalier (C.H.)", "1", "Etablissement public de santé"),
        "geolocalisation;750000010;652469.5;6862035.2;1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93;2022-01-31",
        "geolocalisation;2A0000010;1177245.1;6106432.9;1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93;2022-01-31",
    ]) + "\n"


FIELDS = ["nofinessej", "rsej", "eml", "libeml", "libcourteml", "noautor", "noautorarhgos", "noimplarhgos",
          "dateautor", "nofinesset", "numserie", "marque", "rset", "datelimite", "indcaduc", "indnatlien",
          "datemeo", "datefin", "indrempl", "noautorremplacement", "indsup", "datemaj"]


def device(values, drop=()):
    lines = ["  <equipmateriellourd>"]
    for name in FIELDS:
        if name in drop:
            continue
        v = values.get(name, "")
        lines.append(f"    <{name}>{v}</{name}>" if v else f'    <{name} xsi:nil="true"/>')
    lines.append("  </equipmateriellourd>")
    return "\n".join(lines)


CT = {"eml": "05602", "libeml": "Scanographe à utilisation médicale", "libcourteml": "Scanographe méd."}
MRI = {"eml": "06201", "libeml": "Appareil d'IRM à utilisation clinique", "libcourteml": "IRM"}
GAMMA = {"eml": "05701", "libeml": "Caméra à scintillation sans détecteur d'émission de positons",
         "libcourteml": "Cam scin sans détect"}
PET = {"eml": "05706", "libeml": "Caméra à positons", "libcourteml": "Cam positons"}


def dev(kind, site, ej, arhgos, autor, dateautor, **kw):
    d = dict(kind)
    d.update({"nofinesset": site, "nofinessej": ej, "noautorarhgos": arhgos, "noautor": autor,
              "dateautor": dateautor, "rsej": "ENTITE " + ej, "rset": "SITE " + site,
              "noimplarhgos": "IMP-" + (arhgos or autor), "indcaduc": "N", "indsup": "N",
              "indnatlien": "1", "indrempl": "N", "datemaj": "2022-12-01"})
    d.update(kw)
    return d


def equipment(devices):
    body = "\n".join(device(d, drop) for d, drop in devices)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<equipements xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n' + body + "\n</equipements>\n")


D1 = dev(CT, "750000010", "750712184", "11-0001", "A1", "2010-01-01", datemeo="2010-06-01",
         datefin="2030-01-01", numserie="SN-0001", marque="MARQUE A", datelimite="2013-01-01")
D2 = dev(MRI, "750000010", "750712184", "", "750000010-2", "2022-09-01")
D3 = dev(CT, "750000028", "750000036", "11-0003", "A3", "2019-03-01", datelimite="2022-06-30",
         indcaduc="O")
D4 = dev(GAMMA, "920000015", "920000023", "11-0004", "A4", "2005-01-01", datemeo="2005-09-01",
         indsup="O")
D5 = dev(CT, "920000015", "920000023", "11-0005", "A5", "2013-01-01", datemeo="2013-04-01",
         datefin="2020-12-31")
D6 = dev(CT, "330000019", "330000027", "75-0006", "A6", "2015-01-01", datemeo="2015-02-01")
D7 = dev(MRI, "2A0000010", "2A0000028", "94-0007", "A7", "2016-01-01", datemeo="2016-02-01")
D8 = dev({"eml": "09999", "libeml": "Lithotripteur", "libcourteml": "Litho"}, "920000015", "920000023",
         "11-0008", "A8", "2018-01-01")
D2_2024 = dict(D2, datemeo="2024-02-01")
D9 = dev(PET, "750000028", "750000036", "11-0009", "A9", "2023-11-01")


def write(name, text, encoding="utf-8"):
    with open(os.path.join(HERE, name), "w", encoding=encoding, newline="") as f:
        f.write(text)


write("etab-2023.csv", establishments("2023-05-01", "CENTRE HOSPITALIER DE NEUILLY"))
write("etab-2024.csv", establishments("2024-01-15", "CENTRE HOSPITALIER DE NEUILLY-SUR-SEINE"))
write("etab-cp1252.csv", establishments("2023-05-01", "CENTRE HOSPITALIER DE NEUILLY").replace("\n", "\r\n"),
      encoding="cp1252")
write("equip-2023.xml", equipment([(D1, ()), (D2, ("numserie",)), (D3, ()), (D4, ()), (D5, ()), (D6, ()),
                                   (D7, ()), (D8, ())]))
write("equip-2024.xml", equipment([(D1, ()), (D2_2024, ("numserie",)), (D3, ()), (D4, ()), (D6, ()),
                                   (D7, ()), (D9, ())]))
write("targets.csv", "period,territory,modality,unit,low,high\n"
      "P,75,CT,devices,1,3\nP,75,CT,sites,1,2\nP,92,CT,devices,1,2\nP,92,CT,sites,1,1\n"
      "P,75,MRI,devices,1,2\nP,75,MRI,sites,1,2\nP,92,GAMMA,devices,,1\nP,92,GAMMA,sites,,1\n"
      "P,75,PET,devices,,1\nP,75,PET,sites,,1\n")
