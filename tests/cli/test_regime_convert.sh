#!/usr/bin/env bash
# test_regime_convert.sh — `eml regime convert` (spec regime-2023.md "From
# one regime to the other", docs/regime-2023.md same section):
#  1. the hand-made fixture tests/data/convert2023 at D = 2023-06-01, every
#     figure as derived by hand in its README: --dry-run prints the report
#     and leaves the store byte for byte as it was; the conversion writes
#     the 8 authorisations and 16 devices of the README with their dates,
#     leaves the 21 per-device rows, logs 25 + 1 audit entries; the sites
#     the rules flag;
#  2. a second conversion at the same date is refused (message to the
#     byte, store unchanged); one at 2024-03-01 declares D-MRI4 under D's
#     authorisation already stored;
#  3. bad input: --at not a date, missing, a foreign option, no store;
#  4. the acceptance: data/idf-2017 converted at 2023-06-01 holds as many
#     IMAGING authorisations as distinct (site, holder) pairs with a CT or
#     MRI in force at that date, counted here by awk over equipment.csv and
#     sites.csv (not through eml); its 2017 balance is unchanged.
source "${0%/*}/lib.sh"
command -v sqlite3 >/dev/null || { echo "SKIP: sqlite3 not found"; exit 77; }

fx=$src/tests/data/convert2023
new_store
for k in sites equipment; do
  "$eml" import "$k" "$fx/$k.csv" --db t.db >import.out 2>&1 || fail "import $k: $(cat import.out)"
done

# CSV without its BOM and CRLF, to compare lines
csv() { run "$@" --format csv; out=$(printf '%s' "$out" | tr -d '\r' | sed '1s/^\xEF\xBB\xBF//'); }

# 1a. --dry-run: the report, nothing written (README "What becomes of each
# device", "The authorisations created", "The sites ... flag")
cp t.db before.db
csv regime convert --at 2023-06-01 --dry-run --db t.db
expect_status 0 "dry run"
checks=$((checks + 1))
cmp -s t.db before.db || fail "--dry-run changed the store"
expect_line out "Conversion du registre au régime de 2023 au 01/06/2023"
expect_line out "Simulation (--dry-run) : rien n'a été écrit dans le registre."
expect_line out "FINESS;Site;Zone;Titulaire;Devenir;Autorisation;Appareils;Identifiants;Signalements"
# A: CT + MRI -> one IMAGING; GAMMA -> NUCLEAR, mention unknown; A-MRI0 ends on D
expect_line out "751000019;Hôpital fictif A;75;750000010;Équipements d'imagerie en coupes (scanners et IRM);CONV-2023-06-01-IMAGING-751000019;2;A-CT1 (scanner), A-MRI1 (IRM);"
expect_line out "751000019;Hôpital fictif A;75;750000010;Médecine nucléaire;CONV-2023-06-01-NUCLEAR-751000019;1;A-GAM1 (gamma caméra);mention inconnue : à renseigner"
expect_line out "751000019;Hôpital fictif A;75;750000010;Non converti : pas en vigueur au 01/06/2023;;1;A-MRI0 (IRM, fin le 01/06/2023);"
# B: 3 CT, the interventional one included and flagged
expect_line out "751000027;Centre d'imagerie fictif B;75;750000028;Équipements d'imagerie en coupes (scanners et IRM);CONV-2023-06-01-IMAGING-751000027;3;B-CT1 (scanner), B-CT2 (scanner), B-CT3 (scanner);B-CT1 dédié à l'imagerie interventionnelle : à rattacher à une autorisation de radiologie interventionnelle"
# C: no holder; its MRI not installed (not implemented); OHB stays; CT ended in 2021
expect_line out "921000030;Clinique fictive C;92;—;Équipements d'imagerie en coupes (scanners et IRM);CONV-2023-06-01-IMAGING-921000030;1;C-MRI1 (IRM);non mise en œuvre : aucun appareil installé au 01/06/2023"
expect_line out "921000030;Clinique fictive C;92;—;Reste autorisé par appareil;;1;C-OHB1 (OHB);"
expect_line out "921000030;Clinique fictive C;92;—;Non converti : pas en vigueur au 01/06/2023;;1;C-CT1 (scanner, fin le 01/01/2021);"
# D: 5 imaging devices, PET -> NUCLEAR, LINAC + COBALT -> RADIOTHERAPY, MRI4 later
expect_line out "931000046;Centre hospitalier fictif D;93;930000047;Équipements d'imagerie en coupes (scanners et IRM);CONV-2023-06-01-IMAGING-931000046;5;D-CT1 (scanner), D-CT2 (scanner), D-MRI1 (IRM), D-MRI2 (IRM), D-MRI3 (IRM);"
expect_line out "931000046;Centre hospitalier fictif D;93;930000047;Médecine nucléaire;CONV-2023-06-01-NUCLEAR-931000046;1;D-PET1 (TEP);mention inconnue : à renseigner"
expect_line out "931000046;Centre hospitalier fictif D;93;930000047;Traitement du cancer — radiothérapie externe, curiethérapie;CONV-2023-06-01-RADIOTHERAPY-931000046;2;D-LIN1 (accélérateur), D-COB1 (cobalt);mention inconnue : à renseigner"
expect_line out "931000046;Centre hospitalier fictif D;93;930000047;Non converti : pas en vigueur au 01/06/2023;;1;D-MRI4 (IRM, autorisé le 01/02/2024);"
# E: an MRI authorised on D itself (in force), the cyclotron stays
expect_line out "941000051;Centre hospitalier fictif E;94;940000052;Équipements d'imagerie en coupes (scanners et IRM);CONV-2023-06-01-IMAGING-941000051;1;E-MRI1 (IRM);non mise en œuvre : aucun appareil installé au 01/06/2023"
expect_line out "941000051;Centre hospitalier fictif E;94;940000052;Reste autorisé par appareil;;1;E-CYC1 (cyclotron);"
expect_line out "21 appareils autorisés par appareil sur 5 sites : 8 autorisations créées (imagerie en coupes : 5, médecine nucléaire : 2, radiothérapie : 1), 16 appareils déclarés, 2 restent autorisés par appareil (OHB, cyclotron), 0 déjà déclaré, 3 pas en vigueur au 01/06/2023."
# 13 rows of sites (A 3, B 1, C 3, D 4, E 2); F has no device
checks=$((checks + 1))
[ "$(grep -cE '^9[1-4]10000[0-9]{2};|^7510000[0-9]{2};[^;]*;[^;]*;[^;]*;[^;]*;[^;]*;[0-9]' <<<"$out")" = 18 ] ||
  fail "rows: 13 of the first table and 5 of the second expected
$out"
checks=$((checks + 1))
grep -q '^911000065;' <<<"$out" && fail "site F (no device) in the report"
# the flags (README "The sites the rules of 2023 flag")
expect_line out "Sites signalés par les règles de 2023 au 01/06/2023, après conversion"
expect_line out "FINESS;Site;Zone;Appareils;Scanners;IRM;Règle"
expect_line out "751000027;Centre d'imagerie fictif B;75;3;3;0;3 appareils, 3 scanners, 0 IRM — site de 3 appareils ou plus sans IRM (une convention ne lève pas cette règle)."
expect_line out "751000027;Centre d'imagerie fictif B;75;3;3;0;3 scanners, 0 IRM, aucune convention en vigueur pour une IRM — site d'un seul type sans convention."
expect_line out "921000030;Clinique fictive C;92;1;0;1;0 scanner, 1 IRM, aucune convention en vigueur pour un scanner — site d'un seul type sans convention."
expect_line out "931000046;Centre hospitalier fictif D;93;5;2;3;5 appareils, 0 justifié — plus de 3 appareils sans demande justifiée pour ceux au-delà du 3e."
expect_line out "941000051;Centre hospitalier fictif E;94;1;0;1;0 scanner, 1 IRM, aucune convention en vigueur pour un scanner — site d'un seul type sans convention."
expect_line out "4 sites signalés : plus de 3 appareils sans demande justifiée, 3 appareils ou plus sans scanner ou sans IRM, un seul type sans convention (docs/regime-2023.md)."
checks=$((checks + 1))
grep -q '^751000019;Hôpital fictif A;75;2;' <<<"$out" && fail "site A flagged (2 devices, both types)"
# the other formats render the same tables
for f in text json md html; do
  run regime convert --at 2023-06-01 --dry-run --db t.db --format $f
  expect_status 0 "dry run --format $f"
  expect_contains out "CONV-2023-06-01-RADIOTHERAPY-931000046"
done
run regime convert --at 2023-06-01 --dry-run --db t.db --format xlsx --output conv.xlsx
expect_status 0 "dry run xlsx"
checks=$((checks + 1))
[ -s conv.xlsx ] || fail "no xlsx written"
checks=$((checks + 1))
cmp -s t.db before.db || fail "a --dry-run changed the store"

# 1b. the conversion itself
csv regime convert --at 2023-06-01 --db t.db --user alice
expect_status 0 "convert"
expect_line out "Écrit dans le registre en une transaction, journalisée (eml log)."
expect_query "select authorisation_id, finess, coalesce(finess_ej, ''), activity, mention, decided_on, coalesce(started_on, ''), coalesce(until, '') from authorisation order by 1" \
"CONV-2023-06-01-IMAGING-751000019|751000019|750000010|IMAGING||2023-06-01|2023-06-01|
CONV-2023-06-01-IMAGING-751000027|751000027|750000028|IMAGING||2023-06-01|2023-06-01|
CONV-2023-06-01-IMAGING-921000030|921000030||IMAGING||2023-06-01||
CONV-2023-06-01-IMAGING-931000046|931000046|930000047|IMAGING||2023-06-01|2023-06-01|
CONV-2023-06-01-IMAGING-941000051|941000051|940000052|IMAGING||2023-06-01||
CONV-2023-06-01-NUCLEAR-751000019|751000019|750000010|NUCLEAR||2023-06-01|2023-06-01|
CONV-2023-06-01-NUCLEAR-931000046|931000046|930000047|NUCLEAR||2023-06-01|2023-06-01|
CONV-2023-06-01-RADIOTHERAPY-931000046|931000046|930000047|RADIOTHERAPY||2023-06-01|2023-06-01|"
# each device keeps its dates: declared_on = authorized_from, installed_on,
# removed_on = authorized_until
expect_query "select equipment_id, authorisation_id, modality, declared_on, coalesce(installed_on, ''), coalesce(removed_on, ''), justified from declared_device order by 1" \
"A-CT1|CONV-2023-06-01-IMAGING-751000019|CT|2010-03-01|2010-09-01||0
A-GAM1|CONV-2023-06-01-NUCLEAR-751000019|GAMMA|2008-01-10|2008-06-01||0
A-MRI1|CONV-2023-06-01-IMAGING-751000019|MRI|2012-05-02|2013-01-15||0
B-CT1|CONV-2023-06-01-IMAGING-751000027|CT|2016-02-01|2016-10-01||0
B-CT2|CONV-2023-06-01-IMAGING-751000027|CT|2014-04-01|2014-11-01||0
B-CT3|CONV-2023-06-01-IMAGING-751000027|CT|2018-07-01|2019-02-01||0
C-MRI1|CONV-2023-06-01-IMAGING-921000030|MRI|2022-11-01|||0
D-COB1|CONV-2023-06-01-RADIOTHERAPY-931000046|COBALT|2000-01-01|2000-06-01||0
D-CT1|CONV-2023-06-01-IMAGING-931000046|CT|2011-01-01|2011-06-01||0
D-CT2|CONV-2023-06-01-IMAGING-931000046|CT|2015-01-01|2015-06-01||0
D-LIN1|CONV-2023-06-01-RADIOTHERAPY-931000046|LINAC|2009-01-01|2009-06-01||0
D-MRI1|CONV-2023-06-01-IMAGING-931000046|MRI|2012-01-01|2012-06-01||0
D-MRI2|CONV-2023-06-01-IMAGING-931000046|MRI|2016-01-01|2016-06-01||0
D-MRI3|CONV-2023-06-01-IMAGING-931000046|MRI|2019-01-01|2019-06-01|2026-01-01|0
D-PET1|CONV-2023-06-01-NUCLEAR-931000046|PET|2017-03-01|2017-09-01||0
E-MRI1|CONV-2023-06-01-IMAGING-941000051|MRI|2023-06-01|||0"
expect_query "select count(*) from equipment" "21"
# audit: 8 authorisations + 16 devices, and the conversion's entry with its counts
expect_query "select entity, count(*) from audit where user = 'alice' group by entity order by entity" \
"authorisation|8
conversion|1
declared_device|16"
expect_query "select action, key, after from audit where entity = 'conversion'" \
'import|2023-06-01|{"at":"2023-06-01","authorisations":8,"devices":16,"kept_per_device":2,"already_declared":0,"not_in_force":3}'
expect_query "select after from audit where entity = 'declared_device' and key = 'D-MRI3'" \
'{"authorisation_id":"CONV-2023-06-01-IMAGING-931000046","modality":"MRI","declared_on":"2019-01-01","installed_on":"2019-06-01","removed_on":"2026-01-01","source":"conversion 2023-06-01"}'

# 2. a second conversion at the same date: refused, nothing written
cp t.db converted.db
run regime convert --at 2023-06-01 --db t.db
expect_status 1 "second conversion"
checks=$((checks + 1))
[ "$err" = "eml: le registre a déjà été converti au 2023-06-01 (voir « eml log --entity conversion ») ; rien n'est écrit" ] ||
  fail "second conversion: stderr: $err"
checks=$((checks + 1))
[ -z "$out" ] || fail "second conversion printed: $out"
checks=$((checks + 1))
cmp -s t.db converted.db || fail "the refused conversion changed the store"
run regime convert --at 2023-06-01 --db t.db --dry-run
expect_status 1 "second conversion, dry run"
# at 2024-03-01 (README "A second run"): D-MRI4 under D's authorisation
csv regime convert --at 2024-03-01 --db t.db
expect_status 0 "conversion at 2024-03-01"
expect_line out "931000046;Centre hospitalier fictif D;93;930000047;Équipements d'imagerie en coupes (scanners et IRM);CONV-2023-06-01-IMAGING-931000046;1;D-MRI4 (IRM);déclaré sous l'autorisation du site déjà au registre"
expect_line out "931000046;Centre hospitalier fictif D;93;930000047;Déjà déclaré, non repris;;8;D-CT1 (scanner), D-CT2 (scanner), D-MRI1 (IRM), D-MRI2 (IRM), D-MRI3 (IRM), D-PET1 (TEP), D-LIN1 (accélérateur), D-COB1 (cobalt);"
expect_line out "21 appareils autorisés par appareil sur 5 sites : 0 autorisation créée (imagerie en coupes : 0, médecine nucléaire : 0, radiothérapie : 0), 1 appareil déclaré, 2 restent autorisés par appareil (OHB, cyclotron), 16 déjà déclarés, 2 pas en vigueur au 01/03/2024."
expect_line out "931000046;Centre hospitalier fictif D;93;6;2;4;6 appareils, 0 justifié — plus de 3 appareils sans demande justifiée pour ceux au-delà du 3e."
expect_query "select authorisation_id, declared_on from declared_device where equipment_id = 'D-MRI4'" \
  "CONV-2023-06-01-IMAGING-931000046|2024-02-01"
expect_query "select count(*) from authorisation" "8"

# 3. bad input
cp t.db bad.db
run regime convert --at 2023-02-30 --db t.db
expect_status 2 "--at 2023-02-30"
expect_line err "eml: option --at : pas une date (attendu AAAA-MM-JJ ou JJ/MM/AAAA) (valeur « 2023-02-30 »)"
run regime convert --at demain --db t.db
expect_status 2 "--at demain"
expect_line err "eml: option --at : pas une date (attendu AAAA-MM-JJ ou JJ/MM/AAAA) (valeur « demain »)"
run regime convert --db t.db
expect_status 2 "no --at"
expect_line err "eml: l'option --at est obligatoire (par exemple --at 2023-06-01)"
run regime convert --at 2023-06-01 --period SROS3-PRS --db t.db
expect_status 2 "--period"
expect_line err "eml: --period n'est pas une option de « eml regime convert » (voir « eml regime convert --help »)"
run regime convert --at 2023-06-01 --db missing.db
expect_status 1 "no store"
expect_line err "eml: missing.db: pas de stockage ici (le créer avec « eml init », ou donner --db CHEMIN)"
checks=$((checks + 1))
cmp -s t.db bad.db || fail "bad input changed the store"

# 4. the acceptance: data/idf-2017 at 2023-06-01
idf=$src/data/idf-2017
new_store # t.db, which expect_query reads
for k in sites equipment targets notes; do
  "$eml" import "$k" "$idf/$k.csv" --db t.db >import.out 2>&1 || fail "import $k of idf-2017: $(cat import.out)"
done
"$eml" bilan --db t.db --at 2017-10-01 --period SROS3-PRS --format csv >bilan-before.csv 2>&1
# distinct (site, holder) with a CT or MRI in force at D (authorized_from <=
# D and (no authorized_until or D < authorized_until)); the holder is the
# site's finess_ej (empty for some sites). Neither file quotes a field.
pairs=$(awk -F, -v D=2023-06-01 '
  FNR == 1 { next }
  FILENAME ~ /sites\.csv$/ { ej[$1] = $5; next }
  ($3 == "CT" || $3 == "MRI") && $5 <= D && ($6 == "" || D < $6) { seen[$2 "|" ej[$2]] = 1 }
  END { n = 0; for (k in seen) n++; print n }' "$idf/sites.csv" "$idf/equipment.csv")
devices=$(awk -F, -v D=2023-06-01 'FNR > 1 && ($3 == "CT" || $3 == "MRI") && $5 <= D && ($6 == "" || D < $6)' "$idf/equipment.csv" | wc -l)
checks=$((checks + 1))
[ "$pairs" -gt 100 ] || fail "awk counted $pairs pairs: the count is not meaningful"
run regime convert --at 2023-06-01 --db t.db --format csv
expect_status 0 "idf-2017 conversion"
expect_query "select count(*) from authorisation where activity = 'IMAGING'" "$pairs"
expect_query "select count(distinct finess || '|' || coalesce(finess_ej, '')) from authorisation where activity = 'IMAGING'" "$pairs"
expect_query "select count(*) from declared_device where modality in ('CT', 'MRI')" "$devices"
"$eml" bilan --db t.db --at 2017-10-01 --period SROS3-PRS --format csv >bilan-after.csv 2>&1
checks=$((checks + 1))
cmp -s bilan-before.csv bilan-after.csv || fail "the 2017 balance changed after the conversion"

finish
