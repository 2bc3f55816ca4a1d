# imaging_compare.awk — compares eml's machines.csv / panel.csv with the DuckDB
# reference's (shared/bench/duckdb/imaging.sql.tmpl), cell by cell.
#   awk -F, -v keys=equipment_id -f imaging_compare.awk REF.csv OURS.csv
#   awk -F, -v keys=modality,indicator -f imaging_compare.awk REF.csv OURS.csv
# Rows are matched on the key columns; every column of the reference must be
# in ours; numbers must agree to a relative difference of 1e-9 (absolute
# 1e-12 around zero), other cells (true/false, codes) exactly, empty (NULL)
# only with empty. Every reference row must be present. Exit 1 on any
# difference, printing the first 20.
function isnum(s) { return s ~ /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/ }
function rowkey(   k, i, n, parts) {
  n = split(keys, parts, ","); k = ""
  for (i = 1; i <= n; i++) k = k SUBSEP $(col[FILENAME, parts[i]])
  return k
}
function differ(a, b,   d, m) {
  if (a == b) return 0
  if (!isnum(a) || !isnum(b)) return 1
  a += 0; b += 0; d = a - b; if (d < 0) d = -d
  m = a < 0 ? -a : a; if (b < 0 && -b > m) m = -b; if (b > m) m = b
  return d > 1e-9 * m && d > 1e-12
}
FNR == 1 {
  gsub(/\r/, "")
  for (i = 1; i <= NF; i++) { col[FILENAME, $i] = i; name[FILENAME, i] = $i }
  ncol[FILENAME] = NF
  if (NR == 1) ref = FILENAME
  next
}
{ gsub(/\r/, "") }
FILENAME == ref { refrow[rowkey()] = $0; nref++; next }
{ ours[rowkey()] = $0 }
END {
  bad = 0; ours_file = ARGV[2]
  for (i = 1; i <= ncol[ref]; i++)
    if (!((ours_file, name[ref, i]) in col)) { print "missing column " name[ref, i]; bad++ }
  for (k in refrow) {
    if (!(k in ours)) { if (bad++ < 20) print "missing row " refrow[k]; continue }
    split(refrow[k], r, ","); split(ours[k], o, ",")
    for (i = 1; i <= ncol[ref]; i++) {
      j = col[ours_file, name[ref, i]]
      if (j && differ(r[i], o[j])) {
        if (bad++ < 20) print "differs: " refrow[k] " column " name[ref, i] ": reference '" r[i] "', eml '" o[j] "'"
      }
    }
  }
  printf "compared %d reference rows of %s: %d differences\n", nref, ref, bad
  exit bad > 0
}
