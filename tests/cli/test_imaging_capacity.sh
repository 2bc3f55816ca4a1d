#!/usr/bin/env bash
# test_imaging_capacity.sh — `eml imaging capacity` (spec planning.md §1,
# issue 15): the hand-made machine of tests/data/plan/capacity (its README
# derives R = 6,5 h, X = 17,7, 0,51 machine with --reference 5,5,2), every
# format, the other references, a stored campaign, bad --reference to the
# byte; and on a generated campaign, each zone's totals equal the sum of
# its machines (computed here from the JSON, at full precision).
. "${0%/*}/lib.sh"
fx=$src/tests/data/plan/capacity
in=(--equipment "$fx/equipment.csv" --sessions "$fx/sessions.csv" --exams "$fx/exams.csv"
    --from 2024-03-04 --to 2024-03-18)
csv() { run "$@"; out=$(tr -d '\r' <<<"$out"); }

csv imaging capacity "${in[@]}" --reference 5,5,2 --format csv
expect_status 0 "hand machine"
# S 5, n 35, d 20; L 20, E 20, G 10; R 6,5 h; X 17,7; 0,51 machine
expect_line out "IRM1;750000010;75;MRI;5,0;35,0;20,0;20,0;20,0;10,0;6,5;17,7;0,51"
expect_line out "75;MRI;1;6,5;17,7;0,51"
expect_line out "Total;MRI;1;6,5;17,7;0,51"
expect_contains out "Référence MRI (valeurs fixées par --reference) : retard rL = 5 min, fin anticipée rE = 5 min, inoccupation rG = 2 min ; médiane des examens par semaine : 35,0."
# in English: the total's label and the reference's name too
csv imaging capacity "${in[@]}" --reference 5,5,2 --format csv --lang en
expect_status 0 "hand machine, English"
expect_line out "Total;MRI;1;6,5;17,7;0,51"
expect_contains out "Reference MRI (values set by --reference): late start rL = 5 min, early end rE = 5 min, idle time rG = 2 min; median of the exams per week: 35.0."

# the panel of one machine: its P20 and median are its own levers, R = 0
for ref in p20 median; do
  csv imaging capacity "${in[@]}" --reference $ref --format csv
  expect_status 0 "reference $ref"
  expect_line out "IRM1;750000010;75;MRI;5,0;35,0;20,0;20,0;20,0;10,0;0,0;0,0;0,00"
done

# every format; json at full precision: 390 / 60 = 6.5, 390 / 22, 390 / 22 / 35
for f in text md html; do
  run imaging capacity "${in[@]}" --reference 5,5,2 --format $f
  expect_status 0 "format $f"
  expect_contains out "0,51"
done
run imaging capacity "${in[@]}" --reference 5,5,2 --format json
expect_status 0 "json"
expect_contains out '"recoverable_h": 6.5,'
expect_contains out '"extra_exams": 17.727272727272727,'
expect_contains out '"machine_equivalents": 0.50649350649350644'
run imaging capacity "${in[@]}" --reference 5,5,2 --format xlsx --output cap.xlsx
expect_status 0 "xlsx"
checks=$((checks + 1))
[ -s cap.xlsx ] || fail "cap.xlsx not written"

# a stored campaign gives the same figures
new_store
"$eml" imaging import --campaign hand "${in[@]}" --db t.db >/dev/null 2>&1 || fail "imaging import"
csv imaging capacity --campaign hand --db t.db --from 2024-03-04 --to 2024-03-18 \
  --reference 5,5,2 --format csv
expect_status 0 "stored campaign"
expect_line out "IRM1;750000010;75;MRI;5,0;35,0;20,0;20,0;20,0;10,0;6,5;17,7;0,51"

# bad references
for bad in 5,5 p30 5,5,x 5,5,2000; do
  run imaging capacity "${in[@]}" --reference $bad
  expect_status 2 "reference $bad"
  expect_line err "eml: option --reference : attendu p20, median ou trois minutes L,E,G (par exemple 5,5,2) (valeur « $bad »)"
done

# a generated campaign: zone totals = sums of their machines
"$eml" generate imaging --ct 30 --mri 20 --days 14 --out gen >/dev/null 2>&1 || fail "generate"
if command -v python3 >/dev/null; then
  "$eml" imaging capacity --equipment gen/equipment.csv --sessions gen/sessions.csv \
    --exams gen/exams.csv --format json >cap.json 2>/dev/null || fail "capacity of gen"
  checks=$((checks + 1))
  python3 - cap.json <<'PY' || fail "zone totals differ from the sums of their machines"
import json, sys
t = {x["id"]: x["rows"] for x in json.load(open(sys.argv[1]))["tables"]}
sums, total = {}, {}
for m in t["capacity_machines"]:
    k = (m["zone"], m["modality"])
    s = sums.setdefault(k, [0, 0.0, 0.0, 0.0])
    s[0] += 1; s[1] += m["recoverable_h"] or 0; s[2] += m["extra_exams"] or 0
    s[3] += m["machine_equivalents"] or 0
bad = 0
for z in t["capacity_zones"]:
    if z["zone"] == "Total":
        continue
    s = sums.pop((z["zone"], z["modality"]))
    got = [z["machines"], z["recoverable_h"], z["extra_exams"], z["machine_equivalents"]]
    if got[0] != s[0] or any(abs(a - b) > 1e-9 * max(1, abs(b)) for a, b in zip(got[1:], s[1:])):
        print("zone", z, "machines", s); bad += 1
if sums or len(t["capacity_machines"]) != 50 or bad:
    print("left", sums); sys.exit(1)
nz = sum(1 for z in t["capacity_zones"] if z["zone"] != "Total")
print("%d machines, %d zones: totals = sums" % (len(t["capacity_machines"]), nz))
PY
else
  skip_part "python3 missing: zone totals of the generated campaign"
fi

# the PDF report: the hand machine's zone and values, then on the generated
# campaign the chart of each modality, one bar per zone (a zone of 0
# machine-equivalent has a bar of no height: cairo writes no path for it),
# and every zone with its sum in the PDF's text
run imaging capacity "${in[@]}" --reference 5,5,2 --format pdf
expect_status 2 "pdf without --output"
expect_line err "eml: l'option --format pdf demande --output FICHIER"
if command -v pdftotext >/dev/null; then
  run imaging capacity "${in[@]}" --reference 5,5,2 --format pdf --output cap.pdf --charts ch
  expect_status 0 "pdf"
  pdftotext -layout cap.pdf cap.txt
  checks=$((checks + 1))
  grep -q "^Capacité mobilisable par zone — IRM" <(sed 's/^ *//' cap.txt) || fail "pdf: no chart title"
  checks=$((checks + 1))
  grep -Eq "^75 +MRI +1 +6,5 +17,7 +0,51$" cap.txt || fail "pdf: no zone row 75 (6,5 h, 17,7, 0,51)"
  # the bar's value label: 0,51 written with one decimal
  checks=$((checks + 1))
  grep -Eq "^ *0,5$" cap.txt || fail "pdf: no bar label 0,5"
  # one bar of the ramp's colour at 0.6 (lib/chart/chart_draw.c set_ramp)
  bar='fill:rgb(34.2%,46.4%,68.4%)'
  checks=$((checks + 1))
  [ "$(grep -c "$bar" ch/capacite_MRI.svg)" = 1 ] || fail "chart: not one bar: $(grep -c "$bar" ch/capacite_MRI.svg)"
  if command -v python3 >/dev/null; then
    run imaging capacity --equipment gen/equipment.csv --sessions gen/sessions.csv \
      --exams gen/exams.csv --format pdf --output gen.pdf --charts gch
    expect_status 0 "pdf of gen"
    pdftotext -layout gen.pdf gen.txt
    checks=$((checks + 1))
    python3 - cap.json gen.txt gch "$bar" <<'PY' || fail "pdf of gen: bars or zones differ"
import json, sys, re
t = {x["id"]: x["rows"] for x in json.load(open(sys.argv[1]))["tables"]}
text = open(sys.argv[2]).read()
bad = 0
for mod in ("CT", "MRI"):
    zones = [z for z in t["capacity_zones"] if z["modality"] == mod and z["zone"] != "Total"]
    svg = open("%s/capacite_%s.svg" % (sys.argv[3], mod)).read()
    bars = svg.count(sys.argv[4])
    drawn = sum(1 for z in zones if z["machine_equivalents"] > 0)
    if bars != drawn:
        print(mod, "bars", bars, "zones with a capacity", drawn); bad += 1
    for z in zones:
        row = r"^%s +%s +%d +.* %s$" % (z["zone"], mod, z["machines"],
                                         ("%.2f" % z["machine_equivalents"]).replace(".", ","))
        if not re.search(row, text, re.M):
            print("no row", row); bad += 1
print("bars = zones with a capacity; every zone in the PDF")
sys.exit(1 if bad else 0)
PY
  fi
else
  skip_part "pdftotext missing: the PDF report"
fi

# beside the balance (eml bilan --campaign): the hand machine stored as a
# campaign of the demo register's store; 75 MRI: 75 devices, high bound 78:
# 3 places; the machine's 17.7 extra exams ÷ the panel median 35 = 0.507 -> 0,5
new_store
for k in sites equipment targets notes; do
  "$eml" import "$k" "$src/data/idf-2017/$k.csv" --db t.db >/dev/null || fail "import $k"
done
run imaging import --campaign main --db t.db "${in[@]}"
expect_status 0 "import campaign"
run bilan --db t.db --at 2017-10-01 --period SROS3-PRS --modality MRI --campaign main --reference 5,5,2
expect_status 0 "bilan --campaign"
expect_line out "Capacité mobilisable des appareils de la campagne main (référence : minutes fixées par --reference ; planning.md §1), en équivalent appareils, à côté des places restantes (borne haute − appareils autorisés) :"
expect_line out "75, IRM : 3 places ; capacité mobilisable ≈ 0,5 appareil."
checks=$((checks + 1))
[ "$(grep -c ', IRM : ' <<<"$out")" = 1 ] || fail "bilan --campaign: not one zone: $out"
run bilan --db t.db --at 2017-10-01 --period SROS3-PRS --modality MRI --campaign nope
expect_status 1 "unknown campaign"
run bilan --db t.db --at 2017-10-01 --period SROS3-PRS --modality MRI --campaign main --reference 5,5
expect_status 2 "bad reference"
expect_line err "eml: option --reference : attendu p20, median ou trois minutes L,E,G (par exemple 5,5,2) (valeur « 5,5 »)"

# under the 2023 regime (docs/regime-2023.md): the OQOS count IMAGING
# implantations, under which CT and MRI are declared; the hand machine in a
# store of the demo data/idf-2025: 75 has 80 implantations, OQOS max 82:
# 2 implantations possible; its CT none, its MRI the 0,5 above
new_store
load_files t.db "$src/data/idf-2025" sites authorisations devices conventions windows targets
run imaging import --campaign main --db t.db "${in[@]}"
expect_status 0 "import campaign (2023)"
run bilan --db t.db --at 2025-06-30 --period PRS-2023 --campaign main --reference 5,5,2
expect_status 0 "bilan --campaign, 2023"
expect_line out "Capacité mobilisable des appareils de la campagne main (référence : minutes fixées par --reference ; planning.md §1), en équivalent appareils, à côté des places restantes (OQOS max − implantations autorisées) :"
expect_line out "75, imagerie : 2 implantations possibles ; capacité mobilisable ≈ 0,5 appareil (scanner 0,0 ; IRM 0,5)."
checks=$((checks + 1))
[ "$(grep -c ', imagerie : ' <<<"$out")" = 1 ] || fail "bilan --campaign 2023: not one zone: $out"
run bilan --db t.db --at 2025-06-30 --period PRS-2023 --modality NUCLEAR --campaign main
expect_status 0 "bilan --campaign, 2023, another activity"
checks=$((checks + 1))
grep -q "Capacité mobilisable" <<<"$out" && fail "capacity under NUCLEAR: $out"

finish
