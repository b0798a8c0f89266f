#!/usr/bin/env bash
# Every benchmark, each printing its figures (nothing is asserted):
#   1. rules engine: households per second per calculator and for the summary (criterion)
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

step "roster batch: 1,000,000 households"
cargo run -q --release -p mingbai-roster --example bench

step "site: 10,000 documents, mingbai and Hugo"
cargo bench -q -p mingbai-site --bench site_build

step "browser calculator: size and speed"
scripts/build-web.sh --quiet
node tests/browser/measure-size.mjs
node tests/browser/measure-speed.mjs
