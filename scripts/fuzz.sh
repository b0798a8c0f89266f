#!/usr/bin/env bash
# Fuzzes the content pipeline and the calculator's JSON input with cargo-fuzz (libFuzzer).
#
#   scripts/fuzz.sh                       # both targets, 600 s each, one after the other
#   scripts/fuzz.sh calc_json 60          # one target, 60 s
#   scripts/fuzz.sh --replay              # run the committed seeds and any saved crash once (quick)
#
# cargo-fuzz needs nightly compiler flags (-Zsanitizer); on a stable toolchain RUSTC_BOOTSTRAP=1
# unlocks them. The seeds (fuzz/seeds/<target>, committed) are copied into the working corpus
# (fuzz/corpus/<target>, not committed); crashes land in fuzz/artifacts/<target>/ and the run goes
# on after one (-fork=1 -ignore_crashes=1), so one run finds more than the first bug. Logs go to
# fuzz/<target>.log; the last lines (exec count, coverage, corpus, crashes) are printed.
# Dictionaries of front-matter, Markdown, HTML and JSON tokens (fuzz/dict/) steer the mutations.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_FUZZ_VERSION=0.13.2
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target/fuzz}"

if ! cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
    cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi

TARGETS=(content_pipeline calc_json)
if [[ "${1:-}" == "--replay" ]]; then
    cd fuzz
    cargo fuzz build -a
    bin="$CARGO_TARGET_DIR/x86_64-unknown-linux-gnu/release"
    for t in "${TARGETS[@]}"; do
        # -runs=0: load (and so execute) every input of the folders once, fuzz nothing.
        mkdir -p "artifacts/$t"
        "$bin/$t" -runs=0 "seeds/$t" "artifacts/$t" 2>&1 | tail -n 2
    done
    exit 0
fi
if [[ $# -ge 1 ]]; then TARGETS=("$1"); fi
SECONDS_EACH="${2:-${FUZZ_SECONDS:-600}}"

cd fuzz
# -a: debug assertions on, so an integer overflow is a crash as it is in the tests.
cargo fuzz build -a
for t in "${TARGETS[@]}"; do
    mkdir -p "corpus/$t" "artifacts/$t"
    echo "== fuzzing $t for ${SECONDS_EACH}s (log: fuzz/$t.log)"
    # -rss_limit_mb: a 10 MB document is a legal input of the content target; 4 GB is the cap.
    case $t in content_pipeline) dict=content.dict ;; calc_json) dict=calc.dict ;; esac
    cargo fuzz run -a "$t" "corpus/$t" "seeds/$t" -- -dict="$PWD/dict/$dict" \
        -max_total_time="$SECONDS_EACH" -fork=1 -ignore_crashes=1 -rss_limit_mb=4096 \
        -timeout=30 -print_final_stats=1 >"$t.log" 2>&1 || true
    # Each fuzzing process wrote its content folder on the RAM disk (see content_pipeline.rs).
    rm -rf /dev/shm/mingbai-fuzz-* 2>/dev/null || true
    tail -n 4 "$t.log"
    echo "corpus: $(ls "corpus/$t" | wc -l) files; crashes saved: $(ls "artifacts/$t" | wc -l)"
done
