#!/usr/bin/env bash
# Installs what is missing, builds with tests and runs the whole suite headless (the hostile
# clients against a real server included). Then: the Debian package, built and checked, and
# installed and purged on a fresh Debian 12 chroot (scripts/package.sh, check-fresh-install.sh);
# the thread tests again under ThreadSanitizer, the whole suite again under AddressSanitizer and
# UndefinedBehaviorSanitizer, and each fuzz target for a fixed time on its corpus (FUZZ_SECONDS,
# default 60). Exits non-zero on any failure or sanitizer finding.
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen

./scripts/install-deps.sh

stage() {
    echo
    echo "=== $* ($(date +%H:%M:%S))"
}

stage "Debug build, whole suite"
cmake --preset dev
cmake --build --preset dev
ctest --preset dev

stage "Debian package: build, lintian, validators, run unpacked; then a fresh Debian 12 installs and purges it"
./scripts/package.sh
./scripts/check-fresh-install.sh

stage "ThreadSanitizer: buffer, simulation, run control, drain queue"
cmake --preset tsan >/dev/null
cmake --build --preset tsan --target tst_bufferstrategy tst_simulation tst_runcontrol tst_drainqueue
ctest --preset tsan -R '^tst_(bufferstrategy|simulation|runcontrol|drainqueue)$'

stage "AddressSanitizer and UndefinedBehaviorSanitizer: whole suite"
cmake --preset asan >/dev/null
cmake --build --preset asan
UBSAN_OPTIONS=print_stacktrace=1 ctest --preset asan -j2

stage "Fuzzing, ${FUZZ_SECONDS:-60} s per target"
./scripts/fuzz.sh "${FUZZ_SECONDS:-60}"

stage "Done"
