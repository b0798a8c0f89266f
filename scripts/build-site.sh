#!/usr/bin/env bash
# Builds the whole site: the browser calculator (scripts/build-web.sh → target/web-dist and
# site/static/calc/; the generator copies site/static/ to the site's root, so it lands at
# public/calc/), then `mingbai build` (content/ + site/ → public/, atomically).
#   scripts/build-site.sh [--out DIR]      extra arguments go to `mingbai build`
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

"$ROOT/scripts/build-web.sh" --quiet
cargo run --quiet -p mingbai-cli -- build "$@"
