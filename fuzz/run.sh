#!/bin/sh
# Fuzzes each target for SECONDS (default 300), one fuzzer process at a time,
# then minimises its corpus in fuzz/corpus/<target>/ with `cargo fuzz cmin`.
#
#   fuzz/run.sh [SECONDS] [TARGET...]
#
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`). A stable toolchain
# is enough: RUSTC_BOOTSTRAP=1 lets it accept the nightly-only sanitizer flags.
# A crash stops the script and leaves the input in fuzz/artifacts/<target>/.
set -eu
cd "$(dirname "$0")"
seconds=${1:-300}
[ $# -gt 0 ] && shift
targets=${*:-detectors_yaml scan_bytes prepush_stdin blob_diff keyword_search}
export RUSTC_BOOTSTRAP=1
for target in $targets; do
    # Scanner windows reach 16 KB around a keyword; longer inputs reach more
    # of them, at some cost in executions per second.
    max_len=4096
    [ "$target" = scan_bytes ] && max_len=8192
    echo "== $target: $seconds s"
    cargo fuzz run "$target" -- -max_total_time="$seconds" -jobs=1 -workers=1 \
        -timeout=10 -max_len="$max_len" || {
        tail -40 fuzz-0.log
        exit 1
    }
    # -jobs=1 runs one child that logs to fuzz-0.log; its last lines are the totals.
    grep -E '^(#[0-9]+|Done)' fuzz-0.log | tail -2
    cargo fuzz cmin "$target"
    echo "$target corpus: $(ls "corpus/$target" | wc -l) files, $(cat corpus/"$target"/* | wc -c) bytes"
done
