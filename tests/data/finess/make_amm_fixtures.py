#!/usr/bin/env python3
"""make_amm_fixtures.py - writes the FINESS fixtures of the 2023 regime
(issue 13): the AMM authorisations file (amm_arhgos, root <fluxarhgos>, one
<activiteamm> per authorisation) and the flat etalab cs1100504 EML file.
What eml must read from each file is in README.md, beside this script.

Model (../shared/research/finess_amm_format.md):
* amm-2.2.xml is NOT written here: it is the helios fixture of §2.2,
  copied verbatim from the research note; this script only gzips it
  (amm-2.2.xml.gz, gzip without name or time stamp, so the bytes are
  stable).
* The hand-made records follow the element order of FINESS_AMM_V9.xsd
  (§2.1), nil values as xsi:nil="true", on the sites of etab-2023.csv /
  etab-2024.csv (750000010, 750000028, 920000015), so that they load with
  those establishments files. Values are invented.
* The flat cs1100504 file: line 1 a comment, then `structureet` lines
  (section, FINESS ET, FINESS EJ) and `equipmateriellourd` lines with 11
  positions (section, nofinessej, rsej, eml, libeml, noautor,
  noautorarhgos, noimplarhgos, dateautor, nofinesset, datemeo), written
  twice with the same records: `;`-separated and tab-separated (spec
  finess.md: the ministry says tab, the files in circulation use `;`).
Standard library only; deterministic.
"""
import gzip
import io
import os

HERE = os.path.dirname(os.path.abspath(__file__))

HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<fluxarhgos xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<horodatage>
  <emetteur>arhgos</emetteur>
  <destinataire>finess</destinataire>
  <versionmessage>V9</versionmessage>
  <datemaj>2025-08-12</datemaj>
</horodatage>
"""
FOOTER = "</fluxarhgos>\n"

# FINESS_AMM_V9.xsd order of <activiteamm> (research §2.1), without the
# three optional lists (HAD communes, PSY establishments, events).
ELEMENTS = ["nofinessej", "rsej", "activite", "modalite", "mention", "pts", "declaration",
            "codeautorarhgos", "dateautor", "daterenouv", "nofinesset", "rset", "datelimite",
            "datemeo", "dateeffet", "datefin", "datecaducite", "datemaj",
            "tep", "temp", "irm", "scanner", "cyclotron", "caissonhyperbare",
            "tepmeo", "tempmeo", "irmmeo", "scannermeo", "cyclotronmeo", "caissonhyperbaremeo"]

SITES = {"750000010": ("750712184", "HOPITAL EXEMPLE APHP"),
         "750000028": ("750000036", "CLINIQUE DES LILAS"),
         "920000015": ("920000023", "CH NEUILLY")}


def record(site, activite, code, modalite="MO000", mention="ME000", declaration="DE000",
           pts="PTS00", counts=None, extra=(), **dates):
    """One <activiteamm>: counts = {element: value} (others nil); extra =
    [(after_element, name, value)] elements outside the schema."""
    ej, name = SITES[site]
    values = {"nofinessej": ej, "rsej": "ENTITE " + ej, "activite": activite,
              "modalite": modalite, "mention": mention, "pts": pts, "declaration": declaration,
              "codeautorarhgos": code, "dateautor": "2024-01-15", "nofinesset": site,
              "rset": name, "datelimite": "2027-01-15", "datemeo": "2024-03-04",
              "dateeffet": "2024-01-15", "datefin": "2031-01-15", "datemaj": "2025-08-12"}
    values.update(dates)
    values.update({k: str(v) for k, v in (counts or {}).items()})
    lines = ["<activiteamm>"]
    for element in ELEMENTS:
        v = values.get(element, "")
        lines.append("  <%s>%s</%s>" % (element, v, element) if v != ""
                     else '  <%s xsi:nil="true"/>' % element)
        for after, extra_name, extra_value in extra:
            if after == element:
                lines.append("  <%s>%s</%s>" % (extra_name, extra_value, extra_name))
    lines.append("</activiteamm>")
    return "\n".join(lines) + "\n"


def amm(*records):
    return HEADER + "".join(records) + FOOTER


# The hand-made imaging record of the issue: QEML1, scanner 2, irm 1,
# scannermeo 1 (irmmeo nil).
IMAGING = record("750000010", "QEML1", "11-24-0042", counts={"scanner": 2, "irm": 1, "scannermeo": 1})

FILES = {
    "amm-imaging.xml": amm(IMAGING),
    # One record per AMM activity eml maps, and one it does not (QA001).
    "amm-activities.xml": amm(
        IMAGING,
        record("920000015", "QEML1", "11-24-0043", counts={"scanner": 1, "irm": 1, "scannermeo": 1,
                                                           "irmmeo": 0},
               datemeo="2024-05-02"),
        record("750000010", "QEML2", "11-24-0044", counts={"caissonhyperbare": 1,
                                                           "caissonhyperbaremeo": 1}),
        record("750000010", "QEML3", "11-24-0045", counts={"cyclotron": 1, "cyclotronmeo": 1}),
        record("750000010", "QA040", "11-24-0046", mention="ME008", declaration="DE001",
               counts={"tep": 1, "temp": 2, "tepmeo": 1, "tempmeo": 2}),
        record("920000015", "QA040", "11-24-0047", mention="ME007",
               counts={"temp": 1, "tempmeo": 0}, datemeo=""),
        record("750000010", "QA030", "11-24-0048", mention="ME048"),
        record("750000010", "QA018", "11-24-0049", modalite="MO009", mention="ME038"),
        record("920000015", "QA018", "11-24-0050", modalite="MO009", mention="ME038",
               declaration="DE012"),
        record("750000028", "QA001", "11-24-0051")),
    # Bad cases, one file each.
    "amm-bad-activity.xml": amm(
        IMAGING, record("750000028", "QZ999", "11-24-0060", counts={"scanner": 1})),
    "amm-unknown-element.xml": amm(
        record("750000010", "QEML1", "11-24-0061", counts={"irm": 1, "irmmeo": 1},
               extra=[("declaration", "nouveauchamp", "x")]),
        record("750000028", "QEML1", "11-24-0062", counts={"scanner": 1, "scannermeo": 1},
               extra=[("declaration", "nouveauchamp", "y")])),
    "amm-nil-count.xml": amm(
        record("750000028", "QEML1", "11-24-0063", counts={"irm": 2, "irmmeo": 2})),
    "amm-count-above-max.xml": amm(
        IMAGING, record("920000015", "QEML1", "11-24-0064", counts={"irm": 19, "irmmeo": 1})),
}
# A file cut in the middle of its second record (no closing tags).
_full = amm(IMAGING, record("920000015", "QEML1", "11-24-0065", counts={"scanner": 1}))
FILES["amm-truncated.xml"] = _full[:_full.index("<scanner>1</scanner>") + len("<scanner>1")]

# The flat EML file: 3 sites, 5 devices (codes of TRE_R272).
ETALAB_SITES = [("750000010", "750712184"), ("750000028", "750000036"), ("920000015", "920000023")]
ETALAB_DEVICES = [
    ("750712184", "ENTITE 750712184", "05602", "Scanographe à utilisation médicale", "532212840",
     "11-0101", "11-0101", "2010-01-01", "750000010", "2010-06-01"),
    ("750712184", "ENTITE 750712184", "06201", "Appareil d'IRM à utilisation clinique", "532212841",
     "11-0102", "11-0102", "2022-09-01", "750000010", ""),
    ("750000036", "ENTITE 750000036", "05602", "Scanographe à utilisation médicale", "532212842",
     "11-0103", "11-0103", "2019-03-01", "750000028", "2019-07-15"),
    ("920000023", "ENTITE 920000023", "05701",
     "Caméra à scintillation sans détecteur d'émission de positons", "532212843",
     "11-0104", "11-0104", "2005-01-01", "920000015", "2005-09-01"),
    ("920000023", "ENTITE 920000023", "05706", "Caméra à positons", "532212844",
     "11-0105", "", "2023-11-01", "920000015", "2024-01-08"),
]


def etalab(sep):
    lines = [sep.join(["finess", "etalab", "95", "2023-05-01"])]
    lines += [sep.join(["structureet", et, ej]) for et, ej in ETALAB_SITES]
    lines += [sep.join(("equipmateriellourd",) + d) for d in ETALAB_DEVICES]
    return "\n".join(lines) + "\n"


FILES["etalab-cs1100504-semicolon.csv"] = etalab(";")
FILES["etalab-cs1100504-tab.csv"] = etalab("\t")


def main():
    for name, text in FILES.items():
        with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="") as f:
            f.write(text)
    with open(os.path.join(HERE, "amm-2.2.xml"), "rb") as f:
        raw = f.read()
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=9) as gz:
        gz.write(raw)
    with open(os.path.join(HERE, "amm-2.2.xml.gz"), "wb") as f:
        f.write(out.getvalue())


if __name__ == "__main__":
    main()
