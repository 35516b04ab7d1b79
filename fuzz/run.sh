#!/usr/bin/env bash
# Run loa's fuzz targets (cargo-fuzz, libFuzzer) for a while each.
#
#   bash fuzz/run.sh [seconds per target (default 300)] [target…]
#
# Needs `cargo install cargo-fuzz`. The machine's toolchain is stable, so
# RUSTC_BOOTSTRAP=1 lets cargo fuzz pass its -Z flags (AddressSanitizer).
# Corpora start from the example site and the test fixtures (fuzz/corpus/,
# not committed) plus the kept regressions. A crash stops the target and
# leaves fuzz/artifacts/<target>/crash-…: minimise it with
# `cargo fuzz tmin <target> <file>`, fix the bug, then copy it to
# fuzz/regressions/<target>/ so `cargo test --test hostile` replays it.
set -euo pipefail
cd "$(dirname "$0")"
export RUSTC_BOOTSTRAP=1
secs=${1:-300}
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo fuzz list)

seed() {
    local target=$1 pattern=$2
    mkdir -p "corpus/$target"
    find ../content ../tests/fixtures ../themes -name "$pattern" -type f 2>/dev/null | while read -r f; do
        cp "$f" "corpus/$target/seed-$(sha1sum "$f" | cut -c1-16)"
    done
    if [ -d "regressions/$target" ]; then
        cp regressions/"$target"/* "corpus/$target/" 2>/dev/null || true
    fi
}

status=0
for t in "${targets[@]}"; do
    case $t in
        roster_csv) seed "$t" '*.csv' ;;
        *) seed "$t" '*.md' ;;
    esac
    dict=()
    [ -f "dict/$t.dict" ] && dict=("-dict=dict/$t.dict")
    echo "== fuzz $t for ${secs}s"
    rc=0
    # FUZZ_FORK=1: keep going after a crash (libFuzzer fork mode), to find
    # more than the first problem while a known one waits for its fix.
    fork=()
    [ -n "${FUZZ_FORK:-}" ] && fork=(-fork=1 -ignore_crashes=1)
    cargo fuzz run -O "$t" "corpus/$t" -- \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 -max_len=65536 \
        -print_final_stats=1 "${fork[@]}" "${dict[@]}" >"fuzz-$t.log" 2>&1 || rc=$?
    grep -E "^(#[0-9]+ +(DONE|INITED)|==[0-9]+==|SUMMARY|Test unit written|stat::number_of_executed_units)" "fuzz-$t.log" || true
    runs=$(grep -E "^stat::number_of_executed_units" "fuzz-$t.log" | awk '{print $2}' | tail -1)
    # Fork mode prints no final stats: the last status line has the count.
    [ -n "$runs" ] || runs=$(grep -oE "^#[0-9]+" "fuzz-$t.log" | tail -1 | tr -d '#')
    if [ "$rc" -ne 0 ]; then
        echo "fuzz $t: FAILED after ${runs:-?} executions (exit $rc; see fuzz/fuzz-$t.log and fuzz/artifacts/$t/)"
        status=1
    elif [ -n "$(ls "artifacts/$t" 2>/dev/null)" ] && [ -n "${FUZZ_FORK:-}" ]; then
        echo "fuzz $t: ${runs:-?} executions; crashes in fuzz/artifacts/$t/: $(ls "artifacts/$t" | wc -l)"
        status=1
    else
        echo "fuzz $t: ${runs:-?} executions, no crash"
    fi
done
# The roster target's scratch site folders (one per fuzzing process).
rm -rf /dev/shm/loa-fuzz-roster-* 2>/dev/null || true
exit $status
