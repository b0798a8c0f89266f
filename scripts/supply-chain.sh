#!/usr/bin/env bash
# Supply-chain checks with cargo-deny (config: deny.toml), for the workspace and the fuzz crate:
#   licenses  every dependency's licence is one deny.toml allows; the list is printed
#   bans      no banned crate (no network stack), no "*" version from a registry
#   sources   crates.io only: no git dependency, no other registry
#   advisories  no crate with a RustSec advisory. The database is cloned from GitHub; where GitHub
#             cannot be reached the script uses a snapshot of it (MINGBAI_ADVISORY_DB, by default
#             ../shared/advisory-db beside the checkout, with its advisory-db.SOURCE note) and
#             prints the snapshot's date. With neither, the check is reported as NOT RUN (not as
#             passed); SUPPLY_CHAIN_STRICT=1 makes that a failure. A vulnerability always fails.
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
config="$PWD/deny.toml"
offline=()
advisories() {
    cargo deny "${offline[@]}" --locked --config "$config" check advisories
    cargo deny "${offline[@]}" --locked --manifest-path fuzz/Cargo.toml --config "$config" check \
        -A advisory-not-detected advisories
}
if cargo deny fetch db >target/deny-fetch.log 2>&1; then
    echo "advisory database: upstream (fetched now)"
    advisories
else
    snapshot="${MINGBAI_ADVISORY_DB:-../shared/advisory-db}"
    if [[ -d "$snapshot/crates" ]]; then
        # cargo-deny reads a database from <db-path>/advisory-db-<hash of its URL>/ and asks git
        # for the HEAD commit's date, so the snapshot becomes a one-commit repository there,
        # committed with the snapshot's own date. The hash is cargo-deny 0.20's for the URL in
        # deny.toml; a mismatch shows as a failed clone below, never as a silent pass.
        source_note="$snapshot.SOURCE"
        [[ -f "$source_note" ]] || source_note="$snapshot/../advisory-db.SOURCE"
        when="$(grep -oE 'committed [0-9]{4}-[0-9]{2}-[0-9]{2}' "$source_note" 2>/dev/null | head -n1 | cut -d' ' -f2)"
        when="${when:-$(date -u -r "$snapshot" +%F)}"
        dbroot="$PWD/target/advisory-dbs"
        db="$dbroot/advisory-db-3157b0e258782691"
        rm -rf "$dbroot"
        mkdir -p "$db"
        cp -R "$snapshot/." "$db/"
        (
            cd "$db"
            git init -q -b main
            git add -A
            GIT_AUTHOR_DATE="${when}T00:00:00Z" GIT_COMMITTER_DATE="${when}T00:00:00Z" \
                git -c user.name=mingbai -c user.email=mingbai@localhost -c commit.gpgsign=false \
                commit -q -m "RustSec advisory-db snapshot"
        )
        config="$PWD/target/deny-offline.toml"
        awk -v root="$dbroot" '/^db-urls/ { print "db-path = \"" root "\"" } { print }' deny.toml >"$config"
        echo "advisory database: upstream unreachable; snapshot $snapshot of $when"
        # --offline also keeps `cargo metadata` offline, so every platform's crates must be local.
        cargo fetch --locked --quiet
        (cd fuzz && cargo fetch --locked --quiet)
        offline=(--offline)
        advisories
    else
        echo "NOT RUN: the RustSec advisory database cannot be fetched and no snapshot was found at $snapshot:"
        grep -m1 -E "fatal|error" target/deny-fetch.log || tail -n 2 target/deny-fetch.log
        if [[ "${SUPPLY_CHAIN_STRICT:-0}" == 1 ]]; then
            exit 1
        fi
    fi
fi
