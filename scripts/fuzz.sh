#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, the fuzz preset) and runs each for a fixed time on its seed
# corpus, with AddressSanitizer and UndefinedBehaviorSanitizer. Any finding fails the script and
# leaves the input that caused it in build/fuzz/findings/.
# Usage: scripts/fuzz.sh [seconds per target, default 60]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"

./scripts/install-deps.sh clang libclang-rt-14-dev
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target fuzz_native fuzz_server fuzz_strategyparser

findings=build/fuzz/findings
rm -rf "$findings"
mkdir -p "$findings"
run() {
    local target=$1 seeds=$2
    shift 2
    # A scratch corpus, so the run grows its own; the seeds in the tree stay as they are.
    local corpus log code=0
    corpus=$(mktemp -d)
    log="$findings/$target.log"
    echo "== $target: ${seconds} s"
    ASAN_OPTIONS=quarantine_size_mb=64:detect_leaks=1 \
        "build/fuzz/tests/fuzz/$target" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2560 \
        -artifact_prefix="$findings/$target-" -print_final_stats=1 "$@" "$corpus" "$seeds" >"$log" 2>&1 \
        || code=$?
    rm -rf "$corpus"
    grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)|stat::number_of_executed_units|ERROR|check failed|SUMMARY|Test unit written' \
        "$log" || true
    if [ "$code" -ne 0 ]; then
        echo "error: $target failed (exit $code); its output is in $log" >&2
        tail -n 40 "$log" >&2
        return 1
    fi
}
status=0
run fuzz_native tests/fuzz/corpus -dict=tests/fuzz/native.dict || status=1
run fuzz_server tests/fuzz/server-corpus || status=1
run fuzz_strategyparser resources/strategies -dict=tests/fuzz/strategy.dict || status=1
exit $status
