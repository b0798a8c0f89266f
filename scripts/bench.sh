#!/usr/bin/env bash
# Every benchmark, each printing its figures (nothing is asserted):
#   1. rules engine: households per second per calculator and for the summary (criterion), then
#      the medical pipeline beside its peers (OpenFisca, numpy) on their own 1,000,000 persons
#   2. roster batch: 1,000,000 households CSV → CSV, seconds and peak memory
#   3. site: 10,000 synthetic policy documents, pages per second, and Hugo on the same corpus
#   4. browser calculator: transfer size (gzip, brotli) and time to first result when throttled
# Installs Hugo (apt) and the web tools when missing. Takes about ten minutes on 2 cores.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
step() { printf '\n== %s\n' "$*"; }

scripts/ensure-tools.sh
if ! command -v hugo >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null
fi

step "rules engine (cargo bench -p mingbai-calc)"
cargo bench -q -p mingbai-calc --bench calc -- --warm-up-time 1 --measurement-time 3 2>&1 |
    grep -E '^households|thrpt:' | grep -v '%'

step "rules engine beside its peers: openfisca-medical, 1,000,000 persons"
cargo run -q --release -p mingbai-calc --example peers -- 1000000
# The peers run from their own folder with their pinned versions, in a venv under target/ (made
# once when PyPI can be reached); no figure of theirs is printed unless it was measured here.
PEERS="${MINGBAI_PEERS_DIR:-$ROOT/../shared/peers/openfisca-medical}"
VENV="$ROOT/target/peers-venv"
if [ ! -x "$VENV/bin/python" ] && [ -f "$PEERS/requirements.txt" ] && command -v python3 >/dev/null; then
    python3 -m venv "$VENV" >/dev/null 2>&1 &&
        timeout 600 "$VENV/bin/pip" install -q -r "$PEERS/requirements.txt" >/dev/null 2>&1 ||
        rm -rf "$VENV"
fi
if [ ! -f "$PEERS/bench_numpy.py" ]; then
    echo "peers: skipped, no peer folder at $PEERS (set MINGBAI_PEERS_DIR)"
elif ! "$VENV/bin/python" -c 'import numpy, openfisca_core' 2>/dev/null; then
    echo "peers: skipped, python3 (>= 3.11) with numpy and openfisca-core is not available (pip install -r $PEERS/requirements.txt failed or PyPI unreachable)"
else
    (cd "$PEERS" && export PYTHONDONTWRITEBYTECODE=1 &&
        echo "peer numpy:" && "$VENV/bin/python" bench_numpy.py 1000000 | grep -E '^(engine|seconds|persons_per_second|checksum):' &&
        echo "peer OpenFisca:" && "$VENV/bin/python" bench.py 1000000 --sample '' | grep -E '^(engine|seconds|persons_per_second|checksum):')
fi

step "roster batch: 1,000,000 households"
cargo run -q --release -p mingbai-roster --example bench

step "site: 10,000 documents, mingbai and Hugo"
cargo bench -q -p mingbai-site --bench site_build

step "browser calculator: size and speed"
scripts/build-web.sh --quiet
node tests/browser/measure-size.mjs
node tests/browser/measure-speed.mjs
