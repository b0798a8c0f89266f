#!/usr/bin/env bash
# Every test: formatting, lints, the Rust tests (unit, golden, property), the wasm32 builds, the
# generated site's checks, and the JavaScript and headless-Chromium tests. Installs what it needs
# (rustup target, wasm-bindgen-cli, npm packages, Debian chromium and CJK fonts) when missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
step() { printf '\n== %s\n' "$*" >&2; }

step "tools"
scripts/ensure-tools.sh
rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt clippy

step "format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "rules engine builds for wasm32"
cargo build -p mingbai-calc --target wasm32-unknown-unknown --quiet

step "browser calculator (wasm-bindgen, wasm-opt)"
scripts/build-web.sh --quiet

step "Rust tests (need nothing built before them)"
cargo test --workspace --quiet

step "content and the site with the calculator (mingbai check --calculator)"
cargo run --quiet -p mingbai-cli -- check --calculator "${MINGBAI_WEB_DIST:-$ROOT/target/web-dist}"

step "JavaScript and browser tests (headless Chromium)"
node --test crates/mingbai-search/tests/js/ tests/browser/

step "supply chain (cargo deny: licences, bans, sources; advisories where the database is reachable)"
mkdir -p target
if ! scripts/supply-chain.sh > target/supply-chain.log 2>&1; then
    cat target/supply-chain.log
    exit 1
fi
grep -E " ok|NOT RUN|fatal:" target/supply-chain.log
