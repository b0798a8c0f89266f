#!/usr/bin/env bash
# Supply-chain checks with cargo-deny (config: deny.toml), for the workspace and the fuzz crate:
#   licenses  every dependency's licence is one deny.toml allows; the list is printed
#   bans      no banned crate (no network stack), no "*" version from a registry
#   sources   crates.io only: no git dependency, no other registry
#   advisories  no crate with a RustSec advisory — needs the advisory database, which is cloned
#             from GitHub. Where GitHub cannot be reached the check is reported as NOT RUN (not as
#             passed) and the script goes on; SUPPLY_CHAIN_STRICT=1 makes that a failure.
# The first three work offline (they read Cargo.lock and the local registry cache).
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_DENY_VERSION=0.20.2
if ! cargo deny --version 2>/dev/null | grep -q "$CARGO_DENY_VERSION"; then
    cargo install cargo-deny --version "$CARGO_DENY_VERSION" --locked
fi

echo "== licences in the dependency tree (cargo deny list; crates named for the rarer ones)"
# A crate offering a choice ("MIT OR Apache-2.0") is counted under each licence it offers.
cargo deny --log-level error list --layout license |
    awk -F': ' '{ split($1, a, " \\("); n = a[2] + 0; print (n <= 5 ? $0 : $1) }'

echo "== cargo deny check licenses bans sources (workspace)"
cargo deny --locked check --show-stats --hide-inclusion-graph \
    -A license-exception-not-encountered -A unresolved-workspace-dependency licenses bans sources

echo "== cargo deny check licenses bans sources (fuzz/)"
cargo deny --locked --manifest-path fuzz/Cargo.toml --config deny.toml check \
    --hide-inclusion-graph -A license-not-encountered -A unresolved-workspace-dependency \
    licenses bans sources

echo "== cargo deny check advisories"
if cargo deny fetch db >/tmp/mingbai-deny-fetch.log 2>&1; then
    cargo deny --locked check advisories
    cargo deny --locked --manifest-path fuzz/Cargo.toml --config deny.toml check advisories
else
    echo "NOT RUN: the RustSec advisory database cannot be fetched:"
    grep -m1 -E "fatal|error" /tmp/mingbai-deny-fetch.log || tail -n 2 /tmp/mingbai-deny-fetch.log
    if [[ "${SUPPLY_CHAIN_STRICT:-0}" == 1 ]]; then
        exit 1
    fi
fi
