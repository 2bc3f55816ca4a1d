#!/usr/bin/env bash
# test_demo_data.sh — the Île-de-France 2017 demo data (data/idf-2017/) still
# reproduces the seed 000 counts at 2017-10-01: runs make_demo.py --check,
# which recounts devices, interventional devices and sites per département
# and modality, checks targets, notes, the published tables and the demo
# applications, and that the files are what the script writes. When the
# seed is at hand ($EML_SHARED_DIR/seeds), published.tsv is also compared
# with the seed's tables line by line.
set -u
src=${EML_SOURCE_DIR:-$(cd "${0%/*}/../.." && pwd)}
if ! command -v python3 >/dev/null 2>&1; then
  echo "SKIP: python3 not found"
  exit 77
fi
seed=${EML_SHARED_DIR:-$src/../shared}/seeds/000_224149d20fa42384.txt
args=(--check)
[ -f "$seed" ] && args+=(--seed "$seed")
python3 "$src/data/idf-2017/make_demo.py" "${args[@]}" || exit 1
# without the seed, published.tsv was not compared with it: not a full pass
[ -f "$seed" ] || { echo "SKIP: $seed not found: published.tsv not compared with the seed"; exit 77; }
