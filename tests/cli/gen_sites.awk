# gen_sites.awk — N sites (awk -v n=N) with valid FINESS keys: "75", a
# 6-digit counter, then the Luhn key over the nine digits (positions 2, 4,
# 6, 8 doubled; sum % 10 = 0), e.g. 750000010, 750000028. For the
# robustness tests (kill, full disk, property).
BEGIN { print "finess,name,territory,legal_status"
  for (i = 1; i <= n; i++) {
    d = sprintf("75%06d", i); s = 0
    for (p = 1; p <= 8; p++) { x = substr(d, p, 1) + 0; if (p % 2 == 0) { x *= 2; if (x > 9) x -= 9 }; s += x }
    printf "%s%d,Site %d,75,CH\n", d, (10 - s % 10) % 10, i } }
