#!/usr/bin/env bash
# Builds the browser calculator: crates/mingbai-web → wasm32 → wasm-bindgen → wasm-opt.
# Output:
#   target/web-dist/mingbai_web_bg.wasm  mingbai_web.js  calc.js  calc.css
# an input of the generator, never copied into site/: `mingbai build|serve|check --calculator
# target/web-dist` publishes it under calc/ (scripts/build-site.sh and preview.sh pass it).
# Override the output folder with MINGBAI_WEB_DIST; cargo's target dir follows CARGO_TARGET_DIR.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/ensure-tools.sh" --build

OUT="${MINGBAI_WEB_DIST:-$ROOT/target/web-dist}"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
WASM_IN="$TARGET_DIR/wasm32-unknown-unknown/wasm/mingbai_web.wasm"

# strip=false here: wasm-bindgen reads the target_features section; wasm-opt strips it after.
cargo build -p mingbai-web --lib --target wasm32-unknown-unknown --profile wasm --quiet --config profile.wasm.strip=false

# Write next to OUT and rename at the end, so a failed build leaves the previous output whole.
mkdir -p "$(dirname "$OUT")"
STAGE="$(mktemp -d "${OUT%/}.tmp.XXXXXX")"
trap 'rm -rf "$STAGE"' EXIT

wasm-bindgen --target web --no-typescript --out-dir "$STAGE" --out-name mingbai_web "$WASM_IN"

# wasm-bindgen drops the target_features section, so name the features rustc's wasm32 target
# enables by default (all in every browser since 2021); wasm-opt then keeps within them.
# -Oz: the calculator is size-bound; --converge repeats until no pass shrinks it further.
FEATURES=(--enable-bulk-memory --enable-bulk-memory-opt --enable-mutable-globals --enable-sign-ext
    --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue)
"$ROOT/node_modules/.bin/wasm-opt" "${FEATURES[@]}" -Oz --converge --strip-debug --strip-producers \
    "$STAGE/mingbai_web_bg.wasm" -o "$STAGE/mingbai_web_bg.opt.wasm"
mv "$STAGE/mingbai_web_bg.opt.wasm" "$STAGE/mingbai_web_bg.wasm"

cp crates/mingbai-web/assets/calc.js crates/mingbai-web/assets/calc.css "$STAGE/"

rm -rf "$OUT.old"
[[ -d "$OUT" ]] && mv "$OUT" "$OUT.old"
mv "$STAGE" "$OUT"
rm -rf "$OUT.old"
trap - EXIT

# Earlier versions copied the calculator into site/static/calc/; the generator refuses a copy
# left there (it would be published in place of this build), so remove it.
rm -rf site/static/calc

# The roster page's module, the same way (its own script: a separate module and output folder).
"$ROOT/scripts/build-roster-web.sh" "$@"

if [[ "${1:-}" != "--quiet" ]]; then
    ls -l "$OUT" | awk 'NR>1 {printf "  %8d  %s\n", $5, $9}' >&2
fi
