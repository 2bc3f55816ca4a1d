#!/usr/bin/env bash
# test_serve_cache.sh — `eml serve` keeps its answers per version of the
# store (issue 16, item 6; docs/dashboard.md "Served, not recomputed"), on
# either backend: run plain (SQLite) and as pg/test_serve_cache under
# tests/tools/with-pg.sh (PostgreSQL: eml_store_version from the server's
# snapshot). The demo register, then: a second identical /api/bilan is a
# hit (X-Eml-Cache, X-Eml-Computed unchanged), another modality reuses the
# register read once (X-Eml-Store-Reads), an import between two requests
# changes the answer, and the new answer is kept in turn.
set -u
source "$EML_SOURCE_DIR/tests/cli/lib.sh"
source "$EML_SOURCE_DIR/tests/browser/serve_demo.sh" # serve_url
db=$work/c.db
"$eml" init --db "$db" >/dev/null || fail "eml init"
for f in sites equipment targets notes; do
  "$eml" import "$f" "$EML_SOURCE_DIR/data/idf-2017/$f.csv" --db "$db" >/dev/null 2>&1 ||
    fail "import $f"
done
# the server is started without the wrapper of with-pg.sh (which holds
# back stderr until the program ends): on the store's URI itself
serve_db=$(bash "$EML_SOURCE_DIR/tests/tools/store-sql.sh" --uri "$db")
"${EML_REAL:-$eml}" serve --db "$serve_db" --period SROS3-PRS --at 2017-10-01 --port 0 \
  2>"$work/serve.err" &
pid=$!
for i in $(seq 1 100); do
  U=$(serve_url "$work/serve.err")
  [ -n "$U" ] && break
  sleep 0.1
done
[ -n "$U" ] || { echo "FAIL: eml serve did not start: $(cat "$work/serve.err")"; kill "$pid"; exit 1; }
getd() {
  code=$(curl -s -o "$work/body" -D "$work/headers" -w '%{http_code}' --max-time 10 "$U$1")
}
hdr() { tr -d '\r' <"$work/headers" | sed -n "s/^$1: //Ip"; }

getd "/api/bilan?modality=MRI"
checks=$((checks + 1))
[ "$code" = 200 ] && [ "$(hdr X-Eml-Cache)" = miss ] && [ "$(hdr X-Eml-Computed)" = 1 ] &&
  [ "$(hdr X-Eml-Store-Reads)" = 1 ] ||
  fail "first request: HTTP $code, $(hdr X-Eml-Cache), computed $(hdr X-Eml-Computed), reads $(hdr X-Eml-Store-Reads)"
cp "$work/body" "$work/first.json"
getd "/api/bilan?modality=MRI"
checks=$((checks + 1))
[ "$(hdr X-Eml-Cache)" = hit ] && [ "$(hdr X-Eml-Computed)" = 1 ] ||
  fail "second identical request: $(hdr X-Eml-Cache), computed $(hdr X-Eml-Computed)"
checks=$((checks + 1))
cmp -s "$work/body" "$work/first.json" || fail "the kept answer differs"
getd "/api/bilan?modality=CT"
checks=$((checks + 1))
[ "$(hdr X-Eml-Cache)" = miss ] && [ "$(hdr X-Eml-Computed)" = 2 ] &&
  [ "$(hdr X-Eml-Store-Reads)" = 1 ] ||
  fail "another modality: $(hdr X-Eml-Cache), computed $(hdr X-Eml-Computed), reads $(hdr X-Eml-Store-Reads)"
printf 'territory,modality,unit,receivable,mark,note\n,MRI,,,,Note importée pendant le service\n' \
  >"$work/note.csv"
"$eml" import notes "$work/note.csv" --db "$db" >/dev/null 2>&1 || fail "import a note"
getd "/api/bilan?modality=MRI"
checks=$((checks + 1))
[ "$(hdr X-Eml-Cache)" = miss ] && [ "$(hdr X-Eml-Computed)" = 3 ] &&
  [ "$(hdr X-Eml-Store-Reads)" = 2 ] ||
  fail "after an import: $(hdr X-Eml-Cache), computed $(hdr X-Eml-Computed), reads $(hdr X-Eml-Store-Reads)"
checks=$((checks + 1))
grep -qF 'Note importée pendant le service' "$work/body" || fail "after an import: the note is not in the answer"
getd "/api/bilan?modality=MRI"
checks=$((checks + 1))
[ "$(hdr X-Eml-Cache)" = hit ] && [ "$(hdr X-Eml-Computed)" = 3 ] ||
  fail "the new answer is not kept: $(hdr X-Eml-Cache), computed $(hdr X-Eml-Computed)"
kill -TERM "$pid"
wait "$pid"
checks=$((checks + 1))
[ $? -eq 0 ] || fail "eml serve after SIGTERM"
finish
