#!/usr/bin/env bash
# Checks the Debian packages eml needs to build and test; installs the missing
# ones with apt-get when run as root, otherwise prints the exact command.
set -u
packages=(build-essential cmake pkg-config libsqlite3-dev libjansson-dev
          libxlsxwriter-dev libcmocka-dev libsodium-dev sqlite3
          libxml2-dev libxml2-utils
          clang libclang-rt-14-dev valgrind   # fuzz regressions and memcheck of make test
          libcairo2-dev libpango1.0-dev fonts-dejavu-core poppler-utils  # charts, PDF
          libmicrohttpd-dev                   # eml serve
          libpq-dev postgresql                # the PostgreSQL store; the tests' own server
          unzip jq                            # tests: xlsx content, JSON checks
          groff-base man-db                   # tests: the man pages render without warnings
          gettext)                            # the message catalogue: msgfmt, xgettext (docs/i18n.md)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  echo "eml: installing missing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null || {
    echo "eml: apt-get failed; run: apt-get install ${missing[*]}" >&2; exit 1; }
else
  echo "eml: missing Debian packages; run as root: apt-get install ${missing[*]}" >&2
  exit 1
fi
