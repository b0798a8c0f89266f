#!/usr/bin/env bash
# Installs what the wasm build and the browser tests need, when it is missing.
# Idempotent and quiet when everything is present. Only crates.io, npm and Debian are used:
# no test tool's own browser download, nothing fetched from anywhere else.
#
#   scripts/ensure-tools.sh            everything (wasm build + browser tests)
#   scripts/ensure-tools.sh --build    only what `scripts/build-web.sh` needs
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

want_browser=1
[[ "${1:-}" == "--build" ]] && want_browser=0

say() { echo "ensure-tools: $*" >&2; }

# 1. The wasm32 target for the active toolchain.
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown >&2
fi

# 2. wasm-bindgen-cli: must be exactly the wasm-bindgen version in Cargo.lock, or the
#    generated glue does not match the compiled module.
lock_version() {
    awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}
if [[ ! -f Cargo.lock ]] || [[ -z "$(lock_version)" ]]; then
    cargo generate-lockfile --quiet 2>/dev/null || cargo metadata --format-version 1 >/dev/null
fi
WB_VERSION="$(lock_version)"
if [[ -z "$WB_VERSION" ]]; then
    say "no wasm-bindgen in Cargo.lock (is crates/mingbai-web in the workspace?)"
    exit 1
fi
have_wb="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [[ "$have_wb" != "$WB_VERSION" ]]; then
    say "installing wasm-bindgen-cli $WB_VERSION (found: ${have_wb:-none}; takes a few minutes)"
    # --locked first (reproducible); its lock file can name a version the registry no longer
    # serves (seen: webpki-roots 1.0.11), then resolve afresh.
    cargo install wasm-bindgen-cli --version "$WB_VERSION" --locked --quiet >&2 2>/dev/null ||
        cargo install wasm-bindgen-cli --version "$WB_VERSION" --quiet >&2
fi

# 3. npm dev tools (binaryen's wasm-opt, playwright-core, axe-core) from the committed lock file.
#    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: playwright-core downloads nothing, but say it anyway.
npm_ok() {
    [[ -x node_modules/.bin/wasm-opt && -d node_modules/playwright-core && -d node_modules/axe-core ]] &&
        [[ -f node_modules/.package-lock.json && ! package-lock.json -nt node_modules/.package-lock.json ]]
}
if ! npm_ok; then
    say "npm ci (binaryen, playwright-core, axe-core)"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >&2
fi

# 4. Debian's Chromium and CJK fonts for the browser tests.
if [[ $want_browser == 1 ]]; then
    missing=()
    [[ -x /usr/bin/chromium ]] || missing+=(chromium)
    dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
    if ((${#missing[@]})); then
        say "apt-get install ${missing[*]}"
        SUDO=""
        [[ $(id -u) == 0 ]] || SUDO="sudo"
        $SUDO apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
    fi
fi
