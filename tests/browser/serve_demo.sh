# serve_demo.sh — what the tests of `eml serve` share (sourced by
# tests/cli/test_serve*.sh, tests/browser/run.sh and bench/serve.sh):
#   serve_make_demo DIR   a store with the demo register (data/idf-2017) and a
#                         generated radiotherapy year (2 centres, 2024), and an
#                         imaging campaign in DIR/img (shared/bench/gen_imaging.c,
#                         30 machines, 28 days)
#   serve_start DIR [OPTIONS]  starts `eml serve --port 0` on the loopback on
#                         that demo, sets SERVE_PID and SERVE_URL (waits for the
#                         "serving" line, 20 s at most)
#   serve_url FILE        the address of that line in FILE (eml serve's
#                         stderr), in either language: "eml: en service sur
#                         http://127.0.0.1:PORT/ (Ctrl-C pour arrêter)",
#                         "eml: serving http://127.0.0.1:PORT/ (Ctrl-C to stop)"
#   serve_stop            SIGTERM, waits (10 s at most); sets SERVE_STATUS
# Needs $EML (the binary), $EML_SOURCE_DIR and $EML_SHARED_DIR.
SERVE_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff

serve_make_demo() {
  local dir=$1 f
  mkdir -p "$dir"
  "$EML" init --db "$dir/eml.db" >/dev/null || return 1
  for f in sites equipment targets notes; do
    "$EML" import "$f" "$EML_SOURCE_DIR/data/idf-2017/$f.csv" --db "$dir/eml.db" \
      >/dev/null 2>"$dir/import.err" || { cat "$dir/import.err"; return 1; }
  done
  EML_PSEUDONYM_KEY=$SERVE_KEY "$EML" generate radiotherapy --centres 2 --year 2024 --seed 7 \
    --out "$dir/rt" >/dev/null 2>&1 || return 1
  EML_PSEUDONYM_KEY=$SERVE_KEY "$EML" rt import --dir "$dir/rt" --db "$dir/eml.db" \
    >/dev/null 2>&1 || return 1
  cc -O2 -o "$dir/gen_imaging" "$EML_SHARED_DIR/bench/gen_imaging.c" -lm || return 1
  mkdir -p "$dir/img"
  "$dir/gen_imaging" 30 28 1 "$dir/img" >/dev/null 2>&1 || return 1
}

serve_url() {
  sed -n 's#^eml: \(en service sur\|serving\) \(https\{0,1\}://127\.0\.0\.1:[0-9]*\)/ .*#\2#p' "$1"
}

serve_start() {
  local dir=$1 i
  shift
  # the previous server's "serving" line must not be read as this one's: the
  # background child truncates serve.err only once it runs, which under load
  # can be after the first look below (a stale port: connection refused)
  : >"$dir/serve.err"
  "$EML" serve --db "$dir/eml.db" --imaging-dir "$dir/img" --port 0 "$@" \
    2>"$dir/serve.err" &
  SERVE_PID=$!
  SERVE_URL=
  for i in $(seq 1 200); do
    SERVE_URL=$(serve_url "$dir/serve.err")
    [ -n "$SERVE_URL" ] && return 0
    kill -0 "$SERVE_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "eml serve did not start:"
  cat "$dir/serve.err"
  return 1
}

serve_stop() {
  local i
  kill -TERM "$SERVE_PID" 2>/dev/null
  for i in $(seq 1 100); do
    kill -0 "$SERVE_PID" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$SERVE_PID" 2>/dev/null; then
    kill -KILL "$SERVE_PID"
    SERVE_STATUS=124
  else
    wait "$SERVE_PID"
    SERVE_STATUS=$?
  fi
}
