#!/usr/bin/env bash
# Installs what is missing, builds with tests and runs the whole suite headless. Then builds the
# thread tests with ThreadSanitizer and runs them too. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen

./scripts/install-deps.sh

cmake --preset dev
cmake --build --preset dev
ctest --preset dev

# The thread tests again (buffer, simulation, run control, drain queue), under ThreadSanitizer.
cmake --preset tsan >/dev/null
cmake --build --preset tsan --target tst_bufferstrategy tst_simulation tst_runcontrol tst_drainqueue
ctest --preset tsan -R '^tst_(bufferstrategy|simulation|runcontrol|drainqueue)$'
