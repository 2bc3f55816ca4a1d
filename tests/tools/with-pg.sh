#!/usr/bin/env bash
# with-pg.sh SCRIPT — runs a CLI test script against the PostgreSQL
# backend: starts a private server (tests/tools/pg.sh), runs SCRIPT with
# EML the wrapper tests/tools/eml-pg.sh (every --db PATH a database of that
# server) and EML_TEST_DB=pg, stops the server. Exit status: SCRIPT's, or
# 77 (skipped) when no server can start here. The ctest entries pg/NAME.
set -u
here=$(cd "${BASH_SOURCE[0]%/*}" && pwd)
. "$here/pg.sh"
dir=$(pg_start) || exit 77
trap 'pg_stop "$dir"' EXIT
EML_REAL=${EML:?EML must name the eml binary} EML_PG_DIR=$dir EML_TEST_DB=pg \
  EML="$here/eml-pg.sh" bash "$@"
