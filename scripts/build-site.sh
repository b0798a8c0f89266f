#!/usr/bin/env bash
# Builds the whole site: the browser calculator (scripts/build-web.sh → target/web-dist), copied
# into site/static/calc/ (the generator copies site/static/ to the site's root, so it lands at
# public/calc/), then `mingbai build` (content/ + site/ → public/, atomically).
#   scripts/build-site.sh [--out DIR]      extra arguments go to `mingbai build`
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

"$ROOT/scripts/build-web.sh" --quiet
DIST="${MINGBAI_WEB_DIST:-$ROOT/target/web-dist}"

# The copy step: replace the built files only, keep the folder's .gitignore.
mkdir -p site/static/calc
find site/static/calc -mindepth 1 -maxdepth 1 ! -name .gitignore -exec rm -rf {} +
cp "$DIST"/* site/static/calc/

cargo run --quiet -p mingbai-cli -- build "$@"
