#!/usr/bin/env bash
# The main job: build the browser calculator and the site from content/, then preview it on
# http://127.0.0.1:${PORT:-8080}/ (rebuilding when content/ or site/ change). Installs what it needs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/build-web.sh --quiet
cargo run --release --quiet -p mingbai-cli -- serve --port "${PORT:-8080}" \
    --calculator "${MINGBAI_WEB_DIST:-$ROOT/target/web-dist}" "$@"
