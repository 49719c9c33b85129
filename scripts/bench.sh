#!/usr/bin/env bash
# Installs what is missing (Redis too, for the comparison), builds the release preset and runs the
# benchmark programs. They print numbers and never fail on a time. Arguments go to every program,
# and each ignores section names it does not have:
#   ./scripts/bench.sh                 every section of each
#   ./scripts/bench.sh --runs 1        one run of each measurement
#   ./scripts/bench.sh pipeline redis  the pipeline section of one, the Redis section of the other
#   ./scripts/bench.sh explore         the explorer's states per second only
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh redis-server

cmake --preset release >/dev/null
cmake --build --preset release --target bufferlab bufferlab-bench bufferlab-netbench bufferlab-explorebench

# The window is measured at its preferred 1360 x 860: give the offscreen platform a 1920 x 1080
# screen (on its default 800 x 800 one the window would fit itself to the screen instead).
if [ -z "${QT_QPA_PLATFORM:-}" ]; then
    screen=$(mktemp --suffix=.json)
    trap 'rm -f "$screen"' EXIT
    echo '{"screens":[{"name":"bench","x":0,"y":0,"width":1920,"height":1080,"logicalDpi":96,"logicalBaseDpi":96,"dpr":1}]}' >"$screen"
    export QT_QPA_PLATFORM="offscreen:configfile=$screen"
fi
./build/release/tests/bench/bufferlab-bench "$@"
echo
./build/release/tests/bench/bufferlab-netbench "$@"
echo
./build/release/tests/bench/bufferlab-explorebench "$@"
