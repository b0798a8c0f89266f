#!/usr/bin/env bash
# Builds the whole site: the browser calculator (scripts/build-web.sh → target/web-dist, or
# MINGBAI_WEB_DIST), then `mingbai build --calculator` with it (content/ + site/ + the calculator
# → public/, atomically; the calculator lands at public/calc/).
#   scripts/build-site.sh [--out DIR]      extra arguments go to `mingbai build`
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

"$ROOT/scripts/build-web.sh" --quiet
cargo run --quiet -p mingbai-cli -- build --calculator "${MINGBAI_WEB_DIST:-$ROOT/target/web-dist}" "$@"
