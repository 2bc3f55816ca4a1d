#!/usr/bin/env bash
# test_map_overseas.sh — the overseas départements on the balance's maps
# (issue 18, item 5; docs/charts.md "The map"): the register of
# tests/data/geo/overseas (one CT site in each of 971, 972, 973, 974, 976,
# 2A and 75) against two periods:
#   PRS-NAT, every territory: gaps (devices − upper bound) 971 1 − 3 = −2,
#     972 2 − 1 = +1, 973 0, 974 1 − 2 = −1, 976 0, 2A 1 − 2 = −1, 75 0;
#     M = 2, so (docs/charts.md, colours) −2 is #2166AC, +1 half-way to
#     #B2182B from #F7F7F7 = (212.5, 135.5, 145), −1 half-way to #2166AC =
#     (140, 174.5, 209.5), 0 #F7F7F7: the five overseas insets and Corsica
#     beside metropolitan France;
#   PRS-GUA, the register of Guadeloupe alone (its sites and devices): 971
#     −2, M = 2, blue: the map of an overseas region, framed on 971 alone.
# Each territory's path in the SVG of --charts (cairo: one even-odd path,
# stroke 30 % grey) has the fill of its gap, and its box is where the
# projection of docs/charts.md puts the outline of data/geo/departements.csv
# (600 x 400: map area x 12..450, y 52..388; frame = the box of the
# territories' points widened by 8 % of its larger side each side, scaled to
# fit, centred), recomputed here from the outline file by python3.
source "${BASH_SOURCE[0]%/*}/lib.sh"
data=$src/tests/data/geo/overseas
geo=$src/data/geo/departements.csv
if ! command -v python3 >/dev/null; then
  echo "SKIP: python3 not found"
  exit 77
fi

# check_map SVG CODE=R,G,B...: every territory's path, fill and box
check_map() {
  local svg=$1; shift
  checks=$((checks + 1))
  python3 - "$geo" "$svg" "$@" <<'PY' || fail "$svg: $*"
import csv, re, sys
geo, svg, wants = sys.argv[1], sys.argv[2], [w.split('=') for w in sys.argv[3:]]
points = {}
for row in csv.DictReader(open(geo)):
    points.setdefault(row['code'], []).append((float(row['x']), float(row['y'])))
codes = [code for code, _ in wants]
xs = [x for c in codes for x, _ in points[c]]
ys = [y for c in codes for _, y in points[c]]
pad = 0.08 * max(max(xs) - min(xs), max(ys) - min(ys))
x0, x1, y0, y1 = min(xs) - pad, max(xs) + pad, min(ys) - pad, max(ys) + pad
left, right, top, bottom = 12, 600 - 150, 52, 400 - 12
s = min((right - left) / (x1 - x0), (bottom - top) / (y1 - y0))
ox = left + ((right - left) - s * (x1 - x0)) / 2
oy = top + ((bottom - top) - s * (y1 - y0)) / 2
paths = []
for style, d in re.findall(r'<path style="(fill-rule:evenodd;[^"]*stroke:rgb\(30%,30%,30%\)[^"]*)" d="([^"]*)"',
                           open(svg).read()):
    fill = tuple(float(v) * 2.55 for v in re.search(r'fill:rgb\(([^%]*)%,([^%]*)%,([^%]*)%\)', style).groups())
    nums = [float(v) for v in re.findall(r'-?[0-9.]+', d)]
    px, py = nums[0::2], nums[1::2]
    paths.append((fill, (min(px), min(py), max(px), max(py))))
assert len(paths) == len(wants), (len(paths), len(wants))
for code, rgb in wants:
    rgb = tuple(float(v) for v in rgb.split(','))
    box = (ox + (min(x for x, _ in points[code]) - x0) * s, oy + (min(y for _, y in points[code]) - y0) * s,
           ox + (max(x for x, _ in points[code]) - x0) * s, oy + (max(y for _, y in points[code]) - y0) * s)
    found = [p for p in paths if all(abs(a - b) < 0.01 for a, b in zip(p[1], box))]
    assert len(found) == 1, (code, box, [p[1] for p in paths])
    assert all(abs(a - b) < 0.01 for a, b in zip(found[0][0], rgb)), (code, found[0][0], rgb)
PY
}

# register DB DIR: a store of the sites, equipment and targets of DIR
register() {
  run init --db "$1"
  for k in sites equipment targets; do
    run import "$k" "$2/$k.csv" --db "$1" --user test
    expect_status 0 "$1: import $k"
  done
}

register nat.db "$data"
run report bilan --db nat.db --at 2024-01-01 --period PRS-NAT --format pdf --output nat.pdf \
  --charts nat
expect_status 0 "report bilan PRS-NAT"
blue=33,102,172 red_half=212.5,135.5,145 blue_half=140,174.5,209.5 mid=247,247,247
check_map nat/carte_CT.svg 971=$blue 972=$red_half 973=$mid 974=$blue_half 976=$mid \
  2A=$blue_half 75=$mid
if command -v pdftotext >/dev/null; then
  pdftotext nat.pdf nat.txt
  out=$(tr '\n' ' ' <nat.txt)
  expect_contains out "© les contributeurs d'OpenStreetMap"
  checks=$((checks + 1))
  ! grep -q "Sans contour" nat.txt || fail "PRS-NAT: a territory without an outline"
else
  skip_part "the map's text (pdftotext missing)"
fi

# Guadeloupe's register alone
mkdir -p gua
grep -E '^(finess|970100012),' "$data/sites.csv" >gua/sites.csv
grep -E '^(equipment_id|CT-971-)' "$data/equipment.csv" >gua/equipment.csv
grep -E '^(period|PRS-GUA),' "$data/targets.csv" >gua/targets.csv
register gua.db gua
run report bilan --db gua.db --at 2024-01-01 --period PRS-GUA --format pdf --output gua.pdf \
  --charts gua
expect_status 0 "report bilan PRS-GUA"
check_map gua/carte_CT.svg 971=$blue
finish
