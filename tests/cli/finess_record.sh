# finess_record.sh — the FINESS records of a CLI test's store read back
# (sourced after lib.sh). Schema 13 (include/eml/store.h, issue 17): the
# 29 fields of a site after nofinesset are one column, finess_site.record,
# joined by U+001F; these read them in plain SQL both backends take (q),
# the separator made '|' or the field cut out by the shell.
finess_record_fields=(nofinessej rs rslongue complrs compldistrib numvoie typvoie voie compvoie
  lieuditbp commune departement libdepartement ligneacheminement telephone telecopie categetab
  libcategetab categagretab libcategagretab siret codeape codemft libmft codesph libsph dateouv
  dateautor datemaj)
# finess_rows [SQL...]: the rows of finess_site (SQL: WHERE, ORDER BY) as
# the 34 columns of schema 12 read: nofinesset, the 29 fields, the
# coordinates, '|' between them
finess_rows() {
  q "SELECT nofinesset, record, coord_x, coord_y, coord_source, coord_updated FROM finess_site $*" |
    tr '\037' '|'
}
# finess_field FINESS NAME: that field of the site's record
finess_field() {
  local i
  for i in "${!finess_record_fields[@]}"; do [ "${finess_record_fields[$i]}" = "$2" ] && break; done
  [ "${finess_record_fields[$i]}" = "$2" ] || fail "finess_field: no field $2"
  q "SELECT record FROM finess_site WHERE nofinesset = '$1'" | cut -d $'\037' -f $((i + 1))
}
# expect_field FINESS NAME EXPECTED
expect_field() {
  checks=$((checks + 1))
  local got
  got=$(finess_field "$1" "$2")
  [ "$got" = "$3" ] || fail "field $2 of $1: got '$got', expected '$3'"
}
