#!/usr/bin/env bash
# Builds the roster page's module (called by build-web.sh, after the calculator):
# crates/mingbai-roster-web → wasm32 → wasm-bindgen → wasm-opt. A separate module, loaded only by
# /roster/, so the calculator's size does not change.
# Output:
#   target/web-dist/roster/mingbai_roster_web_bg.wasm  mingbai_roster_web.js
# beside the calculator, an input of the generator (never copied into site/): `mingbai build
# --calculator target/web-dist` publishes it under roster/pkg/. Override the folder with
# MINGBAI_ROSTER_DIST.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

OUT="${MINGBAI_ROSTER_DIST:-${MINGBAI_WEB_DIST:-$ROOT/target/web-dist}/roster}"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
WASM_IN="$TARGET_DIR/wasm32-unknown-unknown/wasm-roster/mingbai_roster_web.wasm"

# Speed-bound (10 000 households in under two seconds), not size-bound like the calculator.
cargo build -p mingbai-roster-web --lib --target wasm32-unknown-unknown --profile wasm-roster --quiet

mkdir -p "$(dirname "$OUT")"
STAGE="$(mktemp -d "${OUT%/}.tmp.XXXXXX")"
trap 'rm -rf "$STAGE"' EXIT

wasm-bindgen --target web --no-typescript --out-dir "$STAGE" --out-name mingbai_roster_web "$WASM_IN"

# Strip only: rustc's -O3 with LTO is already fast, and measured on this page wasm-opt -O3 made the
# module slower (10 000 households: 3.5 s against 1.9–2.4 s) and took minutes.
FEATURES=(--enable-bulk-memory --enable-bulk-memory-opt --enable-mutable-globals --enable-sign-ext
    --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue)
"$ROOT/node_modules/.bin/wasm-opt" "${FEATURES[@]}" --strip-debug --strip-producers \
    "$STAGE/mingbai_roster_web_bg.wasm" -o "$STAGE/mingbai_roster_web_bg.opt.wasm"
mv "$STAGE/mingbai_roster_web_bg.opt.wasm" "$STAGE/mingbai_roster_web_bg.wasm"

rm -rf "$OUT.old"
[[ -d "$OUT" ]] && mv "$OUT" "$OUT.old"
mv "$STAGE" "$OUT"
rm -rf "$OUT.old"
trap - EXIT

# An earlier version copied the module into site/static/roster/pkg/; the generator refuses it.
rm -rf site/static/roster/pkg

if [[ "${1:-}" != "--quiet" ]]; then
    ls -l "$OUT" | awk 'NR>1 {printf "  %8d  %s\n", $5, $9}' >&2
fi
